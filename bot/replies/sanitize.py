"""Make user-controlled text inert for Discord, and mark our own text as trusted.

Every value a template prints goes through `finalize` (see environment.py): a
`Trusted` string is printed as is, anything else is escaped here. So forgetting
a filter can only over-escape, never let a mention or markdown through.
"""
from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
ZWSP = "\u200b"

# Newline-like characters we fold into "\n" before deciding what to keep.
_NEWLINES = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Discord markdown: emphasis, strike, code, spoilers, quotes, headings, lists,
# masked links, and "<" which opens mentions, channels, emoji and timestamps.
_MARKDOWN = re.compile(r"([\\*_~`|>#\-\[\]()<])")
_ORDERED_LIST = re.compile(r"^(\s*\d+)\.", re.MULTILINE)
_SCHEME = re.compile(r"://")
_INVITE = re.compile(r"(?i)\b(discord(?:app)?\.(?:gg|com|io|me))/")


class Trusted(str):
    """Text we wrote (knowledge/, templates, our own rendered output): printed unescaped.

    Any str operation on it (+, join, slicing, .lower()) returns a plain str, so
    text derived from it falls back to being escaped: safe by default.
    """

    __slots__ = ()


def _is_invisible(ch: str) -> bool:
    # Cc: control characters; Cf: format characters (zero-width U+200B-U+200F,
    # bidi embeddings/overrides U+202A-U+202E and isolates U+2066-U+2069,
    # word joiner, BOM, tag characters); Cs: lone surrogates Discord rejects.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Strip invisible and control characters; collapse whitespace (and newlines, unless kept)."""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    text = "".join(ch for ch in text if ch == "\n" or not _is_invisible(ch))
    if keep_newlines:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, at a word boundary, ending with '…'."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # only back off to a space if it keeps most of the text
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def escape_markdown(text: str) -> str:
    text = _MARKDOWN.sub(r"\\\1", text)
    return _ORDERED_LIST.sub(r"\1\\.", text)


def neutralise_mentions(text: str) -> str:
    # A zero-width space after every "@" breaks @everyone, @here and <@id>/<@&id>/<@!id>;
    # "<" is already backslash-escaped, which breaks <#id>, <:emoji:id> and <t:...>.
    return text.replace("@", "@" + ZWSP)


def neutralise_links(text: str) -> str:
    # Discord auto-links anything with a scheme and embeds invites; break both.
    text = _SCHEME.sub(":/" + ZWSP + "/", text)
    return _INVITE.sub(r"\1" + ZWSP + "/", text)


def escape_user(text: str, limit: int | None = None, *, keep_newlines: bool = False) -> str:
    """The one way user text reaches a reply: cleaned, clipped, then made inert."""
    text = clean(text, keep_newlines=keep_newlines)
    if limit is not None:
        text = clip(text, limit)
    return neutralise_links(neutralise_mentions(escape_markdown(text)))


_TITLE_DROP = re.compile(r"[\\*_~`|<>#\[\]@]")


def plain_line(text: str, limit: int) -> str:
    """One line with no markdown or mention characters at all (thread titles, poll text)."""
    text = " ".join(_TITLE_DROP.sub("", clean(text)).split())
    return clip(text, limit)
