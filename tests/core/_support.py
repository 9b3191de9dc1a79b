"""Shared helpers for the domain-core tests (imported by the test modules)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.core.assessment import Assessment
from bot.core.knowledge import EXCEPTION_IDS, RISK_IDS

PROJECT = Path(__file__).resolve().parents[2]
LABELLED = PROJECT / "tests" / "data" / "labelled.jsonl"
SHARED_DEV = PROJECT.parent / "shared" / "eval" / "dev.jsonl"
VENV_PYTHON = PROJECT / ".venv" / "bin" / "python"

INTENTS = ("scenario", "lookup", "other")
VERDICTS = ("prohibited", "avoid", "may_be_appropriate", "caution")
GROUPS = ("mental_health", "medical", "legal", "other")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assert_sane(a: Assessment) -> None:
    """The invariants every Assessment must hold, whatever the input."""
    assert a.intent in INTENTS, a.intent
    assert isinstance(a.confidence, float) and 0.0 <= a.confidence <= 1.0, a.confidence
    if a.intent == "scenario":
        assert a.verdict in VERDICTS, a.verdict
        assert a.profession_group in GROUPS, a.profession_group
        assert a.verdict_rule in (1, 2, 3, 4, 5)
    else:
        assert a.verdict is None and a.verdict_rule is None
        assert a.profession_group is None
        assert not a.risks and not a.exceptions
    assert {f.id for f in a.risks} <= set(RISK_IDS)
    assert {f.id for f in a.exceptions} <= set(EXCEPTION_IDS)
    assert len(a.risk_ids) == len(set(a.risk_ids)), a.risk_ids
    for finding in (*a.risks, *a.exceptions):
        for e in finding.evidence:
            assert 0 <= e.start < e.end <= len(a.text), (finding.id, e, len(a.text))
            assert a.text[e.start:e.end] == e.text, (finding.id, e)
    for m in (*a.mentions, *a.relationships):
        assert 0 <= m.start < m.end <= len(a.text), m
        assert a.text[m.start:m.end] == m.text, m
    record = a.to_record("x")
    json.dumps(record)  # serialisable
    for key in ("id", "intent", "confidence", "profession_group", "risks", "exceptions", "verdict"):
        assert key in record, key


def labels_of(record: dict[str, Any]) -> dict[str, Any]:
    """The comparable labels of a gold row or a predicted record."""
    ids = lambda items: {x["id"] if isinstance(x, dict) else x for x in items or []}  # noqa: E731
    out: dict[str, Any] = {
        "intent": record.get("intent"),
        "verdict": record.get("verdict"),
        "profession_group": record.get("profession_group"),
    }
    risks, exceptions = ids(record.get("risks")), ids(record.get("exceptions"))
    out.update({f"risk:{r}": r in risks for r in RISK_IDS})
    out.update({f"exception:{e}": e in exceptions for e in EXCEPTION_IDS})
    return out


def difference(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    la, lb = labels_of(a), labels_of(b)
    return {k for k in la if la[k] != lb[k]}
