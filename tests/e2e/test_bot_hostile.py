"""Hostile input through the real client and the fake Discord.

A seeded generator mixes scenario, lookup and chit-chat posts with mentions
(@everyone, @here, <@id>, <@!id>, <@&role>, the @everyone role, <#channel>),
markdown and code-block breakers, Jinja2 syntax, zero-width and bidi
characters, other scripts, emoji and 4,000-character posts. They go to the bot
as posts, as /analyze, /risk and /exception options, and the authors press the
answer buttons on the replies.

For everything the bot sends (replies, thread pages, polls, interaction
responses, follow-ups, edits): allowed_mentions is ``{"parse": []}`` with no
ids and no replied_user, and the visible text has no raw "@everyone", "@here"
or "<@" that could ping if allowed_mentions were ignored; the fake answered
no request with an error (so no page over 2,000 characters); no post got two
replies; nothing was logged at WARNING or above by the bot, nor at ERROR by
anyone; and the bot still answers a plain post correctly at the end.

The fast subset runs 60 posts; the full run (10,000 posts) is marked slow
(``--run-slow``). ``E2E_FUZZ_SEED`` replays another seed.
"""
from __future__ import annotations

import logging
import os
import random
from collections import Counter
from typing import Any

import pytest

from tests.e2e.support import (
    QUESTION_POST,
    client_errors,
    configure_guild,
    mention_problems,
    message_bodies,
    visible_texts,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

SEED = int(os.environ.get("E2E_FUZZ_SEED", "20240611"))
DISCORD_POST_MAX = 4000  # a (Nitro) member's longest post
JINJA_MARKER = "1337"  # {{ 7*191 }} must never be evaluated

SCENARIOS = [
    QUESTION_POST,
    "I'm a therapist and my best friend's husband wants to start seeing me for his anxiety.",
    "My brother-in-law is my dentist. Is that a problem?",
    "I'm the only lawyer for 60 miles and my neighbour needs a will.",
    "I am a nurse and my ex-partner was just admitted to my ward.",
    "As a psychologist, can I accept a gift from a client who just finished therapy with me?",
    "I'm a teacher and I'm thinking about tutoring one of my own students privately for money.",
    "Our family doctor asked me, her accountant, to go into business with her.",
]
LOOKUPS = ["What counts as a dual relationship?", "What is a conflict of interest?", "What does boundary crossing mean?"]
CHATTER = ["great discussion everyone", "lol", "thanks!", "ok", "hmm"]


def fragments(ids: dict[str, int]) -> list[str]:
    g, u, r, c = ids["guild"], ids["user"], ids["role"], ids["channel"]
    return [
        # mentions of every kind, real ids and made-up ones
        "@everyone", "@here", "@@everyone", "@ here", "\\@everyone", "@\u200beveryone", "@everyone@here",
        f"<@{u}>", f"<@!{u}>", f"<@&{r}>", f"<@&{g}>", f"<#{c}>", "<@123>", "<@&456>", "<@!789>", "<#1>",
        "<@>", "<@&>", "< @123>", "<<@123>>", "<:blob:123456789>", "<a:dance:1>", "<t:0:R>", "</risk:1>",
        "@everyone" * 3, f"<@{u}>" * 5,
        # markdown and code-block breaking
        "```", "```py\nprint('x')\n", "``` @everyone ```", "`", "**", "__", "~~", "||", "||@here||",
        "> quote", ">>> block", "# Heading", "-# small", "- item", "1. one", "[click](https://evil.example)",
        "[@everyone](https://x.example)", "https://discord.gg/abc", "\\", "\\\\", "*\\*", "\n```\n", "\n\n\n",
        # template syntax
        "{{ 7*7 }}", "{{ 7*191 }}", "{% for x in range(3) %}{{ x }}{% endfor %}", "{# c #}", "{%", "}}", "{{",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ config }}", "{% raw %}", "${7*7}", "%s%n", "{0}",
        # invisible and direction characters
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2067", "\u2069",
        "\u200f", "\u061c", "\u00ad", "\x00", "\x1b[31m", "\r", "\t",
        # other scripts, combining marks, emoji
        "العلاقة المزدوجة", "יחסים כפולים", "双重关系", "二重関係", "двойные отношения", "दोहरा संबंध",
        "Z\u0337\u0322a\u0338l\u0335g\u0336o\u0335", "e\u0301\u0301\u0301", "😀", "👩\u200d⚕️", "🏳️\u200d🌈",
        "👨\u200d👩\u200d👧\u200d👦", "🇺🇦", "1️⃣", "\U0001f9d1\U0001f3fd\u200d\U0001f4bc",
    ]


