"""`python -m bot bench`: how fast is the analyzer, next to the bare base model?

One process, one run:

1. load_s: the time of Analyzer.load(), the learned layer's file included when
   the CLI passes one (measured first, so nothing is warm);
2. throughput of Analyzer.iter_analyze and of the stock base pipeline's
   nlp.pipe (every trained component, ner included) over the same posts. The two
   are interleaved for a few rounds and the best round of each is kept, so noise
   on a small shared machine hits both alike;
3. p50/p99 latency of single Analyzer.analyze() calls after a warm-up;
4. rss_mb: the peak resident set size of the analyzer alone, after it has
   loaded, analysed every post once and run the latency sample; taken before
   the base model is loaded for the comparison, whose own weights would
   otherwise be counted too.

The posts cycle the texts of tests/data/labelled.jsonl and, when it exists next
to the project, shared/eval/dev.jsonl.
"""
from __future__ import annotations

import json
import logging
import math
import resource
import sys
import time
from collections.abc import Callable, Iterable
from itertools import cycle, islice
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_PROJECT = Path(__file__).resolve().parents[2]
LABELLED = _PROJECT / "tests" / "data" / "labelled.jsonl"
SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"
FALLBACK_TEXTS = (
    "I'm a therapist and my best friend's husband wants to start seeing me for his anxiety.",
    "My brother-in-law is my dentist. Is that a problem?",
    "I'm the only lawyer for 60 miles and my neighbour needs a will.",
    "What counts as a dual relationship?",
    "great discussion everyone",
)

ROUNDS = 3
LATENCY_POSTS = 300
LATENCY_WARMUP = 20
BATCH_SIZE = 64


def _texts_from(path: Path) -> list[str]:
    texts: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return texts
    for line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip():
            texts.append(obj["text"])
    return texts


def bench_texts(posts: int) -> list[str]:
    """At least `posts` posts (exactly `posts`), cycling the labelled texts."""
    source = _texts_from(LABELLED)
    if SHARED_DEV.is_file():
        source += _texts_from(SHARED_DEV)
    if not source:
        log.warning("no labelled texts found; benchmarking built-in examples")
        source = list(FALLBACK_TEXTS)
    return list(islice(cycle(source), max(posts, 1)))


def _timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _drain(items: Iterable[Any]) -> None:
    for _ in items:
        pass


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_bench(
    posts: int = 1000, *, rounds: int = ROUNDS, latency_posts: int = LATENCY_POSTS, adjuster: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """`adjuster`: loads the learned layer the analyzer runs with (the CLI passes
    the shipped one's loader), timed as part of the load; None: the rules alone."""
    from .analyzer import Analyzer
    from .model import load_base_model

    start = time.perf_counter()
    analyzer = Analyzer.load(adjuster=adjuster() if adjuster is not None else None)
    load_s = time.perf_counter() - start
    log.info("Analyzer.load() took %.2f s", load_s)

    texts = bench_texts(posts)
    _drain(analyzer.iter_analyze(texts, batch_size=BATCH_SIZE))  # warm-up, and every post seen once

    sample = list(islice(cycle(texts), LATENCY_WARMUP + max(latency_posts, 1)))
    latencies: list[float] = []
    for i, text in enumerate(sample):
        elapsed = _timed(lambda: analyzer.analyze(text))
        if i >= LATENCY_WARMUP:
            latencies.append(elapsed * 1000)
    log.info("latency over %d posts measured", len(latencies))
    rss_mb = peak_rss_mb()

    base = load_base_model(exclude=())  # the stock pipeline, ner included
    log.info("base pipeline: %s", ", ".join(base.pipe_names))
    _drain(base.pipe(texts[: min(len(texts), BATCH_SIZE)], batch_size=BATCH_SIZE))  # its warm-up

    def run_analyzer() -> None:
        _drain(analyzer.iter_analyze(texts, batch_size=BATCH_SIZE))

    def run_base() -> None:
        _drain(base.pipe(texts, batch_size=BATCH_SIZE))

    best = {"analyzer": math.inf, "base": math.inf}
    for n in range(max(rounds, 1)):
        # alternate who goes first, so a drift in machine load favours neither
        order = (("analyzer", run_analyzer), ("base", run_base))
        for name, run in order if n % 2 == 0 else order[::-1]:
            elapsed = _timed(run)
            best[name] = min(best[name], elapsed)
            log.info("round %d %-8s %6.2f s (%.1f posts/s)", n + 1, name, elapsed, len(texts) / elapsed)
    analyzer_rate = len(texts) / best["analyzer"]
    base_rate = len(texts) / best["base"]

    return {
        "posts": len(texts),
        "analyzer_posts_per_s": round(analyzer_rate, 1),
        "base_posts_per_s": round(base_rate, 1),
        "ratio": round(analyzer_rate / base_rate, 3),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "load_s": round(load_s, 3),
        "rss_mb": round(rss_mb, 1),
    }


__all__ = ["run_bench", "bench_texts", "percentile"]
