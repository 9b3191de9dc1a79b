"""`PhraseIndex`: the lexicon's plain phrases, as a dict keyed by word tuples.

Every plain trigger expands into each form of each of its words (about 76,000
distinct word sequences). spaCy's `PhraseMatcher` stores a pattern as a trie
of small C hash maps, each allocation also tracked in a Python dict, plus a
Python set of the hashes: with these phrases the analyzer took 264 MB at
load, and 182 to 194 MB with this dict from the word tuple to the keys it
names (about 11 MB of it, measured alone).

Matching needs no hashing of our own: the lexicon already holds each token's
canonical form as a string, and a lookup per start position and phrase length
(only at words that begin some phrase) costs about 0.03 ms a post.
The results are what a `PhraseMatcher` on `NORM` gives: every match at every
start, shorter before longer, each key once.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence


class PhraseIndex:
    def __init__(self) -> None:
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        # the longest phrase starting with each word: most words start none
        self._longest: dict[str, int] = {}

    def add(self, key: str, phrases: Iterable[Sequence[str]]) -> None:
        for phrase in phrases:
            if not phrase:
                continue
            # the same words recur across thousands of phrases: share one string each
            words = tuple(sys.intern(word) for word in phrase)
            keys = self._keys.get(words, ())
            if key not in keys:
                self._keys[words] = (*keys, key)
            if len(words) > self._longest.get(words[0], 0):
                self._longest[words[0]] = len(words)

    def __len__(self) -> int:
        return len(self._keys)

    def __call__(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        """(key, start, end) of every phrase found in `words`."""
        found: list[tuple[str, int, int]] = []
        n = len(words)
        for start, word in enumerate(words):
            longest = self._longest.get(word)
            if longest is None:
                continue
            for end in range(start + 1, min(start + longest, n) + 1):
                for key in self._keys.get(tuple(words[start:end]), ()):
                    found.append((key, start, end))
        return found
