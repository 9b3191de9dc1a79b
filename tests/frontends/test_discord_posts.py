"""Scenario channels end to end through discord.py: a MESSAGE_CREATE payload
goes through the real ConnectionState and the real cog; we assert on the HTTP
requests discord.py built (content, reply reference, allowed mentions,
components, thread creation, poll, reactions, deletes)."""
from __future__ import annotations

from typing import Any

import pytest

from bot.frontends.service import ScenarioService

from .harness import ALICE_ID, BOB_ID, CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, Harness

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."
RURAL_POST = "My best friend asked me to be her therapist. I am a psychologist in a small town, the only one for miles."
LOOKUP_POST = "What counts as a dual relationship?"
CHAT_POST = "lol"


async def enable(service: ScenarioService, *, polls: bool = False, cooldown: int = 0) -> None:
    await service.storage.set_scenario_channel(GUILD_ID, CHANNEL_ID, True)
    await service.storage.set_polls(GUILD_ID, polls)
    await service.storage.set_cooldown(GUILD_ID, cooldown)


def assert_no_mentions(calls: list[Any]) -> None:
    for call in calls:
        data = call.data
        if "content" in data or "poll" in data:
            assert data.get("allowed_mentions", {}).get("parse") == [], call


async def test_scenario_post_gets_reply_thread_and_buttons(discord_bot: Harness, service: ScenarioService, analyzer: Any, renderer: Any) -> None:
    assert discord_bot.bot.allowed_mentions.to_dict() == {"parse": []}  # the client default
    await enable(service)
    post = await discord_bot.post(QUESTION_POST)
    post_id = int(post["id"])

    a = analyzer.analyze(QUESTION_POST)
    expected = renderer.scenario(a).pages
    sent = discord_bot.http.sent_messages()
    reply = sent[0]
    assert reply.json["content"] == expected[0]
    assert reply.json["message_reference"]["message_id"] == post_id
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    ids = reply.custom_ids()
    assert ids[:2] == ["drb:answer:timing:current", "drb:answer:timing:former"]
    assert "drb:feedback:up" in ids and "drb:feedback:down" in ids
    labels = [c.get("label") for row in reply.json["components"] for c in row["components"]]
    assert "A former client" in labels

    threads = discord_bot.http.find("POST", "/threads")
    assert len(threads) == 1
    assert threads[0].url.endswith(f"/channels/{CHANNEL_ID}/messages/{post_id}/threads")
    assert threads[0].json["name"] == renderer.thread_title(a)
    # further pages go into the thread (a thread from a message shares its id)
    rest = sent[1:]
    assert [c.json["content"] for c in rest] == list(expected[1:])
    assert all(f"/channels/{post_id}/messages" in c.url for c in rest)
    assert not discord_bot.http.find(contains="poll")
    assert_no_mentions(discord_bot.http.calls)

    record = await service.storage.get_scenario(post_id)
    assert record is not None
    assert record.author_id == ALICE_ID
    assert record.thread_id == post_id
    assert record.reply_message_id == int(reply.response["id"])
    assert record.verdict == a.verdict
    assert QUESTION_POST not in repr(record)  # ids and labels only
    assert not discord_bot.errors


async def test_multi_page_reply_and_poll(discord_bot: Harness, service: ScenarioService, analyzer: Any, renderer: Any) -> None:
    await enable(service, polls=True)
    post = await discord_bot.post(RURAL_POST)
    expected = renderer.scenario(analyzer.analyze(RURAL_POST)).pages
    assert len(expected) >= 2
    sent = discord_bot.http.sent_messages()
    contents = [c.json.get("content") for c in sent]
    assert contents[: len(expected)] == list(expected)
    poll_calls = [c for c in sent if c.json.get("poll")]
    assert len(poll_calls) == 1
    poll = poll_calls[0].json["poll"]
    question, answers = renderer.poll()
    assert poll["question"]["text"] == question
    assert [a["poll_media"]["text"] for a in poll["answers"]] == answers
    assert poll["duration"] == 24
    assert f"/channels/{post['id']}/messages" in poll_calls[0].url  # in the thread
    # no questions here: only the feedback buttons
    assert sent[0].custom_ids() == ["drb:feedback:up", "drb:feedback:down"]
    assert_no_mentions(discord_bot.http.calls)
    assert not discord_bot.errors


