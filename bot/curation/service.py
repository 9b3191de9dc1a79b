"""Moderator curation, frontend-neutral: curated answers, the review inbox,
featured community answers and the audit log.

The Discord cog and the console are thin adapters over :class:`CurationService`:
they build an :class:`Actor` for whoever is acting (who, in which server,
moderator or not), call a method, and send the pages of the :class:`Result`
they get back. The same permission checks therefore serve both. Nothing here
imports discord.py.

Permissions
-----------
Reading curated answers (``list``, ``show``, ``search``) is open to anyone in
the server. Writing them, the review inbox, featuring and the audit log are for
moderators: members with the server's moderator role (``/setup moderator``,
guild setting ``moderator_role_id``) or the *Manage Messages* permission. In
the console, the user is a moderator when it runs with ``--moderator``.
Everything is scoped to ``actor.guild_id``: storage filters every query by it,
so a moderator of one server can never see or change another server's answers.

What a frontend supplies
------------------------
A :class:`Platform`: display names for user ids (a curated note is credited to
its author), the text of a message fetched on demand (a post under review, a
featured answer's excerpt) and message links. Texts are fetched when shown and
never stored.

Review inbox and privacy
------------------------
Posts land in the inbox when the analyzer was unsure (confidence below
``review_threshold``, default 0.7, for scenario and lookup replies), when a
member votes 👎 on a reply, or when a member presses "Report assessment".
The inbox stores ids and the reason only. ``/review`` fetches the post text for
display. A moderator's decision is stored as a labelled example
(``storage.add_correction``): **labels only by default**. The post's text is
kept only when the moderator ticks "keep anonymised text" and then supplies
(edits) the text to keep; members' posts are never copied into the database
otherwise, so deleting a post still deletes everything about it. *Confirm*
keeps the bot's labels as the example, *Save correction* keeps the
moderator's labels (and updates the stored labels of the post), *Skip* closes
the item without keeping anything. Leaving an item alone keeps it open.
"""
from __future__ import annotations

import difflib
import functools
import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Literal, Protocol, Sequence

from bot.core.knowledge import EXCEPTION_IDS, GROUPS, RISK_IDS, VERDICT_IDS, Knowledge
from bot.replies import CuratedNote, FeaturedNote, Renderer, Reply
from bot.replies.sanitize import Trusted
from bot.replies.views import NOTE_BODY_LIMIT, NOTES_SHOWN
from bot.storage import (
    AnswerHistory,
    CuratedAnswer,
    ReviewItem,
    ScenarioRecord,
    StorageConflict,
    StorageError,
)
from bot.storage.codec import name_key
from bot.storage.curation import MAX_NAME_LENGTH

from .patterns import TARGET_KINDS, TargetError, Vocabulary
from .render import (
    AnswerView,
    AuditView,
    CurationRenderer,
    HistoryView,
    LabelsView,
    ListItem,
    ReviewItemView,
    code,
    long_text,
    short,
    when,
)

if TYPE_CHECKING:  # pragma: no cover
    from bot.core.assessment import Assessment

log = logging.getLogger(__name__)

__all__ = [
    "Actor",
    "CurationService",
    "Labels",
    "NullPlatform",
    "Platform",
    "Result",
    "ReviewCase",
    "REVIEW_THRESHOLD",
    "MAX_BODY",
]

REVIEW_THRESHOLD = 0.7
MAX_BODY = 1000
AUDIT_SHOWN = 20
HISTORY_SHOWN = 5
CHOICES_MAX = 25  # Discord's autocomplete limit
INTENTS = ("scenario", "lookup", "other")
UNSURE_INTENTS = ("scenario", "lookup")

Status = Literal["ok", "refused", "not_found", "invalid", "conflict", "empty", "error"]
Decision = Literal["confirm", "correct", "skip"]


