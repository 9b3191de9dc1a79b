"""bot.core.verdict.decide against every row of the verdict table of labels.md."""
from __future__ import annotations

import itertools

import pytest

from bot.core.verdict import VerdictInput, decide

GROUPS = ("mental_health", "medical", "legal", "other", None)


def v(group="other", romance=False, preexisting=False, timing=None, exception=False) -> VerdictInput:
    return VerdictInput(group, romance, preexisting, timing, exception)


CASES = [
    # 1a: mental health, romance with a current client, whatever came first
    ("mh romance began with client", v("mental_health", True), ("prohibited", 1)),
    ("mh romance, timing said current", v("mental_health", True, timing="current"), ("prohibited", 1)),
    ("mh existing spouse becomes client", v("mental_health", True, preexisting=True), ("prohibited", 1)),
    # 1b: medical or legal, romance began while a client
    ("medical romance began with patient", v("medical", True), ("prohibited", 1)),
    ("legal romance began with client", v("legal", True), ("prohibited", 1)),
    # 2: other profession, romance began with client; or a former client, any profession
    ("other romance began with client", v("other", True), ("avoid", 2)),
    ("no profession named, romance with client", v(None, True), ("avoid", 2)),
    ("mh former client", v("mental_health", True, timing="former"), ("avoid", 2)),
    ("medical former patient", v("medical", True, timing="former"), ("avoid", 2)),
    ("legal former client", v("legal", True, timing="former"), ("avoid", 2)),
    ("other former client", v("other", True, timing="former"), ("avoid", 2)),
    # 3: an exception, no romance
    ("mh rural", v("mental_health", exception=True), ("may_be_appropriate", 3)),
    ("medical rural", v("medical", exception=True), ("may_be_appropriate", 3)),
    ("other insular", v("other", exception=True), ("may_be_appropriate", 3)),
    # 4: mental health, no exception
    ("mh family member", v("mental_health"), ("avoid", 4)),
    ("mh former client, no romance", v("mental_health", timing="former"), ("avoid", 4)),
    # 5: everything else, existing partners of medical/legal/other professionals included
    ("medical family member", v("medical"), ("caution", 5)),
    ("legal friend", v("legal"), ("caution", 5)),
    ("other neighbour", v("other"), ("caution", 5)),
    ("no profession named", v(None), ("caution", 5)),
    ("medical existing spouse", v("medical", True, preexisting=True), ("caution", 5)),
    ("legal existing spouse", v("legal", True, preexisting=True), ("caution", 5)),
    ("other existing spouse", v("other", True, preexisting=True), ("caution", 5)),
]


@pytest.mark.parametrize("case, given, expected", CASES, ids=[c[0] for c in CASES])
def test_verdict_table(case, given, expected) -> None:
    assert decide(given) == expected


@pytest.mark.parametrize(
    "given, expected",
    [
        (v("mental_health", True, exception=True), ("prohibited", 1)),
        (v("mental_health", True, preexisting=True, exception=True), ("prohibited", 1)),
        (v("medical", True, exception=True), ("prohibited", 1)),
        (v("legal", True, exception=True), ("prohibited", 1)),
        (v("other", True, exception=True), ("avoid", 2)),
        (v("mental_health", True, timing="former", exception=True), ("avoid", 2)),
        (v("medical", True, timing="former", exception=True), ("avoid", 2)),
    ],
)
def test_exception_never_lifts_rules_1_and_2(given, expected) -> None:
    assert decide(given) == expected


def test_unknown_timing_reads_as_current() -> None:
    for group in GROUPS:
        assert decide(v(group, True, timing=None)) == decide(v(group, True, timing="current"))


@pytest.mark.parametrize(
    "group, romance, preexisting, timing, exception",
    list(itertools.product(GROUPS, (False, True), (False, True), (None, "current", "former"), (False, True))),
)
def test_verdict_is_a_table_row(group, romance, preexisting, timing, exception) -> None:
    """Every input gets one of the four verdicts from the row that belongs to it."""
    verdict, rule = decide(v(group, romance, preexisting and romance, timing, exception))
    assert (verdict, rule) in {("prohibited", 1), ("avoid", 2), ("may_be_appropriate", 3), ("avoid", 4), ("caution", 5)}
    if not romance:
        assert rule >= 3  # rules 1 and 2 are about romance only
    if romance and timing == "former":
        assert (verdict, rule) == ("avoid", 2)
    if rule == 4:
        assert group == "mental_health" and not exception
    if rule == 3:
        assert exception
