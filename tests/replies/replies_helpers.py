"""Helpers for the replies tests: hand-built Assessments and reply invariants.

Assessments are built directly, so these tests do not depend on the analyzer.
"""
from __future__ import annotations

import re
from typing import Any

from bot.core.assessment import Assessment, Evidence, Finding, Mention
from bot.replies import Renderer, Reply
from bot.replies.paging import DISCORD_LIMIT, discord_len


def finding(fid: str, *quotes: str) -> Finding:
    return Finding(fid, tuple(Evidence(q, 0, len(q)) for q in quotes))


def make_assessment(**kw: Any) -> Assessment:
    """A scenario Assessment with sensible defaults; keywords override."""
    base: dict[str, Any] = dict(
        text="My brother-in-law is my dentist.",
        intent="scenario",
        confidence=0.9,
        profession="dentist",
        profession_group="medical",
        professional_is_poster=True,
        relationships=(Mention("relationship", "in_law", "brother-in-law", 3, 17),),
        risks=(finding("clouded_judgment", "my brother-in-law"),),
        verdict="caution",
        verdict_rule=5,
        safeguards=("be_open", "clarify_role"),
    )
    base.update(kw)
    return Assessment(**base)


DISCLAIMER_PHRASE = "not legal or clinical advice"
_ALLOWED_ZWSP = re.compile("@\u200b|:/\u200b/|\u200b/")
_INVISIBLE = re.compile("[\u200c-\u200f\u202a-\u202e\u2066-\u2069\u2060\ufeff]")
_LIVE_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")


def assert_sendable(reply: Reply, renderer: Renderer) -> None:
    """The invariants of every reply: Discord-sized pages, each ending with the disclaimer."""
    assert isinstance(reply, Reply) and reply.pages
    assert DISCLAIMER_PHRASE in renderer.disclaimer
    for page in reply.pages:
        assert discord_len(page) <= DISCORD_LIMIT
        assert page.endswith(renderer.disclaimer)
        assert page.strip() != renderer.disclaimer or len(reply.pages) == 1


def assert_inert(reply: Reply) -> None:
    """Nothing in the reply can ping, hide text or switch direction."""
    for page in reply.pages:
        assert not _LIVE_MENTION.search(page), page
        assert "```" not in page
        assert not _INVISIBLE.search(page)
        assert "\u200b" not in _ALLOWED_ZWSP.sub("", page)
