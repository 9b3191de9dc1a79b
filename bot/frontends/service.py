"""The work both frontends share: analyze a post, decide what to send, remember
what was sent, answer clarifying questions, take feedback, and serve lookups.

The Discord cog and the local console are thin adapters over
:class:`ScenarioService`: they turn platform events into calls here and send
the texts they get back. Nothing in this module imports discord.py.

The analyzer is CPU-bound and blocking; every call to it runs on one dedicated
worker thread (``analyzer-0``), so the event loop keeps answering interactions
and two analyses never share spaCy's pipeline at the same time.

Privacy
-------
The text of a post is never stored. A scenario record keeps ids and labels
only (guild, channel, author, post and reply message ids, thread id, the
intent, verdict, risk and exception ids, and the clarifications the author
gave). When the author answers a clarifying question the frontend fetches the
post again from Discord (``channel.fetch_message``) and it is re-analyzed in
memory. See :mod:`bot.frontends.cogs.scenarios` for deletion and retention.

Cooldown
--------
In a scenario channel each member gets at most one analysed reply per
``cooldown_seconds`` (a per-guild setting). A post made while the member is on
cooldown is *not analysed*; the bot reacts to the first such post of a
cooldown window with ⏳ and ignores the rest silently (no reply, no thread,
no DM). Posts that get no reply (chit-chat) do not start a cooldown. The
cooldown lives in memory and resets on restart.
"""
from __future__ import annotations

import asyncio
import difflib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Literal, Mapping, Sequence

from bot.core.assessment import Assessment, Question
from bot.storage.errors import StorageError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from bot.core.analyzer import Analyzer, LabelAdjuster
    from bot.core.knowledge import Entry, Knowledge
    from bot.replies import Renderer

log = logging.getLogger(__name__)

__all__ = [
    "AnswerOutcome",
    "FeedbackOutcome",
    "GuildConfig",
    "PostOutcome",
    "ScenarioService",
    "split_pages",
]

DISCORD_LIMIT = 2000
MAX_POST_CHARS = 4000  # the longest message Discord lets a (Nitro) member post
ANALYZE_MAX_CHARS = 4000  # /analyze option limit (Discord allows up to 6000)
MAX_QUESTIONS_SHOWN = 3  # one row of buttons each; the rest of the rows are ours
DEFAULT_COOLDOWN = 30
RETENTION_DAYS = 90

PostAction = Literal["reply", "ignore", "cooldown"]


# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class GuildConfig:
    """The per-guild settings the frontends need, whatever storage calls them."""

    guild_id: int
    scenario_channels: frozenset[int] = frozenset()
    moderator_role_id: int | None = None
    polls: bool = False
    cooldown_seconds: int = DEFAULT_COOLDOWN


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What to do about one post in a scenario channel.

    ``action``: ``reply`` (send ``pages[0]`` as a reply; if ``open_thread``,
    open a public thread named ``thread_title`` from the post and send
    ``pages[1:]`` and the ``poll`` there, else send ``pages[1:]`` after the
    reply), ``cooldown`` (react ⏳ if ``notify``), or ``ignore``.
    """

    action: PostAction
    kind: str  # "scenario" | "lookup" | "other" | "empty" | "cooldown" | "error"
    pages: tuple[str, ...] = ()
    open_thread: bool = False
    thread_title: str | None = None
    questions: tuple[Question, ...] = ()
    poll: tuple[str, tuple[str, ...]] | None = None
    notify: bool = False
    assessment: Assessment | None = field(default=None, repr=False)

    @property
    def first_page(self) -> str:
        return self.pages[0] if self.pages else ""

    @property
    def rest_pages(self) -> tuple[str, ...]:
        return self.pages[1:]


AnswerStatus = Literal["ok", "not_author", "unknown", "gone", "invalid", "error"]


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """Result of a clarifying-question answer.

    ``ok``: edit the reply to ``pages[0]`` with buttons for ``questions``,
    and post ``thread_pages`` in the thread (the later pages, only when they
    changed with the answer, so the thread does not fill with repeats).
    Otherwise send ``message`` privately to the one who pressed.
    """

    status: AnswerStatus
    pages: tuple[str, ...] = ()
    thread_pages: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    message: str = ""
    thread_id: int | None = None
    assessment: Assessment | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class FeedbackOutcome:
    status: Literal["ok", "unknown", "error"]
    message: str


# ---------------------------------------------------------------- helpers


def _pages_of(reply: Any) -> tuple[str, ...]:
    """Renderer methods return a Reply (``.pages``) or a plain string."""
    if reply is None:
        return ()
    pages = getattr(reply, "pages", None)
    if pages is None:
        pages = (str(reply),)
    return tuple(p for p in pages if p and p.strip()) or ()


def split_pages(text: str, limit: int = DISCORD_LIMIT) -> tuple[str, ...]:
    """Split text into chunks of at most ``limit`` chars, at paragraph or line
    breaks when possible. Used only for text the renderer did not paginate."""
    text = text.strip()
    if not text:
        return ()
    pages: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pages.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pages.append(text)
    return tuple(pages)


def _normal(s: str) -> str:
    return " ".join(s.lower().replace("_", " ").replace("-", " ").split())


def fuzzy_rank(query: str, entries: Iterable["Entry"], limit: int = 25) -> list["Entry"]:
    """Rank knowledge entries for ``query`` by id, title and triggers.

    Exact id/title wins; then prefix and substring matches; then close
    matches by similarity (typos). An empty query lists all, in order.
    """
    entries = list(entries)
    q = _normal(query)
    if not q:
        return entries[:limit]
    scored: list[tuple[float, int, "Entry"]] = []

    def similarity(a: str, b: str) -> float:
        # whole string, and word by word, so "fairnes" finds "Lack of fairness"
        best = difflib.SequenceMatcher(None, a, b).ratio()
        for token in b.split():
            best = max(best, difflib.SequenceMatcher(None, a, token).ratio())
        return best

    for n, e in enumerate(entries):
        names = [_normal(e.id), _normal(e.title)]
        triggers = [_normal(t) for t in e.triggers if "|" not in t and "*" not in t]
        best = 0.0
        for name in names:  # the id and title weigh most
            if q == name:
                best = max(best, 10.0)
            elif name.startswith(q):
                best = max(best, 6.0)
            elif q in name:
                best = max(best, 5.0)
            ratio = similarity(q, name)
            if ratio >= 0.6:
                best = max(best, 3.0 + ratio)
        for trigger in triggers:  # then the trigger descriptions
            if len(q) >= 3 and q in trigger:
                best = max(best, 2.5)
            ratio = similarity(q, trigger)
            if ratio >= 0.6:
                best = max(best, 1.0 + ratio)
        if best > 0:
            scored.append((best, -n, e))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [e for _, _, e in scored[:limit]]


# ---------------------------------------------------------------- the service


class ScenarioService:
    """Analyzer + Renderer + Storage, behind calls both frontends share."""

    def __init__(
        self,
        analyzer: "Analyzer",
        renderer: "Renderer",
        storage: Any,
        *,
        clock: Callable[[], float] = time.monotonic,
        curation: Any = None,
    ) -> None:
        self.analyzer = analyzer
        self.renderer = renderer
        self.storage = storage
        # bot.curation.CurationService, or None: moderators' notes and the
        # featured answer under scenario replies, the review inbox
        self.curation = curation
        self._clock = clock
        # what use_adjuster(None) falls back to: set by load_learned_model
        self.shipped_adjuster: "LabelAdjuster | None" = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyzer")
        # (guild_id, user_id) -> (time of the last analysed reply, notified in this window)
        self._cooldowns: dict[tuple[int, int], tuple[float, bool]] = {}
        # what failed with a StorageError since the last successful write: a
        # read-only or full database fails every write, and one ERROR per
        # operation says so; the repeats go to DEBUG (see _storage_failed)
        self._storage_failing: set[str] = set()

    @property
    def knowledge(self) -> "Knowledge":
        return self.analyzer.knowledge

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------ storage trouble

    @property
    def storage_failing(self) -> bool:
        """True after a StorageError, until a write succeeds again."""
        return bool(self._storage_failing)

    def _storage_failed(self, what: str, exc: Exception, msg: str, *args: Any) -> None:
        """Log a failed storage call. A StorageError says what is wrong (the
        file, read-only, full) in its message: the first failure of ``what``
        is one ERROR line without traceback, the repeats are DEBUG until a
        write succeeds, so a read-only database does not log a traceback per
        post. Anything else is a bug and keeps its traceback."""
        if not isinstance(exc, StorageError):
            log.error(msg, *args, exc_info=exc)
            return
        level = logging.DEBUG if what in self._storage_failing else logging.ERROR
        self._storage_failing.add(what)
        log.log(level, msg + ": %s: %s", *args, type(exc).__name__, exc)

    def _storage_written(self) -> None:
        if self._storage_failing:
            self._storage_failing.clear()
            log.info("storage writable again")

    # ------------------------------------------------------------ the learned layer

    def use_adjuster(self, adjuster: "LabelAdjuster | None") -> None:
        """Analyse with another learned model (bot.learning; None: the one
        shipped with the bot, or the rules alone when there is none). The new
        analyzer shares the loaded spaCy pipeline; analyses in flight finish on
        the one they started with, and nothing else (storage, cooldowns, views)
        changes. The ModelWatcher callback of the Discord bot."""
        self.analyzer = self.analyzer.with_adjuster(adjuster if adjuster is not None else self.shipped_adjuster)

    async def load_learned_model(self, path: "Path") -> bool:
        """Start on the learned model at ``path`` when there is a usable one,
        else on the model shipped with the bot (trained on the repository's
        labelled posts). True when a learned model is in use."""
        from bot.learning import load_adjuster, shipped_adjuster

        self.shipped_adjuster = await asyncio.to_thread(shipped_adjuster)  # it logs why when it is unusable
        adjuster = None
        if path.exists():
            adjuster = await asyncio.to_thread(load_adjuster, path)  # it logs why when it is unusable
        else:
            log.info("no learned model at %s: the shipped one runs until `python -m bot train` installs one", path)
        self.use_adjuster(adjuster)
        return self.analyzer.adjuster is not None

    # ------------------------------------------------------------ analysis

    async def analyze(self, text: str, facts: Mapping[str, str] | None = None) -> Assessment:
        """Run the analyzer on its worker thread (never on the event loop)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, lambda: self.analyzer.analyze(text, dict(facts) if facts else None)
        )

    # ------------------------------------------------------------ guild settings

    async def guild_config(self, guild_id: int) -> GuildConfig:
        return await storage_guild_config(self.storage, guild_id)

    async def is_scenario_channel(self, guild_id: int, channel_id: int) -> bool:
        config = await self.guild_config(guild_id)
        return channel_id in config.scenario_channels

    # ------------------------------------------------------------ cooldown

    def cooldown_state(self, guild_id: int, user_id: int, seconds: int) -> tuple[bool, bool]:
        """(on cooldown?, should we notify?) for this member now."""
        if seconds <= 0:
            return False, False
        entry = self._cooldowns.get((guild_id, user_id))
        if entry is None:
            return False, False
        started, notified = entry
        if self._clock() - started >= seconds:
            del self._cooldowns[(guild_id, user_id)]
            return False, False
        if not notified:
            self._cooldowns[(guild_id, user_id)] = (started, True)
        return True, not notified

    def start_cooldown(self, guild_id: int, user_id: int) -> None:
        self._cooldowns[(guild_id, user_id)] = (self._clock(), False)
        if len(self._cooldowns) > 10_000:  # forget the oldest half; memory stays bounded
            for key in sorted(self._cooldowns, key=lambda k: self._cooldowns[k][0])[:5_000]:
                del self._cooldowns[key]

    # ------------------------------------------------------------ posts

    async def handle_post(
        self,
        guild_id: int,
        channel_id: int,
        author_id: int,
        message_id: int,
        text: str,
        *,
        config: GuildConfig | None = None,
        apply_cooldown: bool = True,
    ) -> PostOutcome:
        """Decide what the bot does about a post in a scenario channel.

        The caller has already checked that the channel is a scenario channel
        and that the author is a human. After sending, call
        :meth:`record_reply` with the ids of what was sent.
        """
        if not text or not text.strip():
            return PostOutcome("ignore", "empty")
        if config is None:
            config = await self.guild_config(guild_id)
        reserved = False
        if apply_cooldown and config.cooldown_seconds > 0:
            on_cooldown, notify = self.cooldown_state(guild_id, author_id, config.cooldown_seconds)
            if on_cooldown:
                return PostOutcome("cooldown", "cooldown", notify=notify)
            # reserve now, so two quick posts cannot both slip through while
            # the first is being analysed; released below if no reply is due
            self.start_cooldown(guild_id, author_id)
            reserved = True
        outcome: PostOutcome | None = None
        try:
            assessment = await self.analyze(text)  # the analyzer caps the length itself
            curated, featured = await self.notes_for(guild_id, assessment)
            outcome = self.outcome_for(assessment, polls=config.polls, curated=curated, featured=featured)
        finally:
            if reserved and (outcome is None or outcome.action != "reply"):
                self._cooldowns.pop((guild_id, author_id), None)
        return outcome

    async def notes_for(
        self, guild_id: int | None, a: Assessment, *, count_use: bool = True, exclude_thread: int | None = None
    ) -> tuple[Sequence[Any], Any]:
        """The moderators' notes and the featured answer for a scenario reply (none without curation)."""
        if self.curation is None or a.intent != "scenario":
            return (), None
        return await self.curation.notes_for(guild_id, a, count_use=count_use, exclude_thread=exclude_thread)

    def outcome_for(
        self, a: Assessment, *, polls: bool = False, curated: Sequence[Any] = (), featured: Any = None
    ) -> PostOutcome:
        """Turn an assessment into what to send in a scenario channel."""
        if a.intent == "scenario":
            questions = tuple(a.questions[:MAX_QUESTIONS_SHOWN])
            pages = _pages_of(self.renderer.scenario(a, curated=curated, featured=featured))
            poll = None
            if polls:
                question, answers = self.renderer.poll()
                poll = (question, tuple(answers))
            return PostOutcome(
                "reply",
                "scenario",
                pages=pages,
                open_thread=True,
                thread_title=self.renderer.thread_title(a),
                questions=questions,
                poll=poll,
                assessment=a,
            )
        if a.intent == "lookup":
            return PostOutcome("reply", "lookup", pages=_pages_of(self.renderer.lookup(a)), assessment=a)
        return PostOutcome("ignore", a.intent or "other", assessment=a)

    async def record_reply(
        self,
        outcome: PostOutcome,
        *,
        guild_id: int,
        channel_id: int,
        author_id: int,
        message_id: int,
        reply_message_id: int,
        thread_id: int | None = None,
    ) -> None:
        """Remember a scenario reply (ids and labels only) so its buttons work
        after a restart, and (with curation) queue an unsure scenario or lookup
        reading for the moderators' review. Storage trouble is logged, never
        raised: the reply is already out and the discussion goes on."""
        if outcome.assessment is None or outcome.kind not in ("scenario", "lookup"):
            return
        if outcome.kind == "scenario":
            try:
                await storage_save_scenario(
                    self.storage,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    author_id=author_id,
                    message_id=message_id,
                    reply_message_id=reply_message_id,
                    thread_id=thread_id,
                    assessment=outcome.assessment,
                )
            except Exception as exc:
                self._storage_failed("save", exc, "could not store the scenario record for message %s", message_id)
                return
            self._storage_written()
        if self.curation is not None:  # an unsure reading goes to the moderators' review inbox
            await self.curation.note_reply(
                guild_id=guild_id,
                channel_id=channel_id,
                author_id=author_id,
                message_id=message_id,
                reply_message_id=reply_message_id,
                thread_id=thread_id,
                assessment=outcome.assessment,
            )

    # ------------------------------------------------------------ clarifying questions

    def question_known(self, question_id: str, value: str) -> bool:
        entry = self.knowledge.questions.get(question_id)
        if entry is None:
            return False
        return any(isinstance(o, dict) and o.get("value") == value for o in entry.get("options", ()))

    async def answer_question(
        self,
        reply_message_id: int,
        user_id: int,
        question_id: str,
        value: str,
        fetch_text: Callable[[int, int], Awaitable[str | None]],
    ) -> AnswerOutcome:
        """The member pressed an answer button on the reply ``reply_message_id``.

        ``fetch_text(channel_id, message_id)`` fetches the original post (the
        text is not stored); it returns None when the post is gone.
        """
        if not self.question_known(question_id, value):
            return AnswerOutcome("invalid", message=self.error("internal"))
        try:
            record = await storage_scenario_by_reply(self.storage, reply_message_id)
        except Exception as exc:
            self._storage_failed("read", exc, "storage failed looking up reply %s", reply_message_id)
            return AnswerOutcome("error", message=self.error("storage_unavailable"))
        if record is None:
            if self.storage_failing:  # more likely never stored than expired
                return AnswerOutcome("error", message=self.error("storage_unavailable"))
            return AnswerOutcome("unknown", message=RECORD_GONE)
        if int(record.author_id) != int(user_id):
            return AnswerOutcome("not_author", message=ONLY_AUTHOR)
        text = await fetch_text(int(record.channel_id), int(record.message_id))
        if not text:
            # the post was deleted (or emptied): forget it, as on deletion
            await self.forget_message(int(record.message_id))
            return AnswerOutcome("gone", message=POST_GONE)
        old_facts = dict(record.facts or {})
        facts = {**old_facts, question_id: value}
        assessment = await self.analyze(text, facts)
        try:
            await storage_update_scenario(self.storage, record, assessment, facts)
        except Exception as exc:
            self._storage_failed("update", exc, "could not update the scenario record for reply %s", reply_message_id)
        else:
            self._storage_written()
        if assessment.intent != "scenario":
            # an edit turned the post into something else; keep the old reply
            return AnswerOutcome("gone", message=POST_GONE)
        thread_id = getattr(record, "thread_id", None)
        notes = dict(count_use=False, exclude_thread=thread_id)
        curated, featured = await self.notes_for(record.guild_id, assessment, **notes)
        outcome = self.outcome_for(assessment, curated=curated, featured=featured)
        thread_pages = outcome.rest_pages
        if thread_pages:
            # the thread already has the later pages of the previous reply
            old = await self.analyze(text, old_facts)
            curated, featured = await self.notes_for(record.guild_id, old, **notes)
            before = self.outcome_for(old, curated=curated, featured=featured)
            if before.rest_pages == thread_pages:
                thread_pages = ()
        return AnswerOutcome(
            "ok",
            pages=outcome.pages,
            thread_pages=thread_pages,
            questions=outcome.questions,
            thread_id=getattr(record, "thread_id", None),
            assessment=assessment,
        )

    # ------------------------------------------------------------ feedback

    async def feedback(self, reply_message_id: int, user_id: int, value: Literal["up", "down"]) -> FeedbackOutcome:
        """A 👍/👎 press. Pressing the same vote again takes it back."""
        try:
            result = await storage_feedback(self.storage, reply_message_id, user_id, 1 if value == "up" else -1)
        except Exception as exc:
            self._storage_failed("feedback", exc, "could not store feedback for reply %s", reply_message_id)
            return FeedbackOutcome("error", self.error("storage_unavailable"))
        self._storage_written()
        if result == "unknown":
            return FeedbackOutcome("unknown", FEEDBACK_UNKNOWN)
        if result == "removed":
            return FeedbackOutcome("ok", FEEDBACK_REMOVED)
        if value == "down" and self.curation is not None:  # a 👎 puts the post in the review inbox
            await self.curation.thumbs_down(reply_message_id, user_id)
        return FeedbackOutcome("ok", FEEDBACK_THANKS[value])

    # ------------------------------------------------------------ deletion / retention

    async def forget_message(self, message_id: int) -> Any | None:
        """A post or a bot reply was deleted: delete every stored trace of its
        scenario. Returns the record that was removed (or None)."""
        try:
            record = await storage_forget(self.storage, message_id)
        except Exception as exc:
            self._storage_failed("forget", exc, "could not delete the stored scenario of message %s", message_id)
            return None
        if record is not None:  # nothing found means nothing was written
            self._storage_written()
        return record

    async def purge_expired(self, days: int = RETENTION_DAYS) -> int:
        try:
            removed = await storage_purge(self.storage, days)
        except Exception as exc:
            self._storage_failed("purge", exc, "retention purge failed")
            return 0
        self._storage_written()
        return removed

    # ------------------------------------------------------------ lookups (slash commands)

    def autocomplete(self, kind: Literal["risk", "exception"], current: str) -> list[tuple[str, str]]:
        """(name shown, value) pairs for the autocomplete of /risk or /exception."""
        entries = self._table(kind).values()
        return [(f"{e.title} ({e.id})"[:100], e.id) for e in fuzzy_rank(current, entries, 25)]

    def _table(self, kind: str) -> dict[str, "Entry"]:
        return self.knowledge.risks if kind == "risk" else self.knowledge.exceptions

    def resolve(self, kind: Literal["risk", "exception"], query: str) -> tuple[str | None, list[str]]:
        """The id a member meant, or (None, suggestions)."""
        table = self._table(kind)
        q = (query or "").strip()
        if q in table:
            return q, []
        ranked = fuzzy_rank(q, table.values(), 5)
        if ranked and _normal(q) in (_normal(ranked[0].id), _normal(ranked[0].title)):
            return ranked[0].id, []
        # a single strong candidate counts as meant (typo, prefix)
        if len(ranked) == 1 or (ranked and q and self._strong(q, ranked[0])):
            return ranked[0].id, []
        return None, [e.id for e in ranked[:3]] or list(table)[:3]

    @staticmethod
    def _strong(q: str, e: "Entry") -> bool:
        qn = _normal(q)
        for name in (_normal(e.id), _normal(e.title)):
            if name.startswith(qn) and len(qn) >= 3:
                return True
            if difflib.SequenceMatcher(None, qn, name).ratio() >= 0.85:
                return True
        return False

    def risk(self, query: str) -> tuple[str, ...]:
        rid, suggestions = self.resolve("risk", query)
        if rid is None:
            return (self.error("not_found", name=query, what="risk", suggestions=suggestions or None),)
        return _pages_of(self.renderer.risk_card(rid))

    def exception(self, query: str) -> tuple[str, ...]:
        eid, suggestions = self.resolve("exception", query)
        if eid is None:
            return (self.error("not_found", name=query, what="exception", suggestions=suggestions or None),)
        return _pages_of(self.renderer.exception_card(eid))

    def risks_overview(self) -> tuple[str, ...]:
        return _pages_of(self.renderer.risks_overview())

    def safeguards(self, ids: Sequence[str] | None = None) -> tuple[str, ...]:
        return _pages_of(self.renderer.safeguards(ids))

    def about(self) -> tuple[str, ...]:
        return _pages_of(self.renderer.about())

    def concept(self, concept_id: str) -> tuple[str, ...]:
        return _pages_of(self.renderer.concept(concept_id))

    async def analyze_text(self, text: str) -> tuple[tuple[str, ...], Assessment | None]:
        """/analyze: the assessment of any text, for the asker only.

        A scenario gets the scenario reply; a lookup gets the concept answer;
        anything else gets the lookup rendering too (it says what the bot saw).
        """
        if not text or not text.strip():
            return (self.error("empty"),), None
        if len(text) > ANALYZE_MAX_CHARS:
            return (self.error("too_long", length=len(text), limit=ANALYZE_MAX_CHARS),), None
        a = await self.analyze(text)
        if a.intent == "scenario":
            return _pages_of(self.renderer.scenario(a)), a
        return _pages_of(self.renderer.lookup(a)), a

    def question_text(self, q: Question) -> str:
        return self.renderer.question(q)

    def error(self, kind: str, **ctx: Any) -> str:
        """The first page of the renderer's error reply for ``kind`` (never raises)."""
        if kind == "storage":
            kind = "storage_unavailable"
        try:
            pages = _pages_of(self.renderer.error(kind, **ctx))
            return pages[0] if pages else FALLBACK_ERROR
        except Exception:  # the error path must never fail
            log.exception("renderer.error(%r) failed", kind)
            return FALLBACK_ERROR


