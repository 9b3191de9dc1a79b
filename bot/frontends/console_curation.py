"""Moderator curation in the local console: the same :class:`CurationService`
as in Discord, so curation works without Discord.

The console user is a moderator with ``python -m bot console --moderator``
and a plain member without it (writes are refused, as in Discord)::

    /curate add NAME | TARGET | TEXT      attach a note (TARGET: fairness, dentist, mental_health+former+romance, ...)
    /curate edit NAME | TEXT              new text (or: | target=TARGET, | name=NEW NAME)
    /curate remove NAME
    /curate alias NAME | ALIAS            (/curate unalias ALIAS takes it away)
    /curate list | show NAME | search WORDS
    /review                               the next inbox item (moderators)
    /review confirm [| ANONYMISED TEXT]   keep the bot's labels as an example
    /review correct risks=a,b exceptions=none verdict=avoid intent=scenario [| ANONYMISED TEXT]
    /review skip                          close it without keeping an example
    /audit                                the last 20 moderator actions (moderators)
    /feature TEXT                         post TEXT as an answer in the last scenario's thread and feature it

``| ANONYMISED TEXT`` is the console's "keep anonymised text" box: without it
only labels are stored. Texts live in the console's memory only (as in a
channel), so featured answers of an earlier session show no excerpt.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.curation import Actor, CurationService, Labels
from bot.frontends.console import register_console_command

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.console import Console

CURATE_USAGE = (
    "Usage: /curate add NAME | TARGET | TEXT, /curate edit NAME | TEXT (or | target=T, | name=N),"
    " /curate remove NAME, /curate alias NAME | ALIAS, /curate unalias ALIAS,"
    " /curate list, /curate show NAME, /curate search WORDS"
)
REVIEW_HINT = (
    "Decide with /review confirm, /review correct risks=a,b exceptions=none verdict=avoid, or /review skip."
    " Add '| anonymised text' to keep an example text (off by default: labels only)."
)
UNAVAILABLE = "Curation is not available in this console."


class ConsolePlatform:
    """Names and texts as the console knows them: it is the only place post texts live."""

    def __init__(self, console: "Console") -> None:
        self.console = console

    async def display_name(self, guild_id: int, user_id: int) -> str | None:
        return "you" if user_id == self.console.user_id else None

    async def fetch_text(self, channel_id: int, message_id: int) -> str | None:
        return self.console._posts.get(message_id)

    def jump_url(self, guild_id: int, channel_id: int, message_id: int) -> str | None:
        return None


def attach(console: "Console") -> None:
    """Give the console's curation service the console as its platform, and make sure
    the commands are registered (once per process)."""
    curation = _curation(console)
    if curation is not None:
        curation.platform = ConsolePlatform(console)
    register()


def _curation(console: "Console") -> CurationService | None:
    return getattr(console.service, "curation", None)


def _actor(console: "Console") -> Actor:
    return Actor(console.user_id, console.guild_id, bool(console.moderator))


def _show(console: "Console", pages: Any, label: str) -> None:
    pages = list(pages)
    if len(pages) == 1:
        console.print(pages[0])
        return
    console._pages(pages, label)


# ------------------------------------------------------------------ /curate


async def cmd_curate(console: "Console", args: str) -> None:
    curation = _curation(console)
    if curation is None:
        console.print(UNAVAILABLE)
        return
    sub, _, rest = args.partition(" ")
    sub = sub.lower()
    parts = [p.strip() for p in rest.split("|")] if rest.strip() else []
    actor = _actor(console)
    if sub == "add" and len(parts) >= 3:
        result = await curation.add(actor, parts[0], parts[1], " | ".join(parts[2:]))
    elif sub == "edit" and len(parts) >= 2:
        fields: dict[str, str] = {}
        body: list[str] = []
        for part in parts[1:]:
            key, eq, value = part.partition("=")
            if eq and key.strip().lower() in ("target", "name", "text"):
                fields[key.strip().lower()] = value.strip()
            else:
                body.append(part)
        text = fields.get("text") or (" | ".join(body) if body else None)
        result = await curation.edit(actor, parts[0], body=text, target=fields.get("target"), new_name=fields.get("name"))
    elif sub == "remove" and len(parts) == 1:
        result = await curation.remove(actor, parts[0])
    elif sub == "alias" and len(parts) == 2:
        result = await curation.alias(actor, parts[0], parts[1])
    elif sub == "unalias" and len(parts) == 1:
        result = await curation.unalias(actor, parts[0])
    elif sub == "list" and not parts:
        result = await curation.list(actor)
    elif sub == "show" and parts:
        result = await curation.show(actor, rest.strip())
    elif sub == "search" and parts:
        result = await curation.search(actor, rest.strip())
    else:
        console.print(CURATE_USAGE)
        return
    _show(console, result.pages, f"/curate {sub}")


# ------------------------------------------------------------------ /review


def parse_labels(spec: str, start: Labels) -> tuple[Labels | None, str | None]:
    """``risks=a,b exceptions=none verdict=avoid intent=scenario``: unnamed fields keep ``start``."""
    values: dict[str, Any] = {
        "intent": start.intent, "risks": start.risks, "exceptions": start.exceptions, "verdict": start.verdict,
    }
    for word in spec.split():
        key, eq, value = word.partition("=")
        key, value = key.lower(), value.strip().lower()
        if not eq or key not in values:
            return None, f"I don't understand {word!r}; use intent=, risks=, exceptions=, verdict=."
        if key in ("risks", "exceptions"):
            values[key] = () if value in ("", "none", "-") else tuple(v for v in value.split(",") if v)
        elif key == "verdict":
            values[key] = None if value in ("", "none", "-") else value
        else:
            values[key] = value
    return Labels(values["intent"], values["risks"], values["exceptions"], values["verdict"], start.profession_group), None


async def cmd_review(console: "Console", args: str) -> None:
    curation = _curation(console)
    if curation is None:
        console.print(UNAVAILABLE)
        return
    actor = _actor(console)
    head, bar, text = args.partition("|")
    decision, _, spec = head.strip().partition(" ")
    decision = decision.lower()
    if decision in ("", "next"):
        await _next(console, curation, actor)
        return
    case = getattr(console, "review_case", None)
    if decision not in ("confirm", "correct", "skip"):
        console.print("Usage: /review, then /review confirm | correct FIELDS | skip. " + REVIEW_HINT)
        return
    if case is None:
        console.print("Run /review first to see the next item.")
        return
    labels = None
    if decision == "correct":
        labels, problem = parse_labels(spec, case.labels)
        if problem:
            console.print(problem)
            return
    kept = text.strip() if bar else None
    result = await curation.resolve_review(actor, case.item.id, case.item.message_id, decision,  # type: ignore[arg-type]
                                           labels, text=kept)
    console.print(result.content)
    if result.status == "invalid":
        return
    console.review_case = None  # type: ignore[attr-defined]
    await _next(console, curation, actor)


async def _next(console: "Console", curation: CurationService, actor: Actor) -> None:
    result = await curation.next_review(actor)
    console.review_case = result.case  # type: ignore[attr-defined]
    _show(console, result.pages, "/review")
    if result.case is not None:
        console.print(REVIEW_HINT)


# ------------------------------------------------------------------ /audit, /feature


async def cmd_audit(console: "Console", args: str) -> None:
    curation = _curation(console)
    if curation is None:
        console.print(UNAVAILABLE)
        return
    _show(console, (await curation.audit(_actor(console))).pages, "/audit")


async def cmd_feature(console: "Console", args: str) -> None:
    curation = _curation(console)
    if curation is None:
        console.print(UNAVAILABLE)
        return
    text = args.strip()
    if not text:
        console.print("Usage: /feature TEXT -- post TEXT as an answer in the last scenario's thread and feature it.")
        return
    record = None
    if console._last_reply is not None:
        record = await console.service.storage.get_scenario_by_reply(console._last_reply)
    if record is None:
        console.print("Post a scenario first: answers are featured in a scenario's discussion thread.")
        return
    message_id = console._ids.next()
    console._posts[message_id] = text  # the answer "exists" in the thread, like a member's message

    async def pin() -> bool:
        console.print("--- pinned in the thread ---")
        return True

    result = await curation.feature(
        _actor(console), thread_id=record.thread_id or record.message_id, message_id=message_id,
        author_id=console.user_id, pin=pin,
    )
    console.print(result.content)


_REGISTERED = False


def register() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    register_console_command("curate", cmd_curate, "/curate add|edit|remove|alias|unalias|list|show|search ... -- moderators' notes (writing: moderators)", moderator=False)
    register_console_command("review", cmd_review, "/review [confirm|correct FIELDS|skip] [| anonymised text] -- the review inbox")
    register_console_command("audit", cmd_audit, "/audit -- the last 20 moderator actions")
    register_console_command("feature", cmd_feature, "/feature TEXT -- answer in the last scenario's thread and feature it")
    _REGISTERED = True
