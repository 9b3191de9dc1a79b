"""Rows returned by Storage: plain frozen dataclasses, no sqlite3 or Discord types.

Ids are Discord snowflakes (int). Timestamps are timezone-aware UTC datetimes.
Label lists (risks, exceptions) are tuples of knowledge ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

TargetKind = Literal["risk", "exception", "profession", "relationship", "pattern"]
TARGET_KINDS: tuple[str, ...] = ("risk", "exception", "profession", "relationship", "pattern")

ReviewReason = Literal["unsure", "thumbs_down", "reported"]
REVIEW_REASONS: tuple[str, ...] = ("unsure", "thumbs_down", "reported")

HistoryAction = Literal["add", "edit", "remove", "alias", "unalias"]
HISTORY_ACTIONS: tuple[str, ...] = ("add", "edit", "remove", "alias", "unalias")

DEFAULT_COOLDOWN_SECONDS = 30


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    scenario_channel_ids: frozenset[int] = frozenset()
    moderator_role_id: int | None = None
    polls_enabled: bool = False
    cooldown_seconds: int = DEFAULT_COOLDOWN_SECONDS


@dataclass(frozen=True, slots=True)
class ScenarioRecord:
    """What we keep about a scenario post. Privacy: ids, labels and times, never text."""

    message_id: int  # the member's post (primary key)
    guild_id: int
    channel_id: int
    author_id: int
    intent: str
    reply_message_id: int | None = None  # the bot's reply
    thread_id: int | None = None
    profession_group: str | None = None
    verdict: str | None = None
    risks: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict, hash=False)  # e.g. {"timing": "former"}
    confidence: float = 0.0
    created_at: datetime | None = None  # set by save_scenario when None
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        # Accept lists from callers but compare equal to what we read back.
        object.__setattr__(self, "risks", tuple(self.risks))
        object.__setattr__(self, "exceptions", tuple(self.exceptions))
        object.__setattr__(self, "facts", dict(self.facts))

    @classmethod
    def from_assessment(
        cls,
        assessment: Any,
        *,
        message_id: int,
        guild_id: int,
        channel_id: int,
        author_id: int,
        reply_message_id: int | None = None,
        thread_id: int | None = None,
    ) -> ScenarioRecord:
        """Labels of a bot.core Assessment (duck-typed: storage does not import core)."""
        return cls(
            message_id=message_id,
            guild_id=guild_id,
            channel_id=channel_id,
            author_id=author_id,
            reply_message_id=reply_message_id,
            thread_id=thread_id,
            intent=assessment.intent,
            profession_group=assessment.profession_group,
            verdict=assessment.verdict,
            risks=tuple(f.id for f in assessment.risks),
            exceptions=tuple(f.id for f in assessment.exceptions),
            facts=dict(assessment.facts),
            confidence=float(assessment.confidence),
        )


class FeedbackCounts(NamedTuple):
    up: int
    down: int


@dataclass(frozen=True, slots=True)
class CuratedAnswer:
    id: int
    guild_id: int
    name: str
    target_kind: str  # one of TARGET_KINDS
    target: str  # a knowledge id, or a pattern like "mental_health+former+romance"
    body: str
    author_id: int
    created_at: datetime
    updated_at: datetime
    uses: int = 0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerHistory:
    id: int
    guild_id: int
    answer_id: int | None  # None for history imported after its answer was removed
    answer_name: str  # the name at the time of the change
    editor_id: int
    action: str  # one of HISTORY_ACTIONS
    old_body: str | None
    new_body: str | None
    detail: str | None  # e.g. the alias for 'alias'/'unalias', what changed for 'edit'
    at: datetime


@dataclass(frozen=True, slots=True)
class AnswerSearch:
    """Result of search_answers: an exact hit, substring hits, and 'did you mean' names."""

    query: str
    exact: CuratedAnswer | None
    matches: list[CuratedAnswer]
    did_you_mean: list[str]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: int
    guild_id: int
    message_id: int
    reason: str  # one of REVIEW_REASONS
    reporter_id: int | None
    status: str  # 'open' | 'done'
    created_at: datetime
    closed_by: int | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """Moderator-labelled example. `text` only if a moderator supplied an anonymised one."""

    id: int
    guild_id: int
    message_id: int | None
    intent: str
    profession_group: str | None
    risks: tuple[str, ...]
    exceptions: tuple[str, ...]
    verdict: str | None
    text: str | None
    moderator_id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FeaturedAnswer:
    id: int
    guild_id: int
    thread_id: int
    message_id: int  # the member's reply being featured
    author_id: int
    profession_group: str | None
    risks: tuple[str, ...]  # sorted, distinct
    featured_by: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    guild_id: int
    actor_id: int
    action: str
    detail: str
    at: datetime
