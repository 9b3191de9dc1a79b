"""The Jinja2 environment for responses/*.j2: sandboxed, escaping by default.

User text is only ever passed *into* templates as values; no template is ever
built from user text, so "{{ 7*7 }}" in a post prints literally.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .sanitize import ZWSP, Trusted, escape_user

log = logging.getLogger(__name__)

RESPONSES_DIR = Path(__file__).resolve().parents[2] / "responses"
# Longest any single untrusted value may print; callers clip tighter per field.
DEFAULT_USER_LIMIT = 500


class TemplateProblem(RuntimeError):
    """A response template is missing, has a syntax error, or failed while rendering."""


def finalize(value: Any) -> str:
    """Applied by Jinja to every {{ value }}: escape unless explicitly trusted."""
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return value
    if isinstance(value, (bool, int, float)):
        return str(value)
    return escape_user(str(value), DEFAULT_USER_LIMIT)


def build_environment(templates_dir: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=False,  # HTML escaping is wrong for Discord; finalize does our escaping
        finalize=finalize,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly, not silently blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    # "|safe" would mark text as HTML-safe; it means nothing here and must not
    # look like a way around escaping.
    for name in ("safe", "e", "escape", "forceescape", "urlize", "xmlattr"):
        env.filters.pop(name, None)
    return env


def check_templates(env: SandboxedEnvironment, names: list[str]) -> None:
    """Compile every template now, so a broken file stops start-up with its name and line."""
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"responses/{name}: template file is missing") from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"responses/{exc.name or name} line {exc.lineno}: {exc.message}"
            ) from exc


_BLANK_LINES = re.compile(r"\n{3,}")
# Last line of defence for *trusted* text (a moderator's wording in knowledge/ or
# a template): never let it ping. Escaped user text already has "@" + ZWSP, so
# this does not match it again.
_LIVE_MENTION = re.compile(r"@(?=everyone|here)|(?<=<)@(?!\u200b)")


def render(env: SandboxedEnvironment, name: str, /, **context: Any) -> str:
    """Render one template and tidy its whitespace; errors name the file and line."""
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:  # edited on disk since start-up
        raise TemplateProblem(f"responses/{exc.name or name} line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"responses/{exc.name}: template file is missing") from exc
    except Exception as exc:  # undefined variables, sandbox refusals, template bugs
        where = _template_line(exc.__traceback__) or f"responses/{name}"
        raise TemplateProblem(f"{where}: {type(exc).__name__}: {exc}") from exc
    lines = (line.rstrip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return _LIVE_MENTION.sub("@" + ZWSP, text)


def _template_line(tb: TracebackType | None) -> str | None:
    # Jinja rewrites tracebacks so template frames carry the .j2 file and line.
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"responses/{Path(filename).name} line {tb.tb_lineno}"
        tb = tb.tb_next
    return found
