"""Hot reload of the learned model in a running bot.

`ModelWatcher` polls the model file's modification time and size (an asyncio
task, every 30 s by default). When the file changes (`python -m bot train`
installed a new one, with an atomic os.replace) it loads it with
`load_adjuster` (in a worker thread) and calls `callback(adjuster)`.

The adjuster handed over is None when the file was removed, is stale (trained
against other knowledge files) or unusable: the callback then picks the
default, which in the bot's service (`ScenarioService.use_adjuster`) is the
model shipped with the package, or the rules alone when that one is stale too.

Wiring it into a frontend (bot.frontends; the service keeps its analyzer in
`service.analyzer` and reads that attribute at every analysis)::

    from bot.learning import ModelWatcher, default_model_path, load_adjuster

    model_path = default_model_path(settings.database)      # data/learned_model.json
    service.analyzer = service.analyzer.with_adjuster(load_adjuster(model_path))

    def use(adjuster):
        service.analyzer = service.analyzer.with_adjuster(adjuster)

    watcher = ModelWatcher(model_path, use, interval=30)
    watcher.start()            # inside the running event loop (e.g. setup_hook)
    ...
    await watcher.stop()       # on shutdown

`Analyzer.with_adjuster` shares the loaded spaCy pipeline, so a swap costs no
model reload, and nothing else is touched: the database, open views, cooldowns
and in-flight analyses (they finish on the analyzer they started with) keep
their state. The callback runs on the event loop; it may also be a coroutine
function. A callback that raises is logged and the watcher keeps going.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ..core.knowledge import KNOWLEDGE_DIR
from .model import LearnedAdjuster, load_adjuster

log = logging.getLogger(__name__)

Callback = Callable[[LearnedAdjuster | None], Awaitable[Any] | Any]
Signature = tuple[int, int, int] | None  # (mtime_ns, size, inode), None: no file
_UNSEEN: Any = object()  # differs from every signature


def file_signature(path: Path) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class ModelWatcher:
    def __init__(
        self,
        path: Path | str,
        callback: Callback,
        *,
        interval: float = 30.0,
        knowledge_dir: Path | str = KNOWLEDGE_DIR,
        notify_initial: bool = False,
        settle: float = 0.2,
    ) -> None:
        """notify_initial: also call back for the file as it is when the watcher
        starts (then the frontend need not load it itself). settle: after a
        change is seen, wait this long and look again, so a file still being
        written by a non-atomic copy is read only once it is complete."""
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.path = Path(path)
        self.callback = callback
        self.interval = interval
        self.knowledge_dir = knowledge_dir
        self.notify_initial = notify_initial
        self.settle = min(settle, interval)
        self._seen: Any = _UNSEEN
        self._task: asyncio.Task[None] | None = None
        self.reloads = 0  # how many times the callback was called

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task[None]:
        """Start polling (call inside a running event loop). Idempotent."""
        if self.running:
            assert self._task is not None
            return self._task
        self._seen = _UNSEEN if self.notify_initial else file_signature(self.path)
        self._task = asyncio.get_running_loop().create_task(self._loop(), name=f"model-watcher:{self.path.name}")
        return self._task

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    async def _loop(self) -> None:
        while True:
            try:
                await self.check()
            except asyncio.CancelledError:
                raise
            except Exception:  # never let one bad poll end the watching
                log.exception("model watcher: checking %s failed", self.path)
            await asyncio.sleep(self.interval)

    async def check(self) -> bool:
        """One poll: True when the file changed and the callback was called."""
        sig = file_signature(self.path)
        if sig == self._seen:
            return False
        if self.settle > 0:
            await asyncio.sleep(self.settle)
            again = file_signature(self.path)
            if again != sig:
                return False  # still being written; look again at the next poll
        # a removed file is no error: the callback falls back to its default
        adjuster = None if sig is None else await asyncio.to_thread(load_adjuster, self.path, self.knowledge_dir)
        self._seen = sig
        if sig is None:
            log.info("model watcher: %s was removed; back to the default (the shipped model, or the rules alone)", self.path)
        elif adjuster is None:
            log.warning("model watcher: %s changed but is not usable; back to the default (the shipped model, or the rules alone)", self.path)
        else:
            log.info("model watcher: loaded the learned model from %s (trained_at %s)",
                     self.path, adjuster.meta.get("trained_at"))
        try:
            result = self.callback(adjuster)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("model watcher: the reload callback failed")
        self.reloads += 1
        return True
