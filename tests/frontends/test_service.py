"""ScenarioService: the frontend-neutral layer, with the real analyzer,
renderer and a real SQLite file."""
from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest

from bot.frontends.service import (
    ANALYZE_MAX_CHARS,
    ONLY_AUTHOR,
    GuildConfig,
    ScenarioService,
    fuzzy_rank,
    split_pages,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

G, C, ALICE, BOB = 10, 20, 30, 40
QUESTION_POST = "I am a counselor and I have a crush on a client of mine."


class ThreadSpy:
    """The real analyzer, noting which thread each analysis ran on."""

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer
        self.knowledge = analyzer.knowledge
        self.threads: list[str] = []

    def analyze(self, text: str, facts: Any = None) -> Any:
        self.threads.append(threading.current_thread().name)
        return self._analyzer.analyze(text, facts)


async def test_analysis_runs_off_the_event_loop(analyzer: Any, renderer: Any, storage: Any) -> None:
    spy = ThreadSpy(analyzer)
    service = ScenarioService(spy, renderer, storage)  # type: ignore[arg-type]
    try:
        await service.handle_post(G, C, ALICE, 1, QUESTION_POST, config=GuildConfig(G, frozenset({C}), cooldown_seconds=0))
        await service.analyze_text("My cousin wants me to be her lawyer.")
    finally:
        service.close()
    assert len(spy.threads) == 2
    assert all(name.startswith("analyzer") for name in spy.threads)
    assert threading.main_thread().name not in spy.threads


async def test_post_outcomes_by_intent(service: ScenarioService, renderer: Any, analyzer: Any) -> None:
    config = GuildConfig(G, frozenset({C}), polls=True, cooldown_seconds=0)
    scenario = await service.handle_post(G, C, ALICE, 1, QUESTION_POST, config=config)
    assert scenario.action == "reply" and scenario.kind == "scenario"
    assert scenario.open_thread and scenario.thread_title == renderer.thread_title(analyzer.analyze(QUESTION_POST))
    assert [q.id for q in scenario.questions] == ["timing"]
    assert scenario.poll is not None and len(scenario.poll[1]) >= 2
    assert all(len(p) <= 2000 for p in scenario.pages)

    lookup = await service.handle_post(G, C, ALICE, 2, "What counts as a dual relationship?", config=config)
    assert lookup.action == "reply" and lookup.kind == "lookup" and not lookup.open_thread and lookup.poll is None

    chat = await service.handle_post(G, C, ALICE, 3, "great discussion everyone, thanks!", config=config)
    assert chat.action == "ignore" and chat.pages == ()

    empty = await service.handle_post(G, C, ALICE, 4, "   ", config=config)
    assert empty.action == "ignore" and empty.kind == "empty"


async def test_cooldown_window(analyzer: Any, renderer: Any, storage: Any) -> None:
    now = [1000.0]
    service = ScenarioService(analyzer, renderer, storage, clock=lambda: now[0])
    config = GuildConfig(G, frozenset({C}), cooldown_seconds=60)
    try:
        first = await service.handle_post(G, C, ALICE, 1, QUESTION_POST, config=config)
        assert first.action == "reply"
        second = await service.handle_post(G, C, ALICE, 2, QUESTION_POST, config=config)
        third = await service.handle_post(G, C, ALICE, 3, QUESTION_POST, config=config)
        assert (second.action, second.notify) == ("cooldown", True)
        assert (third.action, third.notify) == ("cooldown", False)
        assert (await service.handle_post(G, C, BOB, 4, QUESTION_POST, config=config)).action == "reply"
        now[0] += 61
        assert (await service.handle_post(G, C, ALICE, 5, QUESTION_POST, config=config)).action == "reply"
        # two quick posts: only one gets through, even while the first is analysed
        now[0] += 61
        both = await asyncio.gather(
            service.handle_post(G, C, ALICE, 8, QUESTION_POST, config=config),
            service.handle_post(G, C, ALICE, 9, QUESTION_POST, config=config),
        )
        assert sorted(o.action for o in both) == ["cooldown", "reply"]
        # chit-chat does not start a cooldown
        now[0] += 61
        await service.handle_post(G, C, ALICE, 6, "lol", config=config)
        assert (await service.handle_post(G, C, ALICE, 7, QUESTION_POST, config=config)).action == "reply"
    finally:
        service.close()


async def test_answer_question_flow(service: ScenarioService, renderer: Any, analyzer: Any) -> None:
    config = GuildConfig(G, frozenset({C}), cooldown_seconds=0)
    outcome = await service.handle_post(G, C, ALICE, 100, QUESTION_POST, config=config)
    await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE, message_id=100, reply_message_id=101, thread_id=100)
    posts = {100: QUESTION_POST}

    async def fetch(channel_id: int, message_id: int) -> str | None:
        assert channel_id == C
        return posts.get(message_id)

    other = await service.answer_question(101, BOB, "timing", "former", fetch)
    assert other.status == "not_author" and other.message == ONLY_AUTHOR

    ok = await service.answer_question(101, ALICE, "timing", "former", fetch)
    assert ok.status == "ok" and ok.questions == () and ok.thread_id == 100
    assert ok.pages == renderer.scenario(analyzer.analyze(QUESTION_POST, {"timing": "former"})).pages
    old_rest = renderer.scenario(analyzer.analyze(QUESTION_POST)).pages[1:]
    assert ok.thread_pages == (ok.pages[1:] if ok.pages[1:] != old_rest else ())
    record = await service.storage.get_scenario(100)
    assert record.facts == {"timing": "former"}
    assert record.verdict == analyzer.analyze(QUESTION_POST, {"timing": "former"}).verdict

    bogus = await service.answer_question(101, ALICE, "timing", "tomorrow", fetch)
    assert bogus.status == "invalid"
    unknown = await service.answer_question(999, ALICE, "timing", "former", fetch)
    assert unknown.status == "unknown"

    posts.clear()  # the post was deleted
    gone = await service.answer_question(101, ALICE, "timing", "current", fetch)
    assert gone.status == "gone"
    assert await service.storage.get_scenario(100) is None