def hostile_posts(seed: int, n: int, ids: dict[str, int], *, long_every: int = 25) -> list[str]:
    """``n`` posts, reproducible from ``seed``; every ``long_every``-th is 4,000 characters."""
    rng = random.Random(seed)
    frags = fragments(ids)
    posts = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.6:
            base = rng.choice(SCENARIOS)
        elif roll < 0.75:
            base = rng.choice(LOOKUPS)
        elif roll < 0.85:
            base = rng.choice(CHATTER)
        else:
            base = ""
        words = base.split(" ") if base else []
        for _ in range(rng.randint(1, 6)):
            words.insert(rng.randint(0, len(words)), rng.choice(frags))
        text = " ".join(words) if rng.random() < 0.7 else "".join(words)
        style = rng.random()
        if style < 0.08:
            text = f"```\n{text}\n```"
        elif style < 0.12:
            text = "\u202e" + text  # right-to-left override on the whole post
        elif style < 0.16:
            text = "\u200b".join(text)  # a zero-width space between every character
        if long_every and i % long_every == long_every - 1:
            filler = [base or rng.choice(SCENARIOS)]
            while sum(map(len, filler)) < DISCORD_POST_MAX:
                filler.append(rng.choice(frags + SCENARIOS))
            text = (text + " " + " ".join(filler))[:DISCORD_POST_MAX]
        posts.append(text[:DISCORD_POST_MAX] or "@everyone")
    return posts


async def run_fuzz(live: Any, service: Any, analyzer: Any, renderer: Any, *, n: int, seed: int,
                   batch: int, interactions_every: int) -> dict[str, int]:
    fake = live.fake
    await configure_guild(service.storage, fake.guild_id, [fake.channel_id], polls=True)
    ids = {"guild": fake.guild_id, "user": int(fake.bob["id"]),
           "role": int(fake.defaults["moderator_role"]["id"]), "channel": fake.channel_id}
    posts = hostile_posts(seed, n, ids)
    authors = [fake.alice, fake.bob]
    texts: dict[int, str] = {}
    problems: list[str] = []
    clicks = 0
    since = 0
    for start in range(0, n, batch):
        chunk_ids = []
        for i in range(start, min(n, start + batch)):
            payload = await fake.dispatch_message(posts[i], author=authors[i % 2])
            texts[int(payload["id"])] = posts[i]
            chunk_ids.append(int(payload["id"]))
            if interactions_every and i % interactions_every == 0:
                command, option = [("analyze", "text"), ("risk", "name"), ("exception", "name")][i % 3]
                value = posts[i] if command == "analyze" else posts[i][:100]
                if value.strip():
                    slash = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, authors[i % 2],
                                                           command, {option: value})
                    await fake.dispatch("INTERACTION_CREATE", slash)
        await live.idle(chunk_ids, timeout=60 + batch)
        # the authors answer a clarifying question on some of the new replies
        if interactions_every:
            for message in fake.sent_messages(fake.channel_id)[-batch:]:
                ref = (message.reference or {}).get("message_id")
                answers = [c["custom_id"] for row in message.components for c in row["components"]
                           if c["custom_id"].startswith("drb:answer:")]
                if ref is None or not answers or int(ref) not in chunk_ids or clicks >= n // interactions_every:
                    continue
                click = fake.component_interaction_payload(message.id, answers[0], fake.message(int(ref)).author_id)
                await fake.dispatch("INTERACTION_CREATE", click)
                clicks += 1
            await live.idle(timeout=60)
        for problem in mention_problems(fake, since):
            problems.append(problem)
        for bad in client_errors(fake, since):
            problems.append(f"{bad!r}: {bad.response}")
        for req, body in message_bodies(fake, since):
            for text in visible_texts(body):
                if JINJA_MARKER in text:
                    problems.append(f"{req!r}: template syntax evaluated: {text[:200]!r}")
        since = len(fake.requests)
        if len(problems) > 20:
            break

    replies = Counter(
        int(m.reference["message_id"]) for m in fake.sent_messages(include_deleted=True)
        if m.reference and int(m.reference["message_id"]) in texts
    )
    dupes = {pid: k for pid, k in replies.items() if k > 1}
    threads = [c for c in fake.world.channels.values() if c.get("type") == 11]
    long_names = [t["name"] for t in threads if len(t["name"]) > 100 or not t["name"].strip()]
    bot_warnings = [f"{r.name}: {r.getMessage()}" for r in live.caplog.records
                    if r.name.startswith("bot") and r.levelno >= logging.WARNING]
    assert not problems, _report(problems, texts, fake, seed)
    assert not dupes, {pid: (k, texts[pid][:200]) for pid, k in dupes.items()}
    assert not long_names, long_names
    assert not bot_warnings, bot_warnings
    # the generator is not vacuous: most posts reached the analyzer and many got replies
    assert sum(live.received[i] for i in texts) == n
    assert len(replies) >= n // 4, f"only {len(replies)} of {n} posts got a reply"

    # and the bot still works normally afterwards
    final = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
    await live.idle([int(final["id"])])
    [reply] = live.replies_to(int(final["id"]))
    assert reply.content == renderer.scenario(analyzer.analyze(QUESTION_POST)).pages[0]
    return {"posts": n, "replies": len(replies), "threads": len(threads), "clicks": clicks,
            "requests": len(fake.requests)}


