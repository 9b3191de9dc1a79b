"""Fixtures for the curation tests: the real analyzer (once per session), the
real renderer and knowledge, a real SQLite file per test (analyzer, renderer,
db_path and storage: tests/conftest.py), and a fake platform (display names,
message texts, links) standing in for Discord or the console."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.curation import Actor, CurationService
from bot.storage import ScenarioRecord, Storage

GUILD_A = 111
GUILD_B = 222
MOD_A = 1001  # moderator of guild A
MOD_B = 2001  # moderator of guild B
MEMBER = 3001
OTHER_MEMBER = 3002
CHANNEL = 5001


class FakePlatform:
    def __init__(self) -> None:
        self.names: dict[int, str] = {MOD_A: "Jane Mod", MOD_B: "Bea Mod", MEMBER: "Sam", OTHER_MEMBER: "Kim"}
        self.texts: dict[int, str] = {}
        self.fetched: list[int] = []

    async def display_name(self, guild_id: int, user_id: int) -> str | None:
        return self.names.get(user_id)

    async def fetch_text(self, channel_id: int, message_id: int) -> str | None:
        self.fetched.append(message_id)
        return self.texts.get(message_id)

    def jump_url(self, guild_id: int, channel_id: int, message_id: int) -> str | None:
        return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


@pytest.fixture(scope="session")
def knowledge(analyzer: Any) -> Any:
    return analyzer.knowledge


@pytest.fixture(scope="session")
def assess(analyzer: Any) -> Any:
    """Analyse a post once per session (the analyzer is the slow part)."""
    cache: dict[str, Any] = {}

    def run(text: str, **changes: Any) -> Any:
        if text not in cache:
            cache[text] = analyzer.analyze(text)
        return replace(cache[text], **changes) if changes else cache[text]

    return run


@pytest.fixture
def platform() -> FakePlatform:
    return FakePlatform()


@pytest.fixture
def curation(storage: Storage, knowledge: Any, renderer: Any, platform: FakePlatform) -> CurationService:
    return CurationService(storage, knowledge, renderer, platform=platform)


@pytest.fixture
def mod_a() -> Actor:
    return Actor(MOD_A, GUILD_A, True)


@pytest.fixture
def mod_b() -> Actor:
    return Actor(MOD_B, GUILD_B, True)


@pytest.fixture
def member() -> Actor:
    return Actor(MEMBER, GUILD_A, False)


async def save_post(
    storage: Storage, assessment: Any, message_id: int, *, guild_id: int = GUILD_A, author_id: int = MEMBER,
    reply_id: int | None = None, thread: bool = True,
) -> ScenarioRecord:
    """Store a scenario record as the scenario service does after replying."""
    return await storage.save_scenario(
        ScenarioRecord.from_assessment(
            assessment, message_id=message_id, guild_id=guild_id, channel_id=CHANNEL, author_id=author_id,
            reply_message_id=reply_id if reply_id is not None else message_id + 1,
            thread_id=message_id if thread else None,
        )
    )
