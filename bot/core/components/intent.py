"""`dual_intent`: scenario, lookup or other, with a confidence.

A scenario needs a professional role (a named profession or words for a
client/patient) and something outside that role: a relationship, a romance, or
a risk or exception cue. A lookup asks about the ideas themselves (dual
relationships, boundaries, the risks) with no such situation. Everything else
is chit-chat.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import SPANS_KEY
from .roles import Reading

_RISK_ROLES = {"fairness", "skip", "know", "sharing", "pressure", "objectivity", "obligation", "romance"}
_EXCEPTION_ROLES = {"rural", "insular"}

for _name, _default in (("intent", "other"), ("intent_confidence", 0.0), ("lookup_topic", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _squash(score: float) -> float:
    """Evidence count to a confidence in [0.5, 0.99]."""
    return round(min(0.99, 0.5 + 0.49 * (1 - 1 / (1 + score))), 3)


class DualIntent:
    def __call__(self, doc: Doc) -> Doc:
        reading: Reading = doc._.reading
        labels: dict[str, int] = {}
        for s in doc.spans[SPANS_KEY]:
            if not s._.negated or s.label_ in ("concept", "lookup"):
                labels[s.label_] = labels.get(s.label_, 0) + 1
        professional = reading.professional is not None
        client_words = labels.get("client", 0)
        situation = (
            len(reading.ties) + 2 * len(reading.romance_with_client) + len(reading.romance_with_other)
            + sum(labels.get(r, 0) for r in _RISK_ROLES) + sum(labels.get(r, 0) for r in _EXCEPTION_ROLES)
            + (1 if reading.poster_role in ("professional", "client") and professional else 0)
        )
        role = (2 if professional else 0) + min(client_words, 2)
        # a named concept ("zone of helpfulness", "safeguards") is a concept signal too
        concept = labels.get("concept", 0) + min(labels.get("topic", 0), 1)
        asking = labels.get("lookup", 0) + (1 if "?" in doc.text else 0)
        if role >= 2 and situation >= 1 or role >= 1 and situation >= 2 and not concept:
            intent, score = "scenario", role + situation - 0.5 * concept
        elif concept and (asking or concept >= 2):
            intent, score = "lookup", concept + asking - 0.5 * situation
        else:
            intent, score = "other", 1.0 + labels.get("other", 0) - 0.5 * (role + situation + concept)
        doc._.intent = intent
        if intent == "lookup":
            topics = [s for s in doc.spans[SPANS_KEY] if s.label_ == "topic"]
            # the most specific (longest) concept named wins: "boundary crossing" over "boundary"
            doc._.lookup_topic = max(topics, key=len).kb_id_ if topics else None
        doc._.intent_confidence = _squash(max(score, 0.0))
        return doc


@Language.factory("dual_intent", requires=["doc._.reading"], assigns=["doc._.intent"])
def make_dual_intent(nlp: Language, name: str) -> DualIntent:
    return DualIntent()
