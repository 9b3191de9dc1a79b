"""Curation end to end: the real GuidanceBot over loopback to the fake Discord
(gateway + REST, tests/fakediscord), which validates the synced command
definitions and every request the way Discord does."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.curation import CurationService
from bot.frontends.discord_bot import GuidanceBot
from bot.frontends.service import ScenarioService
from bot.settings import Settings
from tests.e2e.support import LiveBot, configure_guild, mention_problems
from tests.fakediscord import FakeDiscord, point_discord_py_at, run_client

from .posts import ROMANCE_FORMER

pytestmark = pytest.mark.asyncio(loop_scope="session")

NOTE = "Boards bar this for years after therapy ends; ask yours first."


async def test_curate_add_refusal_confirmation_and_note_in_reply(
    analyzer: Any, renderer: Any, storage: Any, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = ScenarioService(analyzer, renderer, storage, curation=CurationService(storage, analyzer.knowledge, renderer))
    settings = Settings(discord_token="unused-" + "x" * 20, database=db_path)
    try:
        async with FakeDiscord() as fake, point_discord_py_at(fake):
            role = fake.world.add_role(fake.guild_id, "Moderators")
            morgan = fake.add_user("morgan", roles=[role["id"]])
            await storage.set_moderator_role(fake.guild_id, int(role["id"]))
            await configure_guild(storage, fake.guild_id, [fake.channel_id])
            bot = GuidanceBot(service, settings)
            live = LiveBot(fake, bot, caplog)
            async with run_client(bot, fake):
                gid, cid = fake.guild_id, fake.channel_id
                assert fake.find_command("curate") is not None and fake.find_command("review") is not None
                options = {"name": "Former clients", "target": "mental_health+former+romance", "text": NOTE}

                refused = fake.slash_interaction_payload(gid, cid, fake.bob, "curate add", options)
                await fake.dispatch("INTERACTION_CREATE", refused)
                cb = await fake.wait_for_callback(refused["id"])
                assert cb.type == 4 and cb.ephemeral and "Only moderators" in cb.content
                assert await storage.list_answers(gid) == []

                added = fake.slash_interaction_payload(gid, cid, morgan, "curate add", options)
                await fake.dispatch("INTERACTION_CREATE", added)
                cb = await fake.wait_for_callback(added["id"])
                assert cb.type == 4 and cb.ephemeral and "Saved **Former clients**" in cb.content
                [answer] = await storage.list_answers(gid)
                assert answer.author_id == int(morgan["id"]) and answer.body == NOTE

                post = await fake.dispatch_message(ROMANCE_FORMER, author=fake.alice)
                await live.idle([int(post["id"])])
                [reply] = live.replies_to(int(post["id"]))
                assert "From the moderators" in reply.content and NOTE in reply.content
                assert "(by Morgan)" in reply.content or "(by morgan)" in reply.content
                ids = [c["custom_id"] for row in reply.components for c in row["components"]]
                assert ids[-1] == "drb:report"
                assert mention_problems(fake) == []
            fake.assert_no_unexpected_requests()
            assert not live.unexpected_errors(), live.unexpected_errors()
    finally:
        service.close()

