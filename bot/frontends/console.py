"""The local console: a scenario channel in your terminal, no Discord needed.

``python -m bot console [--db PATH] [--moderator]`` (or ``python -m bot``
without a DISCORD_TOKEN). Each line you type is a post in a scenario channel;
the console prints exactly the pages the bot would post, says when a
discussion thread would open (and its title), and lists the clarifying
questions with numbered answers. Lines starting with ``/`` are commands::

    /answer timing former   answer a clarifying question (or just type its number)
    /feedback up|down       vote on the last scenario reply
    /risk NAME              a risk card (fuzzy: /risk fairnes)
    /exception NAME         an exception card
    /risks                  all risks at a glance
    /safeguards             the safeguards
    /analyze TEXT           the private assessment of TEXT (what /analyze shows)
    /about                  about the bot
    /help                   this list
    /quit                   leave (end of input works too)

A line ending in ``\\`` continues on the next line (multi-line posts).

It reads standard input line by line, works without a terminal (pipe a file
or drive it from a test), and exits with status 0 at end of input. It uses
the same :class:`~bot.frontends.service.ScenarioService` as the Discord bot
and a real SQLite database (the settings' BOT_DATABASE, or ``--db``), where
it stores scenario records just like the bot: ids and labels, never text.

Moderator commands: other modules register them with
:func:`register_console_command` (``moderator=True``); they are available
when the console runs with ``--moderator``. Curation (``/curate``,
``/review``, ``/audit``, ``/feature``) is one of them: see
:mod:`bot.frontends.console_curation`.
"""
from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable, TextIO

from bot.core.assessment import Question
from bot.frontends.service import GuildConfig, PostOutcome

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.service import ScenarioService

log = logging.getLogger(__name__)

CONSOLE_GUILD_ID = 1
CONSOLE_CHANNEL_ID = 2
CONSOLE_USER_ID = 3
DISCORD_EPOCH_MS = 1420070400000

