"""Compile trigger phrases (knowledge/README.md) into spaCy Matcher patterns.

Posts are matched on NORM, which the lexicon component sets to the lower-cased
lemma. A trigger word matches its own lower-case form, its lemma, and its
regular inflections, so "date" finds "dating" even when the tagger reads it as
a noun and keeps "dating" as the lemma.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety hundred thousand a an few several couple"
).split()


def inflections(word: str) -> set[str]:
    """Regular English inflections of a base form (over-generation is harmless)."""
    w = word.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "'s"}
    if w.endswith("e") and len(w) > 2:
        forms |= {w[:-1] + "ing"}
    if w.endswith("y") and len(w) > 2:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # flirt -> no; pat -> patted
    return forms


class TriggerCompiler:
    """Turns trigger phrases into Matcher token patterns, using the model's own
    tokenizer (so "brother-in-law" splits as posts do) and lemmatizer."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._lemma_cache: dict[str, str] = {}

    def _lemmas(self, words: Iterable[str]) -> None:
        todo = sorted({w for w in words if w not in self._lemma_cache})
        if not todo:
            return
        # The parser is not needed for a word's lemma; the tagger is.
        with self.nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in self.nlp.pipe_names]):
            for word, doc in zip(todo, self.nlp.pipe(todo, batch_size=256)):
                self._lemma_cache[word] = " ".join(t.lemma_.lower() for t in doc)

    def _token_forms(self, word: str) -> list[str]:
        forms = inflections(word)
        lemma = self._lemma_cache.get(word)
        if lemma and " " not in lemma:
            forms.add(lemma)
        return sorted(forms)

    def compile(self, phrases: Iterable[str]) -> dict[str, list[list[dict[str, Any]]]]:
        """phrase -> list of alternative token patterns."""
        phrases = list(phrases)
        words: set[str] = set()
        split: dict[str, list[list[str]]] = {}
        for phrase in phrases:
            chunks = []
            for chunk in phrase.split():
                if chunk in ("*", "#NUM"):
                    chunks.append([chunk])
                    continue
                optional = chunk.endswith("?") and len(chunk) > 1
                body = chunk[:-1] if optional else chunk
                alts = [a for a in body.split("|") if a]
                toks = [[t.text.lower() for t in self.nlp.tokenizer(a)] for a in alts]
                words.update(t for ts in toks for t in ts)
                chunks.append(["?" if optional else "", *["\x00".join(ts) for ts in toks]])
            split[phrase] = chunks
        self._lemmas(words)
        return {p: self._patterns(chunks) for p, chunks in split.items()}

    def _patterns(self, chunks: list[list[str]]) -> list[list[dict[str, Any]]]:
        # An alternation whose options tokenize to different lengths expands
        # into several patterns; the common case is one pattern.
        patterns: list[list[dict[str, Any]]] = [[]]
        for chunk in chunks:
            if chunk == ["*"]:
                patterns = [p + [{"OP": "?"}] for p in patterns]
                continue
            if chunk == ["#NUM"]:
                num = {"LIKE_NUM": True}
                patterns = [p + [num] for p in patterns]
                continue
            op, *alts = chunk
            by_len: dict[int, list[list[str]]] = {}
            for alt in alts:
                toks = alt.split("\x00")
                by_len.setdefault(len(toks), []).append(toks)
            expanded = []
            for toks_list in by_len.values():
                seq = []
                for i in range(len(toks_list[0])):
                    forms = sorted({f for toks in toks_list for f in self._token_forms(toks[i])})
                    tok: dict[str, Any] = {"NORM": {"IN": forms}}
                    seq.append(tok)
                if op == "?" and len(seq) == 1:
                    seq[0]["OP"] = "?"
                expanded.append(seq)
            patterns = [p + seq for p in patterns for seq in expanded]
        return patterns
