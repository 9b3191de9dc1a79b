"""The trigger-phrase syntax of knowledge/README.md, on the real model.

Each test builds the lexicon component (DualLexicon, which compiles triggers
with TriggerCompiler) over a one-entry knowledge base holding just the phrase
under test, and runs it on docs parsed by the analyzer's own pipeline. So the
tests pin the documented syntax, not the compiler's internal pattern format.
"""
from __future__ import annotations

import pytest

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bot.core.components.lexicon import SPANS_KEY, DualLexicon, _windows
from bot.core.components.phrase_index import PhraseIndex
from bot.core.knowledge import Entry, Knowledge
from bot.core.patterns import TriggerCompiler, inflections

# a one-phrase lexicon may leave one of its matchers empty (spaCy warns W036)
pytestmark = pytest.mark.filterwarnings("ignore:.*W036")


def _knowledge(phrase: str) -> Knowledge:
    entry = Entry(id="t", title="t", summary="t", section="test", triggers=(phrase,), extra={"role": "probe"})
    return Knowledge(
        risks={}, exceptions={}, verdicts={}, safeguards={}, concepts={}, codes={},
        professions={}, relationships={}, cues={"t": entry}, questions={},
    )


@pytest.fixture(scope="module")
def match(nlp):
    lexicons: dict[str, DualLexicon] = {}

    def run(phrase: str, text: str) -> list[str]:
        if phrase not in lexicons:
            lexicons[phrase] = DualLexicon(nlp, _knowledge(phrase))
        doc = lexicons[phrase](nlp(text))
        return sorted({s.text for s in doc.spans[SPANS_KEY] if s.label_ == "probe"})

    return run


def test_compiler_builds_on_the_analyzer_nlp(nlp) -> None:
    assert TriggerCompiler(nlp).compile(["date", "brother-in-law", "only * for miles", "a|b", "#NUM miles"])


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


def test_alternation_of_different_lengths(match) -> None:
    # `|` binds single space-separated words; an option may still tokenize to several tokens
    assert match("my brother-in-law|cousin", "She is my brother-in-law's wife.") == ["my brother-in-law"]
    assert match("my brother-in-law|cousin", "She is my cousin.") == ["my cousin"]
    assert match("no one|nobody else", "there is nobody else") == []  # reads no (one|nobody) else
    assert match("no one|nobody else", "there is no one else") == ["no one else"]


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


def test_past_tense_trigger_is_not_present_tense(match) -> None:
    assert match("was my client|patient", "She is my client.") == []


def test_hyphen_prefixed_trigger(match) -> None:
    assert match("-speaking", "a Somali-speaking family")


BIG = "the whole village|town|street|ward|office|team|school|church|club|gym know|talk|gossip|notice|see"


def test_a_large_alternation_is_one_matcher_pattern(nlp) -> None:
    """Hundreds of expanded phrases would cost start-up time; such a trigger is
    compiled to one token pattern instead, and must match what the phrases would."""
    compiled = TriggerCompiler(nlp).compile([BIG])
    assert BIG in compiled.patterns and BIG not in compiled.phrases


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The whole ward knows about it now.", ["The whole ward knows"]),
        ("the whole town is talking", []),  # "is talking": the word after "town" is "is"
        ("the whole gym noticed", ["the whole gym noticed"]),
        ("the whole village hall", []),
    ],
)
def test_a_large_alternation_still_matches_by_lemma(match, text: str, found: list[str]) -> None:
    assert match(BIG, text) == found


def test_token_patterns_are_grouped_by_a_word_they_require(nlp) -> None:
    """The Matcher tries every pattern at every token, so each pattern waits for
    a word it cannot match without (the one with the fewest forms, "me" last)."""
    lexicon = DualLexicon(nlp, _knowledge("hide * from me"))
    (pattern,) = TriggerCompiler(nlp).compile(["hide * from me"]).patterns["hide * from me"]
    required = [frozenset(t.get("NORM", t.get("LOWER"))["IN"]) for t in pattern if t.get("OP") != "?"]
    gates = [gate for gate, _, _ in lexicon.matchers]
    assert gates == [min((words for words in required if "me" not in words), key=len)]


def test_a_pattern_waits_for_its_rare_word_not_a_pronoun(nlp) -> None:
    # "i" is one form and "chemistry" several, but "i" is in nearly every post:
    # gated on it, the pattern would run around every "I"
    lexicon = DualLexicon(nlp, _knowledge("i * * chemistry"))
    ((gate, _, _),) = lexicon.matchers
    assert "chemistry" in gate and "i" not in gate


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("she'd hide it from me", ["hide it from me"]),
        ("she hid the bills from me", ["hid the bills from me"]),
        ("she took it from me", []),  # the group's word is missing: the group does not run
    ],
)
def test_grouped_patterns_still_match(match, text: str, found: list[str]) -> None:
    assert match("hide * * from me", text) == found