async def test_lookup_post_gets_concept_answer_without_thread(discord_bot: Harness, service: ScenarioService, renderer: Any, analyzer: Any) -> None:
    await enable(service)
    post = await discord_bot.post(LOOKUP_POST)
    sent = discord_bot.http.sent_messages()
    assert sent[0].json["content"] == renderer.lookup(analyzer.analyze(LOOKUP_POST)).pages[0]
    assert sent[0].json["message_reference"]["message_id"] == int(post["id"])
    assert not sent[0].json.get("components")
    assert not discord_bot.http.find("POST", "/threads")
    assert await service.storage.get_scenario(int(post["id"])) is None


async def test_quiet_on_chat_other_channels_bots_and_dms(discord_bot: Harness, service: ScenarioService) -> None:
    await enable(service)
    await discord_bot.post(CHAT_POST)
    await discord_bot.post(QUESTION_POST, channel_id=OTHER_CHANNEL_ID)
    await discord_bot.post(QUESTION_POST, author_id=BOB_ID, bot=True)
    dm = discord_bot.http.message_payload(900000000000000001, QUESTION_POST, author=discord_bot.post_payload("x")["author"])
    await discord_bot.dispatch("message_create", dm)
    assert discord_bot.http.sent_messages() == []
    assert not discord_bot.http.find("POST", "/threads")


async def test_cooldown_reacts_once_and_skips_analysis(discord_bot: Harness, service: ScenarioService) -> None:
    await enable(service, cooldown=120)
    await discord_bot.post(QUESTION_POST)
    assert len(discord_bot.http.find("POST", "/threads")) == 1
    discord_bot.http.clear()
    second = await discord_bot.post(RURAL_POST)
    third = await discord_bot.post(RURAL_POST)
    assert discord_bot.http.sent_messages() == []
    reactions = discord_bot.http.find("PUT", "/reactions/")
    assert len(reactions) == 1
    assert f"/messages/{second['id']}/reactions/" in reactions[0].url
    assert "%E2%8F%B3" in reactions[0].url  # ⏳
    assert await service.storage.get_scenario(int(third["id"])) is None
    # another member is not on cooldown
    await discord_bot.post(RURAL_POST, author_id=BOB_ID)
    assert len(discord_bot.http.sent_messages()) >= 1


async def test_deleting_the_post_forgets_it(discord_bot: Harness, service: ScenarioService) -> None:
    await enable(service)
    post = await discord_bot.post(QUESTION_POST)
    post_id = int(post["id"])
    record = await service.storage.get_scenario(post_id)
    assert record is not None
    reply_id = record.reply_message_id
    await service.storage.set_feedback(reply_id, BOB_ID, 1)
    discord_bot.http.clear()
    await discord_bot.delete_message(post_id)
    assert await service.storage.get_scenario(post_id) is None
    assert await service.storage.get_feedback(reply_id, BOB_ID) is None
    deletes = discord_bot.http.find("DELETE", "/messages/{message_id}")
    assert any(c.url.endswith(f"/messages/{reply_id}") for c in deletes)  # the reply quoted the post


async def test_deleting_the_reply_forgets_the_record(discord_bot: Harness, service: ScenarioService) -> None:
    await enable(service)
    post = await discord_bot.post(QUESTION_POST)
    record = await service.storage.get_scenario(int(post["id"]))
    assert record is not None
    await discord_bot.delete_message(record.reply_message_id)
    assert await service.storage.get_scenario(int(post["id"])) is None


async def test_thread_failure_still_replies_and_records(discord_bot: Harness, service: ScenarioService) -> None:
    import discord

    await enable(service)

    def fail(call: Any) -> Exception | None:
        if call.path.endswith("/threads"):
            class _R:
                status = 403
                reason = "Forbidden"
            return discord.Forbidden(_R(), {"code": 50013, "message": "Missing Permissions"})  # type: ignore[arg-type]
        return None

    discord_bot.http.fail = fail
    post = await discord_bot.post(RURAL_POST)
    sent = discord_bot.http.sent_messages()
    assert sent and sent[0].json["message_reference"]["message_id"] == int(post["id"])
    # the rest went to the channel instead of a thread
    assert all(f"/channels/{CHANNEL_ID}/messages" in c.url for c in sent)
    record = await service.storage.get_scenario(int(post["id"]))
    assert record is not None and record.thread_id is None
    assert not discord_bot.errors
