"""User text stays inert: no mentions, markdown, links, template evaluation or invisible tricks."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from bot.core.assessment import Mention, Option, Question
from bot.replies import CuratedNote, FeaturedNote, Renderer
from bot.replies.sanitize import Trusted, clip, escape_user, plain_line
from bot.replies.environment import finalize

from replies_helpers import assert_inert, assert_sendable, finding, make_assessment

HOSTILE = [
    "@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>", "<:pog:123>", "<t:1700000000:R>",
    "**bold**", "__under__", "~~gone~~", "||spoiler||", "`code`", "```py\nimport os\n```",
    "> quoted", "# Heading", "-# tiny", "- bullet", "1. item", "[click](https://evil.example)",
    "https://evil.example/x", "discord.gg/raid", "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
    "{# hidden #}", "{{ ''.__class__.__mro__ }}", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066",
    "\u2069", "\ufeff", "\n\n", "\r\n", "\t", "😀", "👨‍👩‍👧", "مرحبا بالعالم", "日本語のテキスト",
    "Zürich naïve", "\\", "\\*", "\x00", "\x1b[31m",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), max_size=30
).map(" ".join)
huge_text = st.integers(min_value=1, max_value=4).map(lambda n: ("@everyone **x** {{ 7*7 }} " * 200)[: n * 1000])
user_text = st.one_of(hostile_text, huge_text)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKDOWN_CHARS = set("\\*_~`|>#-[]()<")


def unescaped_markdown(text: str) -> list[str]:
    """Markdown characters not preceded by a backslash escape."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in MARKDOWN_CHARS:
            found.append(text[i])
        i += 1
    return found


def no_template_evaluation(inputs: list[str], output: str) -> None:
    # "{{ 7*7 }}" must not turn into 49, nor "{% for %}" into repeated output
    if not any("49" in t for t in inputs):
        assert "49" not in output
    assert "xxx" not in output or any("xxx" in t for t in inputs)


@FUZZ
@given(text=user_text)
def test_escape_user_leaves_no_live_markdown(text: str) -> None:
    out = escape_user(text)
    assert unescaped_markdown(out) == []
    assert "@everyone" not in out and "@here" not in out and "://" not in out
    assert "\n" not in out


@FUZZ
@given(text=user_text)
def test_finalize_escapes_everything_not_trusted(text: str) -> None:
    assert finalize(text) == escape_user(text, 500)
    assert finalize(Trusted("**ours**")) == "**ours**"
    assert finalize(Trusted("**ours**") + "") == "\\*\\*ours\\*\\*"  # derived text loses trust


@FUZZ
@given(quote=user_text, name=user_text, body=user_text, author=user_text, excerpt=user_text, url=user_text)
def test_scenario_with_hostile_user_text(renderer: Renderer, quote, name, body, author, excerpt, url) -> None:
    a = make_assessment(
        text=quote,
        risks=tuple(finding(r, quote, quote[::-1]) for r in ("clouded_judgment", "fairness", "sexual_relationship")),
        exceptions=(finding("rural_access", quote),),
    )
    reply = renderer.scenario(
        a, curated=[CuratedNote(name, body, author)] * 4, featured=FeaturedNote(author, excerpt, url)
    )
    assert_sendable(reply, renderer)
    assert_inert(reply)
    no_template_evaluation([quote, name, body, author, excerpt, url], reply.text)
    assert "https://evil" not in reply.text


@FUZZ
@given(name=user_text, prompt=user_text, label=user_text)
def test_errors_and_questions_with_hostile_text(renderer: Renderer, name, prompt, label) -> None:
    for what in ("risk", "exception", "safeguard", None, name):
        reply = renderer.error("not_found", name=name, what=what)
        assert_sendable(reply, renderer)
        assert_inert(reply)
        no_template_evaluation([name], reply.text)
    for reply in (renderer.error("too_long", length=name, limit=label), renderer.error(name),
                  renderer.concept(name), renderer.risk_card(name), renderer.safeguards([name])):
        assert_sendable(reply, renderer)
        assert_inert(reply)
    line = renderer.question(Question(name[:20] or "x", prompt, (Option("a", label), Option("b", label))))
    assert "\n" not in line and len(line) <= 300 and "@everyone" not in line and "```" not in line