async def test_feedback_and_forget(service: ScenarioService) -> None:
    config = GuildConfig(G, frozenset({C}), cooldown_seconds=0)
    outcome = await service.handle_post(G, C, ALICE, 200, QUESTION_POST, config=config)
    await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE, message_id=200, reply_message_id=201)
    assert (await service.feedback(201, BOB, "up")).status == "ok"
    assert await service.storage.get_feedback(201, BOB) == 1
    assert (await service.feedback(999, BOB, "up")).status == "unknown"
    record = await service.forget_message(201)  # by the reply id
    assert record is not None and record.message_id == 200
    assert await service.storage.get_scenario(200) is None
    assert await service.forget_message(200) is None


async def test_storage_trouble_gives_calm_messages(analyzer: Any, renderer: Any, db_path: Any) -> None:
    from bot.storage import Storage

    storage = await Storage.open(db_path)
    await storage.close()  # every call now raises StorageError
    service = ScenarioService(analyzer, renderer, storage)
    try:
        result = await service.feedback(1, 2, "up")
        assert result.status == "error" and result.message == service.error("storage_unavailable")
        answer = await service.answer_question(1, 2, "timing", "former", lambda c, m: None)  # type: ignore[arg-type,return-value]
        assert answer.status == "error"
        assert await service.forget_message(1) is None
        assert await service.purge_expired() == 0
        outcome = await service.handle_post(G, C, ALICE, 1, QUESTION_POST, config=GuildConfig(G, frozenset({C}), cooldown_seconds=0))
        await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE, message_id=1, reply_message_id=2)  # logged, not raised
    finally:
        service.close()


