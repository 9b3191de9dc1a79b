"""The prose knowledge files owned by replies: complete, consistent with the specs, our own words."""
from __future__ import annotations

import re
import tomllib

import pytest

from bot.core.knowledge import KNOWLEDGE_DIR, RISK_IDS, EXCEPTION_IDS

SHARED = KNOWLEDGE_DIR.parents[1] / "shared"  # beside the repository, here and in CI
OWN_FILES = ("risks", "exceptions", "verdicts", "safeguards", "concepts", "codes", "questions")
SAFEGUARD_IDS = {"be_open", "informed_consent", "confidentiality", "clarify_role", "consult", "refer_out"}
CODE_PROFESSIONS = {
    "APA": {"psychologist"},
    "ACA": {"counselor", "school_counselor", "addiction_counselor"},
    "NASW": {"social_worker"},
    "AAMFT": {"marriage_family_therapist"},
    "AMA": {"physician", "surgeon", "psychiatrist"},
    "ABA": {"lawyer"},
}


def test_ids_and_references(knowledge) -> None:
    assert set(knowledge.risks) == set(RISK_IDS) and set(knowledge.exceptions) == set(EXCEPTION_IDS)
    assert SAFEGUARD_IDS <= set(knowledge.safeguards)
    assert {"timing", "other_provider"} <= set(knowledge.questions)
    assert [o["value"] for o in knowledge.questions["timing"].get("options")] == ["current", "former"]
    assert [o["value"] for o in knowledge.questions["other_provider"].get("options")] == ["yes", "no"]
    for cid in ("dual_relationship", "always_unethical", "exceptions", "rural_practice", "insular_communities",
                "boundary_crossing_vs_violation", "romance_rules", "informed_consent",
                *(f"risk.{r}" for r in RISK_IDS)):
        assert cid in knowledge.concepts, cid
    for rid in RISK_IDS:
        assert knowledge.risks[rid].explain and knowledge.risks[rid].get("safeguards")


def test_verdict_reasons_cover_the_table(knowledge) -> None:
    rows = {v.id: sorted(v.get("rules")) for v in knowledge.verdicts.values()}
    assert rows == {"prohibited": [1], "avoid": [2, 4], "may_be_appropriate": [3], "caution": [5]}


def test_codes_match_the_checked_table(knowledge) -> None:
    codes_md = SHARED / "spec" / "codes.md"
    if not codes_md.is_file():
        pytest.skip("shared/spec/codes.md is not beside the repository")
    table = re.findall(r"^\| (\w+)(?: \([^)]*\))? \| ([\w.()]+) \|", codes_md.read_text(encoding="utf-8"), re.M)
    checked = {(code, rule) for code, rule in table if code != "code"}
    cited = {(r.get("code"), r.get("rule")) for r in knowledge.codes.values()}
    assert cited == checked  # one entry per row, and nothing that was not checked
    for r in knowledge.codes.values():
        assert set(r.get("applies_to")) == CODE_PROFESSIONS[r.get("code")], r.id


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_sentence_of_the_article_is_copied() -> None:
    article = SHARED / "seed" / "dual-relationships-article.txt"
    if not article.is_file():
        pytest.skip("the seed article is not beside the repository")
    n = 6  # six words in a row shared with the article is a copied phrase, not a common term
    art = _words(article.read_text(encoding="utf-8"))
    grams = {tuple(art[i : i + n]) for i in range(len(art) - n + 1)}
    texts = [(f"{f}.toml", s) for f in OWN_FILES
             for s in _strings(tomllib.loads((KNOWLEDGE_DIR / f"{f}.toml").read_text(encoding="utf-8")))]
    responses = KNOWLEDGE_DIR.parent / "responses"
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(responses.glob("*.j2"))]
    copied = []
    for where, text in texts:
        w = _words(text)
        copied += [(where, " ".join(w[i : i + n])) for i in range(len(w) - n + 1) if tuple(w[i : i + n]) in grams]
    assert copied == []
