"""Featured community answers and the audit log."""
from __future__ import annotations

from typing import Any

from bot.curation import Actor, CurationService
from bot.storage import Storage

from .conftest import GUILD_A, GUILD_B, MEMBER, MOD_A, OTHER_MEMBER, save_post
from .posts import DENTIST_IN_LAW, LAWYER_FRIEND, ROMANCE_FORMER

POST = 8_000_001  # the scenario post; its thread has the same id
ANSWER = 8_000_050  # a member's answer in the thread


async def test_feature_pins_stores_and_shows_under_similar_scenarios(
    curation: CurationService, mod_a: Actor, storage: Storage, assess: Any, platform: Any
) -> None:
    a = assess(DENTIST_IN_LAW)
    await save_post(storage, a, POST)
    pinned: list[int] = []

    async def pin() -> bool:
        pinned.append(ANSWER)
        return True

    done = await curation.feature(mod_a, thread_id=POST, message_id=ANSWER, author_id=OTHER_MEMBER, pin=pin)
    assert done.ok and "Featured this answer by Kim" in done.content and "pinned" in done.content
    assert pinned == [ANSWER]
    [f] = await storage.list_featured(GUILD_A)
    assert (f.thread_id, f.message_id, f.author_id, f.featured_by, f.profession_group, f.risks) == (
        POST, ANSWER, OTHER_MEMBER, MOD_A, a.profession_group, tuple(sorted(a.risk_ids)))

    # the same kind of scenario later: the answer is quoted, credited, linked
    platform.texts[ANSWER] = "I'd ask another dentist to take over the family's care."
    notes, featured = await curation.notes_for(GUILD_A, a)
    assert notes == [] and featured is not None
    assert featured.author == "Kim" and "another dentist" in featured.excerpt
    assert featured.jump_url == f"https://discord.com/channels/{GUILD_A}/{POST}/{ANSWER}"
    reply = curation.renderer.scenario(a, featured=featured)
    assert "A community take" in reply.text and "Kim" in reply.text and featured.jump_url in reply.text

    # different risks or group: not the same kind of scenario; other guilds never see it
    other = assess(ROMANCE_FORMER)
    assert (other.profession_group, set(other.risk_ids)) != (a.profession_group, set(a.risk_ids))
    assert (await curation.notes_for(GUILD_A, other))[1] is None
    assert (await curation.notes_for(GUILD_B, a))[1] is None
    # its own thread does not quote it back (a re-rendered reply)
    assert (await curation.notes_for(GUILD_A, a, exclude_thread=POST))[1] is None
    # deleted (text unavailable): nothing shown; the author deleting it unfeatures it
    platform.texts.clear()
    assert (await curation.notes_for(GUILD_A, a))[1] is None
    assert await curation.forget_featured(GUILD_A, ANSWER)
    assert await storage.list_featured(GUILD_A) == []


async def test_feature_refusals(curation: CurationService, mod_a: Actor, member: Actor, storage: Storage, assess: Any) -> None:
    await save_post(storage, assess(LAWYER_FRIEND), POST)
    assert (await curation.feature(member, thread_id=POST, message_id=ANSWER, author_id=MEMBER)).status == "refused"
    not_thread = await curation.feature(mod_a, thread_id=12345, message_id=ANSWER, author_id=MEMBER)
    assert not_thread.status == "invalid" and "discussion thread" in not_thread.content
    the_post = await curation.feature(mod_a, thread_id=POST, message_id=POST, author_id=MEMBER)
    assert the_post.status == "invalid" and "scenario itself" in the_post.content
    bot = await curation.feature(mod_a, thread_id=POST, message_id=ANSWER, author_id=99, author_is_bot=True)
    assert bot.status == "invalid" and "bot's messages" in bot.content
    other_guild = await curation.feature(Actor(MOD_A, GUILD_B, True), thread_id=POST, message_id=ANSWER, author_id=MEMBER)
    assert other_guild.status == "invalid"
    assert await storage.list_featured(GUILD_A) == [] and await storage.list_featured(GUILD_B) == []


async def test_feature_without_pin_permission_still_features(curation: CurationService, mod_a: Actor,
                                                             storage: Storage, assess: Any) -> None:
    await save_post(storage, assess(LAWYER_FRIEND), POST)

    async def pin() -> bool:
        raise PermissionError("Missing Permissions")

    done = await curation.feature(mod_a, thread_id=POST, message_id=ANSWER, author_id=MEMBER, pin=pin)
    assert done.ok and "couldn't pin" in done.content
    assert len(await storage.list_featured(GUILD_A)) == 1


async def test_audit_lists_moderator_actions_for_moderators_only(
    curation: CurationService, mod_a: Actor, mod_b: Actor, member: Actor, storage: Storage, assess: Any
) -> None:
    await curation.add(mod_a, "Fair", "fairness", "x")
    await curation.alias(mod_a, "Fair", "equity")
    await curation.edit(mod_a, "Fair", body="y")
    await save_post(storage, assess(LAWYER_FRIEND), POST)
    await curation.feature(mod_a, thread_id=POST, message_id=ANSWER, author_id=MEMBER)
    await curation.remove(mod_a, "Fair")
    await curation.add(mod_b, "B's", "fairness", "z")

    refused = await curation.audit(member)
    assert refused.status == "refused" and "/audit" in refused.content
    log = await curation.audit(mod_a)
    assert log.ok
    text = log.text
    for action in ("answer.add", "answer.alias", "answer.edit", "featured.add", "answer.remove"):
        assert f"`{action}`" in text
    assert text.index("answer.remove") < text.index("answer.add")  # newest first
    assert "Jane Mod" in text and "B's" not in text and "Bea Mod" not in text

    for n in range(25):
        await storage.audit(GUILD_A, MOD_A, "test.action", f"n={n}")
    assert (await curation.audit(mod_a)).text.count("test.action") == 20  # the last 20
