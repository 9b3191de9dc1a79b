"""Replies of the curation commands, from responses/curation*.j2.

Same machinery as :class:`bot.replies.Renderer`: the sandboxed Jinja
environment that escapes every value unless it is ``Trusted``, the same
pagination, and the renderer's disclaimer at the end of every page. User and
moderator text (names, note bodies, aliases, a post under review) is passed in
as plain ``str`` (escaped by the environment) or, where it may be longer than
the environment's default clip, escaped here with ``escape_user`` and then
marked trusted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from bot.replies import Renderer, Reply
from bot.replies.environment import RESPONSES_DIR, build_environment, check_templates, render
from bot.replies.paging import DISCORD_LIMIT, paginate, split_text
from bot.replies.sanitize import Trusted, clean, clip, escape_user

TEMPLATES = {
    "message": "curation_message.j2",
    "answer": "curation_answer.j2",
    "list": "curation_list.j2",
    "search": "curation_search.j2",
    "review": "curation_review.j2",
    "audit": "curation_audit.j2",
}
MESSAGE_KINDS = (
    "refused_write", "refused_moderator", "guild_only", "added", "edited", "no_change", "removed",
    "aliased", "unaliased", "not_found", "alias_not_found", "bad_target", "conflict", "bad_name",
    "empty_body", "too_long", "reported", "already_reported", "report_unknown", "review_empty",
    "review_confirmed", "review_corrected", "review_skipped", "review_gone", "bad_labels", "featured",
    "feature_not_thread", "feature_bot", "feature_post", "internal",
)
BODY_SHOWN = 1000  # /curate show prints the whole body (the cap of a body)
POST_SHOWN = 1500  # a post under review, clipped
NAME_SHOWN = 100
DETAIL_SHOWN = 120

# Knowledge ids, patterns and audit action names are printed in code spans
# unescaped only when they are made of these characters.
_SAFE_ID = re.compile(r"^[a-z0-9_.:+-]{1,200}$")


def code(text: str) -> Trusted | str:
    """Text for a `code span`: trusted if it is a plain id, else escaped as user text."""
    return Trusted(text) if _SAFE_ID.match(text or "") else text


def when(value: datetime | None) -> Trusted:
    """Our own date format (plain text: works in Discord and the console alike)."""
    return Trusted(value.strftime("%Y-%m-%d %H:%M UTC") if value else "?")


def long_text(text: str, limit: int) -> Trusted:
    """User text longer than the environment's default clip: escaped here, newlines kept."""
    return Trusted(escape_user(text, limit, keep_newlines=True))


def short(text: str, limit: int = NAME_SHOWN) -> str:
    return clip(clean(str(text)), limit)


@dataclass(frozen=True)
class AnswerView:
    name: str
    target: Trusted | str
    target_title: Trusted | None
    body: Trusted
    author: str
    created: Trusted
    updated: Trusted
    uses: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class HistoryView:
    at: Trusted
    action: str
    editor: str
    detail: str


@dataclass(frozen=True)
class ListItem:
    name: str
    target: Trusted | str
    uses: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ReviewItemView:
    reason: str
    reporter: str | None
    created: Trusted


@dataclass(frozen=True)
class LabelsView:
    intent: Trusted
    confidence: int
    group: Trusted | None
    verdict: Trusted | None
    risks: tuple[Trusted, ...]
    exceptions: tuple[Trusted, ...]


@dataclass(frozen=True)
class AuditView:
    at: Trusted
    actor: str
    action: Trusted | str
    detail: str


class CurationRenderer:
    """Renders the curation replies; shares the disclaimer and knowledge of a Renderer."""

    def __init__(self, renderer: Renderer, templates_dir: Path = RESPONSES_DIR) -> None:
        self.renderer = renderer
        self.knowledge = renderer.knowledge
        self._env = build_environment(Path(templates_dir))
        check_templates(self._env, list(TEMPLATES.values()))

    def _reply(self, template: str, /, *, disclaimer: bool = True, **context: Any) -> Reply:
        """Paginated like every reply; guidance (curated notes) carries the disclaimer on
        every page, moderator tooling and short confirmations do not."""
        body = render(self._env, TEMPLATES[template], **context)
        if disclaimer:
            return Reply(paginate(body, self.renderer.disclaimer))
        pages = tuple(p.strip() for p in split_text(body, DISCORD_LIMIT) if p.strip())
        return Reply(pages or ("…",))

    # ------------------------------------------------------------ replies

    def message(self, kind: str, /, **ctx: Any) -> Reply:
        """A short reply. Context values are user text unless listed as trusted below."""
        if kind not in MESSAGE_KINDS:
            kind = "internal"
        values: dict[str, Any] = {
            "kind": kind,
            "name": short(ctx.get("name", "") or ""),
            "other": short(ctx.get("other", "") or ""),
            "target": code(str(ctx.get("target", "") or "")),
            "command": code(str(ctx.get("command", "") or "")),
            "suggestions": [code(s) if kind == "bad_target" else short(s) for s in ctx.get("suggestions", ()) or ()],
            "changes": short(ctx.get("changes", "") or "", 300),
            "length": _int(ctx.get("length")),
            "limit": _int(ctx.get("limit")),
            "shown_limit": _int(ctx.get("shown_limit")),
            # reasons are our own sentences (validation messages); still escaped
            "reason": short(ctx.get("reason", "") or "", 400),
            "open_count": _int(ctx.get("open_count")),
            "pinned": bool(ctx.get("pinned")),
        }
        return self._reply("message", disclaimer=False, **values)

    def answer(self, view: AnswerView, history: Sequence[HistoryView]) -> Reply:
        return self._reply("answer", answer=view, history=list(history))

    def answers_list(self, items: Sequence[ListItem]) -> Reply:
        return self._reply("list", answers=list(items))

    def search(self, query: str, exact: ListItem | None, matches: Sequence[ListItem], did_you_mean: Sequence[str]) -> Reply:
        return self._reply(
            "search", query=short(query), exact=exact, matches=list(matches),
            did_you_mean=[short(n) for n in did_you_mean],
        )

    def review(self, item: ReviewItemView, labels: LabelsView, text: str | None, open_count: int) -> Reply:
        return self._reply(
            "review", disclaimer=False, item=item, labels=labels,
            text=long_text(text, POST_SHOWN) if text and text.strip() else None,
            open_count=open_count,
        )

    def audit(self, entries: Sequence[AuditView]) -> Reply:
        return self._reply("audit", disclaimer=False, entries=list(entries))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
