"""knowledge/ loads, and a broken copy fails with a message naming file and key."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.core.analyzer import Analyzer
from bot.core.knowledge import (
    EXCEPTION_IDS,
    KNOWLEDGE_DIR,
    RISK_IDS,
    VERDICT_IDS,
    KnowledgeError,
    load_knowledge,
)


def test_repo_knowledge_loads() -> None:
    kb = load_knowledge()
    assert set(kb.risks) == set(RISK_IDS)
    assert set(kb.exceptions) == set(EXCEPTION_IDS)
    assert set(kb.verdicts) == set(VERDICT_IDS)
    assert {"timing", "other_provider"} <= set(kb.questions)
    assert kb.professions and kb.relationships and kb.cues and kb.safeguards
    # every safeguard a risk or exception names exists
    for entry in (*kb.risks.values(), *kb.exceptions.values()):
        assert set(entry.get("safeguards")) <= set(kb.safeguards), entry.id


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    """A private copy of knowledge/ to break."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def edit(path: Path, pattern: str, repl: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=count, flags=re.MULTILINE)
    assert n, f"test setup: {pattern!r} not found in {path.name}; the file format changed"
    path.write_text(new, encoding="utf-8")


def append(path: Path, block: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + block.strip() + "\n")


def first_id(path: Path) -> str:
    m = re.search(r'^id = "([^"]+)"', path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert m, path
    return m.group(1)


def broken(kdir: Path) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kdir)
    return str(info.value)


def test_bad_toml(kdir: Path) -> None:
    append(kdir / "cues.toml", '[[cue]\nid = "oops"')
    msg = broken(kdir)
    assert "cues.toml" in msg and "TOML" in msg, msg


def test_missing_key(kdir: Path) -> None:
    path = kdir / "professions.toml"
    who = first_id(path)
    edit(path, r'^summary = ".*"\n', "")
    msg = broken(kdir)
    assert "professions.toml" in msg and "summary" in msg and who in msg, msg


def test_wrong_type(kdir: Path) -> None:
    edit(kdir / "relationships.toml", r"^close = (true|false)", 'close = "yes"')
    msg = broken(kdir)
    assert "relationships.toml" in msg and "close" in msg, msg


def test_unknown_risk_id(kdir: Path) -> None:
    append(
        kdir / "risks.toml",
        """
[[risk]]
id = "boredom"
title = "Boredom"
summary = "Not a risk of labels.md."
section = "nowhere"
triggers = ["yawning"]
explain = "Nothing."
safeguards = ["consult"]
""",
    )
    msg = broken(kdir)
    assert "risks.toml" in msg and "boredom" in msg, msg


def test_missing_risk_id(kdir: Path) -> None:
    edit(kdir / "risks.toml", r'^id = "fairness"', 'id = "fairnesss"')
    msg = broken(kdir)
    assert "risks.toml" in msg and "fairness" in msg, msg


def test_unknown_safeguard_reference(kdir: Path) -> None:
    path = kdir / "risks.toml"
    who = first_id(path)
    edit(path, r"^safeguards = \[", 'safeguards = ["no_such_safeguard", ')
    msg = broken(kdir)
    assert "risks.toml" in msg and "no_such_safeguard" in msg and "safeguards" in msg and who in msg, msg


def test_unknown_profession_group(kdir: Path) -> None:
    edit(kdir / "professions.toml", r'^group = "mental_health"', 'group = "wizardry"')
    msg = broken(kdir)
    assert "professions.toml" in msg and "group" in msg and "wizardry" in msg, msg


def test_duplicate_id(kdir: Path) -> None:
    path = kdir / "professions.toml"
    dup = first_id(path)
    append(
        path,
        f"""
[[profession]]
id = "{dup}"
title = "again"
summary = "A second entry with the same id."
section = "nowhere"
triggers = ["duplicate person"]
group = "other"
""",
    )
    msg = broken(kdir)
    assert "professions.toml" in msg and dup in msg and "duplicate" in msg, msg


@pytest.mark.parametrize(
    ("file", "table", "extra", "trigger", "owner"),
    [
        ("professions.toml", "profession", 'group = "other"', "ski instructor", "teacher"),
        # an alternative spells the same phrase as another entry's trigger
        ("professions.toml", "profession", 'group = "other"', "ski|snowboard instructor", "teacher"),
        ("relationships.toml", "relationship", 'kind = "family"\nclose = true\npower = false', "stepdad", "close_family"),
    ],
)
def test_a_phrase_names_one_entry_only(kdir: Path, file: str, table: str, extra: str, trigger: str, owner: str) -> None:
    """Two professions on the same words would leave the choice to the matcher."""
    path = kdir / file
    append(
        path,
        f"""
[[{table}]]
id = "second_owner"
title = "Second owner"
summary = "Claims a phrase another entry has."
section = "nowhere"
triggers = ["{trigger}"]
{extra}
""",
    )
    msg = broken(kdir)
    assert file in msg and "second_owner" in msg and owner in msg, msg


@pytest.mark.parametrize("trigger", ["invited me for dinner|drinks|a drink", "outside of work|the office"])
def test_a_slot_alternates_words_not_phrases(kdir: Path, trigger: str) -> None:
    """'for dinner|a drink' is one slot of {dinner, a} then "drink": it would
    never match "for dinner", so the file is refused, naming the trigger."""
    path = kdir / "cues.toml"
    append(
        path,
        f"""
[[cue]]
id = "phrase_slot"
title = "Phrase slot"
summary = "A trigger written as if '|' joined phrases."
section = "nowhere"
role = "romance"
triggers = ["{trigger}"]
""",
    )
    msg = broken(kdir)
    assert "cues.toml" in msg and "phrase_slot" in msg and trigger in msg, msg


def test_bad_id_characters(kdir: Path) -> None:
    path = kdir / "safeguards.toml"
    edit(path, r'^id = "([^"]+)"', r'id = "Bad Id"')
    msg = broken(kdir)
    assert "safeguards.toml" in msg and "id" in msg, msg


def test_missing_file(kdir: Path) -> None:
    (kdir / "questions.toml").unlink()
    msg = broken(kdir)
    assert "questions.toml" in msg, msg


def test_verdict_rows_must_cover_the_table(kdir: Path) -> None:
    edit(kdir / "verdicts.toml", r"^rules = \[\s*5\s*\]", "rules = [4]")
    msg = broken(kdir)
    assert "verdicts.toml" in msg and "rules" in msg, msg


def test_analyzer_load_fails_fast_on_bad_knowledge(kdir: Path) -> None:
    edit(kdir / "professions.toml", r'^group = "mental_health"', 'group = "wizardry"')
    with pytest.raises(KnowledgeError, match="professions.toml"):
        Analyzer.load(kdir)