ONLY_AUTHOR = "Only the person who posted this scenario can answer its questions."
RECORD_GONE = (
    "I no longer have a record of this scenario (records are kept for "
    f"{RETENTION_DAYS} days), so I can't re-assess it. Posting it again works."
)
POST_GONE = "The original post is no longer there, so there is nothing to re-assess."
FEEDBACK_UNKNOWN = "I no longer have a record of this reply, so I can't store feedback for it."
FEEDBACK_THANKS = {
    "up": "Thanks, noted: this reply was helpful.",
    "down": "Thanks, noted: this reply missed the mark. Moderators review this feedback.",
}
FEEDBACK_REMOVED = "Your vote on this reply is withdrawn."
FALLBACK_ERROR = "Something went wrong on my side. Please try again later."


# ---------------------------------------------------------------- storage adapter
#
# The calls below are the only places that know bot.storage's method names, so
# a rename there is a change here only.


async def storage_guild_config(storage: Any, guild_id: int) -> GuildConfig:
    gs = await storage.get_guild_settings(guild_id)
    return GuildConfig(
        guild_id=guild_id,
        scenario_channels=frozenset(gs.scenario_channel_ids),
        moderator_role_id=gs.moderator_role_id,
        polls=bool(gs.polls_enabled),
        cooldown_seconds=int(gs.cooldown_seconds),
    )