# ---------------------------------------------------------------- value types


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: the permission model shared by Discord and the console."""

    user_id: int
    guild_id: int | None
    is_moderator: bool = False


def is_moderator(role_ids: Iterable[int], manage_messages: bool, moderator_role_id: int | None) -> bool:
    """The moderator role, or the Manage Messages permission (which admins have)."""
    if manage_messages:
        return True
    return moderator_role_id is not None and int(moderator_role_id) in {int(r) for r in role_ids}


@dataclass(frozen=True, slots=True)
class Labels:
    """What a post is about, as a moderator confirms or corrects it."""

    intent: str
    risks: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    verdict: str | None = None
    profession_group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "risks", tuple(dict.fromkeys(self.risks)))
        object.__setattr__(self, "exceptions", tuple(dict.fromkeys(self.exceptions)))

    @classmethod
    def of(cls, record: ScenarioRecord) -> "Labels":
        return cls(record.intent, tuple(record.risks), tuple(record.exceptions), record.verdict, record.profession_group)

    def problem(self) -> str | None:
        """Why these labels are not valid ids of labels.md, or None."""
        if self.intent not in INTENTS:
            return f"the intent must be one of {', '.join(INTENTS)}."
        unknown = [r for r in self.risks if r not in RISK_IDS]
        if unknown:
            return f"unknown risk {unknown[0]!r} (known: {', '.join(RISK_IDS)})."
        unknown = [e for e in self.exceptions if e not in EXCEPTION_IDS]
        if unknown:
            return f"unknown exception {unknown[0]!r} (known: {', '.join(EXCEPTION_IDS)})."
        if self.verdict is not None and self.verdict not in VERDICT_IDS:
            return f"the verdict must be one of {', '.join(VERDICT_IDS)}, or none."
        if self.profession_group is not None and self.profession_group not in GROUPS:
            return f"the profession group must be one of {', '.join(GROUPS)}, or none."
        return None

    def normalised(self) -> "Labels":
        """Only a scenario has a profession group, risks, exceptions and a verdict."""
        if self.intent == "scenario":
            return self
        return Labels(self.intent)

    def changes_from(self, other: "Labels") -> str:
        parts = []
        for label in ("intent", "verdict", "profession_group"):
            if getattr(self, label) != getattr(other, label):
                parts.append(f"{label} {getattr(other, label)} → {getattr(self, label)}")
        for label in ("risks", "exceptions"):
            old, new = set(getattr(other, label)), set(getattr(self, label))
            if old != new:
                diff = [f"+{x}" for x in sorted(new - old)] + [f"-{x}" for x in sorted(old - new)]
                parts.append(f"{label} {' '.join(diff)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ReviewCase:
    """One inbox item ready to show: its labels and, if it could be fetched, the post text."""

    item: ReviewItem
    record: ScenarioRecord
    labels: Labels
    text: str | None = field(default=None, repr=False)  # fetched for display, never stored
    open_count: int = 0


@dataclass(frozen=True)
class Result:
    """What a command produced: pages to send (privately, for writes and refusals)."""

    status: Status
    pages: tuple[str, ...]
    answer: CuratedAnswer | None = None
    case: ReviewCase | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def content(self) -> str:
        return self.pages[0] if self.pages else ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


class Platform(Protocol):
    """What the frontend knows that storage does not (all optional: None = unknown)."""

    async def display_name(self, guild_id: int, user_id: int) -> str | None: ...

    async def fetch_text(self, channel_id: int, message_id: int) -> str | None: ...

    def jump_url(self, guild_id: int, channel_id: int, message_id: int) -> str | None: ...


class NullPlatform:
    """No names, no texts, no links."""

    async def display_name(self, guild_id: int, user_id: int) -> str | None:
        return None

    async def fetch_text(self, channel_id: int, message_id: int) -> str | None:
        return None

    def jump_url(self, guild_id: int, channel_id: int, message_id: int) -> str | None:
        return None


def _guarded(method: Callable[..., Awaitable[Result]]) -> Callable[..., Awaitable[Result]]:
    """Storage trouble and bugs become a calm reply, never an exception."""

    @functools.wraps(method)
    async def wrapper(self: "CurationService", *args: Any, **kwargs: Any) -> Result:
        try:
            return await method(self, *args, **kwargs)
        except StorageError as exc:
            log.error("curation: %s failed: %s", method.__name__, exc)
            return Result("error", self._pages(self.renderer.error("storage_unavailable")))
        except Exception:
            log.exception("curation: %s failed", method.__name__)
            return Result("error", self._pages(self.renderer.error("internal")))

    return wrapper


# ---------------------------------------------------------------- the service


class CurationService:
    def __init__(
        self,
        storage: Any,
        knowledge: Knowledge,
        renderer: Renderer,
        *,
        platform: Platform | None = None,
        review_threshold: float = REVIEW_THRESHOLD,
    ) -> None:
        self.storage = storage
        self.knowledge = knowledge
        self.renderer = renderer
        self.render = CurationRenderer(renderer)
        self.vocabulary = Vocabulary(knowledge)
        self.platform: Platform = platform or NullPlatform()
        self.review_threshold = review_threshold
        self._names: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------ plumbing

    @staticmethod
    def _pages(reply: Reply) -> tuple[str, ...]:
        return tuple(reply.pages)

    def _say(self, status: Status, kind: str, /, **ctx: Any) -> Result:
        answer = ctx.pop("answer", None)
        return Result(status, self._pages(self.render.message(kind, **ctx)), answer=answer)

    def _check(self, actor: Actor, *, write: bool = False, command: str = "") -> Result | None:
        """None when the actor may go on; else the refusal to send."""
        if actor.guild_id is None:
            return self._say("refused", "guild_only")
        if write and not actor.is_moderator:
            if command:
                return self._say("refused", "refused_moderator", command=command)
            return self._say("refused", "refused_write")
        return None

    async def actor(
        self, guild_id: int | None, user_id: int, *, role_ids: Iterable[int] = (), manage_messages: bool = False
    ) -> Actor:
        """The Actor for a member, given their roles and permission (reads the moderator role setting)."""
        if guild_id is None:
            return Actor(user_id, None, False)
        role_id = None
        if not manage_messages:
            try:
                role_id = (await self.storage.get_guild_settings(guild_id)).moderator_role_id
            except StorageError as exc:
                log.error("curation: cannot read the moderator role of guild %s: %s", guild_id, exc)
        return Actor(user_id, guild_id, is_moderator(role_ids, manage_messages, role_id))

    async def display_name(self, guild_id: int, user_id: int, fallback: str) -> str:
        key = (guild_id, user_id)
        if key in self._names:
            return self._names[key]
        try:
            name = await self.platform.display_name(guild_id, user_id)
        except Exception:
            log.warning("curation: no display name for user %s", user_id, exc_info=True)
            name = None
        if not name:
            return fallback
        if len(self._names) > 5000:
            self._names.clear()
        self._names[key] = name
        return name

    def forget_name(self, guild_id: int, user_id: int) -> None:
        self._names.pop((guild_id, user_id), None)

    # ------------------------------------------------------------ validation helpers

    def _bad_name(self, name: str) -> Result | None:
        cleaned = " ".join(str(name or "").split())
        if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
            return self._say("invalid", "bad_name", limit=MAX_NAME_LENGTH)
        return None

    def _bad_body(self, body: str) -> Result | None:
        if not str(body or "").strip():
            return self._say("invalid", "empty_body")
        if len(body.strip()) > MAX_BODY:
            return self._say("invalid", "too_long", length=len(body.strip()), limit=MAX_BODY)
        return None

    def _parse_target(self, target: str) -> tuple[Any, Result | None]:
        try:
            return self.vocabulary.parse(target), None
        except TargetError as exc:
            return None, self._say("invalid", "bad_target", reason=str(exc), suggestions=exc.suggestions)

    async def _not_found(self, guild_id: int, name: str) -> Result:
        found = await self.storage.search_answers(guild_id, name, limit=3)
        suggestions = list(found.did_you_mean) + [a.name for a in found.matches]
        return self._say("not_found", "not_found", name=name, suggestions=list(dict.fromkeys(suggestions))[:3])

    def _shown_limit(self, body: str) -> int | None:
        return NOTE_BODY_LIMIT if len(body) > NOTE_BODY_LIMIT else None

    # ------------------------------------------------------------ curated answers: writing

    @_guarded
    async def add(self, actor: Actor, name: str, target: str, body: str) -> Result:
        refusal = self._check(actor, write=True)
        if refusal:
            return refusal
        problem = self._bad_name(name) or self._bad_body(body)
        if problem:
            return problem
        parsed, problem = self._parse_target(target)
        if problem:
            return problem
        body = body.strip()
        try:
            answer = await self.storage.add_answer(actor.guild_id, name, parsed.kind, parsed.value, body, actor.user_id)
        except StorageConflict:
            return self._say("conflict", "conflict", name=name)
        return self._say("ok", "added", name=answer.name, target=str(parsed), shown_limit=self._shown_limit(body),
                         answer=answer)

    @_guarded
    async def edit(
        self,
        actor: Actor,
        name: str,
        *,
        body: str | None = None,
        target: str | None = None,
        new_name: str | None = None,
    ) -> Result:
        refusal = self._check(actor, write=True)
        if refusal:
            return refusal
        body = body if body is None or body.strip() else None
        target = target if target is None or target.strip() else None
        new_name = new_name if new_name is None or new_name.strip() else None
        if body is None and target is None and new_name is None:
            return self._say("invalid", "no_change")
        problem = (self._bad_name(new_name) if new_name is not None else None) or (
            self._bad_body(body) if body is not None else None
        )
        if problem:
            return problem
        kind = value = None
        if target is not None:
            parsed, problem = self._parse_target(target)
            if problem:
                return problem
            kind, value = parsed.kind, parsed.value
        try:
            answer = await self.storage.edit_answer(
                actor.guild_id, name, actor.user_id,
                body=body.strip() if body is not None else None,
                target_kind=kind, target=value, new_name=new_name,
            )
        except StorageConflict:
            return self._say("conflict", "conflict", name=new_name or "")
        if answer is None:
            return await self._not_found(actor.guild_id, name)  # type: ignore[arg-type]
        changes = [w for w, v in (("text", body), ("target", target), ("name", new_name)) if v is not None]
        return self._say("ok", "edited", name=answer.name, changes=", ".join(changes),
                         shown_limit=self._shown_limit(body.strip()) if body else None, answer=answer)

    @_guarded
    async def remove(self, actor: Actor, name: str) -> Result:
        refusal = self._check(actor, write=True)
        if refusal:
            return refusal
        answer = await self.storage.get_answer(actor.guild_id, name)
        if answer is None or not await self.storage.remove_answer(actor.guild_id, answer.name, actor.user_id):
            return await self._not_found(actor.guild_id, name)  # type: ignore[arg-type]
        return self._say("ok", "removed", name=answer.name, answer=answer)

    @_guarded
    async def alias(self, actor: Actor, name: str, alias: str) -> Result:
        refusal = self._check(actor, write=True)
        if refusal:
            return refusal
        problem = self._bad_name(alias)
        if problem:
            return problem
        try:
            answer = await self.storage.add_alias(actor.guild_id, name, alias, actor.user_id)
        except StorageConflict:
            return self._say("conflict", "conflict", name=alias)
        if answer is None:
            return await self._not_found(actor.guild_id, name)  # type: ignore[arg-type]
        return self._say("ok", "aliased", name=answer.name, other=" ".join(alias.split()), answer=answer)

    @_guarded
    async def unalias(self, actor: Actor, alias: str) -> Result:
        refusal = self._check(actor, write=True)
        if refusal:
            return refusal
        answer = await self.storage.get_answer(actor.guild_id, alias)
        if answer is None or not await self.storage.remove_alias(actor.guild_id, alias, actor.user_id):
            return self._say("not_found", "alias_not_found", name=alias)
        return self._say("ok", "unaliased", name=answer.name, other=" ".join(alias.split()), answer=answer)

    # ------------------------------------------------------------ curated answers: reading

    def _list_item(self, answer: CuratedAnswer) -> ListItem:
        return ListItem(short(answer.name), code(f"{answer.target_kind}:{answer.target}"), answer.uses,
                        tuple(short(a) for a in answer.aliases))

    @_guarded
    async def list(self, actor: Actor) -> Result:
        refusal = self._check(actor)
        if refusal:
            return refusal
        answers = await self.storage.list_answers(actor.guild_id)
        return Result("ok", self._pages(self.render.answers_list([self._list_item(a) for a in answers])))

    @_guarded
    async def show(self, actor: Actor, name: str) -> Result:
        refusal = self._check(actor)
        if refusal:
            return refusal
        guild_id: int = actor.guild_id  # type: ignore[assignment]
        answer = await self.storage.get_answer(guild_id, name)
        if answer is None:
            return await self._not_found(guild_id, name)
        history = await self.storage.answer_history(guild_id, answer.id)
        target_title = None
        if all(t in self.vocabulary.meanings for t in answer.target.split("+")):
            target_title = Trusted(self.vocabulary.describe(answer.target_kind, answer.target))
        view = AnswerView(
            name=short(answer.name),
            target=code(f"{answer.target_kind}:{answer.target}"),
            target_title=target_title,
            body=long_text(answer.body, MAX_BODY),
            author=await self.display_name(guild_id, answer.author_id, f"user {answer.author_id}"),
            created=when(answer.created_at),
            updated=when(answer.updated_at),
            uses=answer.uses,
            aliases=tuple(short(a) for a in answer.aliases),
        )
        shown = [await self._history_view(guild_id, h) for h in history[-HISTORY_SHOWN:]]
        return Result("ok", self._pages(self.render.answer(view, list(reversed(shown)))), answer=answer)

    async def _history_view(self, guild_id: int, h: AnswerHistory) -> HistoryView:
        detail = h.detail or ""
        if h.action == "add":
            detail = f"attached to {detail}" if detail else ""
        elif h.action == "remove":
            detail = f"aliases {detail}" if detail else ""
        return HistoryView(
            at=when(h.at),
            action={"add": "created", "edit": "edited", "remove": "removed", "alias": "alias added",
                    "unalias": "alias removed"}.get(h.action, h.action),
            editor=await self.display_name(guild_id, h.editor_id, f"user {h.editor_id}"),
            detail=short(detail, 120),
        )

    @_guarded
    async def search(self, actor: Actor, query: str) -> Result:
        refusal = self._check(actor)
        if refusal:
            return refusal
        found = await self.storage.search_answers(actor.guild_id, query)
        exact = self._list_item(found.exact) if found.exact else None
        return Result(
            "ok" if found.exact or found.matches else "not_found",
            self._pages(self.render.search(query, exact, [self._list_item(a) for a in found.matches],
                                           found.did_you_mean)),
            answer=found.exact,
        )

    async def name_choices(self, guild_id: int | None, current: str, limit: int = CHOICES_MAX) -> list[tuple[str, str]]:
        """Autocomplete for answer names: (shown, value) pairs over names and aliases, fuzzy."""
        if guild_id is None:
            return []
        try:
            answers = await self.storage.list_answers(guild_id)
        except StorageError:
            return []
        labels = [(a.name, a.name) for a in answers] + [(x, a.name) for a in answers for x in a.aliases]
        ranked = rank(current, labels, key=lambda pair: pair[0])
        out = []
        for label, name in ranked[:limit]:
            shown = label if label == name else f"{label} → {name}"
            out.append((shown[:100], label[:100]))
        return out

    def target_choices(self, current: str, limit: int = CHOICES_MAX) -> list[tuple[str, str]]:
        """Autocomplete for targets; after a '+', completes the last token of a pattern."""
        current = (current or "").lower()
        kind_prefix = ""
        kind, colon, rest = current.partition(":")
        if colon and kind.strip() in TARGET_KINDS:
            kind_prefix, current = f"{kind.strip()}:", rest
        head, plus, last = current.rpartition("+")
        prefix = f"{kind_prefix}{head}{plus}"
        used = set(head.split("+")) if plus else set()
        tokens = [(t, self.vocabulary.title(t)) for t in self.vocabulary.all_tokens() if t not in used]
        ranked = rank(last.strip(), tokens, key=lambda pair: pair[0], extra=lambda pair: pair[1])
        out = []
        for token, title in ranked[:limit]:
            value = f"{prefix}{token}"
            if len(value) > 100:
                continue
            out.append((f"{value} ({title})"[:100], value))
        return out

    # ------------------------------------------------------------ notes under scenario replies

    async def matching_answers(self, guild_id: int, a: "Assessment") -> list[CuratedAnswer]:
        """The guild's answers whose target matches the assessment, most specific first."""
        answers = await self.storage.list_answers(guild_id)
        found = [x for x in answers if self.vocabulary.matches(x.target_kind, x.target, a)]
        found.sort(key=lambda x: (self.vocabulary.specificity(x.target_kind, x.target), name_key(x.name)))
        return found

    async def notes_for(
        self,
        guild_id: int | None,
        a: "Assessment",
        *,
        count_use: bool = True,
        exclude_thread: int | None = None,
    ) -> tuple[list[CuratedNote], FeaturedNote | None]:
        """Moderators' notes and the featured community answer for a scenario reply.

        ``count_use``: the reply is about to be sent, count each note shown.
        Never raises: without storage the reply simply goes out without them.
        """
        if guild_id is None or a.intent != "scenario":
            return [], None
        notes: list[CuratedNote] = []
        try:
            shown = (await self.matching_answers(guild_id, a))[:NOTES_SHOWN]
            for answer in shown:
                author = await self.display_name(guild_id, answer.author_id, "a moderator")
                notes.append(CuratedNote(answer.name, answer.body, author))
                if count_use:
                    await self.storage.increment_uses(guild_id, answer.id)
        except Exception:
            log.exception("curation: could not read curated answers for guild %s", guild_id)
        featured = None
        try:
            featured = await self._featured_note(guild_id, a, exclude_thread)
        except Exception:
            log.exception("curation: could not read featured answers for guild %s", guild_id)
        return notes, featured

    async def _featured_note(self, guild_id: int, a: "Assessment", exclude_thread: int | None) -> FeaturedNote | None:
        if not (a.profession_group or a.risks):
            return None  # too vague a scenario to say "the same kind"
        found = await self.storage.featured_for(guild_id, a.profession_group, a.risk_ids)
        if found is None or found.thread_id == exclude_thread:
            return None
        text = await self.platform.fetch_text(found.thread_id, found.message_id)
        if not text or not text.strip():
            return None  # deleted or out of reach: show nothing rather than an empty quote
        author = await self.display_name(guild_id, found.author_id, "a member")
        return FeaturedNote(author, text, self.platform.jump_url(guild_id, found.thread_id, found.message_id))

    # ------------------------------------------------------------ review inbox: filling

    async def note_reply(
        self,
        *,
        guild_id: int,
        channel_id: int,
        author_id: int,
        message_id: int,
        reply_message_id: int | None,
        assessment: "Assessment",
        thread_id: int | None = None,
    ) -> bool:
        """After a reply went out: queue the post when the analyzer was unsure.

        A scenario's record is saved by the scenario service; a lookup has none,
        so one (ids and labels only) is saved here for the inbox to point at.
        True when the post was queued. Never raises.
        """
        if assessment.intent not in UNSURE_INTENTS or assessment.confidence >= self.review_threshold:
            return False
        try:
            if assessment.intent != "scenario" and await self.storage.get_scenario(message_id) is None:
                await self.storage.save_scenario(
                    ScenarioRecord.from_assessment(
                        assessment, message_id=message_id, guild_id=guild_id, channel_id=channel_id,
                        author_id=author_id, reply_message_id=reply_message_id, thread_id=thread_id,
                    )
                )
            queued = await self.storage.enqueue_review(guild_id, message_id, "unsure")
            return bool(queued and queued[1])
        except Exception:
            log.exception("curation: could not queue message %s for review", message_id)
            return False

    async def thumbs_down(self, reply_message_id: int, user_id: int) -> bool:
        """A 👎 on a reply queues its post (once). Never raises."""
        try:
            record = await self.storage.get_scenario_by_reply(reply_message_id)
            if record is None:
                return False
            queued = await self.storage.enqueue_review(record.guild_id, record.message_id, "thumbs_down", user_id)
            return bool(queued and queued[1])
        except Exception:
            log.exception("curation: could not queue reply %s after a thumbs-down", reply_message_id)
            return False

    @_guarded
    async def report(self, reply_message_id: int, user_id: int) -> Result:
        """The "Report assessment" button."""
        record = await self.storage.get_scenario_by_reply(reply_message_id)
        if record is None:
            return self._say("not_found", "report_unknown")
        queued = await self.storage.enqueue_review(record.guild_id, record.message_id, "reported", user_id)
        if queued is None:
            return self._say("not_found", "report_unknown")
        _, created = queued
        return self._say("ok", "reported") if created else self._say("ok", "already_reported")

    # ------------------------------------------------------------ review inbox: working it

    @_guarded
    async def next_review(self, actor: Actor, *, fetch_text: bool = True) -> Result:
        """The oldest open item, with its labels and (fetched) post text."""
        refusal = self._check(actor, write=True, command="/review")
        if refusal:
            return refusal
        guild_id: int = actor.guild_id  # type: ignore[assignment]
        for _ in range(100):
            item = await self.storage.next_review(guild_id)
            if item is None:
                return self._say("empty", "review_empty")
            record = await self.storage.get_scenario(item.message_id)
            if record is not None and record.guild_id == guild_id:
                break
            # its post was deleted under us (the cascade normally removes it): close and go on
            await self.storage.close_review(guild_id, item.id, actor.user_id)
        else:
            return self._say("empty", "review_empty")
        text = None
        if fetch_text:
            try:
                text = await self.platform.fetch_text(record.channel_id, record.message_id)
            except Exception:
                log.warning("curation: could not fetch message %s for review", record.message_id, exc_info=True)
        case = ReviewCase(item, record, Labels.of(record), text, await self.storage.open_review_count(guild_id))
        return Result("ok", self.review_pages(case), case=case)

    def review_pages(self, case: ReviewCase) -> tuple[str, ...]:
        k = self.knowledge
        labels = case.labels

        def title(table: dict[str, Any], key: str | None) -> Any:
            if key is None:
                return None
            return Trusted(table[key].title) if key in table else key

        groups = {"mental_health": "mental-health professional", "medical": "medical professional",
                  "legal": "legal professional", "other": "other professional"}
        view = LabelsView(
            intent=Trusted(labels.intent if labels.intent in INTENTS else "?"),
            confidence=round(100 * float(case.record.confidence)),
            group=Trusted(groups[labels.profession_group]) if labels.profession_group in groups else None,
            verdict=title(k.verdicts, labels.verdict),
            risks=tuple(title(k.risks, r) for r in labels.risks),
            exceptions=tuple(title(k.exceptions, e) for e in labels.exceptions),
        )
        item = ReviewItemView(case.item.reason, None, when(case.item.created_at))
        return self._pages(self.render.review(item, view, case.text, case.open_count))

    @_guarded
    async def resolve_review(
        self,
        actor: Actor,
        item_id: int,
        message_id: int,
        decision: Decision,
        labels: Labels | None = None,
        *,
        text: str | None = None,
    ) -> Result:
        """Confirm, correct or skip an inbox item.

        ``text`` is kept with the example only when given (the moderator ticked
        "keep anonymised text" and supplied it); it is never taken from the post.
        """
        refusal = self._check(actor, write=True, command="/review")
        if refusal:
            return refusal
        guild_id: int = actor.guild_id  # type: ignore[assignment]
        if decision not in ("confirm", "correct", "skip"):
            return self._say("invalid", "bad_labels", reason="unknown decision.")
        record = await self.storage.get_scenario(message_id)
        if record is not None and record.guild_id != guild_id:
            record = None
        before = Labels.of(record) if record is not None else None
        if decision == "correct":
            if labels is None:
                return self._say("invalid", "bad_labels", reason="no labels given.")
            if labels.profession_group is None and before is not None:
                labels = replace(labels, profession_group=before.profession_group)
            labels = labels.normalised()
            problem = labels.problem()
            if problem:
                return self._say("invalid", "bad_labels", reason=problem)
        if text is not None:
            text = text.strip() or None
            if text is not None and len(text) > 4000:
                return self._say("invalid", "too_long", length=len(text), limit=4000)
        if decision != "skip" and before is None:
            # the post was deleted: there is nothing to label any more
            await self.storage.close_review(guild_id, item_id, actor.user_id)
            return self._say("not_found", "review_gone")
        # Close first: if another moderator got there before us, store nothing.
        if not await self.storage.close_review(guild_id, item_id, actor.user_id):
            return self._say("not_found", "review_gone")
        remaining = await self.storage.open_review_count(guild_id)
        if decision == "skip":
            return self._say("ok", "review_skipped", open_count=remaining)
        assert before is not None
        final = before if decision == "confirm" else labels
        assert final is not None
        await self.storage.add_correction(
            guild_id, actor.user_id, intent=final.intent, profession_group=final.profession_group,
            risks=final.risks, exceptions=final.exceptions, verdict=final.verdict,
            message_id=message_id, text=text,
        )
        if decision == "confirm":
            return self._say("ok", "review_confirmed", open_count=remaining)
        changes = final.changes_from(before)
        if changes:
            await self.storage.update_scenario_labels(
                message_id, intent=final.intent, profession_group=final.profession_group, verdict=final.verdict,
                risks=final.risks, exceptions=final.exceptions,
            )
        return self._say("ok", "review_corrected", reason=changes or "no change from the bot's reading",
                         open_count=remaining)

    # ------------------------------------------------------------ featured answers

    @_guarded
    async def feature(
        self,
        actor: Actor,
        *,
        thread_id: int,
        message_id: int,
        author_id: int,
        author_is_bot: bool = False,
        pin: Callable[[], Awaitable[bool]] | None = None,
    ) -> Result:
        """Feature a member's answer in a scenario's thread (pin it via ``pin()``, then store it)."""
        refusal = self._check(actor, write=True, command="Feature this answer")
        if refusal:
            return refusal
        guild_id: int = actor.guild_id  # type: ignore[assignment]
        # A thread opened from a post has the post's id; so does a forum post.
        record = await self.storage.get_scenario(thread_id)
        if record is None or record.guild_id != guild_id or record.intent != "scenario":
            return self._say("invalid", "feature_not_thread")
        if message_id == record.message_id:
            return self._say("invalid", "feature_post")
        if author_is_bot:
            return self._say("invalid", "feature_bot")
        pinned = False
        if pin is not None:
            try:
                pinned = bool(await pin())
            except Exception:
                log.warning("curation: pinning message %s failed", message_id, exc_info=True)
        await self.storage.add_featured(
            guild_id, thread_id, message_id, author_id, record.profession_group, record.risks, actor.user_id
        )
        author = await self.display_name(guild_id, author_id, "")
        return self._say("ok", "featured", name=author, pinned=pinned)

    async def forget_featured(self, guild_id: int | None, message_id: int) -> bool:
        """A featured message was deleted: stop showing it. Never raises."""
        if guild_id is None:
            return False
        try:
            return bool(await self.storage.remove_featured(guild_id, message_id))
        except Exception:
            log.exception("curation: could not unfeature message %s", message_id)
            return False

    # ------------------------------------------------------------ audit

    @_guarded
    async def audit(self, actor: Actor, limit: int = AUDIT_SHOWN) -> Result:
        refusal = self._check(actor, write=True, command="/audit")
        if refusal:
            return refusal
        guild_id: int = actor.guild_id  # type: ignore[assignment]
        entries = await self.storage.list_audit(guild_id, limit)
        views = [
            AuditView(
                at=when(e.at),
                actor=await self.display_name(guild_id, e.actor_id, f"user {e.actor_id}"),
                action=code(e.action),
                detail=short(e.detail, 120),
            )
            for e in entries
        ]
        return Result("ok", self._pages(self.render.audit(views)))


# ---------------------------------------------------------------- fuzzy ranking


def rank(
    query: str,
    items: Sequence[Any],
    *,
    key: Callable[[Any], str],
    extra: Callable[[Any], str] | None = None,
) -> list[Any]:
    """Items ranked for ``query``: exact, prefix, substring, then close (difflib) matches.

    An empty query keeps every item, sorted by key. ``extra`` is a second text
    (a title) that counts a little less.
    """
    q = name_key(query).replace(" ", "_")
    if not q:
        return sorted(items, key=lambda it: name_key(key(it)))

    def score(text: str) -> float:
        k = name_key(text).replace(" ", "_")
        if k == q:
            return 10.0
        if k.startswith(q):
            return 6.0
        if q in k:
            return 5.0
        best = difflib.SequenceMatcher(None, q, k).ratio()
        for word in k.replace("_", " ").split():
            best = max(best, difflib.SequenceMatcher(None, q, word).ratio())
        return 3.0 + best if best >= 0.6 else 0.0

    scored = []
    for n, item in enumerate(items):
        s = score(key(item))
        if extra is not None:
            s = max(s, score(extra(item)) - 0.5)
        if s > 0:
            scored.append((-s, name_key(key(item)), n, item))
    scored.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in scored]
