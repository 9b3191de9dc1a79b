"""The target grammar, and matching targets against real Assessments."""
from __future__ import annotations

from typing import Any

import pytest

from bot.curation import TargetError, Vocabulary

from .posts import DENTIST_IN_LAW, LOOKUP, ROMANCE_FORMER, RURAL_NEIGHBOUR


@pytest.fixture(scope="module")
def vocab(knowledge: Any) -> Vocabulary:
    return Vocabulary(knowledge)


@pytest.mark.parametrize(
    "spec, kind, value",
    [
        ("fairness", "risk", "fairness"),
        ("rural_access", "exception", "rural_access"),
        ("dentist", "profession", "dentist"),
        ("mental_health", "profession", "mental_health"),
        ("in_law", "relationship", "in_law"),
        ("romance", "pattern", "romance"),
        ("avoid", "pattern", "avoid"),
        ("former", "pattern", "former"),
        ("Mental_Health + former+ ROMANCE", "pattern", "mental_health+former+romance"),
        ("romance+romance+former", "pattern", "romance+former"),
        ("risk:fairness", "risk", "fairness"),
        ("pattern:fairness", "pattern", "fairness"),
        ("profession:medical", "profession", "medical"),
    ],
)
def test_parse_infers_kind_and_normalises(vocab: Vocabulary, spec: str, kind: str, value: str) -> None:
    target = vocab.parse(spec)
    assert (target.kind, target.value) == (kind, value)


@pytest.mark.parametrize(
    "spec, typo, suggestion",
    [
        ("fairnes", "fairnes", "fairness"),
        ("mental_helth+former", "mental_helth", "mental_health"),
        ("mental health+romanse", "romanse", "romance"),
        ("dentst", "dentst", "dentist"),
    ],
)
def test_parse_refuses_typos_with_did_you_mean(vocab: Vocabulary, spec: str, typo: str, suggestion: str) -> None:
    with pytest.raises(TargetError) as info:
        vocab.parse(spec)
    assert info.value.token == typo
    assert suggestion in info.value.suggestions


@pytest.mark.parametrize("spec", ["", "  ", "+", "fairness++former", "risk:dentist", "relationship:fairness", "risk:fairness+former"])
def test_parse_refuses_malformed_or_wrong_kind(vocab: Vocabulary, spec: str) -> None:
    with pytest.raises(TargetError):
        vocab.parse(spec)


def test_wrong_kind_suggests_ids_of_that_kind(vocab: Vocabulary) -> None:
    with pytest.raises(TargetError) as info:
        vocab.parse("risk:fairnes")
    assert info.value.suggestions[0] == "fairness"


def test_patterns_match_real_assessments(vocab: Vocabulary, assess: Any) -> None:
    a = assess(ROMANCE_FORMER)
    # what the test relies on from the analyzer
    assert (a.intent, a.profession_group, a.timing, a.romance) == ("scenario", "mental_health", "former", True)
    assert "sexual_relationship" in a.risk_ids
    yes = ["mental_health+former+romance", "therapist+romance", "romance", "former", "sexual_relationship",
           f"mental_health+{a.verdict}"]
    no = ["medical+former+romance", "mental_health+current+romance", "rural_access", "mental_health+in_law",
          "counselor+romance"]
    for spec in yes:
        t = vocab.parse(spec)
        assert vocab.matches(t.kind, t.value, a), spec
    for spec in no:
        t = vocab.parse(spec)
        assert not vocab.matches(t.kind, t.value, a), spec


def test_kinds_match_real_assessments(vocab: Vocabulary, assess: Any) -> None:
    dentist = assess(DENTIST_IN_LAW)
    assert dentist.profession == "dentist" and "in_law" in [m.id for m in dentist.relationships]
    assert vocab.matches("profession", "dentist", dentist)
    assert vocab.matches("profession", "medical", dentist)  # a group counts as a profession target
    assert vocab.matches("relationship", "in_law", dentist)
    assert not vocab.matches("relationship", "close_friend", dentist)
    assert not vocab.matches("profession", "mental_health", dentist)

    rural = assess(RURAL_NEIGHBOUR)
    assert "rural_access" in rural.exception_ids
    assert vocab.matches("exception", "rural_access", rural)
    assert vocab.matches("pattern", "mental_health+neighbor+rural_access", rural)
    assert not vocab.matches("exception", "insular_community", rural)


def test_negated_relationship_does_not_match(vocab: Vocabulary, assess: Any) -> None:
    from dataclasses import replace

    a = assess(DENTIST_IN_LAW)
    negated = replace(a, relationships=tuple(replace(m, negated=True) for m in a.relationships))
    assert not vocab.matches("relationship", "in_law", negated)


def test_only_scenarios_match(vocab: Vocabulary, assess: Any) -> None:
    a = assess(LOOKUP)
    assert a.intent == "lookup"
    for kind, value in [("pattern", "romance"), ("risk", "fairness"), ("profession", "mental_health")]:
        assert not vocab.matches(kind, value, a)
    # an unknown id (e.g. imported from another knowledge version) matches nothing
    assert not vocab.matches("pattern", "mental_health+no_such_token", assess(ROMANCE_FORMER))


def test_specificity_puts_patterns_first(vocab: Vocabulary) -> None:
    keys = sorted(
        [("risk", "fairness"), ("pattern", "romance"), ("pattern", "mental_health+former+romance"),
         ("profession", "dentist"), ("relationship", "in_law")],
        key=lambda kv: vocab.specificity(*kv),
    )
    assert keys[0] == ("pattern", "mental_health+former+romance")
    assert keys[1] == ("pattern", "romance")
    assert keys[-1] == ("risk", "fairness")


def test_describe_uses_knowledge_titles(vocab: Vocabulary, knowledge: Any) -> None:
    text = vocab.describe("pattern", "mental_health+former+sexual_relationship")
    assert "Former client" in text and knowledge.risks["sexual_relationship"].title in text
