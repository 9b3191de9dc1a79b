"""`python -m bot analyze|eval`: the command-line contract of labels.md.

Each call spawns the venv python and loads the model (~2-3 s), so there are
only four of them.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from ._support import INTENTS, PROJECT, SHARED_DEV, VENV_PYTHON

RECORD_KEYS = {"id", "intent", "confidence", "profession_group", "risks", "exceptions", "verdict"}
SCENARIO = "I'm a therapist and my best friend's husband wants to start seeing me for his anxiety."


def run_cli(*args: str, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(VENV_PYTHON), "-m", "bot", *args],
        cwd=PROJECT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def test_analyze_prints_a_readable_assessment() -> None:
    out = run_cli("analyze", SCENARIO).stdout
    assert "intent:" in out and "scenario" in out
    assert "verdict:" in out and "avoid" in out
    assert "clouded_judgment" in out
    assert not out.lstrip().startswith("{")  # prose, not JSON


def test_analyze_json_prints_one_record() -> None:
    out = run_cli("analyze", "--json", SCENARIO).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out
    record = json.loads(lines[0])
    assert RECORD_KEYS <= set(record)
    assert record["intent"] == "scenario"
    assert record["profession_group"] == "mental_health"
    assert record["verdict"] == "avoid"
    assert 0 <= record["confidence"] <= 1
    for finding in record["risks"] + record["exceptions"]:
        assert set(finding) >= {"id", "evidence"} and all(isinstance(q, str) for q in finding["evidence"])
    assert "clouded_judgment" in [r["id"] for r in record["risks"]]


def test_analyze_jsonl_one_line_out_per_line_in() -> None:
    lines = [
        json.dumps({"id": "a1", "text": SCENARIO}),
        "this is not json",
        json.dumps({"id": 2, "text": "What counts as a dual relationship?"}),
        json.dumps({"id": "no-text", "body": "I'm a dentist"}),
        json.dumps(["an", "array"]),
        json.dumps({"id": 3, "text": "lol"}),
        json.dumps({"id": None, "text": "My brother-in-law is my dentist. Is that a problem?"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "ünï", "text": "Soy terapeuta y mi hermana quiere terapia 😀"}),
    ]
    proc = run_cli("analyze", "--jsonl", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(out) == len(lines), proc.stdout
    assert [r.get("id") for r in out] == ["a1", None, 2, "no-text", None, 3, None, None, "ünï"]
    errors = {1, 3, 4, 7}
    for i, record in enumerate(out):
        if i in errors:
            assert set(record) == {"id", "error"} and record["error"], record
        else:
            assert "error" not in record and RECORD_KEYS <= set(record), record
            assert record["intent"] in INTENTS
    assert out[0]["intent"] == "scenario" and out[0]["verdict"] == "avoid"
    assert out[2]["intent"] == "lookup" and out[2]["verdict"] is None
    assert out[5]["intent"] == "other"
    assert out[6]["intent"] == "scenario" and out[6]["profession_group"] == "medical"


def test_eval_prints_the_metrics() -> None:
    if not SHARED_DEV.is_file():
        pytest.skip(f"{SHARED_DEV} is absent")
    out = run_cli("eval", str(SHARED_DEV)).stdout
    for name in ("intent_acc", "verdict_acc", "profession_acc", "risk_macro_f1", "exception_macro_f1", "exact_match"):
        assert name in out, out
    for label in ("clouded_judgment", "rural_access"):
        assert label in out


def test_bench_posts_default_depends_on_the_bench(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`bench` sends 1000 posts and `bench --e2e` 400 unless --posts says otherwise
    (in-process, with the benches themselves replaced: nothing is loaded)."""
    from bot import cli
    from bot.core import bench
    from bot.frontends import bench_e2e

    asked: list[tuple[str, int]] = []
    loaders: list[object] = []

    def run_bench(posts: int = 1000, adjuster: object = None) -> dict[str, int]:
        asked.append(("core", posts))
        loaders.append(adjuster)
        return {"posts": posts}

    async def run_e2e(*, posts: int, started: float, **options: object) -> dict[str, int]:
        asked.append(("e2e", posts))
        return {"posts": posts, "lost": 0, "duplicates": 0}

    monkeypatch.setattr(bench, "run_bench", run_bench)
    monkeypatch.setattr(bench_e2e, "run", run_e2e)
    for argv in (["bench"], ["bench", "--e2e"], ["bench", "--posts", "7"], ["bench", "--e2e", "--posts", "7"]):
        assert cli.main(argv) == 0
    assert asked == [("core", 1000), ("e2e", bench_e2e.DEFAULT_POSTS), ("core", 7), ("e2e", 7)]
    # the core bench measures what `analyze` runs: the rules and the shipped layer, unless --rules-only
    from bot.learning import shipped_adjuster

    assert loaders == [shipped_adjuster, shipped_adjuster]
    assert bench_e2e.DEFAULT_POSTS == 400
    assert capsys.readouterr().out.splitlines()[-1] == '{"posts": 7, "lost": 0, "duplicates": 0}'
    assert cli.main(["bench", "--posts", "7", "--rules-only"]) == 0 and loaders[-1] is None
