"""Long replies split into Discord-sized pages at paragraph, line or word boundaries."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from bot.core.assessment import Question, Option
from bot.replies import CuratedNote, FeaturedNote, Renderer
from bot.replies.paging import DISCORD_LIMIT, discord_len, paginate, split_text

from replies_helpers import assert_inert, assert_sendable, finding, make_assessment

FOOTER = "_footer: not legal or clinical advice._"
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé😀\\*@", min_size=1, max_size=40)
separators = st.sampled_from([" ", " ", " ", "\n", "\n\n"])
bodies = st.lists(st.tuples(words, separators), min_size=1, max_size=900).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
# one long line: only a word boundary can split it
lines = st.lists(words, min_size=20, max_size=400).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(body=st.one_of(bodies, lines), limit=st.integers(min_value=200, max_value=2000))
def test_pages_never_cut_a_word(body: str, limit: int) -> None:
    pages = paginate(body, FOOTER, limit)
    assert all(discord_len(p) <= limit and p.endswith("\n\n" + FOOTER) for p in pages)
    rejoined = [p[: -len("\n\n" + FOOTER)] for p in pages]
    # every word survives whole and in order: a mid-word cut would split one token into two
    assert " ".join(rejoined).split() == body.split()


@settings(max_examples=40, deadline=None)
@given(body=bodies)
def test_short_bodies_stay_on_one_page(body: str) -> None:
    if discord_len(body.strip()) + discord_len("\n\n" + FOOTER) <= DISCORD_LIMIT:
        assert len(paginate(body, FOOTER)) == 1


def test_split_prefers_paragraphs() -> None:
    para = ("word " * 150).strip()  # 749 characters
    pages = split_text("\n\n".join([para] * 4), 1600)
    assert pages == ["\n\n".join([para] * 2)] * 2


def test_an_overlong_word_is_cut_without_breaking_escapes() -> None:
    pages = split_text("\\*" * 300, 101)
    assert all(discord_len(p) <= 101 for p in pages) and "".join(pages) == "\\*" * 300
    assert all(not p.endswith("\\") or p.endswith("\\\\") for p in pages[:-1])


def test_empty_body_is_just_the_footer() -> None:
    assert paginate("  \n\n ", FOOTER) == (FOOTER,)


def test_everything_at_once_stays_within_limits(renderer: Renderer, knowledge) -> None:
    long_quote = "she told me about her drinking and her debts and her marriage " * 70  # ~4,400 chars
    a = make_assessment(
        profession="psychologist", profession_group="mental_health", romance=True, timing=None,
        risks=tuple(finding(r, long_quote, "my best friend", "owes me money", long_quote[5:]) for r in knowledge.risks),
        exceptions=tuple(finding(e, long_quote, "only one for 90 miles") for e in knowledge.exceptions),
        verdict="prohibited", verdict_rule=1, safeguards=tuple(knowledge.safeguards),
        questions=tuple(Question(q, "?", (Option("a", "b"), Option("c", "d"))) for q in knowledge.questions),
    )
    notes = [CuratedNote("n" * 500, long_quote, "a" * 500) for _ in range(5)]
    reply = renderer.scenario(a, curated=notes, featured=FeaturedNote("b" * 500, long_quote, None))
    assert_sendable(reply, renderer)
    assert_inert(reply)
    assert len(reply.pages) >= 2
    for page in reply.pages:
        assert not re.search(r"\w…\w", page)  # clipped quotes end at a word with the ellipsis
    text = reply.text
    assert all(r.title in text for r in knowledge.risks.values())
    assert all(s.title in text for s in knowledge.safeguards.values())
    assert text.count("**From the moderators**") == 1 and text.count("(by ") == 3  # at most 3 notes
    assert "What would you do?" in reply.pages[-1]