Handler = Callable[["Console", str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ConsoleCommand:
    name: str
    handler: Handler
    help: str
    moderator: bool = False


_EXTRA_COMMANDS: dict[str, ConsoleCommand] = {}


def register_console_command(name: str, handler: Handler, help: str, *, moderator: bool = True) -> None:
    """Add a ``/name`` command to the console (``handler(console, args)``).

    Moderator commands (the default) only run with ``--moderator``. Use
    ``console.print(...)``, ``console.service`` and ``console.guild_id`` in the
    handler.
    """
    _EXTRA_COMMANDS[name.lstrip("/").lower()] = ConsoleCommand(name.lstrip("/").lower(), handler, help, moderator)


class _Ids:
    """Snowflake-like ids, increasing, like Discord's."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last


class Console:
    def __init__(
        self,
        service: "ScenarioService",
        *,
        out: TextIO | None = None,
        moderator: bool = False,
        polls: bool = True,
        interactive: bool = False,
    ) -> None:
        self.service = service
        self.out = out or sys.stdout
        self.moderator = moderator
        self.interactive = interactive
        self.guild_id = CONSOLE_GUILD_ID
        self.channel_id = CONSOLE_CHANNEL_ID
        self.user_id = CONSOLE_USER_ID
        self.config = GuildConfig(
            guild_id=self.guild_id,
            scenario_channels=frozenset({self.channel_id}),
            polls=polls,
            cooldown_seconds=0,
        )
        self._ids = _Ids()
        self._posts: dict[int, str] = {}  # the "channel": the console is the only place text lives
        if getattr(service, "curation", None) is not None:
            # /curate, /review, /audit, /feature (bot/frontends/console_curation.py)
            from bot.frontends.console_curation import attach

            attach(self)
        self._last_reply: int | None = None
        self._options: list[tuple[str, str]] = []  # numbered answers of the last reply
        self._done = False
        self._commands: dict[str, ConsoleCommand] = {
            "answer": ConsoleCommand("answer", Console._cmd_answer, "/answer QUESTION VALUE (or a number) -- answer a clarifying question"),
            "feedback": ConsoleCommand("feedback", Console._cmd_feedback, "/feedback up|down -- vote on the last scenario reply"),
            "risk": ConsoleCommand("risk", Console._cmd_risk, "/risk NAME -- a risk card (fuzzy)"),
            "exception": ConsoleCommand("exception", Console._cmd_exception, "/exception NAME -- an exception card (fuzzy)"),
            "risks": ConsoleCommand("risks", Console._cmd_risks, "/risks -- all risks at a glance"),
            "safeguards": ConsoleCommand("safeguards", Console._cmd_safeguards, "/safeguards -- the safeguards"),
            "analyze": ConsoleCommand("analyze", Console._cmd_analyze, "/analyze TEXT -- private assessment (as /analyze in Discord)"),
            "about": ConsoleCommand("about", Console._cmd_about, "/about -- about the bot"),
            "help": ConsoleCommand("help", Console._cmd_help, "/help -- this list"),
            "quit": ConsoleCommand("quit", Console._cmd_quit, "/quit -- leave (end of input works too)"),
        }

    # ------------------------------------------------------------ output

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _pages(self, pages: tuple[str, ...] | list[str], label: str) -> None:
        total = len(pages)
        for n, page in enumerate(pages, 1):
            self.print(f"--- {label}" + (f" (page {n}/{total})" if total > 1 else "") + " ---")
            self.print(page)

    def banner(self) -> None:
        self.print("Local console: this works like a scenario channel. Type a post, or /help for commands.")
        if self.moderator:
            self.print("Moderator commands are enabled.")

    # ------------------------------------------------------------ main loop

    async def run(self, lines: "asyncio.Queue[str | None]") -> int:
        self.banner()
        buffer: list[str] = []
        while not self._done:
            if self.interactive:
                self.out.write("... " if buffer else "> ")
                self.out.flush()
            line = await lines.get()
            if line is None:
                break
            line = line.rstrip("\r\n")
            if line.endswith("\\"):
                buffer.append(line[:-1])
                continue
            if buffer:
                line = "\n".join(buffer + [line])
                buffer = []
            await self.handle_line(line)
        if buffer:
            await self.handle_line("\n".join(buffer))
        return 0

    async def handle_line(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        try:
            if text.startswith("/"):
                await self.command(text)
            elif text.isdigit() and self._options:
                await self._answer_number(int(text))
            else:
                await self.post(line)
        except Exception:  # never crash on input; say so and go on
            log.exception("console: handling a line failed")
            self.print(self.service.error("internal"))

    async def command(self, text: str) -> None:
        name, _, args = text[1:].partition(" ")
        name = name.lower()
        cmd = self._commands.get(name) or _EXTRA_COMMANDS.get(name)
        if cmd is None:
            self.print(f"Unknown command /{name}. Type /help for the list.")
            return
        if cmd.moderator and not self.moderator:
            self.print(f"/{name} is a moderator command; start the console with --moderator to use it.")
            return
        await cmd.handler(self, args.strip())

    # ------------------------------------------------------------ posts

    async def post(self, text: str) -> None:
        message_id = self._ids.next()
        self._posts[message_id] = text
        outcome = await self.service.handle_post(
            self.guild_id, self.channel_id, self.user_id, message_id, text, config=self.config, apply_cooldown=False
        )
        if outcome.action != "reply":
            self.print("(no reply: the bot stays quiet on posts that are not a scenario or a question)")
            return
        self.show_outcome(outcome)
        if outcome.kind == "scenario":
            reply_id = self._ids.next()
            thread_id = message_id if outcome.open_thread else None  # Discord: a thread from a message has its id
            await self.service.record_reply(
                outcome,
                guild_id=self.guild_id,
                channel_id=self.channel_id,
                author_id=self.user_id,
                message_id=message_id,
                reply_message_id=reply_id,
                thread_id=thread_id,
            )
            self._last_reply = reply_id
            self._set_questions(outcome.questions)
        elif outcome.kind == "lookup" and getattr(self.service, "curation", None) is not None:
            # as in Discord: an unsure reading of a question goes to the review inbox
            await self.service.record_reply(
                outcome, guild_id=self.guild_id, channel_id=self.channel_id, author_id=self.user_id,
                message_id=message_id, reply_message_id=self._ids.next(),
            )

    def show_outcome(self, outcome: PostOutcome) -> None:
        self._pages(outcome.pages[:1], "reply")
        rest = outcome.pages[1:]
        if outcome.open_thread:
            self.print(f'--- thread opened: "{outcome.thread_title}" ---')
            if rest:
                self._pages(rest, "in the thread")
            if outcome.poll:
                question, answers = outcome.poll
                self.print(f"--- poll in the thread: {question} ---")
                for answer in answers:
                    self.print(f"  [ ] {answer}")
        elif rest:
            self._pages(rest, "follow-up")

    def _set_questions(self, questions: tuple[Question, ...]) -> None:
        self._options = []
        if not questions:
            return
        self.print("--- buttons under the reply (only the author can press them) ---")
        for q in questions:
            for option in q.options:
                self._options.append((q.id, option.value))
                self.print(f"  {len(self._options)}) {option.label}    [/answer {q.id} {option.value}]")
        self.print("Type a number, or /answer QUESTION VALUE, to answer.")

    # ------------------------------------------------------------ commands

    async def _answer_number(self, number: int) -> None:
        if not self._options:
            self.print("There is no open question to answer.")
            return
        if not 1 <= number <= len(self._options):
            self.print(f"Choose a number from 1 to {len(self._options)}.")
            return
        await self._answer(*self._options[number - 1])

    async def _cmd_answer(self, args: str) -> None:
        parts = args.split()
        if len(parts) == 1 and parts[0].isdigit():
            await self._answer_number(int(parts[0]))
            return
        if len(parts) != 2:
            self.print("Usage: /answer QUESTION VALUE, e.g. /answer timing former (or just the number).")
            return
        await self._answer(parts[0].lower(), parts[1].lower())

    async def _answer(self, question_id: str, value: str) -> None:
        if self._last_reply is None:
            self.print("There is no scenario reply to answer yet: post a scenario first.")
            return

        async def fetch_text(channel_id: int, message_id: int) -> str | None:
            return self._posts.get(message_id)

        outcome = await self.service.answer_question(self._last_reply, self.user_id, question_id, value, fetch_text)
        if outcome.status != "ok":
            self.print(outcome.message)
            return
        self._pages(outcome.pages[:1], "reply (edited)")
        if outcome.thread_pages:
            self._pages(outcome.thread_pages, "in the thread")
        self._set_questions(outcome.questions)

    async def _cmd_feedback(self, args: str) -> None:
        value = args.strip().lower()
        aliases = {"up": "up", "+": "up", "👍": "up", "down": "down", "-": "down", "👎": "down"}
        if value not in aliases:
            self.print("Usage: /feedback up  or  /feedback down")
            return
        if self._last_reply is None:
            self.print("There is no scenario reply to vote on yet.")
            return
        outcome = await self.service.feedback(self._last_reply, self.user_id, aliases[value])  # type: ignore[arg-type]
        self.print(outcome.message)

    async def _cmd_risk(self, args: str) -> None:
        if not args:
            self._pages(self.service.risks_overview(), "/risks")
            return
        self._pages(self.service.risk(args), f"/risk {args}")

    async def _cmd_exception(self, args: str) -> None:
        if not args:
            self.print("Usage: /exception NAME, e.g. /exception rural_access")
            return
        self._pages(self.service.exception(args), f"/exception {args}")

    async def _cmd_risks(self, args: str) -> None:
        self._pages(self.service.risks_overview(), "/risks")

    async def _cmd_safeguards(self, args: str) -> None:
        self._pages(self.service.safeguards(), "/safeguards")

    async def _cmd_analyze(self, args: str) -> None:
        pages, _ = await self.service.analyze_text(args)
        self._pages(pages, "/analyze (only you see this)")

    async def _cmd_about(self, args: str) -> None:
        self._pages(self.service.about(), "/about")

    async def _cmd_help(self, args: str) -> None:
        self.print("Type a post (one line; end a line with \\ to continue it), or a command:")
        for cmd in self._commands.values():
            self.print(f"  {cmd.help}")
        for cmd in _EXTRA_COMMANDS.values():
            if cmd.moderator and not self.moderator:
                continue
            self.print(f"  {cmd.help}" + ("  (moderator)" if cmd.moderator else ""))
        if not self.moderator and any(c.moderator for c in _EXTRA_COMMANDS.values()):
            self.print("  (moderator commands: start with --moderator)")

    async def _cmd_quit(self, args: str) -> None:
        self._done = True


def stdin_queue(loop: asyncio.AbstractEventLoop, stream: TextIO | None = None) -> "asyncio.Queue[str | None]":
    """Feed lines of ``stream`` into a queue from a daemon thread (None at EOF).

    A daemon thread rather than ``to_thread``: a blocked read must not keep
    the process alive at Ctrl-C.
    """
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    stream = stream or sys.stdin

    def reader() -> None:
        try:
            for line in iter(stream.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        finally:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except RuntimeError:  # loop already closed
                pass

    threading.Thread(target=reader, name="console-stdin", daemon=True).start()
    return queue


__all__ = ["Console", "register_console_command", "stdin_queue"]
