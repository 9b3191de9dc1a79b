"""Helpers for the end-to-end tests of the bot against the fake Discord
(imported by conftest.py and the test modules as ``tests.e2e.support``)."""
from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from tests.fakediscord import FakeDiscord

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."
MESSAGES_PATH = r"/channels/\d+/messages"
# discord.py task names of the work the bot does for an event / interaction
_BUSY_TASKS = ("discord.py: on_", "CommandTree-invoker", "discord-ui-view-dispatch")


def make_service(analyzer: Any, renderer: Any, storage: Any) -> Any:
    """ScenarioService as bot.frontends.launch.build_service makes it: with
    the moderators' curation (notes in replies, review inbox, report button)."""
    from bot.curation import CurationService
    from bot.frontends.service import ScenarioService

    return ScenarioService(analyzer, renderer, storage,
                           curation=CurationService(storage, analyzer.knowledge, renderer))


async def wait_until(pred: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.01)


class LiveBot:
    """The running bot and the fake it is connected to, with helpers."""

    def __init__(self, fake: FakeDiscord, bot: Any, caplog: pytest.LogCaptureFixture) -> None:
        self.fake = fake
        self.bot = bot
        self.caplog = caplog
        self.received: Counter[int] = Counter()  # message id -> times on_message saw it
        self._allowed_errors: list[re.Pattern[str]] = []
        bot.add_listener(self._seen, "on_message")

    async def _seen(self, message: Any) -> None:
        self.received[message.id] += 1

    # ---- waiting
    def busy(self) -> bool:
        current = asyncio.current_task()
        for task in asyncio.all_tasks():
            if task is current or task.done():
                continue
            name = task.get_name()
            if name.startswith(_BUSY_TASKS):
                return True
        return False

    async def idle(self, ids: Iterable[int] = (), timeout: float = 30.0, quiet: float = 0.05) -> None:
        """Wait until the bot received every message in ``ids`` and finished
        all the work it started (event handlers, interactions), and stays so
        for ``quiet`` seconds (its own messages echo back over the gateway)."""
        wanted = [int(i) for i in ids]
        deadline = time.monotonic() + timeout
        calm_since: float | None = None
        while True:
            now = time.monotonic()
            done = all(self.received[i] for i in wanted) and not self.busy()
            if done:
                calm_since = calm_since or now
                if now - calm_since >= quiet:
                    return
            else:
                calm_since = None
            if now > deadline:
                missing = [i for i in wanted if not self.received[i]]
                raise AssertionError(
                    f"bot not idle after {timeout}s (not received: {missing[:5]}, busy: {self.busy()}). "
                    f"{self.fake.summary()}"
                )
            await asyncio.sleep(0.01)

    # ---- what the bot sent
    def replies_to(self, post_id: int, *, include_deleted: bool = True) -> list[Any]:
        """The bot's messages that reply to (reference) the post ``post_id``."""
        return [
            m
            for m in self.fake.sent_messages(include_deleted=include_deleted)
            if (m.reference or {}).get("message_id") == str(post_id)
        ]

    def threads_of(self, post_id: int) -> list[dict[str, Any]]:
        ch = self.fake.world.channels.get(int(post_id))
        return [ch] if ch is not None and ch.get("type") in (10, 11, 12) else []

    def statuses(self, method: str, path_regex: str) -> list[int]:
        return [r.status for r in self.fake.requests_matching(method, path_regex)]

    # ---- logged errors
    def expect_errors(self, *patterns: str) -> None:
        """ERROR records whose message matches one of ``patterns`` are expected."""
        self._allowed_errors.extend(re.compile(p, re.S) for p in patterns)

    def error_records(self) -> list[logging.LogRecord]:
        return [r for r in self.caplog.records if r.levelno >= logging.ERROR]

    def unexpected_errors(self) -> list[str]:
        out = []
        for r in self.error_records():
            text = r.getMessage()
            if r.exc_info and r.exc_info[1] is not None:
                text += f" | {type(r.exc_info[1]).__name__}: {r.exc_info[1]}"
            if not any(p.search(text) for p in self._allowed_errors):
                out.append(f"{r.name}: {text}")
        return out


