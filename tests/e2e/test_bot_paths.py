"""The bot's main paths through the real discord.py client, end to end.

The real GuidanceBot (bot/frontends) with the real Analyzer, Renderer and a
SQLite file in tmp_path, connected over loopback to the fake Discord
(tests/fakediscord). Records are checked on a second connection to the file,
so what is asserted is what is on disk.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.storage import Storage

from tests.e2e.support import (
    MESSAGES_PATH,
    QUESTION_POST,
    client_errors,
    configure_guild,
    mention_problems,
    wait_until,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

LOOKUP_POST = "What is a dual relationship?"
CHIT_CHAT = "thanks everyone, great discussion today"


def button_ids(message: Any) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


async def on_disk(db_path: Path, post_id: int) -> Any:
    """The scenario record of ``post_id`` as a fresh connection to the file sees it."""
    async with Storage.open(db_path) as db:
        return await db.get_scenario(post_id)


async def test_scenario_post_gets_one_reply_a_thread_and_a_record(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any, db_path: Path
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id], polls=True)
        post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
        post_id = int(post["id"])
        await live.idle([post_id])

        expected = analyzer.analyze(QUESTION_POST)
        [reply] = live.replies_to(post_id)
        assert reply.channel_id == fake.channel_id
        assert reply.content == renderer.scenario(expected).pages[0]
        assert reply.payload["type"] == 19 and reply.payload["mentions"] == []
        # answers, then 👍/👎, then "Report assessment" (moderator curation)
        assert button_ids(reply)[-3:] == ["drb:feedback:up", "drb:feedback:down", "drb:report"]
        assert any(i.startswith("drb:answer:") for i in button_ids(reply))

        [thread] = live.threads_of(post_id)  # a public thread opened from the post
        assert thread["name"] == renderer.thread_title(expected) and thread["type"] == 11
        in_thread = fake.sent_messages(post_id)
        pages = renderer.scenario(expected).pages
        # the later pages of the reply, then the poll (polls are on), in the thread
        assert [m.content for m in in_thread[:-1]] == list(pages[1:])
        assert [bool(m.poll) for m in in_thread] == [False] * (len(pages) - 1) + [True]
        assert in_thread[-1].poll["question"]["text"] == renderer.poll()[0]

        record = await on_disk(db_path, post_id)
        assert record is not None
        assert (record.reply_message_id, record.thread_id) == (reply.id, post_id)
        assert (record.channel_id, record.author_id) == (fake.channel_id, int(fake.alice["id"]))

        # the post text is never stored
        assert QUESTION_POST.encode() not in db_path.read_bytes()
        assert mention_problems(fake) == [] and client_errors(fake) == []


async def test_lookup_chit_chat_and_other_channels(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any, db_path: Path
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id])
        lookup = await fake.dispatch_message(LOOKUP_POST, author=fake.bob)
        chat = await fake.dispatch_message(CHIT_CHAT, author=fake.bob)
        elsewhere = await fake.dispatch_message(QUESTION_POST, author=fake.bob, channel_id=fake.other_channel_id)
        ids = [int(p["id"]) for p in (lookup, chat, elsewhere)]
        await live.idle(ids)

        [answer] = live.replies_to(ids[0])  # a lookup: the concept answer, no thread
        assert answer.content == renderer.lookup(analyzer.analyze(LOOKUP_POST)).pages[0]
        assert live.threads_of(ids[0]) == [] and button_ids(answer) == []
        assert live.replies_to(ids[1]) == [] and live.replies_to(ids[2]) == []  # nothing for these
        assert [m.id for m in fake.sent_messages()] == [answer.id]
        assert await on_disk(db_path, ids[0]) is None  # only scenarios are recorded
        assert mention_problems(fake) == [] and client_errors(fake) == []


async def test_slash_commands_get_their_responses(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        gid, cid = fake.guild_id, fake.channel_id
        assert fake.find_command("risk") is not None  # setup_hook synced the commands

        risk = fake.slash_interaction_payload(gid, cid, fake.bob, "risk", {"name": "fairnes"})
        await fake.dispatch("INTERACTION_CREATE", risk)
        cb = await fake.wait_for_callback(risk["id"])
        assert cb.type == 4 and not cb.ephemeral
        assert cb.content == renderer.risk_card("fairness").pages[0]

        about = fake.slash_interaction_payload(gid, cid, fake.bob, "about")
        await fake.dispatch("INTERACTION_CREATE", about)
        cb = await fake.wait_for_callback(about["id"])
        assert cb.type == 4 and cb.ephemeral and cb.content == renderer.about().pages[0]

        # /analyze defers (the analyzer may take a while), then fills the "thinking" message
        analyze = fake.slash_interaction_payload(gid, cid, fake.alice, "analyze", {"text": QUESTION_POST})
        await fake.dispatch("INTERACTION_CREATE", analyze)
        cb = await fake.wait_for_callback(analyze["id"])
        assert cb.type == 5 and cb.ephemeral
        await live.idle()
        original = fake.message(fake.interaction(analyze["id"]).original_message_id)
        assert original.content == renderer.scenario(analyzer.analyze(QUESTION_POST)).pages[0]
        assert original.ephemeral

        # autocomplete answers with choices
        auto = fake.autocomplete_payload(gid, cid, fake.bob, "risk", {"name": "fair"}, focused="name")
        await fake.dispatch("INTERACTION_CREATE", auto)
        cb = await fake.wait_for_callback(auto["id"])
        assert cb.type == 8 and "fairness" in [c["value"] for c in cb.choices]

        await live.idle()
        assert all(len(fake.interaction(p["id"]).callbacks) == 1 for p in (risk, about, analyze, auto))
        assert mention_problems(fake) == [] and client_errors(fake) == []
        # no scenario channel was configured: the slash commands posted nothing else
        assert fake.requests_matching("POST", MESSAGES_PATH) == []


async def test_clarifying_question_button_edits_the_reply(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any, db_path: Path
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id])
        post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
        post_id = int(post["id"])
        await live.idle([post_id])
        [reply] = live.replies_to(post_id)
        answer_id = next(i for i in button_ids(reply) if i.startswith("drb:answer:"))
        _, _, question, value = answer_id.split(":")

        click = fake.component_interaction_payload(reply.id, answer_id, fake.alice)
        await fake.dispatch("INTERACTION_CREATE", click)
        cb = await fake.wait_for_callback(click["id"])
        assert cb.type == 6  # deferred update: the reply is edited afterwards
        expected = renderer.scenario(analyzer.analyze(QUESTION_POST, {question: value})).pages[0]
        await wait_until(lambda: fake.message(reply.id).content == expected, what="the edited reply")
        await live.idle()

        edited = fake.message(reply.id)
        assert edited.edits and not any(i.startswith(f"drb:answer:{question}:") for i in button_ids(edited))
        assert len(live.replies_to(post_id)) == 1  # edited in place, not re-sent
        edit = fake.requests_matching("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
        assert [r.status for r in edit] == [200]
        record = await on_disk(db_path, post_id)
        assert record is not None and dict(record.facts)[question] == value
        assert mention_problems(fake) == [] and client_errors(fake) == []


async def test_deleted_post_takes_its_record_reply_and_thread_messages(
    service: Any, settings: Any, live_bot: Any, db_path: Path
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        gid, cid = fake.guild_id, fake.channel_id
        await configure_guild(service.storage, gid, [cid], polls=True)
        keep = await fake.dispatch_message(QUESTION_POST, author=fake.bob)
        post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
        keep_id, post_id = int(keep["id"]), int(post["id"])
        await live.idle([keep_id, post_id])
        [reply] = live.replies_to(post_id)
        in_thread = fake.sent_messages(post_id)  # later pages and the poll
        assert in_thread and in_thread[-1].poll
        assert await on_disk(db_path, post_id) is not None

        await fake.dispatch("MESSAGE_DELETE", {"id": str(post_id), "channel_id": str(cid), "guild_id": str(gid)})
        await wait_until(lambda: all(fake.message(m.id).deleted for m in [reply, *in_thread]),
                         what="the reply and the bot's messages in the thread to be deleted")
        await live.idle()
        assert await on_disk(db_path, post_id) is None
        assert await on_disk(db_path, keep_id) is not None  # the other post keeps its record
        [kept_reply] = live.replies_to(keep_id, include_deleted=False)
        assert not kept_reply.deleted
        assert client_errors(fake) == []
