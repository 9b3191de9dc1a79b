"""`dual_lexicon`: lemma-based span patterns from knowledge/.

Writes every hit to doc.spans["dual"] (overlaps allowed): label is
"profession", "relationship" or a cue role ("romance", "rural", ...), kb_id is
the knowledge entry id.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..knowledge import Knowledge, cached_knowledge
from ..patterns import TriggerCompiler
from .phrase_index import PhraseIndex

SPANS_KEY = "dual"
ENTITY_LABELS = ("profession", "relationship")
# a profession or relationship is a noun; "I coach", "I counsel" are not
_POSSESSIVES = {"my", "your", "his", "her", "our", "their", "me"}
# "ex-client", "ex-patient": the "ex" is the former service, not a former partner
_SERVED_AFTER_EX = {"client", "clients", "patient", "patients", "student", "students", "pupil", "pupils", "customer", "customers", "counsellee", "trainee", "mentee", "player", "players", "tenant"}
_WEDDING_PARTS = {"best man", "maid of honour", "maid of honor", "matron of honour", "matron of honor"}
_NOT_NOUN = {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "ADV"}


class DualLexicon:
    def __init__(self, nlp: Language, knowledge: Knowledge) -> None:
        self.compiler = TriggerCompiler(nlp)
        self.phrases = PhraseIndex()  # plain phrases, matched on the canonical forms
        self.checks: list[list[tuple[int, frozenset[str]]]] = []  # words that must match as written
        # A Matcher tries every pattern at every token, so the token patterns are
        # split by a word each one requires; a group runs only around that word
        # (most posts have few of them), which keeps the lexicon cheap.
        gated: dict[frozenset[str] | None, list[tuple[str, list[dict[str, Any]]]]] = {}
        groups = [("profession", e) for e in knowledge.professions.values()]
        groups += [("relationship", e) for e in knowledge.relationships.values()]
        groups += [(e.get("role"), e) for e in knowledge.cues.values()]
        groups += [("topic", e) for e in knowledge.concepts.values()]
        compiled = self.compiler.compile(t for _, e in groups for t in e.triggers)
        check_index: dict[tuple[tuple[int, frozenset[str]], ...], int] = {}
        for label, entry in groups:
            key = f"{label}|{entry.id}"
            self.phrases.add(key, (seq for t in entry.triggers for seq in compiled.phrases.get(t, ())))
            # one key per entry and set of checks, not per sequence
            constrained: dict[int, list[list[str]]] = {}
            for t in entry.triggers:
                for seq, checks in compiled.constrained.get(t, ()):
                    index = check_index.setdefault(tuple(checks), len(check_index))
                    constrained.setdefault(index, []).append(seq)
            for index, seqs in constrained.items():
                self.phrases.add(f"{key}|{index}", seqs)
            for t in entry.triggers:
                for pattern in compiled.patterns.get(t, ()):
                    if pattern:
                        gated.setdefault(_gate(pattern), []).append((key, pattern))
        self.checks = [list(checks) for checks in check_index]
        # "a fellow dietitian": any job after "fellow" names a colleague
        self.colleague = "colleague" if "colleague" in knowledge.relationships else None
        # (gate, matcher, the longest pattern in it)
        self.matchers: list[tuple[frozenset[str] | None, Matcher, int]] = []
        for gate, keyed in gated.items():
            matcher = Matcher(nlp.vocab, validate=False)
            by_key: dict[str, list[list[dict[str, Any]]]] = {}
            for key, pattern in keyed:
                by_key.setdefault(key, []).append(pattern)
            for key, patterns in by_key.items():
                matcher.add(key, patterns)
            self.matchers.append((gate, matcher, max(len(pattern) for _, pattern in keyed)))
        # which matchers each word wakes: a post holds a few dozen words, and
        # asking each of the 300 gates whether its words are there was most of
        # the lexicon's time
        self.gated_by: dict[str, list[int]] = {}
        self.ungated = [n for n, (gate, _, _) in enumerate(self.matchers) if gate is None]
        for n, (gate, _, _) in enumerate(self.matchers):
            for word in gate or ():
                self.gated_by.setdefault(word, []).append(n)

    def __call__(self, doc: Doc) -> Doc:
        canon = self.compiler.canon_token
        norms = [canon(token) for token in doc]  # one canonical form per word: "dating", "dated" -> "date"
        for token, norm in zip(doc, norms):
            token.norm_ = norm  # what the token Matcher's NORM patterns compare
        entities: dict[str, list[Span]] = {label: [] for label in ENTITY_LABELS}
        cues: set[tuple[int, int, str, str]] = set()
        # where each word stands, as its norm and as written
        positions: dict[str, list[int]] = {}
        for token, norm in zip(doc, norms):
            positions.setdefault(norm, []).append(token.i)
            if token.lower_ != norm:
                positions.setdefault(token.lower_, []).append(token.i)
        found: set[tuple[int, int, int]] = set()
        awake = set(self.ungated)
        for word in positions:
            awake.update(self.gated_by.get(word, ()))
        for n in sorted(awake):
            gate, matcher, length = self.matchers[n]
            if gate is None:
                found.update(matcher(doc))
                continue
            hits = sorted({i for word in gate.intersection(positions) for i in positions[word]})
            for start, end in _windows(hits, length, len(doc)):
                found.update((m, start + s, start + e) for m, s, e in matcher(doc[start:end]))
        # in position order, as one Matcher over all the patterns would give them
        strings = doc.vocab.strings
        token_matches = [(strings[m], s, e) for m, s, e in sorted(found, key=lambda m: (m[1], m[2], m[0]))]
        for match_key, start, end in [*self.phrases(norms), *token_matches]:
            label, entry_id, *check = match_key.split("|")
            if check and not all(doc[start + i].lower_ in words for i, words in self.checks[int(check[0])]):
                continue  # "is my client" is not "was my client"
            start, end = _trim(doc, start, end)
            if start >= end:
                continue
            if label == "relationship" and end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _SERVED_AFTER_EX:
                continue  # "an ex-client" is a former client, not an ex-partner
            if label == "profession" and start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ("power", "powers"):
                continue  # "a power of attorney" is a document, not a lawyer
            after = end + 1 if end < len(doc) and doc[end].text in ("'", "’") else end  # "the nurses' station"
            if label == "profession" and after < len(doc) and doc[after].lower_ in ("station", "lounge"):
                continue  # "at the nurses station": a place on the ward, not a nurse
            if start > 0 and doc[start - 1].lower_ == "the" and doc[start:end].text.lower() in _WEDDING_PARTS:
                continue  # "the best man" is a part in someone's wedding; "my best man" is a close friend
            if label == "relationship" and start > 2 and doc[start - 1].lower_ == "a" and doc[start - 2].lower_ == "for" and doc[start - 3].lemma_.lower() == "ask":
                continue  # "asking for a friend" is a joke about the poster, not a friend
            if label == "relationship" and end < len(doc) and doc[end].lower_ in ("flat", "annex", "annexe", "smith"):
                continue  # "her granny flat" is a place, not a grandmother
            if label == "profession" and self.colleague and start > 0 and doc[start - 1].lower_ == "fellow":
                label, entry_id, start = "relationship", self.colleague, start - 1
            if label in entities:
                # "I coach" is not a coach; "my cuz" is a cousin whatever the tagger says
                owned = start > 0 and doc[start - 1].lower_ in _POSSESSIVES
                # "only vet for 150 km", "the vet": a determiner before it makes it a noun
                determined = start > 0 and doc[start - 1].lower_ in _DETERMINERS
                # "-ist"/"-ian" words have no verb reading ("hygienist po ako")
                noun_only = doc[end - 1].lower_.endswith(("ist", "ists", "ian", "ians"))
                # a phrase of three words or more ("lives three doors down", "went to
                # school with") is specific enough to keep whatever its last word is
                phrase = label == "relationship" and end - start >= 3
                # "OT doing home visits": an abbreviation in capitals is a title, whatever the tagger says
                abbreviation = end - start == 1 and doc[start].is_upper and 2 <= len(doc[start]) <= 5
                # "I do plumbing on the side": the work named after "do" (tagged a verb) is the job
                activity = label == "profession" and end - start >= 2 and doc[start].lemma_.lower() == "do"
                if doc[end - 1].pos_ in _NOT_NOUN and not (owned or determined or noun_only or phrase or abbreviation or activity or _headline(doc, start, end)):
                    continue
                entities[label].append(Span(doc, start, end, label=label, kb_id=entry_id))
            elif label == "former" and doc[start].lower_ == "old" and start > 0 and doc[start - 1].text == "-":
                continue  # "a 6-year-old patient" is an age, not an old patient
            elif label == "insular" and doc[start:end].text.lower() == "settlement" and start > 0 and doc[start - 1].lower_ in _SETTLED_MATTERS:
                continue  # "my divorce settlement" is money agreed, not a community
            elif label in ("client", "intake") and _idiom(doc, start, end):
                continue  # "treated as a red flag", "in most cases", "for the record": nobody is served
            else:
                cues.add((start, end, label, entry_id))
        professions = [_disambiguate(s) for s in filter_spans(entities["profession"])]
        taken = {i for s in professions for i in range(s.start, s.end)}
        relationships = [
            s for s in filter_spans(entities["relationship"])
            if not taken.intersection(range(s.start, s.end))
        ]
        spans = professions + relationships
        spans += [Span(doc, s, e, label=lab, kb_id=kb) for s, e, lab, kb in sorted(cues)]
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc


_CASE_DETERMINERS = {"most", "any", "some", "that", "this", "which", "either", "such", "many", "both", "all", "every", "each"}


_SETTLED_MATTERS = {"divorce", "financial", "court", "cash", "insurance", "legal", "final", "tax", "debt", "injury", "compensation", "property"}


def _idiom(doc: Doc, start: int, end: int) -> bool:
    """Client and intake words in phrases that name no service: "is treated as
    a red flag" (regarded), "in most cases", "just in case", "for the record"."""
    if end - start != 1:
        return False
    tok = doc[start]
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if tok.lemma_.lower() == "treat" and after in ("as", "like"):
        return True
    if tok.lemma_.lower() == "case":
        return before == "in" or (before in _CASE_DETERMINERS and start > 1 and doc[start - 2].lower_ == "in")
    if tok.lower_ == "record" and before == "the" and start > 1 and doc[start - 2].lower_ in ("for", "on", "off"):
        return True  # "for the record", "on the record": a way of speaking, not a chart
    return False


