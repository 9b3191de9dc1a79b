"""A broken or missing template gives a clear error naming the file; errors always render."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.replies import RESPONSES_DIR, Renderer, TemplateProblem
from bot.replies.renderer import TEMPLATES

from replies_helpers import DISCLAIMER_PHRASE, assert_inert, make_assessment


@pytest.fixture()
def templates(tmp_path: Path) -> Path:
    target = tmp_path / "responses"
    shutil.copytree(RESPONSES_DIR, target)
    return target


def test_every_template_file_exists() -> None:
    for name in TEMPLATES.values():
        assert (RESPONSES_DIR / name).is_file(), name


def test_syntax_error_names_file_and_line(knowledge, templates: Path) -> None:
    (templates / "risk_card.j2").write_text("**{{ risk.title }}**\n{% if risk %}\nunclosed\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"responses/risk_card\.j2 line \d+"):
        Renderer(knowledge, templates)


def test_missing_template_is_named(knowledge, templates: Path) -> None:
    (templates / "about.j2").unlink()
    with pytest.raises(TemplateProblem, match=r"responses/about\.j2: template file is missing"):
        Renderer(knowledge, templates)


def test_runtime_error_names_file_and_line(knowledge, templates: Path) -> None:
    (templates / "about.j2").write_text("About\n{{ no_such_variable.title }}\n", encoding="utf-8")
    renderer = Renderer(knowledge, templates)
    with pytest.raises(TemplateProblem, match=r"responses/about\.j2 line 2: UndefinedError"):
        renderer.about()


def test_sandbox_blocks_unsafe_attributes(knowledge, templates: Path) -> None:
    (templates / "about.j2").write_text("{{ risks.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="about.j2"):
        Renderer(knowledge, templates).about()


def test_safe_filter_is_not_available(knowledge, templates: Path) -> None:
    (templates / "about.j2").write_text("{{ 'x'|safe }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="about.j2"):
        Renderer(knowledge, templates)


def test_broken_error_template_still_gives_an_error_reply(knowledge, templates: Path) -> None:
    (templates / "error.j2").write_text("{{ missing }}", encoding="utf-8")
    reply = Renderer(knowledge, templates).error("internal")
    assert DISCLAIMER_PHRASE in reply.content


def test_disclaimer_must_not_be_empty(knowledge, templates: Path) -> None:
    (templates / "disclaimer.j2").write_text("{# nothing #}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="disclaimer.j2"):
        Renderer(knowledge, templates)


def test_moderator_wording_edits_take_effect(knowledge, templates: Path) -> None:
    (templates / "discussion.j2").write_text("Tell us what you think, {{ 'friend' }}!", encoding="utf-8")
    reply = Renderer(knowledge, templates).scenario(make_assessment())
    assert "Tell us what you think, friend!" in reply.text


def test_trusted_wording_cannot_ping_either(knowledge, templates: Path) -> None:
    (templates / "discussion.j2").write_text("Hey @everyone and @here, ask <@123> or <@&456>!", encoding="utf-8")
    reply = Renderer(knowledge, templates).scenario(make_assessment())
    assert_inert(reply)
    assert "Hey @\u200beveryone and @\u200bhere, ask <@\u200b123> or <@\u200b&456>!" in reply.text
