"""The whole bot against the fake Discord on loopback (tests/fakediscord):
a real gateway connection (IDENTIFY, READY, GUILD_CREATE), real REST calls
over HTTP, the real analyzer, renderer and SQLite. The main paths only; the
details are in test_discord_posts.py and test_discord_interactions.py."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Callable

import pytest

from bot.frontends.discord_bot import GuidanceBot
from bot.frontends.service import ONLY_AUTHOR, ScenarioService

fakediscord = pytest.importorskip("tests.fakediscord")
FakeDiscord = fakediscord.FakeDiscord
point_discord_py_at = fakediscord.point_discord_py_at
run_client = fakediscord.run_client

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."
COMMANDS = {"risk", "exception", "risks", "safeguards", "analyze", "about", "setup"}


async def wait_until(pred: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def test_bot_on_fake_discord(service: ScenarioService, settings: Any, analyzer: Any, renderer: Any,
                                   caplog: pytest.LogCaptureFixture) -> None:
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        gid, cid = fake.guild_id, fake.channel_id
        await service.storage.set_scenario_channel(gid, cid, True)
        await service.storage.set_cooldown(gid, 0)
        await service.storage.set_polls(gid, True)
        bot = GuidanceBot(service, settings, guild_ready_timeout=0.05)
        async with run_client(bot, fake):
            # setup_hook synced the slash commands (fresh sync state)
            assert {c["name"] for c in fake.commands()} == COMMANDS

            # a scenario post: reply + buttons, thread from the post, poll in it
            post = await fake.dispatch_message(QUESTION_POST, author=fake.alice, channel_id=cid)
            post_id = int(post["id"])
            reply = await fake.wait_for_message(cid)
            a = analyzer.analyze(QUESTION_POST)
            assert reply.content == renderer.scenario(a).pages[0]
            assert reply.allowed_mentions["parse"] == []
            assert reply.payload["type"] == 19 and reply.payload["message_reference"]["message_id"] == str(post_id)
            ids = [c["custom_id"] for row in reply.components for c in row["components"]]
            assert ids == ["drb:answer:timing:current", "drb:answer:timing:former", "drb:feedback:up", "drb:feedback:down"]
            poll = await fake.wait_for_message(post_id, predicate=lambda m: bool(m.payload.get("poll")))
            assert poll.payload["poll"]["question"]["text"] == renderer.poll()[0]
            assert fake.world.channels[post_id]["name"] == renderer.thread_title(a)

            async def record() -> Any:
                return await service.storage.get_scenario(post_id)

            for _ in range(200):
                if await record():
                    break
                await asyncio.sleep(0.01)
            assert (await record()).reply_message_id == reply.id

            # someone else presses an answer: private refusal, nothing changes
            click = fake.component_interaction_payload(reply.id, "drb:answer:timing:former", fake.bob)
            await fake.dispatch("INTERACTION_CREATE", click)
            cb = await fake.wait_for_callback(click["id"])
            assert cb.type == 6
            follow = await fake.wait_for_request("POST", rf"/webhooks/{fake.application_id}/[^/]+")
            assert follow.json["content"] == ONLY_AUTHOR and follow.json["flags"] & 64

            # the author answers: the reply edits itself to the new assessment
            click = fake.component_interaction_payload(reply.id, "drb:answer:timing:former", fake.alice)
            await fake.dispatch("INTERACTION_CREATE", click)
            assert (await fake.wait_for_callback(click["id"])).type == 6
            expected = renderer.scenario(analyzer.analyze(QUESTION_POST, {"timing": "former"})).pages[0]
            await wait_until(lambda: fake.message(reply.id).content == expected, what="the edited reply")
            ids = [c["custom_id"] for row in fake.message(reply.id).components for c in row["components"]]
            assert ids == ["drb:feedback:up", "drb:feedback:down"]

            # a slash command
            slash = fake.slash_interaction_payload(gid, cid, fake.bob, "risk", {"name": "fairnes"})
            await fake.dispatch("INTERACTION_CREATE", slash)
            cb = await fake.wait_for_callback(slash["id"])
            assert cb.type == 4 and cb.content == renderer.risk_card("fairness").pages[0]

            # /setup needs Manage Server (bob has not; alice owns the guild)
            random_id = int(fake.defaults["random"]["id"])
            refused = fake.slash_interaction_payload(gid, cid, fake.bob, "setup channel", {"action": "add", "channel": random_id})
            await fake.dispatch("INTERACTION_CREATE", refused)
            cb = await fake.wait_for_callback(refused["id"])
            assert cb.ephemeral and "Manage Server" in cb.content
            allowed = fake.slash_interaction_payload(gid, cid, fake.alice, "setup channel", {"action": "add", "channel": random_id})
            await fake.dispatch("INTERACTION_CREATE", allowed)
            assert (await fake.wait_for_callback(allowed["id"])).ephemeral
            assert await service.storage.is_scenario_channel(gid, random_id)

            # the author deletes the post: the record and the bot's reply go too
            await fake.dispatch("MESSAGE_DELETE", {"id": str(post_id), "channel_id": str(cid), "guild_id": str(gid)})
            await wait_until(lambda: fake.message(reply.id).deleted, what="the reply's deletion")
            assert await record() is None
        fake.assert_no_unexpected_requests()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
