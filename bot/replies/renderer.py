"""Renderer: every reply the bot sends, built from knowledge/ and responses/*.j2.

Content methods raise TemplateProblem if a template is broken (the frontend
should log it and send `error("internal")`); `error()` itself never raises.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any, Sequence

from bot.core.assessment import Assessment, Question
from bot.core.knowledge import Knowledge

from . import views
from .codes import rules_for
from .environment import RESPONSES_DIR, TemplateProblem, build_environment, check_templates, render
from .paging import discord_len, paginate
from .sanitize import Trusted, clean, clip, plain_line
from .suggest import suggest
from .types import CuratedNote, FeaturedNote, Reply

log = logging.getLogger(__name__)

# One template per reply kind; all are compiled at start-up.
TEMPLATES = {
    "scenario": "scenario.j2",
    "lookup": "lookup.j2",
    "concept": "concept.j2",
    "risk_card": "risk_card.j2",
    "exception_card": "exception_card.j2",
    "risks_overview": "risks_overview.j2",
    "safeguards": "safeguards.j2",
    "question": "question.j2",
    "about": "about.j2",
    "error": "error.j2",
    "discussion": "discussion.j2",
    "thread_title": "thread_title.j2",
    "poll": "poll.j2",
    "disclaimer": "disclaimer.j2",
}
ERROR_KINDS = ("empty", "too_long", "cooldown", "not_found", "internal", "storage_unavailable")
THREAD_TITLE_LIMIT = 100
POLL_QUESTION_LIMIT, POLL_ANSWER_LIMIT, POLL_ANSWERS_MAX = 300, 55, 10
DISCLAIMER_LIMIT = 300
NAME_LIMIT = 60  # a user-typed name echoed in an error
QUESTION_LIMIT = 300

# Used only if error.j2 itself is broken, so an error reply can always be sent.
_FALLBACK_ERROR = (
    "Something went wrong on my side while writing this reply. Please try again later.\n\n"
    "_This is a discussion aid, not legal or clinical advice._"
)


class Renderer:
    def __init__(self, knowledge: Knowledge, templates_dir: Path = RESPONSES_DIR) -> None:
        self.knowledge = knowledge
        self._env = build_environment(Path(templates_dir))
        check_templates(self._env, list(TEMPLATES.values()))
        disclaimer = self._render("disclaimer")
        if not disclaimer or discord_len(disclaimer) > DISCLAIMER_LIMIT:
            raise TemplateProblem(
                f"responses/{TEMPLATES['disclaimer']}: must render 1-{DISCLAIMER_LIMIT} characters"
            )
        self.disclaimer = disclaimer

    # -- plumbing ---------------------------------------------------------------

    # positional-only: templates may take a variable called "kind" (error.j2 does)
    def _render(self, template: str, /, **context: Any) -> str:
        return render(self._env, TEMPLATES[template], **context)

    def _reply(self, template: str, /, **context: Any) -> Reply:
        return Reply(paginate(self._render(template, **context), self.disclaimer))

    # -- scenario ---------------------------------------------------------------

    def scenario(
        self,
        a: Assessment,
        *,
        curated: Sequence[CuratedNote] = (),
        featured: FeaturedNote | None = None,
    ) -> Reply:
        k = self.knowledge
        verdict = None
        if a.verdict in k.verdicts:
            entry = k.verdicts[a.verdict]
            reason = entry.get("reasons", {}).get(str(a.verdict_rule)) or entry.summary
            verdict = {"title": Trusted(entry.title), "reason": Trusted(reason)}
        return self._reply(
            "scenario",
            understood=views.understood(a, k.professions, k.relationships, k.cues, k.exceptions),
            verdict=verdict,
            risks=views.findings(k.risks, a.risks),
            exceptions=views.findings(k.exceptions, a.exceptions),
            safeguards=views.cards(k.safeguards, a.safeguards),
            rules=[views.rule_view(r) for r in rules_for(a, k)],
            questions=[Trusted(self.question(q)) for q in a.questions],
            notes=views.notes(curated),
            featured=views.featured(featured),
            discussion=Trusted(self._render("discussion")),
        )

    def thread_title(self, a: Assessment) -> str:
        k = self.knowledge
        u = views.understood(a, k.professions, k.relationships, k.cues, k.exceptions)
        verdict = k.verdicts.get(a.verdict or "")
        title = self._render(
            "thread_title",
            professional=u.professional,
            relationship=u.relationships[0] if u.relationships else None,
            verdict=Trusted(verdict.title) if verdict else None,
        )
        # Knowledge titles only, but strip anyway: a thread name shows markdown raw.
        title = plain_line(title, THREAD_TITLE_LIMIT)
        return title[:1].upper() + title[1:] if title else "Dual-relationship scenario"

    def poll(self) -> tuple[str, list[str]]:
        lines = [line for line in self._render("poll").split("\n") if line.strip()]
        if len(lines) < 3:
            raise TemplateProblem(f"responses/{TEMPLATES['poll']}: needs a question line and 2+ answer lines")
        question = plain_line(lines[0], POLL_QUESTION_LIMIT)
        answers = [plain_line(line, POLL_ANSWER_LIMIT) for line in lines[1 : POLL_ANSWERS_MAX + 1]]
        return question, answers

    def question(self, q: Question) -> str:
        """One line asking a clarifying question; knowledge wording wins over the analyzer's copy."""
        entry = self.knowledge.questions.get(q.id)
        if entry is not None:
            prompt: Trusted | str = Trusted(entry.get("prompt"))
            options: list[Trusted | str] = [Trusted(o["label"]) for o in entry.get("options")]
        else:
            prompt, options = q.prompt, [o.label for o in q.options]
        line = self._render("question", prompt=prompt, options=options)
        return clip(" ".join(line.split()), QUESTION_LIMIT)

    # -- lookups and cards ------------------------------------------------------

    def lookup(self, a: Assessment) -> Reply:
        topic = a.lookup_topic
        if topic and self._knows(topic):
            return self.concept(topic)
        if topic:
            log.warning("lookup topic %r is not in knowledge; giving the general answer", topic)
        intro = self.knowledge.concepts.get("dual_relationship")
        return self._reply(
            "lookup",
            intro=views.card(intro) if intro else None,
            topics=[c for c in views.cards(self.knowledge.concepts) if c.id != "dual_relationship"],
        )

    def _knows(self, topic: str) -> bool:
        k = self.knowledge
        return any(topic in pool for pool in (k.concepts, k.risks, k.exceptions, k.safeguards))

    def concept(self, concept_id: str) -> Reply:
        k = self.knowledge
        prefix, _, rest = concept_id.partition(".")
        # Concepts that have a richer card are shown through it (see concepts.toml).
        if prefix == "risk" and rest in k.risks:
            return self.risk_card(rest)
        if prefix == "exception" and rest in k.exceptions:
            return self.exception_card(rest)
        if concept_id == "risks":
            return self.risks_overview()
        if concept_id == "safeguards":
            return self.safeguards()
        if concept_id in k.concepts:
            items = views.cards(k.exceptions) if concept_id == "exceptions" else []
            return self._reply("concept", concept=views.card(k.concepts[concept_id]), items=items)
        if concept_id in k.risks:
            return self.risk_card(concept_id)
        if concept_id in k.exceptions:
            return self.exception_card(concept_id)
        if concept_id in k.safeguards:
            return self.safeguards([concept_id])
        return self.error("not_found", name=concept_id, what="topic")

    def risk_card(self, risk_id: str) -> Reply:
        k = self.knowledge
        risk_id = risk_id.removeprefix("risk.")
        if risk_id not in k.risks:
            return self.error("not_found", name=risk_id, what="risk")
        entry = k.risks[risk_id]
        return self._reply(
            "risk_card", risk=views.card(entry), safeguards=views.cards(k.safeguards, entry.get("safeguards", []))
        )

    def exception_card(self, exception_id: str) -> Reply:
        k = self.knowledge
        exception_id = exception_id.removeprefix("exception.")
        if exception_id not in k.exceptions:
            return self.error("not_found", name=exception_id, what="exception")
        entry = k.exceptions[exception_id]
        return self._reply(
            "exception_card",
            exception=views.card(entry),
            safeguards=views.cards(k.safeguards, entry.get("safeguards", [])),
        )

    def risks_overview(self) -> Reply:
        k = self.knowledge
        return self._reply("risks_overview", risks=views.cards(k.risks), exceptions=views.cards(k.exceptions))

    def safeguards(self, ids: Sequence[str] | None = None) -> Reply:
        ids = list(ids) if ids else None  # an empty selection means "all"
        found = views.cards(self.knowledge.safeguards, ids)
        if not found:
            return self.error("not_found", name=", ".join(ids or ()), what="safeguard")
        return self._reply("safeguards", safeguards=found, all=ids is None)

    def about(self) -> Reply:
        k = self.knowledge
        return self._reply(
            "about",
            risks=views.cards(k.risks),
            exceptions=views.cards(k.exceptions),
            verdicts=views.cards(k.verdicts),
            codes=sorted({Trusted(r.get("code")) for r in k.codes.values()}),
        )

    def discussion(self) -> Reply:
        """The invitation to discuss on its own (e.g. as the first message of a thread)."""
        return self._reply("discussion")

    # -- errors -----------------------------------------------------------------

    def error(self, kind: str, **context: Any) -> Reply:
        """An error reply. Context: too_long(length, limit), cooldown(retry_after seconds),
        not_found(name, what=risk|exception|safeguard|topic|None, suggestions=optional ids)."""
        if kind not in ERROR_KINDS:
            log.warning("unknown error kind %r; sending the internal error", kind)
            kind = "internal"
        values: dict[str, Any] = {
            "kind": kind,
            "name": clip(clean(str(context.get("name", ""))), NAME_LIMIT),
            "what": context.get("what") if context.get("what") in ("risk", "exception", "safeguard", "topic") else None,
            "length": _int_or_none(context.get("length")),
            "limit": _int_or_none(context.get("limit")),
            "retry_after": _seconds(context.get("retry_after")),
            "suggestions": [],
        }
        if kind == "not_found":
            values["suggestions"] = self._suggestions(values["name"], values["what"], context.get("suggestions"))
        try:
            return self._reply("error", **values)
        except Exception:  # the one reply that must always go out
            log.exception("error template failed; sending the built-in error text")
            return Reply((_FALLBACK_ERROR,))

    def _suggestions(self, name: str, what: str | None, given: Sequence[str] | None) -> list[dict[str, Trusted]]:
        k = self.knowledge
        pools = {
            "risk": [k.risks], "exception": [k.exceptions], "safeguard": [k.safeguards],
        }.get(what or "", [k.concepts, k.risks, k.exceptions, k.safeguards])
        if given is not None:
            entries = [pool[i] for i in given for pool in pools if i in pool]
        else:
            entries = suggest(name, pools)
        return [{"id": Trusted(e.id), "title": Trusted(e.title)} for e in entries]


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _seconds(value: Any) -> int | None:
    try:
        return max(1, math.ceil(float(value))) if value is not None else None
    except (TypeError, ValueError, OverflowError):
        return None
