"""ModelWatcher: a running bot picks up a new model file without restarting."""
from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path
from typing import Any

from bot.learning import LearnedAdjuster, ModelWatcher
from bot.learning.cli import main, write_atomic

from .conftest import LABEL, train_args
from .test_learning_model import NEW_POST


async def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


class Service:
    """Stands in for the frontends' ScenarioService: it only holds an analyzer."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self.state = {"cooldowns": {1: 2.0}}


async def test_watcher_swaps_the_adjuster_on_change(analyzer: Any, files: dict[str, Path], tmp_path: Path) -> None:
    trained = tmp_path / "trained.json"
    assert main(train_args(files, "--out", str(trained)), analyzer=analyzer, stdout=io.StringIO()) == 0
    path = files["out"]
    service = Service(analyzer)
    state = service.state
    seen: list[Any] = []

    def use(adjuster: Any) -> None:
        seen.append(adjuster)
        service.analyzer = service.analyzer.with_adjuster(adjuster)

    watcher = ModelWatcher(path, use, interval=0.05, settle=0.01)
    watcher.start()
    try:
        await asyncio.sleep(0.15)
        assert seen == []  # nothing there yet, nothing changed

        write_atomic(path, trained.read_text(encoding="utf-8"))  # `python -m bot train` installs
        await wait_for(lambda: len(seen) == 1)
        assert isinstance(seen[0], LearnedAdjuster)
        assert service.analyzer.nlp is analyzer.nlp  # same pipeline, no reload
        assert service.state is state and state == {"cooldowns": {1: 2.0}}
        assert LABEL in service.analyzer.analyze(NEW_POST).risk_ids

        await asyncio.sleep(0.15)
        assert len(seen) == 1  # an unchanged file is not reloaded

        os.unlink(path)  # the model removed: back to the rules alone
        await wait_for(lambda: len(seen) == 2)
        assert seen[1] is None
        assert LABEL not in service.analyzer.analyze(NEW_POST).risk_ids
    finally:
        await watcher.stop()
    assert not watcher.running


async def test_watcher_survives_a_failing_callback_and_can_notify_at_start(
    analyzer: Any, files: dict[str, Path], tmp_path: Path
) -> None:
    trained = tmp_path / "trained.json"
    assert main(train_args(files, "--out", str(trained)), analyzer=analyzer, stdout=io.StringIO()) == 0
    calls: list[Any] = []

    async def flaky(adjuster: Any) -> None:
        calls.append(adjuster)
        if len(calls) == 1:
            raise RuntimeError("boom")

    watcher = ModelWatcher(trained, flaky, interval=0.05, settle=0.0, notify_initial=True)
    watcher.start()
    try:
        await wait_for(lambda: len(calls) == 1)
        assert isinstance(calls[0], LearnedAdjuster)
        trained.write_text(trained.read_text(encoding="utf-8") + " ", encoding="utf-8")
        await wait_for(lambda: len(calls) == 2)
        assert watcher.running
    finally:
        await watcher.stop()