def test_the_phrase_index_finds_what_spacys_phrase_matcher_finds(nlp) -> None:
    """The lexicon keeps its plain phrases in a dict rather than a PhraseMatcher
    (memory). On the same norms it must find the same (key, start, end): every
    match at every start, overlaps and phrases shared by two keys included."""
    phrases = {
        "a": [["brother", "-", "in", "-", "law"], ["brother"], ["my", "brother"]],
        "b": [["brother"], ["law", "be", "my"]],
        "c": [["dentist"], ["be", "my", "dentist"], ["my", "dentist", "for", "year"]],
    }
    post = nlp("My brother-in-law is my dentist, and my brother is my dentist too.")
    for token in post:
        token.norm_ = token.lemma_.lower()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    index = PhraseIndex()
    for key, seqs in phrases.items():
        docs = []
        for words in seqs:
            doc = Doc(nlp.vocab, words=words)
            for token in doc:
                token.norm_ = token.text
            docs.append(doc)
        matcher.add(key, docs)
        index.add(key, seqs)
    expected = sorted((nlp.vocab.strings[m], s, e) for m, s, e in matcher(post))
    assert len(expected) == 12  # the fixture still exercises overlaps and shared phrases
    assert sorted(index([t.norm_ for t in post])) == expected
    # shorter before longer at each start, as the lexicon's callers have always seen them
    found = index([t.norm_ for t in post])
    assert [(s, e) for _, s, e in found] == sorted((s, e) for _, s, e in found)


@pytest.mark.parametrize(
    ("trigger", "text", "found"),
    [
        # "'s" alone is the possessive to the lemmatizer, but in a post it is
        # often "is" or "us": a trigger written with it must still match
        ("there's * chemistry", "and there's real chemistry here", ["there's real chemistry"]),
        ("let's say", "let's say a dentist treats her son", ["let's say"]),
        ("mate's rates", "he gave me mate's rates", ["mate's rates"]),
        # a title's period is part of the token in a post, not in a trigger
        ("dr", "Dr. Okafor asked me out", ["Dr."]),
        ("dr", "my dr said no", ["dr"]),
    ],
)
def test_clitics_and_titles_match_as_they_appear_in_posts(match, trigger: str, text: str, found: list[str]) -> None:
    assert match(trigger, text) == found


@pytest.mark.parametrize(
    ("trigger", "text", "found"),
    [
        # "me" and "I" share a lemma: a pronoun in a trigger matches as written
        ("give me", "is that ok given I know her?", []),
        ("give me", "she gave me a discount", ["gave me"]),
        ("expect me to", "he's expecting me to say yes", ["expecting me to"]),
        ("you know me|i", "you know I'm good for it", ["you know I"]),
    ],
)
def test_pronouns_in_triggers_match_as_written(match, trigger: str, text: str, found: list[str]) -> None:
    assert match(trigger, text) == found


def test_a_gated_matcher_sees_only_the_stretch_around_its_word() -> None:
    # a pattern of 3 tokens around hits at 5 and 7 (merged) and at 30
    assert _windows([5, 7, 30], 3, 40) == [(3, 10), (28, 33)]
    assert _windows([0, 39], 4, 40) == [(0, 4), (36, 40)]  # clipped to the post


def test_matches_at_both_ends_of_a_long_post_are_found(match) -> None:
    filler = " ".join(["nothing"] * 300)
    text = f"she hid the bills from me. {filler}. she'd hide it all from me"
    assert match("hide * * from me", text) == ["hid the bills from me", "hide it all from me"]


@pytest.mark.parametrize(
    "phrase, text",
    [
        # a noun read as a past tense by the verb rules: "bed" -> "be"
        ("one bed", "The nearest other one is forty minutes away."),
        # a plural read as another word: "ones" -> "on", "uses" -> "us"
        ("the ones", "She carried on the whole time."),
        ("uses", "She told us everything."),
    ],
)
def test_a_function_word_reached_by_suffix_stripping_is_no_form(match, phrase: str, text: str) -> None:
    assert match(phrase, text) == []


def test_a_word_still_matches_its_own_forms_after_the_stripping_guard(match) -> None:
    assert match("one bed", "We shared one bed at the conference.") == ["one bed"]
    assert match("best", "She is the best.") == ["best"]
