"""Every template renders for every knowledge entry, and every reply carries the disclaimer."""
from __future__ import annotations

import itertools

import pytest

from bot.core.assessment import Assessment, Mention, Option, Question
from bot.replies import CuratedNote, FeaturedNote, Renderer
from bot.replies.paging import discord_len
from bot.replies.codes import code_topics, rules_for
from bot.replies.renderer import ERROR_KINDS

from replies_helpers import DISCLAIMER_PHRASE, assert_sendable, finding, make_assessment


def test_disclaimer_says_not_advice(renderer: Renderer) -> None:
    assert DISCLAIMER_PHRASE in renderer.disclaimer


def test_every_risk_card(renderer: Renderer, knowledge) -> None:
    for rid, entry in knowledge.risks.items():
        reply = renderer.risk_card(rid)
        assert_sendable(reply, renderer)
        assert entry.title in reply.text and entry.explain in reply.text
        for sid in entry.get("safeguards"):
            assert knowledge.safeguards[sid].title in reply.text
        assert renderer.risk_card("risk." + rid) == reply


def test_every_exception_card(renderer: Renderer, knowledge) -> None:
    for eid, entry in knowledge.exceptions.items():
        reply = renderer.exception_card(eid)
        assert_sendable(reply, renderer)
        assert entry.title in reply.text and entry.explain in reply.text


def test_risks_overview_lists_everything(renderer: Renderer, knowledge) -> None:
    reply = renderer.risks_overview()
    assert_sendable(reply, renderer)
    for entry in [*knowledge.risks.values(), *knowledge.exceptions.values()]:
        assert entry.title in reply.text


@pytest.mark.parametrize("which", ["all", "each", "empty"])
def test_safeguards(renderer: Renderer, knowledge, which: str) -> None:
    if which == "each":
        for sid, entry in knowledge.safeguards.items():
            reply = renderer.safeguards([sid])
            assert_sendable(reply, renderer)
            assert entry.explain in reply.text
        return
    reply = renderer.safeguards(None if which == "all" else [])
    assert_sendable(reply, renderer)
    assert all(e.title in reply.text for e in knowledge.safeguards.values())


def test_unknown_safeguard_is_not_found(renderer: Renderer) -> None:
    assert "don't know a safeguard" in renderer.safeguards(["nope"]).text


def test_every_concept(renderer: Renderer, knowledge) -> None:
    for cid, entry in knowledge.concepts.items():
        reply = renderer.concept(cid)
        assert_sendable(reply, renderer)
        assert "don't know" not in reply.text, cid
        # a concept is shown through its own text or through the richer card it names
        shown = entry.explain in reply.text or entry.title in reply.text
        assert shown or cid in ("risks", "safeguards"), cid


def test_concept_falls_back_to_cards_and_not_found(renderer: Renderer, knowledge) -> None:
    assert renderer.concept("fairness") == renderer.risk_card("fairness")
    assert renderer.concept("rural_access") == renderer.exception_card("rural_access")
    missing = renderer.concept("boundry_crossing")
    assert "Did you mean" in missing.text
    assert knowledge.concepts["boundary_crossing_vs_violation"].title in missing.text


def test_lookup_general_and_topic(renderer: Renderer, knowledge) -> None:
    general = renderer.lookup(Assessment(text="?", intent="lookup", confidence=0.8))
    assert_sendable(general, renderer)
    assert knowledge.concepts["dual_relationship"].explain in general.text
    assert knowledge.concepts["rural_practice"].title in general.text
    topic = renderer.lookup(Assessment(text="?", intent="lookup", confidence=0.8, lookup_topic="informed_consent"))
    assert topic == renderer.concept("informed_consent")
    unknown = renderer.lookup(Assessment(text="?", intent="lookup", confidence=0.8, lookup_topic="no_such"))
    assert unknown == general


