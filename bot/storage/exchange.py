"""Export and import of curated content (all guilds) as a plain JSON-able dict.

Rows are identified by natural keys, not database ids, so a file exported from
one database imports into another: answers by (guild_id, name), aliases by
(guild_id, alias), featured by (guild_id, message_id); history and corrections
have no natural key and are de-duplicated on all their fields. Re-importing the
same data changes nothing. Import validates everything first and writes in ONE
transaction: any problem raises StorageImportError and leaves the DB unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiosqlite

from .codec import ids_from_text, ids_to_text, name_key, normalize_ts_text
from .curation import clean_body, clean_name, clean_target
from .database import execute, fetch_all, fetch_one, insert
from .errors import StorageConflict, StorageImportError
from .models import HISTORY_ACTIONS
from .repository import Repository

FORMAT = "dual-relationships-bot/curation"
VERSION = 1
SECTIONS = ("answers", "aliases", "history", "featured", "corrections")


class _Rows:
    """Typed access to one imported row; errors name the section, index and key."""

    def __init__(self, section: str, index: int, row: Any) -> None:
        self.where = f"{section}[{index}]"
        if not isinstance(row, Mapping):
            raise StorageImportError(f"{self.where}: expected an object, got {type(row).__name__}")
        self.row = row

    def _get(self, key: str) -> Any:
        if key not in self.row:
            raise StorageImportError(f"{self.where}: missing key {key!r}")
        return self.row[key]

    def integer(self, key: str, *, nullable: bool = False) -> int | None:
        value = self._get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise StorageImportError(f"{self.where}.{key}: expected an integer, got {value!r}")
        return value

    def text(self, key: str, *, nullable: bool = False) -> str | None:
        value = self._get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise StorageImportError(f"{self.where}.{key}: expected a string, got {value!r}")
        return value

    def ts(self, key: str) -> str:
        value = self.text(key)
        try:
            return normalize_ts_text(value or "")
        except ValueError as exc:
            raise StorageImportError(f"{self.where}.{key}: not an ISO-8601 timestamp: {value!r}") from exc

    def ids(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise StorageImportError(f"{self.where}.{key}: expected a list of strings, got {value!r}")
        try:
            return ids_to_text(value)
        except ValueError as exc:
            raise StorageImportError(f"{self.where}.{key}: {exc}") from exc

    def check(self, fn: Any, *args: Any) -> Any:
        """Run a curation validator, reporting its ValueError with our location."""
        try:
            return fn(*args)
        except ValueError as exc:
            raise StorageImportError(f"{self.where}: {exc}") from exc


def _parse(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Validate the whole document up front and return rows ready for SQL."""
    if not isinstance(data, Mapping):
        raise StorageImportError("import data must be an object")
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise StorageImportError(
            f"unsupported import format {data.get('format')!r} v{data.get('version')!r}"
            f" (expected {FORMAT!r} v{VERSION})"
        )
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
    for section in SECTIONS:
        if not isinstance(data.get(section, []), list):
            raise StorageImportError(f"{section}: expected a list")
    for i, raw in enumerate(data.get("answers", [])):
        r = _Rows("answers", i, raw)
        kind, target = r.check(clean_target, r.text("target_kind"), r.text("target"))
        uses = r.integer("uses")
        if uses is not None and uses < 0:
            raise StorageImportError(f"{r.where}.uses: must be >= 0")
        out["answers"].append(
            dict(
                guild_id=r.integer("guild_id"),
                name=r.check(clean_name, r.text("name")),
                target_kind=kind,
                target=target,
                body=r.check(clean_body, r.text("body")),
                author_id=r.integer("author_id"),
                created_at=r.ts("created_at"),
                updated_at=r.ts("updated_at"),
                uses=uses,
            )
        )
    for i, raw in enumerate(data.get("aliases", [])):
        r = _Rows("aliases", i, raw)
        out["aliases"].append(
            dict(
                guild_id=r.integer("guild_id"),
                alias=r.check(clean_name, r.text("alias")),
                answer=r.check(clean_name, r.text("answer")),
                created_at=r.ts("created_at"),
            )
        )
    for i, raw in enumerate(data.get("history", [])):
        r = _Rows("history", i, raw)
        action = r.text("action")
        if action not in HISTORY_ACTIONS:
            raise StorageImportError(
                f"{r.where}.action: must be one of {', '.join(HISTORY_ACTIONS)}, not {action!r}"
            )
        out["history"].append(
            dict(
                guild_id=r.integer("guild_id"),
                answer=r.text("answer", nullable=True),
                answer_name=r.text("answer_name"),
                editor_id=r.integer("editor_id"),
                action=action,
                old_body=r.text("old_body", nullable=True),
                new_body=r.text("new_body", nullable=True),
                detail=r.text("detail", nullable=True),
                at=r.ts("at"),
            )
        )
    for i, raw in enumerate(data.get("featured", [])):
        r = _Rows("featured", i, raw)
        risks = r.ids("risks")
        out["featured"].append(
            dict(
                guild_id=r.integer("guild_id"),
                thread_id=r.integer("thread_id"),
                message_id=r.integer("message_id"),
                author_id=r.integer("author_id"),
                profession_group=r.text("profession_group", nullable=True),
                risks=ids_to_text(ids_from_text(risks), sort=True),
                featured_by=r.integer("featured_by"),
                created_at=r.ts("created_at"),
            )
        )
    for i, raw in enumerate(data.get("corrections", [])):
        r = _Rows("corrections", i, raw)
        out["corrections"].append(
            dict(
                guild_id=r.integer("guild_id"),
                message_id=r.integer("message_id", nullable=True),
                intent=r.text("intent"),
                profession_group=r.text("profession_group", nullable=True),
                risks=r.ids("risks"),
                exceptions=r.ids("exceptions"),
                verdict=r.text("verdict", nullable=True),
                text=r.text("text", nullable=True),
                moderator_id=r.integer("moderator_id"),
                created_at=r.ts("created_at"),
            )
        )
    return out


