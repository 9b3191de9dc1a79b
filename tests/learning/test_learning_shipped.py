"""The learned layer shipped with the bot (bot/learning/shipped_model.json,
written by `python -m bot train --ship`): present, trained against the
knowledge files as they are, used by the CLI unless --rules-only, and not
worse than the rules alone on the regression set the train gate uses."""
from __future__ import annotations

import json
from typing import Any

from bot.cli import load_analyzer
from bot.core.evaluation import score
from bot.learning import SHIPPED_MODEL, LearnedAdjuster, data, knowledge_hash, shipped_adjuster

# the gate of `train --ship` (bot.learning.cli): never trained on
REGRESSION = [data.SHARED_DEV, data.HOLDOUT, *data.EARLY_BLIND]


def test_the_shipped_model_is_fresh_and_small() -> None:
    meta = json.loads(SHIPPED_MODEL.read_text(encoding="utf-8"))["meta"]
    # a knowledge change without `python -m bot train --ship` would leave it stale (and ignored)
    assert meta["knowledge_hash"] == knowledge_hash(), "retrain with: python -m bot train --ship"
    assert meta["counts"]["corrections"] == 0  # the repository's posts only
    assert SHIPPED_MODEL.stat().st_size < 400_000
    adjuster = shipped_adjuster()
    assert isinstance(adjuster, LearnedAdjuster)
    assert adjuster.model.intent is not None  # the intent part ships too


def test_the_cli_runs_with_the_shipped_model_unless_told_not_to() -> None:
    assert isinstance(load_analyzer().adjuster, LearnedAdjuster)
    assert load_analyzer(rules_only=True).adjuster is None


def test_the_shipped_model_is_not_worse_than_the_rules_on_the_regression_set(analyzer: Any) -> None:
    gold = [json.loads(line) for f in REGRESSION if f.is_file() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    learned = analyzer.with_adjuster(shipped_adjuster())
    rules = score(gold, {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}).summary()
    both = score(gold, {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, learned.iter_analyze(g["text"] for g in gold))}).summary()
    for key in ("risk_macro_f1", "exact_match", "intent_acc"):
        assert both[key] >= rules[key] - 1e-9, (key, rules[key], both[key])


def test_training_reads_the_read_blind_sets_but_never_the_gate_or_a_fresh_set() -> None:
    names = {f.name for f in data.TRAINING}
    # every development set and every blind set read in an earlier session ...
    assert {f.name for f in data.DEVELOPMENT} <= names
    assert {f"blind{n}.jsonl" for n in range(3, data.LAST_READ_BLIND + 1)} <= names
    # ... and each of them is there: `train` skips a missing file, so raising
    # LAST_READ_BLIND before the set is in tests/data would lose it silently
    assert all(f.is_file() for f in data.READ_BLIND), [f.name for f in data.READ_BLIND if not f.is_file()]
    # ... never the gate of `train --ship`, nor a blind set not yet read
    assert not names & {f.name for f in REGRESSION}
    assert f"blind{data.LAST_READ_BLIND + 1}.jsonl" not in names
    # a read blind set shares no post with the gate or with a development set
    blind_texts = {data.text_key(r["text"]) for f in data.READ_BLIND for r in data.read_jsonl(f)}
    dev_texts = {data.text_key(r["text"]) for f in data.DEVELOPMENT for r in data.read_jsonl(f)}
    assert not blind_texts & {data.text_key(r["text"]) for f in REGRESSION if f.is_file() for r in data.read_jsonl(f)}
    assert not blind_texts & dev_texts