def test_every_verdict_and_rule(renderer: Renderer, knowledge) -> None:
    for vid, entry in knowledge.verdicts.items():
        for rule in entry.get("rules"):
            a = make_assessment(verdict=vid, verdict_rule=rule)
            reply = renderer.scenario(a)
            assert_sendable(reply, renderer)
            assert entry.title in reply.content
            assert entry.get("reasons")[str(rule)] in reply.content
            assert len(renderer.thread_title(a)) <= 100


def test_scenario_without_verdict_or_risks(renderer: Renderer) -> None:
    a = make_assessment(verdict=None, verdict_rule=None, risks=(), profession=None, profession_group=None,
                        relationships=(), safeguards=())
    reply = renderer.scenario(a)
    assert_sendable(reply, renderer)
    assert "not named" in reply.content and "couldn't reach one" in reply.content


def test_scenario_shows_every_part(renderer: Renderer, knowledge) -> None:
    a = make_assessment(
        profession="psychologist", profession_group="mental_health", timing="current", romance=True,
        risks=(finding("sexual_relationship", "I have a crush on her"), finding("clouded_judgment", "my best friend")),
        exceptions=(finding("rural_access", "only therapist for 60 miles"),),
        mentions=(Mention("rural", "rural_place", "rural", 0, 5),),
        verdict="prohibited", verdict_rule=1, safeguards=("end_romance_or_care", "consult"),
        questions=(Question("timing", "?", (Option("current", "c"), Option("former", "f"))),),
    )
    reply = renderer.scenario(
        a,
        curated=[CuratedNote("Rule of thumb", "Refer out first.", "mod_jane")],
        featured=FeaturedNote("sam", "I'd refer her.", "https://discord.com/channels/1/2/3"),
    )
    assert_sendable(reply, renderer)
    text = reply.text
    for expected in (
        "psychologist", "(you)", "rural or remote place", "still a client",
        knowledge.verdicts["prohibited"].title,
        "“I have a crush on her”", knowledge.risks["sexual_relationship"].summary,
        knowledge.exceptions["rural_access"].title, "“only therapist for 60 miles”",
        knowledge.safeguards["end_romance_or_care"].summary,
        "APA 10.05", knowledge.questions["timing"].get("prompt"),
        "Rule of thumb", "Refer out first.", "mod\\_jane", "I'd refer her.",
        "(https://discord.com/channels/1/2/3)", "What would you do?",
    ):
        assert expected in text, expected


def test_every_profession_and_relationship_renders(renderer: Renderer, knowledge) -> None:
    for pid, rid in itertools.zip_longest(knowledge.professions, knowledge.relationships, fillvalue="dentist"):
        a = make_assessment(profession=pid, profession_group=knowledge.professions[pid].get("group"),
                            relationships=(Mention("relationship", rid, "x", 0, 1),))
        reply = renderer.scenario(a)
        assert_sendable(reply, renderer)
        assert knowledge.relationships.get(rid, knowledge.professions["dentist"]).title in reply.content
        title = renderer.thread_title(a)
        assert 0 < len(title) <= 100 and "\n" not in title


def test_unknown_lexicon_ids_are_prettified(renderer: Renderer) -> None:
    a = make_assessment(profession="tattoo_artist", profession_group="other",
                        relationships=(Mention("relationship", "pen_pal", "x", 0, 1),))
    reply = renderer.scenario(a)
    assert "tattoo artist" in reply.content and "pen pal" in reply.content
    assert renderer.thread_title(a).startswith("Tattoo artist and pen pal")


@pytest.mark.parametrize(
    "kw, topics",
    [
        (dict(romance=True, timing="current"), {"romance_current"}),
        (dict(romance=True, timing="former"), {"romance_former"}),
        (dict(romance=True, timing=None), {"romance_current"}),
        (dict(relationships=(Mention("relationship", "close_friend", "x", 0, 1),)), {"family_friends"}),
        (dict(relationships=(Mention("relationship", "spouse", "x", 0, 1),), romance=True, timing="current"),
         {"romance_current", "prior_romance"}),
        (dict(relationships=(Mention("relationship", "landlord", "x", 0, 1),)), {"general"}),
        (dict(relationships=(), exceptions=(finding("insular_community", "our shul"),)), {"community"}),
    ],
)
def test_code_topics(knowledge, kw, topics) -> None:
    assert code_topics(make_assessment(**kw), knowledge) == topics


