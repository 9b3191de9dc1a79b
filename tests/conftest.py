"""Suite-wide pytest options, and the product fixtures several test folders
share. Keep this file minimal: a fixture used by one folder belongs in that
folder's conftest.py (which may also override one of these).

``--run-slow`` runs the tests marked ``slow`` (the marker is declared in
pyproject.toml): the long fuzz and load runs. Without it they are skipped.

Shared fixtures (e2e, frontends, curation): ``analyzer`` (the real one, loaded
once per session: the model takes seconds), ``renderer``, ``db_path`` (a
SQLite path in tmp_path) and ``storage`` (a real Storage opened on it).
Imports stay inside the fixtures so tests that need none of them load nothing.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run the tests marked slow (long fuzz and load runs)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip_slow)


# --------------------------------------------------------------------------- shared product fixtures


@pytest.fixture(scope="session")
def analyzer() -> Any:
    from bot.core.analyzer import Analyzer

    return Analyzer.load()


@pytest.fixture(scope="session")
def renderer(analyzer: Any) -> Any:
    from bot.replies import Renderer

    return Renderer(analyzer.knowledge)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
async def storage(db_path: Path) -> AsyncIterator[Any]:
    from bot.storage import Storage

    db = await Storage.open(db_path)
    try:
        yield db
    finally:
        await db.close()
