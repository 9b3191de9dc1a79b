"""Clarifying facts: analyze(text, facts=...) and the questions the analyzer asks."""
from __future__ import annotations

import pytest

from bot.core.analyzer import FACT_VALUES

from ._support import assert_sane

ROMANCE_MH = "I'm a therapist and I've fallen for one of my clients."
NEIGHBOUR_MH = "I'm a therapist and my neighbour wants to see me for therapy."
RURAL_MH = "I'm a therapist and the only one for 60 miles; my best friend wants therapy."


def test_former_turns_prohibited_romance_into_avoid(analyzer) -> None:
    before = analyzer.analyze(ROMANCE_MH)
    assert (before.verdict, before.verdict_rule) == ("prohibited", 1)
    assert "timing" in [q.id for q in before.questions]
    after = analyzer.analyze(ROMANCE_MH, facts={"timing": "former"})
    assert (after.verdict, after.verdict_rule) == ("avoid", 2)
    assert after.timing == "former"
    assert after.facts == {"timing": "former"}
    assert "timing" not in [q.id for q in after.questions]  # answered, not asked again
    assert_sane(after)


def test_current_keeps_prohibited(analyzer) -> None:
    a = analyzer.analyze(ROMANCE_MH, facts={"timing": "current"})
    assert (a.verdict, a.verdict_rule) == ("prohibited", 1)


def test_no_other_provider_makes_rule_4_may_be_appropriate(analyzer) -> None:
    before = analyzer.analyze(NEIGHBOUR_MH)
    assert (before.verdict, before.verdict_rule) == ("avoid", 4)
    assert "other_provider" in [q.id for q in before.questions]
    after = analyzer.analyze(NEIGHBOUR_MH, facts={"other_provider": "no"})
    assert (after.verdict, after.verdict_rule) == ("may_be_appropriate", 3)
    assert "rural_access" in after.exception_ids
    assert "other_provider" not in [q.id for q in after.questions]
    assert_sane(after)
    record = after.to_record()
    assert "rural_access" in [e["id"] for e in record["exceptions"]]


def test_other_provider_yes_removes_rural_access(analyzer) -> None:
    before = analyzer.analyze(RURAL_MH)
    assert "rural_access" in before.exception_ids and before.verdict == "may_be_appropriate"
    after = analyzer.analyze(RURAL_MH, facts={"other_provider": "yes"})
    assert "rural_access" not in after.exception_ids
    assert (after.verdict, after.verdict_rule) == ("avoid", 4)


def test_no_other_provider_never_lifts_a_romance(analyzer) -> None:
    a = analyzer.analyze(ROMANCE_MH, facts={"other_provider": "no"})
    assert a.verdict == "prohibited"


@pytest.mark.parametrize(
    "facts",
    [
        {"mood": "sad"},
        {"timing": "yesterday"},
        {"other_provider": "maybe"},
        {"timing": None},
        {"TIMING": "former"},
        {},
        None,
    ],
)
def test_unknown_facts_are_ignored(analyzer, facts) -> None:
    for text in (ROMANCE_MH, NEIGHBOUR_MH):
        plain = analyzer.analyze(text)
        given = analyzer.analyze(text, facts=facts)
        assert given.to_record() == plain.to_record()
        assert given.facts == {}


def test_facts_on_a_non_scenario_do_nothing(analyzer) -> None:
    a = analyzer.analyze("What counts as a dual relationship?", facts={"timing": "former", "other_provider": "no"})
    assert a.intent == "lookup" and a.verdict is None and not a.questions


def _verdicts_by_answer(analyzer, text: str, qid: str) -> dict[str, str | None]:
    return {value: analyzer.analyze(text, facts={qid: value}).verdict for value in sorted(FACT_VALUES[qid])}


def test_questions_only_ask_what_would_change_the_verdict(analyzer, labelled) -> None:
    """Over the labelled scenarios: every question asked has answers that lead to
    different verdicts."""
    texts = [row["text"] for row in labelled if row["intent"] == "scenario"]
    useless = []
    asked = 0
    for text, a in zip(texts, analyzer.iter_analyze(texts)):
        for q in a.questions:
            asked += 1
            assert q.prompt and len(q.options) >= 2
            assert {o.value for o in q.options} <= FACT_VALUES[q.id]
            verdicts = _verdicts_by_answer(analyzer, text, q.id)
            if len(set(verdicts.values())) < 2:
                useless.append((q.id, verdicts, text[:100]))
    assert asked, "no scenario asked anything"
    assert not useless, f"{len(useless)} questions would not change the verdict: {useless[:5]}"


@pytest.mark.parametrize(
    "text, never",
    [
        (NEIGHBOUR_MH, "timing"),  # no romance: timing cannot matter
        (RURAL_MH, "other_provider"),  # the post already gives the exception
        (ROMANCE_MH, "other_provider"),  # rules 1-2 ignore exceptions
        ("She is no longer my client and I want to date her. I'm a counselor.", "timing"),  # the post says
        ("I'm a dentist in a big city with plenty of other dentists, and my cousin wants a cleaning.", "other_provider"),
    ],
)
def test_questions_not_asked(analyzer, text, never) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario"
    assert never not in [q.id for q in a.questions], a.to_record()