async def test_unwritable_storage_is_logged_once_until_a_write_succeeds(
    analyzer: Any, renderer: Any, storage: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.storage import Storage

    caplog.set_level(logging.DEBUG, logger="bot.frontends.service")
    config = GuildConfig(G, frozenset({C}), cooldown_seconds=0)

    async def fetch(channel_id: int, message_id: int) -> str | None:
        return QUESTION_POST

    async with Storage.open(storage.path, read_only=True) as ro:
        service = ScenarioService(analyzer, renderer, ro)
        try:
            outcome = await service.handle_post(G, C, ALICE, 300, QUESTION_POST, config=config)
            for n in range(3):
                await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE,
                                           message_id=300 + 2 * n, reply_message_id=301 + 2 * n)
            for _ in range(2):
                assert await service.purge_expired() == 0
            errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
            # one line per kind of write, without traceback, saying what is wrong
            assert [r.getMessage().split(":")[0] for r in errors] == [
                "could not store the scenario record for message 300", "retention purge failed"]
            assert all(not r.exc_info and "StorageReadOnly" in r.getMessage() and str(storage.path) in r.getMessage()
                       for r in errors)
            assert len([r for r in caplog.records if r.levelno == logging.DEBUG]) == 3  # the repeats
            # a button on a reply that could not be stored: storage, not "expired"
            answer = await service.answer_question(301, ALICE, "timing", "former", fetch)
            assert (answer.status, answer.message) == ("error", service.error("storage_unavailable"))

            caplog.clear()
            service.storage = storage  # writable again (e.g. the mount was fixed)
            await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE,
                                       message_id=310, reply_message_id=311)
            assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.INFO, "storage writable again")]
            assert not service.storage_failing
            answer = await service.answer_question(301, ALICE, "timing", "former", fetch)
            assert answer.status == "unknown"  # now a missing record has expired (or was deleted)
        finally:
            service.close()


async def test_other_storage_failures_keep_their_traceback(
    analyzer: Any, renderer: Any, storage: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            return getattr(storage, name)

        async def save_scenario(self, record: Any) -> None:
            raise RuntimeError("a bug, not the database")

    service = ScenarioService(analyzer, renderer, Broken())
    try:
        outcome = await service.handle_post(G, C, ALICE, 400, QUESTION_POST, config=GuildConfig(G, frozenset({C}), cooldown_seconds=0))
        for n in range(2):
            await service.record_reply(outcome, guild_id=G, channel_id=C, author_id=ALICE,
                                       message_id=400 + 2 * n, reply_message_id=401 + 2 * n)
    finally:
        service.close()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2 and all(isinstance(r.exc_info[1], RuntimeError) for r in errors)
    assert not service.storage_failing


async def test_lookups_resolve_fuzzily(service: ScenarioService, renderer: Any) -> None:
    assert service.resolve("risk", "fairness") == ("fairness", [])
    assert service.resolve("risk", "fairnes")[0] == "fairness"
    assert service.resolve("risk", "Clouded judgment")[0] == "clouded_judgment"
    assert service.resolve("risk", "sexual")[0] == "sexual_relationship"
    assert service.resolve("exception", "rural")[0] == "rural_access"
    assert service.resolve("exception", "insular community")[0] == "insular_community"
    missing, suggestions = service.resolve("risk", "zzzz")
    assert missing is None
    assert service.risk("fairness") == renderer.risk_card("fairness").pages
    assert "zzzz" in service.risk("zzzz")[0]


async def test_autocomplete(service: ScenarioService) -> None:
    everything = service.autocomplete("risk", "")
    assert [v for _, v in everything] == list(service.knowledge.risks)
    assert service.autocomplete("risk", "judg")[0][1] == "clouded_judgment"
    assert service.autocomplete("risk", "presure")[0][1] == "pressure_imbalance"
    assert service.autocomplete("exception", "relig")[0][1] == "insular_community"
    assert all(len(name) <= 100 for name, _ in everything)
    assert len(fuzzy_rank("a", service.knowledge.risks.values(), limit=3)) <= 3


async def test_analyze_text_limits(service: ScenarioService) -> None:
    pages, a = await service.analyze_text("")
    assert a is None and pages == (service.error("empty"),)
    pages, a = await service.analyze_text("x" * (ANALYZE_MAX_CHARS + 1))
    assert a is None and str(ANALYZE_MAX_CHARS) in pages[0]
    pages, a = await service.analyze_text("What counts as a dual relationship?")
    assert a is not None and a.intent == "lookup" and pages


async def test_split_pages() -> None:
    text = ("word " * 500 + "\n\n") * 3
    pages = split_pages(text, 1000)
    assert all(len(p) <= 1000 for p in pages)
    assert " ".join(" ".join(pages).split()) == " ".join(text.split())
    assert split_pages("   ") == ()
