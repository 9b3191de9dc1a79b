"""Fixtures for the end-to-end tests of the bot itself against the fake Discord.

The whole product runs for real: ``GuidanceBot`` (bot/frontends) with the real
Analyzer (loaded once per session), the real Renderer and a real SQLite file
in ``tmp_path``, talking over loopback to ``tests.fakediscord.FakeDiscord``.

``live_bot(service, settings, ...)`` (the fixture returns the factory) is an
async context manager yielding a :class:`LiveBot`: the fake, the bot and
helpers to wait until the bot has handled everything (``await live.idle()``).
On exit it asserts that the bot made no unexpected REST call and that nothing
logged an ERROR except what the test declared with ``live.expect_errors(...)``.

The autouse ``no_leaked_resources`` fixture of test_fakediscord_client.py
(unclosed aiohttp sessions, pending tasks destroyed, errors logged by asyncio,
discord or aiohttp) is reused for every test in this folder.
"""
from __future__ import annotations

import importlib.util
import logging
import pathlib
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

_ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # so `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(_ROOT))

from tests.e2e.support import LiveBot, make_service  # noqa: E402
from tests.fakediscord import FakeDiscord, point_discord_py_at, run_client  # noqa: E402


def _client_tests_module() -> Any:
    """test_fakediscord_client.py, imported under the name pytest itself uses
    for it (rootless test folder: its basename), so it is not loaded twice."""
    name = "test_fakediscord_client"
    if name in sys.modules:
        return sys.modules[name]
    here = Path(__file__).with_name(f"{name}.py")
    if str(here.parent) in sys.path:
        return __import__(name)
    spec = importlib.util.spec_from_file_location(name, here)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# the autouse leak / logged-error check of the client tests, for every test here
no_leaked_resources = _client_tests_module().no_leaked_resources


# --------------------------------------------------------------------------- product objects
# analyzer, renderer, db_path and storage: tests/conftest.py


@pytest.fixture
async def service(analyzer: Any, renderer: Any, storage: Any) -> AsyncIterator[Any]:
    """The service as the launcher builds it (with moderator curation)."""
    svc = make_service(analyzer, renderer, storage)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def settings(db_path: Path) -> Any:
    from bot.settings import Settings

    return Settings(discord_token="unused-" + "x" * 20, database=db_path, owner_ids=frozenset())


# --------------------------------------------------------------------------- the live bot


@pytest.fixture
def live_bot(caplog: pytest.LogCaptureFixture) -> Callable[..., Any]:
    """Factory: ``async with live_bot(service, settings, fake=None, **fake_kw) as live``.

    Starts a FakeDiscord (unless ``fake`` is given), points discord.py at it,
    runs the real GuidanceBot until READY; on exit closes the bot, then checks
    for unexpected REST calls and unexpected ERROR log records."""
    caplog.set_level(logging.INFO, logger="bot")

    @asynccontextmanager
    async def factory(service: Any, settings: Any, *, fake: FakeDiscord | None = None,
                      bot_options: dict[str, Any] | None = None, **fake_kw: Any) -> AsyncIterator[LiveBot]:
        from bot.frontends.discord_bot import GuidanceBot

        async with _maybe_fake(fake, fake_kw) as the_fake, point_discord_py_at(the_fake):
            bot = GuidanceBot(service, settings, guild_ready_timeout=0.05, **(bot_options or {}))
            live = LiveBot(the_fake, bot, caplog)
            async with run_client(bot, the_fake):
                yield live
            the_fake.assert_no_unexpected_requests()
            unexpected = live.unexpected_errors()
            assert not unexpected, unexpected

    return factory


@asynccontextmanager
async def _maybe_fake(fake: FakeDiscord | None, kw: dict[str, Any]) -> AsyncIterator[FakeDiscord]:
    if fake is not None:
        yield fake
        return
    async with FakeDiscord(**kw) as started:
        yield started


