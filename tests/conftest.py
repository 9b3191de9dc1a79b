"""Suite-wide pytest options. Keep this file minimal: fixtures belong in the
conftest.py of each test folder.

``--run-slow`` runs the tests marked ``slow`` (the marker is declared in
pyproject.toml): the long fuzz and load runs. Without it they are skipped.
"""
from __future__ import annotations

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
