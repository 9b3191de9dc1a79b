"""Turn knowledge entries and analyzer results into plain data for templates.

Knowledge text becomes `Trusted`; user text (quotes, notes, names) stays plain
str, cleaned and clipped here, and is escaped when a template prints it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from bot.core.assessment import Assessment, Finding
from bot.core.knowledge import Entry

from .sanitize import Trusted, clean, clip
from .types import CuratedNote, FeaturedNote

log = logging.getLogger(__name__)

QUOTE_LIMIT = 90  # characters of one quoted piece of evidence
QUOTES_PER_FINDING = 2
NOTE_NAME_LIMIT = 80
NOTE_AUTHOR_LIMIT = 64
NOTE_BODY_LIMIT = 400
EXCERPT_LIMIT = 300
NOTES_SHOWN = 3

_JUMP_URL = re.compile(
    r"^https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/(?:\d+|@me)/\d+/\d+$"
)


@dataclass(frozen=True)
class Card:
    """One knowledge entry, all text trusted."""

    id: str
    title: Trusted
    summary: Trusted
    explain: Trusted
    section: Trusted
    triggers: tuple[Trusted, ...]


def card(entry: Entry) -> Card:
    return Card(
        id=entry.id,
        title=Trusted(entry.title),
        summary=Trusted(entry.summary),
        explain=Trusted(entry.explain or entry.summary),
        section=Trusted(entry.section),
        triggers=tuple(Trusted(t) for t in entry.triggers),
    )


def cards(entries: Mapping[str, Entry], ids: Iterable[str] | None = None) -> list[Card]:
    """Cards for these ids (all entries if None), skipping unknown ids with a warning."""
    if ids is None:
        return [card(e) for e in entries.values()]
    found = []
    for i in dict.fromkeys(ids):  # drop repeats, keep order
        if i in entries:
            found.append(card(entries[i]))
        else:
            log.warning("no knowledge entry %r; left out of the reply", i)
    return found


@dataclass(frozen=True)
class FindingView:
    """A flagged risk or exception with the words of the post that triggered it."""

    card: Card
    quotes: tuple[str, ...]  # user text: cleaned and clipped, escaped when printed


def findings(entries: Mapping[str, Entry], found: Iterable[Finding]) -> list[FindingView]:
    views = []
    for f in found:
        if f.id not in entries:
            log.warning("analyzer flagged unknown id %r; left out of the reply", f.id)
            continue
        views.append(FindingView(card(entries[f.id]), quotes(f.quotes())))
    return views


def quotes(texts: Iterable[str], limit: int = QUOTE_LIMIT, most: int = QUOTES_PER_FINDING) -> tuple[str, ...]:
    """Short one-line quotes, repeats dropped."""
    seen: dict[str, str] = {}
    for t in texts:
        q = clip(clean(t), limit)
        if q and q.casefold() not in seen:
            seen[q.casefold()] = q
    return tuple(seen.values())[:most]


def _lower_first(title: str) -> str:
    # "Dentist" -> "dentist" mid-sentence, but keep acronyms like "EMT".
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def label(entries: Mapping[str, Entry], entry_id: str) -> Trusted | str:
    """Human name of a lexicon id: its knowledge title, else the id made readable (untrusted)."""
    entry = entries.get(entry_id)
    if entry is not None:
        return Trusted(_lower_first(entry.title))
    return entry_id.replace("_", " ").replace(".", " ").strip()


# Mention kinds (cue roles of cues.toml) that describe where the scenario happens.
_SETTING_KINDS = ("setting", "rural", "insular")


@dataclass(frozen=True)
class Understood:
    """What the analyzer read in the post, for the first line of a scenario reply."""

    professional: Trusted | str | None
    group: str | None
    is_poster: bool | None
    relationships: tuple[Trusted | str, ...]
    settings: tuple[Trusted | str, ...]
    timing: str | None
    truncated: bool
    unsure: bool


def understood(a: Assessment, professions: Mapping[str, Entry], relationships: Mapping[str, Entry],
               cues: Mapping[str, Entry], exceptions: Mapping[str, Entry]) -> Understood:
    rels: dict[str, Trusted | str] = {}
    for m in a.relationships:
        if m.negated:
            continue
        name = label(relationships, m.id)
        if "'s " in m.text or " of " in m.text:
            # "my best friend's husband": the chain says more than the last link's title
            rels.setdefault(m.text.lower(), m.text)
            continue
        rels.setdefault(m.id, Trusted("former " + name) if m.former and isinstance(name, Trusted) else name)
    settings = [label(cues, m.id) for m in a.mentions if m.kind in _SETTING_KINDS and not m.negated]
    if not settings:  # the exception itself says what the setting is
        settings = [Trusted(_lower_first(exceptions[f.id].title)) for f in a.exceptions if f.id in exceptions]
    return Understood(
        professional=label(professions, a.profession) if a.profession else None,
        group=a.profession_group,
        is_poster=a.professional_is_poster,
        relationships=tuple(rels.values()),
        settings=tuple(dict.fromkeys(settings)),
        timing=a.timing,
        truncated=a.truncated,
        unsure=a.confidence < 0.5,
    )


@dataclass(frozen=True)
class RuleView:
    code: Trusted
    rule: Trusted
    title: Trusted
    summary: Trusted
    limit: Trusted | None  # None when the code sets no time limit


def rule_view(entry: Entry) -> RuleView:
    limit = str(entry.get("limit", "")).strip()
    return RuleView(
        code=Trusted(entry.get("code")),
        rule=Trusted(entry.get("rule")),
        title=Trusted(entry.title),
        summary=Trusted(entry.summary),
        limit=Trusted(limit) if limit not in ("", "-", "—") else None,
    )


@dataclass(frozen=True)
class NoteView:
    name: str
    body: str
    author: str


def notes(curated: Iterable[CuratedNote]) -> list[NoteView]:
    return [
        NoteView(
            name=clip(clean(n.name), NOTE_NAME_LIMIT),
            body=clip(clean(n.body), NOTE_BODY_LIMIT),
            author=clip(clean(n.author), NOTE_AUTHOR_LIMIT),
        )
        for n in list(curated)[:NOTES_SHOWN]
    ]


@dataclass(frozen=True)
class FeaturedView:
    author: str
    excerpt: str
    jump_url: Trusted | None  # only a well-formed Discord message link is kept


def featured(note: FeaturedNote | None) -> FeaturedView | None:
    if note is None:
        return None
    url = (note.jump_url or "").strip()
    if url and not _JUMP_URL.match(url):
        log.warning("featured note has a jump_url that is not a Discord message link; dropped")
        url = ""
    return FeaturedView(
        author=clip(clean(note.author), NOTE_AUTHOR_LIMIT),
        excerpt=clip(clean(note.excerpt), EXCERPT_LIMIT),
        jump_url=Trusted(url) if url else None,
    )
