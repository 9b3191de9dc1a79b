"""Features of a parsed post for the learned layer, and where to quote them.

A feature is a name with the value 1.0 (present). Names say where they come
from, so the learned weights stay readable in the artefact:

``rule:<label>``          the rules flagged this risk or exception (the strong prior)
``intent:<id>``           the rules' intent
``cue:<role>``            a non-negated span of doc.spans["dual"] with this label
``cue:<role>=<kb_id>``    ... of this knowledge entry
``neg:<role>``            a negated span with this label
``role:<poster_role>``    doc._.reading: who posted (professional, client, third)
``group:<group>``         the professional's group
``tie:<kind>``            a relevant tie (professional <-> client) of this kind
``close_tie``             ... that is close (family, best friend)
``owner:<owner>``         who owns a relevant tie ("poster", "third", ...)
``romance_client`` / ``romance_other`` / ``partner_client``  romance readings
``timing:<value>``        doc._.timing
``lem:<lemma>``           a lower-cased lemma of the post (vocabulary-capped at training)
``vec:<dim>><cut>``       the post's mean token vector, one dimension past a cut point

`locate` maps a feature back to the words of the post that carry it, which is
the evidence quoted when the learned layer adds a label. ``vec:`` features
have no words of their own, so they never become evidence.

The vector is the base model's own tok2vec output (``doc.tensor``, which the
tagger and parser computed anyway), averaged over the post and coded as a
thermometer: ``vec:12>0.1`` is present when dimension 12 is above 0.1, and
then so are its lower cuts. It carries what a post is about in words the
lexicons do not list; measured on blind3 to blind18 (README) it raised the
layer's intent accuracy and exact match by about a point each.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_ALPHA, LEMMA, LENGTH
from spacy.tokens import Doc, Span

from ..core.assessment import Evidence
from ..core.components.lexicon import SPANS_KEY

LEMMA_PREFIX = "lem:"
VECTOR_PREFIX = "vec:"
# thermometer cut points for each dimension of the mean token vector (the
# dimensions of en_core_web_sm's tok2vec sit mostly within -0.5..0.5)
VECTOR_CUTS = (-0.3, -0.1, 0.1, 0.3)
_CUTS = np.array(VECTOR_CUTS, dtype=np.float64)
# spans that say who and what rather than a cue; counted under their own names
_ENTITY_LABELS = ("profession", "relationship")


def lemma_of(tok) -> str | None:  # type: ignore[no-untyped-def]
    if not tok.is_alpha or len(tok.text) < 2:
        return None
    return tok.lemma_.lower()


def doc_lemmas(doc: Doc) -> set[str]:
    """`lemma_of` over the post, read from one array rather than a Token
    object per word (that was most of the layer's time per post)."""
    if len(doc) == 0:
        return set()
    rows = doc.to_array([IS_ALPHA, LENGTH, LEMMA])
    strings = doc.vocab.strings
    return {strings[int(h)].lower() for h in set(rows[(rows[:, 0] == 1) & (rows[:, 1] >= 2), 2].tolist())}


def vector_features(doc: Doc) -> set[str]:
    """The post's mean token vector as thermometer-coded names (empty when the
    pipeline left no tensor, or for an empty post)."""
    tensor = doc.tensor
    if tensor is None or len(doc) == 0 or getattr(tensor, "ndim", 0) != 2 or tensor.shape[0] != len(doc):
        return set()
    # width x cuts, one comparison per name (in double precision, as Python floats compare)
    above = tensor.mean(axis=0).astype(np.float64)[:, None] > _CUTS
    names = _vector_names(above.shape[0])
    return {names[i][k] for i, k in zip(*above.nonzero())}


@lru_cache(maxsize=4)
def _vector_names(width: int) -> tuple[tuple[str, ...], ...]:
    # formatted once: building the strings per post was most of the cost
    return tuple(tuple(f"{VECTOR_PREFIX}{i}>{cut}" for cut in VECTOR_CUTS) for i in range(width))


def extract(
    doc: Doc,
    intent: str,
    risks: Mapping[str, object],
    exceptions: Mapping[str, object],
) -> set[str]:
    """The names of the features present in this post (before vocabulary capping)."""
    out: set[str] = {f"intent:{intent}"}
    out.update(f"rule:{k}" for k in risks)
    out.update(f"rule:{k}" for k in exceptions)
    for s in doc.spans[SPANS_KEY]:
        if s._.negated:
            out.add(f"neg:{s.label_}")
        else:
            out.add(f"cue:{s.label_}")
            out.add(f"cue:{s.label_}={s.kb_id_}")
    reading = doc._.reading
    if reading is not None:
        out.add(f"role:{reading.poster_role}")
        out.add(f"group:{reading.group or 'none'}")
        for tie in reading.relevant_ties:
            out.add(f"tie:{tie.kind}")
            out.add(f"owner:{tie.owner}")
            if tie.close:
                out.add("close_tie")
        if reading.romance_with_client:
            out.add("romance_client")
        if reading.romance_with_other:
            out.add("romance_other")
        if reading.partner_client:
            out.add("partner_client")
    out.add(f"timing:{doc._.timing or 'none'}")
    out.update(LEMMA_PREFIX + lem for lem in doc_lemmas(doc))
    out.update(vector_features(doc))
    return out


def _span_ev(spans: Iterable[Span]) -> list[Evidence]:
    return [Evidence(s.text, s.start_char, s.end_char) for s in spans]


def locate(
    doc: Doc,
    feature: str,
    risks: Mapping[str, tuple[Evidence, ...]],
    exceptions: Mapping[str, tuple[Evidence, ...]],
    limit: int = 2,
) -> list[Evidence]:
    """The words of the post that carry `feature` (empty when it has none:
    "role:professional", "group:medical", the bias)."""
    found: list[Evidence] = []
    kind, _, rest = feature.partition(":")
    reading = doc._.reading
    if feature.startswith(LEMMA_PREFIX):
        lemma = feature[len(LEMMA_PREFIX):]
        found = [Evidence(t.text, t.idx, t.idx + len(t.text)) for t in doc if lemma_of(t) == lemma]
    elif kind in ("cue", "neg"):
        label, _, kb_id = rest.partition("=")
        want_negated = kind == "neg"
        found = _span_ev(
            s for s in doc.spans[SPANS_KEY]
            if s.label_ == label and bool(s._.negated) == want_negated and (not kb_id or s.kb_id_ == kb_id)
        )
    elif kind == "rule":
        found = list(risks.get(rest, ()) or exceptions.get(rest, ()))
    elif reading is not None and kind in ("tie", "owner"):
        found = _span_ev(t.evidence for t in reading.relevant_ties if (t.kind if kind == "tie" else t.owner) == rest)
    elif reading is not None and feature == "close_tie":
        found = _span_ev(t.evidence for t in reading.relevant_ties if t.close)
    elif reading is not None and feature == "romance_client":
        found = _span_ev(reading.romance_with_client)
    elif reading is not None and feature == "romance_other":
        found = _span_ev(reading.romance_with_other)
    elif reading is not None and feature == "partner_client":
        found = _span_ev(t.evidence for t in reading.partner_client)
    elif kind == "timing":
        found = _span_ev(doc._.timing_evidence or ())
    elif kind == "group" and reading is not None and reading.professional is not None:
        found = _span_ev([reading.professional])
    found = [e for e in found if e.text.strip()]
    return found[:limit]
