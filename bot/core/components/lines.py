"""`line_breaks`: a list item or a new paragraph starts a new sentence, set
before the parser.

Posts on Discord are often lists ("- former client, therapy ended in 2021" on
one line, "- we matched on a dating app" on the next). The small English model
parses such a list as one long sentence, so a word on one line ends up in the
clause of another ("ended" read as ending the match). The parser keeps any
sentence start set before it runs, so marking the first word of a list item,
of a paragraph, or of a line after one that ended a sentence is enough. A
line wrapped mid-sentence ("in a small\ntown") is left to the parser.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

_LIST_MARKER = re.compile(r"^(?:[-*•·>]|\d{1,2}[.)])$")
_ENDS_A_SENTENCE = set(".!?:;)")


def _starts_a_line(tok: Token) -> bool:
    """The word opens a list item, a paragraph, or a line after a finished sentence."""
    doc = tok.doc
    gap = doc[tok.i - 1]
    if not (gap.is_space and "\n" in gap.text):
        return False  # spaCy gives a line break its own whitespace token
    numbered = tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].text in (".", ")")  # "2. second"
    if "\n\n" in gap.text.replace("\r", "") or _LIST_MARKER.match(tok.text) or numbered:
        return True
    before = next((t for t in reversed(doc[: gap.i]) if not t.is_space), None)
    return before is None or before.text[-1] in _ENDS_A_SENTENCE or bool(_LIST_MARKER.match(before.text))


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    for tok in doc[1:]:
        if not tok.is_space and _starts_a_line(tok):
            tok.is_sent_start = True
    return doc
