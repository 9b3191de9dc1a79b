"""Opening, pragmas, migrations and transactions on a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage import Storage, StorageError
from bot.storage.database import Database, load_migrations, split_statements

from .conftest import scenario

EXPECTED_TABLES = {
    "guild_settings",
    "scenario_channels",
    "scenarios",
    "feedback",
    "curated_answers",
    "answer_aliases",
    "answer_history",
    "review_items",
    "corrections",
    "featured_answers",
    "audit_log",
    "schema_version",
}


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


async def test_fresh_file_gets_all_migrations(db_path: Path) -> None:
    assert not db_path.parent.exists()
    async with Storage.open(db_path) as db:  # also works as a context manager
        assert await db.schema_version() == len(load_migrations())
    assert db_path.exists()
    assert EXPECTED_TABLES <= tables(db_path)
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
        assert rows == [(1, "core"), (2, "curation"), (3, "moderation")]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


async def test_reopening_is_a_noop_and_keeps_data(db_path: Path) -> None:
    db = await Storage.open(db_path)
    await db.save_scenario(scenario())
    await db.close()
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT * FROM schema_version").fetchall()
    db = await Storage.open(db_path)
    try:
        assert await db.get_scenario(100) is not None
    finally:
        await db.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT * FROM schema_version").fetchall() == before


async def test_pragmas(db: Storage, db_path: Path) -> None:
    conn = db._db._require()

    async def pragma(name: str) -> object:
        async with conn.execute(f"PRAGMA {name}") as cur:
            row = await cur.fetchone()
        assert row is not None
        return row[0]

    assert await pragma("journal_mode") == "wal"
    assert await pragma("foreign_keys") == 1
    assert await pragma("synchronous") == 1  # NORMAL
    assert await pragma("busy_timeout") == 5000
    # WAL is a property of the file: a plain connection sees it too.
    with sqlite3.connect(db_path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_failed_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "001_one.sql").write_text("CREATE TABLE one (x INTEGER);\n")
    (migrations / "002_two.sql").write_text(
        "CREATE TABLE two (x INTEGER);\nINSERT INTO one VALUES (1);\nTHIS IS NOT SQL;\n"
    )
    path = tmp_path / "m.sqlite3"
    with pytest.raises(StorageError) as info:
        await Database.open(path, migrations_dir=migrations)
    assert str(path) in str(info.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM one").fetchone()[0] == 0
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "two" not in names  # nothing of 002 survived


async def test_database_newer_than_code_is_refused(db_path: Path) -> None:
    db = await Storage.open(db_path)
    await db.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StorageError, match="newer"):
        await Storage.open(db_path)


async def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    path = blocker / "sub" / "bot.sqlite3"
    with pytest.raises(StorageError) as info:
        await Storage.open(path)
    assert str(path) in str(info.value)


async def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StorageError) as info:
        await Storage.open(path)
    assert str(path) in str(info.value)


async def test_error_inside_transaction_rolls_back(db: Storage) -> None:
    with pytest.raises(RuntimeError):
        async with db._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO audit_log (guild_id, actor_id, action, detail, at) VALUES (1, 2, 'x', '', 't')"
            )
            raise RuntimeError("boom")
    assert await db.list_audit(1) == []


async def test_concurrent_writers_do_not_interleave(db: Storage) -> None:
    await asyncio.gather(*(db.add_answer(1, f"name {i}", "risk", f"r{i}", f"body {i}", 7) for i in range(40)))
    answers = await db.list_answers(1)
    assert len(answers) == 40
    for answer in answers:
        history = await db.answer_history(1, answer.id)
        assert [h.action for h in history] == ["add"]
    assert len(await db.list_audit(1, limit=100)) == 40
    assert await db.integrity_problems() == []


async def test_nested_call_fails_fast_instead_of_deadlock(db: Storage) -> None:
    with pytest.raises(RuntimeError, match="nested"):
        async with db._db.transaction():
            await db.get_guild_settings(1)


async def test_closed_storage_raises_storage_error(db_path: Path) -> None:
    db = await Storage.open(db_path)
    await db.close()
    await db.close()  # idempotent
    with pytest.raises(StorageError, match="closed"):
        await db.get_guild_settings(1)


def test_split_statements_keeps_triggers_whole() -> None:
    script = """-- comment
CREATE TABLE a (x);
CREATE TRIGGER t AFTER INSERT ON a BEGIN
    UPDATE a SET x = 1; DELETE FROM a WHERE x = 2;
END;
-- trailing comment
"""
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    with pytest.raises(StorageError):
        split_statements("CREATE TABLE b (x)")
