"""Start the bot: on Discord when a token is set, else the local console.

``bot/cli.py`` dispatches to :func:`main`::

    python -m bot                       # Discord with DISCORD_TOKEN, else the console
    python -m bot run                   # the same
    python -m bot console [--moderator] [--db PATH]   # always the console

Settings come from the environment and ``.env`` (see :mod:`bot.settings`).
Logging goes to standard error at BOT_LOG_LEVEL; a filter redacts the token
should it ever appear in a log line or a traceback. The console logs only
warnings and errors unless BOT_LOG_LEVEL is DEBUG, so its output stays the
bot's replies.

Exit status: 0 after a normal stop (end of input, /quit, Ctrl-C), 1 when the
bot cannot start (rejected token, missing intent, broken knowledge files,
unusable database), 2 for bad settings or arguments.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from bot.settings import Settings, SettingsError

log = logging.getLogger("bot")

NO_TOKEN_LINE = "No DISCORD_TOKEN found: running the local console instead of connecting to Discord."
REDACTED = "[REDACTED]"


class RedactSecrets(logging.Filter):
    """Replace secrets (the token) in the message, its arguments and the
    traceback text of every record passing the handler."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw parts
            message = f"{record.msg} {record.args}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(settings: Settings, *, console: bool = False, stream=None) -> logging.Handler:
    level = settings.log_level_number
    if console and level > logging.DEBUG:
        level = max(level, logging.WARNING)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    handler.addFilter(RedactSecrets([settings.discord_token]))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py's gateway chatter is DEBUG-only noise at INFO
    logging.getLogger("discord.gateway").setLevel(max(level, logging.INFO))
    # the bot has no voice features: drop "PyNaCl is not installed, voice will NOT be supported"
    handler.addFilter(_NoVoiceWarnings())
    return handler


class _NoVoiceWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "discord.client" and "voice will NOT be supported" in str(record.msg))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Dual-relationships guidance bot.")
    parser.add_argument("mode", nargs="?", choices=("run", "console"), default="run",
                        help="run: Discord if DISCORD_TOKEN is set, else the console (default); console: always the console")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default: BOT_DATABASE)")
    parser.add_argument("--moderator", action="store_true", help="console: enable moderator commands")
    parser.add_argument("--env-file", default=".env", help="the .env file to read (default: ./.env)")
    return parser


async def build_service(database: Path | str):
    """Analyzer (on a thread: it takes a second), renderer, storage, curation -> service."""
    from bot.core.analyzer import Analyzer
    from bot.frontends.service import ScenarioService
    from bot.replies import Renderer
    from bot.storage import Storage

    from bot.curation import CurationService

    analyzer = await asyncio.to_thread(Analyzer.load)
    renderer = Renderer(analyzer.knowledge)
    storage = await Storage.open(database)
    await warn_if_unwritable(storage)
    curation = CurationService(storage, analyzer.knowledge, renderer)
    return ScenarioService(analyzer, renderer, storage, curation=curation)


async def warn_if_unwritable(storage: Any) -> bool:
    """One WARNING at start-up when the database opened but cannot be written
    (a read-only file or mount): the bot runs and replies, so say once, up
    front, why nothing is kept, rather than only through failed writes."""
    if await storage.probe_writable():
        return True
    log.warning("the database %s cannot be written (read-only file, folder or disk): "
                "replies work, nothing is stored", storage.path)
    return False


async def run_console(settings: Settings, *, database: Path, moderator: bool) -> int:
    from bot.frontends.console import Console, stdin_queue
    from bot.learning import default_model_path

    service = await build_service(database)
    try:
        # loaded once: a console session is short, a new model shows at the next start
        await service.load_learned_model(default_model_path(database))
        await service.purge_expired()
        console = Console(service, moderator=moderator, interactive=sys.stdin.isatty())
        return await console.run(stdin_queue(asyncio.get_running_loop()))
    finally:
        await service.storage.close()
        service.close()


async def run_discord(settings: Settings, *, database: Path) -> int:
    import aiohttp
    import discord

    from bot.frontends.discord_bot import GuidanceBot
    from bot.learning import default_model_path

    service = await build_service(database)
    bot = GuidanceBot(service, settings, model_path=default_model_path(database))  # beside --db too
    # Ctrl-C or SIGTERM closes the client, so bot.start() returns and the
    # storage is closed below. Cancelling the main task instead (asyncio.run's
    # own Ctrl-C) could land where discord.py carries on, and the bot then
    # never stopped (in 4 of 5 full clean-clone runs of the tests).
    loop = asyncio.get_running_loop()
    stops = [s for s in (signal.SIGINT, signal.SIGTERM) if _stop_on(loop, s, bot)]
    try:
        async with bot:
            await bot.start(settings.discord_token or "")
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN; check it in the developer portal.")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Enable the Message Content intent for this bot in the developer portal (Bot -> Privileged Gateway Intents).")
        return 1
    except (aiohttp.ClientError, OSError) as exc:
        log.error("Cannot reach Discord (%s: %s). Check the network, or run the local console: python -m bot console",
                  type(exc).__name__, exc)
        return 1
    finally:
        for s in stops:
            loop.remove_signal_handler(s)
        await service.storage.close()
        service.close()
    return 0


def _stop_on(loop: asyncio.AbstractEventLoop, sig: signal.Signals, bot: Any) -> bool:
    """Close `bot` when `sig` arrives; False where the loop cannot watch
    signals (not the main thread, or no support on this platform)."""
    closing: set[asyncio.Task[Any]] = set()  # a reference, so the task is not collected mid-close

    def close() -> None:
        task = asyncio.ensure_future(bot.close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    try:
        loop.add_signal_handler(sig, close)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        settings = Settings.load(env_file=args.env_file)
    except SettingsError as exc:
        print(f"Bad settings: {exc}", file=sys.stderr)
        return 2
    console = args.mode == "console" or not settings.has_token
    setup_logging(settings, console=console)
    database = args.db if args.db is not None else settings.database
    if console and args.mode != "console":
        print(NO_TOKEN_LINE, file=sys.stderr, flush=True)
    try:
        if console:
            return asyncio.run(run_console(settings, database=database, moderator=args.moderator))
        return asyncio.run(run_discord(settings, database=database))
    except KeyboardInterrupt:
        return 0
    except Exception as exc:
        # start-up problems (knowledge files, database) carry readable messages
        from bot.core.knowledge import KnowledgeError

        try:
            from bot.storage import StorageError
        except ImportError:  # pragma: no cover
            StorageError = KnowledgeError  # type: ignore[misc,assignment]
        if isinstance(exc, (KnowledgeError, StorageError)):
            log.error("cannot start: %s", exc)
            return 1
        log.exception("the bot stopped on an unexpected error")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
