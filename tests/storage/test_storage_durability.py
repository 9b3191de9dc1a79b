"""A process killed with SIGKILL mid-curation leaves no half-written change.

add_answer/edit_answer write the answer, its history row and its audit row in
one transaction. If they were separate commits, a kill between them would
leave an answer without its 'add' history, a body that no history row
produced, or history without audit, and the checks below would fail.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.storage import Storage

from .conftest import REPO_ROOT

_WRITER = textwrap.dedent(
    """
    import asyncio, hashlib, random, sys
    from bot.storage import Storage

    def body(name, version):
        # Self-checking body: a torn write would break the digest.
        head = f"{name}|v{version}|"
        return head + hashlib.sha256(head.encode()).hexdigest() * 40

    async def main(path):
        rng = random.Random(int(sys.argv[2]))
        async with Storage.open(path) as db:
            names, versions, n = [], {}, 0
            while True:
                if len(names) < 10 or rng.random() < 0.4:
                    name = f"answer {len(names)}"
                    await db.add_answer(1, name, "risk", "exploitation", body(name, 0), 7)
                    names.append(name)
                    versions[name] = 0
                else:
                    name = rng.choice(names)
                    versions[name] += 1
                    await db.edit_answer(1, name, 8, body=body(name, versions[name]))
                n += 1
                if n == 30:
                    print("ready", flush=True)

    asyncio.run(main(sys.argv[1]))
    """
)


def _valid_body(text: str) -> bool:
    head, _, digest = text.rpartition("|")
    head += "|"
    return digest == hashlib.sha256(head.encode()).hexdigest() * 40


@pytest.mark.parametrize("seed,delay", [(1, 0.05), (2, 0.3), (3, 0.7)])
async def test_sigkill_during_curation_writes(tmp_path: Path, seed: int, delay: float) -> None:
    path = tmp_path / "bot.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until 30 writes are committed
        assert line.strip() == "ready", proc.stderr.read() if proc.stderr else ""
        time.sleep(delay)
        assert proc.poll() is None, "writer stopped on its own"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # The file as left by the kill (WAL not yet checkpointed) must be sound.
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        answers = raw.execute("SELECT id, name, body FROM curated_answers").fetchall()
        history = raw.execute(
            "SELECT answer_id, action, old_body, new_body FROM answer_history ORDER BY id"
        ).fetchall()
        audit = Counter(a for (a,) in raw.execute("SELECT action FROM audit_log"))

    assert len(answers) >= 10
    by_answer: dict[int, list[tuple[str, str | None, str | None]]] = {}
    for answer_id, action, old, new in history:
        by_answer.setdefault(answer_id, []).append((action, old, new))
    assert set(by_answer) == {a[0] for a in answers}, "history rows without answer, or answer without history"
    for answer_id, name, body in answers:
        rows = by_answer[answer_id]
        assert rows[0][0] == "add" and [r[0] for r in rows].count("add") == 1, name
        assert _valid_body(body) and body.startswith(f"{name}|"), name
        # Each row's old body is the previous row's new body, and the last new body is the answer's body.
        for previous, current in zip(rows, rows[1:], strict=False):
            assert current[1] == previous[2], name
        assert rows[-1][2] == body, name
    counts = Counter(action for _, action, _, _ in history)
    assert audit["answer.add"] == counts["add"] and audit["answer.edit"] == counts["edit"]

    # And the storage layer opens it normally and agrees.
    async with Storage.open(path) as db:
        assert await db.integrity_problems() == []
        assert len(await db.list_answers(1)) == len(answers)
