"""Make any post safe and sane to analyse: a length cap, Unicode clean-up, and
Discord syntax turned into plain words."""
from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 50_000  # documented cap; Discord's own limit is 4,000 for Nitro posts

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_ZALGO = re.compile(r"([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{2,})")
_MENTION = re.compile(r"<(@[!&]?|#)\d+>|@(everyone|here)\b")
_CUSTOM_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_CODE_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*\n?")
_MARKDOWN = re.compile(r"(\*\*|__|~~|\|\||`)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
# spaCy's tokenizer is quadratic on long runs without spaces ("!!!!...", emoji
# walls): repeats are cut to three and any run is broken every 40 characters
_REPEATS = re.compile(r"(\W)\1{3,}")
_LONG_RUN = re.compile(r"(\S{40})(?=\S)")
# chat fillers mid-sentence derail the parser ("my midwife is my best friend's
# mum lol, she..." makes "lol" the attribute); set off by commas they parse
# as the interjections they are
_FILLER = r"(?:lol|lmao|lmfao|rofl|ha(?:ha)+|hehe|tbh|ngl|smh|imo|imho|fwiw)"
_FILLER_BEFORE = re.compile(rf"(?i)(?<=\w)[ \t]+({_FILLER})\b(?!['’])")
_FILLER_AFTER = re.compile(rf"(?i)\b({_FILLER})[ \t]+(?=\w)")

# chat spellings the tagger does not know ("u already know the story", "w/ me
# bc"): spelled out, the parse and the lexicon read them as the words they are
_CHAT = {"u": "you", "ur": "your", "bc": "because", "b/c": "because", "w/": "with", "abt": "about",
         "ppl": "people", "tho": "though", "pls": "please", "plz": "please", "thx": "thanks"}
_CHAT_WORD = re.compile(r"(?i)(?<![\w/'])(?:b/c|w/|u|ur|bc|abt|ppl|tho|pls|plz|thx)(?![\w'/]|\.\w)")


# dialect possessives before the people a post is about ("Ma cousin", "mi
# husband", "me brother"): "my", so the ties are read as the poster's;
# only before those words, since "mi" and "ma" mean other things elsewhere
# ("giving me little paintings" is no possessive: only words for people follow)
_KIN = (r"cousin|brother|sister|husband|wife|son|daughter|mum|mam|mom|mother|da|dad|father|auntie|aunty|aunt|uncle|niece|"
        r"nephew|girlfriend|boyfriend|pal|mate|friend|bes|best|ex|client|patient|neighbour")
_DIALECT_MY = re.compile(rf"(?i)\b(?:ma|mi|mih|me)(?=\s+(?:{_KIN})\b)")
# Scots spellings of common small words the tagger would misread ("ask her oot")
_SCOTS = {"oot": "out", "aboot": "about", "tae": "to", "efter": "after", "noo": "now", "awa": "away", "telt": "told",
          "intae": "into", "dinnae": "don't", "doesnae": "doesn't", "didnae": "didn't", "cannae": "can't",
          "wouldnae": "wouldn't", "couldnae": "couldn't", "isnae": "isn't", "wasnae": "wasn't"}
_SCOTS_WORD = re.compile(r"(?i)\b(?:oot|aboot|tae|efter|noo|awa|telt|intae|dinnae|doesnae|didnae|cannae|wouldnae|couldnae|isnae|wasnae)\b")
# "ken" is "know" only after a Scots negative ("doesnae ken"); elsewhere it may be a name
_SCOTS_KEN = re.compile(r"(?i)(?<=n't )ken\b")
# Caribbean "ent" after a pronoun is "ain't" ("a place I ent showing nobody")
_CARIBBEAN_ENT = re.compile(r"(?i)\b(I|he|she|we|they|you|it)\s+ent\b")


# dropped g's ("he's askin' me to supper", "nothin' doin'"): spelled out, the
# lemmatizer reads the verb. An apostrophe after a word ending in "in" inside
# an open quote ("she calls him 'cousin'") closes the quote, and a few nouns
# end in "in" whatever follows them.
_DROPPED_G = re.compile(r"\b([a-z]{2,}in)'(?![a-z])")
_QUOTE_OPENED = re.compile(r"(?:^|[\s(\[\"])'(?=[a-zA-Z])")
_ENDS_IN_IN = {"cousin", "cabin", "twin", "skin", "chin", "margin", "violin", "admin", "within", "again", "begin", "akin"}


def _g_restored(text: str) -> str:
    def restore(m: re.Match[str]) -> str:
        if m.group(1) in _ENDS_IN_IN:
            return m.group(0)
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()), 0)
        if _QUOTE_OPENED.search(text, start, m.start()):
            return m.group(0)  # the apostrophe may close a quote: left as written
        return m.group(1) + "g"

    return _DROPPED_G.sub(restore, text)


def _spelled_out(word: str, table: dict[str, str] = _CHAT) -> str:
    full = table[word.lower()]
    return full.capitalize() if word[0].isupper() else full


def prepare(text: str) -> tuple[str, bool]:
    """Return (clean text, whether it was cut at MAX_CHARS)."""
    if not isinstance(text, str):
        raise TypeError("post text must be a string")
    # a lone surrogate (an undecodable byte read with surrogateescape) cannot be encoded
    text = text.encode("utf-8", "replace").decode("utf-8")
    # NFKC folds full-width letters and ligatures so "ｔｈｅｒａｐｉｓｔ" reads as
    # "therapist"; it can also expand one character many times ("ﷺ" becomes
    # 18), so the cap is applied after it
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 4])
    truncated = len(text) > MAX_CHARS
    if truncated:
        cut = text.rfind(" ", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    text = _ZALGO.sub("", text)  # stacked combining marks (zalgo)
    text = _INVISIBLE.sub("", text)
    text = _MENTION.sub("someone", text)
    text = _CUSTOM_EMOJI.sub(r"\1", text)
    text = _CODE_FENCE.sub("", text)
    text = _MARKDOWN.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _REPEATS.sub(r"\1\1\1", text)
    text = _LONG_RUN.sub(r"\1 ", text)
    text = _SPACES.sub(" ", text)
    text = _FILLER_AFTER.sub(r"\1, ", _FILLER_BEFORE.sub(r", \1", text))
    text = _CHAT_WORD.sub(lambda m: _spelled_out(m.group(0)), text)
    text = _DIALECT_MY.sub(lambda m: "My" if m.group(0)[0].isupper() else "my", text)
    text = _SCOTS_WORD.sub(lambda m: _spelled_out(m.group(0), _SCOTS), text)
    text = _SCOTS_KEN.sub("know", text)
    text = _CARIBBEAN_ENT.sub(r"\1 ain't", text)
    text = _g_restored(text)
    return text.strip(), truncated
