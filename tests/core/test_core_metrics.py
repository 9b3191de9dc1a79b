"""Quality floors on labelled data, and minimal pairs.

Floors for shared/eval/dev.jsonl are the targets the project is judged by on
unseen posts. The other sets are regression guards, about 0.03 below what the
analyzer scored when they were set; raise them as it improves:
labelled.jsonl to labelled19.jsonl are our development sets (their
misclassifications were read; labelled17 and labelled18 are stress sets for
pressure and romance, half near-misses, so their macro-F1 is low by design),
holdout.jsonl was written separately and looked at once, blind.jsonl and
blind2.jsonl were written separately and only their totals were read until
they had been used for a few choices; blind3.jsonl to blind7.jsonl were
written by authors who saw neither our data nor our rules, and only their
totals (once, per-label F1) are ever read: they are our estimate for unseen
posts.
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
# scored 2026-11-29 (session 3): 0.991 0.967 0.993 0.949 0.973 0.900
LABELLED_FLOORS = dict(zip(METRICS, (0.96, 0.93, 0.96, 0.91, 0.94, 0.87)))
# scored 2026-11-29 (session 3), in the same order
REGRESSION_FLOORS = {
    "labelled2.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.95, 0.93, 0.96, 0.84))),  # 0.995 0.965 0.988 0.965 0.991 0.876
    "labelled3.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.94, 0.94, 0.95, 0.87))),  # 0.995 0.983 0.977 0.978 0.988 0.909
    "labelled4.jsonl": dict(zip(METRICS, (0.96, 0.92, 0.93, 0.86, 0.89, 0.71))),  # 0.994 0.954 0.969 0.897 0.928 0.746
    "labelled5.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.96, 0.88, 0.97, 0.83))),  # 0.990 0.987 0.994 0.918 1.000 0.864
    "labelled6.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.94, 0.90, 0.88, 0.78))),  # 0.988 0.948 0.978 0.936 0.915 0.815
    "labelled7.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.94, 0.88, 0.97, 0.77))),  # 0.983 0.964 0.971 0.910 1.000 0.800
    "labelled8.jsonl": dict(zip(METRICS, (0.94, 0.95, 0.95, 0.86, 0.97, 0.79))),  # 0.972 0.988 0.988 0.890 1.000 0.821
    "labelled9.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.96, 0.91, 0.97, 0.82))),  # 0.993 0.982 0.991 0.944 1.000 0.857
    "labelled10.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.95, 0.90, 0.95, 0.83))),  # 0.987 0.982 0.982 0.933 0.986 0.866
    "labelled11.jsonl": dict(zip(METRICS, (0.96, 0.90, 0.97, 0.82, 0.90, 0.61))),  # 0.992 0.933 1.000 0.860 0.938 0.644
    "labelled12.jsonl": dict(zip(METRICS, (0.93, 0.92, 0.93, 0.79, 0.94, 0.63))),  # 0.967 0.955 0.964 0.826 0.976 0.664
    "labelled13.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.96, 0.86, 0.97, 0.75))),  # 0.980 0.982 0.991 0.899 1.000 0.782
    "labelled14.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.94, 0.87, 0.88, 0.71))),  # 0.987 0.927 0.973 0.905 0.920 0.745
    "labelled15.jsonl": dict(zip(METRICS, (0.92, 0.89, 0.90, 0.84, 0.93, 0.72))),  # 0.953 0.922 0.930 0.875 0.962 0.757
    "labelled16.jsonl": dict(zip(METRICS, (0.92, 0.94, 0.93, 0.84, 0.97, 0.78))),  # 0.953 0.976 0.965 0.874 1.000 0.812
    "labelled17.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.94, 0.52, 0.97, 0.56))),  # 0.983 0.967 0.975 0.554 1.000 0.600
    "labelled18.jsonl": dict(zip(METRICS, (0.97, 0.87, 0.97, 0.71, 0.91, 0.63))),  # 1.000 0.900 1.000 0.749 0.944 0.667
    "labelled19.jsonl": dict(zip(METRICS, (0.95, 0.88, 0.93, 0.84, 0.92, 0.69))),  # 0.980 0.919 0.964 0.873 0.955 0.730
    "holdout.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.93, 0.87, 0.93, 0.75))),  # 0.988 0.962 0.970 0.906 0.965 0.789
    "blind.jsonl": dict(zip(METRICS, (0.95, 0.88, 0.94, 0.86, 0.82, 0.68))),  # 0.987 0.913 0.974 0.895 0.851 0.713
    "blind2.jsonl": dict(zip(METRICS, (0.96, 0.94, 0.94, 0.81, 0.97, 0.68))),  # 0.992 0.979 0.979 0.845 1.000 0.716
    "blind3.jsonl": dict(zip(METRICS, (0.89, 0.83, 0.89, 0.77, 0.89, 0.58))),  # 0.927 0.870 0.922 0.806 0.929 0.617
    "blind4.jsonl": dict(zip(METRICS, (0.93, 0.86, 0.92, 0.79, 0.87, 0.60))),  # 0.967 0.891 0.955 0.821 0.909 0.636
    "blind5.jsonl": dict(zip(METRICS, (0.94, 0.88, 0.92, 0.83, 0.84, 0.68))),  # 0.973 0.918 0.955 0.866 0.871 0.718
    "blind6.jsonl": dict(zip(METRICS, (0.97, 0.87, 0.95, 0.73, 0.85, 0.59))),  # 1.000 0.909 0.982 0.765 0.885 0.627
    "blind7.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.94, 0.85, 0.92, 0.74))),  # 0.980 0.945 0.973 0.882 0.958 0.773
}
# labelled.jsonl: 46 of 50 pairs when set; the other sets: see PAIR2_FLOOR
PAIR_FLOOR = 0.88
PAIR2_FLOOR = 0.80  # 17 and 18 of 20 (labelled2, labelled3), 19 of 22 (labelled5), 16 of 20 (labelled15) when set


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


@pytest.mark.parametrize("name", ["labelled2.jsonl", "labelled3.jsonl", "labelled5.jsonl", "labelled15.jsonl"])
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
