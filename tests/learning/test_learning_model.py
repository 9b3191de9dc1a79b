"""The learned layer learns what the rules miss, quotes the words, stays
reproducible and detects a stale model."""
from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.core.knowledge import KNOWLEDGE_DIR
from bot.learning import LearnedAdjuster, LearnedModel, knowledge_hash, load_adjuster
from bot.learning.cli import main
from bot.learning.features import VECTOR_CUTS, VECTOR_PREFIX, extract, locate, vector_features
from bot.learning.model import LABELS, fit_logistic
from bot.learning.train import Hyper, fit, parse

from .conftest import LABEL, WORD, post, train_args

NEW_POST = "I'm a pharmacist and my cousin's roommate wants to become a client of mine. She's pretty zorbly these days."


def run(files: dict[str, Path], analyzer: Any, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(train_args(files, *extra), analyzer=analyzer, stdout=out)
    return code, out.getvalue()


def test_fit_logistic_separates_and_respects_the_penalty() -> None:
    X = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)
    Y = np.array([[1], [1], [0], [0]], dtype=float)
    W, b = fit_logistic(X, Y, np.full((2, 1), 0.01))
    p = 1 / (1 + np.exp(-(X @ W + b)))
    assert p[0, 0] > 0.9 and p[2, 0] < 0.1
    W_strong, _ = fit_logistic(X, Y, np.full((2, 1), 10.0))
    assert np.abs(W_strong).max() < np.abs(W).max()


def test_fit_logistic_finds_the_same_optimum_either_way() -> None:
    """More posts than features solves the Hessian; more features than posts
    the Woodbury system. Zero columns (penalised, so weight 0) tip the same
    problem from one to the other without changing its optimum."""
    rng = np.random.default_rng(3)
    X = (rng.random((40, 6)) < 0.4).astype(float)
    Y = (rng.random((40, 2)) < 1 / (1 + np.exp(-(X @ rng.normal(size=(6, 2)))))).astype(float)
    W, b = fit_logistic(X, Y, np.full((6, 2), 0.01))
    wide = np.hstack([X, np.zeros((40, 60))])
    W_wide, b_wide = fit_logistic(wide, Y, np.full((66, 2), 0.01))
    assert np.allclose(W, W_wide[:6], atol=1e-8) and np.allclose(b, b_wide, atol=1e-8)
    assert np.abs(W_wide[6:]).max() < 1e-12


def test_training_teaches_a_word_the_rules_do_not_know(analyzer: Any, files: dict[str, Path]) -> None:
    before = analyzer.analyze(NEW_POST)
    assert LABEL not in before.risk_ids  # the rules do not know the word

    code, report = run(files, analyzer)
    assert code == 0, report
    assert "rules only" in report and "exact match" in report
    adjuster = load_adjuster(files["out"])
    assert isinstance(adjuster, LearnedAdjuster)
    assert adjuster.model.thresholds[LABEL][0] is not None  # the layer may add it

    after = analyzer.with_adjuster(adjuster).analyze(NEW_POST)
    finding = next(f for f in after.risks if f.id == LABEL)
    assert finding.evidence, "an added label always quotes words"
    assert any(WORD in e.text for e in finding.evidence)
    for e in finding.evidence:
        assert after.text[e.start:e.end] == e.text
    # what the rules found is still there, and the same post without the word is left alone
    assert set(before.risk_ids) <= set(after.risk_ids)
    plain = NEW_POST.replace(WORD, "relaxed")
    assert analyzer.with_adjuster(adjuster).analyze(plain).risk_ids == analyzer.analyze(plain).risk_ids


