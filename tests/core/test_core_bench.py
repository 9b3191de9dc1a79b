"""bot.core.bench: the shape of `python -m bot bench`'s result (a tiny run)."""
from __future__ import annotations

from bot.core import bench

KEYS = {"posts", "analyzer_posts_per_s", "base_posts_per_s", "ratio", "p50_ms", "p99_ms", "load_s", "rss_mb"}


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 99) == 99.0
    assert bench.percentile(values, 100) == 100.0
    assert bench.percentile([7.0], 99) == 7.0


def test_bench_texts_cycle_to_the_count(monkeypatch, tmp_path) -> None:
    texts = bench.bench_texts(1000)
    assert len(texts) == 1000 and all(isinstance(t, str) and t for t in texts)
    monkeypatch.setattr(bench, "SHARED_DEV", tmp_path / "absent.jsonl")
    assert len(bench.bench_texts(50)) == 50
    monkeypatch.setattr(bench, "LABELLED", tmp_path / "absent-too.jsonl")
    assert bench.bench_texts(7) and len(bench.bench_texts(7)) == 7


def test_run_bench_result_shape() -> None:
    result = bench.run_bench(20, rounds=1, latency_posts=5)
    assert set(result) == KEYS
    assert result["posts"] >= 20
    for key in KEYS - {"posts"}:
        assert isinstance(result[key], float) and result[key] > 0, (key, result[key])
    assert result["p50_ms"] <= result["p99_ms"]
    assert abs(result["ratio"] - result["analyzer_posts_per_s"] / result["base_posts_per_s"]) < 0.01
