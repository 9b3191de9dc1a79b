"""Load and validate the data in knowledge/ (see knowledge/README.md for the schema).

Loaded once at start-up. Any problem raises KnowledgeError naming the file and
the key, so a moderator's typo stops the bot with a message rather than a
half-working analyzer.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from itertools import product
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"

RISK_IDS = (
    "clouded_judgment",
    "fairness",
    "missed_information",
    "unwillingness_to_share",
    "pressure_imbalance",
    "sexual_relationship",
)
EXCEPTION_IDS = ("rural_access", "insular_community")
VERDICT_IDS = ("prohibited", "avoid", "may_be_appropriate", "caution")
GROUPS = ("mental_health", "medical", "legal", "other")
RELATIONSHIP_KINDS = (
    "family", "friend", "romantic", "ex_partner", "business", "employer", "employee",
    "landlord", "tenant", "creditor", "teacher", "student", "coach", "community",
    "online", "neighbor", "acquaintance", "colleague",
)
CODE_TOPICS = (
    "general", "family_friends", "romance_current", "romance_former", "romance_relative",
    "prior_romance", "community", "online", "unforeseen",
)

_ID_RE = re.compile(r"^[a-z0-9_.-]+$")


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed, or refers to something unknown."""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    summary: str
    section: str
    triggers: tuple[str, ...]
    explain: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)


@dataclass(frozen=True, slots=True)
class Knowledge:
    risks: dict[str, Entry]
    exceptions: dict[str, Entry]
    verdicts: dict[str, Entry]
    safeguards: dict[str, Entry]
    concepts: dict[str, Entry]
    codes: dict[str, Entry]
    professions: dict[str, Entry]
    relationships: dict[str, Entry]
    cues: dict[str, Entry]
    questions: dict[str, Entry]

    def cues_for(self, role: str) -> list[Entry]:
        return [c for c in self.cues.values() if c.get("role") == role]

    def codes_for(self, profession: str | None, group: str | None, topics: set[str]) -> list[Entry]:
        """Checked code rules for this profession (or its group) on these topics."""
        found = []
        for rule in self.codes.values():
            applies = set(rule.get("applies_to", ()))
            if not (profession in applies or group in applies):
                continue
            if topics & set(rule.get("topics", ())):
                found.append(rule)
        return found


# file name -> (table name, required extra keys with their types)
_SCHEMA: dict[str, tuple[str, dict[str, type | tuple[type, ...]]]] = {
    "risks": ("risk", {"explain": str, "safeguards": list}),
    "exceptions": ("exception", {"explain": str, "safeguards": list}),
    # "avoid" comes from two rows of the verdict table, so an entry lists its rows
    # and gives a one-line reason for each: reasons = { "2" = "...", "4" = "..." }
    "verdicts": ("verdict", {"rules": list, "reasons": dict, "explain": str}),
    "safeguards": ("safeguard", {"explain": str}),
    "concepts": ("concept", {"explain": str}),
    "codes": ("rule", {"code": str, "rule": str, "limit": str, "applies_to": list, "topics": list}),
    "professions": ("profession", {"group": str}),
    "relationships": ("relationship", {"kind": str, "close": bool, "power": bool}),
    "cues": ("cue", {"role": str}),
    # clarifying questions: prompt plus options = [{ value = "...", label = "..." }]
    "questions": ("question", {"prompt": str, "options": list}),
}
_COMMON = {"id": str, "title": str, "summary": str, "section": str, "triggers": list}


def _fail(path: Path, where: str, msg: str) -> KnowledgeError:
    return KnowledgeError(f"{path.name}: {where}: {msg}")


def _load_file(path: Path, table: str, required: dict[str, Any]) -> dict[str, Entry]:
    if not path.is_file():
        raise KnowledgeError(f"{path.name}: file is missing from {path.parent}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path.name}: not valid TOML: {exc}") from exc
    rows = data.get(table)
    if not isinstance(rows, list) or not rows:
        raise _fail(path, f"[[{table}]]", "expected at least one entry")
    entries: dict[str, Entry] = {}
    for n, row in enumerate(rows):
        where = f"[[{table}]] #{n + 1}"
        if not isinstance(row, dict):
            raise _fail(path, where, "not a table")
        if isinstance(row.get("id"), str):
            where = f"{table} '{row['id']}'"
        for key, typ in {**_COMMON, **required}.items():
            if key not in row:
                raise _fail(path, where, f"missing key '{key}'")
            if not isinstance(row[key], typ):
                raise _fail(path, f"{where}.{key}", f"expected {getattr(typ, '__name__', typ)}")
        if not _ID_RE.match(row["id"]):
            raise _fail(path, f"{where}.id", "ids use only a-z, 0-9, '_', '.', '-'")
        if row["id"] in entries:
            raise _fail(path, f"{where}.id", "duplicate id")
        for key in ("title", "summary", "section"):
            if not row[key].strip():
                raise _fail(path, f"{where}.{key}", "must not be empty")
        if not row["triggers"] or not all(isinstance(t, str) and t.strip() for t in row["triggers"]):
            raise _fail(path, f"{where}.triggers", "must be a non-empty list of non-empty strings")
        extra = {k: v for k, v in row.items() if k not in _COMMON and k != "explain"}
        entries[row["id"]] = Entry(
            id=row["id"],
            title=row["title"].strip(),
            summary=row["summary"].strip(),
            section=row["section"].strip(),
            triggers=tuple(t.strip() for t in row["triggers"]),
            explain=row.get("explain", "").strip(),
            extra=extra,
        )
    return entries