# "PT" is a physical therapist in a clinic and a personal trainer at the gym
_GYM_WORDS = {"par-q", "parq", "bike", "treadmill", "weights", "cardio", "train", "trains", "gym", "trainer", "training", "workout", "workouts", "hiit", "program", "programme", "lifting", "deadlift", "deadlifts", "reps", "sets", "squat", "squats", "fitness", "crossfit", "bootcamp", "fit", "fitter", "stamina"}


def _disambiguate(span: Span) -> Span:
    if span.text.lower() in ("pt", "pts") and span.kb_id_ == "physical_therapist":
        doc = span.doc
        clinical = any(t.lower_ in ("physical", "physio", "physiotherapist", "rehab", "clinic", "patient", "patients") for t in doc)
        trainer = "personal trainer" in doc.text.lower()  # "PT (personal trainer, not physio)"
        if trainer or (not clinical and any(t.lower_ in _GYM_WORDS for t in doc)):
            return Span(doc, span.start, span.end, label=span.label_, kb_id="personal_trainer")
    if span.text.lower() == "counsel" and span.kb_id_ == "counselor":
        # "fire me as counsel": the noun is a lawyer; only "counselling" is the therapy
        return Span(span.doc, span.start, span.end, label=span.label_, kb_id="lawyer")
    return span


