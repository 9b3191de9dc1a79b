"""Command sync bookkeeping: hashes of the payload, kept next to the database."""
from __future__ import annotations

from pathlib import Path

from bot.frontends.sync import SyncState, payload_hash, scope_key


def test_hash_is_stable_and_order_free() -> None:
    a = [{"name": "risk", "options": [{"name": "name", "type": 3}]}, {"name": "about"}]
    b = list(reversed(a))
    assert payload_hash(a) == payload_hash(b)
    changed = [{"name": "risk", "options": [{"name": "name", "type": 4}]}, {"name": "about"}]
    assert payload_hash(a) != payload_hash(changed)


def test_state_file_beside_the_database(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.sqlite3"
    state = SyncState.beside(db)
    assert state.path == tmp_path / "data" / "bot.sqlite3.commands.json"
    key = scope_key(123, None)
    assert state.get(key) is None
    state.set(key, "abc")
    assert SyncState.beside(db).get(key) == "abc"
    assert SyncState.beside(db).get(scope_key(123, 5)) is None
    assert SyncState.beside(":memory:").path is None


def test_unreadable_state_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert SyncState(path).get("x") is None
