"""Curated answers, aliases, history, search and per-guild isolation."""

from __future__ import annotations

import pytest

from bot.storage import Storage, StorageConflict

G1, G2 = 1, 2
MOD1, MOD2 = 11, 22


async def test_add_get_edit_remove_with_history(db: Storage) -> None:
    answer = await db.add_answer(
        G1, "Former Clients", "pattern", "Mental_Health + former + romance", "v1", MOD1
    )
    assert answer.target == "mental_health+former+romance"
    assert answer.uses == 0 and answer.aliases == ()
    assert await db.get_answer(G1, "former   clients") == answer  # case/space-insensitive

    edited = await db.edit_answer(G1, "FORMER CLIENTS", MOD2, body="v2")
    assert edited is not None and edited.body == "v2" and edited.updated_at > answer.updated_at
    edited = await db.edit_answer(
        G1, "former clients", MOD2, target_kind="risk", target="exploitation", new_name="Ex clients"
    )
    assert edited is not None and (edited.name, edited.target_kind, edited.target) == (
        "Ex clients",
        "risk",
        "exploitation",
    )
    assert await db.get_answer(G1, "former clients") is None
    assert await db.edit_answer(G1, "missing", MOD2, body="x") is None
    with pytest.raises(ValueError):
        await db.edit_answer(G1, "ex clients", MOD2)

    await db.add_alias(G1, "ex clients", "exes", MOD1)
    assert await db.remove_answer(G1, "exes", MOD1) is True  # by alias
    assert await db.get_answer(G1, "ex clients") is None
    assert await db.get_answer(G1, "exes") is None  # aliases removed with it
    assert await db.remove_answer(G1, "exes", MOD1) is False

    history = await db.answer_history(G1, answer.id)
    assert [h.action for h in history] == ["add", "edit", "edit", "alias", "remove"]
    assert [(h.old_body, h.new_body) for h in history] == [
        (None, "v1"),
        ("v1", "v2"),
        ("v2", "v2"),
        (None, None),
        ("v2", None),
    ]
    assert history[1].editor_id == MOD2 and history[3].detail == "exes"
    actions = [e.action for e in await db.list_audit(G1)]
    assert actions == ["answer.remove", "answer.alias", "answer.edit", "answer.edit", "answer.add"]


async def test_names_and_aliases_share_one_namespace(db: Storage) -> None:
    await db.add_answer(G1, "Gifts", "risk", "gifts", "b", MOD1)
    await db.add_answer(G1, "Barter", "risk", "barter", "b", MOD1)
    with pytest.raises(StorageConflict):
        await db.add_answer(G1, "gifts", "risk", "x", "b", MOD1)
    await db.add_alias(G1, "gifts", "presents", MOD1)
    with pytest.raises(StorageConflict):
        await db.add_answer(G1, "PRESENTS", "risk", "x", "b", MOD1)
    with pytest.raises(StorageConflict):
        await db.add_alias(G1, "barter", "presents", MOD1)
    with pytest.raises(StorageConflict):
        await db.add_alias(G1, "barter", "gifts", MOD1)
    with pytest.raises(StorageConflict):
        await db.edit_answer(G1, "barter", MOD1, new_name="Presents")
    assert await db.add_alias(G1, "nope", "x", MOD1) is None
    # The same name is fine in another guild.
    await db.add_answer(G2, "Gifts", "risk", "gifts", "b", MOD2)
    # Renaming an answer to a new spelling of its own name is allowed.
    renamed = await db.edit_answer(G1, "gifts", MOD1, new_name="GIFTS")
    assert renamed is not None and renamed.name == "GIFTS"
    assert await db.remove_alias(G1, "Presents", MOD1) is True
    assert await db.remove_alias(G1, "Presents", MOD1) is False
    assert (await db.get_answer(G1, "gifts")).aliases == ()  # type: ignore[union-attr]


async def test_validation(db: Storage) -> None:
    with pytest.raises(ValueError):
        await db.add_answer(G1, "  ", "risk", "x", "b", MOD1)
    with pytest.raises(ValueError):
        await db.add_answer(G1, "n", "colour", "x", "b", MOD1)
    with pytest.raises(ValueError):
        await db.add_answer(G1, "n", "risk", "x", "   ", MOD1)
    with pytest.raises(ValueError):
        await db.add_answer(G1, "n", "pattern", "a++b", "b", MOD1)
    assert await db.list_answers(G1) == []


