"""The review inbox: filled by unsure posts, 👎 and reports; worked by moderators."""
from __future__ import annotations

from typing import Any

from bot.curation import Actor, CurationService, Labels
from bot.storage import Storage

from .conftest import CHANNEL, GUILD_A, GUILD_B, MEMBER, MOD_A, OTHER_MEMBER, save_post
from .posts import DENTIST_IN_LAW, LOOKUP, ROMANCE_FORMER

POST = 7_000_001
REPLY = POST + 1


async def unsure_post(curation: CurationService, storage: Storage, assess: Any, message_id: int = POST,
                      text: str = ROMANCE_FORMER, confidence: float = 0.5) -> Any:
    a = assess(text, confidence=confidence)
    await save_post(storage, a, message_id)
    queued = await curation.note_reply(guild_id=GUILD_A, channel_id=CHANNEL, author_id=MEMBER,
                                       message_id=message_id, reply_message_id=message_id + 1, assessment=a)
    return a, queued


async def test_low_confidence_scenarios_and_lookups_are_queued(curation: CurationService, storage: Storage, assess: Any) -> None:
    _, queued = await unsure_post(curation, storage, assess)
    assert queued
    item = await storage.next_review(GUILD_A)
    assert item is not None and (item.message_id, item.reason) == (POST, "unsure")

    # a sure one is not
    _, queued = await unsure_post(curation, storage, assess, message_id=POST + 10, confidence=0.95)
    assert not queued

    # a lookup has no scenario record yet: one (labels only) is saved for the inbox
    lookup = assess(LOOKUP, confidence=0.4)
    assert lookup.intent == "lookup"
    assert await curation.note_reply(guild_id=GUILD_A, channel_id=CHANNEL, author_id=MEMBER, message_id=POST + 20,
                                     reply_message_id=POST + 21, assessment=lookup)
    record = await storage.get_scenario(POST + 20)
    assert record is not None and record.intent == "lookup" and record.risks == ()
    assert await storage.open_review_count(GUILD_A) == 2

    # chit-chat gets no reply, so it is never queued
    other = assess("hello everyone", confidence=0.1)
    assert not await curation.note_reply(guild_id=GUILD_A, channel_id=CHANNEL, author_id=MEMBER, message_id=POST + 30,
                                         reply_message_id=None, assessment=other)


async def test_threshold_is_configurable(storage: Storage, knowledge: Any, renderer: Any, assess: Any) -> None:
    strict = CurationService(storage, knowledge, renderer, review_threshold=0.99)
    a = assess(ROMANCE_FORMER)
    assert a.confidence < 0.99
    await save_post(storage, a, POST)
    assert await strict.note_reply(guild_id=GUILD_A, channel_id=CHANNEL, author_id=MEMBER, message_id=POST,
                                   reply_message_id=REPLY, assessment=a)


async def test_thumbs_down_and_reports_queue_once(curation: CurationService, storage: Storage, assess: Any) -> None:
    await save_post(storage, assess(DENTIST_IN_LAW), POST, reply_id=REPLY)
    assert await curation.thumbs_down(REPLY, OTHER_MEMBER)
    assert not await curation.thumbs_down(REPLY, MEMBER)  # already queued for that reason
    assert not await curation.thumbs_down(999, MEMBER)  # not a stored reply

    first = await curation.report(REPLY, OTHER_MEMBER)
    assert first.ok and "moderators will look" in first.content
    again = await curation.report(REPLY, MEMBER)
    assert again.ok and "already waiting" in again.content
    unknown = await curation.report(999, MEMBER)
    assert unknown.status == "not_found"
    assert await storage.open_review_count(GUILD_A) == 2  # thumbs_down + reported


async def test_members_cannot_review(curation: CurationService, member: Actor, storage: Storage, assess: Any) -> None:
    await unsure_post(curation, storage, assess)
    refused = await curation.next_review(member)
    assert refused.status == "refused" and "/review" in refused.content
    refused = await curation.resolve_review(member, 1, POST, "skip")
    assert refused.status == "refused"
    assert await storage.open_review_count(GUILD_A) == 1


async def test_next_shows_labels_and_fetched_text(curation: CurationService, mod_a: Actor, storage: Storage,
                                                  assess: Any, platform: Any, knowledge: Any) -> None:
    empty = await curation.next_review(mod_a)
    assert empty.status == "empty" and "empty" in empty.content
    a, _ = await unsure_post(curation, storage, assess)
    platform.texts[POST] = ROMANCE_FORMER + " @everyone"
    shown = await curation.next_review(mod_a)
    assert shown.ok and shown.case is not None
    assert shown.case.labels == Labels(a.intent, tuple(a.risk_ids), tuple(a.exception_ids), a.verdict, a.profession_group)
    text = shown.text
    assert "the bot was unsure" in text and "50% sure" in text
    assert "former client" in text and "@everyone" not in text  # the post, escaped
    assert knowledge.risks["sexual_relationship"].title in text
    assert platform.fetched == [POST]
    # the text is for display only: nothing about it is stored
    record = await storage.get_scenario(POST)
    assert record is not None and "former client" not in repr(record)
    # without the text (deleted post, no access) the labels still show
    platform.texts.clear()
    assert "not available" in (await curation.next_review(mod_a)).text
    # guild B's inbox is separate
    assert (await curation.next_review(Actor(MOD_A, GUILD_B, True))).status == "empty"