async def configure_guild(
    storage: Any,
    guild_id: int,
    channels: Iterable[int],
    *,
    cooldown: int = 0,
    polls: bool = False,
) -> None:
    for cid in channels:
        await storage.set_scenario_channel(guild_id, cid, True)
    await storage.set_cooldown(guild_id, cooldown)
    await storage.set_polls(guild_id, polls)


# --------------------------------------------------------------------------- what the bot sends

# requests that carry a message body the bot wrote (create or edit)
_MESSAGE_ROUTES = [
    ("POST", re.compile(r"/channels/\d+/messages")),
    ("PATCH", re.compile(r"/channels/\d+/messages/\d+")),
    ("POST", re.compile(r"/webhooks/\d+/[^/]+")),
    ("PATCH", re.compile(r"/webhooks/\d+/[^/]+/messages/[^/]+")),
    ("POST", re.compile(r"/interactions/\d+/[^/]+/callback")),
]
# what could ping if allowed_mentions were ignored: @everyone, @here, and "<@"
# (user, nickname and role mentions) unless a zero-width space breaks it, as
# bot.replies.sanitize does ("<@\u200b123>" is inert)
PING_PATTERN = re.compile(r"@everyone|@here|<@(?!\u200b)")


def message_bodies(fake: FakeDiscord, since: int = 0) -> list[tuple[Any, dict[str, Any]]]:
    """(request, message body) for every message the bot sent or edited,
    from ``fake.requests[since:]`` (interaction callbacks: their ``data``)."""
    out = []
    for req in fake.requests[since:]:
        if not any(req.method == m and rx.fullmatch(req.path) for m, rx in _MESSAGE_ROUTES):
            continue
        body = req.json if isinstance(req.json, dict) else {}
        if req.path.endswith("/callback"):
            body = body.get("data") or {}
        if not any(k in body for k in ("content", "embeds", "poll", "components")):
            continue  # a deferral, or a callback without a message
        out.append((req, body))
    return out


def visible_texts(body: dict[str, Any]) -> list[str]:
    texts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        texts += [embed.get("title") or "", embed.get("description") or ""]
        texts += [f.get("name", "") + " " + f.get("value", "") for f in embed.get("fields") or []]
        texts += [(embed.get("footer") or {}).get("text") or ""]
    poll = body.get("poll") or {}
    if poll:
        texts.append((poll.get("question") or {}).get("text") or "")
        texts += [(a.get("poll_media") or {}).get("text") or "" for a in poll.get("answers") or []]
    return [t for t in texts if t]


def mention_problems(fake: FakeDiscord, since: int = 0) -> list[str]:
    """Every message the bot sent must disable all pings (allowed_mentions
    parse [] with no user/role ids and no replied_user) AND carry no raw
    sequence that would ping if allowed_mentions were ignored."""
    problems = []
    for req, body in message_bodies(fake, since):
        am = body.get("allowed_mentions")
        if not isinstance(am, dict) or am.get("parse") != [] or am.get("users") or am.get("roles") \
                or am.get("replied_user"):
            problems.append(f"{req!r}: allowed_mentions={am!r}")
        for text in visible_texts(body):
            for hit in PING_PATTERN.finditer(text):
                at = hit.start()
                problems.append(f"{req!r}: {hit.group()!r} in {text[max(0, at - 40):at + 40]!r}")
    return problems


def client_errors(fake: FakeDiscord, since: int = 0) -> list[Any]:
    """Requests the fake answered with 4xx/5xx that were not injected faults."""
    return [r for r in fake.requests[since:] if r.status >= 400 and r.fault is None]