@FUZZ
@given(pid=user_text, rid=user_text)
def test_thread_title_with_hostile_ids(renderer: Renderer, pid: str, rid: str) -> None:
    a = make_assessment(profession=pid or None, relationships=(Mention("relationship", rid, rid, 0, 1),),
                        mentions=(Mention("rural", rid, rid, 0, 1),))
    title = renderer.thread_title(a)
    assert 0 < len(title) <= 100
    assert not re.search(r"[\\*_~`|<>#\[\]@\n\u200b-\u200f\u202a-\u202e\u2066-\u2069]", title)
    assert_inert(renderer.scenario(a))


def test_known_hostile_quote_renders_literally(renderer: Renderer) -> None:
    quote = "@everyone <@123> <@&456> **hi** {{ 7*7 }} {% for %} ```x```"
    reply = renderer.scenario(make_assessment(risks=(finding("fairness", quote),)))
    text = reply.text
    assert_inert(reply)
    assert "@\u200beveryone" in text and "\\<@\u200b123\\>" in text and "\\<@\u200b&456\\>" in text
    assert "\\*\\*hi\\*\\*" in text and "{{ 7\\*7 }}" in text and "{% for %}" in text and "49" not in text
    assert "\\`\\`\\`x\\`\\`\\`" in text


def test_invisible_and_bidi_characters_are_removed(renderer: Renderer) -> None:
    quote = "my\u200b be\u200dst fr\u202eiend\u2066\u2069\ufeff"
    reply = renderer.scenario(make_assessment(risks=(finding("clouded_judgment", quote),)))
    assert "“my best friend”" in reply.text
    assert_inert(reply)


def test_newlines_in_quotes_are_collapsed(renderer: Renderer) -> None:
    reply = renderer.scenario(make_assessment(risks=(finding("fairness", "line one\n\n# Big\n> quote"),)))
    assert "“line one \\# Big \\> quote”" in reply.text


def test_emoji_and_non_english_survive(renderer: Renderer) -> None:
    quote = "mi mejor amiga 😀 — 我的朋友 — صديقي"
    assert f"“{quote}”" in renderer.scenario(make_assessment(risks=(finding("fairness", quote),))).text


def test_long_quotes_are_clipped_at_a_word(renderer: Renderer) -> None:
    quote = "my best friend " * 300
    text = renderer.scenario(make_assessment(risks=(finding("clouded_judgment", quote),))).text
    shown = re.search(r"“([^”]*)”", text).group(1)
    assert shown.endswith("…") and len(shown) <= 90
    assert shown[:-1].split() == ("my best friend " * 10).split()[: len(shown[:-1].split())]


def test_featured_link_must_be_a_discord_message_link(renderer: Renderer) -> None:
    for url in ("javascript:alert(1)", "https://evil.example/channels/1/2/3", "https://discord.com/channels/1/2/3)[x](y"):
        reply = renderer.scenario(make_assessment(), featured=FeaturedNote("sam", "hi", url))
        assert "see it" not in reply.text and "evil" not in reply.text
    ok = renderer.scenario(make_assessment(), featured=FeaturedNote("sam", "hi", "https://discord.com/channels/@me/2/3"))
    assert "([see it](https://discord.com/channels/@me/2/3))" in ok.text


def test_clip_and_plain_line() -> None:
    assert clip("short", 10) == "short"
    assert clip("alpha beta gamma delta", 12) == "alpha beta…"
    assert len(clip("x" * 50, 10)) == 10
    assert plain_line("**Dentist** and <@1> `x`\n#tag", 100) == "Dentist and 1 x tag"