def _check_ids(path: str, have: dict[str, Entry], expected: tuple[str, ...]) -> None:
    missing = set(expected) - set(have)
    unknown = set(have) - set(expected)
    if missing:
        raise KnowledgeError(f"{path}: missing entries for {sorted(missing)} (ids of labels.md)")
    if unknown:
        raise KnowledgeError(f"{path}: unknown ids {sorted(unknown)} (not in labels.md)")


def _check_refs(path: str, entries: dict[str, Entry], key: str, allowed: set[str]) -> None:
    for entry in entries.values():
        value = entry.get(key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in allowed:
                raise KnowledgeError(f"{path}: {entry.id}.{key}: unknown value '{v}'")


def _written_forms(trigger: str) -> list[str]:
    """The phrases a trigger spells out, alternatives expanded ("a|b c" -> "a c", "b c")."""
    chunks = [[alt.lstrip("=") for alt in chunk.split("|") if alt] or [chunk] for chunk in trigger.lower().split()]
    return [" ".join(words) for words in product(*chunks)]


def _check_unique_triggers(path: str, entries: dict[str, Entry]) -> None:
    """A phrase listed under two professions (or two relationships) names both
    on the same words, and which one a post gets would be an accident of the
    matcher: the file must say which it is."""
    owner: dict[str, str] = {}
    for entry in entries.values():
        for trigger in entry.triggers:
            for phrase in _written_forms(trigger):
                other = owner.setdefault(phrase, entry.id)
                if other != entry.id:
                    raise KnowledgeError(f"{path}: {entry.id}.triggers: '{phrase}' is already a trigger of {other}")


# Words an article may alternate with in one slot ("a|an|the", "the|her|his"):
# a slot that mixes an article with a noun ("dinner|drinks|a drink") was
# meant as two phrases, and as one slot it never matches "for dinner".
_SLOT_WORDS = {
    "a", "an", "the", "any", "one", "some", "no", "every", "each", "another", "single", "both", "all",
    "my", "your", "his", "her", "their", "our", "its", "this", "that", "these", "those",
    "me", "him", "them", "us", "it", "someone", "everyone", "anyone",
}


def _check_alternatives(path: str, entries: dict[str, Entry]) -> None:
    """`a|b` alternates one word only; catch the trigger written as if it
    alternated phrases, which silently matches less than it says."""
    for entry in entries.values():
        for trigger in entry.triggers:
            for chunk in trigger.lower().split():
                alts = {alt.lstrip("=").rstrip("?") for alt in chunk.split("|")}
                if len(alts) > 1 and alts & {"a", "an", "the"} and alts - _SLOT_WORDS:
                    raise KnowledgeError(
                        f"{path}: {entry.id}.triggers: '{trigger}': '|' alternates single words, "
                        f"so '{chunk}' mixes an article with other words; write each phrase as its own trigger"
                    )


def load_knowledge(directory: Path | str = KNOWLEDGE_DIR) -> Knowledge:
    directory = Path(directory)
    loaded = {
        name: _load_file(directory / f"{name}.toml", table, required)
        for name, (table, required) in _SCHEMA.items()
    }
    _check_ids("risks.toml", loaded["risks"], RISK_IDS)
    _check_ids("exceptions.toml", loaded["exceptions"], EXCEPTION_IDS)
    _check_ids("verdicts.toml", loaded["verdicts"], VERDICT_IDS)
    rows: list[int] = []
    for v in loaded["verdicts"].values():
        rows += v.get("rules")
        if {str(r) for r in v.get("rules")} != set(v.get("reasons")):
            raise KnowledgeError(f"verdicts.toml: {v.id}.reasons: needs one reason per row in rules")
    if sorted(rows) != [1, 2, 3, 4, 5]:
        raise KnowledgeError("verdicts.toml: rules: rows 1-5 must each belong to exactly one verdict")
    safeguard_ids = set(loaded["safeguards"])
    _check_refs("risks.toml", loaded["risks"], "safeguards", safeguard_ids)
    _check_refs("exceptions.toml", loaded["exceptions"], "safeguards", safeguard_ids)
    _check_refs("professions.toml", loaded["professions"], "group", set(GROUPS))
    for name in ("cues", "professions", "relationships", "concepts"):
        _check_alternatives(f"{name}.toml", loaded[name])
    _check_unique_triggers("professions.toml", loaded["professions"])
    _check_unique_triggers("relationships.toml", loaded["relationships"])
    _check_refs("relationships.toml", loaded["relationships"], "kind", set(RELATIONSHIP_KINDS))
    _check_refs(
        "codes.toml", loaded["codes"], "applies_to", set(loaded["professions"]) | set(GROUPS)
    )
    _check_refs("codes.toml", loaded["codes"], "topics", set(CODE_TOPICS))
    for q in loaded["questions"].values():
        opts = q.get("options")
        if len(opts) < 2 or not all(
            isinstance(o, dict) and isinstance(o.get("value"), str) and isinstance(o.get("label"), str)
            for o in opts
        ):
            raise KnowledgeError(f"questions.toml: {q.id}.options: need 2+ {{value, label}} tables")
    return Knowledge(**loaded)


@lru_cache(maxsize=4)
def cached_knowledge(directory: str = "") -> Knowledge:
    """One validated Knowledge per folder, shared by the pipeline components
    (spaCy factories take only serialisable config, so they get the path)."""
    return load_knowledge(directory or KNOWLEDGE_DIR)
