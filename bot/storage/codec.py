"""How Python values are written to columns and read back.

One place for the encodings so every table agrees: timestamps are ISO-8601 UTC
text of fixed width (they sort as text, so SQL can compare them), id lists are
comma-joined label ids, facts are compact JSON with sorted keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now_utc() -> datetime:
    return datetime.now(UTC)


def ts_to_text(value: datetime) -> str:
    """Fixed-width UTC text; naive datetimes are taken to be UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(_FORMAT)


def ts_from_text(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def normalize_ts_text(value: str) -> str:
    """Re-encode any ISO-8601 text in our canonical form (used by import)."""
    parsed = ts_from_text(value)
    assert parsed is not None
    return ts_to_text(parsed)


def ids_to_text(ids: Iterable[str], *, sort: bool = False) -> str:
    """Comma-join label ids (knowledge ids are [a-z0-9_.-]+, so never contain commas)."""
    items = [str(i).strip() for i in ids]
    for item in items:
        if not item or "," in item:
            raise ValueError(f"invalid label id {item!r}: must be non-empty and without commas")
    if sort:
        items = sorted(set(items))
    return ",".join(items)


def ids_from_text(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(",")) if value else ()


def facts_to_text(facts: Mapping[str, Any]) -> str:
    return json.dumps(dict(facts), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def facts_from_text(value: str | None) -> dict[str, Any]:
    return dict(json.loads(value)) if value else {}


def name_key(name: str) -> str:
    """Comparison key of answer names and aliases: case- and spacing-insensitive.

    Done in Python (casefold) rather than COLLATE NOCASE, which folds ASCII only.
    """
    return " ".join(name.split()).casefold()