def _report(problems: list[str], texts: dict[int, str], fake: Any, seed: int) -> str:
    lines = [f"seed {seed} (E2E_FUZZ_SEED): {len(problems)} problem(s)"]
    for p in problems[:20]:
        lines.append(p)
    # attach the posts the offending replies answered, as a repro
    for m in fake.sent_messages(include_deleted=True):
        ref = (m.reference or {}).get("message_id")
        if ref and int(ref) in texts and any(str(m.channel_id) in p for p in problems):
            lines.append(f"post {ref}: {texts[int(ref)][:300]!r}")
            break
    return "\n".join(lines)


async def test_generator_is_reproducible_and_covers_the_cases() -> None:
    ids = {"guild": 1, "user": 2, "role": 3, "channel": 4}
    posts = hostile_posts(7, 200, ids)
    assert posts == hostile_posts(7, 200, ids) and posts != hostile_posts(8, 200, ids)
    joined = "".join(posts)
    for needle in ("@everyone", "@here", "<@2>", "<@!2>", "<@&3>", "<@&1>", "<#4>", "```", "{{ 7*7 }}",
                   "{% for", "\u200b", "\u202e", "双重关系", "👩\u200d⚕️"):
        assert needle in joined, needle
    assert max(map(len, posts)) == DISCORD_POST_MAX
    assert sum(len(p) == DISCORD_POST_MAX for p in posts) == 200 // 25


async def test_the_ping_check_catches_what_it_should() -> None:
    from types import SimpleNamespace

    from tests.fakediscord import RecordedRequest

    def sent(body: dict[str, Any], path: str = "/channels/1/messages") -> Any:
        return SimpleNamespace(requests=[RecordedRequest("POST", path, {}, {}, body, [], status=200)])

    none = {"parse": []}
    assert mention_problems(sent({"content": "fine \\<@\u200b123\\> @\u200beveryone", "allowed_mentions": none})) == []
    for bad in ("hi @everyone", "@here", "<@123>", "<@!1>", "<@&2>"):
        assert mention_problems(sent({"content": bad, "allowed_mentions": none})), bad
    for am in (None, {"parse": ["everyone"]}, {"parse": [], "users": ["1"]}, {"parse": [], "replied_user": True}):
        assert mention_problems(sent({"content": "ok", "allowed_mentions": am})), am
    callback = {"type": 4, "data": {"content": "@here", "allowed_mentions": none}}
    assert mention_problems(sent(callback, "/interactions/1/tok/callback"))
    poll = {"poll": {"question": {"text": "<@1>"}, "answers": []}, "allowed_mentions": none}
    assert mention_problems(sent(poll))


async def test_hostile_posts_fast_subset(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any
) -> None:
    async with live_bot(service, settings) as live:
        stats = await run_fuzz(live, service, analyzer, renderer, n=60, seed=SEED, batch=20,
                               interactions_every=5)
    assert stats["clicks"] > 0 and stats["threads"] > 0


@pytest.mark.slow
async def test_hostile_posts_full_run(
    service: Any, settings: Any, analyzer: Any, renderer: Any, live_bot: Any
) -> None:
    async with live_bot(service, settings) as live:
        stats = await run_fuzz(live, service, analyzer, renderer, n=10_000, seed=SEED + 1, batch=100,
                               interactions_every=50)
    assert stats["replies"] >= 2500
