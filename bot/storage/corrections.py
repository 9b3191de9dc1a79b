"""Moderator corrections: labelled examples to improve the analyzer.

Labels only. `text` is stored only when a moderator explicitly supplies an
anonymised example; it is never copied from a member's post here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .audit import write_audit
from .codec import ids_from_text, ids_to_text, ts_from_text
from .database import fetch_all, fetch_one, insert
from .models import Correction
from .repository import Repository

_FIELDS = "guild_id, message_id, intent, profession_group, risks, exceptions, verdict, text, moderator_id, created_at"
_COLUMNS = f"id, {_FIELDS}"


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        id=row["id"],
        guild_id=row["guild_id"],
        message_id=row["message_id"],
        intent=row["intent"],
        profession_group=row["profession_group"],
        risks=ids_from_text(row["risks"]),
        exceptions=ids_from_text(row["exceptions"]),
        verdict=row["verdict"],
        text=row["text"],
        moderator_id=row["moderator_id"],
        created_at=ts_from_text(row["created_at"]),  # type: ignore[arg-type]
    )


class CorrectionsMixin(Repository):
    async def add_correction(
        self,
        guild_id: int,
        moderator_id: int,
        *,
        intent: str,
        profession_group: str | None = None,
        risks: Sequence[str] = (),
        exceptions: Sequence[str] = (),
        verdict: str | None = None,
        message_id: int | None = None,
        text: str | None = None,
    ) -> Correction:
        """Store a labelled example (audited)."""
        at = self._stamp()
        async with self._db.transaction("save the correction") as conn:
            new_id = await insert(
                conn,
                f"INSERT INTO corrections ({_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    message_id,
                    intent,
                    profession_group,
                    ids_to_text(risks),
                    ids_to_text(exceptions),
                    verdict,
                    text,
                    moderator_id,
                    at,
                ),
            )
            await write_audit(
                conn,
                guild_id,
                moderator_id,
                "correction.add",
                f"#{new_id} message={message_id} intent={intent} verdict={verdict}",
                at,
            )
            row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (new_id,))
        assert row is not None
        return _correction(row)

    async def list_corrections(self, guild_id: int | None = None) -> list[Correction]:
        """Oldest first; all guilds when guild_id is None (for offline training/eval)."""
        async with self._db.reading("list corrections") as conn:
            if guild_id is None:
                rows = await fetch_all(conn, f"SELECT {_COLUMNS} FROM corrections ORDER BY id")
            else:
                rows = await fetch_all(
                    conn, f"SELECT {_COLUMNS} FROM corrections WHERE guild_id = ? ORDER BY id", (guild_id,)
                )
        return [_correction(r) for r in rows]
