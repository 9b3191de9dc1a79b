"""The local console, driven through standard input in a subprocess, exactly
as a person (or a pipe) would use it: `python -m bot console --db PATH`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."
RURAL_POST = "My best friend asked me to be her therapist. I am a psychologist in a small town, the only one for miles."


def run_bot(args: list[str], stdin: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BOT_"))}
    environ.update({"PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "", "PYTHONIOENCODING": "utf-8"})
    environ.update(env or {})
    return subprocess.run(
        [PYTHON, "-m", "bot", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        cwd=tmp_path,  # no .env of the developer is read
        env=environ,
    )


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    tmp = tmp_path_factory.mktemp("console")
    db = tmp / "console.sqlite3"
    lines = [
        RURAL_POST,
        "/risk fairness",
        QUESTION_POST,
        "2",  # answer the clarifying question by its number
        "/feedback up",
        "lol",
        "/exception rurl",
        "/analyze My cousin wants me to be her lawyer.",
        "/risks",
        "/nonsense",
        "/help",
        "My cousin wants me \\",  # a post over two lines
        "to be her lawyer.",
    ]
    proc = run_bot(["console", "--db", str(db)], "\n".join(lines) + "\n", tmp)  # then EOF
    return proc, db


def test_console_exits_cleanly_at_eof(session: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, db = session
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert db.exists()  # a real SQLite file


def test_console_shows_reply_thread_and_cards(session: tuple[subprocess.CompletedProcess[str], Path], renderer: object, analyzer: object) -> None:
    out = session[0].stdout
    assert renderer.disclaimer in out  # type: ignore[attr-defined]
    a = analyzer.analyze(RURAL_POST)  # type: ignore[attr-defined]
    for page in renderer.scenario(a).pages:  # type: ignore[attr-defined]
        assert page in out
    assert f'--- thread opened: "{renderer.thread_title(a)}" ---' in out  # type: ignore[attr-defined]
    assert "--- poll in the thread:" in out
    assert renderer.risk_card("fairness").pages[0] in out  # type: ignore[attr-defined]
    assert renderer.exception_card("rural_access").pages[0] in out  # type: ignore[attr-defined]
    assert renderer.risks_overview().pages[0] in out  # type: ignore[attr-defined]
    assert "--- /analyze (only you see this) ---" in out
    assert "Unknown command /nonsense" in out
    assert "/answer QUESTION VALUE" in out  # /help


def test_console_answers_questions(session: tuple[subprocess.CompletedProcess[str], Path], renderer: object, analyzer: object) -> None:
    out = session[0].stdout
    assert "1) Still a client" in out and "2) A former client" in out
    assert "--- reply (edited) ---" in out
    edited = renderer.scenario(analyzer.analyze(QUESTION_POST, {"timing": "former"})).pages[0]  # type: ignore[attr-defined]
    assert edited in out
    assert "Thanks, noted" in out  # feedback stored
    assert "(no reply" in out  # "lol"
    two_lines = renderer.scenario(analyzer.analyze("My cousin wants me \nto be her lawyer.")).pages[0]  # type: ignore[attr-defined]
    assert two_lines in out


def test_no_token_runs_the_console_and_says_so(tmp_path: Path) -> None:
    proc = run_bot([], "/about\n/quit\nthis line is never read\n", tmp_path, env={"BOT_DATABASE": str(tmp_path / "x.sqlite3")})
    assert proc.returncode == 0, proc.stderr
    assert "No DISCORD_TOKEN found" in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if "DISCORD_TOKEN" in line]) == 1
    assert "--- /about ---" in proc.stdout
    assert (tmp_path / "x.sqlite3").exists()


def test_console_starts_on_the_learned_model_next_to_its_database(tmp_path: Path, renderer: object, analyzer: object) -> None:
    from bot.learning import LearnedAdjuster
    from bot.learning.cli import MODEL_FILE, write_atomic

    from .test_discord_learned_model import drop_every_label

    model = drop_every_label()
    write_atomic(tmp_path / MODEL_FILE, model.to_json())
    proc = run_bot(["console", "--db", str(tmp_path / "console.sqlite3")], QUESTION_POST + "\n", tmp_path)
    assert proc.returncode == 0, proc.stderr
    learned = analyzer.with_adjuster(LearnedAdjuster(model)).analyze(QUESTION_POST)  # type: ignore[attr-defined]
    rules = analyzer.analyze(QUESTION_POST)  # type: ignore[attr-defined]
    assert renderer.scenario(learned).pages[0] in proc.stdout  # type: ignore[attr-defined]
    assert renderer.scenario(rules).pages[0] not in proc.stdout  # type: ignore[attr-defined]
