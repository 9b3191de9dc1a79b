"""Fit the learned layer on parsed examples and score it (no I/O here but the parse).

Parse once with `parse` (analyzer.nlp.pipe), then `fit` and `evaluate` reuse
the docs as often as needed.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..core.analyzer import RISK_ORDER, Analyzer, LabelAdjuster
from ..core.assessment import Evidence
from ..core.evaluation import Report, score
from ..core.textprep import prepare
from .features import LEMMA_PREFIX, extract
from .model import LABELS, LearnedAdjuster, LearnedModel, fit_logistic


@dataclass(frozen=True)
class Hyper:
    l2: float = 0.03  # on every weight (the loss is a mean over posts)
    prior_l2: float = 0.001  # on the rules' own decision for the label: a strong prior
    margin: float = 0.3  # flip a rule decision only past p = 0.5 +- margin
    min_df: int = 2  # a lemma must occur in this many training posts
    max_vocab: int = 2000  # lemmas kept, most frequent first
    iterations: int = 50  # Newton steps at most (it converges in ~10)


@dataclass
class Parsed:
    example: dict[str, Any]
    doc: Doc
    intent: str
    risks: dict[str, tuple[Evidence, ...]]
    exceptions: dict[str, tuple[Evidence, ...]]
    features: set[str]


def rule_labels(doc: Doc) -> tuple[str, dict[str, tuple[Evidence, ...]], dict[str, tuple[Evidence, ...]]]:
    """What the rules hand the adjuster (as Analyzer.assess builds it)."""
    f = doc._.findings
    ev = lambda spans: tuple(Evidence(s.text, s.start_char, s.end_char) for s in spans)  # noqa: E731
    risks = {r: ev(f.risks[r]) for r in RISK_ORDER if r in f.risks}
    exceptions = {k: ev(v) for k, v in f.exceptions.items()}
    return doc._.intent, risks, exceptions


def parse(analyzer: Analyzer, examples: list[dict[str, Any]], batch_size: int = 64) -> list[Parsed]:
    texts = [prepare(ex["text"])[0] for ex in examples]
    with analyzer._lock:
        docs = list(analyzer.nlp.pipe(texts, batch_size=batch_size))
    out = []
    for ex, doc in zip(examples, docs):
        intent, risks, exceptions = rule_labels(doc)
        out.append(Parsed(ex, doc, intent, risks, exceptions, extract(doc, intent, risks, exceptions)))
    return out


def vocabulary(rows: list[Parsed], hyper: Hyper) -> list[str]:
    df: Counter[str] = Counter()
    for p in rows:
        df.update(p.features)
    structural = [f for f in df if not f.startswith(LEMMA_PREFIX)]
    lemmas = [f for f, n in df.items() if f.startswith(LEMMA_PREFIX) and n >= hyper.min_df]
    lemmas = sorted(lemmas, key=lambda f: (-df[f], f))[: hyper.max_vocab]
    return sorted(structural) + sorted(lemmas)


def fit(rows: list[Parsed], hyper: Hyper = Hyper(), meta: dict[str, Any] | None = None) -> LearnedModel:
    """One logistic regression per label, on the posts whose gold intent is a
    scenario (labels mean nothing elsewhere)."""
    rows = [p for p in rows if p.example["intent"] == "scenario"]
    features = vocabulary(rows, hyper)
    index = {f: i for i, f in enumerate(features)}
    X = np.zeros((len(rows), len(features)))
    Y = np.zeros((len(rows), len(LABELS)))
    for i, p in enumerate(rows):
        X[i, [index[f] for f in p.features if f in index]] = 1.0
        gold = set(p.example["risks"]) | set(p.example["exceptions"])
        Y[i] = [lab in gold for lab in LABELS]
    penalty = np.full((len(features), len(LABELS)), hyper.l2)
    for j, lab in enumerate(LABELS):
        if f"rule:{lab}" in index:
            penalty[index[f"rule:{lab}"], j] = hyper.prior_l2
    W, b = fit_logistic(X, Y, penalty, hyper.iterations)
    meta = dict(meta or {})
    meta.setdefault("hyper", asdict(hyper))
    meta.setdefault("training_rows", len(rows))
    meta.setdefault("positives", {lab: int(Y[:, j].sum()) for j, lab in enumerate(LABELS)})
    return LearnedModel(features, list(LABELS), W, b, hyper.margin, meta)


def records(analyzer: Analyzer, rows: Iterable[Parsed], adjuster: LabelAdjuster | None) -> dict[Any, dict[str, Any]]:
    a = analyzer.with_adjuster(adjuster)
    return {p.example["id"]: a.assess(p.doc).to_record(p.example["id"]) for p in rows}


def evaluate(analyzer: Analyzer, rows: list[Parsed], adjuster: LabelAdjuster | None) -> Report:
    return score([p.example for p in rows], records(analyzer, rows, adjuster))


def adjuster_of(model: LearnedModel) -> LearnedAdjuster:
    return LearnedAdjuster(model)
