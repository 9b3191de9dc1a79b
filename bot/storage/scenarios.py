"""Scenario records (ids and labels of analysed posts) and retention.

Privacy: a record never holds the post text. delete_scenario removes every
row about the post: feedback and review items by ON DELETE CASCADE, the link
from corrections by trigger, featured replies in its thread explicitly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

from .codec import facts_from_text, facts_to_text, ids_from_text, ids_to_text, ts_from_text, ts_to_text
from .database import execute, fetch_one
from .models import ScenarioRecord
from .repository import Repository


class _Unset:
    """Marker for 'leave this field alone' (None is a real value for some labels)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()

_COLUMNS = (
    "message_id, guild_id, channel_id, author_id, reply_message_id, thread_id, intent,"
    " profession_group, verdict, risks, exceptions, facts, confidence, created_at, updated_at"
)


def _record(row: sqlite3.Row) -> ScenarioRecord:
    return ScenarioRecord(
        message_id=row["message_id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        author_id=row["author_id"],
        reply_message_id=row["reply_message_id"],
        thread_id=row["thread_id"],
        intent=row["intent"],
        profession_group=row["profession_group"],
        verdict=row["verdict"],
        risks=ids_from_text(row["risks"]),
        exceptions=ids_from_text(row["exceptions"]),
        facts=facts_from_text(row["facts"]),
        confidence=float(row["confidence"]),
        created_at=ts_from_text(row["created_at"]),
        updated_at=ts_from_text(row["updated_at"]),
    )


class ScenariosMixin(Repository):
    async def save_scenario(self, record: ScenarioRecord) -> ScenarioRecord:
        """Insert or replace the record of a post (created_at is kept on replace)."""
        now = self._stamp()
        created = ts_to_text(record.created_at) if record.created_at else now
        async with self._db.transaction("save the scenario record") as conn:
            await execute(
                conn,
                f"INSERT INTO scenarios ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (message_id) DO UPDATE SET"
                " guild_id = excluded.guild_id, channel_id = excluded.channel_id,"
                " author_id = excluded.author_id, reply_message_id = excluded.reply_message_id,"
                " thread_id = excluded.thread_id, intent = excluded.intent,"
                " profession_group = excluded.profession_group, verdict = excluded.verdict,"
                " risks = excluded.risks, exceptions = excluded.exceptions, facts = excluded.facts,"
                " confidence = excluded.confidence, updated_at = excluded.updated_at",
                (
                    record.message_id,
                    record.guild_id,
                    record.channel_id,
                    record.author_id,
                    record.reply_message_id,
                    record.thread_id,
                    record.intent,
                    record.profession_group,
                    record.verdict,
                    ids_to_text(record.risks),
                    ids_to_text(record.exceptions),
                    facts_to_text(record.facts),
                    float(record.confidence),
                    created,
                    now,
                ),
            )
            row = await fetch_one(
                conn, f"SELECT {_COLUMNS} FROM scenarios WHERE message_id = ?", (record.message_id,)
            )
        assert row is not None
        return _record(row)

    async def get_scenario(self, message_id: int) -> ScenarioRecord | None:
        async with self._db.reading("read a scenario record") as conn:
            row = await fetch_one(
                conn, f"SELECT {_COLUMNS} FROM scenarios WHERE message_id = ?", (message_id,)
            )
        return _record(row) if row else None

    async def get_scenario_by_reply(self, reply_message_id: int) -> ScenarioRecord | None:
        """The record whose bot reply is this message (for reactions and buttons)."""
        async with self._db.reading("read a scenario record") as conn:
            row = await fetch_one(
                conn, f"SELECT {_COLUMNS} FROM scenarios WHERE reply_message_id = ?", (reply_message_id,)
            )
        return _record(row) if row else None

    async def update_scenario_labels(
        self,
        message_id: int,
        *,
        intent: str | _Unset = UNSET,
        profession_group: str | None | _Unset = UNSET,
        verdict: str | None | _Unset = UNSET,
        risks: Sequence[str] | _Unset = UNSET,
        exceptions: Sequence[str] | _Unset = UNSET,
        facts: Mapping[str, Any] | _Unset = UNSET,
        confidence: float | _Unset = UNSET,
    ) -> ScenarioRecord | None:
        """Change only the labels passed (facts replaces the whole dict). None if no such record."""
        values: dict[str, Any] = {}
        if not isinstance(intent, _Unset):
            values["intent"] = intent
        if not isinstance(profession_group, _Unset):
            values["profession_group"] = profession_group
        if not isinstance(verdict, _Unset):
            values["verdict"] = verdict
        if not isinstance(risks, _Unset):
            values["risks"] = ids_to_text(risks)
        if not isinstance(exceptions, _Unset):
            values["exceptions"] = ids_to_text(exceptions)
        if not isinstance(facts, _Unset):
            values["facts"] = facts_to_text(facts)
        if not isinstance(confidence, _Unset):
            values["confidence"] = float(confidence)
        values["updated_at"] = self._stamp()
        # Column names come from the fixed keys above; values are parameters.
        assignments = ", ".join(f"{column} = ?" for column in values)
        async with self._db.transaction("update the scenario labels") as conn:
            changed = await execute(
                conn,
                f"UPDATE scenarios SET {assignments} WHERE message_id = ?",
                (*values.values(), message_id),
            )
            if not changed:
                return None
            row = await fetch_one(
                conn, f"SELECT {_COLUMNS} FROM scenarios WHERE message_id = ?", (message_id,)
            )
        return _record(row) if row else None

    async def delete_scenario(self, message_id: int) -> bool:
        """Forget everything stored about a post. True if there was a record."""
        async with self._db.transaction("delete the scenario record") as conn:
            row = await fetch_one(
                conn, "SELECT guild_id, thread_id FROM scenarios WHERE message_id = ?", (message_id,)
            )
            if row is None:
                return False
            if row["thread_id"] is not None:
                # Featured replies live in the post's thread and point at it.
                await execute(
                    conn,
                    "DELETE FROM featured_answers WHERE guild_id = ? AND thread_id = ?",
                    (row["guild_id"], row["thread_id"]),
                )
            # Feedback and review items go by ON DELETE CASCADE, corrections are
            # unlinked by trigger.
            await execute(conn, "DELETE FROM scenarios WHERE message_id = ?", (message_id,))
        return True

    async def purge_older_than(self, days: float) -> int:
        """Retention: delete records (and their feedback/reviews) created more than `days` ago.

        Featured answers are curated content and are kept. Returns the number of records deleted.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        cutoff = ts_to_text(self._clock() - timedelta(days=days))
        async with self._db.transaction("purge old scenario records") as conn:
            return await execute(conn, "DELETE FROM scenarios WHERE created_at < ?", (cutoff,))
