"""Runtime settings, read from the environment and an optional ``.env`` file.

Variables (the environment wins over ``.env``):

``DISCORD_TOKEN``
    The bot token. Optional: without it ``python -m bot`` starts the local
    console. It is never logged and never shown in ``repr(settings)``.
``BOT_DATABASE``
    SQLite file for guild settings, scenario records, feedback and curation
    (default ``data/bot.sqlite3``).
``BOT_DEV_GUILD``
    Optional guild id: slash commands are copied to and synced in this guild
    only (instant updates while developing).
``BOT_LOG_LEVEL``
    ``DEBUG``, ``INFO`` (default), ``WARNING``, ``ERROR`` or ``CRITICAL``.
``BOT_OWNER_IDS``
    Optional comma (or space) separated user ids allowed to run owner-only
    commands such as the forced command sync. Without it the application's
    owner (or team members) from Discord are the owners.

The ``.env`` format is the usual one: ``KEY=VALUE`` lines, blank lines and
``#`` comments ignored, an optional leading ``export``, values optionally in
single or double quotes (double quotes understand ``\\n``, ``\\t``, ``\\"`` and
``\\\\``), and an unquoted value ends at `` #`` (an inline comment).
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

__all__ = ["Settings", "SettingsError", "parse_env_file", "parse_env_text"]

DEFAULT_DATABASE = "data/bot.sqlite3"
DEFAULT_LOG_LEVEL = "INFO"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DQ_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def _unquote_double(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in _DQ_ESCAPES:
            out.append(_DQ_ESCAPES[body[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _parse_value(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    quote = raw[0]
    if quote in ("'", '"'):
        # find the closing quote (not escaped, for double quotes)
        i = 1
        while i < len(raw):
            if raw[i] == "\\" and quote == '"':
                i += 2
                continue
            if raw[i] == quote:
                body = raw[1:i]
                return _unquote_double(body) if quote == '"' else body
            i += 1
        # no closing quote: take the rest literally, minus the opening quote
        return raw[1:]
    # unquoted: an inline comment starts at whitespace + '#'
    m = re.search(r"\s#", raw)
    if m:
        raw = raw[: m.start()]
    return raw.strip()


def parse_env_text(text: str) -> dict[str, str]:
    """Parse the text of a ``.env`` file into a dict. Bad lines are skipped."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export "):].lstrip()
        key, sep, rest = stripped.partition("=")
        key = key.strip()
        if not sep or not _KEY_RE.match(key):
            continue
        values[key] = _parse_value(rest)
    return values


def parse_env_file(path: Path | str) -> dict[str, str]:
    """Parse a ``.env`` file; a missing file gives an empty dict."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the .env file: {exc}") from exc
    return parse_env_text(text)


def _opt_int(name: str, value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        number = int(value.strip())
    except ValueError:
        raise SettingsError(f"{name} must be a number (a Discord id), got {value.strip()!r}") from None
    if number <= 0:
        raise SettingsError(f"{name} must be a positive id, got {number}")
    return number


def _id_list(name: str, value: str | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    ids: set[int] = set()
    for part in re.split(r"[,\s]+", value.strip()):
        if part:
            number = _opt_int(name, part)
            assert number is not None
            ids.add(number)
    return frozenset(ids)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment.

    ``discord_token`` has ``repr=False``: printing or logging a Settings never
    shows it. Use :attr:`has_token` to ask whether one is set.
    """

    discord_token: str | None = field(default=None, repr=False)
    database: Path = Path(DEFAULT_DATABASE)
    dev_guild: int | None = None
    log_level: str = DEFAULT_LOG_LEVEL
    owner_ids: frozenset[int] = frozenset()

    @property
    def has_token(self) -> bool:
        return bool(self.discord_token)

    @property
    def log_level_number(self) -> int:
        return logging.getLevelName(self.log_level)  # type: ignore[no-any-return]

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: Path | str | None = ".env",
    ) -> "Settings":
        """Read the settings; ``environ`` defaults to ``os.environ``.

        ``env_file`` (default ``.env`` in the working directory; ``None`` to
        skip) fills in what the environment does not set. An empty value in
        the environment counts as set (so ``DISCORD_TOKEN=`` in the shell turns
        a token in ``.env`` off).
        """
        env = dict(os.environ if environ is None else environ)
        file_values = parse_env_file(env_file) if env_file is not None else {}
        merged = {**file_values, **env}

        token = (merged.get("DISCORD_TOKEN") or "").strip() or None
        database = (merged.get("BOT_DATABASE") or "").strip() or DEFAULT_DATABASE
        level = (merged.get("BOT_LOG_LEVEL") or "").strip().upper() or DEFAULT_LOG_LEVEL
        if level == "WARN":
            level = "WARNING"
        if level not in LOG_LEVELS:
            raise SettingsError(f"BOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}")
        return cls(
            discord_token=token,
            database=Path(database).expanduser(),
            dev_guild=_opt_int("BOT_DEV_GUILD", merged.get("BOT_DEV_GUILD")),
            log_level=level,
            owner_ids=_id_list("BOT_OWNER_IDS", merged.get("BOT_OWNER_IDS")),
        )
