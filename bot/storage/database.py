"""The SQLite connection: opening, pragmas, migrations and the transaction helper.

Only this module knows it is SQLite (plus the SQL text of the repositories).
One aiosqlite connection per process; an asyncio.Lock serialises its use so two
coroutines never interleave statements inside one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from .codec import now_utc, ts_to_text
from .errors import StorageError, StorageReadOnly, translate

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_BUSY_TIMEOUT_MS = 5000
_MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

Params = Sequence[Any]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Read NNN_name.sql files; versions must run 1..N without gaps."""
    found: list[Migration] = []
    for file in sorted(folder.glob("*.sql")):
        match = _MIGRATION_FILE.match(file.name)
        if not match:
            raise StorageError(f"Bad migration file name {file} (expected NNN_name.sql)")
        found.append(Migration(int(match[1]), match[2], file.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StorageError(f"Migrations in {folder} must be numbered 001, 002, ... without gaps: {versions}")
    return found


def split_statements(script: str) -> list[str]:
    """Split a SQL script into statements (trigger bodies kept whole).

    We run statements one by one inside our own BEGIN/COMMIT because
    sqlite3.executescript() commits any open transaction first.
    """
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    leftover = "\n".join(ln for ln in buffer.splitlines() if ln.strip() and not ln.strip().startswith("--"))
    if leftover:
        raise StorageError(f"Incomplete SQL statement at the end of a migration: {leftover[:80]!r}")
    return statements


async def fetch_one(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> sqlite3.Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def execute(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Run one statement; return the number of rows changed."""
    async with conn.execute(sql, params) as cursor:
        return cursor.rowcount


async def insert(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Run one INSERT; return the new rowid."""
    async with conn.execute(sql, params) as cursor:
        rowid = cursor.lastrowid
    if rowid is None:
        raise StorageError("INSERT did not produce a row id")
    return rowid


class Database:
    """An open SQLite file with the schema up to date."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, read_only: bool) -> None:
        self._conn: aiosqlite.Connection | None = conn
        self.path = path
        self.read_only = read_only
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        max_bytes: int | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        migrations_dir: Path = MIGRATIONS_DIR,
    ) -> Database:
        """Connect, configure and migrate. Raises StorageError (never sqlite3 errors).

        read_only opens with `mode=ro`: reads work, writes raise StorageReadOnly.
        max_bytes caps the file size (PRAGMA max_page_count); writes beyond it
        raise StorageFull, like a full disk.
        """
        path = Path(path).expanduser().absolute()
        migrations = load_migrations(migrations_dir)
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"Cannot create the folder {path.parent} for the database {path}: {exc.strerror or exc}",
                    path=path,
                ) from exc
        elif not path.exists():
            raise StorageError(
                f"Cannot open the database {path} read-only: the file does not exist", path=path
            )
        target = f"{path.as_uri()}?mode=ro" if read_only else str(path)
        try:
            conn = await aiosqlite.connect(target, uri=read_only, isolation_level=None)
        except sqlite3.Error as exc:
            raise translate(exc, path, "open the database") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, path, read_only)
        try:
            await db._configure(busy_timeout_ms, max_bytes)
            await db._migrate(migrations)
        except sqlite3.Error as exc:
            await conn.close()
            raise translate(exc, path, "open the database") from exc
        except BaseException:
            await conn.close()
            raise
        log.info(
            "storage: opened %s%s (schema v%d)", path, " read-only" if read_only else "", len(migrations)
        )
        return db

    async def _configure(self, busy_timeout_ms: int, max_bytes: int | None) -> None:
        conn = self._require()
        # PRAGMAs take no bound parameters; the values are ints we control.
        await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        await conn.execute("PRAGMA foreign_keys = ON")
        if not self.read_only:
            # WAL: readers never block the writer, and a killed process loses at
            # most the transaction in flight.
            row = await fetch_one(conn, "PRAGMA journal_mode = WAL")
            if row is None or str(row[0]).lower() != "wal":
                log.warning(
                    "storage: %s could not switch to WAL (journal_mode=%s)", self.path, row and row[0]
                )
        # NORMAL is durable against process crashes in WAL mode; only an OS crash
        # or power cut may lose the last commits.
        await conn.execute("PRAGMA synchronous = NORMAL")
        if max_bytes is not None:
            page = await fetch_one(conn, "PRAGMA page_size")
            pages = max(1, int(max_bytes) // int(page[0] if page else 4096))
            await conn.execute(f"PRAGMA max_page_count = {pages}")

    async def _migrate(self, migrations: list[Migration]) -> None:
        conn = self._require()
        latest = len(migrations)
        current = await self.user_version()
        if current > latest:
            raise StorageError(
                f"The database {self.path} has schema version {current}, newer than this "
                f"bot knows ({latest}); update the bot or use another file.",
                path=self.path,
            )
        if current == latest:
            return
        if self.read_only:
            raise StorageReadOnly(
                f"The database {self.path} needs migrations {current + 1}..{latest} but was "
                f"opened read-only.",
                path=self.path,
            )
        for migration in migrations[current:]:
            # One transaction per migration: either all of it or none of it.
            await conn.execute("BEGIN IMMEDIATE")
            try:
                if await self.user_version() >= migration.version:
                    await conn.execute("ROLLBACK")  # another process got there first
                    continue
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                await conn.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, ts_to_text(now_utc())),
                )
                await conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                await conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise
            log.info("storage: applied migration %03d_%s to %s", migration.version, migration.name, self.path)

    async def user_version(self) -> int:
        row = await fetch_one(self._require(), "PRAGMA user_version")
        return int(row[0]) if row else 0

    async def probe_writable(self) -> bool:
        """True when a write can reach the file. BEGIN IMMEDIATE alone succeeds
        on a read-only mount, so the probe rewrites the schema version with its
        own value (the write SQLite refuses there) and rolls back: nothing changes."""
        async with self._exclusive() as conn:
            try:
                current = await self.user_version()
                await conn.execute("BEGIN IMMEDIATE")
                await conn.execute(f"PRAGMA user_version = {int(current)}")
                return True
            except sqlite3.Error as exc:
                log.debug("storage: %s", translate(exc, self.path, "write"))
                return False
            finally:
                await self._rollback_quietly(conn)

    def _require(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageError(f"The database {self.path} is closed", path=self.path)
        return self._conn

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        task = asyncio.current_task()
        if self._holder is not None and self._holder is task:
            # A storage method called another public method while holding the
            # connection: fail loudly instead of deadlocking.
            raise RuntimeError("nested Storage call inside a transaction")
        async with self._lock:
            self._holder = task
            try:
                yield self._require()
            finally:
                self._holder = None

    @asynccontextmanager
    async def transaction(self, doing: str = "write") -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (also cancellation).

        sqlite3 errors leave as StorageError subclasses whose message says
        `doing` and names the file.
        """
        async with self._exclusive() as conn:
            try:
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
                await conn.execute("COMMIT")
            except BaseException as exc:
                await self._rollback_quietly(conn)
                if isinstance(exc, sqlite3.Error):
                    error = translate(exc, self.path, doing)
                    log.warning("storage: %s", error)
                    raise error from exc
                raise

    @asynccontextmanager
    async def reading(self, doing: str = "read") -> AsyncIterator[aiosqlite.Connection]:
        """The connection for reads (serialised with writes; no transaction)."""
        async with self._exclusive() as conn:
            try:
                yield conn
            except sqlite3.Error as exc:
                raise translate(exc, self.path, doing) from exc

    @asynccontextmanager
    async def snapshot(self, doing: str = "read") -> AsyncIterator[aiosqlite.Connection]:
        """Several reads that see one consistent state (a read transaction, rolled back)."""
        async with self.reading(doing) as conn:
            await conn.execute("BEGIN")
            try:
                yield conn
            finally:
                await self._rollback_quietly(conn)

    async def _rollback_quietly(self, conn: aiosqlite.Connection) -> None:
        # SQLite rolls back by itself on some errors (e.g. SQLITE_FULL), so only
        # roll back what is still open, and never mask the original error.
        try:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
        except sqlite3.Error as exc:  # pragma: no cover - defensive
            log.error("storage: rollback failed on %s: %s", self.path, exc)

    async def integrity_problems(self) -> list[str]:
        """Empty when PRAGMA integrity_check and foreign_key_check find nothing."""
        async with self.reading("check integrity") as conn:
            rows = await fetch_all(conn, "PRAGMA integrity_check")
            problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
            for row in await fetch_all(conn, "PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {tuple(row)}")
        return problems

    async def close(self) -> None:
        if self._conn is None:
            return
        async with self._lock:
            conn, self._conn = self._conn, None
            try:
                await conn.close()
            except sqlite3.Error as exc:
                raise translate(exc, self.path, "close the database") from exc
        log.info("storage: closed %s", self.path)
