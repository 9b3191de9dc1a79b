"""Moderator-curated answers, aliases and their history.

Every method takes guild_id and filters by it: a moderator of one guild can
never read or change another guild's answers (triggers in 002_curation.sql
back this up for aliases). Each change writes the answer, its history row and
its audit row in one transaction, so a crash never leaves half an edit.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable, Sequence

import aiosqlite

from .audit import write_audit
from .codec import name_key, ts_from_text
from .database import execute, fetch_all, fetch_one, insert
from .errors import StorageConflict
from .models import TARGET_KINDS, AnswerHistory, AnswerSearch, CuratedAnswer
from .repository import Repository

MAX_NAME_LENGTH = 100

_ANSWER_COLUMNS = "id, guild_id, name, target_kind, target, body, author_id, created_at, updated_at, uses"
_ANSWER_COLUMNS_A = ", ".join(f"a.{c.strip()}" for c in _ANSWER_COLUMNS.split(","))  # same, table-qualified
_HISTORY_FIELDS = "guild_id, answer_id, answer_name, editor_id, action, old_body, new_body, detail, at"
_HISTORY_COLUMNS = f"id, {_HISTORY_FIELDS}"


def clean_name(name: str) -> str:
    """Collapse spaces; reject empty or overlong names (used for names and aliases)."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValueError("a name or alias must not be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a name or alias must be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def clean_target(target_kind: str, target: str) -> tuple[str, str]:
    """Validate the kind; lower-case the target and tidy '+' patterns ('a + b' -> 'a+b')."""
    if target_kind not in TARGET_KINDS:
        raise ValueError(f"target_kind must be one of {', '.join(TARGET_KINDS)}, not {target_kind!r}")
    cleaned = "+".join(part.strip() for part in str(target).lower().split("+"))
    if not cleaned or any(not part for part in cleaned.split("+")):
        raise ValueError(f"invalid target {target!r}")
    return target_kind, cleaned


def clean_body(body: str) -> str:
    if not str(body).strip():
        raise ValueError("an answer body must not be empty")
    return str(body)


def _answer(row: sqlite3.Row, aliases: Sequence[str]) -> CuratedAnswer:
    return CuratedAnswer(
        id=row["id"],
        guild_id=row["guild_id"],
        name=row["name"],
        target_kind=row["target_kind"],
        target=row["target"],
        body=row["body"],
        author_id=row["author_id"],
        created_at=ts_from_text(row["created_at"]),  # type: ignore[arg-type]
        updated_at=ts_from_text(row["updated_at"]),  # type: ignore[arg-type]
        uses=int(row["uses"]),
        aliases=tuple(aliases),
    )


def _history(row: sqlite3.Row) -> AnswerHistory:
    return AnswerHistory(
        id=row["id"],
        guild_id=row["guild_id"],
        answer_id=row["answer_id"],
        answer_name=row["answer_name"],
        editor_id=row["editor_id"],
        action=row["action"],
        old_body=row["old_body"],
        new_body=row["new_body"],
        detail=row["detail"],
        at=ts_from_text(row["at"]),  # type: ignore[arg-type]
    )


async def _find_row(conn: aiosqlite.Connection, guild_id: int, name_or_alias: str) -> sqlite3.Row | None:
    key = name_key(name_or_alias)
    row = await fetch_one(
        conn,
        f"SELECT {_ANSWER_COLUMNS} FROM curated_answers WHERE guild_id = ? AND name_key = ?",
        (guild_id, key),
    )
    if row is None:
        row = await fetch_one(
            conn,
            f"SELECT {_ANSWER_COLUMNS_A}"
            " FROM answer_aliases al JOIN curated_answers a ON a.id = al.answer_id"
            " WHERE al.guild_id = ? AND al.alias_key = ? AND a.guild_id = ?",
            (guild_id, key, guild_id),
        )
    return row


async def _aliases_of(conn: aiosqlite.Connection, answer_id: int) -> list[str]:
    rows = await fetch_all(
        conn, "SELECT alias FROM answer_aliases WHERE answer_id = ? ORDER BY alias_key", (answer_id,)
    )
    return [r["alias"] for r in rows]


async def _load(conn: aiosqlite.Connection, row: sqlite3.Row) -> CuratedAnswer:
    return _answer(row, await _aliases_of(conn, row["id"]))


