"""Result types of the analyzer: plain frozen dataclasses, no spaCy or Discord in them.

Everything downstream (replies, storage, curation, the CLI record) reads these,
so they carry ids and character offsets rather than spaCy objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Intent = Literal["scenario", "lookup", "other"]
Verdict = Literal["prohibited", "avoid", "may_be_appropriate", "caution"]
Group = Literal["mental_health", "medical", "legal", "other"]
Timing = Literal["current", "former", "prospective"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted piece of the post: the words that triggered a finding."""

    text: str
    start: int  # character offsets into Assessment.text
    end: int


@dataclass(frozen=True, slots=True)
class Finding:
    """A flagged risk or exception (id from knowledge/) with its evidence."""

    id: str
    evidence: tuple[Evidence, ...] = ()

    def quotes(self) -> list[str]:
        return [e.text for e in self.evidence]


@dataclass(frozen=True, slots=True)
class Mention:
    """A lexicon hit: a profession, relationship, setting or timing cue."""

    kind: str  # "profession" | "relationship" | "setting" | "timing" | ...
    id: str  # lexicon entry id
    text: str
    start: int
    end: int
    negated: bool = False
    former: bool = False
    hypothetical: bool = False


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    """A clarifying question about a fact that would change the verdict."""

    id: str  # "timing" | "other_provider"
    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    text: str
    intent: Intent
    confidence: float
    profession: str | None = None  # lexicon id, e.g. "psychologist"
    profession_group: Group | None = None
    professional_is_poster: bool | None = None
    relationships: tuple[Mention, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timing: Timing | None = None
    romance: bool = False  # a romance with the client/patient is present or wished for
    risks: tuple[Finding, ...] = ()
    exceptions: tuple[Finding, ...] = ()
    verdict: Verdict | None = None
    verdict_rule: int | None = None  # row of the verdict table in labels.md that fired
    safeguards: tuple[str, ...] = ()  # safeguard ids, in the order to show them
    questions: tuple[Question, ...] = ()
    facts: dict[str, str] = field(default_factory=dict)  # clarifications applied
    lookup_topic: str | None = None  # concept id for intent "lookup"
    truncated: bool = False  # the post was longer than the analysis cap

    @property
    def risk_ids(self) -> list[str]:
        return [f.id for f in self.risks]

    @property
    def exception_ids(self) -> list[str]:
        return [f.id for f in self.exceptions]

    def to_record(self, record_id: Any = None) -> dict[str, Any]:
        """The JSONL record of shared/spec/labels.md, plus a few extra keys."""
        return {
            "id": record_id,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "profession_group": self.profession_group,
            "risks": [{"id": f.id, "evidence": f.quotes()} for f in self.risks],
            "exceptions": [{"id": f.id, "evidence": f.quotes()} for f in self.exceptions],
            "verdict": self.verdict,
            # extra keys, welcome by the contract
            "profession": self.profession,
            "relationships": [m.id for m in self.relationships],
            "timing": self.timing,
            "verdict_rule": self.verdict_rule,
            "safeguards": list(self.safeguards),
            "questions": [q.id for q in self.questions],
            "lookup_topic": self.lookup_topic,
        }
