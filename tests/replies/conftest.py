"""Fixtures for the replies tests: the real knowledge/ and a Renderer over it.

Helpers live in replies_helpers.py (a unique module name, so they never clash
with another folder's conftest).
"""
from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge, load_knowledge
from bot.replies import Renderer


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def renderer(knowledge: Knowledge) -> Renderer:
    return Renderer(knowledge)