async def _load_all(conn: aiosqlite.Connection, guild_id: int) -> list[CuratedAnswer]:
    rows = await fetch_all(
        conn,
        f"SELECT {_ANSWER_COLUMNS} FROM curated_answers WHERE guild_id = ? ORDER BY name_key",
        (guild_id,),
    )
    alias_rows = await fetch_all(
        conn, "SELECT answer_id, alias FROM answer_aliases WHERE guild_id = ? ORDER BY alias_key", (guild_id,)
    )
    aliases: dict[int, list[str]] = {}
    for r in alias_rows:
        aliases.setdefault(r["answer_id"], []).append(r["alias"])
    return [_answer(r, aliases.get(r["id"], [])) for r in rows]


async def _ensure_free(
    conn: aiosqlite.Connection, guild_id: int, name: str, *, ignore_answer: int | None = None
) -> None:
    """Names and aliases share one case-insensitive namespace per guild."""
    key = name_key(name)
    taken = await fetch_one(
        conn,
        "SELECT name AS label, id AS answer_id FROM curated_answers WHERE guild_id = ? AND name_key = ?"
        " UNION ALL"
        " SELECT alias, answer_id FROM answer_aliases WHERE guild_id = ? AND alias_key = ?",
        (guild_id, key, guild_id, key),
    )
    if taken is not None and taken["answer_id"] != ignore_answer:
        raise StorageConflict(
            f"The name {name!r} is already used by an answer or alias ({taken['label']!r}) in this server."
        )


async def _record_history(
    conn: aiosqlite.Connection,
    guild_id: int,
    answer_id: int,
    answer_name: str,
    editor_id: int,
    action: str,
    old_body: str | None,
    new_body: str | None,
    detail: str | None,
    at: str,
) -> None:
    await insert(
        conn,
        f"INSERT INTO answer_history ({_HISTORY_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (guild_id, answer_id, answer_name, editor_id, action, old_body, new_body, detail, at),
    )


