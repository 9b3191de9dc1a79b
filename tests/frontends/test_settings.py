"""bot.settings: environment + .env parsing; the token never shows."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, parse_env_text

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.super-secret-token-value"


def test_defaults_without_anything(tmp_path: Path) -> None:
    s = Settings.load({}, env_file=tmp_path / "missing.env")
    assert s.discord_token is None and not s.has_token
    assert s.database == Path("data/bot.sqlite3")
    assert s.dev_guild is None
    assert s.log_level == "INFO"
    assert s.owner_ids == frozenset()


def test_env_file_parsing() -> None:
    text = """
# a comment
export DISCORD_TOKEN="abc\\"def"   
BOT_DATABASE = 'path with spaces/bot.sqlite3'
BOT_DEV_GUILD=123456789012345678   # inline comment
BOT_LOG_LEVEL=debug
BOT_OWNER_IDS=1, 2 3
not a line
=novalue
EMPTY=
HASH="a # not a comment"
"""
    values = parse_env_text(text)
    assert values["DISCORD_TOKEN"] == 'abc"def'
    assert values["BOT_DATABASE"] == "path with spaces/bot.sqlite3"
    assert values["BOT_DEV_GUILD"] == "123456789012345678"
    assert values["EMPTY"] == ""
    assert values["HASH"] == "a # not a comment"
    assert "not a line" not in values and "" not in values


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nBOT_DATABASE=from-file.sqlite3\nBOT_LOG_LEVEL=warning\nBOT_OWNER_IDS=5,6\n")
    s = Settings.load({"BOT_DATABASE": "from-env.sqlite3", "BOT_DEV_GUILD": "42"}, env_file=env_file)
    assert s.discord_token == TOKEN and s.has_token
    assert s.database == Path("from-env.sqlite3")
    assert s.dev_guild == 42
    assert s.log_level == "WARNING"
    assert s.owner_ids == frozenset({5, 6})
    # an empty value in the environment switches the file's token off
    assert Settings.load({"DISCORD_TOKEN": ""}, env_file=env_file).discord_token is None


@pytest.mark.parametrize(
    "env, name",
    [({"BOT_DEV_GUILD": "abc"}, "BOT_DEV_GUILD"), ({"BOT_LOG_LEVEL": "LOUD"}, "BOT_LOG_LEVEL"),
     ({"BOT_OWNER_IDS": "1,x"}, "BOT_OWNER_IDS")],
)
def test_bad_values_name_the_variable(env: dict[str, str], name: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.load(env, env_file=None)


def test_token_never_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    s = Settings.load({"DISCORD_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(s)
    assert TOKEN not in str(s)
    assert "discord_token" not in repr(s)
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("settings: %s / %r", s, s)
    assert TOKEN not in caplog.text


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(AttributeError):
        s.log_level = "DEBUG"  # type: ignore[misc]
