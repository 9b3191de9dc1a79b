"""`Storage`: the one object the rest of the bot uses for persistence.

    db = await Storage.open(settings.database_path)
    ...
    await db.close()

or `async with Storage.open(path) as db: ...`. Methods come from one mixin per
feature; all raise StorageError subclasses, never sqlite3 errors.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .audit import AuditMixin
from .codec import now_utc
from .corrections import CorrectionsMixin
from .curation import CurationMixin
from .database import DEFAULT_BUSY_TIMEOUT_MS, Database
from .exchange import ExchangeMixin
from .featured import FeaturedMixin
from .feedback import FeedbackMixin
from .guilds import GuildsMixin
from .review import ReviewMixin
from .scenarios import ScenariosMixin

Clock = Callable[[], datetime]


class Storage(
    GuildsMixin,
    ScenariosMixin,
    FeedbackMixin,
    CurationMixin,
    ReviewMixin,
    CorrectionsMixin,
    FeaturedMixin,
    AuditMixin,
    ExchangeMixin,
):
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or now_utc

    @staticmethod
    def open(
        path: str | Path,
        *,
        read_only: bool = False,
        max_bytes: int | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        clock: Clock | None = None,
    ) -> _Opening:
        """Open (creating folder and file) and migrate the database at `path`.

        Await it, or use it with `async with`. read_only: open with mode=ro
        (writes raise StorageReadOnly). max_bytes: size cap; writes past it
        raise StorageFull. clock: returns aware UTC datetimes (tests move time).
        Raises StorageError (StorageReadOnly when the file cannot be written).
        """
        return _Opening(
            path, read_only=read_only, max_bytes=max_bytes, busy_timeout_ms=busy_timeout_ms, clock=clock
        )

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    async def probe_writable(self) -> bool:
        """False when writes will fail (read-only file, folder or mount); changes nothing."""
        return await self._db.probe_writable()

    async def schema_version(self) -> int:
        return await self._db.user_version()

    async def integrity_problems(self) -> list[str]:
        """Empty list when SQLite's integrity and foreign-key checks pass."""
        return await self._db.integrity_problems()

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class _Opening:
    """Awaitable that also works as an async context manager (like aiosqlite.connect)."""

    def __init__(self, path: str | Path, *, clock: Clock | None, **options: Any) -> None:
        self._path = path
        self._clock = clock
        self._options = options
        self._storage: Storage | None = None

    async def _open(self) -> Storage:
        db = await Database.open(self._path, **self._options)
        return Storage(db, self._clock)

    def __await__(self) -> Generator[Any, None, Storage]:
        return self._open().__await__()

    async def __aenter__(self) -> Storage:
        self._storage = await self._open()
        return self._storage

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._storage is not None:
            await self._storage.close()