def test_code_rules_per_profession(knowledge) -> None:
    def rules(**kw):
        return [f"{r.get('code')} {r.get('rule')}" for r in rules_for(make_assessment(**kw), knowledge)]

    assert rules(profession="psychologist", romance=True, timing="former") == ["APA 10.08"]
    assert rules(profession="counselor", romance=True, timing="current")[0] == "ACA A.5.a"
    assert rules(profession="social_worker", romance=True, timing="former") == ["NASW 1.09(c)"]
    assert rules(profession="physician", relationships=(Mention("relationship", "close_family", "x", 0, 1),)) == ["AMA 1.2.1"]
    assert rules(profession="lawyer", romance=True, timing="current")[0] == "ABA 1.8(j)"
    # a romance rule comes before a general one when both apply
    assert rules(profession="psychologist", romance=True, timing="current",
                 exceptions=(finding("rural_access", "x"),))[0] == "APA 10.05"
    assert rules(profession="dentist") == [] and rules(profession=None, profession_group=None) == []


def test_questions_are_one_line(renderer: Renderer, knowledge) -> None:
    for qid, entry in knowledge.questions.items():
        line = renderer.question(Question(qid, "ignored", (Option("a", "b"), Option("c", "d"))))
        assert "\n" not in line and entry.get("prompt") in line
        assert all(o["label"] in line for o in entry.get("options"))
    other = renderer.question(Question("custom", "Is it @everyone's **call**?", (Option("y", "Yes"), Option("n", "No"))))
    assert "@everyone" not in other and "\\*\\*call\\*\\*" in other and "Yes / No" in other


@pytest.mark.parametrize("kind", ERROR_KINDS + ("no_such_kind",))
def test_every_error_kind(renderer: Renderer, kind: str) -> None:
    reply = renderer.error(kind, name="fairnes", what="risk", length=5000, limit=4000, retry_after=2.5)
    assert_sendable(reply, renderer)
    assert "went wrong on my side while writing" not in reply.text  # not the built-in fallback


def test_error_context(renderer: Renderer, knowledge) -> None:
    assert "5000 characters" in renderer.error("too_long", length=5000, limit=4000).text
    assert "in 3 seconds" in renderer.error("cooldown", retry_after=2.1).text
    assert "in 1 second." in renderer.error("cooldown", retry_after=0.2).text
    for bad in ("soon", float("nan"), float("inf"), None, object()):
        assert_sendable(renderer.error("cooldown", retry_after=bad), renderer)
    found = renderer.error("not_found", name="fairnes", what="risk")
    assert knowledge.risks["fairness"].title in found.text and "`fairness`" in found.text
    given = renderer.error("not_found", name="x", what="exception", suggestions=["rural_access", "bogus"])
    assert knowledge.exceptions["rural_access"].title in given.text and "bogus" not in given.text
    assert "Did you mean" not in renderer.error("not_found", name="zzzzzz").text


def test_about_discussion_poll(renderer: Renderer, knowledge) -> None:
    about = renderer.about()
    assert_sendable(about, renderer)
    assert all(r.title in about.text for r in knowledge.risks.values())
    assert_sendable(renderer.discussion(), renderer)
    question, answers = renderer.poll()
    assert 0 < len(question) <= 300 and 2 <= len(answers) <= 10
    assert all(0 < len(a) <= 55 for a in answers)


def test_reply_rejects_oversized_pages() -> None:
    from bot.replies import Reply

    with pytest.raises(ValueError):
        Reply(())
    with pytest.raises(ValueError):
        Reply(("x" * 2001,))
    assert Reply(("a", "b")).content == "a"
    assert discord_len("😀") == 2  # counted as Discord may count it: UTF-16 units
