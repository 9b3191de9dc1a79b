"""Review inbox, corrections, featured answers and the audit log."""

from __future__ import annotations

import pytest

from bot.storage import Storage

from .conftest import FakeClock, scenario


async def test_review_queue_order_and_idempotency(db: Storage, clock: FakeClock) -> None:
    for message in (100, 200, 300):
        await db.save_scenario(scenario(message))
    first, created = await db.enqueue_review(1, 200, "unsure")  # type: ignore[misc]
    assert created and first.status == "open" and first.reporter_id is None
    clock.advance(seconds=5)
    await db.enqueue_review(1, 100, "reported", reporter_id=7)
    clock.advance(seconds=5)
    await db.enqueue_review(1, 300, "thumbs_down")
    again, created = await db.enqueue_review(1, 200, "unsure")  # type: ignore[misc]
    assert not created and again.id == first.id and again.created_at == first.created_at
    assert await db.enqueue_review(2, 200, "unsure") is None  # post is not in guild 2
    assert await db.enqueue_review(1, 999, "unsure") is None  # unknown post
    with pytest.raises(ValueError):
        await db.enqueue_review(1, 100, "bored")
    assert await db.open_review_count(1) == 3

    order = []
    while (item := await db.next_review(1)) is not None:
        order.append((item.message_id, item.reason))
        assert await db.close_review(1, item.id, moderator_id=9)
        assert not await db.close_review(1, item.id, moderator_id=9)  # already done
    assert order == [(200, "unsure"), (100, "reported"), (300, "thumbs_down")]
    assert await db.open_review_count(1) == 0
    # Re-enqueueing a reviewed (done) item does not reopen it.
    item, created = await db.enqueue_review(1, 200, "unsure")  # type: ignore[misc]
    assert not created and item.status == "done" and item.closed_by == 9
    assert [e.action for e in await db.list_audit(1)] == ["review.close"] * 3


async def test_review_items_are_per_guild(db: Storage) -> None:
    await db.save_scenario(scenario(100, guild_id=1))
    await db.save_scenario(scenario(200, guild_id=2))
    one, _ = await db.enqueue_review(1, 100, "unsure")  # type: ignore[misc]
    await db.enqueue_review(2, 200, "unsure")
    assert (await db.next_review(2)).message_id == 200  # type: ignore[union-attr]
    assert await db.close_review(2, one.id, moderator_id=5) is False
    assert (await db.next_review(1)).id == one.id  # type: ignore[union-attr]


async def test_corrections(db: Storage) -> None:
    first = await db.add_correction(
        1,
        9,
        intent="scenario",
        profession_group="legal",
        risks=["conflict_of_interest"],
        verdict="avoid",
        message_id=100,
    )
    second = await db.add_correction(2, 8, intent="other", text="An anonymised example a moderator wrote.")
    assert first.risks == ("conflict_of_interest",) and first.text is None
    assert second.text == "An anonymised example a moderator wrote." and second.message_id is None
    assert await db.list_corrections() == [first, second]
    assert await db.list_corrections(2) == [second]
    assert [e.action for e in await db.list_audit(1)] == ["correction.add"]


async def test_featured(db: Storage, clock: FakeClock) -> None:
    older = await db.add_featured(1, 50, 500, 3, "mental_health", ["b_risk", "a_risk"], featured_by=9)
    assert older.risks == ("a_risk", "b_risk")  # sorted
    clock.advance(minutes=1)
    newer = await db.add_featured(
        1, 51, 510, 4, "mental_health", ["a_risk", "b_risk", "a_risk"], featured_by=9
    )
    await db.add_featured(1, 52, 520, 4, "legal", ["a_risk", "b_risk"], featured_by=9)
    await db.add_featured(2, 53, 530, 4, "mental_health", ["a_risk", "b_risk"], featured_by=9)

    assert await db.featured_for(1, "mental_health", ["b_risk", "a_risk"]) == newer
    assert await db.featured_for(1, "mental_health", ["a_risk"]) is None
    assert await db.featured_for(1, None, ["a_risk", "b_risk"]) is None
    assert await db.remove_featured(1, 510, actor_id=9) is True
    assert await db.remove_featured(1, 510) is False
    assert await db.featured_for(1, "mental_health", ["a_risk", "b_risk"]) == older
    assert await db.remove_featured(2, 500) is False  # other guild's id
    # Featuring again moves it to the front.
    clock.advance(minutes=1)
    refreshed = await db.add_featured(1, 50, 500, 3, "mental_health", ["a_risk", "b_risk"], featured_by=8)
    assert refreshed.id == older.id and refreshed.featured_by == 8
    assert [f.message_id for f in await db.list_featured(1)] == [500, 520]
    none_group = await db.add_featured(1, 54, 540, 4, None, [], featured_by=9)
    assert await db.featured_for(1, None, []) == none_group


async def test_audit_log(db: Storage) -> None:
    for i in range(25):
        await db.audit(1, 9, "settings.polls", f"step {i}")
    await db.audit(2, 9, "other", "x" * 1000)
    entries = await db.list_audit(1)
    assert len(entries) == 20 and entries[0].detail == "step 24"  # newest first
    assert len(await db.list_audit(1, limit=100)) == 25
    [other] = await db.list_audit(2)
    assert len(other.detail) == 300
