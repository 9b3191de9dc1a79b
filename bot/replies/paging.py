"""Split a rendered reply into Discord-sized pages, each ending with the disclaimer.

Why every page: a page can be quoted, forwarded or read on its own (a thread
preview shows only one), and the disclaimer must travel with it.
"""
from __future__ import annotations

import unicodedata

DISCORD_LIMIT = 2000
PAGE_GAP = "\n\n"
# Coarsest first: paragraphs, then lines, then words. Only a single "word"
# longer than a page (impossible for clipped user text) is ever cut inside.
_SEPARATORS = ("\n\n", "\n", " ")


def discord_len(text: str) -> int:
    """Length as Discord counts it in the worst case (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def paginate(body: str, footer: str, limit: int = DISCORD_LIMIT) -> tuple[str, ...]:
    """Pages of `body`, each followed by `footer`, each at most `limit` long."""
    room = limit - discord_len(PAGE_GAP + footer)
    if room < 100:
        raise ValueError(f"footer too long for a page: {discord_len(footer)} characters")
    chunks = [c for c in (p.strip() for p in split_text(body.strip(), room)) if c]
    if not chunks:
        return (footer,)
    return tuple(c + PAGE_GAP + footer for c in chunks)


def split_text(text: str, limit: int, level: int = 0) -> list[str]:
    """Cut text into pieces of at most `limit`, at the coarsest boundary that works."""
    if discord_len(text) <= limit:
        return [text]
    if level == len(_SEPARATORS):
        return _hard_split(text, limit)
    sep = _SEPARATORS[level]
    pages: list[str] = []
    current: str | None = None
    for unit in text.split(sep):
        for i, piece in enumerate(split_text(unit, limit, level + 1)):
            # Only a unit's first piece may join the page before it with `sep`:
            # later pieces continue that unit across a page break.
            if current is not None and i == 0 and discord_len(current + sep + piece) <= limit:
                current = current + sep + piece
            else:
                if current is not None:
                    pages.append(current)
                current = piece
    if current is not None:
        pages.append(current)
    return pages


def _hard_split(text: str, limit: int) -> list[str]:
    pages: list[str] = []
    start = 0
    while start < len(text):
        end, size = start, 0
        while end < len(text) and size + discord_len(text[end]) <= limit:
            size += discord_len(text[end])
            end += 1
        # Never leave an escape's backslash or a mention breaker on the wrong page,
        # nor separate a combining mark from its base.
        while end - start > 1 and end < len(text) and (
            text[end - 1] == "\\" or text[end] == "\u200b" or unicodedata.combining(text[end])
        ):
            end -= 1
        pages.append(text[start:end])
        start = end
    return pages