async def storage_save_scenario(
    storage: Any,
    *,
    guild_id: int,
    channel_id: int,
    author_id: int,
    message_id: int,
    reply_message_id: int,
    thread_id: int | None,
    assessment: Assessment,
) -> None:
    from bot.storage.models import ScenarioRecord

    record = ScenarioRecord.from_assessment(
        assessment,
        message_id=message_id,
        guild_id=guild_id,
        channel_id=channel_id,
        author_id=author_id,
        reply_message_id=reply_message_id,
        thread_id=thread_id,
    )
    await storage.save_scenario(record)


async def storage_scenario_by_reply(storage: Any, reply_message_id: int) -> Any | None:
    return await storage.get_scenario_by_reply(reply_message_id)


async def storage_update_scenario(storage: Any, record: Any, assessment: Assessment, facts: dict[str, str]) -> None:
    await storage.update_scenario_labels(
        record.message_id,
        intent=assessment.intent,
        profession_group=assessment.profession_group,
        verdict=assessment.verdict,
        risks=assessment.risk_ids,
        exceptions=assessment.exception_ids,
        facts=facts,
        confidence=assessment.confidence,
    )


async def storage_feedback(storage: Any, reply_message_id: int, user_id: int, value: int) -> Literal["set", "removed", "unknown"]:
    """Vote +1/-1; pressing the same vote again takes it back."""
    if await storage.get_feedback(reply_message_id, user_id) == value:
        await storage.remove_feedback(reply_message_id, user_id)
        return "removed"
    return "set" if await storage.set_feedback(reply_message_id, user_id, value) else "unknown"


async def storage_forget(storage: Any, message_id: int) -> Any | None:
    """Delete the scenario of a post, or of a bot reply, by either id."""
    record = await storage.get_scenario(message_id)
    if record is None:
        record = await storage.get_scenario_by_reply(message_id)
    if record is None:
        return None
    await storage.delete_scenario(record.message_id)
    return record


async def storage_purge(storage: Any, days: int) -> int:
    return int(await storage.purge_older_than(days))
