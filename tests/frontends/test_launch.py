"""bot.frontends.launch: argument handling, logging set-up, token redaction."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.frontends.launch import REDACTED, RedactSecrets, build_parser, main, setup_logging
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.super-secret-token-value"


def test_parser_modes() -> None:
    p = build_parser()
    assert p.parse_args([]).mode == "run"
    args = p.parse_args(["console", "--moderator", "--db", "x.sqlite3"])
    assert (args.mode, args.moderator, args.db) == ("console", True, Path("x.sqlite3"))


def test_logging_redacts_the_token_everywhere() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        setup_logging(Settings(discord_token=TOKEN, log_level="DEBUG"), stream=stream)
        log = logging.getLogger("bot.test")
        log.info("token in args: %s", TOKEN)
        log.warning(f"token in the message: {TOKEN}")
        try:
            raise RuntimeError(f"token in an exception: {TOKEN}")
        except RuntimeError:
            log.exception("it failed")
        logging.getLogger("discord.http").debug("header Bot %s", TOKEN)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    text = stream.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) == 4
    assert "RuntimeError" in text  # the traceback itself is kept


def test_redaction_without_a_token_changes_nothing() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    assert RedactSecrets([None, ""]).filter(record)
    assert record.getMessage() == "hello world"


def test_console_logs_only_warnings_unless_debug() -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        setup_logging(Settings(log_level="INFO"), console=True, stream=io.StringIO())
        assert root.level == logging.WARNING
        setup_logging(Settings(log_level="DEBUG"), console=True, stream=io.StringIO())
        assert root.level == logging.DEBUG
        setup_logging(Settings(log_level="INFO"), stream=io.StringIO())
        assert root.level == logging.INFO
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_bad_settings_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BOT_DEV_GUILD", "not-a-number")
    assert main(["console", "--env-file", str(tmp_path / "none.env")]) == 2
    assert "BOT_DEV_GUILD" in capsys.readouterr().err


async def test_an_unwritable_database_is_said_once_at_start(
    db_path: Path, analyzer: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.core.analyzer import Analyzer
    from bot.frontends.launch import build_service, warn_if_unwritable
    from bot.storage import Storage

    caplog.set_level(logging.WARNING, logger="bot")
    async with Storage.open(db_path) as db:
        assert await warn_if_unwritable(db) is True
    assert not caplog.records
    async with Storage.open(db_path, read_only=True) as ro:
        assert await warn_if_unwritable(ro) is False
    [warning] = caplog.records
    assert warning.levelno == logging.WARNING and warning.name == "bot"
    assert str(db_path) in warning.getMessage() and "replies work, nothing is stored" in warning.getMessage()

    # the launcher checks right after opening (as root a file mode cannot make
    # it read-only here: tests/e2e/test_bot_faults.py does it with a mount)
    caplog.clear()
    monkeypatch.setattr(Analyzer, "load", staticmethod(lambda: analyzer))

    async def unwritable(self: Storage) -> bool:
        return False

    monkeypatch.setattr(Storage, "probe_writable", unwritable)
    service = await build_service(db_path)
    try:
        assert [r.getMessage() for r in caplog.records] == [warning.getMessage()]
    finally:
        await service.storage.close()
        service.close()
