"""/curate add|edit|remove|alias|list|show|search through the service, with refusals."""
from __future__ import annotations

import re
from typing import Any

from bot.curation import Actor, CurationService
from bot.curation.service import MAX_BODY, is_moderator
from bot.storage import Storage

from .conftest import GUILD_A, GUILD_B, MEMBER, MOD_A
from .posts import DENTIST_IN_LAW, ROMANCE_FORMER

NOTE = "Most codes bar this for years after therapy ends; talk to your board first."


async def test_moderator_adds_and_anyone_reads(curation: CurationService, mod_a: Actor, member: Actor) -> None:
    added = await curation.add(mod_a, "Former clients", "mental_health+former+romance", NOTE)
    assert added.ok, added.text
    assert "Former clients" in added.content and "mental_health+former+romance" in added.content
    assert added.answer is not None and added.answer.author_id == MOD_A

    listed = await curation.list(member)
    assert listed.ok and "Former clients" in listed.text and "pattern:mental_health+former+romance" in listed.text

    shown = await curation.show(member, "former CLIENTS")  # names are case-insensitive
    assert shown.ok
    assert NOTE.split(";")[0] in shown.text
    assert "Jane Mod" in shown.text  # the author, by display name
    assert "created" in shown.text and "Shown in replies:** 0 times" in shown.text


async def test_member_cannot_write(curation: CurationService, mod_a: Actor, member: Actor, storage: Storage) -> None:
    refused = await curation.add(member, "Mine", "fairness", "text")
    assert refused.status == "refused"
    assert "Only moderators" in refused.content
    assert await storage.list_answers(GUILD_A) == []

    await curation.add(mod_a, "Fair", "fairness", "text")
    for result in (
        await curation.edit(member, "Fair", body="changed"),
        await curation.remove(member, "Fair"),
        await curation.alias(member, "Fair", "F"),
        await curation.unalias(member, "F"),
    ):
        assert result.status == "refused", result.text
    answer = await storage.get_answer(GUILD_A, "Fair")
    assert answer is not None and answer.body == "text" and answer.aliases == ()


async def test_outside_a_server_nothing_works(curation: CurationService) -> None:
    dm = Actor(MEMBER, None, True)
    for result in (await curation.list(dm), await curation.add(dm, "x", "fairness", "y"), await curation.audit(dm)):
        assert result.status == "refused"
        assert "server" in result.content


async def test_moderator_of_one_guild_cannot_touch_another(
    curation: CurationService, mod_a: Actor, mod_b: Actor, storage: Storage
) -> None:
    await curation.add(mod_a, "Fair", "fairness", "guild A's note")
    for result in (
        await curation.edit(mod_b, "Fair", body="hijacked"),
        await curation.remove(mod_b, "Fair"),
        await curation.alias(mod_b, "Fair", "stolen"),
        await curation.show(mod_b, "Fair"),
    ):
        assert result.status == "not_found", result.text
    assert "Fair" not in (await curation.list(mod_b)).text
    answer = await storage.get_answer(GUILD_A, "Fair")
    assert answer is not None and answer.body == "guild A's note" and answer.aliases == ()
    # the same name is free in guild B
    assert (await curation.add(mod_b, "Fair", "fairness", "guild B's own")).ok
    assert (await storage.get_answer(GUILD_A, "Fair")).body == "guild A's note"  # type: ignore[union-attr]


async def test_targets_are_validated_with_did_you_mean(curation: CurationService, mod_a: Actor, storage: Storage) -> None:
    result = await curation.add(mod_a, "Typo", "mental_helth+former", "x")
    assert result.status == "invalid"
    assert "mental\\_helth" in result.content or "mental_helth" in result.content
    assert "`mental_health`" in result.content  # the suggestion, as a code span
    result = await curation.add(mod_a, "Wrong kind", "risk:dentist", "x")
    assert result.status == "invalid"
    assert await storage.list_answers(GUILD_A) == []


async def test_body_rules(curation: CurationService, mod_a: Actor) -> None:
    assert (await curation.add(mod_a, "Empty", "fairness", "   ")).status == "invalid"
    too_long = await curation.add(mod_a, "Long", "fairness", "x" * (MAX_BODY + 1))
    assert too_long.status == "invalid" and str(MAX_BODY) in too_long.content
    ok = await curation.add(mod_a, "Long", "fairness", "word " * 190)  # 950 chars: allowed, but clipped in replies
    assert ok.ok and "first 400 characters" in ok.content
    assert (await curation.add(mod_a, "n" * 101, "fairness", "x")).status == "invalid"


