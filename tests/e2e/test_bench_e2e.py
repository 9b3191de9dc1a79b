"""bot/frontends/bench_e2e.py: a small smoke run of the end-to-end bench, and
its bookkeeping (percentiles, what counts as a rate that holds)."""
from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from bot.frontends import bench_e2e
from bot.frontends.bench_e2e import Phase, percentile

KEYS = {"posts", "channels", "replies", "lost", "duplicates", "p50_ms", "p99_ms", "posts_per_s",
        "max_sustained_posts_per_s"}


def test_bench_smoke_prints_the_json_line_last(analyzer: Any, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench_e2e, "load_analyzer", lambda: analyzer)
    args = SimpleNamespace(posts=20, rate=10.0, guilds=2, channels=4, budget_s=40.0, ramp=False)
    assert bench_e2e.main(args) == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert KEYS <= result.keys()
    assert (result["posts"], result["replies"], result["lost"], result["duplicates"]) == (20, 20, 0, 0)
    assert (result["channels"], result["guilds"], result["errors"]) == (4, 2, 0)
    assert 0 < result["p50_ms"] <= result["p99_ms"] < result["p99_bound_ms"]
    assert 8.0 <= result["posts_per_s"] <= 10.5
    assert result["max_sustained_posts_per_s"] == result["posts_per_s"] and result["ramp"] == []
    assert result["elapsed_s"] < 40


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 99) == 99.0 and percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0 and percentile([], 50) is None


def _phase(latencies_ms: list[float], *, rate: float = 10.0, replies_per_post: int = 1) -> Phase:
    phase = Phase("test", rate)
    for i, ms in enumerate(latencies_ms):
        sent = i / rate
        phase.sent_at[i] = sent
        phase.replies[i] = [sent + ms / 1000] * replies_per_post
    phase.first, phase.last = 0.0, (len(latencies_ms) - 1) / rate
    return phase


def test_a_rate_holds_only_with_every_reply_once_in_time_and_no_growing_queue() -> None:
    assert _phase([20.0] * 30).holds(1000)
    assert not _phase([20.0] * 29 + [1500.0]).holds(1000)  # p99 over the bound
    lost = _phase([20.0] * 30)
    lost.replies[3] = []
    assert lost.lost == 1 and not lost.holds(1000)
    twice = _phase([20.0] * 30, replies_per_post=2)
    assert twice.duplicates == 30 and not twice.holds(1000)
    growing = _phase([20.0 + 25 * i for i in range(30)])  # the queue builds up: 20 ms ... 745 ms
    assert growing.growing_backlog() and not growing.holds(1000)
    slow_sender = _phase([20.0] * 30, rate=10.0)
    slow_sender.target_rate = 20.0  # asked for 20/s, managed 10/s
    assert not slow_sender.holds(1000)
