"""``python -m bot curation export|import FILE.json [--db PATH]``: the backup story.

``export`` writes every server's curated content (answers, aliases, their
history, featured answers, corrections) as one JSON document; ``import``
reads one back. Rows are matched by natural keys, so importing into another
database works and re-importing the same file changes nothing. Import is
all-or-nothing: the whole file is checked first and written in one
transaction; on any problem nothing is written and the exit status is 1.

``FILE`` may be ``-`` for standard output / input. ``--db`` defaults to
BOT_DATABASE (see :mod:`bot.settings`).

Exit status: 0 done, 1 bad file or database problem, 2 bad arguments.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from ..files import write_atomic

PROG = "python -m bot curation"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                        help="SQLite file (default: BOT_DATABASE, else data/bot.sqlite3)")
    common.add_argument("--env-file", default=argparse.SUPPRESS, help="the .env file to read (default: ./.env)")
    p = argparse.ArgumentParser(prog=PROG, parents=[common],
                                description="Export or import all moderator-curated content as JSON.")
    sub = p.add_subparsers(dest="action", required=True, metavar="{export,import}")
    e = sub.add_parser("export", parents=[common], help="write all curated content to FILE (- for stdout)")
    e.add_argument("file")
    i = sub.add_parser("import", parents=[common], help="read curated content from FILE (- for stdin); all or nothing")
    i.add_argument("file")
    return p


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def _database(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None) is not None:
        return Path(args.db).expanduser()
    from bot.settings import Settings

    return Settings.load(env_file=getattr(args, "env_file", ".env")).database


def main(argv: Sequence[str]) -> int:
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        database = _database(args)
    except ValueError as exc:  # SettingsError
        print(f"Bad settings: {exc}", file=sys.stderr)
        return 2
    if args.action == "export":
        return asyncio.run(_export(database, args.file))
    return asyncio.run(_import(database, args.file))


async def _export(database: Path, file: str) -> int:
    from bot.storage import Storage, StorageError

    if not database.is_file():
        return _fail(f"no database at {database} (use --db PATH)")
    try:
        async with Storage.open(database) as storage:
            data = await storage.export_curation()
    except StorageError as exc:
        return _fail(str(exc))
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if file == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_atomic(Path(file), text)
        except OSError as exc:
            return _fail(f"cannot write {file}: {exc.strerror or exc}")
    counts = ", ".join(f"{len(data.get(k, []))} {k}" for k in ("answers", "aliases", "history", "featured", "corrections"))
    print(f"Exported {counts} from {database}" + ("" if file == "-" else f" to {file}") + ".", file=sys.stderr)
    return 0


def _read(file: str) -> tuple[Any, str | None]:
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            text = Path(file).expanduser().read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, f"no such file: {file}"
    except IsADirectoryError:
        return None, f"{file} is a folder, not a file"
    except UnicodeDecodeError:
        return None, f"{file} is not UTF-8 text (expected a JSON export)"
    except OSError as exc:
        return None, f"cannot read {file}: {exc.strerror or exc}"
    if not text.strip():
        return None, f"{file} is empty"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"{file} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    except RecursionError:
        return None, f"{file} is nested too deeply to be an export"


async def _import(database: Path, file: str) -> int:
    from bot.storage import Storage, StorageError, StorageImportError

    data, problem = _read(file)
    if problem:
        return _fail(problem + "; nothing was imported")
    try:
        async with Storage.open(database) as storage:
            counts = await storage.import_curation(data)
    except StorageImportError as exc:
        return _fail(f"{file}: {exc}; nothing was imported")
    except StorageError as exc:
        return _fail(f"{exc}; nothing was imported")
    written = ", ".join(f"{n} {k}" for k, n in counts.items())
    print(f"Imported into {database}: {written} (new or changed rows).")
    for warning in _unknown_targets(data):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _unknown_targets(data: Any) -> list[str]:
    """Answers whose targets this bot's knowledge does not know (they will never match)."""
    try:
        from bot.core.knowledge import cached_knowledge

        from .patterns import TargetError, Vocabulary

        vocabulary = Vocabulary(cached_knowledge())
    except Exception:  # knowledge trouble is start-up's business, not the import's
        return []
    found = []
    for answer in data.get("answers", []) if isinstance(data, dict) else []:
        try:
            vocabulary.parse(answer["target"], answer["target_kind"])
        except TargetError as exc:
            found.append(f"answer {answer.get('name')!r} (guild {answer.get('guild_id')}): {exc} It will not match posts.")
        except (KeyError, TypeError):
            continue
    return found