async def test_conflicting_names_and_aliases(curation: CurationService, mod_a: Actor) -> None:
    await curation.add(mod_a, "Fair", "fairness", "x")
    await curation.add(mod_a, "Gifts", "pressure_imbalance", "y")
    assert (await curation.add(mod_a, "FAIR", "fairness", "z")).status == "conflict"
    assert (await curation.alias(mod_a, "Gifts", "fair")).status == "conflict"
    assert (await curation.alias(mod_a, "Gifts", "presents")).ok
    assert (await curation.add(mod_a, "Presents", "fairness", "z")).status == "conflict"
    assert (await curation.edit(mod_a, "Fair", new_name="presents")).status == "conflict"


async def test_edit_alias_unalias_remove_and_history(curation: CurationService, mod_a: Actor, member: Actor, storage: Storage) -> None:
    await curation.add(mod_a, "Fair", "fairness", "first text")
    edited = await curation.edit(mod_a, "Fair", body="second text", target="pattern:fairness+medical")
    assert edited.ok and "text, target" in edited.content
    assert (await curation.edit(mod_a, "Fair")).status == "invalid"  # nothing to change
    assert (await curation.edit(mod_a, "Fair", target="fairnes")).status == "invalid"
    assert (await curation.alias(mod_a, "Fair", "equity")).ok
    renamed = await curation.edit(mod_a, "equity", new_name="Fairness note")  # by alias
    assert renamed.ok and renamed.answer is not None and renamed.answer.name == "Fairness note"

    shown = await curation.show(member, "equity")
    assert shown.ok
    text = shown.text
    assert "second text" in text and "pattern:fairness+medical" in text
    assert "equity" in text  # aliases
    assert "alias added" in text and "edited" in text and "created" in text  # history, newest first
    assert text.index("alias added") < text.index("attached to")

    assert (await curation.unalias(mod_a, "equity")).ok
    assert (await curation.unalias(mod_a, "equity")).status == "not_found"
    removed = await curation.remove(mod_a, "fairness NOTE")
    assert removed.ok and "history is kept" in removed.content
    assert (await curation.show(member, "Fairness note")).status == "not_found"
    history = await storage.answer_history(GUILD_A, removed.answer.id)  # type: ignore[union-attr]
    assert [h.action for h in history] == ["add", "edit", "alias", "edit", "unalias", "remove"]


async def test_not_found_suggests_close_names(curation: CurationService, mod_a: Actor, member: Actor) -> None:
    await curation.add(mod_a, "Former clients", "mental_health+former+romance", NOTE)
    await curation.add(mod_a, "Small towns", "rural_access", "Say so openly.")
    result = await curation.show(member, "formr clients")
    assert result.status == "not_found"
    assert "Did you mean **Former clients**" in result.content
    result = await curation.remove(mod_a, "smal town")
    assert result.status == "not_found" and "Small towns" in result.content


async def test_search_exact_substring_and_fuzzy(curation: CurationService, mod_a: Actor, member: Actor) -> None:
    await curation.add(mod_a, "Former clients", "mental_health+former+romance", NOTE)
    await curation.add(mod_a, "Small towns", "rural_access", "Say so openly and document it.")
    await curation.alias(mod_a, "Small towns", "rural")
    exact = await curation.search(member, "rural")
    assert exact.ok and "Small towns" in exact.content and "exact match" in exact.content
    body_hit = await curation.search(member, "document")
    assert body_hit.ok and "Small towns" in body_hit.content
    fuzzy = await curation.search(member, "formre")
    assert fuzzy.status == "not_found" and "Did you mean **Former clients**" in fuzzy.content


async def test_name_autocomplete_is_fuzzy_over_names_and_aliases(curation: CurationService, mod_a: Actor) -> None:
    await curation.add(mod_a, "Former clients", "mental_health+former+romance", NOTE)
    await curation.add(mod_a, "Small towns", "rural_access", "x")
    await curation.alias(mod_a, "Small towns", "rural practice")
    everything = await curation.name_choices(GUILD_A, "")
    assert [v for _, v in everything] == ["Former clients", "rural practice", "Small towns"]
    assert (await curation.name_choices(GUILD_A, "form"))[0] == ("Former clients", "Former clients")
    assert (await curation.name_choices(GUILD_A, "rurl"))[0] == ("rural practice → Small towns", "rural practice")
    assert (await curation.name_choices(GUILD_A, "towsn"))[0][1] == "Small towns"
    assert await curation.name_choices(GUILD_B, "form") == []
    assert await curation.name_choices(None, "form") == []


