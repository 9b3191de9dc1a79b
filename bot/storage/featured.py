"""Featured answers: member replies a moderator highlighted for similar scenarios."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .audit import write_audit
from .codec import ids_from_text, ids_to_text, ts_from_text
from .database import execute, fetch_all, fetch_one
from .models import FeaturedAnswer
from .repository import Repository

_COLUMNS = "id, guild_id, thread_id, message_id, author_id, profession_group, risks, featured_by, created_at"


def _featured(row: sqlite3.Row) -> FeaturedAnswer:
    return FeaturedAnswer(
        id=row["id"],
        guild_id=row["guild_id"],
        thread_id=row["thread_id"],
        message_id=row["message_id"],
        author_id=row["author_id"],
        profession_group=row["profession_group"],
        risks=ids_from_text(row["risks"]),
        featured_by=row["featured_by"],
        created_at=ts_from_text(row["created_at"]),  # type: ignore[arg-type]
    )


class FeaturedMixin(Repository):
    async def add_featured(
        self,
        guild_id: int,
        thread_id: int,
        message_id: int,
        author_id: int,
        profession_group: str | None,
        risks: Iterable[str],
        featured_by: int,
    ) -> FeaturedAnswer:
        """Feature a member's reply (audited). Featuring it again refreshes it as the newest."""
        at = self._stamp()
        risk_text = ids_to_text(risks, sort=True)
        async with self._db.transaction("feature the answer") as conn:
            await execute(
                conn,
                "INSERT INTO featured_answers (guild_id, thread_id, message_id, author_id, profession_group, risks,"
                " featured_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, message_id) DO UPDATE SET thread_id = excluded.thread_id,"
                " author_id = excluded.author_id, profession_group = excluded.profession_group,"
                " risks = excluded.risks, featured_by = excluded.featured_by, created_at = excluded.created_at",
                (guild_id, thread_id, message_id, author_id, profession_group, risk_text, featured_by, at),
            )
            await write_audit(
                conn,
                guild_id,
                featured_by,
                "featured.add",
                f"message={message_id} thread={thread_id} group={profession_group} risks={risk_text}",
                at,
            )
            row = await fetch_one(
                conn,
                f"SELECT {_COLUMNS} FROM featured_answers WHERE guild_id = ? AND message_id = ?",
                (guild_id, message_id),
            )
        assert row is not None
        return _featured(row)

    async def featured_for(
        self, guild_id: int, profession_group: str | None, risks: Iterable[str]
    ) -> FeaturedAnswer | None:
        """Most recent featured reply with the same profession group and the same set of risks."""
        async with self._db.reading("find a featured answer") as conn:
            row = await fetch_one(
                conn,
                f"SELECT {_COLUMNS} FROM featured_answers WHERE guild_id = ? AND profession_group IS ? AND risks = ?"
                " ORDER BY created_at DESC, id DESC LIMIT 1",
                (guild_id, profession_group, ids_to_text(risks, sort=True)),
            )
        return _featured(row) if row else None

    async def list_featured(self, guild_id: int) -> list[FeaturedAnswer]:
        """Newest first."""
        async with self._db.reading("list featured answers") as conn:
            rows = await fetch_all(
                conn,
                f"SELECT {_COLUMNS} FROM featured_answers WHERE guild_id = ? ORDER BY created_at DESC, id DESC",
                (guild_id,),
            )
        return [_featured(r) for r in rows]

    async def remove_featured(self, guild_id: int, message_id: int, actor_id: int | None = None) -> bool:
        """Unfeature a reply (by its message id); audited when actor_id is given."""
        async with self._db.transaction("unfeature the answer") as conn:
            changed = await execute(
                conn,
                "DELETE FROM featured_answers WHERE guild_id = ? AND message_id = ?",
                (guild_id, message_id),
            )
            if changed and actor_id is not None:
                await write_audit(
                    conn, guild_id, actor_id, "featured.remove", f"message={message_id}", self._stamp()
                )
        return changed > 0
