"""Read-only files and full disks give clear StorageError subclasses, not crashes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.storage import Storage, StorageError, StorageFull, StorageReadOnly
from bot.storage.errors import translate

from .conftest import REPO_ROOT, scenario


async def test_read_only_mode_reads_but_refuses_writes(db_path: Path) -> None:
    async with Storage.open(db_path) as db:
        await db.set_polls(1, True)
        await db.add_answer(1, "A", "risk", "x", "body", 9)
    async with Storage.open(db_path, read_only=True) as ro:
        assert ro.read_only
        assert (await ro.get_guild_settings(1)).polls_enabled is True
        with pytest.raises(StorageReadOnly) as info:
            await ro.set_polls(1, False)
        assert str(db_path) in str(info.value) and "read-only" in str(info.value)
        with pytest.raises(StorageReadOnly):
            await ro.add_answer(1, "B", "risk", "x", "body", 9)
        with pytest.raises(StorageReadOnly):
            await ro.save_scenario(scenario())
        # Still usable after the failures: no crash, no stuck transaction.
        assert (await ro.get_answer(1, "a")) is not None
        assert (await ro.get_guild_settings(1)).polls_enabled is True


async def test_read_only_mode_of_missing_or_unmigrated_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await Storage.open(tmp_path / "missing.sqlite3", read_only=True)
    blank = tmp_path / "blank.sqlite3"
    sqlite3.connect(blank).close()
    with pytest.raises(StorageReadOnly, match="needs migrations"):
        await Storage.open(blank, read_only=True)


async def test_probe_writable_changes_nothing(db_path: Path) -> None:
    async with Storage.open(db_path) as db:
        version = await db.schema_version()
        assert await db.probe_writable() is True
        assert await db.schema_version() == version
        await db.set_polls(1, True)  # no transaction left open by the probe
    async with Storage.open(db_path, read_only=True) as ro:
        assert await ro.probe_writable() is False
        assert (await ro.get_guild_settings(1)).polls_enabled is True  # still reads
    async with Storage.open(db_path) as db:
        assert await db.schema_version() == version and await db.integrity_problems() == []


_PROBE = textwrap.dedent(
    """
    import asyncio, sys
    from bot.storage import Storage, StorageError

    async def main(path):
        try:
            db = await Storage.open(path)
        except StorageError as exc:
            print("open", type(exc).__name__, exc, sep="|")
            return
        try:
            print("read", (await db.get_guild_settings(1)).polls_enabled, sep="|")
            print("probe", await db.probe_writable(), sep="|")
            await db.set_polls(1, False)
            print("write", "ok", sep="|")
        except StorageError as exc:
            print("write", type(exc).__name__, exc, sep="|")
        finally:
            await db.close()

    asyncio.run(main(sys.argv[1]))
    """
)


def _run_probe_with_read_only(path: Path, locked: Path) -> list[str]:
    """Run the probe in a subprocess that cannot write `locked` (the file or its folder).

    Root ignores file modes, so as root we bind-mount `locked` read-only in a
    private mount namespace (like a disk mounted read-only; nothing leaks out
    of the child). Otherwise plain chmod does it.
    """
    cmd = [sys.executable, "-c", _PROBE, str(path)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    modes = {p: p.stat().st_mode for p in (path, path.parent)}
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("running as root without unshare: cannot make a file read-only")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97; shift; exec "$@"'
        cmd = ["unshare", "--mount", "sh", "-c", script, "sh", str(locked), *cmd]
    else:
        path.chmod(0o444)
        if locked == path.parent:
            locked.chmod(0o555)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    finally:
        for p, mode in modes.items():
            p.chmod(stat.S_IMODE(mode))
    if result.returncode == 97:
        pytest.skip(f"cannot bind-mount read-only here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


@pytest.mark.parametrize("lock_folder", [False, True], ids=["file-read-only", "file-and-folder-read-only"])
async def test_read_only_file_gives_storage_read_only(db_path: Path, lock_folder: bool) -> None:
    async with Storage.open(db_path) as db:
        await db.set_polls(1, True)
    lines = _run_probe_with_read_only(db_path, db_path.parent if lock_folder else db_path)
    failure = [line for line in lines if line.startswith(("open|", "write|"))][-1].split("|")
    assert failure[1] == "StorageReadOnly", lines
    assert str(db_path) in failure[2]
    if not lock_folder:
        assert lines[0] == "read|True"  # reading still worked before the refused write
        assert lines[1] == "probe|False"  # the launcher's check sees it coming
    async with Storage.open(db_path) as db:  # writable again afterwards: nothing was damaged
        assert (await db.get_guild_settings(1)).polls_enabled is True
        assert await db.integrity_problems() == []


async def test_disk_full_raises_storage_full_and_db_still_reads(db_path: Path) -> None:
    async with Storage.open(db_path) as db:
        await db.add_answer(1, "Keep", "risk", "x", "kept", 9)
    # Cap the file at its current size: every growth now fails with SQLITE_FULL.
    size = db_path.stat().st_size
    async with Storage.open(db_path, max_bytes=size) as db:
        big = "x" * 20_000
        with pytest.raises(StorageFull) as info:
            for i in range(100):
                await db.add_answer(1, f"Big {i}", "risk", "x", big, 9)
        assert str(db_path) in str(info.value)
        # The failed transaction left nothing behind and the DB reads fine.
        answers = await db.list_answers(1)
        names = {a.name for a in answers}
        assert "Keep" in names
        for answer in answers:
            assert [h.action for h in await db.answer_history(1, answer.id)] == ["add"]
        assert await db.integrity_problems() == []
        # Small writes that fit in free pages still work.
        await db.set_polls(1, True)
    async with Storage.open(db_path) as db:  # without the cap, writing works again
        await db.add_answer(1, "After", "risk", "x", "x" * 20_000, 9)
        assert await db.integrity_problems() == []


def test_translate_by_message_when_no_error_code() -> None:
    path = Path("/srv/bot.sqlite3")
    assert isinstance(
        translate(sqlite3.OperationalError("attempt to write a readonly database"), path, "w"),
        StorageReadOnly,
    )
    full = translate(sqlite3.OperationalError("database or disk is full"), path, "save the answer")
    assert (
        isinstance(full, StorageFull) and "/srv/bot.sqlite3" in str(full) and "save the answer" in str(full)
    )
    other = translate(sqlite3.OperationalError("no such table: x"), path, "read")
    assert type(other) is StorageError and full.path == path
