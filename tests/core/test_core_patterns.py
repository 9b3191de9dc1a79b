"""TriggerCompiler: the trigger syntax of knowledge/README.md, on the real model.

The analyzer's pipeline sets every token's NORM to its lower-cased lemma (the
dual_lexicon component), so a tiny Matcher over our compiled patterns sees the
same docs the lexicon sees.
"""
from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from bot.core.patterns import TriggerCompiler, inflections


@pytest.fixture(scope="module")
def match(nlp):
    compiler = TriggerCompiler(nlp)
    cache: dict[str, Matcher] = {}

    def run(phrase: str, text: str) -> list[str]:
        if phrase not in cache:
            patterns = compiler.compile([phrase])[phrase]
            assert patterns, phrase
            matcher = Matcher(nlp.vocab)
            matcher.add("T", patterns)
            cache[phrase] = matcher
        doc = nlp(text)
        return sorted({doc[s:e].text for _, s, e in cache[phrase](doc)})

    return run


@pytest.mark.parametrize(
    "text, hit",
    [
        ("We were dating for a year.", "dating"),
        ("I dated him in college.", "dated"),
        ("She dates a lot.", "dates"),
        ("Would it be wrong to date her?", "date"),
        ("Dating a client is a bad idea.", "Dating"),
    ],
)
def test_word_matches_its_inflections(match, text: str, hit: str) -> None:
    assert hit in match("date", text)


def test_word_does_not_match_unrelated_words(match) -> None:
    assert match("date", "The update is out and the data looks fine.") == []


@pytest.mark.parametrize(
    "text",
    ["My brother-in-law is my dentist.", "My Brother-In-Law is my dentist.", "my brothers-in-law are lawyers"],
)
def test_hyphenated_trigger(match, text: str) -> None:
    hits = match("brother-in-law", text)
    assert hits and "-in-" in hits[0].lower(), hits


def test_hyphenated_trigger_needs_the_whole_word(match) -> None:
    assert match("brother-in-law", "My brother is a lawyer.") == []


@pytest.mark.parametrize(
    "text, hit",
    [
        ("I'm the only dentist for miles.", "only dentist for miles"),
        ("She's the only one for miles around.", "only one for miles"),
        ("only for miles", "only for miles"),  # `*` is optional
    ],
)
def test_wildcard(match, text: str, hit: str) -> None:
    assert hit in match("only * for miles", text)


def test_wildcard_is_one_word_at_most(match) -> None:
    assert match("only * for miles", "the only good dentist for miles") == []


@pytest.mark.parametrize("text, hit", [("My doctor is nice.", "doctor"), ("Our dentist retired.", "dentist")])
def test_alternation(match, text: str, hit: str) -> None:
    assert match("doctor|dentist", text) == [hit]


def test_alternation_inside_a_phrase(match) -> None:
    assert match("end therapy|treatment", "We agreed to end treatment in May.") == ["end treatment"]
    assert match("end therapy|treatment", "We agreed to end the lease in May.") == []


@pytest.mark.parametrize("text", ["the next one is 90 miles away", "the next one is ninety miles away"])
def test_number(match, text: str) -> None:
    assert match("#NUM miles away", text), text


def test_number_needs_a_number(match) -> None:
    assert match("#NUM miles away", "the next one is many miles away") == []


def test_optional_word(match) -> None:
    assert "small town" in match("small? town", "I live in a small town.")
    assert "town" in match("small? town", "I live in a town.")


def test_inflections_of_regular_words() -> None:
    assert {"date", "dates", "dated", "dating"} <= inflections("date")
    assert {"carry", "carries", "carried"} <= inflections("carry")
    assert {"pat", "patted", "patting"} <= inflections("pat")


@pytest.mark.xfail(
    strict=True,
    reason="BUG: matching on lemmas makes a tense-specific trigger tense-blind: the former cue "
    "'was my client|patient' also matches 'is my client'",
)
def test_past_tense_trigger_is_not_present_tense(match) -> None:
    assert match("was my client|patient", "She is my client.") == []


@pytest.mark.xfail(
    strict=True,
    reason="BUG: a trigger that starts with a hyphen ('-speaking' in cues.toml) compiles to one "
    "token '-speaking' but posts split 'Somali-speaking' into 'somali', '-', 'speak'",
)
def test_hyphen_prefixed_trigger(match) -> None:
    assert match("-speaking", "a Somali-speaking family")
