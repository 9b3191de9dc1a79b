"""The domain core's front door: text in, Assessment out. No Discord here.

`Analyzer.analyze` is blocking CPU work; async callers run it in a thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from .assessment import Assessment, Evidence, Finding, Mention, Option, Question
from .components.lexicon import SPANS_KEY
from .components.risks import DualRisks, Findings
from .knowledge import KNOWLEDGE_DIR, Knowledge, cached_knowledge
from .pipeline import build_pipeline
from .textprep import MAX_CHARS, prepare
from .verdict import decide

log = logging.getLogger(__name__)


class Adjusted(NamedTuple):
    """What a LabelAdjuster hands back."""

    intent: str
    risks: dict[str, tuple[Evidence, ...]]
    exceptions: dict[str, tuple[Evidence, ...]]
    # the adjuster's own confidence when it changed the intent; None keeps the rules'
    intent_confidence: float | None = None


class LabelAdjuster(Protocol):
    """A learned layer over the rules (bot.learning): given the parsed post and
    what the rules found, return the intent and labels to use. Evidence for a
    label the adjuster adds comes from the words that drove its decision."""

    def adjust(
        self,
        doc: Doc,
        intent: str,
        risks: dict[str, tuple[Evidence, ...]],
        exceptions: dict[str, tuple[Evidence, ...]],
    ) -> Adjusted: ...

__all__ = ["Analyzer", "MAX_CHARS"]

RISK_ORDER = ("sexual_relationship", "clouded_judgment", "pressure_imbalance", "unwillingness_to_share", "missed_information", "fairness")
_MENTION_KINDS = {"profession", "relationship", "rural", "insular", "plenty", "former", "current", "hypothetical"}
FACT_VALUES = {"timing": {"current", "former"}, "other_provider": {"yes", "no"}}


def _evidence(spans: Iterable[Span]) -> tuple[Evidence, ...]:
    return tuple(Evidence(s.text, s.start_char, s.end_char) for s in spans)


class Analyzer:
    def __init__(self, nlp: Language, knowledge: Knowledge, adjuster: LabelAdjuster | None = None) -> None:
        self.nlp = nlp
        self.knowledge = knowledge
        self.adjuster = adjuster
        # spaCy pipelines are not documented as thread-safe; the bot runs
        # analyses in a worker thread, so one at a time.
        self._lock = threading.Lock()

    @classmethod
    def load(cls, knowledge_dir: Path | str = KNOWLEDGE_DIR, adjuster: LabelAdjuster | None = None) -> "Analyzer":
        nlp = build_pipeline(knowledge_dir)
        return cls(nlp, cached_knowledge(str(knowledge_dir)), adjuster)

    def with_adjuster(self, adjuster: LabelAdjuster | None) -> "Analyzer":
        """The same pipeline with another learned layer: swapping a trained model
        in a running bot costs no model reload."""
        return Analyzer(self.nlp, self.knowledge, adjuster)

    # -- public API -----------------------------------------------------------
    def analyze(self, text: str, facts: Mapping[str, str] | None = None) -> Assessment:
        clean, truncated = prepare(text)
        with self._lock:
            doc = self.nlp(clean)
        return self.assess(doc, facts, truncated=truncated)

    def analyze_many(self, texts: Iterable[str], batch_size: int = 64) -> list[Assessment]:
        return list(self.iter_analyze(texts, batch_size=batch_size))

    def iter_analyze(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Assessment]:
        prepared = [prepare(t) for t in texts]
        with self._lock:
            docs = list(self.nlp.pipe((p[0] for p in prepared), batch_size=batch_size))
        for doc, (_, truncated) in zip(docs, prepared):
            yield self.assess(doc, None, truncated=truncated)

    # -- doc -> Assessment ----------------------------------------------------
    def assess(self, doc: Doc, facts: Mapping[str, str] | None = None, *, truncated: bool = False) -> Assessment:
        facts = self._valid_facts(facts)
        intent = doc._.intent
        f: Findings = doc._.findings
        risk_map = {r: _evidence(f.risks[r]) for r in RISK_ORDER if r in f.risks}
        exceptions = {k: _evidence(v) for k, v in f.exceptions.items()}
        confidence = doc._.intent_confidence
        if self.adjuster is not None:
            adjusted = self.adjuster.adjust(doc, intent, risk_map, exceptions)
            intent, risk_map, exceptions = adjusted.intent, adjusted.risks, adjusted.exceptions
            if adjusted.intent_confidence is not None:
                confidence = adjusted.intent_confidence
        mentions = tuple(
            Mention(s.label_, s.kb_id_, s.text, s.start_char, s.end_char, negated=s._.negated, hypothetical=s._.hypothetical)
            for s in doc.spans[SPANS_KEY]
            if s.label_ in _MENTION_KINDS
        )
        base = dict(text=doc.text, intent=intent, confidence=confidence, mentions=mentions, truncated=truncated)
        if intent != "scenario":
            return Assessment(**base, lookup_topic=doc._.lookup_topic if intent == "lookup" else None)
        reading = doc._.reading
        risks = tuple(Finding(r, risk_map[r]) for r in RISK_ORDER if r in risk_map)
        timing = facts.get("timing") or doc._.timing
        if facts.get("other_provider") == "no" and "rural_access" not in exceptions:
            exceptions["rural_access"] = ()  # the poster said so; no words in the post to quote
        elif facts.get("other_provider") == "yes":
            exceptions.pop("rural_access", None)
        romance = "sexual_relationship" in risk_map
        verdict, rule = decide(DualRisks.verdict_input(doc, f, timing=timing, exceptions=bool(exceptions), romance=romance))
        assessment = Assessment(
            **base,
            profession=reading.profession,
            profession_group=reading.group or "other",
            professional_is_poster=reading.poster_role == "professional",
            relationships=tuple(
                Mention("relationship", t.span.kb_id_, t.evidence.text, t.evidence.start_char, t.evidence.end_char)
                for t in reading.relevant_ties
            ),
            timing=timing,
            romance=romance,
            risks=risks,
            exceptions=tuple(Finding(k, v) for k, v in exceptions.items()),
            verdict=verdict,
            verdict_rule=rule,
            facts=dict(facts),
        )
        return self._with_guidance(assessment, f, doc)

    def _with_guidance(self, a: Assessment, f: Findings, doc: Doc) -> Assessment:
        from dataclasses import replace

        return replace(a, safeguards=self._safeguards(a), questions=self._questions(a, f, doc))

    def _safeguards(self, a: Assessment) -> tuple[str, ...]:
        kb = self.knowledge
        ids: list[str] = []
        if a.verdict in ("prohibited", "avoid"):
            ids.append("refer_out")
        for finding in a.risks:
            ids += kb.risks[finding.id].get("safeguards", [])
        for finding in a.exceptions:
            ids += kb.exceptions[finding.id].get("safeguards", [])
        ids += ["be_open", "clarify_role", "consult"]
        seen: dict[str, None] = {}
        for i in ids:
            if i in kb.safeguards:
                seen.setdefault(i, None)
        return tuple(seen)

    def _questions(self, a: Assessment, f: Findings, doc: Doc) -> tuple[Question, ...]:
        """Ask only about unknown facts whose answer would change the verdict."""
        asked = []
        for qid in ("timing", "other_provider"):
            if qid in a.facts or qid not in self.knowledge.questions:
                continue
            verdicts = set()
            for value in sorted(FACT_VALUES[qid]):
                if qid == "timing":
                    timing, has_exc = value, bool(a.exceptions)
                else:  # "no other provider" is the rural exception; "yes" rules it out
                    timing = a.timing
                    has_exc = value == "no" or any(e.id != "rural_access" for e in a.exceptions)
                verdicts.add(decide(DualRisks.verdict_input(doc, f, timing=timing, exceptions=has_exc, romance=a.romance))[0])
            if len(verdicts) < 2:
                continue
            if qid == "timing" and doc._.timing is not None:
                continue  # the post already says
            if qid == "other_provider" and (f.plenty or a.exceptions):
                continue
            entry = self.knowledge.questions[qid]
            options = tuple(Option(o["value"], o["label"]) for o in entry.get("options"))
            asked.append(Question(qid, entry.get("prompt"), options))
        return tuple(asked)

    @staticmethod
    def _valid_facts(facts: Mapping[str, str] | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in (facts or {}).items():
            if key in FACT_VALUES and value in FACT_VALUES[key]:
                out[key] = value
            else:
                log.debug("ignoring unknown clarification %r=%r", key, value)
        return out
