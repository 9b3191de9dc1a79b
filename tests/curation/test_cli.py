"""`python -m bot curation export|import` in a subprocess, on temporary database files."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.curation import Actor, CurationService
from bot.storage import Storage

from .conftest import GUILD_A, GUILD_B, MEMBER, MOD_A, MOD_B, save_post
from .posts import DENTIST_IN_LAW

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BOT_") and k != "DISCORD_TOKEN"}
    environ["PYTHONPATH"] = str(REPO)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", "curation", *args], cwd=cwd, input=stdin, capture_output=True,
        text=True, timeout=60, env=environ,
    )


async def fill(path: Path, knowledge: Any, renderer: Any, assess: Any) -> None:
    """Every kind of curated content, in two guilds."""
    async with Storage.open(path) as storage:
        c = CurationService(storage, knowledge, renderer)
        mod_a, mod_b = Actor(MOD_A, GUILD_A, True), Actor(MOD_B, GUILD_B, True)
        assert (await c.add(mod_a, "Former clients", "mental_health+former+romance", "Line 1\nLine 2 “quoted” ✓")).ok
        assert (await c.alias(mod_a, "Former clients", "exes")).ok
        assert (await c.edit(mod_a, "exes", body="Edited body")).ok
        assert (await c.add(mod_a, "Gone", "fairness", "to be removed")).ok
        assert (await c.remove(mod_a, "Gone")).ok
        assert (await c.add(mod_b, "Dentists", "dentist", "B's note")).ok
        a = assess(DENTIST_IN_LAW)
        await save_post(storage, a, 900, reply_id=901)
        assert (await c.feature(mod_a, thread_id=900, message_id=950, author_id=MEMBER)).ok
        await storage.enqueue_review(GUILD_A, 900, "reported", MEMBER)
        case = (await c.next_review(mod_a)).case
        assert case is not None
        assert (await c.resolve_review(mod_a, case.item.id, 900, "confirm", text="An anonymised example.")).ok


async def export_of(path: Path) -> dict[str, Any]:
    async with Storage.open(path) as storage:
        return await storage.export_curation()


def test_export_import_round_trip(tmp_path: Path, knowledge: Any, renderer: Any, assess: Any) -> None:
    source, target, dump = tmp_path / "a.sqlite3", tmp_path / "restored" / "b.sqlite3", tmp_path / "backup.json"
    asyncio.run(fill(source, knowledge, renderer, assess))

    out = run_cli("export", str(dump), "--db", str(source), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Exported 2 answers, 1 aliases" in out.stderr
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert {a["name"] for a in data["answers"]} == {"Former clients", "Dentists"}
    assert [h["action"] for h in data["history"] if h["guild_id"] == GUILD_A] == ["add", "alias", "edit", "add", "remove"]
    assert len(data["featured"]) == 1 and len(data["corrections"]) == 1

    out = run_cli("import", str(dump), "--db", str(target), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "2 answers" in out.stdout
    assert asyncio.run(export_of(target)) == asyncio.run(export_of(source))

    # importing again changes nothing
    out = run_cli("import", str(dump), "--db", str(target), cwd=tmp_path)
    assert out.returncode == 0 and "0 answers, 0 aliases, 0 history, 0 featured, 0 corrections" in out.stdout
    assert asyncio.run(export_of(target)) == asyncio.run(export_of(source))


def test_database_defaults_to_bot_database_and_stdio(tmp_path: Path, knowledge: Any, renderer: Any, assess: Any) -> None:
    source = tmp_path / "env.sqlite3"
    asyncio.run(fill(source, knowledge, renderer, assess))
    out = run_cli("export", "-", cwd=tmp_path, env={"BOT_DATABASE": str(source)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["format"] == "dual-relationships-bot/curation"
    (tmp_path / ".env").write_text(f"BOT_DATABASE={tmp_path / 'from_env_file.sqlite3'}\n", encoding="utf-8")
    back = run_cli("import", "-", cwd=tmp_path, stdin=out.stdout)
    assert back.returncode == 0, back.stderr
    assert asyncio.run(export_of(tmp_path / "from_env_file.sqlite3")) == asyncio.run(export_of(source))


BAD_FILES = {
    "not json": "{ this is not json",
    "empty": "",
    "wrong format": json.dumps({"format": "something-else", "version": 1}),
    "bad row": json.dumps({"format": "dual-relationships-bot/curation", "version": 1, "answers": [
        {"guild_id": 1, "name": "ok", "target_kind": "risk", "target": "fairness", "body": "b", "author_id": 2,
         "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "uses": 0},
        {"guild_id": 1, "name": "broken", "target_kind": "risk", "target": "fairness", "body": "b", "author_id": "x",
         "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "uses": 0},
    ]}),
    "dangling alias": json.dumps({"format": "dual-relationships-bot/curation", "version": 1, "answers": [
        {"guild_id": 1, "name": "ok", "target_kind": "risk", "target": "fairness", "body": "b", "author_id": 2,
         "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "uses": 0}],
        "aliases": [{"guild_id": 1, "alias": "a", "answer": "nobody", "created_at": "2025-01-01T00:00:00Z"}]}),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_import_file_fails_and_changes_nothing(name: str, tmp_path: Path, knowledge: Any, renderer: Any, assess: Any) -> None:
    db = tmp_path / "db.sqlite3"
    asyncio.run(fill(db, knowledge, renderer, assess))
    before = asyncio.run(export_of(db))
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_FILES[name], encoding="utf-8")
    out = run_cli("import", str(bad), "--db", str(db), cwd=tmp_path)
    assert out.returncode == 1, out
    assert "error:" in out.stderr and "nothing was imported" in out.stderr
    assert "Traceback" not in out.stderr
    assert asyncio.run(export_of(db)) == before


def test_usage_errors(tmp_path: Path) -> None:
    missing = run_cli("import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "x.sqlite3"), cwd=tmp_path)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    no_db = run_cli("export", str(tmp_path / "out.json"), "--db", str(tmp_path / "absent.sqlite3"), cwd=tmp_path)
    assert no_db.returncode == 1 and "no database" in no_db.stderr
    assert not (tmp_path / "absent.sqlite3").exists() and not (tmp_path / "out.json").exists()
    assert run_cli(cwd=tmp_path).returncode == 2
    assert run_cli("frobnicate", "x", cwd=tmp_path).returncode == 2
    assert run_cli("--help", cwd=tmp_path).returncode == 0


def test_main_in_process(tmp_path: Path, capsys: Any) -> None:
    from bot.curation.cli import main

    assert main(["export", str(tmp_path / "o.json"), "--db", str(tmp_path / "none.sqlite3")]) == 1
    assert "no database" in capsys.readouterr().err
