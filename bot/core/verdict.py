"""The verdict table of shared/spec/labels.md, as a pure function.

Kept apart from spaCy so the clarifying-question path can re-decide after the
poster answers, without re-reading the post.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VerdictInput:
    group: str | None
    romance_with_client: bool
    romance_preexisting: bool  # an existing partner or spouse became the client
    timing: str | None  # "current" | "former" | None (unknown: read as current)
    has_exception: bool


def decide(v: VerdictInput) -> tuple[str, int]:
    """Return (verdict id, row of the verdict table that fired)."""
    former = v.timing == "former"
    if v.romance_with_client and not former:
        if v.group == "mental_health":
            return "prohibited", 1  # whatever came first
        if v.group in ("medical", "legal") and not v.romance_preexisting:
            return "prohibited", 1
    if v.romance_with_client and (former or not v.romance_preexisting):
        return "avoid", 2
    if v.has_exception:
        return "may_be_appropriate", 3
    if v.group == "mental_health":
        return "avoid", 4
    return "caution", 5
