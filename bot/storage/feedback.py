"""👍/👎 feedback on the bot's replies: one changeable vote per user and reply."""

from __future__ import annotations

from .database import execute, fetch_one
from .models import FeedbackCounts
from .repository import Repository


class FeedbackMixin(Repository):
    async def set_feedback(self, reply_message_id: int, user_id: int, value: int) -> bool:
        """Record or change a vote (+1 or -1). False if the reply is not a stored scenario reply."""
        if value not in (1, -1):
            raise ValueError("feedback value must be +1 or -1")
        async with self._db.transaction("save feedback") as conn:
            # The vote hangs off the post (message_id), so deleting the post deletes it.
            return (
                await execute(
                    conn,
                    "INSERT INTO feedback (message_id, user_id, value, at)"
                    " SELECT message_id, ?, ?, ? FROM scenarios WHERE reply_message_id = ?"
                    " ON CONFLICT (message_id, user_id) DO UPDATE SET value = excluded.value, at = excluded.at",
                    (user_id, value, self._stamp(), reply_message_id),
                )
                > 0
            )

    async def remove_feedback(self, reply_message_id: int, user_id: int) -> bool:
        async with self._db.transaction("remove feedback") as conn:
            return (
                await execute(
                    conn,
                    "DELETE FROM feedback WHERE user_id = ? AND message_id ="
                    " (SELECT message_id FROM scenarios WHERE reply_message_id = ?)",
                    (user_id, reply_message_id),
                )
                > 0
            )

    async def get_feedback(self, reply_message_id: int, user_id: int) -> int | None:
        """The user's current vote (+1/-1), or None: lets a frontend toggle a vote off."""
        async with self._db.reading("read feedback") as conn:
            row = await fetch_one(
                conn,
                "SELECT f.value FROM feedback f JOIN scenarios s ON s.message_id = f.message_id"
                " WHERE s.reply_message_id = ? AND f.user_id = ?",
                (reply_message_id, user_id),
            )
        return int(row[0]) if row else None

    async def feedback_counts(self, reply_message_id: int) -> FeedbackCounts:
        """(up, down) for a reply; (0, 0) when unknown."""
        async with self._db.reading("count feedback") as conn:
            row = await fetch_one(
                conn,
                "SELECT COALESCE(SUM(f.value = 1), 0), COALESCE(SUM(f.value = -1), 0)"
                " FROM feedback f JOIN scenarios s ON s.message_id = f.message_id"
                " WHERE s.reply_message_id = ?",
                (reply_message_id,),
            )
        return FeedbackCounts(int(row[0]), int(row[1])) if row else FeedbackCounts(0, 0)
