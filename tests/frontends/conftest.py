"""Fixtures for the frontend tests: the real analyzer (loaded once per session),
the real renderer, a real SQLite file per test (those four: tests/conftest.py),
and a real discord.py bot whose HTTP layer is recorded (see harness.py)."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.frontends.service import ScenarioService
from bot.settings import Settings

from .harness import ErrorCollector, FakeDiscordHTTP, Harness, guild_payload

TEST_TOKEN = "test-token.NOT-A-REAL-ONE.abcdefghijklmnop"


@pytest.fixture
async def service(analyzer: Any, renderer: Any, storage: Any) -> AsyncIterator[ScenarioService]:
    svc = ScenarioService(analyzer, renderer, storage)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(discord_token=TEST_TOKEN, database=db_path, owner_ids=frozenset())


async def start_bot(service: ScenarioService, settings: Settings, monkeypatch: Any, **kw: Any) -> Harness:
    from bot.frontends.discord_bot import GuidanceBot

    bot = GuidanceBot(service, settings, **kw)
    http = FakeDiscordHTTP()
    http.install(bot, monkeypatch)
    harness = Harness(bot, http)
    await bot.login(TEST_TOKEN)  # GET /users/@me, GET the app, setup_hook (cogs, items, sync)
    await harness.dispatch("guild_create", guild_payload())
    return harness


@pytest.fixture
async def discord_bot(service: ScenarioService, settings: Settings, monkeypatch: Any) -> AsyncIterator[Harness]:
    collector = ErrorCollector()
    logging.getLogger().addHandler(collector)
    harness = await start_bot(service, settings, monkeypatch)
    harness.errors = collector.records
    try:
        yield harness
    finally:
        await harness.bot.close()
        logging.getLogger().removeHandler(collector)
