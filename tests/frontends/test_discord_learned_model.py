"""The running Discord bot picks up a new learned model (bot.learning) without
a restart: setup_hook loads the model next to the database (the one shipped
with the bot while none is installed) and starts a ModelWatcher; a model
installed later swaps the service's analyzer, and nothing else (records,
buttons, cogs) is touched."""
from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pytest

from bot.frontends.service import ScenarioService
from bot.learning import LearnedAdjuster
from bot.learning.cli import MODEL_FILE, write_atomic
from bot.learning.model import LABELS, LearnedModel, knowledge_hash
from bot.settings import Settings

from tests.e2e.support import wait_until

from .conftest import start_bot
from .harness import ALICE_ID, CHANNEL_ID, GUILD_ID, Harness

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."


def drop_every_label() -> LearnedModel:
    """A model sure that no label applies: it drops whatever the rules flag,
    so a reply written with it differs from the rules' one."""
    return LearnedModel(["bias"], list(LABELS), np.zeros((1, len(LABELS))), np.full(len(LABELS), -5.0),
                        {lab: (None, 0.5) for lab in LABELS}, {"knowledge_hash": knowledge_hash()})


async def reply_to(h: Harness, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    h.http.clear()
    post = await h.post(text)
    return post, h.http.sent_messages()[0].response


async def test_a_new_model_is_used_without_a_restart_and_nothing_else_changes(
    service: ScenarioService, settings: Settings, monkeypatch: Any, analyzer: Any, renderer: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await service.storage.set_scenario_channel(GUILD_ID, CHANNEL_ID, True)
    await service.storage.set_cooldown(GUILD_ID, 0)
    h = await start_bot(service, settings, monkeypatch, model_poll_seconds=0.05)
    try:
        model_path = settings.database.parent / MODEL_FILE
        assert h.bot.model_path == model_path and h.bot.model_watcher.running
        # no model installed yet: the one shipped with the bot
        assert service.analyzer.adjuster is not None and service.analyzer.adjuster is service.shipped_adjuster
        assert service.analyzer.nlp is analyzer.nlp
        post, reply = await reply_to(h, QUESTION_POST)
        assert reply["content"] == renderer.scenario(service.analyzer.analyze(QUESTION_POST)).pages[0]
        record = await service.storage.get_scenario(int(post["id"]))
        dynamic_items = dict(h.state._view_store._dynamic_items)
        cogs, storage = dict(h.bot.cogs), service.storage

        write_atomic(model_path, drop_every_label().to_json())  # what `python -m bot train` does
        shipped = service.shipped_adjuster
        await wait_until(lambda: service.analyzer.adjuster is not shipped, what="the new model")
        assert isinstance(service.analyzer.adjuster, LearnedAdjuster)
        assert service.analyzer.nlp is analyzer.nlp  # the same pipeline: no model reload

        # the state is untouched: the record, the persistent buttons, the cogs, storage
        assert await service.storage.get_scenario(int(post["id"])) == record
        assert h.state._view_store._dynamic_items == dynamic_items
        assert dict(h.bot.cogs) == cogs and service.storage is storage and h.bot.service is service
        assert not h.bot.is_closed()

        # the next post is read with the new model
        expected = renderer.scenario(service.analyzer.analyze(QUESTION_POST)).pages[0]
        assert expected != reply["content"]
        _, second = await reply_to(h, QUESTION_POST)
        assert second["content"] == expected
        # and a button on the reply sent before the swap still works
        h.http.clear()
        await h.press(reply, "drb:answer:timing:former", user_id=ALICE_ID)
        assert [c for c in h.http.calls if c.method == "PATCH"]
        assert (await service.storage.get_scenario(int(post["id"]))).facts == {"timing": "former"}

        # the installed model removed: back to the shipped one, not to nothing
        model_path.unlink()
        await wait_until(lambda: service.analyzer.adjuster is service.shipped_adjuster, what="the shipped model")
        _, third = await reply_to(h, QUESTION_POST)
        assert third["content"] == reply["content"]
        ours = [r for r in caplog.records if r.name.split(".")[0] == "bot" and r.levelno >= logging.WARNING]
        assert not ours, caplog.text
    finally:
        await h.bot.close()
    assert not h.bot.model_watcher.running  # stopped with the bot
