"""Sync slash commands only when they changed.

Discord rate-limits command syncs (and a sync on every start makes commands
flicker for members). At start-up we hash the exact payload ``tree.sync``
would send (``command.to_dict(tree)`` for each command in the scope, as
discord.py's own ``CommandTree.sync`` builds it) and compare it with the hash
stored after the last successful sync. Only a different hash syncs.

The hashes live in a small JSON file next to the database
(``<database>.commands.json``), keyed by application id and scope
(``global`` or ``guild:<id>``), so two bots (a dev and a live token) sharing
a folder do not confuse each other. Owners can force a sync with the
``@bot sync`` prefix command (see :mod:`bot.frontends.cogs.owner`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)


def command_payload(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None = None) -> list[dict[str, Any]]:
    """What ``tree.sync(guild=guild)`` would upload (translations aside)."""
    commands = tree._get_all_commands(guild=guild)  # the list CommandTree.sync itself uses
    return [command.to_dict(tree) for command in commands]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    # order-independent: Discord treats the bulk upsert as a set of commands
    items = sorted(json.dumps(p, sort_keys=True, separators=(",", ":"), default=str) for p in payload)
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def scope_key(application_id: int | None, guild_id: int | None) -> str:
    return f"{application_id or 0}:{'global' if guild_id is None else f'guild:{guild_id}'}"


class SyncState:
    """The stored hashes (a small JSON file; None path = memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._data: dict[str, str] = {}
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._data = {str(k): str(v) for k, v in loaded.items()}
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as exc:
                log.warning("ignoring unreadable command sync state %s: %s", path, exc)

    @classmethod
    def beside(cls, database: Path | str) -> "SyncState":
        db = str(database)
        if db in ("", ":memory:") or db.startswith("file::memory:"):
            return cls(None)
        return cls(Path(db).with_name(Path(db).name + ".commands.json"))

    def get(self, key: str) -> str | None:
        return self._data.get(key)

    def set(self, key: str, value: str) -> None:
        self._data[key] = value
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".commands-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._data, fh, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not save command sync state to %s: %s", self.path, exc)


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    state: SyncState,
    *,
    application_id: int | None,
    guild: discord.abc.Snowflake | None = None,
    force: bool = False,
) -> bool:
    """Sync the scope when its payload changed (or ``force``). True if synced."""
    digest = payload_hash(command_payload(tree, guild))
    key = scope_key(application_id, guild.id if guild else None)
    if not force and state.get(key) == digest:
        log.info("slash commands unchanged (%s); not syncing", key)
        return False
    synced = await tree.sync(guild=guild)
    state.set(key, digest)
    log.info("synced %d slash commands (%s)", len(synced), key)
    return True
