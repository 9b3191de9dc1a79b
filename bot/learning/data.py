"""Training examples: the repo's labelled posts and moderators' corrections.

An example is a dict with the fields of shared/eval/dev.jsonl (id, text,
intent, profession_group, risks, exceptions, verdict) plus "group", the unit
the split keeps together (a "pair" of near-identical posts stays on one side).
"""
from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ..core.knowledge import EXCEPTION_IDS, RISK_IDS

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "data" / "labelled.jsonl"
def _set_number(path: Path) -> tuple[int, str]:
    suffix = path.stem.removeprefix("labelled")
    return (int(suffix) if suffix.isdigit() else 1 if not suffix else 10**6, path.name)


# every development set, in order (labelled, labelled2, labelled3, ...)
DEVELOPMENT = tuple(sorted((ROOT / "tests" / "data").glob("labelled*.jsonl"), key=_set_number))
# Blind sets of earlier sessions: each was written apart, scored once with the
# code frozen, and then read, so it no longer measures anything unseen; more
# authors to learn from, it is trained on since session 16 (README). Never
# trained on: the holdout, blind.jsonl and blind2.jsonl (the gate of `train
# --ship`) and a session's fresh blind set, which a later session adds here
# by raising LAST_READ_BLIND once it has been read.
LAST_READ_BLIND = 29
READ_BLIND = tuple(ROOT / "tests" / "data" / f"blind{n}.jsonl" for n in range(3, LAST_READ_BLIND + 1))
TRAINING = DEVELOPMENT + READ_BLIND
HOLDOUT = ROOT / "tests" / "data" / "holdout.jsonl"
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
# the first two sets written apart from the development sets (never trained on);
# the shipped model is gated on them too, since every fresh checkout runs it
EARLY_BLIND = (ROOT / "tests" / "data" / "blind.jsonl", ROOT / "tests" / "data" / "blind2.jsonl")
INTENTS = ("scenario", "lookup", "other")
_SPACE = re.compile(r"\s+")


class DataError(ValueError):
    """Training input that cannot be used (a missing file, a bad line, an unreadable database)."""


def text_key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise DataError(f"{path}:{n}: not JSON ({exc})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise DataError(f"{path}:{n}: expected an object with a 'text'")
            rows.append(row)
    return rows


def gold(row: dict[str, Any], *, rid: str, group: str, source: str) -> dict[str, Any] | None:
    """A clean example from a labelled row, or None when its labels are not ours."""
    intent = row.get("intent")
    risks = sorted(set(row.get("risks") or ()))
    exceptions = sorted(set(row.get("exceptions") or ()))
    if intent not in INTENTS or not set(risks) <= set(RISK_IDS) or not set(exceptions) <= set(EXCEPTION_IDS):
        return None
    return {
        "id": rid,
        "text": row["text"],
        "intent": intent,
        "profession_group": row.get("profession_group"),
        "risks": risks,
        "exceptions": exceptions,
        "verdict": row.get("verdict"),
        "group": group,
        "source": source,
    }


def labelled_examples(paths: Iterable[Path | str]) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        stem = Path(path).stem
        for n, row in enumerate(read_jsonl(path)):
            rid = str(row.get("id") or f"{stem}:{n + 1}")
            ex = gold(row, rid=rid, group=f"pair:{row['pair']}" if row.get("pair") else f"id:{rid}", source=stem)
            if ex is None:
                log.warning("%s: %s has labels outside labels.md; skipped", path, rid)
            else:
                out.append(ex)
    return out


async def _corrections(db_path: Path) -> list[Any]:
    from ..storage import Storage, StorageError

    try:
        db = await Storage.open(db_path, read_only=True)
    except StorageError:
        db = await Storage.open(db_path)  # an old schema: migrate it, as the bot would
    try:
        return await db.list_corrections()
    finally:
        await db.close()


def _run_sync(coro: Any) -> Any:
    """asyncio.run, also when called from code that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def correction_examples(db_path: Path | str | None) -> tuple[list[dict[str, Any]], int]:
    """(examples from corrections that carry an example text, number without text).
    A missing database gives no examples."""
    if db_path is None or not Path(db_path).is_file():
        return [], 0
    from ..storage import StorageError

    try:
        rows = _run_sync(_corrections(Path(db_path)))
    except StorageError as exc:
        raise DataError(f"cannot read the corrections: {exc}") from exc
    out, without_text = [], 0
    for c in rows:
        if not c.text or not c.text.strip():
            without_text += 1
            continue
        row = {
            "text": c.text, "intent": c.intent, "profession_group": c.profession_group,
            "risks": list(c.risks), "exceptions": list(c.exceptions), "verdict": c.verdict,
        }
        ex = gold(row, rid=f"correction:{c.id}", group=f"correction:{c.id}", source="corrections")
        if ex is None:
            log.warning("correction #%s has labels outside labels.md; skipped", c.id)
        else:
            ex["created_at"] = c.created_at.isoformat() if c.created_at else None
            out.append(ex)
    return out, without_text


def merge(labelled: list[dict[str, Any]], corrections: list[dict[str, Any]], exclude: set[str]) -> tuple[list[dict[str, Any]], int]:
    """Corrections override a labelled post with the same text (the moderator's
    word wins; the newest correction of a text wins). Texts of the regression
    set are never trained on. Returns (examples, number dropped as regression texts)."""
    by_text: dict[str, dict[str, Any]] = {}
    for ex in labelled:
        by_text.setdefault(text_key(ex["text"]), ex)
    for ex in corrections:
        key = text_key(ex["text"])
        if key in by_text:
            ex = {**ex, "group": by_text[key]["group"]}
        by_text[key] = ex
    kept = [ex for key, ex in by_text.items() if key not in exclude]
    return kept, len(by_text) - len(kept)


def split(examples: list[dict[str, Any]], seed: int, held_fraction: float = 0.2) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Deterministic (seeded) train / held-out split by group, so both posts of
    a pair land on the same side."""
    groups = sorted({ex["group"] for ex in examples})
    if len(groups) < 2:
        return list(examples), []
    order = np.random.default_rng(seed).permutation(len(groups))
    n_held = max(1, math.floor(held_fraction * len(groups) + 0.5))
    held = {groups[i] for i in order[:n_held]}
    return [ex for ex in examples if ex["group"] not in held], [ex for ex in examples if ex["group"] in held]
