"""Per-guild settings: scenario channels, moderator role, polls, cooldown."""

from __future__ import annotations

from typing import Any

import aiosqlite

from .database import execute, fetch_all, fetch_one
from .models import DEFAULT_COOLDOWN_SECONDS, GuildSettings
from .repository import Repository

# Column names are interpolated into SQL, so they come from this fixed set only.
_SETTING_COLUMNS = frozenset({"moderator_role_id", "polls_enabled", "cooldown_seconds"})


class GuildsMixin(Repository):
    async def get_guild_settings(self, guild_id: int) -> GuildSettings:
        """The guild's settings, or the defaults when it never changed any."""
        async with self._db.reading("read guild settings") as conn:
            row = await fetch_one(
                conn,
                "SELECT moderator_role_id, polls_enabled, cooldown_seconds FROM guild_settings WHERE guild_id = ?",
                (guild_id,),
            )
            channels = await fetch_all(
                conn, "SELECT channel_id FROM scenario_channels WHERE guild_id = ?", (guild_id,)
            )
        channel_ids = frozenset(int(r["channel_id"]) for r in channels)
        if row is None:
            return GuildSettings(guild_id=guild_id, scenario_channel_ids=channel_ids)
        return GuildSettings(
            guild_id=guild_id,
            scenario_channel_ids=channel_ids,
            moderator_role_id=row["moderator_role_id"],
            polls_enabled=bool(row["polls_enabled"]),
            cooldown_seconds=int(row["cooldown_seconds"]),
        )

    async def set_scenario_channel(self, guild_id: int, channel_id: int, enabled: bool) -> bool:
        """Turn scenario reading on/off in a channel. Returns True if that changed anything."""
        async with self._db.transaction("change scenario channels") as conn:
            if enabled:
                return (
                    await execute(
                        conn,
                        "INSERT INTO scenario_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (guild_id, channel_id) DO NOTHING",
                        (guild_id, channel_id, self._stamp()),
                    )
                    > 0
                )
            return (
                await execute(
                    conn,
                    "DELETE FROM scenario_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )
                > 0
            )

    async def is_scenario_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._db.reading("read scenario channels") as conn:
            row = await fetch_one(
                conn,
                "SELECT 1 FROM scenario_channels WHERE guild_id = ? AND channel_id = ?",
                (guild_id, channel_id),
            )
        return row is not None

    async def set_moderator_role(self, guild_id: int, role_id: int | None) -> None:
        await self._set_setting(guild_id, "moderator_role_id", role_id)

    async def set_polls(self, guild_id: int, enabled: bool) -> None:
        await self._set_setting(guild_id, "polls_enabled", 1 if enabled else 0)

    async def set_cooldown(self, guild_id: int, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("cooldown_seconds must be >= 0")
        await self._set_setting(guild_id, "cooldown_seconds", int(seconds))

    async def _set_setting(self, guild_id: int, column: str, value: Any) -> None:
        assert column in _SETTING_COLUMNS
        async with self._db.transaction(f"save the guild setting {column}") as conn:
            await _upsert_setting(conn, guild_id, column, value, self._stamp())


async def _upsert_setting(
    conn: aiosqlite.Connection, guild_id: int, column: str, value: Any, at: str
) -> None:
    await execute(
        conn,
        "INSERT INTO guild_settings (guild_id, cooldown_seconds, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id) DO NOTHING",
        (guild_id, DEFAULT_COOLDOWN_SECONDS, at),
    )
    await execute(
        conn,
        f"UPDATE guild_settings SET {column} = ?, updated_at = ? WHERE guild_id = ?",
        (value, at, guild_id),
    )
