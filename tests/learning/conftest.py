"""Fixtures for the learned layer: the real analyzer (loaded once), and a
small crafted corpus in which a word the rules do not know ("zorbly")
reliably signals unwillingness_to_share."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

WORD = "zorbly"
LABEL = "unwillingness_to_share"
PROS = ["dentist", "lawyer", "accountant", "physiotherapist", "hairdresser", "tutor",
        "plumber", "vet", "optometrist", "personal trainer", "tax preparer", "chiropractor"]
TIES = ["neighbour", "coworker", "old classmate", "gym buddy", "book club friend", "landlord's nephew"]


@pytest.fixture(scope="session")
def analyzer() -> Any:
    from bot.core.analyzer import Analyzer

    return Analyzer.load()


def post(i: int, with_word: bool, tail: str = "about the whole thing") -> str:
    pro, tie = PROS[i % len(PROS)], TIES[i % len(TIES)]
    mood = WORD if with_word else "relaxed"
    return f"I'm a {pro} and my {tie} wants to become a client of mine. He seems {mood} {tail}."


def labelled(analyzer: Any, texts: list[tuple[str, str, bool, str | None]]) -> list[dict[str, Any]]:
    """Gold = what the rules say, plus LABEL where the word is present: the
    only thing there is to learn is the word."""
    rows = []
    for (rid, text, with_word, pair), a in zip(texts, analyzer.analyze_many([t[1] for t in texts])):
        rec = a.to_record(rid)
        risks = sorted({r["id"] for r in rec["risks"]} | ({LABEL} if with_word else set()))
        row = {"id": rid, "text": text, "intent": rec["intent"], "profession_group": rec["profession_group"],
               "risks": risks, "exceptions": [e["id"] for e in rec["exceptions"]], "verdict": rec["verdict"]}
        if pair:
            row["pair"] = pair
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus(analyzer: Any) -> list[dict[str, Any]]:
    """24 training posts: 12 pairs, the same post with and without the word."""
    texts = []
    for i in range(12):
        texts.append((f"w{i}", post(i, True), True, f"p{i}"))
        texts.append((f"n{i}", post(i, False), False, f"p{i}"))
    return labelled(analyzer, texts)


@pytest.fixture(scope="session")
def regression_rows(analyzer: Any) -> list[dict[str, Any]]:
    """Unseen posts of the same kind (other wording), and two from the dev set's style."""
    tail = "when we talk about it"
    texts = [(f"r{i}", post(i + 3, i % 2 == 0, tail), i % 2 == 0, None) for i in range(6)]
    rows = labelled(analyzer, texts)
    rows.append({"id": "d01", "text": "My brother-in-law is my dentist. Is that a problem?", "intent": "scenario",
                 "profession_group": "medical", "risks": ["clouded_judgment"], "exceptions": [], "verdict": "caution"})
    rows.append({"id": "d-other", "text": "great discussion everyone", "intent": "other", "profession_group": None,
                 "risks": [], "exceptions": [], "verdict": None})
    return rows


@pytest.fixture
def files(tmp_path: Path, corpus: list[dict[str, Any]], regression_rows: list[dict[str, Any]]) -> dict[str, Path]:
    return {
        "examples": write_jsonl(tmp_path / "examples.jsonl", corpus),
        "regression": write_jsonl(tmp_path / "regression.jsonl", regression_rows),
        "db": tmp_path / "data" / "bot.sqlite3",
        "out": tmp_path / "data" / "learned_model.json",
    }


def train_args(files: dict[str, Path], *extra: str) -> list[str]:
    return ["--examples", str(files["examples"]), "--regression", str(files["regression"]),
            "--db", str(files["db"]), *extra]