async def _answer_id(conn: aiosqlite.Connection, guild_id: int, name: str) -> int | None:
    row = await fetch_one(
        conn, "SELECT id FROM curated_answers WHERE guild_id = ? AND name_key = ?", (guild_id, name_key(name))
    )
    return int(row[0]) if row else None


async def _write(conn: aiosqlite.Connection, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    counts = {s: 0 for s in SECTIONS}
    for a in rows["answers"]:
        existing = await _answer_id(conn, a["guild_id"], a["name"])
        values = (
            a["name"],
            name_key(a["name"]),
            a["target_kind"],
            a["target"],
            a["body"],
            a["author_id"],
            a["created_at"],
            a["updated_at"],
            a["uses"],
        )
        if existing is None:
            await insert(
                conn,
                "INSERT INTO curated_answers (name, name_key, target_kind, target, body, author_id, created_at,"
                " updated_at, uses, guild_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, a["guild_id"]),
            )
            counts["answers"] += 1
        else:
            counts["answers"] += await execute(
                conn,
                "UPDATE curated_answers SET name = ?, name_key = ?, target_kind = ?, target = ?, body = ?,"
                " author_id = ?, created_at = ?, updated_at = ?, uses = ? WHERE id = ?"
                " AND NOT (name = ? AND target_kind = ? AND target = ? AND body = ? AND author_id = ?"
                " AND created_at = ? AND updated_at = ? AND uses = ?)",
                (*values, existing, a["name"], *values[2:]),
            )
    for al in rows["aliases"]:
        answer_id = await _answer_id(conn, al["guild_id"], al["answer"])
        if answer_id is None:
            raise StorageImportError(
                f"alias {al['alias']!r} points to unknown answer {al['answer']!r} (guild {al['guild_id']})"
            )
        counts["aliases"] += await execute(
            conn,
            "INSERT INTO answer_aliases (guild_id, alias, alias_key, answer_id, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, alias_key) DO UPDATE SET alias = excluded.alias, answer_id = excluded.answer_id,"
            " created_at = excluded.created_at"
            " WHERE NOT (alias = excluded.alias AND answer_id = excluded.answer_id"
            " AND created_at = excluded.created_at)",
            (al["guild_id"], al["alias"], name_key(al["alias"]), answer_id, al["created_at"]),
        )
    for h in rows["history"]:
        answer_id = None
        if h["answer"] is not None:
            answer_id = await _answer_id(conn, h["guild_id"], h["answer"])
            if answer_id is None:
                raise StorageImportError(
                    f"history row points to unknown answer {h['answer']!r} (guild {h['guild_id']})"
                )
        duplicate = await fetch_one(
            conn,
            "SELECT 1 FROM answer_history WHERE guild_id = ? AND answer_name = ? AND editor_id = ? AND action = ?"
            " AND old_body IS ? AND new_body IS ? AND detail IS ? AND at = ?",
            (
                h["guild_id"],
                h["answer_name"],
                h["editor_id"],
                h["action"],
                h["old_body"],
                h["new_body"],
                h["detail"],
                h["at"],
            ),
        )
        if duplicate is None:
            await insert(
                conn,
                "INSERT INTO answer_history (guild_id, answer_id, answer_name, editor_id, action, old_body, new_body,"
                " detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    h["guild_id"],
                    answer_id,
                    h["answer_name"],
                    h["editor_id"],
                    h["action"],
                    h["old_body"],
                    h["new_body"],
                    h["detail"],
                    h["at"],
                ),
            )
            counts["history"] += 1
    for f in rows["featured"]:
        counts["featured"] += await execute(
            conn,
            "INSERT INTO featured_answers (guild_id, thread_id, message_id, author_id, profession_group, risks,"
            " featured_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, message_id) DO UPDATE SET thread_id = excluded.thread_id,"
            " author_id = excluded.author_id, profession_group = excluded.profession_group, risks = excluded.risks,"
            " featured_by = excluded.featured_by, created_at = excluded.created_at"
            " WHERE NOT (thread_id = excluded.thread_id AND author_id = excluded.author_id"
            " AND profession_group IS excluded.profession_group AND risks = excluded.risks"
            " AND featured_by = excluded.featured_by AND created_at = excluded.created_at)",
            (
                f["guild_id"],
                f["thread_id"],
                f["message_id"],
                f["author_id"],
                f["profession_group"],
                f["risks"],
                f["featured_by"],
                f["created_at"],
            ),
        )
    for c in rows["corrections"]:
        fields = (
            c["guild_id"],
            c["message_id"],
            c["intent"],
            c["profession_group"],
            c["risks"],
            c["exceptions"],
            c["verdict"],
            c["text"],
            c["moderator_id"],
            c["created_at"],
        )
        duplicate = await fetch_one(
            conn,
            "SELECT 1 FROM corrections WHERE guild_id = ? AND message_id IS ? AND intent = ? AND profession_group IS ?"
            " AND risks = ? AND exceptions = ? AND verdict IS ? AND text IS ? AND moderator_id = ? AND created_at = ?",
            fields,
        )
        if duplicate is None:
            await insert(
                conn,
                "INSERT INTO corrections (guild_id, message_id, intent, profession_group, risks, exceptions, verdict,"
                " text, moderator_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fields,
            )
            counts["corrections"] += 1
    return counts