_DETERMINERS = {"a", "an", "the", "only", "sole", "local", "another", "our", "your", "their", "his", "her"}
_HEADLINE_NEXT = {"here", "in", "at", "from", "on", ",", ".", ":", "-", "(", "and", "of", "out", "near", "based"}


def _headline(doc: Doc, start: int, end: int) -> bool:
    """"Vet here.", "Urologist in Kochi.": a capitalised job title opening a
    sentence names the poster, whatever the tagger made of it."""
    first = doc[start]
    return (
        first.is_sent_start
        # "barber in Peckham." opening a lower-case post counts as much as "Barber in Peckham."
        and (first.is_title or (first.is_upper and len(first) > 1) or start == 0)
        and (end == len(doc) or doc[end].lower_ in _HEADLINE_NEXT)
    )


def _windows(hits: list[int], length: int, size: int) -> list[tuple[int, int]]:
    """The stretches of a post a gated Matcher needs to see: every match holds
    one of its gate words, so it lies within `length` - 1 tokens of one. A
    Matcher walks every token it is given, and most posts are far longer than
    the few words around a gate word, so this keeps the lexicon cheap."""
    out: list[tuple[int, int]] = []
    for i in hits:
        start, end = max(0, i - length + 1), min(size, i + length)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# words in nearly every post: a gate made of them would open a window almost
# everywhere, so a pattern is gated on one of these only when it has nothing else
_EVERYWHERE = frozenset({"i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "we", "us", "our", "they",
                         "them", "their", "it", "be", "have", "do", "the", "a", "an", "to", "of", "and", "in", "on",
                         "for", "with", "that", "this", "there", "not", "n't", "'s", "will", "would", "can", "'ll", "'d"})


def _gate(pattern: list[dict[str, Any]]) -> frozenset[str] | None:
    """The words one required token of a pattern may be (the fewest of any,
    rare words before everyday ones), or None when no token is required by
    its words."""
    choices = []
    for token in pattern:
        if token.get("OP") in ("?", "*"):
            continue
        for attr in ("NORM", "LOWER"):
            value = token.get(attr)
            if isinstance(value, str):
                choices.append(frozenset([value]))
            elif isinstance(value, dict) and "IN" in value:
                choices.append(frozenset(value["IN"]))
    return min(choices, key=lambda words: (bool(words & _EVERYWHERE), len(words))) if choices else None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop wildcard tokens that a `*` let in at the edges of a match."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


@Language.factory(
    "dual_lexicon",
    default_config={"knowledge_dir": ""},
    requires=["token.lemma", "token.pos"],
    assigns=["doc.spans"],
)
def make_dual_lexicon(nlp: Language, name: str, knowledge_dir: str) -> DualLexicon:
    return DualLexicon(nlp, cached_knowledge(knowledge_dir))
