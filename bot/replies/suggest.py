"""'Did you mean ...?' for a name a user typed that matches no knowledge entry."""
from __future__ import annotations

import difflib
from typing import Iterable, Mapping

from bot.core.knowledge import Entry

from .sanitize import clean


def suggest(name: str, pools: Iterable[Mapping[str, Entry]], most: int = 3) -> list[Entry]:
    """Entries whose id or title is close to `name` (typos, partial words)."""
    wanted = clean(name).casefold().replace(" ", "_")
    if not wanted:
        return []
    keys: dict[str, Entry] = {}
    for pool in pools:
        for entry in pool.values():
            keys.setdefault(entry.id.casefold(), entry)
            keys.setdefault(entry.title.casefold().replace(" ", "_"), entry)
            keys.setdefault(entry.id.rsplit(".", 1)[-1].casefold(), entry)  # "risk.fairness" -> "fairness"
    found: dict[str, Entry] = {}
    for key in difflib.get_close_matches(wanted, keys, n=most * 2, cutoff=0.6):
        found.setdefault(keys[key].id, keys[key])
    if len(wanted) >= 4:  # "fair" -> "fairness"
        for key, entry in keys.items():
            if wanted in key:
                found.setdefault(entry.id, entry)
    return list(found.values())[:most]
