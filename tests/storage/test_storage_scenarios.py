"""Scenario records, cascade deletion, retention and feedback."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.storage import FeedbackCounts, ScenarioRecord, Storage, StorageConflict

from .conftest import FakeClock, scenario


async def test_save_and_get(db: Storage) -> None:
    saved = await db.save_scenario(scenario())
    assert saved.created_at is not None and saved.updated_at == saved.created_at
    assert await db.get_scenario(100) == saved
    assert await db.get_scenario_by_reply(101) == saved
    assert saved.risks == ("exploitation", "impaired_judgment")
    assert saved.facts == {"timing": "former"}
    assert await db.get_scenario(999) is None
    assert await db.get_scenario_by_reply(999) is None


async def test_resave_keeps_created_at(db: Storage) -> None:
    first = await db.save_scenario(scenario(thread_id=None))
    second = await db.save_scenario(replace(first, thread_id=555, created_at=None))
    assert second.thread_id == 555
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at  # type: ignore[operator]


async def test_update_labels_only_touches_given_fields(db: Storage) -> None:
    await db.save_scenario(scenario())
    updated = await db.update_scenario_labels(
        100,
        verdict="may_be_appropriate",
        facts={"timing": "former", "other_provider": "no"},
        profession_group=None,
    )
    assert updated is not None
    assert updated.verdict == "may_be_appropriate"
    assert updated.profession_group is None
    assert updated.facts == {"timing": "former", "other_provider": "no"}
    assert updated.risks == ("exploitation", "impaired_judgment")  # untouched
    assert updated.intent == "scenario"
    assert await db.update_scenario_labels(12345, verdict="avoid") is None


async def test_no_post_text_column(db_path: Path, db: Storage) -> None:
    with sqlite3.connect(db_path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(scenarios)")}
    assert not columns & {"text", "content", "body"}


async def test_from_assessment_duck_typed() -> None:
    finding = SimpleNamespace
    assessment = SimpleNamespace(
        intent="scenario",
        profession_group="legal",
        verdict="caution",
        confidence=0.5,
        risks=(finding(id="conflict_of_interest"),),
        exceptions=(finding(id="rural"),),
        facts={"timing": "current"},
        text="THE POST TEXT MUST NOT BE STORED",
    )
    record = ScenarioRecord.from_assessment(assessment, message_id=1, guild_id=2, channel_id=3, author_id=4)
    assert record.risks == ("conflict_of_interest",) and record.exceptions == ("rural",)
    assert "THE POST TEXT" not in repr(record)


async def test_reply_id_is_unique(db: Storage) -> None:
    await db.save_scenario(scenario(100))
    with pytest.raises(StorageConflict):
        await db.save_scenario(scenario(200, reply_message_id=101))


async def test_delete_removes_everything_about_the_post(db: Storage, db_path: Path) -> None:
    await db.save_scenario(scenario(100))
    await db.save_scenario(scenario(200))  # a bystander that must survive
    for reply in (101, 201):
        await db.set_feedback(reply, 1, 1)
        await db.set_feedback(reply, 2, -1)
    for message in (100, 200):
        await db.enqueue_review(1, message, "thumbs_down")
        await db.enqueue_review(1, message, "reported", reporter_id=3)
    await db.add_featured(
        1,
        thread_id=102,
        message_id=900,
        author_id=4,
        profession_group="mental_health",
        risks=["exploitation"],
        featured_by=9,
    )
    await db.add_featured(
        1,
        thread_id=202,
        message_id=901,
        author_id=4,
        profession_group="mental_health",
        risks=["exploitation"],
        featured_by=9,
    )
    correction = await db.add_correction(1, 9, intent="scenario", verdict="avoid", message_id=100)

    assert await db.delete_scenario(100) is True
    assert await db.delete_scenario(100) is False

    assert await db.get_scenario(100) is None
    assert await db.feedback_counts(101) == (0, 0)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM feedback WHERE message_id = 100").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM review_items WHERE message_id = 100").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM featured_answers WHERE thread_id = 102").fetchone()[0] == 0
        # Any column of any table still holding 100, 101 or 102 would be a leak.
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                if column.endswith("_id"):
                    hits = conn.execute(
                        f"SELECT COUNT(*) FROM {table} WHERE {column} IN (100, 101, 102)"
                    ).fetchone()[0]
                    assert hits == 0, (table, column)
    # The correction (labels only) stays but no longer points at the post.
    [kept] = await db.list_corrections(1)
    assert kept.id == correction.id and kept.message_id is None
    # The other post is untouched.
    assert await db.feedback_counts(201) == (1, 1)
    assert (await db.next_review(1)).message_id == 200  # type: ignore[union-attr]
    assert await db.featured_for(1, "mental_health", ["exploitation"]) is not None


async def test_purge_older_than(db: Storage, clock: FakeClock) -> None:
    await db.save_scenario(scenario(100))
    await db.set_feedback(101, 1, 1)
    clock.advance(days=20)
    await db.save_scenario(scenario(200))
    clock.advance(days=15)
    assert await db.purge_older_than(30) == 1
    assert await db.get_scenario(100) is None
    assert await db.get_scenario(200) is not None
    assert await db.purge_older_than(30) == 0
    with pytest.raises(ValueError):
        await db.purge_older_than(-1)


async def test_feedback_toggling(db: Storage) -> None:
    await db.save_scenario(scenario(100))
    assert await db.feedback_counts(101) == FeedbackCounts(0, 0)
    assert await db.set_feedback(101, 1, 1)
    assert await db.set_feedback(101, 2, 1)
    assert await db.set_feedback(101, 3, -1)
    assert await db.feedback_counts(101) == (2, 1)
    assert await db.set_feedback(101, 1, -1)  # change of mind
    assert await db.feedback_counts(101) == (1, 2)
    assert await db.get_feedback(101, 1) == -1
    assert await db.set_feedback(101, 1, -1)  # same vote again: still one vote
    assert await db.feedback_counts(101) == (1, 2)
    assert await db.remove_feedback(101, 1) is True
    assert await db.remove_feedback(101, 1) is False
    assert await db.get_feedback(101, 1) is None
    assert await db.feedback_counts(101) == (1, 1)
    assert await db.set_feedback(999, 1, 1) is False  # not a scenario reply
    with pytest.raises(ValueError):
        await db.set_feedback(101, 1, 0)
