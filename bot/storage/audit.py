"""Audit log of moderator actions (who did what, when; never post content)."""

from __future__ import annotations

import aiosqlite

from .codec import ts_from_text
from .database import fetch_all, insert
from .models import AuditEntry
from .repository import Repository

MAX_DETAIL = 300  # short by design: ids and names, not content


async def write_audit(
    conn: aiosqlite.Connection, guild_id: int, actor_id: int, action: str, detail: str, at: str
) -> int:
    """Insert an audit row inside the caller's transaction (so it commits with the change)."""
    return await insert(
        conn,
        "INSERT INTO audit_log (guild_id, actor_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, actor_id, action, (detail or "")[:MAX_DETAIL], at),
    )


class AuditMixin(Repository):
    async def audit(self, guild_id: int, actor_id: int, action: str, detail: str = "") -> None:
        """Record a moderator action. Methods that take an actor id audit themselves."""
        async with self._db.transaction("write the audit log") as conn:
            await write_audit(conn, guild_id, actor_id, action, detail, self._stamp())

    async def list_audit(self, guild_id: int, limit: int = 20) -> list[AuditEntry]:
        """Newest first."""
        async with self._db.reading("read the audit log") as conn:
            rows = await fetch_all(
                conn,
                "SELECT id, guild_id, actor_id, action, detail, at FROM audit_log"
                " WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
                (guild_id, max(0, int(limit))),
            )
        return [
            AuditEntry(r["id"], r["guild_id"], r["actor_id"], r["action"], r["detail"], ts_from_text(r["at"]))  # type: ignore[arg-type]
            for r in rows
        ]