def test_target_autocomplete_completes_pattern_tokens(curation: CurationService) -> None:
    first = curation.target_choices("ment")
    assert first[0][1] == "mental_health"
    nxt = curation.target_choices("mental_health+form")
    assert nxt[0][1] == "mental_health+former"
    assert all(v.startswith("mental_health+") for _, v in nxt)
    assert all(v != "mental_health+mental_health" for _, v in curation.target_choices("mental_health+"))
    assert curation.target_choices("risk:fair")[0][1] == "risk:fairness"
    typo = curation.target_choices("fairnes")
    assert typo[0][1] == "fairness"
    assert len(curation.target_choices("")) == 25
    assert all(len(n) <= 100 and len(v) <= 100 for n, v in curation.target_choices("a"))


async def test_moderator_text_is_inert_everywhere(curation: CurationService, mod_a: Actor, member: Actor, assess: Any) -> None:
    hostile = "@everyone <@123> **bold** [x](https://evil.example) {{ 7*7 }} discord.gg/raid"
    assert (await curation.add(mod_a, "@here **n**", "romance", hostile)).ok
    for result in (await curation.show(member, "@here **n**"), await curation.list(member),
                   await curation.search(member, "@here")):
        text = result.text
        assert "@everyone" not in text and "@here" not in text and "<@123>" not in text
        assert "**bold**" not in text and "https://" not in text
        # template syntax stays text: no "49" from "{{ 7*7 }}" (the card's own
        # timestamps may contain 49, so they are taken out first)
        assert "49" not in re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", "", text), text
    notes, _ = await curation.notes_for(GUILD_A, assess(ROMANCE_FORMER))
    reply = curation.renderer.scenario(assess(ROMANCE_FORMER), curated=notes)
    assert "@everyone" not in reply.text and "https://evil" not in reply.text


async def test_matching_post_reply_carries_notes_and_counts_uses(
    curation: CurationService, mod_a: Actor, member: Actor, assess: Any, storage: Storage
) -> None:
    await curation.add(mod_a, "Former clients", "mental_health+former+romance", NOTE)
    await curation.add(mod_a, "Any romance", "romance", "Romance with a client is never fine.")
    await curation.add(mod_a, "Dentists", "dentist", "Dental boards are strict.")
    a = assess(ROMANCE_FORMER)
    notes, featured = await curation.notes_for(GUILD_A, a)
    assert featured is None
    assert [n.name for n in notes] == ["Former clients", "Any romance"]  # most specific first
    assert notes[0].author == "Jane Mod" and notes[0].body == NOTE
    reply = curation.renderer.scenario(a, curated=notes)
    assert "From the moderators" in reply.text and "Former clients" in reply.text and "Jane Mod" in reply.text
    # shown once: uses counted; a re-render without counting leaves them
    assert (await storage.get_answer(GUILD_A, "Former clients")).uses == 1  # type: ignore[union-attr]
    await curation.notes_for(GUILD_A, a, count_use=False)
    assert (await storage.get_answer(GUILD_A, "Former clients")).uses == 1  # type: ignore[union-attr]
    assert (await storage.get_answer(GUILD_A, "Dentists")).uses == 0  # type: ignore[union-attr]
    assert "1 time" in (await curation.show(member, "Former clients")).text
    # another guild's post sees none of guild A's notes
    assert (await curation.notes_for(GUILD_B, a)) == ([], None)
    dentist_notes, _ = await curation.notes_for(GUILD_A, assess(DENTIST_IN_LAW))
    assert [n.name for n in dentist_notes] == ["Dentists"]


async def test_notes_never_break_a_reply(curation: CurationService, mod_a: Actor, assess: Any, storage: Storage) -> None:
    await curation.add(mod_a, "Any romance", "romance", "x")
    await storage.close()  # storage gone: the reply goes out without notes
    assert await curation.notes_for(GUILD_A, assess(ROMANCE_FORMER)) == ([], None)
    result = await curation.list(mod_a)
    assert result.status == "error" and "storage" in result.content


async def test_actor_from_role_or_permission(curation: CurationService, storage: Storage) -> None:
    assert is_moderator([], True, None)
    assert not is_moderator([5], False, None)
    assert not is_moderator([5], False, 6)
    assert is_moderator([5, 6], False, 6)
    assert not (await curation.actor(GUILD_A, MEMBER, role_ids=[77])).is_moderator
    await storage.set_moderator_role(GUILD_A, 77)
    assert (await curation.actor(GUILD_A, MEMBER, role_ids=[77])).is_moderator
    assert not (await curation.actor(GUILD_B, MEMBER, role_ids=[77])).is_moderator  # the role is per guild
    assert (await curation.actor(GUILD_B, MEMBER, manage_messages=True)).is_moderator
    assert not (await curation.actor(None, MEMBER, manage_messages=True)).is_moderator