class ExchangeMixin(Repository):
    async def export_curation(self) -> dict[str, Any]:
        """All curated content of all guilds, JSON-serialisable, in a stable order."""
        async with self._db.snapshot("export curated content") as conn:
            answers = await fetch_all(
                conn,
                "SELECT guild_id, name, target_kind, target, body, author_id, created_at, updated_at, uses"
                " FROM curated_answers ORDER BY guild_id, name_key",
            )
            aliases = await fetch_all(
                conn,
                "SELECT al.guild_id, al.alias, a.name AS answer, al.created_at FROM answer_aliases al"
                " JOIN curated_answers a ON a.id = al.answer_id ORDER BY al.guild_id, al.alias_key",
            )
            # `answer` is the answer's current name, or None once it was removed:
            # the import re-links history to answers by that name.
            history = await fetch_all(
                conn,
                "SELECT h.guild_id, a.name AS answer, h.answer_name, h.editor_id, h.action, h.old_body, h.new_body,"
                " h.detail, h.at FROM answer_history h"
                " LEFT JOIN curated_answers a ON a.id = h.answer_id AND a.guild_id = h.guild_id"
                " ORDER BY h.guild_id, h.id",
            )
            featured = await fetch_all(
                conn,
                "SELECT guild_id, thread_id, message_id, author_id, profession_group, risks, featured_by, created_at"
                " FROM featured_answers ORDER BY guild_id, id",
            )
            corrections = await fetch_all(
                conn,
                "SELECT guild_id, message_id, intent, profession_group, risks, exceptions, verdict, text,"
                " moderator_id, created_at FROM corrections ORDER BY guild_id, id",
            )

        def plain(row: Any, *lists: str) -> dict[str, Any]:
            d = dict(row)
            for key in lists:
                d[key] = list(ids_from_text(d[key]))
            return d

        return {
            "format": FORMAT,
            "version": VERSION,
            "answers": [plain(r) for r in answers],
            "aliases": [plain(r) for r in aliases],
            "history": [plain(r) for r in history],
            "featured": [plain(r, "risks") for r in featured],
            "corrections": [plain(r, "risks", "exceptions") for r in corrections],
        }

    async def import_curation(self, data: Mapping[str, Any]) -> dict[str, int]:
        """Upsert everything in `data` in one transaction. Returns rows written per section
        (0 everywhere when re-importing the same data). Raises StorageImportError."""
        rows = _parse(data)
        try:
            async with self._db.transaction("import curated content") as conn:
                return await _write(conn, rows)
        except StorageConflict as exc:
            # e.g. an imported name equals an existing alias; nothing was written.
            raise StorageImportError(
                f"import conflicts with existing content: {exc}", path=self._db.path
            ) from exc
