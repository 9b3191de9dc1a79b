"""Review inbox: posts the bot was unsure about, thumbed down, or members reported."""

from __future__ import annotations

import sqlite3

from .audit import write_audit
from .codec import ts_from_text
from .database import execute, fetch_one
from .models import REVIEW_REASONS, ReviewItem
from .repository import Repository

_COLUMNS = "id, guild_id, message_id, reason, reporter_id, status, created_at, closed_by, closed_at"


def _item(row: sqlite3.Row) -> ReviewItem:
    return ReviewItem(
        id=row["id"],
        guild_id=row["guild_id"],
        message_id=row["message_id"],
        reason=row["reason"],
        reporter_id=row["reporter_id"],
        status=row["status"],
        created_at=ts_from_text(row["created_at"]),  # type: ignore[arg-type]
        closed_by=row["closed_by"],
        closed_at=ts_from_text(row["closed_at"]),
    )


class ReviewMixin(Repository):
    async def enqueue_review(
        self, guild_id: int, message_id: int, reason: str, reporter_id: int | None = None
    ) -> tuple[ReviewItem, bool] | None:
        """Queue a post for moderators; idempotent per (message_id, reason).

        Returns (item, created): created is False when that post was already
        queued for that reason (open or done; a done item is not reopened).
        None when the post has no scenario record in this guild.
        """
        if reason not in REVIEW_REASONS:
            raise ValueError(f"reason must be one of {', '.join(REVIEW_REASONS)}, not {reason!r}")
        async with self._db.transaction("queue the post for review") as conn:
            created = await execute(
                conn,
                "INSERT INTO review_items (guild_id, message_id, reason, reporter_id, status, created_at)"
                " SELECT guild_id, message_id, ?, ?, 'open', ? FROM scenarios WHERE message_id = ? AND guild_id = ?"
                " ON CONFLICT (message_id, reason) DO NOTHING",
                (reason, reporter_id, self._stamp(), message_id, guild_id),
            )
            row = await fetch_one(
                conn,
                f"SELECT {_COLUMNS} FROM review_items WHERE message_id = ? AND reason = ? AND guild_id = ?",
                (message_id, reason, guild_id),
            )
        return (_item(row), created > 0) if row else None

    async def next_review(self, guild_id: int) -> ReviewItem | None:
        """The oldest open item of the guild."""
        async with self._db.reading("read the review queue") as conn:
            row = await fetch_one(
                conn,
                f"SELECT {_COLUMNS} FROM review_items WHERE guild_id = ? AND status = 'open'"
                " ORDER BY created_at, id LIMIT 1",
                (guild_id,),
            )
        return _item(row) if row else None

    async def open_review_count(self, guild_id: int) -> int:
        async with self._db.reading("count the review queue") as conn:
            row = await fetch_one(
                conn, "SELECT COUNT(*) FROM review_items WHERE guild_id = ? AND status = 'open'", (guild_id,)
            )
        return int(row[0]) if row else 0

    async def close_review(self, guild_id: int, item_id: int, moderator_id: int) -> bool:
        """Mark an open item done (audited). False if no such open item in this guild."""
        at = self._stamp()
        async with self._db.transaction("close the review item") as conn:
            changed = await execute(
                conn,
                "UPDATE review_items SET status = 'done', closed_by = ?, closed_at = ?"
                " WHERE id = ? AND guild_id = ? AND status = 'open'",
                (moderator_id, at, item_id, guild_id),
            )
            if changed:
                await write_audit(conn, guild_id, moderator_id, "review.close", f"item #{item_id}", at)
        return changed > 0
