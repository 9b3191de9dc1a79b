"""``python -m bot bench --e2e [--posts N]``: the whole bot under load, end to end.

One process starts the fake Discord of the test suite (``tests/fakediscord``,
gateway and REST on 127.0.0.1 only) and the real bot (``GuidanceBot`` with the
real Analyzer, Renderer, moderator curation and a SQLite file in a temporary
folder, as the launcher builds it) connected to it, turns on ``CHANNELS``
scenario channels spread over ``GUILDS`` guilds (cooldown 0), and then:

1. **steady phase**: sends N posts (``--posts``; 400 when unset) at a steady
   ``RATE`` (20 posts/s), round-robin over the channels and several authors.
   Latency is measured per post from just before its MESSAGE_CREATE is
   dispatched to when the fake's REST receives the bot's reply (the POST whose
   ``message_reference`` is the post; the fake timestamps every request). A
   post without a reply after the drain window is lost; a second reply is a
   duplicate.
2. **ramp**: steps of ``STEP_S`` seconds at rising rates (x1.5 each), then a
   bisection between the last rate that held and the first that did not. A
   rate holds when every post got exactly one reply within the window, p99 is
   under ``P99_BOUND_MS``, the latency did not keep growing during the step
   (the median of its last third stays within 2x + 50 ms of its first third:
   no queue building up), and the sender actually kept up with the rate. The
   whole run, start-up included, stays within ``BUDGET_S`` seconds.

Progress goes to stderr (logging). The LAST line on stdout is one JSON object:
``{"posts", "channels", "replies", "lost", "duplicates", "p50_ms", "p99_ms",
"posts_per_s", "max_sustained_posts_per_s"}`` for the steady phase and the
ramp, plus ``guilds``, ``errors`` (REST answers >= 400), ``p99_bound_ms``,
``elapsed_s`` and ``ramp`` (one entry per step). ``max_sustained_posts_per_s``
is the rate the sender actually delivered in the best step that held (0 when
none did). Exit status 0 when the steady phase lost and duplicated nothing.

Caveat: the fake, the load generator and the bot share one event loop and the
GIL. The analyzer works on its own thread. The numbers are therefore a lower
bound for the bot alone, and they compare runs on the same machine only.
This is a development tool: it needs the repository's ``tests/`` folder.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

log = logging.getLogger(__name__)

_PROJECT = Path(__file__).resolve().parents[2]

DEFAULT_POSTS = 400
RATE = 20.0  # posts/s in the steady phase
GUILDS = 3
CHANNELS = 12
AUTHORS_PER_GUILD = 4
BUDGET_S = 90.0  # the whole run, start-up included
STEP_S = 4.0  # length of one ramp step (sending)
RAMP_FACTOR = 1.5
BISECT_STEPS = 2
P99_BOUND_MS = 1000.0
DRAIN_S = 10.0  # after the last post of a phase, how long replies may still come
KEEP_UP = 0.9  # the sender must reach this share of the target rate
BACKLOG_SLACK_MS = 50.0  # see Phase.growing_backlog

POSTS = (
    "I am a counselor and I have a crush on a client of mine.",
    "I'm a therapist and my best friend's husband wants to start seeing me for his anxiety.",
    "My brother-in-law is my dentist. Is that a problem?",
    "I'm the only lawyer for 60 miles and my neighbour needs a will.",
    "I am a nurse and my ex-partner was just admitted to my ward.",
    "As a psychologist, can I accept a gift from a client who just finished therapy with me?",
    "I'm a teacher and I'm thinking about tutoring one of my own students privately for money.",
    "I'm a social worker and my client's mother is my landlord.",
)

_REPLY_PATH = "/channels/{}/messages"
_BUSY_TASKS = ("discord.py: on_", "CommandTree-invoker", "discord-ui-view-dispatch")


# ---------------------------------------------------------------- results


@dataclass
class Phase:
    """One batch of posts sent at one target rate, and what came back."""

    name: str
    target_rate: float
    sent_at: dict[int, float] = field(default_factory=dict)  # post id -> monotonic time of dispatch
    first: float = 0.0
    last: float = 0.0
    replies: dict[int, list[float]] = field(default_factory=dict)  # post id -> arrival times of replies
    errors: int = 0

    @property
    def posts(self) -> int:
        return len(self.sent_at)

    @property
    def achieved_rate(self) -> float:
        if self.posts < 2 or self.last <= self.first:
            return float(self.posts)
        return (self.posts - 1) / (self.last - self.first)

    @property
    def latencies_ms(self) -> list[float]:
        return sorted((times[0] - self.sent_at[pid]) * 1000 for pid, times in self.replies.items() if times)

    def growing_backlog(self) -> bool:
        """True when the posts sent last waited clearly longer than the first
        ones: the bot falls behind and the queue grows (not sustainable, even
        if this step was too short for p99 to cross the bound)."""
        ordered = [(self.sent_at[pid], (times[0] - self.sent_at[pid]) * 1000)
                   for pid, times in self.replies.items() if times]
        ordered.sort()
        third = len(ordered) // 3
        if third < 3:
            return False
        head = percentile(sorted(ms for _, ms in ordered[:third]), 50) or 0.0
        tail = percentile(sorted(ms for _, ms in ordered[-third:]), 50) or 0.0
        return tail > 2 * head + BACKLOG_SLACK_MS

    @property
    def answered(self) -> int:
        return sum(1 for times in self.replies.values() if times)

    @property
    def lost(self) -> int:
        return self.posts - self.answered

    @property
    def duplicates(self) -> int:
        return sum(len(times) - 1 for times in self.replies.values() if len(times) > 1)

    def percentile(self, q: float) -> float | None:
        return percentile(self.latencies_ms, q)

    def holds(self, bound_ms: float) -> bool:
        p99 = self.percentile(99)
        return (
            self.posts > 0
            and self.lost == 0
            and self.duplicates == 0
            and self.errors == 0
            and p99 is not None
            and p99 <= bound_ms
            and self.achieved_rate >= KEEP_UP * self.target_rate
            and not self.growing_backlog()
        )

    def summary(self) -> dict[str, Any]:
        return {
            "phase": self.name,
            "target_posts_per_s": round(self.target_rate, 1),
            "posts_per_s": round(self.achieved_rate, 1),
            "posts": self.posts,
            "replies": self.answered,
            "lost": self.lost,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "p50_ms": _ms(self.percentile(50)),
            "p99_ms": _ms(self.percentile(99)),
            "growing_backlog": self.growing_backlog(),
        }


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------- the bench


def _import_fakediscord() -> Any:
    try:
        import tests.fakediscord as fakediscord
    except ImportError:
        if str(_PROJECT) not in sys.path:
            sys.path.insert(0, str(_PROJECT))
        try:
            import tests.fakediscord as fakediscord
        except ImportError as exc:  # pragma: no cover - an installed copy without tests/
            raise RuntimeError(
                f"the end-to-end bench needs the fake Discord of the test suite ({_PROJECT / 'tests' / 'fakediscord'})"
            ) from exc
    return fakediscord


def load_analyzer() -> Any:
    from bot.core.analyzer import Analyzer

    return Analyzer.load()


class Bench:
    """The fake, the bot, the channels and the authors, and the measurements."""

    def __init__(self, fake: Any, bot: Any, channels: list[tuple[int, int]], authors: dict[int, list[Any]],
                 texts: Iterable[str] = POSTS) -> None:
        self.fake = fake
        self.texts = list(texts)
        self.bot = bot
        self.channels = channels  # (guild id, channel id)
        self.authors = authors  # guild id -> users
        self.counter = 0

    def busy(self) -> bool:
        current = asyncio.current_task()
        return any(
            t is not current and not t.done() and t.get_name().startswith(_BUSY_TASKS) for t in asyncio.all_tasks()
        )

    async def idle(self, timeout: float) -> bool:
        """Wait until the bot has no event handler running (bounded)."""
        deadline = time.monotonic() + timeout
        calm = 0
        while time.monotonic() < deadline:
            calm = calm + 1 if not self.busy() else 0
            if calm >= 5:
                return True
            await asyncio.sleep(0.01)
        return False

    async def send(self, phase: Phase, count: int, rate: float, deadline: float) -> None:
        """Dispatch ``count`` posts at ``rate`` per second (stops at ``deadline``)."""
        start = time.monotonic()
        for k in range(count):
            target = start + k / rate
            now = time.monotonic()
            if target > now:
                await asyncio.sleep(target - now)
            if time.monotonic() > deadline:
                log.warning("%s: out of time after %d of %d posts", phase.name, k, count)
                break
            n = self.counter
            self.counter += 1
            guild_id, channel_id = self.channels[n % len(self.channels)]
            users = self.authors[guild_id]
            author = users[(n // len(self.channels)) % len(users)]
            payload = self.fake.message_payload(guild_id, channel_id, author, self.texts[n % len(self.texts)])
            pid = int(payload["id"])
            phase.sent_at[pid] = t = time.monotonic()
            phase.replies[pid] = []
            if k == 0:
                phase.first = t
            phase.last = t
            await self.fake.dispatch("MESSAGE_CREATE", payload)

    def collect(self, phase: Phase, since: int) -> None:
        """Match the bot's reply POSTs (recorded by the fake) to the phase's posts."""
        for times in phase.replies.values():
            times.clear()
        phase.errors = 0
        for req in self.fake.requests[since:]:
            if req.status >= 400:
                phase.errors += 1
                continue
            if req.method != "POST" or not req.path.endswith("/messages") or not isinstance(req.json, dict):
                continue
            ref = (req.json.get("message_reference") or {}).get("message_id")
            if ref is None:
                continue
            times = phase.replies.get(int(ref))
            if times is not None:
                times.append(req.at)

    async def run_phase(self, name: str, count: int, rate: float, deadline: float) -> Phase:
        phase = Phase(name, rate)
        since = len(self.fake.requests)
        await self.send(phase, count, rate, deadline)
        # drain: until every post has a reply, the window closes or time is up
        window_end = min(deadline, time.monotonic() + DRAIN_S)
        while time.monotonic() < window_end:
            self.collect(phase, since)
            if phase.lost == 0 and not self.busy():
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)  # room for a duplicate to show up
        self.collect(phase, since)
        log.info("%s: %s", name, json.dumps(phase.summary()))
        return phase


def build_world(fake: Any, guilds: int, channels: int) -> tuple[list[tuple[int, int]], dict[int, list[Any]]]:
    """``guilds`` guilds (the fake's default one first) with ``channels`` text
    channels spread over them, the bot and a few authors in each."""
    from tests.fakediscord.world import BOT_ROLE_PERMISSIONS

    world = fake.world
    guild_ids = [fake.guild_id]
    for g in range(1, guilds):
        owner = world.add_user(f"owner{g}")
        gid = int(world.add_guild(f"Bench Guild {g}", owner=owner)["id"])
        role = world.add_role(gid, world.bot_user["username"], permissions=BOT_ROLE_PERMISSIONS, managed=True,
                              tags={"bot_id": world.bot_user["id"]})
        world.add_member(gid, world.bot_user, roles=[role["id"]])
        guild_ids.append(gid)
    authors: dict[int, list[Any]] = {}
    for g, gid in enumerate(guild_ids):
        authors[gid] = []
        for a in range(AUTHORS_PER_GUILD):
            user = world.add_user(f"author{g}-{a}")
            world.add_member(gid, user)
            authors[gid].append(user)
    pairs = []
    for c in range(channels):
        gid = guild_ids[c % len(guild_ids)]
        pairs.append((gid, int(world.add_channel(gid, f"scenarios-{c}")["id"])))
    return pairs, authors


async def run(
    *,
    posts: int = DEFAULT_POSTS,
    rate: float = RATE,
    guilds: int = GUILDS,
    channels: int = CHANNELS,
    budget_s: float = BUDGET_S,
    step_s: float = STEP_S,
    p99_bound_ms: float = P99_BOUND_MS,
    ramp: bool = True,
    analyzer: Any = None,
    started: float | None = None,
) -> dict[str, Any]:
    """Run the bench and return the result (see the module docstring)."""
    started = time.monotonic() if started is None else started
    deadline = started + budget_s
    fakediscord = _import_fakediscord()

    from bot.curation import CurationService
    from bot.frontends.discord_bot import GuidanceBot
    from bot.frontends.service import ScenarioService
    from bot.replies import Renderer
    from bot.settings import Settings
    from bot.storage import Storage

    if analyzer is None:
        log.info("loading the analyzer")
        analyzer = await asyncio.to_thread(load_analyzer)
    guilds = max(1, guilds)
    channels = max(guilds, channels)
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp:
        database = Path(tmp) / "bench.sqlite3"
        storage = await Storage.open(database)
        renderer = Renderer(analyzer.knowledge)
        # built like bot.frontends.launch.build_service: with moderator curation
        service = ScenarioService(analyzer, renderer, storage,
                                  curation=CurationService(storage, analyzer.knowledge, renderer))
        # only posts the bot answers count: drop any the analyzer would not reply to
        texts = [t for t in POSTS if service.outcome_for(analyzer.analyze(t)).action == "reply"]
        if len(texts) < len(POSTS):
            log.warning("%d of the bench posts get no reply from this analyzer; not using them", len(POSTS) - len(texts))
        try:
            if not texts:
                raise RuntimeError("the analyzer replies to none of the bench posts")
            async with fakediscord.FakeDiscord() as fake, fakediscord.point_discord_py_at(fake):
                pairs, authors = build_world(fake, guilds, channels)
                for gid, cid in pairs:
                    await storage.set_scenario_channel(gid, cid, True)
                for gid in authors:
                    await storage.set_cooldown(gid, 0)
                settings = Settings(discord_token=fake.token, database=database, owner_ids=frozenset())
                bot = GuidanceBot(service, settings, guild_ready_timeout=0.05)
                async with fakediscord.run_client(bot, fake, ready_timeout=30):
                    bench = Bench(fake, bot, pairs, authors, texts)
                    log.info("bot ready after %.1f s: %d channels in %d guilds", time.monotonic() - started,
                             len(pairs), len(authors))
                    steady = await bench.run_phase("steady", posts, rate, deadline)
                    steps = await _ramp(bench, steady, deadline, step_s, p99_bound_ms) if ramp else []
                    # let the last step's backlog finish before closing (bounded by the budget)
                    await bench.idle(timeout=min(15.0, max(2.0, deadline - time.monotonic())))
                if fake.unexpected_requests:
                    log.warning("the bot made %d unexpected REST calls", len(fake.unexpected_requests))
        finally:
            await storage.close()
            service.close()

    # the rate the sender actually delivered in the steps that held
    held = [p.achieved_rate for p in [steady, *steps] if p.holds(p99_bound_ms)]
    result = {
        "posts": steady.posts,
        "channels": len(pairs),
        "replies": steady.answered,
        "lost": steady.lost,
        "duplicates": steady.duplicates + sum(p.duplicates for p in steps),
        "p50_ms": _ms(steady.percentile(50)),
        "p99_ms": _ms(steady.percentile(99)),
        "posts_per_s": round(steady.achieved_rate, 1),
        "max_sustained_posts_per_s": round(max(held), 1) if held else 0.0,
        "guilds": len(authors),
        "errors": steady.errors + sum(p.errors for p in steps),
        "p99_bound_ms": p99_bound_ms,
        "elapsed_s": round(time.monotonic() - started, 1),
        "ramp": [p.summary() for p in steps],
    }
    return result


async def _ramp(bench: Bench, steady: Phase, deadline: float, step_s: float, bound_ms: float) -> list[Phase]:
    """Raise the rate until it no longer holds, then bisect; all within the deadline."""
    steps: list[Phase] = []
    good = steady.target_rate if steady.holds(bound_ms) else 0.0
    bad: float | None = None if good else steady.target_rate
    rate = steady.target_rate * RAMP_FACTOR if good else steady.target_rate / 2
    bisections = 0
    while True:
        # a step costs its sending time plus a drain; leave room for both
        if time.monotonic() + step_s + 5.0 > deadline:
            log.info("ramp: out of time budget")
            break
        if not await bench.idle(timeout=min(DRAIN_S, deadline - time.monotonic())):
            log.info("ramp: the bot is still busy with the previous step; stopping")
            break
        phase = await bench.run_phase(f"ramp@{rate:.1f}/s", max(2, round(rate * step_s)), rate, deadline)
        steps.append(phase)
        if phase.holds(bound_ms):
            good = max(good, rate)
        else:
            bad = rate if bad is None else min(bad, rate)
        if bad is None:
            rate *= RAMP_FACTOR
            continue
        if bisections >= BISECT_STEPS or bad - good < 2.0:
            break
        bisections += 1
        rate = (good + bad) / 2 if good else bad / 2
    return steps


# ---------------------------------------------------------------- command line


def main(args: argparse.Namespace | Any) -> int:
    """``python -m bot bench --e2e``: run, log progress to stderr, print the JSON result last."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    options = {
        "posts": getattr(args, "posts", None) or DEFAULT_POSTS,
        "rate": getattr(args, "rate", None) or RATE,
        "guilds": getattr(args, "guilds", None) or GUILDS,
        "channels": getattr(args, "channels", None) or CHANNELS,
        "budget_s": getattr(args, "budget_s", None) or BUDGET_S,
        "step_s": getattr(args, "step_s", None) or STEP_S,
        "p99_bound_ms": getattr(args, "p99_bound_ms", None) or P99_BOUND_MS,
        "ramp": getattr(args, "ramp", True),
    }
    if options["posts"] < 1:
        print("--posts must be at least 1", file=sys.stderr)
        return 2
    started = time.monotonic()
    log.info("e2e bench: %s", json.dumps(options))
    try:
        result = asyncio.run(run(**options, started=started))
    except KeyboardInterrupt:
        return 130
    print(json.dumps(result), flush=True)
    return 0 if result["lost"] == 0 and result["duplicates"] == 0 else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(argparse.Namespace(posts=DEFAULT_POSTS)))
