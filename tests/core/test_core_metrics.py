"""Quality floors on labelled data, and minimal pairs.

Floors for shared/eval/dev.jsonl are the targets the project is judged by on
unseen posts. The other sets are regression guards, about 0.03 below what the
analyzer scored when they were set; raise them as it improves:
labelled.jsonl to labelled11.jsonl are our development sets (their
misclassifications were read), holdout.jsonl was written separately and
looked at once, blind.jsonl and blind2.jsonl were written separately and only
their totals were read until they had been used for a few choices;
blind3.jsonl and blind4.jsonl were written last by authors who saw neither our
data nor our rules, and only their totals are ever read: they are our
estimate for unseen posts.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from bot.core.evaluation import format_report, score

from ._support import LABELLED, SHARED_DEV, difference, labels_of, load_jsonl

METRICS = ("intent_acc", "verdict_acc", "profession_acc", "risk_macro_f1", "exception_macro_f1", "exact_match")
DEV_FLOORS = dict(zip(METRICS, (0.97, 0.92, 0.95, 0.88, 0.92, 0.65)))
# scored 2026-11-29 (session 2): 0.991 0.967 0.993 0.947 0.973 0.896
LABELLED_FLOORS = dict(zip(METRICS, (0.96, 0.93, 0.96, 0.91, 0.94, 0.86)))
# scored 2026-11-29 (session 2), in the same order
REGRESSION_FLOORS = {
    "labelled2.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.95, 0.93, 0.96, 0.83))),  # 0.995 0.959 0.988 0.959 0.991 0.865
    "labelled3.jsonl": dict(zip(METRICS, (0.96, 0.94, 0.94, 0.94, 0.95, 0.87))),  # 0.995 0.977 0.977 0.973 0.988 0.903
    "labelled4.jsonl": dict(zip(METRICS, (0.96, 0.92, 0.93, 0.85, 0.89, 0.70))),  # 0.994 0.954 0.969 0.883 0.928 0.731
    "labelled5.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.96, 0.86, 0.96, 0.78))),  # 0.990 0.981 0.994 0.894 1.000 0.825
    "labelled6.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.94, 0.90, 0.88, 0.77))),  # 0.981 0.941 0.970 0.933 0.915 0.800
    "labelled7.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.94, 0.86, 0.96, 0.75))),  # 0.983 0.957 0.971 0.897 1.000 0.786
    "labelled8.jsonl": dict(zip(METRICS, (0.93, 0.94, 0.95, 0.84, 0.96, 0.78))),  # 0.967 0.976 0.988 0.879 1.000 0.810
    "labelled9.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.96, 0.89, 0.96, 0.79))),  # 0.993 0.982 0.991 0.932 1.000 0.839
    "labelled10.jsonl": dict(zip(METRICS, (0.95, 0.94, 0.95, 0.89, 0.95, 0.82))),  # 0.987 0.973 0.982 0.929 0.986 0.857
    "labelled11.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.95, 0.82, 0.90, 0.58))),  # 0.983 0.922 0.989 0.851 0.938 0.611
    "holdout.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.94, 0.87, 0.93, 0.75))),  # 0.988 0.962 0.970 0.906 0.965 0.789
    "blind.jsonl": dict(zip(METRICS, (0.95, 0.87, 0.94, 0.83, 0.82, 0.64))),  # 0.987 0.904 0.974 0.866 0.851 0.670
    "blind2.jsonl": dict(zip(METRICS, (0.96, 0.94, 0.94, 0.81, 0.96, 0.66))),  # 0.992 0.979 0.979 0.837 1.000 0.695
    "blind3.jsonl": dict(zip(METRICS, (0.90, 0.84, 0.89, 0.76, 0.89, 0.55))),  # 0.933 0.870 0.922 0.795 0.929 0.591
    "blind4.jsonl": dict(zip(METRICS, (0.92, 0.83, 0.90, 0.77, 0.87, 0.58))),  # 0.960 0.873 0.945 0.807 0.909 0.618
}
# labelled.jsonl: 46 of 50 pairs when set; the other sets: see PAIR2_FLOOR
PAIR_FLOOR = 0.88
PAIR2_FLOOR = 0.80  # 17 of 20 (labelled2, labelled3), 19 of 22 (labelled5) when set


def check_floors(name: str, gold: list[dict[str, Any]], pred: dict[Any, dict[str, Any]], floors: dict[str, float]) -> None:
    report = score(gold, pred)
    summary = report.summary()
    text = format_report(report)
    print(f"\n== {name}\n{text}")  # shown by pytest when the test fails
    low = {k: round(summary[k], 3) for k, floor in floors.items() if summary[k] < floor}
    assert not low, (
        f"{name}: below floor: {low} (floors {floors})\n"
        f"metrics: {json.dumps({k: round(v, 3) for k, v in summary.items()})}\n{text[:6000]}"
    )


def test_dev_set_floors(analyzer) -> None:
    if not SHARED_DEV.is_file():
        pytest.skip(f"{SHARED_DEV} is absent")
    gold = load_jsonl(SHARED_DEV)
    pred = {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}
    check_floors("shared/eval/dev.jsonl", gold, pred, DEV_FLOORS)


def test_labelled_floors(labelled, labelled_predictions) -> None:
    check_floors("tests/data/labelled.jsonl", labelled, labelled_predictions, LABELLED_FLOORS)


@pytest.mark.parametrize("name", sorted(REGRESSION_FLOORS))
def test_regression_sets(analyzer, name: str) -> None:
    gold = load_jsonl(LABELLED.parent / name)
    pred = {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}
    check_floors(f"tests/data/{name}", gold, pred, REGRESSION_FLOORS[name])


def test_batch_and_single_analyses_agree(analyzer, labelled, labelled_predictions) -> None:
    """iter_analyze (nlp.pipe) and analyze (nlp) give the same records."""
    for row in labelled[::7]:
        assert analyzer.analyze(row["text"]).to_record(row["id"]) == labelled_predictions[row["id"]], row["text"]


def _pairs(labelled: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in labelled:
        if "pair" in row:
            pairs[row["pair"]].append(row)
    return pairs


def test_pairs_are_well_formed(labelled) -> None:
    pairs = _pairs(labelled)
    assert pairs
    for key, rows in pairs.items():
        # a pair may also be an invariance pair (same labels, e.g. rule 2 for current
        # and former); the test below checks both kinds alike
        assert len(rows) == 2, (key, [r["id"] for r in rows])


def test_minimal_pairs(labelled, labelled_predictions) -> None:
    """For each pair, what the analyzer changes between the two posts must be
    exactly what the gold labels change."""
    _check_pairs(labelled, labelled_predictions, PAIR_FLOOR)


@pytest.mark.parametrize("name", ["labelled2.jsonl", "labelled3.jsonl", "labelled5.jsonl"])
def test_minimal_pairs_of_the_other_sets(analyzer, name: str) -> None:
    rows = load_jsonl(LABELLED.parent / name)
    predictions = {r["id"]: a.to_record(r["id"]) for r, a in zip(rows, analyzer.iter_analyze(r["text"] for r in rows))}
    _check_pairs(rows, predictions, PAIR2_FLOOR)


def _check_pairs(labelled: list[dict[str, Any]], labelled_predictions: dict[Any, dict[str, Any]], floor: float) -> None:
    pairs = _pairs(labelled)
    failing = []
    for key, (a, b) in sorted(pairs.items()):
        gold = difference(a, b)
        pa, pb = labelled_predictions[a["id"]], labelled_predictions[b["id"]]
        got = difference(pa, pb)
        if got != gold:
            la, lb = labels_of(pa), labels_of(pb)
            failing.append(
                f"{key} ({a['id']}/{b['id']}): gold differs in {sorted(gold)}, predicted in {sorted(got)}; "
                f"missing {sorted(gold - got)}, extra {sorted(got - gold)}\n"
                f"    {a['id']}: {a['text'][:140]}\n      -> {[(k, la[k]) for k in sorted(gold | got)]}\n"
                f"    {b['id']}: {b['text'][:140]}\n      -> {[(k, lb[k]) for k in sorted(gold | got)]}"
            )
    rate = 1 - len(failing) / len(pairs)
    print(f"\nminimal pairs: {len(pairs) - len(failing)}/{len(pairs)} = {rate:.3f}")
    for f in failing:
        print(f)
    assert rate >= floor, f"minimal pairs {rate:.3f} < {floor}; failing pairs:\n" + "\n".join(failing)
