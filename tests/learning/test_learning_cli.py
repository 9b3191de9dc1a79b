"""`python -m bot train`: the refusal gate and the command end to end."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bot.learning.cli as cli
from bot.learning import load_adjuster
from bot.learning.model import LABELS

from .conftest import LABEL, WORD, post, train_args, write_jsonl
from .test_learning_model import NEW_POST

ROOT = Path(__file__).resolve().parents[2]


def run(files: dict[str, Path], analyzer: Any, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(train_args(files, *extra), analyzer=analyzer, stdout=out), out.getvalue()


def sabotage(monkeypatch: pytest.MonkeyPatch, thresholds: tuple[float | None, float | None]) -> None:
    """Make training return a model with these flip thresholds for every label."""
    real_fit = cli.fit

    def bad_fit(*args: Any, **kwargs: Any) -> Any:
        model = real_fit(*args, **kwargs)
        model.thresholds = {lab: thresholds for lab in LABELS}
        return model

    monkeypatch.setattr(cli, "fit", bad_fit)


def test_refuses_a_model_worse_than_the_installed_one(
    analyzer: Any, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report = run(files, analyzer)
    assert code == 0, report
    before = files["out"].read_bytes(), files["out"].stat().st_mtime_ns

    sabotage(monkeypatch, (None, 1.0))  # drops every label the rules found
    code, report = run(files, analyzer)
    assert code == cli.EXIT_REFUSED == 3, report
    assert "REFUSED" in report and "installed model" in report and "left untouched" in report
    assert (files["out"].read_bytes(), files["out"].stat().st_mtime_ns) == before

    # a model that merely equals the rules is still worse than the installed one,
    # which knows the word
    sabotage(monkeypatch, (None, None))
    code, report = run(files, analyzer)
    assert code == 3, report
    assert files["out"].read_bytes() == before[0]


def test_refuses_a_model_worse_than_the_rules_when_none_is_installed(
    analyzer: Any, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, (None, 1.0))
    code, report = run(files, analyzer)
    assert code == 3, report
    assert "the rules alone" in report
    assert not files["out"].exists()
    code, report = run(files, analyzer, "--dry-run")
    assert code == 3 and "dry run" in report


def test_a_stale_installed_model_does_not_count(analyzer: Any, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    files["out"].parent.mkdir(parents=True)
    files["out"].write_text(json.dumps({"format": "bot.learning/1", "labels": [], "features": [], "bias": {},
                                        "weights": {}, "meta": {"knowledge_hash": "old"}}), encoding="utf-8")
    code, report = run(files, analyzer)
    assert code == 0, report
    assert "stale or unreadable" in report
    assert load_adjuster(files["out"]) is not None


def test_bad_input_exits_2(analyzer: Any, files: dict[str, Path], tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli.main(["--examples", str(tmp_path / "missing.jsonl")], analyzer=analyzer, stdout=out) == 2
    assert "no such file" in out.getvalue()
    assert cli.main(["--no-such-option"], analyzer=analyzer, stdout=io.StringIO()) == 2


async def test_end_to_end_in_a_subprocess_with_corrections(
    analyzer: Any, files: dict[str, Path], regression_rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    from bot.storage import Storage

    # the moderators taught the word through corrections; the repo's examples do not have it
    async with Storage.open(files["db"]) as db:
        for i in range(12):
            for with_word in (True, False):
                a = analyzer.analyze(post(i, with_word))
                risks = set(a.risk_ids) | ({LABEL} if with_word else set())
                await db.add_correction(
                    1, 42, intent=a.intent, profession_group=a.profession_group, risks=sorted(risks),
                    exceptions=a.exception_ids, verdict=a.verdict, text=post(i, with_word),
                )
        await db.add_correction(1, 42, intent="other", message_id=99)  # labels only: nothing to read
    small = write_jsonl(tmp_path / "small.jsonl", [
        {"id": "s1", "text": "thanks everyone, great discussion", "intent": "other", "profession_group": None,
         "risks": [], "exceptions": [], "verdict": None},
        {"id": "s2", "text": "My brother is my dentist. Is that okay?", "intent": "scenario",
         "profession_group": "medical", "risks": ["clouded_judgment"], "exceptions": [], "verdict": "caution"},
    ])
    env = {**os.environ, "BOT_DATABASE": str(files["db"]), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "train", "--", "--examples", str(small),
         "--regression", str(files["regression"]), "--seed", "3"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "24 corrections with an example text" in proc.stdout
    assert "1 without text skipped" in proc.stdout
    assert "rules only" in proc.stdout and "installed" in proc.stdout
    model_file = files["db"].parent / "learned_model.json"  # next to BOT_DATABASE
    assert model_file == files["out"] and model_file.is_file()
    assert not list(model_file.parent.glob(".learned_model.json.*.tmp"))
    adjuster = load_adjuster(model_file)
    assert adjuster is not None
    assert adjuster.meta["counts"]["corrections"] == 24
    assert adjuster.meta["counts"]["corrections_without_text"] == 1
    result = analyzer.with_adjuster(adjuster).analyze(NEW_POST)
    assert LABEL in result.risk_ids
    assert any(WORD in e.text for f in result.risks if f.id == LABEL for e in f.evidence)
