"""The learned layer: one logistic regression per label over the rule output
and the words of the post, its JSON artefact, and the adjuster the Analyzer calls.

It has two parts. The label part reads scenarios and adds or drops risks and
exceptions. The intent part (one regression per intent, over every post) may
move a post to another intent, when that intent is the most likely and its
probability reaches the intent's switch threshold.

The rules stay in charge where they are sure: a label the rules flagged is
dropped only when the model is confident it is wrong (p <= remove_at), and a
label the rules missed is added only when the model is confident it is right
(p >= add_at). Both thresholds sit at least `margin` away from 0.5, and
training sets them per label from out-of-fold predictions (bot.learning.train):
a label whose flips did not pay off there gets none (threshold None). The
rules' own decision is a feature with a light penalty, so it acts as a strong
prior that the words have to overcome.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..core.analyzer import Adjusted
from ..core.assessment import Evidence
from ..core.knowledge import EXCEPTION_IDS, KNOWLEDGE_DIR, RISK_IDS
from ..core.model import installed_model_version
from .data import INTENTS
from .features import VECTOR_PREFIX, extract, locate

log = logging.getLogger(__name__)

FORMAT = "bot.learning/1"
LABELS: tuple[str, ...] = RISK_IDS + EXCEPTION_IDS
MAX_EVIDENCE = 3
_DIGITS = 5  # weights are stored rounded: small file, identical bytes run after run


def knowledge_hash(directory: Path | str = KNOWLEDGE_DIR) -> str:
    """sha256 over the knowledge files (name and bytes, in name order): a model
    trained against other triggers or lexicon entries is stale."""
    h = hashlib.sha256()
    for path in sorted(Path(directory).glob("*.toml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for large |z|


# -- training -------------------------------------------------------------------
def fit_logistic(
    X: np.ndarray, Y: np.ndarray, penalty: np.ndarray, iterations: int = 50, bias_penalty: float = 1e-4
) -> tuple[np.ndarray, np.ndarray]:
    """L2-penalised logistic regression, one independent model per column of Y,
    minimising mean log-loss + 1/2 sum(penalty * W**2) by Newton's method
    (deterministic, converged to the optimum, so the result does not depend on
    a step size or an iteration budget).

    X: n x d (0/1 features), Y: n x L (0/1), penalty: d x L per-weight L2
    strengths (> 0). Each Newton step solves the smaller of two systems: d x d
    (the Hessian) when there are more posts than features, else n x n (the
    Woodbury identity).
    Returns (W d x L, b L).
    """
    n, d = X.shape
    L = Y.shape[1]
    W = np.zeros((d, L))
    b = np.zeros(L)
    if n == 0:
        return W, b
    X1 = np.hstack([X, np.ones((n, 1))])
    primal = d + 1 <= n
    # the Hessian only steers the step (the gradient below is exact, and every
    # step is checked against the objective), so single precision is enough for
    # it and halves the cost of its one large product
    X1_32 = X1.astype(np.float32) if primal else None
    for j in range(L):
        y = Y[:, j]
        lam = np.append(penalty[:, j], bias_penalty)
        inv = 1.0 / lam
        K = None if primal else (X1 * inv) @ X1.T  # n x n: X Lambda^-1 X^T
        w = np.zeros(d + 1)
        rate = float(np.clip(y.mean(), 1.0 / (n + 2), 1 - 1.0 / (n + 2)))
        w[-1] = math.log(rate / (1 - rate))

        def objective(v: np.ndarray) -> float:
            z = X1 @ v
            return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(lam * v * v))

        f = objective(w)
        for _ in range(iterations):
            p = sigmoid(X1 @ w)
            g = X1.T @ (p - y) / n + lam * w
            curvature = np.clip(p * (1 - p), 1e-12, None) / n
            if X1_32 is not None:
                H = (X1_32.T @ (X1_32 * curvature.astype(np.float32)[:, None])).astype(np.float64)
                H[np.diag_indices_from(H)] += lam
                delta = np.linalg.solve(H, g)
            else:
                s = np.sqrt(curvature)
                # H^-1 g = L^-1 g - L^-1 X^T S (I + S K S)^-1 S X L^-1 g
                u = inv * g
                inner = np.linalg.solve(np.eye(n) + s[:, None] * K * s[None, :], s * (X1 @ u))
                delta = u - inv * (X1.T @ (s * inner))
            step = 1.0
            while True:  # backtracking keeps every step a descent
                candidate = w - step * delta
                fc = objective(candidate)
                if fc <= f + 1e-12 or step < 1e-6:
                    break
                step *= 0.5
            w, f_old, f = candidate, f, fc
            if f_old - f < 1e-12 * max(1.0, abs(f)):
                break
        W[:, j], b[j] = w[:-1], w[-1]
    return W, b


# -- the model and its artefact ---------------------------------------------------
@dataclass
class LearnedModel:
    features: list[str]  # column names
    labels: list[str]
    weights: np.ndarray  # d x L
    bias: np.ndarray  # L
    # label -> (add_at, remove_at); None: never flip that way. For the intent
    # part: intent -> (switch_at, None)
    thresholds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    intent: "LearnedModel | None" = None  # the intent part (labels: INTENTS)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.features)}
        self.vector_columns = frozenset(i for i, f in enumerate(self.features) if f.startswith(VECTOR_PREFIX))
        for lab in self.labels:
            self.thresholds.setdefault(lab, (None, None))

    # -- (de)serialisation --------------------------------------------------------
    def to_json(self) -> str:
        body = {"format": FORMAT, **self._body(), "meta": self.meta}
        if self.intent is not None:
            body["intent"] = self.intent._body()
        return json.dumps(body, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"

    def _body(self) -> dict[str, Any]:
        w = np.round(self.weights, _DIGITS)
        return {
            "labels": list(self.labels),
            "thresholds": {lab: {"add_at": a, "remove_at": r} for lab, (a, r) in self.thresholds.items()},
            "features": list(self.features),
            "bias": {lab: _num(self.bias[j]) for j, lab in enumerate(self.labels)},
            # per label, one weight per feature, in the order of "features"
            "weights": {lab: [_num(v) for v in w[:, j]] for j, lab in enumerate(self.labels)},
        }

    @classmethod
    def from_json(cls, text: str) -> "LearnedModel":
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        model = cls._from_body(body, LABELS)
        model.meta = dict(body.get("meta", {}))
        if body.get("intent") is not None:  # files from before the intent part have none
            model.intent = cls._from_body(body["intent"], INTENTS)
        return model

    @classmethod
    def _from_body(cls, body: dict[str, Any], allowed: Sequence[str]) -> "LearnedModel":
        labels = list(body["labels"])
        unknown = set(labels) - set(allowed)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}")
        features = [str(f) for f in body["features"]]
        W = np.zeros((len(features), len(labels)))
        for j, lab in enumerate(labels):
            column = body["weights"][lab]
            if len(column) != len(features):
                raise ValueError(f"weights of {lab}: {len(column)} values for {len(features)} features")
            W[:, j] = [float(v) for v in column]
        b = np.array([float(body["bias"][lab]) for lab in labels])
        thresholds = {}
        for lab, t in body.get("thresholds", {}).items():
            add_at, remove_at = t.get("add_at"), t.get("remove_at")
            thresholds[lab] = (
                None if add_at is None else float(add_at),
                None if remove_at is None else float(remove_at),
            )
        return cls(features, labels, W, b, thresholds)

    # -- inference ---------------------------------------------------------------
    def active(self, names: set[str]) -> list[int]:
        # the set intersection runs in C; a post has some 400 names, most of them known
        return sorted(map(self.index.__getitem__, self.index.keys() & names))

    def probabilities(self, cols: Sequence[int]) -> np.ndarray:
        return sigmoid(self.weights[list(cols)].sum(axis=0) + self.bias)

    def word_probabilities(self, cols: Sequence[int]) -> np.ndarray:
        """The probabilities without the vector features: what the words, the
        rules and the reading say alone. A label is added only where these
        lean towards it (>= 0.5), so the vector may carry a leaning decision
        over the threshold but never make one the quoted words do not back."""
        return self.probabilities([c for c in cols if c not in self.vector_columns])


def _num(x: float) -> float:
    v = round(float(x), _DIGITS)
    return 0.0 if v == 0 else v


class LearnedAdjuster:
    """bot.core.analyzer.LabelAdjuster over a LearnedModel."""

    def __init__(self, model: LearnedModel) -> None:
        self.model = model
        self.labels = model.labels

    @property
    def meta(self) -> dict[str, Any]:
        return self.model.meta

    def probabilities(
        self, doc: Doc, intent: str, risks: Mapping[str, Any], exceptions: Mapping[str, Any]
    ) -> dict[str, float]:
        cols = self.model.active(extract(doc, intent, risks, exceptions))
        p = self.model.probabilities(cols)
        return {lab: float(p[j]) for j, lab in enumerate(self.labels)}

    def adjust(
        self,
        doc: Doc,
        intent: str,
        risks: dict[str, tuple[Evidence, ...]],
        exceptions: dict[str, tuple[Evidence, ...]],
    ) -> Adjusted:
        m = self.model
        # features of what the rules found, as in training: the intent part and
        # the label part both read the rules' own intent
        names = extract(doc, intent, risks, exceptions)
        confidence = None
        switched = self._switched_intent(names, intent)
        if switched is not None:
            intent, confidence = switched
        if intent != "scenario":
            return Adjusted(intent, risks, exceptions, confidence)  # labels are only read for scenarios
        cols = m.active(names)
        p = m.probabilities(cols)
        words: np.ndarray | None = None  # read only when a label is a candidate to add (most posts have none)
        new_risks, new_exc = dict(risks), dict(exceptions)
        for j, lab in enumerate(self.labels):
            add_at, remove_at = m.thresholds[lab]
            table = new_risks if lab in RISK_IDS else new_exc
            if lab in table and remove_at is not None and p[j] <= remove_at:
                del table[lab]
            elif lab not in table and add_at is not None and p[j] >= add_at:
                words = m.word_probabilities(cols) if words is None else words
                if words[j] < 0.5:
                    continue
                evidence = self._evidence(doc, cols, j, risks, exceptions)
                if evidence:  # never add a label without words to quote
                    table[lab] = evidence
        # labels.md: a romance with the client always clouds judgment too
        if "sexual_relationship" in new_risks and "clouded_judgment" not in new_risks:
            new_risks["clouded_judgment"] = new_risks["sexual_relationship"]
        return Adjusted(intent, new_risks, new_exc, confidence)

    def _switched_intent(self, names: set[str], intent: str) -> tuple[str, float] | None:
        """(intent, probability) when the intent part moves the post to another
        intent: the most likely one, at or past its switch threshold."""
        part = self.model.intent
        if part is None:
            return None
        p = part.probabilities(part.active(names))
        j = int(np.argmax(p))
        target, switch_at = part.labels[j], part.thresholds[part.labels[j]][0]
        if target == intent or switch_at is None or p[j] < switch_at:
            return None
        return target, float(p[j])

    def _evidence(
        self, doc: Doc, cols: list[int], j: int, risks: Mapping[str, tuple[Evidence, ...]],
        exceptions: Mapping[str, tuple[Evidence, ...]],
    ) -> tuple[Evidence, ...]:
        """The words behind the features that pushed hardest towards the label."""
        m = self.model
        ranked = sorted(((m.weights[c, j], m.features[c]) for c in cols), key=lambda t: (-t[0], t[1]))
        out: list[Evidence] = []
        top = None
        for weight, name in ranked:
            if weight <= 0 or len(out) >= MAX_EVIDENCE:
                break
            if top is not None and weight < 0.5 * top:
                break  # only the features that did most of the pushing
            found = locate(doc, name, risks, exceptions)
            if found and top is None:
                top = weight
            for ev in found:
                if all((ev.start, ev.end) != (o.start, o.end) for o in out):
                    out.append(ev)
        return tuple(sorted(out[:MAX_EVIDENCE], key=lambda e: e.start))


# trained on the repository's labelled posts only (`python -m bot train --ship`):
# the layer a fresh checkout runs with until moderators' corrections train another
SHIPPED_MODEL = Path(__file__).with_name("shipped_model.json")


def shipped_adjuster(knowledge_dir: Path | str = KNOWLEDGE_DIR) -> LearnedAdjuster | None:
    """The adjuster shipped with the package, or None (logged) when it is
    missing or stale (the knowledge files changed since it was trained)."""
    return load_adjuster(SHIPPED_MODEL, knowledge_dir)


def load_adjuster(path: Path | str, knowledge_dir: Path | str = KNOWLEDGE_DIR) -> LearnedAdjuster | None:
    """The adjuster stored at `path`, or None (with a logged warning) when the
    file is absent, unreadable, or was trained against other knowledge files."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("learned model %s not found; the rules run alone", path)
        return None
    except OSError as exc:
        log.warning("learned model %s unreadable (%s); the rules run alone", path, exc)
        return None
    try:
        model = LearnedModel.from_json(text)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("learned model %s is not usable (%s); the rules run alone", path, exc)
        return None
    want = knowledge_hash(knowledge_dir)
    have = model.meta.get("knowledge_hash")
    if have != want:
        log.warning(
            "learned model %s is stale: trained against other knowledge files (%s, now %s); "
            "the rules run alone until `python -m bot train` is run again",
            path, str(have)[:12], want[:12],
        )
        return None
    if _reads_vectors(model):
        # the vector features are one model's tok2vec output: another version's
        # numbers mean something else, so such a layer is stale there too
        trained_on = str(model.meta.get("base_model", "")).rpartition("-")[2]
        running = installed_model_version()
        if trained_on and running and trained_on != running:
            log.warning(
                "learned model %s is stale: it reads the vectors of base model %s, and %s is installed; "
                "the rules run alone until `python -m bot train` is run again",
                path, trained_on, running,
            )
            return None
    return LearnedAdjuster(model)


def _reads_vectors(model: LearnedModel) -> bool:
    return bool(model.vector_columns) or (model.intent is not None and bool(model.intent.vector_columns))
