"""Column encodings round-trip (property tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.storage.codec import (
    facts_from_text,
    facts_to_text,
    ids_from_text,
    ids_to_text,
    name_key,
    ts_from_text,
    ts_to_text,
)

label_ids = st.lists(st.from_regex(r"[a-z0-9_.-]{1,20}", fullmatch=True), max_size=8)
aware = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9999, 1, 1), timezones=st.just(UTC))


@given(label_ids)
def test_ids_round_trip(ids: list[str]) -> None:
    assert ids_from_text(ids_to_text(ids)) == tuple(ids)
    assert ids_from_text(ids_to_text(ids, sort=True)) == tuple(sorted(set(ids)))


@given(
    st.dictionaries(st.text(max_size=10), st.text(max_size=20) | st.integers() | st.booleans(), max_size=5)
)
def test_facts_round_trip(facts: dict[str, object]) -> None:
    assert facts_from_text(facts_to_text(facts)) == facts


@given(aware, aware)
def test_timestamps_round_trip_and_sort_as_text(a: datetime, b: datetime) -> None:
    assert ts_from_text(ts_to_text(a)) == a
    assert (ts_to_text(a) < ts_to_text(b)) == (a < b)


@given(st.text(min_size=1, max_size=30))
def test_name_key_ignores_case_and_spacing(name: str) -> None:
    assert name_key(f"  {name}  ") == name_key(name)
    assert name_key(name.casefold()) == name_key(name) == name_key(name_key(name))
    assert name_key("Former   CLIENTS") == name_key("former clients")
