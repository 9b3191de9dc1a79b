"""Fixtures for storage tests: a real SQLite file in tmp_path and a movable clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import ScenarioRecord, Storage

REPO_ROOT = Path(__file__).resolve().parents[2]


class FakeClock:
    """Deterministic time: each call returns the current time, then ticks 1 ms,
    so consecutive writes get increasing timestamps."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(milliseconds=1)
        return current

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
async def db(db_path: Path, clock: FakeClock) -> AsyncIterator[Storage]:
    storage = await Storage.open(db_path, clock=clock)
    try:
        yield storage
    finally:
        await storage.close()


def scenario(message_id: int = 100, guild_id: int = 1, **overrides: object) -> ScenarioRecord:
    """A typical record; reply id = message id + 1 unless overridden."""
    values: dict[str, object] = dict(
        message_id=message_id,
        guild_id=guild_id,
        channel_id=10,
        author_id=500,
        reply_message_id=message_id + 1,
        thread_id=message_id + 2,
        intent="scenario",
        profession_group="mental_health",
        verdict="avoid",
        risks=("exploitation", "impaired_judgment"),
        exceptions=(),
        facts={"timing": "former"},
        confidence=0.8,
    )
    values.update(overrides)
    return ScenarioRecord(**values)  # type: ignore[arg-type]