def test_same_inputs_and_seed_give_the_same_file(analyzer: Any, files: dict[str, Path], tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(files, analyzer, "--out", str(first), "--seed", "7")[0] == 0
    assert run(files, analyzer, "--out", str(second), "--seed", "7")[0] == 0
    assert first.read_bytes() == second.read_bytes()
    body = json.loads(first.read_text())
    meta = body["meta"]
    assert meta["seed"] == 7 and meta["knowledge_hash"] == knowledge_hash()
    assert meta["trained_at"] and meta["counts"]["examples"] == 24
    assert set(meta["metrics"]) == {"held_out", "regression"}
    assert first.stat().st_size < 300_000


def test_dry_run_writes_nothing(analyzer: Any, files: dict[str, Path]) -> None:
    code, report = run(files, analyzer, "--dry-run")
    assert code == 0, report
    assert "dry run" in report
    assert not files["out"].exists()


def test_romance_keeps_clouded_judgment(analyzer: Any) -> None:
    """Even a model that wants clouded_judgment gone cannot split it from a romance."""
    rows = parse(analyzer, [{"id": "x", "text": "I'm a therapist and I've started dating one of my clients.",
                             "intent": "scenario", "risks": [], "exceptions": [], "group": "x"}])
    assert "sexual_relationship" in rows[0].risks
    model = LearnedModel(["bias"], list(LABELS), np.zeros((1, len(LABELS))), np.full(len(LABELS), -5.0),
                         {lab: (None, 0.99) for lab in LABELS if lab != "sexual_relationship"})
    a = analyzer.with_adjuster(LearnedAdjuster(model)).assess(rows[0].doc)
    assert {"sexual_relationship", "clouded_judgment"} <= set(a.risk_ids)
    assert all(f.evidence for f in a.risks)


def test_no_label_is_added_without_words_to_quote(analyzer: Any) -> None:
    rows = parse(analyzer, [{"id": "x", "text": "I'm a dentist and my neighbour wants a cleaning.",
                             "intent": "scenario", "risks": [], "exceptions": [], "group": "x"}])
    j = LABELS.index("fairness")
    W = np.zeros((1, len(LABELS)))
    W[0, j] = 9.0  # only "role:professional" pushes, and it has no words of its own
    model = LearnedModel(["role:professional"], list(LABELS), W, np.zeros(len(LABELS)),
                         {"fairness": (0.5, None)})
    assert model.probabilities(model.active(rows[0].features))[j] > 0.99
    a = analyzer.with_adjuster(LearnedAdjuster(model)).assess(rows[0].doc)
    assert "fairness" not in a.risk_ids


def test_stale_or_missing_model_loads_as_none(
    analyzer: Any, files: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert run(files, analyzer)[0] == 0
    path = files["out"]
    assert load_adjuster(path) is not None

    changed = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, changed)
    with open(changed / "cues.toml", "a", encoding="utf-8") as fh:
        fh.write("\n# a moderator added a trigger\n")
    caplog.set_level(logging.WARNING, logger="bot.learning")
    assert load_adjuster(path, knowledge_dir=changed) is None
    assert "stale" in caplog.text

    assert load_adjuster(tmp_path / "nowhere.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_adjuster(broken) is None
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    assert load_adjuster(other) is None


def test_fit_api_without_calibration(analyzer: Any, corpus: list[dict[str, Any]]) -> None:
    examples = [{**r, "group": r.get("pair", r["id"])} for r in corpus]
    rows = parse(analyzer, examples)
    model = fit(rows, Hyper(calibrate=False, margin=0.3))
    assert model.thresholds[LABEL] == (0.8, 0.2)
    again = LearnedModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    p = LearnedAdjuster(again).probabilities(rows[0].doc, rows[0].intent, rows[0].risks, rows[0].exceptions)
    assert set(p) == set(LABELS) and p[LABEL] > 0.5  # rows[0] carries the word
    assert WORD in post(0, True)


QUIZ = "quick poll for the {pro}s here: what's your favourite {thing}? asking for a {word} friend"
THINGS = ["podcast", "coffee order", "ethics textbook", "conference", "sandwich", "pen", "notebook", "playlist"]


def test_the_intent_part_learns_a_move_the_rules_do_not_make(analyzer: Any) -> None:
    """Gold says "other" where the rules say otherwise, whenever a made-up word
    is present: the intent part learns to move such posts, gives them its own
    confidence, and leaves the same post without the word alone."""
    word = "blorptastic"
    texts = [QUIZ.format(pro=pro, thing=thing, word=w) for pro in ("therapist", "dentist", "lawyer")
             for thing in THINGS for w in (word, "curious")]
    rows = parse(analyzer, [{"id": f"q{i}", "text": t, "intent": "x", "risks": [], "exceptions": [], "group": f"g{i // 2}"}
                            for i, t in enumerate(texts)])
    for p in rows:  # gold: the rules' own intent, except that the word means chatter
        p.example["intent"] = "other" if word in p.example["text"] else p.intent
    assert any(word in p.example["text"] and p.intent != "other" for p in rows), "the rules must get some wrong"
    model = fit(rows, Hyper(calibrate=False, margin=0.2))
    assert model.intent is not None and model.intent.thresholds["other"] == (0.7, None)
    again = LearnedModel.from_json(model.to_json())
    assert again.intent is not None and again.to_json() == model.to_json()

    adjusted = analyzer.with_adjuster(LearnedAdjuster(again))
    unseen = "quick poll for the nurses here: what's your favourite {}? asking for a {} friend"
    moved, kept = adjusted.analyze(unseen.format("mug", word)), adjusted.analyze(unseen.format("mug", "curious"))
    assert analyzer.analyze(unseen.format("mug", word)).intent != "other"  # the rules alone get it wrong
    assert moved.intent == "other" and moved.confidence >= 0.7, moved.to_record()
    assert kept.intent == analyzer.analyze(unseen.format("mug", "curious")).intent


def test_a_model_file_without_an_intent_part_still_loads() -> None:
    model = LearnedModel(["bias"], list(LABELS), np.zeros((1, len(LABELS))), np.zeros(len(LABELS)))
    body = json.loads(model.to_json())
    assert "intent" not in body
    assert LearnedModel.from_json(json.dumps(body)).intent is None


def test_vector_features_code_the_mean_token_vector_as_a_thermometer(analyzer: Any) -> None:
    doc = analyzer.nlp("My brother-in-law is my dentist and he never charges me.")
    names = vector_features(doc)
    mean = doc.tensor.mean(axis=0)
    assert names, "the base model leaves a tensor for the post"
    for i, value in enumerate(mean.tolist()):
        for cut in VECTOR_CUTS:
            assert (f"{VECTOR_PREFIX}{i}>{cut}" in names) == (value > cut)
    assert names <= extract(doc, "scenario", {}, {})
    assert vector_features(analyzer.nlp("")) == set()
    # no words of their own: never quoted as evidence
    assert all(locate(doc, name, {}, {}) == [] for name in sorted(names)[:5])


def test_a_layer_reading_vectors_is_stale_on_another_base_model(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def saved(features: list[str], base_model: str) -> Path:
        model = LearnedModel(features, list(LABELS), np.zeros((len(features), len(LABELS))), np.zeros(len(LABELS)),
                             meta={"knowledge_hash": knowledge_hash(), "base_model": base_model})
        path = tmp_path / f"{len(features)}-{base_model}.json"
        path.write_text(model.to_json(), encoding="utf-8")
        return path

    import bot.learning.model as learned

    monkeypatch.setattr(learned, "installed_model_version", lambda: "3.8.0")
    assert load_adjuster(saved(["bias", f"{VECTOR_PREFIX}0>0.1"], "en_core_web_sm-3.8.0")) is not None
    caplog.set_level(logging.WARNING, logger="bot.learning")
    assert load_adjuster(saved(["bias", f"{VECTOR_PREFIX}0>0.1"], "en_core_web_sm-3.7.1")) is None
    assert "vectors" in caplog.text
    # a layer without vector features does not depend on the base model's numbers
    assert load_adjuster(saved(["bias", "lem:dentist"], "en_core_web_sm-3.7.1")) is not None
