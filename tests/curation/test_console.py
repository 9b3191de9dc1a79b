"""Curation in the local console, driven through standard input in a subprocess:
`python -m bot console --moderator` is a moderator, without the flag a member."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.storage import Storage

from .posts import LAWYER_FRIEND, ROMANCE_FORMER

ROOT = Path(__file__).resolve().parents[2]
GUILD = 1  # the console's server
NOTE = "Boards bar this for years; talk to yours first."


def run_console(tmp: Path, db: Path, lines: list[str], *, moderator: bool) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BOT_"))}
    environ.update({"PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "", "PYTHONIOENCODING": "utf-8"})
    args = [sys.executable, "-m", "bot", "console", "--db", str(db)] + (["--moderator"] if moderator else [])
    return subprocess.run(args, input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
                          timeout=180, cwd=tmp, env=environ)


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    tmp = tmp_path_factory.mktemp("console")
    db = tmp / "console.sqlite3"
    moderator = run_console(tmp, db, [
        f"/curate add Former clients | mental_health+former+romance | {NOTE}",
        "/curate add Typo | mental_helth+former | x",
        "/curate alias Former clients | exes",
        ROMANCE_FORMER,
        "/feature I would wait, and ask my board first.",
        LAWYER_FRIEND,
        "/feedback down",
        "/review",
        "/review correct risks=fairness,clouded_judgment verdict=avoid | My lawyer is my friend and wants to represent me.",
        "/audit",
        ROMANCE_FORMER,
        "/curate show exes",
    ], moderator=True)
    assert moderator.returncode == 0, moderator.stderr
    member = run_console(tmp, db, [
        "/curate add Mine | romance | my note",
        "/curate edit Former clients | hijacked",
        "/curate list",
        "/curate search formr",
        "/review",
        "/audit",
        ROMANCE_FORMER,
    ], moderator=False)
    assert member.returncode == 0, member.stderr
    return moderator.stdout, member.stdout, db


def test_moderator_curates_reviews_and_features(sessions: tuple[str, str, Path]) -> None:
    out = sessions[0]
    assert "Saved **Former clients**" in out
    assert "Did you mean `mental_health`?" in out
    assert "**exes** now also finds **Former clients**" in out
    # the matching post's reply carries the note, credited
    assert "📌 **From the moderators**" in out and f"**Former clients** (by you): {NOTE}" in out
    assert "Featured this answer" in out and "pinned in the thread" in out
    # 👎 -> inbox -> correction
    assert "a member voted 👎" in out and "My lawyer is my close friend" in out
    assert "Correction saved as a labelled example" in out and "+fairness" in out
    assert "The review inbox is empty" in out
    assert "`correction.add`" in out and "`answer.add`" in out and "`featured.add`" in out
    # the second romance post shows the featured answer
    assert "⭐ **A community take** from you: “I would wait, and ask my board first.”" in out
    assert "Shown in replies:** 2 times" in out


def test_member_reads_but_is_refused_writes(sessions: tuple[str, str, Path]) -> None:
    out = sessions[1]
    assert out.count("Only moderators can change curated answers") == 2
    assert "**Former clients** → `pattern:mental_health+former+romance`" in out  # list
    assert "Did you mean **Former clients**" in out  # search
    assert "/review is a moderator command" in out and "/audit is a moderator command" in out
    assert f"**Former clients** (by you): {NOTE}" in out  # notes reach members' replies too


def test_console_stores_labels_and_only_the_given_text(sessions: tuple[str, str, Path]) -> None:
    async def read() -> tuple[list, list]:
        async with Storage.open(sessions[2]) as storage:
            return await storage.list_corrections(GUILD), await storage.list_answers(GUILD)

    corrections, answers = asyncio.run(read())
    [c] = corrections
    assert c.verdict == "avoid" and set(c.risks) == {"fairness", "clouded_judgment"}
    assert c.text == "My lawyer is my friend and wants to represent me."
    [answer] = answers
    assert answer.name == "Former clients" and answer.body == NOTE and answer.aliases == ("exes",)
