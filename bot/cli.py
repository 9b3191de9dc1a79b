"""`python -m bot ...`: the command line.

analyze, eval and bench are the domain core's; everything that talks to a
person in a channel (run, console, and no command at all) belongs to
bot.frontends.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("bot.cli")

CORE_COMMANDS = ("analyze", "eval", "bench", "train", "curation")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Dual-relationships ethics bot.")
    sub = p.add_subparsers(dest="command")
    a = sub.add_parser("analyze", help="analyse a post (or JSONL from stdin with --jsonl)")
    a.add_argument("text", nargs="?", help="the post; read from stdin when omitted")
    fmt = a.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON record")
    fmt.add_argument("--jsonl", action="store_true", help="batch: {id, text} per line in, one record per line out")
    e = sub.add_parser("eval", help="score the analyzer on a labelled JSONL file")
    e.add_argument("file")
    e.add_argument("--json", action="store_true", help="print the summary as JSON")
    b = sub.add_parser("bench", help="benchmark the analyzer against the bare base model")
    for command in (a, e, b):
        command.add_argument("--rules-only", action="store_true",
                             help="leave out the learned layer shipped with the bot (bot/learning/shipped_model.json)")
    # None: each bench uses its own default (1000 posts; 400 end to end, which sends them at 20/s)
    b.add_argument("--posts", type=int, default=None, help="posts to send (default: 1000; 400 with --e2e)")
    b.add_argument("--e2e", action="store_true", help="end-to-end benchmark through a fake Discord")
    # listed for --help; their own parsers take over before this one runs
    sub.add_parser("train", help="fold moderators' corrections and our labelled posts into the analyzer", add_help=False)
    sub.add_parser("curation", help="export or import all curated content (the backup story)", add_help=False)
    return p


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in CORE_COMMANDS + ("-h", "--help"):
        from .frontends.launch import main as frontend_main

        return frontend_main(argv)
    # train and curation parse their own options (`curation --db X export F`)
    if argv[0] == "train":
        from .learning.cli import main as train_main

        return train_main(argv[1:])
    if argv[0] == "curation":
        from .curation.cli import main as curation_main

        return curation_main(argv[1:])
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "bench":
        if args.e2e:
            from .frontends.bench_e2e import main as e2e_main

            return e2e_main(args)
        from .core.bench import run_bench

        loader = None if args.rules_only else _shipped_loader()
        print(json.dumps(run_bench(adjuster=loader) if args.posts is None else run_bench(args.posts, adjuster=loader)))
        return 0
    return 2


def _shipped_loader() -> Any:
    from .learning import shipped_adjuster

    return shipped_adjuster


def load_analyzer(rules_only: bool = False) -> Any:
    """The analyzer the CLI runs: the rules plus the learned layer shipped with
    the bot (trained on the repository's labelled posts; it logs and steps aside
    when missing or stale), or the rules alone."""
    from .core.analyzer import Analyzer

    return Analyzer.load(adjuster=None if rules_only else _shipped_loader()())


def _analyze(args: argparse.Namespace) -> int:
    from .core.describe import describe

    analyzer = load_analyzer(args.rules_only)
    if args.jsonl:
        for record in analyze_jsonl(analyzer, sys.stdin):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return 0
    text = args.text if args.text is not None else sys.stdin.read()
    assessment = analyzer.analyze(text)
    if args.json:
        print(json.dumps(assessment.to_record(), ensure_ascii=False))
    else:
        print(describe(assessment))
    return 0


def _analyze_one(analyzer: Any, text: str) -> Any:
    try:
        return analyzer.analyze(text)
    except Exception as exc:
        log.exception("analysis failed for one post")
        return exc


def analyze_jsonl(analyzer: Any, lines: IO[str] | list[str], batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """One record per input line, in order; a bad line yields an error record."""
    batch: list[tuple[int, Any, str]] = []
    slots: list[dict[str, Any] | None] = []

    def flush() -> Iterator[dict[str, Any]]:
        texts = [t for _, _, t in batch]
        try:
            assessments: list[Any] = list(analyzer.iter_analyze(texts))
        except Exception:  # a bug met by one post must not cost the others theirs
            log.exception("a batch of %d posts failed; analysing them one by one", len(texts))
            assessments = [_analyze_one(analyzer, t) for t in texts]
        for (slot, rid, _), assessment in zip(batch, assessments):
            if isinstance(assessment, Exception):
                slots[slot] = {"id": rid, "error": f"internal error while analysing this post ({type(assessment).__name__})"}
            else:
                slots[slot] = assessment.to_record(rid)
        batch.clear()
        yield from (r for r in slots if r is not None)
        slots.clear()

    for line in lines:
        if not line.strip():
            continue
        rid: Any = None
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("a line must be a JSON object")
            rid = obj.get("id")
            text = obj.get("text")
            if not isinstance(text, str):
                raise ValueError("missing 'text' (a string)")
        except (ValueError, RecursionError) as exc:
            slots.append({"id": rid, "error": str(exc)[:200]})
            continue
        batch.append((len(slots), rid, text))
        slots.append(None)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()
    else:
        yield from (r for r in slots if r is not None)


def _eval(args: argparse.Namespace) -> int:
    from .core.evaluation import format_report, score

    lines = Path(args.file).read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line.strip()]
    analyzer = load_analyzer(args.rules_only)
    pred = {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}
    report = score(gold, pred)
    print(json.dumps(report.summary()) if args.json else format_report(report))
    return 0