async def test_guild_isolation(db: Storage) -> None:
    """A moderator of guild 2 can neither see nor change guild 1's answers."""
    mine = await db.add_answer(G1, "Secret", "risk", "exploitation", "guild one body", MOD1)
    await db.add_alias(G1, "secret", "hidden", MOD1)

    assert await db.get_answer(G2, "secret") is None
    assert await db.get_answer(G2, "hidden") is None
    assert await db.get_answer_by_id(G2, mine.id) is None
    assert await db.list_answers(G2) == []
    search = await db.search_answers(G2, "secret")
    assert search.exact is None and search.matches == [] and search.did_you_mean == []
    assert await db.answers_for_targets(G2, [("risk", "exploitation")]) == []
    assert await db.answer_history(G2, mine.id) == []
    assert await db.edit_answer(G2, "secret", MOD2, body="hacked") is None
    assert await db.add_alias(G2, "secret", "mine now", MOD2) is None
    assert await db.remove_alias(G2, "hidden", MOD2) is False
    assert await db.remove_answer(G2, "secret", MOD2) is False
    assert await db.increment_uses(G2, mine.id) is False
    assert await db.list_audit(G2) == []

    # Guild 2 may create its own answer with the same name; it is separate.
    theirs = await db.add_answer(G2, "Secret", "risk", "exploitation", "guild two body", MOD2)
    await db.add_alias(G2, "secret", "hidden", MOD2)
    assert theirs.id != mine.id
    assert (await db.get_answer(G1, "hidden")).body == "guild one body"  # type: ignore[union-attr]
    assert (await db.get_answer(G2, "hidden")).body == "guild two body"  # type: ignore[union-attr]
    await db.remove_answer(G2, "secret", MOD2)
    still = await db.get_answer(G1, "secret")
    assert still is not None and still.body == "guild one body" and still.aliases == ("hidden",)


async def test_alias_cannot_cross_guilds_even_in_raw_sql(db: Storage) -> None:
    """The trigger backs up the Python checks (and guards imports)."""
    mine = await db.add_answer(G1, "Secret", "risk", "x", "b", MOD1)
    with pytest.raises(Exception, match="same guild"):
        async with db._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO answer_aliases (guild_id, alias, alias_key, answer_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (G2, "steal", "steal", mine.id, "2025-01-01T00:00:00.000000Z"),
            )


async def test_search(db: Storage) -> None:
    await db.add_answer(
        G1, "Former clients", "pattern", "mental_health+former+romance", "Wait two years.", MOD1
    )
    await db.add_answer(G1, "Gifts from clients", "risk", "gifts", "Small gifts may be fine.", MOD1)
    await db.add_answer(G1, "Small towns", "exception", "rural", "Unavoidable contact.", MOD1)
    await db.add_alias(G1, "small towns", "rural practice", MOD1)

    exact = await db.search_answers(G1, "rural practice")
    assert exact.exact is not None and exact.exact.name == "Small towns"

    sub = await db.search_answers(G1, "clients")
    assert sub.exact is None
    assert [a.name for a in sub.matches] == ["Former clients", "Gifts from clients"]

    by_body = await db.search_answers(G1, "small")
    # name hit first ("Small towns"), then body hit ("Gifts..." body says "Small gifts")
    assert [a.name for a in by_body.matches] == ["Small towns", "Gifts from clients"]

    typo = await db.search_answers(G1, "formr clients")
    assert typo.exact is None and typo.matches == []
    assert typo.did_you_mean[0] == "Former clients"
    one_word = await db.search_answers(G1, "townz")
    assert one_word.did_you_mean == ["Small towns"]
    alias_typo = await db.search_answers(G1, "rurall practise")
    assert alias_typo.did_you_mean == ["Small towns"]
    assert (await db.search_answers(G1, "zzzzqqq")).did_you_mean == []


async def test_answers_for_targets_and_uses(db: Storage) -> None:
    a = await db.add_answer(G1, "A", "risk", "exploitation", "a", MOD1)
    b = await db.add_answer(G1, "B", "pattern", "mental_health+former+romance", "b", MOD1)
    await db.add_answer(G1, "C", "profession", "psychologist", "c", MOD1)
    await db.add_answer(G2, "A", "risk", "exploitation", "other guild", MOD2)
    found = await db.answers_for_targets(
        G1,
        [
            ("pattern", "Mental_Health+former+romance"),
            ("risk", "exploitation"),
            ("risk", "nothing"),
            ("bogus", "x"),
        ],
    )
    assert [x.id for x in found] == [b.id, a.id]
    assert await db.increment_uses(G1, a.id) is True
    await db.increment_uses(G1, a.id)
    assert (await db.get_answer(G1, "a")).uses == 2  # type: ignore[union-attr]
    assert len(await db.answer_history(G1, a.id)) == 1  # uses are not history


async def test_removed_answer_id_is_never_reused(db: Storage) -> None:
    old = await db.add_answer(G1, "Gone", "risk", "gifts", "old", MOD1)
    await db.remove_answer(G1, "gone", MOD1)
    new = await db.add_answer(G1, "Gone", "risk", "gifts", "new", MOD1)
    assert new.id != old.id
    assert [h.action for h in await db.answer_history(G1, old.id)] == ["add", "remove"]
    assert [h.action for h in await db.answer_history(G1, new.id)] == ["add"]