class CurationMixin(Repository):
    async def add_answer(
        self, guild_id: int, name: str, target_kind: str, target: str, body: str, author_id: int
    ) -> CuratedAnswer:
        """Create an answer. Raises StorageConflict if the name is taken (as name or alias)."""
        name = clean_name(name)
        target_kind, target = clean_target(target_kind, target)
        body = clean_body(body)
        at = self._stamp()
        async with self._db.transaction("add the curated answer") as conn:
            await _ensure_free(conn, guild_id, name)
            answer_id = await insert(
                conn,
                "INSERT INTO curated_answers (guild_id, name, name_key, target_kind, target, body, author_id,"
                " created_at, updated_at, uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (guild_id, name, name_key(name), target_kind, target, body, author_id, at, at),
            )
            await _record_history(
                conn, guild_id, answer_id, name, author_id, "add", None, body, f"{target_kind}:{target}", at
            )
            await write_audit(
                conn, guild_id, author_id, "answer.add", f"#{answer_id} {name} -> {target_kind}:{target}", at
            )
            row = await fetch_one(
                conn, f"SELECT {_ANSWER_COLUMNS} FROM curated_answers WHERE id = ?", (answer_id,)
            )
            assert row is not None
            return await _load(conn, row)

    async def edit_answer(
        self,
        guild_id: int,
        name_or_alias: str,
        editor_id: int,
        *,
        body: str | None = None,
        target_kind: str | None = None,
        target: str | None = None,
        new_name: str | None = None,
    ) -> CuratedAnswer | None:
        """Change body, target and/or name. Records history (old/new body). None if not found."""
        if body is None and target_kind is None and target is None and new_name is None:
            raise ValueError("edit_answer needs at least one of body, target_kind, target, new_name")
        at = self._stamp()
        async with self._db.transaction("edit the curated answer") as conn:
            row = await _find_row(conn, guild_id, name_or_alias)
            if row is None:
                return None
            answer_id = row["id"]
            kind, tgt = clean_target(
                target_kind or row["target_kind"], target if target is not None else row["target"]
            )
            new_body = clean_body(body) if body is not None else row["body"]
            name = row["name"]
            changes: list[str] = []
            if new_name is not None:
                new_name = clean_name(new_name)
                await _ensure_free(conn, guild_id, new_name, ignore_answer=answer_id)
                if new_name != name:
                    changes.append(f"name {name} -> {new_name}")
                    name = new_name
            if (kind, tgt) != (row["target_kind"], row["target"]):
                changes.append(f"target {row['target_kind']}:{row['target']} -> {kind}:{tgt}")
            if new_body != row["body"]:
                changes.append("body")
            await execute(
                conn,
                "UPDATE curated_answers SET name = ?, name_key = ?, target_kind = ?, target = ?, body = ?,"
                " updated_at = ? WHERE id = ? AND guild_id = ?",
                (name, name_key(name), kind, tgt, new_body, at, answer_id, guild_id),
            )
            detail = "; ".join(changes) or "no change"
            await _record_history(
                conn, guild_id, answer_id, name, editor_id, "edit", row["body"], new_body, detail, at
            )
            await write_audit(conn, guild_id, editor_id, "answer.edit", f"#{answer_id} {name}: {detail}", at)
            updated = await fetch_one(
                conn, f"SELECT {_ANSWER_COLUMNS} FROM curated_answers WHERE id = ?", (answer_id,)
            )
            assert updated is not None
            return await _load(conn, updated)

    async def remove_answer(self, guild_id: int, name_or_alias: str, editor_id: int) -> bool:
        """Delete an answer and its aliases; its history stays. False if not found."""
        at = self._stamp()
        async with self._db.transaction("remove the curated answer") as conn:
            row = await _find_row(conn, guild_id, name_or_alias)
            if row is None:
                return False
            aliases = await _aliases_of(conn, row["id"])
            await _record_history(
                conn,
                guild_id,
                row["id"],
                row["name"],
                editor_id,
                "remove",
                row["body"],
                None,
                ", ".join(aliases) or None,
                at,
            )
            await execute(
                conn, "DELETE FROM curated_answers WHERE id = ? AND guild_id = ?", (row["id"], guild_id)
            )
            await write_audit(conn, guild_id, editor_id, "answer.remove", f"#{row['id']} {row['name']}", at)
            return True

    async def add_alias(
        self, guild_id: int, name_or_alias: str, alias: str, editor_id: int
    ) -> CuratedAnswer | None:
        """Give an answer another name. StorageConflict if taken; None if the answer is not found."""
        alias = clean_name(alias)
        at = self._stamp()
        async with self._db.transaction("add the alias") as conn:
            row = await _find_row(conn, guild_id, name_or_alias)
            if row is None:
                return None
            await _ensure_free(conn, guild_id, alias)
            await execute(
                conn,
                "INSERT INTO answer_aliases (guild_id, alias, alias_key, answer_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (guild_id, alias, name_key(alias), row["id"], at),
            )
            await _record_history(
                conn, guild_id, row["id"], row["name"], editor_id, "alias", None, None, alias, at
            )
            await write_audit(
                conn, guild_id, editor_id, "answer.alias", f"#{row['id']} {row['name']} += {alias}", at
            )
            return await _load(conn, row)

    async def remove_alias(self, guild_id: int, alias: str, editor_id: int) -> bool:
        at = self._stamp()
        async with self._db.transaction("remove the alias") as conn:
            row = await fetch_one(
                conn,
                "SELECT al.alias, a.id, a.name FROM answer_aliases al JOIN curated_answers a ON a.id = al.answer_id"
                " WHERE al.guild_id = ? AND al.alias_key = ?",
                (guild_id, name_key(alias)),
            )
            if row is None:
                return False
            await execute(
                conn,
                "DELETE FROM answer_aliases WHERE guild_id = ? AND alias_key = ?",
                (guild_id, name_key(alias)),
            )
            await _record_history(
                conn, guild_id, row["id"], row["name"], editor_id, "unalias", None, None, row["alias"], at
            )
            await write_audit(
                conn,
                guild_id,
                editor_id,
                "answer.unalias",
                f"#{row['id']} {row['name']} -= {row['alias']}",
                at,
            )
            return True

    async def get_answer(self, guild_id: int, name_or_alias: str) -> CuratedAnswer | None:
        """Exact lookup by name or alias (case- and spacing-insensitive)."""
        async with self._db.reading("read a curated answer") as conn:
            row = await _find_row(conn, guild_id, name_or_alias)
            return await _load(conn, row) if row else None

    async def get_answer_by_id(self, guild_id: int, answer_id: int) -> CuratedAnswer | None:
        async with self._db.reading("read a curated answer") as conn:
            row = await fetch_one(
                conn,
                f"SELECT {_ANSWER_COLUMNS} FROM curated_answers WHERE id = ? AND guild_id = ?",
                (answer_id, guild_id),
            )
            return await _load(conn, row) if row else None

    async def list_answers(self, guild_id: int) -> list[CuratedAnswer]:
        """All answers of the guild, by name."""
        async with self._db.reading("list curated answers") as conn:
            return await _load_all(conn, guild_id)

    async def search_answers(self, guild_id: int, query: str, *, limit: int = 10) -> AnswerSearch:
        """Exact name/alias hit, substring hits (name, alias, target, then body), and
        'did you mean' names from difflib for typos."""
        async with self._db.reading("search curated answers") as conn:
            answers = await _load_all(conn, guild_id)
        key = name_key(query)
        by_label: dict[str, CuratedAnswer] = {}
        for answer in answers:
            for label in (answer.name, *answer.aliases):
                by_label[name_key(label)] = answer
        exact = by_label.get(key) if key else None

        def rank(answer: CuratedAnswer) -> int | None:
            labels = [name_key(x) for x in (answer.name, *answer.aliases)]
            if any(key in label for label in labels):
                return 0
            if key in answer.target:
                return 1
            if key in answer.body.casefold():
                return 2
            return None

        ranked = [(r, a.name.casefold(), a) for a in answers if a is not exact and (r := rank(a)) is not None]
        matches = [a for _, _, a in sorted(ranked, key=lambda t: (t[0], t[1]))][:limit]
        seen = {a.id for a in matches} | ({exact.id} if exact else set())
        # Candidates for "did you mean": whole names/aliases and their single
        # words, so a typo in one word of a long name still finds it.
        candidates: dict[str, list[CuratedAnswer]] = {}
        for label, answer in by_label.items():
            for text in dict.fromkeys([label, *label.split()]):
                candidates.setdefault(text, []).append(answer)
        did_you_mean: list[str] = []
        if key:
            for close in difflib.get_close_matches(key, list(candidates), n=limit * 3, cutoff=0.6):
                for answer in candidates[close]:
                    if answer.id not in seen:
                        seen.add(answer.id)
                        did_you_mean.append(answer.name)
        did_you_mean = did_you_mean[:limit]
        return AnswerSearch(query=query, exact=exact, matches=matches, did_you_mean=did_you_mean)

    async def answers_for_targets(
        self, guild_id: int, targets: Iterable[tuple[str, str]]
    ) -> list[CuratedAnswer]:
        """Answers attached to any of these (kind, target) pairs, in the order of `targets`."""
        wanted: list[tuple[str, str]] = []
        for kind, target in targets:
            try:
                pair = clean_target(kind, target)
            except ValueError:
                continue  # an unknown kind simply matches nothing
            if pair not in wanted:
                wanted.append(pair)
        found: list[CuratedAnswer] = []
        async with self._db.reading("find curated answers") as conn:
            for kind, target in wanted:
                rows = await fetch_all(
                    conn,
                    f"SELECT {_ANSWER_COLUMNS} FROM curated_answers"
                    " WHERE guild_id = ? AND target_kind = ? AND target = ? ORDER BY name_key",
                    (guild_id, kind, target),
                )
                for row in rows:
                    found.append(await _load(conn, row))
        return found

    async def increment_uses(self, guild_id: int, answer_id: int) -> bool:
        """Count that the answer was shown. Not a moderator action: no history or audit."""
        async with self._db.transaction("count an answer use") as conn:
            return (
                await execute(
                    conn,
                    "UPDATE curated_answers SET uses = uses + 1 WHERE id = ? AND guild_id = ?",
                    (answer_id, guild_id),
                )
                > 0
            )

    async def answer_history(self, guild_id: int, answer_id: int) -> list[AnswerHistory]:
        """Every change of the answer, oldest first (also after it was removed)."""
        async with self._db.reading("read answer history") as conn:
            rows = await fetch_all(
                conn,
                f"SELECT {_HISTORY_COLUMNS} FROM answer_history WHERE guild_id = ? AND answer_id = ? ORDER BY id",
                (guild_id, answer_id),
            )
        return [_history(r) for r in rows]
