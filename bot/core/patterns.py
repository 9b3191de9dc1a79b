"""Compile trigger phrases (knowledge/README.md) for spaCy's matchers.

The lexicon component writes each word's lower-cased lemma into NORM. A
trigger word matches a post's word when that lemma is the trigger word itself,
one of its lemmas as any part of speech ("best" -> "good"; not a function word
only suffix stripping reaches, "bed" -> "be"), or one of its -ing forms (the
tagger sometimes reads "dating" as a noun and keeps the -ing).
Plain phrases expand into those few alternatives and go to the lexicon's
dict of word sequences (components/phrase_index.py). Words that must match as
written (tense words like "was", and `=word`) ride along in the same dict and
are checked on LOWER after a match. Phrases with wildcards (`*`, `word?`,
`#NUM`) need the token-by-token Matcher, and so do the few whose alternatives
would expand into hundreds of phrases. The lexicon
groups those patterns by a word each requires and runs a group only on posts
that contain it, which keeps it cheaper than the base model's own parser.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from typing import Any

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

MAX_EXPANSIONS = 512  # alternation products per phrase; more is a typo, not a pattern
# a clitic alone is lemmatized as the possessive, but in a post "there's",
# "it's", "let's" lemmatize to the verb or pronoun they stand for
_CLITIC_LEMMAS = {"'s": {"be", "us"}}
_TITLES = {"dr.", "drs."}
_PRONOUNS = {"i", "me", "he", "him", "she", "her", "we", "us", "they", "them"}
PHRASE_LIMIT = 256  # above this many expanded phrases a trigger becomes one Matcher pattern (load time vs speed, measured)


def inflections(word: str) -> set[str]:
    """Regular English inflections of a base form (over-generation is harmless)."""
    w = word.lower()
    forms = {w, w + "s", w + "ed", w + "ing", w + "'s"}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    if w.endswith("e") and len(w) > 2:
        forms |= {w + "d", w[:-1] + "ing"}
    if w.endswith("y") and len(w) > 2:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # pat -> patted
    return forms


@dataclass
class CompiledTriggers:
    phrases: dict[str, list[list[str]]] = field(default_factory=dict)  # phrase -> lemma sequences (match NORM)
    # phrase -> (lemma sequence, [(position, words it must be as written)]): matched
    # on NORM like the rest, then checked on LOWER ("was my client")
    constrained: dict[str, list[tuple[list[str], list[tuple[int, frozenset[str]]]]]] = field(default_factory=dict)
    patterns: dict[str, list[list[dict[str, Any]]]] = field(default_factory=dict)  # phrase -> Matcher patterns


class TriggerCompiler:
    """Turns trigger phrases into canonical word sequences and Matcher patterns,
    using the model's own tokenizer (so "brother-in-law" splits as posts do)
    and lemmatizer."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.alternatives: dict[str, list[str]] = {}
        # words whose tense is the point ("was", "gave"), matched as written on
        # LOWER wherever they appear; a trigger's own "=word" is exact only there
        self.exact: set[str] = set()

    @staticmethod
    def canon_token(token: Token) -> str:
        lemma = token.lemma_.lower()
        # "Dr." is one token in a post but "dr" "." in a trigger: a title's
        # period is dropped so "dr" names it either way
        return lemma[:-1] if lemma in _TITLES else lemma

    def word_forms(self, word: str) -> list[str]:
        return self.alternatives.get(word, [word])

    def _build_alternatives(self, words: set[str]) -> None:
        todo = sorted(words)
        pipes = [p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in self.nlp.pipe_names]
        with self.nlp.select_pipes(enable=pipes):  # a word's lemma needs the tagger, not the parser
            for word, doc in zip(todo, self.nlp.pipe(todo, batch_size=256)):
                lemma = doc[0].lemma_.lower() if len(doc) == 1 else word
                tag = doc[0].tag_ if len(doc) == 1 else ""
                if (lemma != word and tag in ("VBD", "VBN", "VBZ")) or word in _PRONOUNS:
                    # "was", "used", "gave": the tense is the point, so the word must
                    # match as written ("was my client" is not "is my client"); a
                    # pronoun too, since "me" and "I" share a lemma ("give me" is not "given I")
                    self.exact.add(word)
                forms = {word, lemma} | {f for f in inflections(word) if f.endswith("ing")}
                # a function word reached only by a rule for another part of speech
                # is an accident of suffix stripping ("bed" -> "be", "ones" -> "on",
                # "uses" -> "us"), and would match the commonest words of a post
                forms |= {f for f in self._lemmas_by_pos(word, tag) if f == lemma or f not in self.nlp.Defaults.stop_words}
                forms |= _CLITIC_LEMMAS.get(word, set())
                self.alternatives[word] = sorted(forms)

    def _lemmas_by_pos(self, word: str, tag: str) -> set[str]:
        """The word's lemma as each part of speech it may be read as in a post:
        "best" as "good" or "well", "lent" as "lend"."""
        lemmatizer = self._rule_lemmatizer
        if lemmatizer is None:
            return set()
        out: set[str] = set()
        doc = Doc(self.nlp.vocab, words=[word])
        for pos in ("NOUN", "VERB", "ADJ", "ADV"):
            doc[0].pos_ = pos
            out.update(lemma.lower() for lemma in lemmatizer.rule_lemmatize(doc[0]))
        # the verb rules read agent nouns as verbs ("worker" -> "work", a job is
        # not its verb) and strip -ing from nouns ("thing" -> "th", "the")
        return {
            lemma for lemma in out
            if not (word.startswith(lemma) and word[len(lemma):] in ("er", "r", "ers", "or", "ors"))
            and not (word.endswith("ing") and word.startswith(lemma) and len(lemma) <= 3)
        }

    @cached_property
    def _rule_lemmatizer(self) -> Lemmatizer | None:
        """The model's rule lemmatizer with its word index held in sets.

        spaCy keeps the index as lists, so each rule_lemmatize call scans
        thousands of words; asked for every trigger word under four parts of
        speech, that was a quarter of start-up. Same tables, same code, sets."""
        if "lemmatizer" not in self.nlp.pipe_names:
            return None
        model = self.nlp.get_pipe("lemmatizer")
        if getattr(model, "mode", None) != "rule" or not hasattr(model, "rule_lemmatize"):
            return None
        lookups = Lookups()
        for name in model.lookups.tables:
            table = model.lookups.get_table(name)
            if name == "lemma_index":
                lookups.add_table(name, {key: set(words) for key, words in table.items()})
            else:
                lookups.add_table(name, dict(table.items()))
        fast = Lemmatizer(self.nlp.vocab, None, mode="rule")
        fast.lookups = lookups
        return fast

    # -- phrases ----------------------------------------------------------------
    def compile(self, phrases: Iterable[str]) -> CompiledTriggers:
        phrases = list(dict.fromkeys(phrases))
        split: dict[str, list[list[str]]] = {}
        words: set[str] = set()
        for phrase in phrases:
            chunks: list[list[str]] = []
            for chunk in phrase.split():
                if chunk in ("*", "#NUM"):
                    chunks.append([chunk])
                    continue
                optional = chunk.endswith("?") and len(chunk) > 1
                body = chunk[:-1] if optional else chunk
                exact = body.startswith("=") and len(body) > 1
                body = body[1:] if exact else body
                alts = []
                for alt in (a for a in body.split("|") if a):
                    if alt.startswith("-"):  # "-speaking" is split off a word in posts: "somali", "-", "speaking"
                        toks = [t.text.lower() for t in self.nlp.tokenizer("x" + alt)][1:]
                    else:
                        toks = [t.text.lower() for t in self.nlp.tokenizer(alt)]
                    words.update(toks)
                    alts.append("\x00".join("=" + t if exact else t for t in toks))
                chunks.append(["?" if optional else "", *alts])
            split[phrase] = chunks
        self._build_alternatives(words)
        out = CompiledTriggers()
        for phrase, chunks in split.items():
            tokens = [w for c in chunks for alt in c[1:] for w in alt.split("\x00")]
            exact = any(w in self.exact for w in tokens)
            if any(c[0] in ("*", "#NUM", "?") for c in chunks):
                out.patterns[phrase] = self._patterns(chunks)  # wildcards need the token-by-token Matcher
            elif self._expansion(chunks) > PHRASE_LIMIT:
                # "the whole village|town|ward know|talk" would be hundreds of
                # phrases; one token pattern with a set per position loads faster
                out.patterns[phrase] = self._patterns(chunks)
            elif exact or any(w.startswith("=") for w in tokens):
                out.constrained[phrase] = self._constrained(chunks)
            else:
                out.phrases[phrase] = self._sequences(chunks)
        return out

    def _expansion(self, chunks: list[list[str]]) -> int:
        """How many phrases enumerating every alternative and form would make."""
        total = 1
        for chunk in chunks:
            runs = 0
            for alt in chunk[1:]:
                n = 1
                for w in alt.split("\x00"):
                    n *= len(self.word_forms(w.lstrip("=")))
                runs += n
            total *= max(runs, 1)
        return total

    def _sequences(self, chunks: list[list[str]]) -> list[list[str]]:
        # each chunk: its alternatives (a|b), each a run of words, each word any of its forms
        options = []
        for chunk in chunks:
            runs = []
            for alt in chunk[1:]:
                runs.extend(list(r) for r in product(*(self.word_forms(w) for w in alt.split("\x00"))))
            options.append(runs)
        seqs = []
        for combo in product(*options):
            seqs.append([w for run in combo for w in run])
            if len(seqs) >= MAX_EXPANSIONS:
                break
        return seqs

    def _constrained(self, chunks: list[list[str]]) -> list[tuple[list[str], list[tuple[int, frozenset[str]]]]]:
        options = []
        for chunk in chunks:
            runs = []
            for alt in chunk[1:]:
                words = alt.split("\x00")
                per_word = []
                for w in words:
                    bare = w.lstrip("=")
                    written = frozenset({bare}) if (w.startswith("=") or bare in self.exact) else None
                    per_word.append([(f, written) for f in self.word_forms(bare)])
                runs.extend(list(r) for r in product(*per_word))
            options.append(runs)
        out = []
        for combo in product(*options):
            flat = [pair for run in combo for pair in run]
            seq = [f for f, _ in flat]
            checks = [(i, written) for i, (_, written) in enumerate(flat) if written is not None]
            out.append((seq, checks))
            if len(out) >= MAX_EXPANSIONS:
                break
        return out

    def _patterns(self, chunks: list[list[str]]) -> list[list[dict[str, Any]]]:
        # An alternation whose options tokenize to different lengths expands
        # into several patterns; the common case is one pattern.
        patterns: list[list[dict[str, Any]]] = [[]]
        for chunk in chunks:
            if chunk == ["*"]:
                patterns = [p + [{"OP": "?"}] for p in patterns]
                continue
            if chunk == ["#NUM"]:
                patterns = [p + [{"LIKE_NUM": True}] for p in patterns]
                continue
            op, *alts = chunk
            by_len: dict[int, list[list[str]]] = {}
            for alt in alts:
                toks = alt.split("\x00")
                by_len.setdefault(len(toks), []).append(toks)
            expanded = []
            for toks_list in by_len.values():
                seq: list[dict[str, Any]] = []
                for i in range(len(toks_list[0])):
                    words = {toks[i] for toks in toks_list}
                    if any(w.startswith("=") or w in self.exact for w in words):
                        seq.append({"LOWER": {"IN": sorted(w.lstrip("=") for w in words)}})
                        continue
                    forms = sorted({f for w in words for f in self.word_forms(w)})
                    seq.append({"NORM": forms[0]} if len(forms) == 1 else {"NORM": {"IN": forms}})
                if op == "?" and len(seq) == 1:
                    seq[0]["OP"] = "?"
                expanded.append(seq)
            patterns = [p + seq for p in patterns for seq in expanded][:MAX_EXPANSIONS]
        return patterns
