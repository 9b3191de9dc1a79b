"""Export / import of curated content."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.storage import Storage, StorageImportError

from .conftest import FakeClock


async def fill(db: Storage) -> None:
    await db.add_answer(1, "Former clients", "pattern", "mental_health+former+romance", "Wait.", 11)
    await db.edit_answer(1, "former clients", 12, body="Wait two years.")
    await db.add_alias(1, "former clients", "exes", 11)
    await db.add_answer(1, "Gone", "risk", "gifts", "old", 11)
    await db.remove_answer(1, "gone", 11)  # history of a removed answer
    await db.add_answer(1, "Gone", "risk", "gifts", "reborn", 11)  # same name reused
    await db.add_answer(2, "Former clients", "risk", "exploitation", "Guild two.", 21)
    await db.increment_uses(2, (await db.get_answer(2, "former clients")).id)  # type: ignore[union-attr]
    await db.add_featured(1, 50, 500, 3, "mental_health", ["b", "a"], featured_by=11)
    await db.add_featured(2, 60, 600, 3, None, [], featured_by=21)
    await db.add_correction(
        1, 11, intent="scenario", risks=["a"], exceptions=["rural"], verdict="avoid", message_id=5
    )
    await db.add_correction(2, 21, intent="other", text="anonymised example")


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in (
                "curated_answers",
                "answer_aliases",
                "answer_history",
                "featured_answers",
                "corrections",
            )
        }


async def test_round_trip_into_fresh_db(db: Storage, tmp_path: Path) -> None:
    await fill(db)
    exported = await db.export_curation()
    assert json.loads(json.dumps(exported)) == exported  # JSON-serialisable as is
    assert len(exported["history"]) == 7
    async with Storage.open(tmp_path / "other.sqlite3", clock=FakeClock()) as fresh:
        counts = await fresh.import_curation(exported)
        assert counts == {"answers": 3, "aliases": 1, "history": 7, "featured": 2, "corrections": 2}
        assert await fresh.export_curation() == exported
        # History is re-linked to the live answer by name; the removed one's is kept unlinked.
        reborn = await fresh.get_answer(1, "gone")
        assert reborn is not None
        assert [h.new_body for h in await fresh.answer_history(1, reborn.id)] == ["reborn"]
        assert (await fresh.get_answer(1, "exes")).body == "Wait two years."  # type: ignore[union-attr]
        assert (await fresh.get_answer(2, "former clients")).uses == 1  # type: ignore[union-attr]
        # Re-import is a no-op.
        again = await fresh.import_curation(exported)
        assert again == {"answers": 0, "aliases": 0, "history": 0, "featured": 0, "corrections": 0}
        assert await fresh.export_curation() == exported


async def test_reimport_into_source_is_noop(db: Storage, db_path: Path) -> None:
    await fill(db)
    exported = await db.export_curation()
    before = table_counts(db_path)
    assert set((await db.import_curation(exported)).values()) == {0}
    assert table_counts(db_path) == before
    assert await db.export_curation() == exported


async def test_import_updates_by_natural_key(db: Storage) -> None:
    await fill(db)
    exported = await db.export_curation()
    changed = copy.deepcopy(exported)
    changed["answers"][0]["body"] = "Changed elsewhere."
    counts = await db.import_curation(changed)
    assert counts["answers"] == 1 and counts["history"] == 0
    name = changed["answers"][0]["name"]
    assert (await db.get_answer(changed["answers"][0]["guild_id"], name)).body == "Changed elsewhere."  # type: ignore[union-attr]


def bad_variants(good: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    variants: list[tuple[str, dict[str, Any]]] = []

    def variant(label: str, mutate: Any) -> None:
        data = copy.deepcopy(good)
        mutate(data)
        variants.append((label, data))

    variant("wrong format", lambda d: d.update(format="something else"))
    variant("section not a list", lambda d: d.update(answers={"a": 1}))
    variant("missing key", lambda d: d["answers"][-1].pop("body"))
    variant("bad kind", lambda d: d["answers"][-1].update(target_kind="colour"))
    variant("bool as id", lambda d: d["featured"][-1].update(message_id=True))
    variant("bad timestamp", lambda d: d["corrections"][-1].update(created_at="yesterday"))
    variant("bad action", lambda d: d["history"][-1].update(action="delete"))
    # These pass validation and fail half-way through the write: the transaction must undo the rest.
    variant(
        "alias to unknown answer",
        lambda d: d["aliases"].append(
            {
                "guild_id": 1,
                "alias": "dangling",
                "answer": "No such answer",
                "created_at": "2025-01-01T00:00:00Z",
            }
        ),
    )
    variant(
        "history to unknown answer", lambda d: d["history"].append({**d["history"][-1], "answer": "Nope"})
    )
    variant(
        "alias equals a name",
        lambda d: d["aliases"].append(
            {"guild_id": 1, "alias": "Gone", "answer": "Former clients", "created_at": "2025-01-01T00:00:00Z"}
        ),
    )
    variant(
        "alias to other guild's answer",
        lambda d: d["aliases"].append(
            {"guild_id": 3, "alias": "x", "answer": "Former clients", "created_at": "2025-01-01T00:00:00Z"}
        ),
    )
    return variants


async def test_bad_import_raises_and_changes_nothing(db: Storage, tmp_path: Path) -> None:
    await fill(db)
    good = await db.export_curation()
    # A target DB with some content of its own, and a new answer in the import
    # that would be written before the failure.
    async with Storage.open(tmp_path / "target.sqlite3", clock=FakeClock()) as target:
        await target.add_answer(1, "Local", "risk", "x", "local body", 1)
        snapshot = await target.export_curation()
        good["answers"].insert(0, {**good["answers"][0], "name": "AAA new", "guild_id": 1})
        for label, data in bad_variants(good):
            with pytest.raises(StorageImportError):
                await target.import_curation(data)
            assert await target.export_curation() == snapshot, label
        assert await target.import_curation(good)  # the good data still imports
        assert await target.get_answer(1, "AAA new") is not None


async def test_import_rejects_non_dict(db: Storage) -> None:
    with pytest.raises(StorageImportError):
        await db.import_curation([])  # type: ignore[arg-type]