async def test_confirm_stores_the_bots_labels(curation: CurationService, mod_a: Actor, storage: Storage, assess: Any) -> None:
    a, _ = await unsure_post(curation, storage, assess)
    case = (await curation.next_review(mod_a)).case
    assert case is not None
    done = await curation.resolve_review(mod_a, case.item.id, case.item.message_id, "confirm")
    assert done.ok and "Confirmed" in done.content
    [c] = await storage.list_corrections(GUILD_A)
    assert (c.intent, c.verdict, c.risks, c.message_id, c.moderator_id, c.text) == (
        "scenario", a.verdict, tuple(a.risk_ids), POST, MOD_A, None)
    assert await storage.open_review_count(GUILD_A) == 0
    # a second moderator pressing on the same item stores nothing more
    late = await curation.resolve_review(Actor(MOD_A + 1, GUILD_A, True), case.item.id, POST, "confirm")
    assert late.status == "not_found" and "already handled" in late.content
    assert len(await storage.list_corrections(GUILD_A)) == 1


async def test_correction_is_stored_and_updates_the_record(curation: CurationService, mod_a: Actor, storage: Storage,
                                                            assess: Any) -> None:
    await unsure_post(curation, storage, assess, text=DENTIST_IN_LAW)
    await unsure_post(curation, storage, assess, message_id=POST + 10)
    case = (await curation.next_review(mod_a)).case
    assert case is not None and case.item.message_id == POST and case.open_count == 2
    labels = Labels("scenario", ("clouded_judgment", "fairness"), ("insular_community",), "avoid")
    done = await curation.resolve_review(mod_a, case.item.id, POST, "correct", labels)
    assert done.ok, done.text
    assert "+fairness" in done.content and "1 left" in done.content
    [c] = await storage.list_corrections(GUILD_A)
    assert (c.intent, c.risks, c.exceptions, c.verdict, c.profession_group, c.text) == (
        "scenario", ("clouded_judgment", "fairness"), ("insular_community",), "avoid", "medical", None)
    record = await storage.get_scenario(POST)
    assert record is not None and record.verdict == "avoid" and record.risks == ("clouded_judgment", "fairness")
    # the audit has both the close and the correction
    actions = [e.action for e in await storage.list_audit(GUILD_A)]
    assert "review.close" in actions and "correction.add" in actions


async def test_anonymised_text_is_kept_only_when_given(curation: CurationService, mod_a: Actor, storage: Storage,
                                                       assess: Any, platform: Any) -> None:
    platform.texts[POST] = "I'm Dr. Jones, a therapist in Springfield, and I want to date my former client."
    await unsure_post(curation, storage, assess)
    await unsure_post(curation, storage, assess, message_id=POST + 10)
    case = (await curation.next_review(mod_a)).case
    assert case is not None
    anonymised = "I'm a therapist and I want to date my former client."
    await curation.resolve_review(mod_a, case.item.id, POST, "confirm", text=anonymised)
    case2 = (await curation.next_review(mod_a)).case
    assert case2 is not None
    await curation.resolve_review(mod_a, case2.item.id, case2.item.message_id, "correct",
                                  Labels("other"), text="   ")
    first, second = await storage.list_corrections(GUILD_A)
    assert first.text == anonymised and "Jones" not in repr(await storage.list_corrections())
    assert second.text is None and (second.intent, second.risks, second.verdict) == ("other", (), None)


async def test_bad_labels_are_refused_and_leave_the_item_open(curation: CurationService, mod_a: Actor,
                                                              storage: Storage, assess: Any) -> None:
    await unsure_post(curation, storage, assess)
    case = (await curation.next_review(mod_a)).case
    assert case is not None
    for labels in (Labels("scenario", ("no_such_risk",)), Labels("maybe"), Labels("scenario", (), (), "fine"), None):
        result = await curation.resolve_review(mod_a, case.item.id, POST, "correct", labels)  # type: ignore[arg-type]
        assert result.status == "invalid", labels
    assert await storage.open_review_count(GUILD_A) == 1
    assert await storage.list_corrections() == []


async def test_skip_closes_without_an_example(curation: CurationService, mod_a: Actor, storage: Storage, assess: Any) -> None:
    await unsure_post(curation, storage, assess)
    case = (await curation.next_review(mod_a)).case
    assert case is not None
    skipped = await curation.resolve_review(mod_a, case.item.id, POST, "skip")
    assert skipped.ok and "without keeping" in skipped.content
    assert await storage.list_corrections() == []
    assert (await curation.next_review(mod_a)).status == "empty"


async def test_deleted_post_leaves_the_inbox(curation: CurationService, mod_a: Actor, storage: Storage, assess: Any) -> None:
    await unsure_post(curation, storage, assess)
    case = (await curation.next_review(mod_a)).case
    assert case is not None
    await storage.delete_scenario(POST)  # the member deleted the post
    gone = await curation.resolve_review(mod_a, case.item.id, POST, "confirm")
    assert gone.status == "not_found"
    assert await storage.list_corrections() == []
    assert (await curation.next_review(mod_a)).status == "empty"
