"""Fixtures for the domain-core tests: one Analyzer for the whole session (the
model takes ~2 s to load), and its predictions over the labelled data."""
from __future__ import annotations

from typing import Any

import pytest

from bot.core.analyzer import Analyzer

from ._support import LABELLED, load_jsonl


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.load()


@pytest.fixture(scope="session")
def nlp(analyzer: Analyzer):
    return analyzer.nlp


@pytest.fixture(scope="session")
def labelled() -> list[dict[str, Any]]:
    return load_jsonl(LABELLED)


@pytest.fixture(scope="session")
def labelled_predictions(analyzer: Analyzer, labelled: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """id -> analysis record, for tests/data/labelled.jsonl (computed once)."""
    assessments = analyzer.analyze_many([row["text"] for row in labelled])
    return {row["id"]: a.to_record(row["id"]) for row, a in zip(labelled, assessments)}
