"""Each spaCy component of the analyzer, on the real pipeline."""
from __future__ import annotations

import pytest

from bot.core.components.lexicon import SPANS_KEY
from bot.core.knowledge import cached_knowledge, KNOWLEDGE_DIR

from ._support import LABELLED, SHARED_DEV, load_jsonl


def spans(doc, label: str) -> list:
    return [s for s in doc.spans[SPANS_KEY] if s.label_ == label]


def group_of(kb_id: str) -> str:
    return cached_knowledge(str(KNOWLEDGE_DIR)).professions[kb_id].get("group")


def check_scenario_risks(analyzer, text: str, present: set[str], absent: set[str]) -> None:
    """The post reads as a scenario with every risk in `present` and none in `absent`."""
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    ids = set(a.risk_ids)
    assert present <= ids, (present - ids, a.to_record())
    assert not (absent & ids), (absent & ids, a.to_record())


# -- dual_lexicon ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, span_text, kb_id, group",
    [
        ("I'm a massage therapist and my sister wants a session.", "massage therapist", "massage_therapist", "other"),
        ("My physical therapist is my cousin.", "physical therapist", "physical_therapist", "medical"),
        ("I'm an occupational therapist and my aunt needs help.", "occupational therapist", None, "medical"),
        ("I'm a therapist and my neighbour wants to see me.", "therapist", "therapist", "mental_health"),
        ("My brother-in-law is my dentist.", "dentist", "dentist", "medical"),
        ("I'm a divorce lawyer and my cousin needs one.", None, None, "legal"),
        ("My aunt is a dressmaker and she's making my wedding dress.", "dressmaker", "personal_services", "other"),
        ("I'm a speech-language therapist and my nephew stammers.", "speech-language therapist", "speech_pathologist", "medical"),
    ],
)
def test_lexicon_longest_profession_wins(nlp, text, span_text, kb_id, group) -> None:
    doc = nlp(text)
    found = spans(doc, "profession")
    assert len(found) == 1, [(s.text, s.kb_id_) for s in found]
    prof = found[0]
    if span_text is not None:
        assert prof.text == span_text
    if kb_id is not None:
        assert prof.kb_id_ == kb_id
    assert group_of(prof.kb_id_) == group
    # the shorter, overlapping reading ("therapist" inside "massage therapist") is gone
    assert not any(s.kb_id_ == "therapist" for s in found if prof.kb_id_ != "therapist")


@pytest.mark.parametrize(
    "text",
    ["I coach a youth basketball team.", "I counsel people at church sometimes.", "We nurse our grudges."],
)
def test_lexicon_does_not_take_a_verb_as_a_profession(nlp, text) -> None:
    doc = nlp(text)
    assert spans(doc, "profession") == [], [(s.text, s.kb_id_) for s in spans(doc, "profession")]


def test_lexicon_noun_use_is_a_profession(nlp) -> None:
    doc = nlp("I'm a coach and one of my players is my nephew.")
    assert [s.kb_id_ for s in spans(doc, "profession")] == ["coach"]


@pytest.mark.parametrize(
    "text, kind, found",
    [
        ("Tomorrow's first home visit is the old chap over the road.", "neighbor", True),
        ("The lady next door booked her spaniel in with me.", "neighbor", True),
        ("There's another dentist across the street, so people have options.", "neighbor", False),
        ("A woman I was with for three years has asked me to do her conveyancing.", "ex_partner", True),
        ("The guy I used to go out with just booked a fade at my barbershop.", "ex_partner", True),
        ("The woman I was with at the conference asked me about fees.", "ex_partner", False),
    ],
)
def test_lexicon_relationships_told_by_a_phrase(nlp, text, kind, found) -> None:
    kinds = {s.kb_id_ for s in nlp(text).spans["dual"] if s.label_ == "relationship"}
    assert (kind in kinds) is found


def test_lexicon_relationships_do_not_overlap_professions(nlp) -> None:
    doc = nlp("My brother-in-law is my dentist and my best friend is my lawyer.")
    profs = spans(doc, "profession")
    rels = spans(doc, "relationship")
    assert {s.text for s in rels} >= {"brother-in-law", "best friend"}
    for r in rels:
        assert not any(p.start < r.end and r.start < p.end for p in profs)


# -- dual_context ------------------------------------------------------------------
def test_context_negated_romance(nlp) -> None:
    doc = nlp("I'm not attracted to her at all")
    romance = spans(doc, "romance")
    assert romance and all(s._.negated for s in romance)


@pytest.mark.parametrize(
    "text",
    ["I'm not sure if I'm attracted to her.", "I'm attracted to her and I don't know what to do."],
)
def test_context_negation_stays_in_its_place(nlp, text) -> None:
    romance = spans(nlp(text), "romance")
    assert romance and not any(s._.negated for s in romance), [(s.text, s._.negated) for s in romance]


def test_context_not_my_client_anymore_is_former(nlp) -> None:
    doc = nlp("she's not my client anymore and I want to date her")
    romance = spans(doc, "romance")
    assert romance and not any(s._.negated for s in romance)
    assert doc._.timing == "former"


def test_context_no_longer_is_former(nlp) -> None:
    doc = nlp("She is no longer my client and I want to date her.")
    assert doc._.timing == "former"
    assert not any(s._.negated for s in spans(doc, "romance"))


def test_context_former_describing_another_tie_is_not_timing(nlp) -> None:
    assert nlp("My former boss is now my client.")._.timing is None


def test_context_current(nlp) -> None:
    assert nlp("I'm a therapist and I'm currently seeing her every week.")._.timing == "current"


def test_context_is_my_patient_is_not_former(nlp) -> None:
    assert nlp("I'm a doctor and I'm dating a woman who is my patient.")._.timing != "former"


@pytest.mark.parametrize(
    "text",
    [
        "I'm an attorney. My client's case wrapped up in June, nothing ongoing, and she just asked me out.",
        "I'm a paramedic and I've been texting a woman I transported once, back in January.",
        "My therapist ended our sessions last month and we've been out twice since.",
        "After my divorce was final, my lawyer asked me out now that the case was over.",
        "My fiance was a client of mine; his nutrition plan finished and a few months later we went on a date.",
    ],
)
def test_context_service_that_has_ended(nlp, text) -> None:
    assert nlp(text)._.timing == "former"


@pytest.mark.parametrize(
    "text",
    [
        "I've been dating a patient I met in clinic. Her rehab finishes in two weeks.",
        "Update: she kissed me at the end of session. I'm a licensed therapist.",
    ],
)
def test_context_service_that_goes_on(nlp, text) -> None:
    assert nlp(text)._.timing != "former"


def test_context_hypothetical(nlp) -> None:
    doc = nlp("What if a counselor dates a former client?")
    assert any(s._.hypothetical for s in spans(doc, "romance"))
    assert doc._.timing == "former"


# -- dual_roles ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, role, profession",
    [
        ("I'm a nurse and my brother needs stitches.", "professional", "nurse"),
        ("As a psychiatrist, I see a lot of families.", "professional", "psychiatrist"),
        ("My nurse is my brother.", "client", "nurse"),
        ("My dentist is also my landlord.", "client", "dentist"),
        # a job that names the visit is not the poster's job, nor the one who serves here
        ("I have a physio appointment on Monday and the only interpreter around is my cousin.", "client", "personal_services"),
    ],
)
def test_roles_poster_professional_or_client(nlp, text, role, profession) -> None:
    reading = nlp(text)._.reading
    assert reading.poster_role == role
    assert reading.profession == profession


def test_roles_romance_with_client(nlp) -> None:
    reading = nlp("I'm a therapist and I've fallen for one of my clients.")._.reading
    assert reading.romance_with_client and not reading.romance_with_other


def test_roles_romance_with_the_clients_relative_is_not_with_the_client(analyzer, nlp) -> None:
    text = "I'm a therapist and my client's daughter is my girlfriend."
    reading = nlp(text)._.reading
    assert not reading.romance_with_client and not reading.partner_client
    assert "sexual_relationship" not in analyzer.analyze(text).risk_ids


def test_roles_dating_the_daughter_of_a_client(analyzer) -> None:
    # the parser hangs "the daughter of one of my clients" off the job title, so
    # the "we" of the romance is found through the last "X and I" before it
    a = analyzer.analyze("I'm an accountant and the daughter of one of my clients and I have started dating.")
    assert "sexual_relationship" not in a.risk_ids


@pytest.mark.parametrize(
    "text",
    [
        "I'm a driving instructor. A pupil's mum and I have been seeing each other for a couple of months.",
        "Wedding planner. I'm organising a wedding for a bride whose brother keeps turning up to the meetings. He's asked me out.",
        "I'm a public defender. I've been dating a woman for a month and just found out her brother is one of my clients.",
        "I'm a therapist and one of my clients has started dating my best friend.",
        "Dietitian. A client of mine split from her boyfriend, and now the ex has asked me out.",
    ],
)
def test_roles_romance_named_through_someone_else(analyzer, text) -> None:
    assert "sexual_relationship" not in analyzer.analyze(text).risk_ids


@pytest.mark.parametrize(
    "text",
    [
        "I'm a social worker. I started seeing a guy a few weeks ago - he's one of the clients on my caseload.",
        "therapist. ex-client from 6 yrs ago matched with me on hinge. swipe or no?",
        "What if a family therapist finished working with a couple and years later one of them asked the therapist out?",
        "She's so into me it's embarrassing, and she's my client. I'm her lawyer.",
    ],
)
def test_roles_romance_with_the_client_in_other_words(analyzer, text) -> None:
    assert "sexual_relationship" in analyzer.analyze(text).risk_ids


@pytest.mark.parametrize(
    "text",
    [
        "I'm a counsellor and I've been seeing a woman for her anxiety since May.",
        "I'm a lawyer and I ran into her at the shops; she is my client.",
        "What if a school counselor's niece transferred into her school and landed on her caseload?",
        "I'm a dentist. A patient invites me and my wife to her villa every summer.",
    ],
)
def test_roles_no_romance_in_look_alikes(analyzer, text) -> None:
    assert "sexual_relationship" not in analyzer.analyze(text).risk_ids


@pytest.mark.parametrize(
    "text, verdict",
    [
        # a partner first, the client second: rule 5 for a chiropractor
        ("Chiropractor. My receptionist and I have been seeing each other for a few months and now she wants me to adjust her neck.",
         "caution"),
        # a romance with a patient who stays one until discharge
        ("I'm a nurse on a rehab ward and a patient asked me out and I said yes. He's still my patient until discharge next month.",
         "prohibited"),
        # a third-person therapist and her own husband
        ("Can a psychotherapist do a few sessions with her own husband when he's going through a rough patch?", "prohibited"),
        # the matter closed years back: a former client
        ("Solicitor. I handled a neighbour's conveyancing three years back, file long closed, and now she's asked me out.", "avoid"),
        ("I'm a counsellor. A client I finished with last year has asked me to dinner.", "avoid"),
        ("My old piano teacher and I met again at a wedding and we're now engaged. Is that allowed?", "avoid"),
    ],
)
def test_roles_romance_timing_decides_the_verdict(analyzer, text, verdict) -> None:
    assert analyzer.analyze(text).verdict == verdict


@pytest.mark.parametrize(
    "text",
    [
        "A nurse at the clinic insists my patient and I are 'obviously sleeping together'. We're not, and nothing like that would ever happen. I'm a psychiatric NP.",
        "My mum's friends keep teasing that her GP fancies her. Mum just laughs - he's obviously not interested.",
        "my mum is convinced I fancy my dog trainer because I talk about her a lot. I really don't, she's just my neighbour's daughter.",
        "Friends tease me that I'm in love with my counsellor because I quote her constantly. I'm really not, I just find her helpful.",
    ],
)
def test_roles_teasing_denied_is_no_romance(analyzer, text) -> None:
    assert "sexual_relationship" not in analyzer.analyze(text).risk_ids


def test_roles_romance_with_someone_else(analyzer) -> None:
    a = analyzer.analyze("I'm a divorce lawyer and I've fallen for my client's sister. The sister isn't my client.")
    assert "sexual_relationship" not in a.risk_ids


@pytest.mark.parametrize(
    "text",
    [
        "I'm an orthopaedic surgeon. I fixed a woman's wrist last year, signed her off at her final review and haven't seen her professionally since. We've just started dating.",
        "Optician in a small town. I've been seeing a man who used to get his eyes tested with me; he moved his records to a practice in the city before we got together.",
    ],
)
def test_roles_romance_after_the_service_ended_is_with_a_former_client(analyzer, text) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == "avoid", a.to_record()
    assert "missed_information" not in a.risk_ids


@pytest.mark.parametrize(
    "text, romance",
    [
        ("Word in the staffroom is that a school counsellor at our school is seeing one of the boys on her caseload.", True),
        ("My sister is a speech therapist and she got together with one of her adult clients a few weeks ago. She still treats him.", True),
        ("A speech therapist at our clinic is seeing three of her clients a day, which is a lot.", False),
        ("A speech therapist at our clinic is seeing one of her clients for his stammer.", False),
        ("My aunt's a chiropractor and she's been seeing a man she adjusted for years. Nobody in the family knows what to say.", True),
        ("Our family lawyer has been handling my uncle's estate, and now the two of them are having an affair.", True),
    ],
)
def test_roles_third_person_romance_with_a_client(analyzer, text, romance) -> None:
    a = analyzer.analyze(text)
    assert ("sexual_relationship" in a.risk_ids) is romance, a.to_record()


@pytest.mark.parametrize(
    "text, group",
    [
        ("I straighten teeth for a living. My nephew needs braces and my sister wants me to do them.", "medical"),
        ("I've been practising employment law for a decade and my best friend wants me to take her tribunal claim.", "legal"),
        ("I've looked after Sam's teeth for years and now his mum, my cousin, wants a check-up too.", "medical"),
        # the therapy named in brackets is the work, not a second, mental-health role
        ("I'm an occupational therapist (hand therapy, nothing psychological) and my brother-in-law has been referred to me after his wrist op.", "medical"),
        ("I'm a speech therapist (voice therapy mostly) and my cousin wants me to work on her singing voice.", "medical"),
    ],
)
def test_roles_work_told_by_what_it_does_names_the_group(analyzer, text, group) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario" and a.profession_group == group, a.to_record()


def test_roles_existing_partner_becomes_client(analyzer) -> None:
    a = analyzer.analyze("I'm a psychologist and my husband wants to start therapy with me.")
    assert a.intent == "scenario"
    assert "sexual_relationship" in a.risk_ids
    assert a.verdict == "prohibited"


@pytest.mark.parametrize(
    "text",
    [
        "I run a small BJJ gym. One of the dads from my kid's football team wants to start training with us.",
        "Hello friends, I give English tuition to kids in Chennai. One boy's father is my close friend and I take no fees from him.",
        "I pastor a small church. A young woman who lives in the church-owned house next door wants to meet with me about her depression.",
        "I coach the under-12s netball side and my goddaughter has just made the squad.",
        "I tutor chemistry on weekends. My nephew starts with me next month.",
        "My husband needs a crown and would rather I did it than a stranger. I've got my own practice.",
        "I train horses for a living. A woman who went to my old school wants me to take her mare on.",
        "I fit hearing aids for a living. My father-in-law has finally agreed to get tested, but only by me.",
        "We help couples sell their first homes. My old flatmate just asked us to list her place.",
        "My aunt asked me to do the flowers for her wedding, which is literally my job, but she keeps changing her mind.",
        "I invigilate the mock exams at the sixth form and my niece is in the room I'm running.",
        "I referee the youth league and I've been put down for my nephew's cup final.",
        "I drive the minibus for the day centre and my mother-in-law has just started going there.",
    ],
)
def test_roles_work_told_by_a_verb_makes_the_poster_the_professional(nlp, text) -> None:
    doc = nlp(text)
    assert doc._.reading.poster_role == "professional"
    assert doc._.intent == "scenario"


@pytest.mark.parametrize(
    "text",
    [
        "my cousin just qualified as a farrier!! so proud of her, she shod her first horse on her own today",
        "congrats to my best friend who just got her counselling licence!!! so proud of her",
        "my brother's a prison chaplain and he says the hardest part of the job is the paperwork, which cracked me up",
        "My dad's a probation officer and the stories he tells at dinner are wild. Anyone else have parents in the justice system?",
        "lol my dentist asked me how my weekend was with both hands in my mouth again. every single time",
        "saw on the news the county's about to lose its last two farriers to retirement. horse people round here are panicking",
        "My uncle, a defence lawyer, tells the same three stories every Christmas.",
        "lmao my optician said my glasses are 'vintage'. harsh",
        "so proud of my brother who just opened his own physio clinic in Leeds!!",
        "my aunt just qualified as a midwife after three years of night classes, so proud",
        "read a piece in the paper about how few vets are left in the Highlands. grim",
        # a career told by its count; a place at nursing school is not the job
        "my gran was a midwife for forty years and delivered hundreds of babies in this valley, legend",
        "my cousin just got into vet school!!! she's wanted this since she was six",
        "big shoutout to my dentist for squeezing me in before my holiday, total legend",
        # "fil" is a father-in-law only as written, not the lemma of "fillings"
        "my dentist says I need three fillings, I brush twice a day!! 🙄",
        "can we get the bot to stop replying to memes in this channel please",
        "finally read the article everyone keeps quoting, the bit about the only vet in town was good",
        # a holiday taken is not a person served; a doctorate is a credential
        "my great-aunt was a midwife for thirty years and never took a day off",
        "my cousin just finished her physio doctorate, so proud of her",
        # plural job holders with a relative who is only training to be one
        "Apparently tattoo artists need a new licence every year here. My brother's training to be one.",
        "Just read that driving instructors here have to resit their check test every four years. My cousin's training to be one.",
        # a small place alone serves nobody; a pair of hands is not "both" roles
        "My grandmother was the only pharmacist on the island for forty years and she still does the crossword in pen at 95.",
        "haha my hygienist kept asking about my weekend while both her hands were busy in my mouth",
    ],
)
def test_intent_people_with_jobs_and_no_second_role_are_chit_chat(nlp, text) -> None:
    assert nlp(text)._.intent == "other"


@pytest.mark.parametrize(
    "text",
    [
        "My wife is a psychotherapist and I've just started weekly sessions with her because it's easier than finding someone new.",
        "I'm a guidance counselor and one of my seniors plays in the same community orchestra as me, we're both violas.",
        "My pharmacist lives two doors down from me and we chat over the fence. Should I switch?",
        "Parole officer. Just got assigned a woman I went to uni with, never close.",
        "my mum's a pharmacist and she'd be the one dispensing my pills. not sure I can face it",
        "I do immigration law and my brother-in-law wants me to handle his visa appeal.",
        "I do building inspections for the council and next week's job is my cousin's loft conversion. She's already asked me to go easy.",
        # in a small place the relative still serves: a title held for someone, or a client dreading it
        "My friend works in a tiny fishing village and she's the midwife for her own sister-in-law's twins.",
        "The only GP in our valley is my uncle and honestly I'd rather die than bring up my drinking with him.",
        "Stock agent here. My brother-in-law wants me to sell his cattle at the yards.",
    ],
)
def test_intent_a_relative_or_neighbour_who_serves_is_a_scenario(nlp, text) -> None:
    assert nlp(text)._.intent == "scenario"


@pytest.mark.parametrize(
    "text",
    [
        "Most of our community won't go to the dentist in town; everyone uses the one Mennonite dentist. He's my brother. Can he do my fillings?",
        "My kid sees an orthodontist, a GP and a dietitian. The dietitian happens to be my husband's sister.",
        "I'm in palliative care at home and my hospice nurse turns out to be my ex from uni.",
        "Only clinic on the rez is run by one nurse practitioner and she's my auntie. I need to get tested.",
    ],
)
def test_roles_the_professional_named_again_as_a_relative(analyzer, text) -> None:
    assert "clouded_judgment" in analyzer.analyze(text).risk_ids


# -- dual_intent -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, intent",
    [
        ("My cousin asked me to be her divorce lawyer, should I?", "scenario"),
        ("What if a counselor dates a former client?", "scenario"),
        ("I'm a therapist and my best friend's husband wants to start seeing me.", "scenario"),
        ("My brother-in-law is my dentist. Is that a problem?", "scenario"),
        ("What counts as a dual relationship?", "lookup"),
        ("Are dual relationships always unethical?", "lookup"),
        ("explain the unwillingness-to-share risk", "lookup"),
        ("great discussion everyone", "other"),
        ("lol", "other"),
        ("anyone watching the game tonight?", "other"),
        ("thanks!", "other"),
    ],
)
def test_intent(nlp, text, intent) -> None:
    doc = nlp(text)
    assert doc._.intent == intent
    assert 0.0 <= doc._.intent_confidence <= 1.0


def test_lookup_topic(nlp) -> None:
    doc = nlp("What counts as a dual relationship?")
    assert doc._.lookup_topic == "dual_relationship"


# -- dual_risks ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, risk, quote",
    [
        ("I'm a therapist and my best friend wants therapy.", "clouded_judgment", "my best friend"),
        ("I'm a dentist and my neighbour wants me to squeeze her in ahead of the waitlist.", "fairness", "waitlist"),
        ("I'm a massage therapist and a client asked me out.", "sexual_relationship", "asked me out"),
        ("I'm a therapist and the only one for 60 miles; my best friend wants therapy.", "rural_access", "60 miles"),
    ],
)
def test_risks_flag_with_quoted_evidence(analyzer, text, risk, quote) -> None:
    a = analyzer.analyze(text)
    found = {f.id: f for f in (*a.risks, *a.exceptions)}
    assert risk in found, a.to_record()
    assert any(quote in q for q in found[risk].quotes()), found[risk].quotes()


def test_risks_romance_brings_clouded_judgment(analyzer, labelled_predictions) -> None:
    for rid, rec in labelled_predictions.items():
        ids = {r["id"] for r in rec["risks"]}
        if "sexual_relationship" in ids:
            assert "clouded_judgment" in ids, rid


def test_risks_negated_cues_flag_nothing(analyzer) -> None:
    a = analyzer.analyze("I'm a dentist in a big city with plenty of other dentists, and my neighbour wants a cleaning. I'm not attracted to him at all.")
    assert a.intent == "scenario"
    assert "rural_access" not in a.exception_ids
    assert "sexual_relationship" not in a.risk_ids


def _texts() -> list[str]:
    rows = load_jsonl(LABELLED)
    if SHARED_DEV.is_file():
        rows += load_jsonl(SHARED_DEV)
    return [r["text"] for r in rows]


def test_risks_evidence_is_in_the_post(analyzer) -> None:
    """Every quote is a substring of the post and sits at its offsets."""
    texts = _texts()
    bad = []
    for text, a in zip(texts, analyzer.iter_analyze(texts)):
        for f in (*a.risks, *a.exceptions):
            for e in f.evidence:
                if a.text[e.start:e.end] != e.text or (a.text == text and e.text not in text):
                    bad.append((f.id, e, text[:80]))
            if f.id in a.risk_ids:
                assert f.evidence, f"risk {f.id} flagged without evidence: {text!r}"
    assert not bad, bad[:10]


# -- readings added from the newer authors' sets (labelled12 to labelled19) ------
@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a lone agent noun opening the post is its author's job
        ("Auctioneer. The widow whose late husband's collection I'm selling has offered me his vintage car as a thank-you. Surely no?",
         {"clouded_judgment"}, set()),
        # a third-person professional's own partner asking for the work is the client
        ("A psychiatrist's wife asks him to write her a repeat prescription for her antidepressants.",
         {"sexual_relationship", "clouded_judgment"}, set()),
        # working an event makes its owner the one served
        ("Photographer. Shooting my best friend's wedding in May. She's insisting on paying my full rate.", {"clouded_judgment"}, set()),
        # power that has ended, and power held by another professional in the story
        ("I'm an orthodontist. Back in uni I was her boss for a year at a cafe. That was over a decade ago. Anything to worry about?",
         set(), {"pressure_imbalance"}),
        ("I'm a school counsellor and I help with netball, but the head coach picks the squad and I have no say. A player wants sessions with me.",
         set(), {"pressure_imbalance"}),
        # a debt still being paid, and a debt owed to the professional, are pressure
        ("I'm a counsellor and a man who still owes me money for a car I sold him wants therapy with me.", {"pressure_imbalance"}, set()),
        # romances reported and then denied, or with someone named through a client
        ("Office rumour was that our accountant is having an affair with the baker whose books she does. Total nonsense, they're cousins.",
         set(), {"sexual_relationship"}),
        ("I coach a junior tennis squad and I've been going out with the older sister of one of my players for a couple of months.",
         set(), {"sexual_relationship"}),
        # an uncertain report with no denial stays a romance
        ("I'm a counsellor. I think my client has a crush on me and I don't know what to do.", {"sexual_relationship"}, set()),
        # holding back read from the parse, and tellings that are not disclosures
        ("I'm a dentist and my sister-in-law is my patient. I just can't say any of it to her, the drinking especially.",
         {"unwillingness_to_share"}, set()),
        ("Dental hygienist asking: my best friend books in with me and asks me not to tell her husband how much work she needs.",
         set(), {"unwillingness_to_share"}),
        # onlookers who assume or mutter about it
        ("I'm an estate agent selling my dad's best friend's flat. Everyone at church assumes we're doing him a favour.", {"fairness"}, set()),
        ("I'm a parish priest doing marriage prep for my own niece. Honestly nobody in the parish would care or gossip about it.",
         set(), {"fairness"}),
        # set phrases that only look like fairness
        ("I'm an employment lawyer and my best friend wants me to take his unfair dismissal claim.", {"clouded_judgment"}, {"fairness"}),
        # the client's own "you already know", and letting the questions slide
        ("LCSW here. My college roommate wants me as her therapist because 'you already know everything about me'.",
         {"missed_information"}, set()),
        ("Defense attorney. My best friend got a DUI. When I asked about prior stops he said 'you know me'. I didn't press.",
         {"missed_information"}, set()),
        # steps that were not skipped
        ("Optometrist. A regular from my pub booked an exam. He answered every question on the history sheet without any fuss.",
         set(), {"missed_information"}),
        ("I'm a counselor and a client from last year asked me out. We wrapped up in March and haven't had a session since.",
         set(), {"missed_information"}),
        # kept from someone else, or a client who is plainly open
        ("Psychologist. A woman from my book club is my client. The thing she's hiding is from her husband, not me.",
         set(), {"unwillingness_to_share"}),
        ("Rabbi here. A congregant came to me about his marriage. He's been very honest with me; it's his wife he's keeping it from.",
         set(), {"unwillingness_to_share"}),
        ("Personal chef. My close friend hired me, and she's clearly not scared to tell me anything.", set(), {"unwillingness_to_share"}),
        ("Addiction counsellor. My cousin is my new client. He says he'll be honest with me but I doubt he'll tell me the full story.",
         {"unwillingness_to_share"}, set()),
        ("Family solicitor. My sister's best friend wants me for her divorce, and I can tell she's going to tiptoe around the money with me.",
         {"unwillingness_to_share"}, set()),
        # power someone else holds, and power over the poster
        ("BJJ coach. One of my students is my accountant. Belt promotions are only ever decided by the head professor, I have zero input.",
         set(), {"pressure_imbalance"}),
        ("I'm assistant coach at a football club but the manager picks the team. One of the lads wants a sports massage from me.",
         set(), {"pressure_imbalance"}),
        ("Personal trainer. The gym owner signed up as my client. He's the one who decides whether my contract gets renewed.",
         set(), {"pressure_imbalance"}),
        ("I'm a sport psychologist and I've been asked to join the panel that decides which under-18s get pro contracts. "
         "Several lads I see one-to-one will be up in front of me.",
         {"pressure_imbalance"}, set()),
        # a client who cannot afford to disagree
        ("Tattoo artist. Client borrowed 3 grand off me last year and still owes most of it. Now he wants a full sleeve.",
         {"pressure_imbalance"}, set()),
        ("Vet. My farmhand brings his collie to my practice. He's never once queried a bill, and I think he's worried about his job.",
         {"pressure_imbalance"}, set()),
        # someone connected to the client pushing the professional, passively told
        ("School psychologist. The principal's son is up for an evaluation and I'm being pushed to do him ahead of the waitlist.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Social worker in a tiny village. My neighbour's grandkids are my new case and my neighbour turned up at my door asking me to go easy.",
         {"clouded_judgment"}, set()),
        # a friend met through a group, and relatives who only say where someone was met
        ("Fertility specialist. A friend from my old hockey team asked if I'd take her on as a patient.", set(), {"clouded_judgment"}),
        ("Bankruptcy attorney. A dad from my son's Scout troop came in to file for bankruptcy.", set(), {"clouded_judgment"}),
        ("IT consultant. I've been hired to audit the network at my dad's accountancy firm.", {"clouded_judgment"}, set()),
        # a professional's own silence is no client holding back
        ("Psychiatrist. A guy from my golf club asked me to take him on for his meds. Not sure what to tell him.",
         set(), {"unwillingness_to_share"}),
        # a partner who asks the poster for the work becomes the client
        ("Bookkeeper. My boyfriend asked me to do his quarterly accounts and I said yes.",
         {"sexual_relationship", "clouded_judgment"}, set()),
        # the words of fairness used to say the person is treated like the rest
        ("Osteopath. A man from my choir booked in. He waits in the queue like everyone else and pays the same fee as all my other patients.",
         set(), {"fairness"}),
        ("Speech therapist. My cousin's son goes through my normal waitlist, no jumping ahead.", {"clouded_judgment"}, {"fairness"}),
        ("Chiropractor. A neighbour wants the same discount the last chiro gave her.", {"fairness"}, set()),
        # a gift kept clouds judgment; one handed back does not
        ("Podiatrist. A patient's son left an envelope of cash in my coat pocket and I haven't returned it.", {"clouded_judgment"}, set()),
        ("Florist. A regular tried to give me a gift card for Christmas. I handed it back with a smile.", set(), {"clouded_judgment"}),
        # power over the professional told in a relative clause
        ("Swim coach. A girl's mum sits on the board that renews my contract and wants her daughter in the relay.", {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Electrician and part-time tutor. My old man wants me to tutor my little cousin for free.", {"clouded_judgment"}, set()),
        ("Physio. My brother's wife is my patient now and she's a bit shy with me about her pelvic floor.", {"unwillingness_to_share"}, set()),
        ("My cousin is a tax adviser and is doing my return. There's a side job I'd rather he never knew about.", {"unwillingness_to_share"}, set()),
        ("Driving instructor. My best friend is learning with me and I don't think she'd tell me if my teaching stressed her out.",
         {"unwillingness_to_share"}, set()),
        ("Vet. My cousin's dog gets seen straight away while the other 30 clients in the queue wait.", {"fairness"}, set()),
        ("Notary. My sister's officemate wants a deed witnessed; I've never met her.", set(), {"clouded_judgment"}),
        ("Not saying what my job is, but a client of mine turned out to be my landlord's nephew. Ideas?", set(), {"unwillingness_to_share"}),
        # an aside after a comma does not deny the romance before it
        ("Dietitian. I discharged a patient last year and we've been seeing each other since May, nothing before that.",
         {"sexual_relationship"}, set()),
        # a partner asking the poster to take the role is the partner becoming the client
        ("I'm a physio. My husband wrecked his knee skiing and he wants me to be his physio for the rehab.",
         {"sexual_relationship", "clouded_judgment"}, set()),
        # the client not asking questions is going along (pressure), not a step the professional skipped
        ("Accountant. My tenant asked me to do his books; he owes me two months' rent and never asks a single question about my fees.",
         {"pressure_imbalance"}, {"missed_information"}),
        # a grade is a level here, not marks the professional gives
        ("I teach cello and my neighbour's son is working towards his grade 4. We only wave at each other.",
         set(), {"pressure_imbalance"}),
        # treated like everyone: the waiting list is named to say so
        ("Speech therapist. My colleague's daughter is on our waiting list in the usual order and pays the usual fee.",
         set(), {"fairness"}),
        ("Tattoo artist. I do my sister's pieces after close for nothing, which I never do for anyone else.",
         {"fairness"}, {"missed_information"}),
        ("Hairdresser, and I'm the one who pays her wages: my assistant wants me to colour her hair and I worry she'd never say if she hated it.",
         {"pressure_imbalance"}, set()),
        ("Pharmacist. My employee asked me to fill her prescription and I doubt she'd want her boss knowing what it's for.",
         {"unwillingness_to_share"}, set()),
        ("Dance teacher. My niece is in my class and I keep giving her solo spots; the other little girls' parents are whispering.",
         {"fairness"}, set()),
        # the step named once and then denied with a bare "didn't"; the cousin is still there
        ("Podiatrist. I always take a full medication history with new patients, but I didn't with my cousin.",
         {"missed_information", "clouded_judgment"}, set()),
        # "No one's in charge" denies the power; a sentence that drops its "I" is the poster's
        ("I coach tennis and a woman from my choir wants lessons. No one's in charge of anyone in the choir, we just sing.",
         set(), {"pressure_imbalance"}),
        ("Electrician. My uncle wants me to rewire his shed for free. Can't really say no to him, can I?",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Midwife. The woman I'm booked with rents my granny annexe and seems scared to complain, like she thinks I'd be annoyed.",
         {"pressure_imbalance"}, {"fairness"}),
        # romances told in other words, and one with someone who is not the client
        ("Osteopath. Discharged a patient in March; we've been out four times since and I like her a lot.",
         {"sexual_relationship"}, set()),
        ("Accountant. I've been doing a man's books for a year and after the client dinner we went home together.",
         {"sexual_relationship"}, set()),
        ("Photographer. I've been dating the maid of honour since spring. The bride and groom are my clients.",
         set(), {"sexual_relationship", "clouded_judgment"}),
        # "Nobody asked" denies the question; the poster noticing is not others noticing
        ("My brother's an optician and his colleague is testing my dad's eyes. Nobody has even asked Dad about his diabetes.",
         {"missed_information"}, {"sexual_relationship"}),
        ("Landlord and yoga teacher: I've noticed my tenant never says no when I add her to paid workshops.",
         {"pressure_imbalance"}, {"fairness"}),
        ("Driving instructor. My neighbour's kids get an extra 20 minutes without charging, and I'm quicker to answer their texts than anyone else's.",
         {"fairness"}, set()),
        ("Our family doctor married my aunt last year and I've stopped bringing up anything about my drinking.",
         {"unwillingness_to_share"}, set()),
        ("Our couples counsellor is in our running club and she's started giving us half-price sessions.",
         {"fairness"}, set()),
        ("Union steward. My boyfriend got a final warning last week. He wants me to handle his appeal.",
         {"sexual_relationship", "clouded_judgment"}, set()),
        ("My cousin does my nails now; she waved off half the bill and the girl waiting behind me heard her say family rate.",
         {"fairness"}, {"unwillingness_to_share"}),
        ("Prison chaplain. My nephew was moved to my wing and says there are things he'll never confess to his uncle.",
         {"unwillingness_to_share"}, set()),
        ("Barber. My brother-in-law wants a cut and I'm not worried about being biased, just curious what people think.",
         {"clouded_judgment"}, set()),
        ("Bookkeeper for a bakery. The owner's husband is my landlord and says my lease renewal depends on the bakery doing well.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Tattoo artist. My cousin gets sessions whenever he can make a date, and I bump my other clients for him.",
         {"fairness", "clouded_judgment"}, {"sexual_relationship"}),
        ("Pharmacist. My neighbour went red at the counter and asked if the other lady could serve her instead.",
         set(), {"fairness"}),
        # where it hurts is a symptom kept back, not a complaint about the work
        ("Chiropractor. My uncle sees me now and he'd rather not tell me where it really hurts, it's awkward in the family.",
         {"unwillingness_to_share"}, {"pressure_imbalance"}),
        ("Speech therapist. My niece is on my list now and she keeps the stammering at school to herself.",
         {"unwillingness_to_share"}, set()),
        ("My accountant is my father-in-law and I'm scared to mention the second job.",
         {"unwillingness_to_share"}, set()),
        ("Couples counsellor. The husband is my wife's cousin and he worries whatever he says will find its way back to her.",
         {"unwillingness_to_share"}, set()),
        ("My GP is my best friend's mum. No way am I telling her about the rash.",
         {"unwillingness_to_share"}, set()),
        # catching oneself favouring an acquaintance is about fairness; the tie alone does not cloud judgment
        ("Swim coach. A dad from my running club signed his daughter up and I've caught myself giving her extra lane time over the other kids.",
         {"fairness"}, {"clouded_judgment"}),
        ("Mortgage adviser. My oldest mate just applied through me and I'm tempted to push his case to the front of the queue.",
         {"fairness"}, set()),
        ("My kid's new speech therapist is my ex from uni and she's offered us 25% off the block of sessions.",
         {"fairness"}, set()),
        ("Prison chaplain. My cousin landed on my wing and keeps asking for visits the other inmates never get.",
         {"fairness"}, set()),
        ("Physio in a busy NHS clinic. My aunt needed a hip review, so I moved her to the top.",
         {"fairness"}, set()),
        ("Insurance broker. I'm sorting my cousin's cover and got him a better rate than usual.",
         {"fairness"}, set()),
        ("Bookkeeper. My uncle's shop is a client and the neighbours ask why his returns go in before theirs.",
         {"fairness"}, set()),
        # a saying quoted in a question is no one talking about this case
        ("When people say counsellors shouldn't see neighbours, does that mean me? My neighbour just booked an intake with me.",
         set(), {"fairness"}),
        # the poster's own parole board: the client is under it, whoever writes the report
        ("The imam who runs my anger group in prison also writes the report for my parole board.",
         {"pressure_imbalance"}, set()),
        # a business partner is no romance; a colleague dated is not the client served
        ("Dentist. My practice partner has started asking why my neighbour never gets a bill.",
         set(), {"sexual_relationship"}),
        ("I'm a midwife and I've been seeing one of the anaesthetists for a while. His sister has just been booked onto my list.",
         set(), {"sexual_relationship"}),
        # whoever runs the place, or qualified as the job, is the professional
        ("The only chemist in town is run by my sister's husband and I need a pregnancy test.",
         {"clouded_judgment"}, set()),
        ("My best mate just qualified as a hypnotherapist and she's offered me a few sessions.",
         {"clouded_judgment"}, set()),
        # staff who only remark on it hold no power over the client
        ("Physio. My nephew comes in for his ankle and my receptionist noticed I never charge him.",
         {"fairness"}, {"pressure_imbalance"}),
        ("Only plumber for miles. I fix my brother's boiler like anyone else's, and there are no mates' rates.",
         set(), {"fairness"}),
        ("My uncle is the only GP out here and I can't face him examining me.",
         {"unwillingness_to_share"}, set()),
        ("Driving instructor. The vicar's daughter just booked lessons with me and I worry I'll tiptoe around her mistakes.",
         {"clouded_judgment"}, set()),
        ("Counsellor in a very close community, and a woman from my church wants sessions.",
         set(), {"clouded_judgment"}),
        ("Electrician. My brother-in-law asked me to check his wiring and I breezed through it because I wired the place myself.",
         {"missed_information"}, set()),
        ("Accountant. My cousin says I don't need a full list of his income because I've heard it all at Sunday lunch.",
         {"missed_information"}, set()),
        ("Our village counsellor is engaged to one of his clients.",
         {"sexual_relationship"}, set()),
        # "without bias" is the professional's own objectivity, not fairness to others
        ("Locum GP. I'm not sure I can treat my old headmaster without bias.",
         set(), {"fairness"}),
        # a romance told as done; the dead are no one's client; "straight out" is bluntly
        ("Wedding florist. My ex-fiancé just booked me for his wedding and his bride doesn't know we dated for four years.",
         {"clouded_judgment"}, {"sexual_relationship"}),
        ("Addiction counsellor. A man who used to play darts with my late father has just self-referred.",
         set(), {"clouded_judgment"}),
        ("Nurse on a surgical ward. My aunt got admitted and a patient in the next bed asked me straight out if she's getting special treatment.",
         {"fairness"}, {"sexual_relationship"}),
        ("The only chemist in our village belongs to my aunt and I'd drive two hours rather than hand her my prescription for thrush.",
         {"unwillingness_to_share"}, set()),
        ("Physio for a rugby club. One of the lads has been keeping a sore shoulder from me because he thinks I'll tell the coach.",
         {"unwillingness_to_share"}, set()),
        ("The school counsellor is my aunt. How am I meant to tell her I've been skipping meals?",
         {"unwillingness_to_share"}, set()),
        ("My accountant is my best friend's dad and I'm scared of losing the mate if I query his fees.",
         {"pressure_imbalance"}, set()),
        ("My coach is my uncle and I'd lose my starting spot if I complained.",
         {"pressure_imbalance"}, set()),
        # holding back: hidden from the professional (not "dropped from the side"), not gone into,
        # feared, not OK with them knowing; "awkward to turn down" is a refusal, not a secret
        ("Cricket physio. One of the quicks is hiding a sore back from me because he thinks I'll drop him from the side.",
         {"unwillingness_to_share"}, set()),
        ("I'm the only midwife on the island and my cousin has told me she won't go into her sexual history with me.",
         {"unwillingness_to_share"}, set()),
        ("The only therapist people in our community will see sits near me at synagogue. I'm afraid of what she'd learn about my marriage.",
         {"unwillingness_to_share"}, set()),
        ("My uncle's a solicitor and the family want me to use him for my drink-driving charge, but there are things about that night I'm not ok with family knowing.",
         {"unwillingness_to_share"}, set()),
        ("My team leader is a counsellor on weekends and offered to see me for my anxiety. Feels a bit awkward to turn down the woman who does my rota.",
         {"pressure_imbalance"}, {"unwillingness_to_share"}),
        # the one who marks holds the power; the poster's worry is the client's pressure
        ("My night-school teacher wants to give me paid extra lessons for the same module she marks.",
         {"pressure_imbalance"}, {"clouded_judgment"}),
        ("I'm a debate coach and school counsellor. A kid on my team was referred to me and I'm worried he'll just go along with whatever I suggest.",
         {"pressure_imbalance"}, {"clouded_judgment"}),
        # pushed: the professional of a third-person story, not the clients
        ("Hypothetical: a home care nurse is looking after an old man whose son keeps pushing her to up his sedatives.",
         {"clouded_judgment"}, set()),
        ("I'm a couples therapist. The wife's boss at the bank pushed them to get help.",
         set(), {"clouded_judgment"}),
        ("Surgeon. A former colleague's dad needs a new hip. What nags me is whether the son will expect updates.",
         set(), {"clouded_judgment"}),
        ("The vet put down her ex-husband's dog last week and now the whole village is taking sides.",
         {"fairness"}, set()),
        ("My nail tech is my best mate and she refuses to charge me for my infills.",
         {"fairness"}, set()),
        ("My physio is lovely, but I've just found out she sits on the board that decides my disability grant.",
         {"pressure_imbalance"}, set()),
        ("Small town, one driving instructor, and he teaches his own nephew before anyone else. Is that just how it goes out here?",
         set(), {"sexual_relationship"}),
    ],
)
def test_risks_newer_wordings(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("my uncle is a criminal defence lawyer and he's been telling the same courtroom story every christmas for 10 years", "other"),
        ("that thread about the small-town vet got heated fast, glad the mods stepped in", "other"),
        ("Is a life coach treated like a therapist here or like a personal trainer?", "lookup"),
        ("who counts as close family here? does a godparent?", "lookup"),
        ("does the rural exception apply to every kind of profession or just therapists?", "lookup"),
        ("My uncle is the family lawyer and he's drawing up my will, and I'm dreading him telling Mum about my girlfriend.", "scenario"),
        # a question told as a statement; "in most cases" and "treated as" name no client
        ("I've always wondered why a small present is treated as a warning sign. In most cases it's just kindness?", "lookup"),
        ("who decides whether these rules cover volunteers?", "lookup"),
        ("who's going to the ethics meetup on Thursday?", "other"),
        ("ELI5 why you can't just be friends with the people you treat", "lookup"),
        # a general question answered for the poster's own case
        ("Is it a problem if your boss does your books? Mine keeps my accounts on the side and won't take a penny for it.", "scenario"),
        # who writes the rules, and which group a job belongs to, are lookups
        ("Who actually drafts these codes of ethics, the boards or the associations?", "lookup"),
        ("Which category do chiropractors fall under?", "lookup"),
        ("where does a school nurse fit, medical or the other lot?", "lookup"),
        # "fallen into a swap" sorts no profession
        ("I mow my dentist's lawn and we've fallen into a swap: he doesn't charge me for check-ups. Bad idea?", "scenario"),
        # asking the mods, or reacting to a post further up, is talk about the channel
        ("Mods, could someone pin a post explaining what the verdict labels mean?", "other"),
        ("lol the lady further up whose vet turned out to be her ex, I felt that", "other"),
        # a rule named after romance is no romance; a piece in a named paper is news
        ("Why are the romance rules so much tougher for counsellors than for, say, plumbers?", "lookup"),
        ("Interesting read in the Times about how few rural GP jobs get filled these days.", "other"),
        # thanks for the answers and a first hello are talk to the channel
        ("Thank you all for the advice on my dentist question. I'll speak to my brother-in-law before booking anything.", "other"),
        ("Good morning family, first time posting here. Pharmacist from Accra, mostly lurking.", "other"),
        ("Thanks in advance for any advice. My cousin wants me to be her accountant.", "scenario"),
        # a question told as "I've never understood why"; dating as an idea is nobody's romance
        ("I've never understood why gifts are such a big deal for nurses. A box of chocolates at Christmas hardly buys anyone.", "lookup"),
        ("I've never really understood why dating gets treated so much more strictly for psychologists than for, say, hairdressers.", "lookup"),
        # a named idea asked about by someone who only says who they are
        ("Forgive an old magistrate, but is a boundary crossing the same thing as a conflict of interest?", "lookup"),
        ("Is a chiropodist in the same bucket as a physio for this?", "lookup"),
    ],
)
def test_intent_boundaries(analyzer, text, intent) -> None:
    assert analyzer.analyze(text).intent == intent


@pytest.mark.parametrize(
    "text, present",
    [
        # the next one a ferry away, "the only one on the isles", a ferry counted in minutes
        ("I'm the only farrier on Coll, the next one is a ferry and a long drive away. My cousin's pony needs shoeing.", "rural_access"),
        ("Physio in Stornoway and most weeks the only one on the isles. My uncle has done his knee.", "rural_access"),
        ("Only optician on Rathlin, the mainland practice is a 45 min ferry. My sister needs new glasses.", "rural_access"),
        # a free-standing "NT" is a place, not the "nt" of "dont"
        ("Only speech therapist in a remote NT community and my nephew has just been referred to me.", "rural_access"),
        # a people known by its language, wanting a provider who speaks it
        ("Psychotherapist in Leicester. The Gujarati aunties at our temple will only see someone who speaks Gujarati, and my cousin wants sessions.", "insular_community"),
        ("Counsellor. My neighbour wants sessions; there are dozens of counsellors nearby but not one of them works in Cornish, and she won't grieve in English.", "insular_community"),
    ],
)
def test_exceptions_in_other_words(analyzer, text, present) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert present in a.exception_ids, a.to_record()


def test_working_in_a_city_is_no_insular_community(analyzer) -> None:
    a = analyzer.analyze("I'm a counsellor and I don't work in Leeds any more. My cousin wants sessions with me.")
    assert "insular_community" not in a.exception_ids, a.to_record()


@pytest.mark.parametrize(
    "text, label, word",
    [
        # "asking for a friend" is a joke about the poster; a divorce settlement is money agreed
        ("Can a yoga teacher give private lessons to someone from her book club? asking for a friend", "relationship", "friend"),
        ("My cousin is a notary and she'd stamp my divorce settlement papers.", "insular", "settlement"),
    ],
)
def test_lexicon_look_alikes_are_not_cues(nlp, text, label, word) -> None:
    assert word not in [s.text for s in spans(nlp(text), label)]


def test_lexicon_counsel_as_a_noun_is_a_lawyer(analyzer) -> None:
    # "counselling" is the therapy; "act as counsel" is legal work
    a = analyzer.analyze("Employment lawyer here. My PA asked if I'd act as counsel in her tribunal claim for free.")
    assert a.to_record()["profession_group"] == "legal", a.to_record()


def test_lexicon_someone_from_my_street_is_a_neighbour(nlp) -> None:
    doc = nlp("Dog groomer here. A chap from my street wants me to sort out his spaniel's coat.")
    assert "neighbor" in [s.kb_id_ for s in spans(doc, "relationship")]


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a telling refused, shy, put off to the last ("rather X than tell her"), not yet
        # ready or doubted ("dunno if I could"), read from the parse
        ("My aunt is my optician and I'm really shy to tell her I've been skipping my eye drops for months.", {"unwillingness_to_share"}, set()),
        ("I'm a pharmacist and my stepdad declines to give me the list of what else he's taking.", {"unwillingness_to_share"}, set()),
        ("My sister-in-law is the only midwife here and I'd rather drive to the city than tell her about my last pregnancy.", {"unwillingness_to_share"}, set()),
        ("My uncle runs the only pharmacy in town and he doesn't know about my diagnosis. I'm not ready for him to know.", {"unwillingness_to_share", "clouded_judgment"}, set()),
        ("My neighbour's son is a youth worker and wants me in his group. I dunno if I could ever tell him about the debts.", {"unwillingness_to_share"}, set()),
        # asking for a discount is a request; the professional's own embarrassment is no client holding back
        ("I'm a physio and my cousin would rather pay full whack than ask me for mates' rates.", {"clouded_judgment"}, {"unwillingness_to_share"}),
        ("Physio here. My old flatmate is on my list and I'm embarrassed to say I never took her history because I've known her for years.", {"missed_information"}, {"unwillingness_to_share"}),
        # a check waved off, by whoever waves it
        ("I'm a surveyor and my brother says 'no need to come out and inspect the roof, just sign it'.", {"missed_information"}, set()),
        ("Farrier here. My best mate asks me to pass his pony as sound without examining her, since I shod her last month.", {"missed_information"}, set()),
        # what tempts is leaving a step out; a fear of childbirth is no fear of the professional;
        # a clinic free to everyone is no favour
        ("Tutor here. A lad I know from the gym wants lessons and I'm tempted to skip the placement test.", {"missed_information"}, {"clouded_judgment"}),
        ("My best friend wants me as her doula and wants to skip my intake form on her birth fears since I've known her for years.", {"missed_information"}, {"pressure_imbalance"}),
        ("I volunteer as a GP at the free community clinic and a man from my mosque told me he'd rather not discuss his prostate with me.", {"unwillingness_to_share"}, {"fairness"}),
        # a seat on a body that decides, a competition judged, staff of one's own: power over the client
        ("I coach swimming and I'm also on the committee that chooses who gets the club bursary. One of my swimmers has applied.", {"pressure_imbalance"}, set()),
        ("Physio and I chair the panel that decides which athletes get funded next season. One of my patients is up for it.", {"pressure_imbalance"}, set()),
        ("Riding instructor here and I judge the dressage competition every summer. One of my pupils has entered it.", {"pressure_imbalance"}, set()),
        ("I manage the garden centre and I'm a reflexologist on Sundays. One of my shop assistants wants treatments.", {"pressure_imbalance"}, set()),
        ("I'm a massage therapist and I also manage the spa. Two of my own staff want regular massages from me.", {"pressure_imbalance"}, set()),
        # a reference that reads warmer than the others' is a favour, not pressure
        ("Piano teacher. I'm writing a reference for a pupil who is my best friend's son, and it's far more glowing than the others.", {"clouded_judgment"}, {"pressure_imbalance"}),
        # a favour done for the professional puts them in the client's debt; one
        # done by "my professor" for me is the client's discount
        ("Piano teacher here. The woman who walks my dogs every morning for free wants me to teach her son.", {"clouded_judgment"}, {"fairness"}),
        ("Dentist. A patient's husband fixed my fence last week and wouldn't take a penny for it.", {"clouded_judgment"}, {"fairness"}),
        ("My tutor also runs a coaching business and offered me a discount on sessions.", {"fairness"}, set()),
        # the client's own words ("squeeze me in") and skipping "our" waitlist are favours to the client
        ("Physio. My running club mates keep texting me 'can you fit me in today' and the patients on the cancellation list have noticed.", {"fairness"}, set()),
        ("Osteopath. A neighbour I barely know wants to skip our waitlist and the other patients will notice.", {"fairness"}, {"clouded_judgment"}),
        # a place in the team over the faster ones is preferential treatment
        ("Athletics coach. A dad who helps with my club's accounts wants his son on the relay over the faster boys.", {"fairness"}, set()),
        # owing "that man" is owing the client
        ("Farrier. The old fella whose horses I shoe once got my son out of a real scrape, and I owe that bloke big time.", {"clouded_judgment"}, set()),
        # renting from the poster makes the poster the landlord; a tool borrowed is no debt; "the Free State" is a place
        ("Counsellor in a market town. The man who rents the cottage behind my surgery from me has asked for sessions.", {"pressure_imbalance"}, set()),
        ("Optician here. A neighbour who borrowed my hedge trimmer from me last summer wants an eye test.", set(), {"pressure_imbalance"}),
        ("Psychologist. A new client once borrowed five hundred pounds from me at college. She paid it back long ago.", set(), {"pressure_imbalance"}),
        ("I'm a dentist in the Free State and my cousin wants me to do her crowns.", {"clouded_judgment"}, {"fairness"}),
        # a parent called by name is the poster's, unless someone else's parent came first
        ("Paramedic here. Dad collapsed at the allotment and I was the crew that got sent.", {"clouded_judgment"}, set()),
        ("Speech therapist. I see a girl whose mother runs my yoga class. Mum is lovely and very open with me.", set(), {"clouded_judgment"}),
    ],
)
def test_risks_told_in_the_parse(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # holding back: a telling not meant, uneasy, refused outright, or asked after as impossible
        ("My uncle-in-law is my chiropodist and he doesn't want to show me the blisters on his heel.", {"unwillingness_to_share"}, set()),
        ("My best friend's mum is my GP. It feels strange describing my bowel troubles to her.", {"unwillingness_to_share"}, set()),
        ("My cousin is my counsellor and I'm not planning to tell her about the betting.", {"unwillingness_to_share"}, set()),
        ("My stepdad's sister is my therapist. In our sessions I won't speak at all.", {"unwillingness_to_share"}, set()),
        ("My aunt is my counsellor and whenever she brings up my marriage I freeze up.", {"unwillingness_to_share"}, set()),
        ("My brother-in-law is the only pharmacist here. How am I supposed to explain what the cream is for?", {"unwillingness_to_share"}, set()),
        ("My sister's husband is my accountant. There's an old debt he knows nothing about.", {"unwillingness_to_share"}, set()),
        ("My cousin is my solicitor. There are a few things from my first marriage I'd rather she never heard.", {"unwillingness_to_share"}, set()),
        ("My niece is my dental hygienist. I've had a sore in my mouth for weeks and I haven't shown anyone.", {"unwillingness_to_share"}, set()),
        # ... and what only looks like it
        ("My cousin is my physio and I don't want to show him any favouritism.", set(), {"unwillingness_to_share"}),
        ("My cousin is my accountant. How do I tell him I'd rather switch to someone else?", set(), {"unwillingness_to_share"}),
        ("My brother is my accountant. Last year I had a side job he didn't know about.", set(), {"unwillingness_to_share"}),
        ("I'm a plumber and my cousin's pipes froze up over the weekend.", set(), {"unwillingness_to_share"}),
        ("Estate agent. My cousin wants me to sell her house and asked me not to tell anyone yet.", set(), {"unwillingness_to_share"}),
        # the client's debts and homes: power over the client, not favour
        ("We still owe our builder half his fee, and now my cousin, his wife, wants him to redo our roof.", {"pressure_imbalance"}, {"clouded_judgment"}),
        ("My vet says the ewe needs surgery. Hard to argue with the woman I owe four grand.", {"pressure_imbalance"}, set()),
        ("My dentist owns the cottage we rent and my wife is his cousin.", {"pressure_imbalance"}, set()),
        ("My cousin is my swim coach and she also sits on the selection panel for nationals.", {"pressure_imbalance"}, set()),
        ("My accountant lent me money last year. How do you say no to the man you owe money to?", {"pressure_imbalance"}, {"clouded_judgment"}),
        # favours and skipped steps in other words
        ("My cousin is a barrister and she's taking my case pro bono.", {"fairness"}, set()),
        ("My brother is my mortgage broker and he's charging me half his usual fee.", {"fairness"}, set()),
        ("I'm a speech therapist and my nephew is on my list. I keep running over with him and the next child has to wait.", {"fairness"}, set()),
        ("My aunt is my GP and at my last visit she barely asked anything before writing the prescription.", {"missed_information"}, set()),
        ("My uncle is my doctor and he renewed my pills without checking BP or asking about side effects.", {"missed_information"}, set()),
        ("Physio here, treating my own brother's knee: no outcome measures, no screening, just exercises.", {"missed_information"}, set()),
        ("Social worker. My new client is my old landlord. Not close, no bad blood, but it's odd.", set(), {"missed_information"}),
        ("Dentist on a small island. My best friend chipped a tooth and I opened up on Sunday for her, no question.", set(), {"missed_information"}),
        # a hedge on a number is no likeness; a debt with the subject lost; a step asked away
        ("My brother-in-law is my barber and he takes like 50% off every cut.", {"fairness"}, set()),
        ("Our imam lent my parents the deposit for the flat. How can I tell him about my gambling when he is the one we are owing?", {"pressure_imbalance"}, set()),
        ("I'm a notary and my sister wants a deed witnessed. Do I even need to check her ID, I've known her all my life.", {"missed_information"}, set()),
        ("Solicitor. My aunt's best friend is my new client and she says 'you know everything already, love'.", {"missed_information"}, set()),
        ("Practice nurse. I've seen my cousin for his asthma for years and never done spirometry on him.", {"missed_information"}, set()),
        # saying all is well, and that it is not
        ("My sister-in-law is my diabetes nurse. When she asks if I check my sugars I say yes. I don't.", {"unwillingness_to_share"}, set()),
        ("My cousin is my counsellor and I keep telling her I'm fine when I'm not.", {"unwillingness_to_share"}, set()),
        ("I'm a counsellor and my cousin wants sessions. She says she's fine with it, but I'm not sure.", set(), {"unwillingness_to_share"}),
        ("Dietitian. My cousin is my client now. My manager says it's okay, but I worry what the team will think.", set(), {"unwillingness_to_share"}),
    ],
)
def test_risks_in_the_clients_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text",
    [
        # the professional's relative, known by "the vet's sister" or "own niece"
        "At the groomer's, the woman ahead of me paid half price because she's the groomer's sister.",
        "The dance teacher's own daughter gets the solo at every show.",
        # a former spouse told by a clause
        "The only locksmith in the village is the man I was married to for six years, and I'm locked out.",
    ],
)
def test_roles_relatives_told_around_the_job(analyzer, text) -> None:
    check_scenario_risks(analyzer, text, {"clouded_judgment"}, set())


@pytest.mark.parametrize(
    "text, verdict",
    [
        # romance told in everyday words
        ("I'm a counsellor and a client of mine has said he wants to marry me. I think I like him too.", "prohibited"),
        ("I'm a GP. A patient I've seen for years and I have developed mutual feelings.", "prohibited"),
        ("I'm a psychologist. I finished with a client last year and now she's asked me to the theatre.", "avoid"),
        # a likeness names nobody in the romance; dropped g's; love declared; wanting more
        ("Yoga teacher here. One of my students walked me home and we held hands like a pair of kids.", "avoid"),
        ("I'm a farrier and one of my clients keeps askin' me out for a pint.", "avoid"),
        ("Chaplain at the prison. One of the men I visit wrote that he loves me.", "avoid"),
        ("I'm a physio. A patient and I have had lunch twice and we both want things to go further.", "prohibited"),
    ],
)
def test_roles_romance_in_everyday_words(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert "sexual_relationship" in a.risk_ids, a.to_record()
    assert a.verdict == verdict, a.to_record()


@pytest.mark.parametrize(
    "text",
    [
        # a date in the calendar, and a romance that ended long ago
        "Caterer here. My cousin is getting married and I've given her the 21 May date ahead of two other couples.",
        "Tax adviser. An ex - we went out four years - wants me to do her return. We broke up ages ago and both have families now.",
    ],
)
def test_roles_no_romance_with_the_client(analyzer, text) -> None:
    check_scenario_risks(analyzer, text, set(), {"sexual_relationship"})


@pytest.mark.parametrize(
    "text, intent",
    [
        # a question about anyone in general, from someone who only says who they are
        ("Trainee paramedic here, prepping for an exam. What are the risks when a professional looks after someone they already know?", "lookup"),
        ("are the risks the same for an electrician as for a counsellor, just smaller?", "lookup"),
        # asking what is allowed in a case stays a scenario (labels.md)
        ("Is it ever okay for a psychologist to attend a former client's funeral?", "scenario"),
        # an idea asked about, with a relative who only has an opinion on it
        ("What's the difference between fairness and pressure in this? My mum's a nurse and she says it's all the same.", "lookup"),
        ("My brother's a surgeon and he thinks it's nonsense. Does the rural exception really cover every job?", "lookup"),
        # a relative asked to do the work makes it a case
        ("My best friend is the only accountant I know, so I asked her to do my tax return. Is that a conflict of interest?", "scenario"),
        # a tie that plays no part does not stop a question about which group a job is in
        ("paramedic student here, our tutor says gifts count as one of the risks. which one does that fall under?", "lookup"),
    ],
)
def test_intent_general_questions(analyzer, text, intent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == intent, a.to_record()


@pytest.mark.parametrize(
    "text, intent, present, absent",
    [
        # a business run by a relative or a boss names the one who serves
        ("My stepdad owns the only bakery on the island and my orders always jump the queue.", "scenario", {"clouded_judgment", "fairness"}, set()),
        ("My line manager runs a pilates studio at weekends and keeps pushing me to sign up. My appraisal is next month and I can't really say no.",
         "scenario", {"pressure_imbalance"}, set()),
        # a relative's business with nobody served is news
        ("My brother runs a bakery now and it's doing great, so proud of him", "other", set(), set()),
    ],
)
def test_roles_a_business_run_by_someone_in_the_story(analyzer, text, intent, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == intent, a.to_record()
    assert present <= set(a.risk_ids) and not (absent & set(a.risk_ids)), a.to_record()


@pytest.mark.parametrize(
    "text, romance",
    [
        # a romance with another professional or a colleague is not with the client
        ("Physio here. I've been seeing one of the radiographers at our hospital for a few months. My aunt has just been referred to me for her knee.", False),
        ("I'm a GP. My colleague is dating one of my patients and I keep thinking about it during his visits.", False),
        # the professional named as a colleague, or the same job named twice, is still the professional
        ("A colleague of mine, a tax lawyer, started sleeping with the client she's representing in a fraud case.", True),
        ("The vet who looks after my cat asked me out last week. She's been our vet for years.", True),
        # an invitation "not as friends", "not as your trainer"
        ("My dog trainer asked if I'd like to grab a drink sometime, 'not as your trainer', he said. Our sessions run till June.", True),
        ("I'm a dentist. A patient asked me to dinner after his filling, clearly not as friends.", True),
        ("I'm a lawyer. My sister-in-law wants me to do her will and I said I'd help as family, not as my usual job.", False),
        # one date long ago is over; a date that "ended up" happening is not
        ("Accountant here. I went on a single date with a man back in 2011 and never heard from him again. He has just asked me to do his books.", False),
        ("Physio here. A patient and I ended up on a date last Saturday. He's still coming in for his knee.", True),
        # the one with the job, dating someone served, is the professional of the story
        ("I manage a climbing gym. One of our instructors has been dating a member, and now she wants private lessons with him.", True),
    ],
)
def test_roles_who_the_romance_is_with(analyzer, text, romance) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert ("sexual_relationship" in a.risk_ids) == romance, a.to_record()


@pytest.mark.parametrize(
    "text, verdict",
    [
        # an ending only supposed, with no romance waiting for it, leaves the client current
        ("I'm a psychologist on a small island. A client told me she has feelings for me and I feel the same. If I stop seeing her she has nobody for hours.", "prohibited"),
        # a romance told as after the end is with a former client
        ("I'm a psychologist. If I discharge him next month, can we go out?", "avoid"),
        # a partner the professional works on is a partner who became the client
        ("Chiro in a remote valley, next one is two hours off. My partner's shoulder has been bad since the fall, so I've been adjusting her between patients.", "may_be_appropriate"),
        ("GP on a remote island. My wife is expecting and I'll be doing her antenatal checks myself.", "may_be_appropriate"),  # a guard: the older rules read it too
    ],
)
def test_roles_timing_and_partners_told_by_the_work(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    if verdict == "may_be_appropriate":
        assert "sexual_relationship" in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a seat shared with someone is no power over them; a seat that decides is
        ("Her husband sits on the school board with me and I'm her GP.", set(), {"pressure_imbalance"}),
        ("My GP sits on the panel that decides my bursary.", {"pressure_imbalance"}, set()),
        # holding back, in other words
        ("My aunt is my GP and whenever she asks about my drinking I just deflect.", {"unwillingness_to_share"}, set()),
        ("My cousin is my counsellor now and I keep things vague with her.", {"unwillingness_to_share"}, set()),
        ("My uncle is my dentist. He said I obviously floss every day and I didn't correct him.", {"unwillingness_to_share"}, set()),
        ("My best mate is my solicitor now and I can't work out how to bring it up that I have a previous conviction.", {"unwillingness_to_share"}, set()),
        ("My uncle is my GP and I forgot to mention the rash, silly me.", set(), {"unwillingness_to_share"}),
        ("My uncle is my doctor and I could not make myself mention the lump.", {"unwillingness_to_share"}, set()),
        # favours and gossip
        ("I'm a vet. My best friend asked me to spay her cat and just not worry about the bill.", {"fairness"}, set()),
        ("I'm the only GP here and my neighbour wants to register with me. Half the street will know by Friday.", {"fairness"}, set()),
        ("Tax adviser. My cousin has been my client for years and now we're secretly engaged.", {"sexual_relationship"}, set()),
        # steps rushed or left undone
        ("I'm her GP and her aunt, and I rushed through the history because I thought I had the picture.", {"missed_information"}, set()),
        ("my cousin's optician and he didn't even do the pressure test this year, just said my eyes looked fine", {"missed_information"}, set()),
        # the only provider, told in a clause the parser makes the subject
        ("Our hospital shut last spring. The only dentist left for about 70 miles is my best friend, and she's also who every farmer round here sees.",
         {"clouded_judgment"}, set()),
        # a post that opens with a certified title is its author's job
        ("Only certified electrician on the island. My ex-husband needs his wiring redone before winter.", {"clouded_judgment"}, set()),
    ],
)
def test_risks_in_more_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, intent",
    [
        # a relative's job told as a joke or as news
        ("lol my brother's a paramedic and he still faints at the sight of his own blood", "other"),
        ("my nan just retired after 40 years as a district nurse and she's already bored 😂", "other"),
        ("my dad fixes boilers for a living and my mum's a pharmacist, so every holiday someone's explaining something 🙄", "other"),
        # the relative doing the work for someone is a case
        ("my brother's a paramedic and he's the one treating my son after the crash", "scenario"),
    ],
)
def test_intent_a_relatives_job_in_passing(analyzer, text, intent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == intent, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a favour said outright not to happen, in words listed under "how it looks"
        ("Plumber. My nephew booked me for his bathroom. Not giving him special treatment, he waits his turn and pays the full invoice.",
         {"clouded_judgment"}, {"fairness"}),
        # ... while others' view of one still counts
        ("Personal trainer here. My cousin trains with me and the other members keep saying it's not fair that she gets special treatment.",
         {"fairness"}, set()),
        # a fee left off, a commission handed back
        ("Farrier here. The horse owner next door is my best friend and I keep skipping the weekend call-out fee for her.",
         {"fairness"}, set()),
        ("Mortgage broker. My cousin is refinancing with me and I'm going to rebate most of my commission to him.",
         {"fairness"}, set()),
        # driving out to a client's farm is a visit, not a date
        ("Farrier here. My best friend owns three horses and I go out to her farm twice a month to trim them.",
         {"clouded_judgment"}, {"sexual_relationship"}),
    ],
)
def test_risks_favours_denied_and_visits(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


def test_going_out_to_dinner_is_still_a_date(analyzer) -> None:
    a = analyzer.analyze("I'm a physiotherapist and one of my current patients asked me to go out to dinner with him.")
    assert "sexual_relationship" in {f.id for f in a.risks}, a.to_record()


@pytest.mark.parametrize(
    "text, group, present, absent",
    [
        # an aside that ends the romance with the ex, however it parses
        ("estate atty, small town. my ex-husband (married ~20 yrs ago, long over, no hard feelings) wants me to redo his will.",
         "legal", {"clouded_judgment"}, {"sexual_relationship"}),
        ("Physio here. My ex-girlfriend (we dated 10 years ago, it ended fine) booked in for her knee.",
         "medical", {"clouded_judgment"}, {"sexual_relationship"}),
        # ... but not one that is still going
        ("Physio here. My ex-girlfriend and I dated again last month and now she's booked in for her knee, still seeing each other.",
         "medical", {"sexual_relationship"}, set()),
    ],
)
def test_roles_an_exes_romance_told_as_over(analyzer, text, group, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.profession_group == group, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # the professional holds power through a job or a place the client needs
        ("The only counsellor out here is a woman who also employs my brother at her café, and he's terrified to tell her he relapsed.",
         {"pressure_imbalance"}, set()),
        ("The physio I see owns the climbing gym I work at, so it feels like I kind of have to keep booking with him.",
         {"pressure_imbalance"}, set()),
        ("My oncologist asked me out. I'm scared he'll drop me from the study if I turn him down.",
         {"pressure_imbalance", "sexual_relationship"}, set()),
        # a place the poster's child fears losing is the professional's power, not the poster's feelings
        ("School counsellor here, and I also run the ski trip. A girl I see weekly agrees to everything I suggest; I think she's scared I'll pull her off the trip.",
         {"pressure_imbalance"}, {"clouded_judgment"}),
        # the client holding back, said in other words
        ("I'm a social worker. My cousin's wife is on my caseload and she leaves out anything about her drinking.",
         {"unwillingness_to_share"}, set()),
        ("Counsellor here. My neighbour started sessions with me and every time we get near money he talks in circles.",
         {"unwillingness_to_share"}, set()),
        ("I'm his nurse and he won't answer any of the questions about his alcohol use because we went to school together.",
         {"unwillingness_to_share"}, set()),
        # favours by price or by a word put in
        ("I'm a vet and my best friend's mare needs surgery. I'm doing it at no cost.", {"fairness"}, set()),
        ("I'm a letting agent and my brother asked me to put in a good word with the landlord for him.", {"fairness"}, set()),
        # given, but no gift; a place, not a grandmother; a way of speaking, not a chart
        ("Physio on a remote island. The cop who gave me a speeding ticket last week is now my patient.",
         set(), {"clouded_judgment"}),
        ("I'm head coach of a netball side. Two of my players rent my granny flat. One of them is behind on rent.",
         {"pressure_imbalance"}, {"clouded_judgment"}),
        ("Pharmacist. For the record I'm not into him at all, but my patient keeps flirting with me.",
         {"sexual_relationship"}, {"missed_information"}),
        # a one-word remark opening a sentence is not unease someone feels
        ("Physio in a mining town. The cop who gave me a speeding ticket is my patient now. Awkward but I'm not turning him away.",
         set(), {"unwillingness_to_share"}),
    ],
)
def test_risks_power_holding_back_and_favours_in_other_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict, present, absent",
    [
        # "for over a year" says how long, not that it ended
        ("I'm a psychologist and I'm attracted to a client I've been seeing weekly for over a year.",
         "prohibited", {"sexual_relationship"}, set()),
        # a clinical question and friends meeting are no romance
        ("GP. My niece is my patient and when I asked if she was sexually active she went silent.",
         "caution", {"clouded_judgment"}, {"sexual_relationship"}),
        ("Psychiatrist. My patient and his wife are our neighbours, so we'll be seeing each other socially at block parties.",
         "avoid", set(), {"sexual_relationship"}),
        # an ex's romance told as past
        ("Tattoo artist. My ex (split years ago, all fine) wants me to fix the piece I did on her back when we were together.",
         "caution", {"clouded_judgment"}, {"sexual_relationship"}),
        # care that ended: discharged, a file closed, a practice changed
        ("Physio here. I signed him off in March and last week he asked me to dinner.",
         "avoid", {"sexual_relationship"}, {"missed_information"}),
        ("Family lawyer. Her file's been closed since 2021 and we started seeing each other in the spring.",
         "avoid", {"sexual_relationship"}, set()),
        # ... while waving a check through still skips it
        ("Flight instructor. My nephew is learning with me and my sister keeps saying 'just sign him off, he's a natural'.",
         "caution", {"missed_information"}, set()),
        # a rural place said with "about", and plenty of providers said in other words
        ("Psych NP in a town of about 2,000. My hairdresser is now my patient.", "may_be_appropriate", set(), set()),
        ("Physio in a small town, but there are 8 PT clinics within 15 minutes. My best friend wants me to do her rehab.",
         "caution", {"clouded_judgment"}, set()),
        ("I work at Island Physio in the middle of the suburbs. My best mate rolled her ankle and wants me to treat it.",
         "caution", {"clouded_judgment"}, set()),
    ],
)
def test_verdicts_from_timing_and_place_in_other_words(analyzer, text, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, poster_is_professional, group",
    [
        # someone's professional joined to the poster's own words is someone else
        ("We're foster parents and our boy's social worker lives on our street. She decides his placement.", False, "mental_health"),
        # asked "if I'd see her": the work asked of a professional who opened with a self-introduction
        ("I'm a psychologist. A man I chat to at the gym asked if I'd see him for his insomnia.", True, "mental_health"),
        ("Long-time lurker. I'm a CFP and my mother-in-law's accounts are mine to manage; she agrees with everything I suggest.",
         True, "other"),
    ],
)
def test_roles_whose_professional_and_whose_request(analyzer, text, poster_is_professional, group) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert a.profession_group == group, a.to_record()
    assert (analyzer.nlp(text)._.reading.poster_role == "professional") == poster_is_professional


@pytest.mark.parametrize(
    "text, group, verdict, present, absent",
    [
        # a time named in the sentence ("after the dog's vaccines") is not a party to the romance
        ("Veterinarian. I've treated this guy's dog for a year and after the dog's vaccines last week he asked me out.",
         "other", "avoid", {"sexual_relationship"}, set()),
        # invitations and dating-app matches said in other words
        ("Bit of an odd one. The orthopod who did my knee keeps phoning, and yesterday he invited me to dinner. I still have my follow-up with him.",
         "medical", "prohibited", {"sexual_relationship"}, set()),
        ("SLT here. I discharged a man eight months ago and he's just popped up as a match on Hinge.",
         "medical", "avoid", {"sexual_relationship"}, set()),
        # a doctor's title with no job named is a doctor; with a job named, the job decides
        ("Dr. Nguyen at my mom's clinic also treats his own receptionist, and she can't turn him down since he's her boss.",
         "medical", "caution", set(), set()),
        ("My vet, Dr. Amari, started dating my sister after he treated her dog, and he still treats the dog.",
         "other", None, set(), set()),
        # a practice area names a lawyer
        ("My cousin got a DUI and my aunt keeps calling me. I do mostly criminal defense so it's my lane. Take it or refer out?",
         "legal", "caution", {"clouded_judgment"}, set()),
        ("RD at a hospital clinic. My cousin got referred to me for gestational diabetes.",
         "medical", "caution", {"clouded_judgment"}, set()),
        # holding back and favours in other words
        ("Criminal defense attorney. My little brother wants me on his DUI and he's already shading the truth about how many drinks he had.",
         "legal", "caution", {"unwillingness_to_share"}, set()),
        ("Counselor at a group practice. I took my yoga instructor on as a client. Our intake coordinator is cold to me since, because apparently she \"jumped the list\".",
         "mental_health", "avoid", {"fairness"}, set()),
        # "says it's fine" was never a sign of pressure, now that the clitic matches
        ("I'm a dentist and my wife is my patient. She says it's fine.",
         "medical", "caution", {"sexual_relationship"}, {"pressure_imbalance"}),
    ],
)
def test_romance_titles_and_cues_in_other_words(analyzer, text, group, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert a.profession_group == group, a.to_record()
    if verdict is not None:
        assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, group, poster_role, present, absent",
    [
        # a camp counselor looks after campers; a job named only to compare with is nobody
        ("I'm a camp counselor and my little cousin is in my cabin this year. The other kids already call her the favourite.",
         "other", "professional", {"clouded_judgment", "fairness"}, set()),
        ("Realtor q: the buyer I'm repping is super flirty and I'm into it. Wait till closing, or fine since I'm not like, a therapist?",
         "other", None, {"sexual_relationship"}, set()),
        # staff who tell a colleague's story are not the professional; with a tie of their own they are
        ("Paralegal here. One of our attorneys is representing his own sister in her divorce and wants her filings ahead of everyone else's.",
         "legal", "third", {"fairness"}, set()),
        ("Paralegal at a small firm. My best friend's custody case just landed on my desk and she's begging me for updates.",
         "other", "professional", {"clouded_judgment"}, set()),
        # an abbreviation in capitals is a title whatever the tagger says; work done names the job
        ("OT doing home visits. My new client is my old yoga teacher and she won't let me do the bathing assessment.",
         "medical", "professional", set(), set()),
        ("The guy who did my crowns asked me out at my appointment. I still have to go back for the permanent ones.",
         "medical", None, {"sexual_relationship"}, set()),
        # a clause joined on is not a party to "there's a spark"
        ("Wedding planner. The bride's brother keeps coming to meetings. There's definitely a spark, and he's asked me out.",
         "other", "professional", set(), {"sexual_relationship"}),
        # favours, power and holding back in other words
        ("Financial planner. My wife's best friend asked me to restructure her retirement. Three meetings in, I haven't sent an invoice.",
         "other", "professional", {"fairness"}, set()),
        ("I run a landscaping company and I'm also an LCSW. One of my crew asked me to be his counselor. I sign his paychecks.",
         "mental_health", "professional", {"pressure_imbalance"}, set()),
        ("Pharmacist. My aunt fills her scripts at the next town over, prob so I don't see what they are.",
         "medical", "professional", {"unwillingness_to_share"}, set()),
    ],
)
def test_roles_staff_titles_and_cues_in_other_words(analyzer, text, group, poster_role, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert a.profession_group == group, a.to_record()
    if poster_role is not None:
        assert analyzer.nlp(text)._.reading.poster_role == poster_role
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict, present, absent",
    [
        # a partner served through what is theirs: a pet, a sore back, a business
        ("Vet here. My boyfriend's dog needs a dental and I'll just do it on a quiet Sunday at the clinic.",
         "caution", {"sexual_relationship"}, set()),
        ("Bookkeeper here. I do the payroll and the taxes for my husband's bakery. Anyone else do this for family?",
         "caution", {"sexual_relationship"}, set()),
        ("Oral surgeon, the only one for two hours in any direction. My wife needs her wisdom teeth out. She wants me to do it.",
         "may_be_appropriate", {"sexual_relationship"}, set()),
        ("Our neighbour is suing my wife over the fence. I'm a litigator. Any issue with me appearing as her attorney?",
         "caution", {"sexual_relationship"}, set()),
        # the one asked to be someone's date is the professional
        ("Dance instructor. One of my adult students asked me to be his date at a wedding next month.",
         "avoid", {"sexual_relationship"}, set()),
        # the other side told only as "we" or "she", then named as a client's relative
        ("Physio. I matched with a woman on an app and we've been out twice. Last night it clicked: her father is one of my patients.",
         "caution", set(), {"sexual_relationship"}),
        # "as her brother" names the poster, not someone the romance is with
        ("My sister's counsellor has been sleeping with her for months. I don't know what I can do as her brother.",
         "prohibited", {"sexual_relationship"}, set()),
        # a romance finished long ago is an ex, not a romance now
        ("Family lawyer. A man I dated for two years at uni just asked me to handle his divorce.",
         "caution", {"clouded_judgment"}, {"sexual_relationship"}),
    ],
)
def test_partners_served_and_romance_parties_in_other_words(analyzer, text, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a school year is not a grade given
        ("Electrician. My son's 2nd grade teacher hired me to rewire her kitchen. She pays what anyone pays.",
         set(), {"pressure_imbalance"}),
        # word getting back to someone is the client holding back, not a favour
        ("Counsellor. A new client knows my sister and she's scared anything she says will get back to her.",
         {"unwillingness_to_share"}, {"fairness"}),
        # what she may keep back is not what the professional may do to her
        ("Interpreter. My best friend asked me to interpret at her smear test. I'm worried she'll hold things back with me in the room.",
         {"unwillingness_to_share"}, {"pressure_imbalance"}),
        # going along without a question is the client under pressure, not a check skipped
        ("Financial planner and landlord. My tenant asked me to run his pension. He signs off on everything I propose without a single question.",
         {"pressure_imbalance"}, {"clouded_judgment", "missed_information"}),
        # an issue not raised yet, and a remark with nobody feeling it, hide nothing
        ("Dentist. I have a huge crush on a patient halfway through her implants. Haven't said anything yet.",
         {"sexual_relationship"}, {"unwillingness_to_share"}),
        ("Hairdresser. My landlady wants her colour done before my regulars on Saturdays. Bit awkward.",
         set(), {"unwillingness_to_share"}),
        # children side by side are not the ones served
        ("Psychologist. The mum from across the road wants me to assess her son for ADHD. Our kids play together most weekends.",
         set(), {"clouded_judgment"}),
        # "given I" is not "give me"
        ("Marriage counsellor. A woman from my book club booked a first session. Is that ok given I sort of know her?",
         set(), {"clouded_judgment"}),
    ],
)
def test_cue_lookalikes_in_other_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("Bookkeeper in Hutterite country. Families here won't hand their accounts to anyone outside the colony, "
         "so they all come to me. Now my brother-in-law wants me to do his farm's books.", "may_be_appropriate"),
        ("Addiction counsellor. Our recovery community is really tight-knit and people only open up to someone who's been there. "
         "A new client is someone from my home group.", "may_be_appropriate"),
    ],
)
def test_insiders_wanted_in_other_words(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert "insular_community" in a.exception_ids, a.to_record()
    assert a.verdict == verdict, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # someone close to the client leaning on the professional
        ("Speech therapist. My neighbour's boy is on my caseload and she keeps asking me how he's doing compared to the others.",
         {"clouded_judgment"}, set()),
        ("Nurse on a surgical ward. My cousin's husband is in bed 4 and she's texting me for updates every hour.",
         {"clouded_judgment"}, set()),
        # a first person inside a quote is the one quoted
        ("Couples counsellor. The husband in my new couple is an old school friend. He says 'I'd rather not get into that' whenever his drinking comes up.",
         {"unwillingness_to_share"}, set()),
        # avoidance told by what the client does
        ("Pharmacist. Our vicar brought in a prescription today and wouldn't make eye contact while I counted it out.",
         {"unwillingness_to_share"}, set()),
        ("Physio. My sister-in-law booked in for her pelvic floor and she's terrified it'll get back to the family.",
         {"unwillingness_to_share"}, {"fairness"}),
        # the professional's power told of the professional, in the third person
        ("My mate needs a will. There's exactly one solicitor in the village and he also happens to be her landlord.",
         {"pressure_imbalance"}, set()),
        # a loan not yet paid back is a debt now
        ("Electrician. My brother-in-law borrowed 12k from me in spring and hasn't paid back a cent yet. Now he wants me to rewire his flat.",
         {"pressure_imbalance"}, set()),
        # "was a spark" as well as "there's a spark"; declining a client is not holding back
        ("Still seeing my counsellor every week. We bumped into each other at a gig and there was a real spark. She said she 'can't go there' with a client.",
         {"sexual_relationship"}, {"unwillingness_to_share"}),
    ],
)
def test_pressure_quotes_and_avoidance_in_other_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # more for this client than for the rest, told as a comparison
        ("Piano teacher. My nephew's lessons always run longer than the other students' and I never charge for the extra.",
         {"fairness"}, set()),
        ("Plumber. I quoted my best mate's bathroom a lot lower than I would for anyone else.",
         {"fairness"}, set()),
        # what the client puts in is no favour
        ("I coach my own son at swimming. He trains less hard for me than he would for anyone else, honestly.",
         set(), {"fairness"}),
        ("Personal trainer. I've been dating one of my clients and a couple of the other trainers keep making little comments.",
         {"fairness"}, set()),
        # a client not allowed to pay is favoured, not put in debt; a professional not allowed to pay is obliged
        ("My physio is my aunt's best friend and she won't let me pay for any of my sessions.",
         {"fairness"}, {"pressure_imbalance"}),
        ("Accountant. A client runs the bakery next door and since I did his books he won't let me pay for anything.",
         {"clouded_judgment"}, set()),
    ],
)
def test_favours_compared_and_declined_payment(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # the poster's children looked after by the client are not the ones served
        ("Addiction counsellor. One of my clients used to babysit my kids and she's downplaying her drinking with me.",
         {"unwillingness_to_share"}, {"clouded_judgment"}),
        # "fear" alone names no power over the client
        ("Hypothetically, could a hypnotherapist's husband have a few formal sessions with her for his fear of heights?",
         {"sexual_relationship"}, {"pressure_imbalance"}),
    ],
)
def test_children_minded_and_fears_named(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict, present, absent",
    [
        # an end still awaited does not make a romance already begun "former"
        ("Psych nurse on a locked unit. We said we'd wait until she's discharged, but we've been kissing in the courtyard for weeks.",
         "prohibited", {"sexual_relationship"}, set()),
        ("Counsellor here. A client and I are in love and plan to move in together once therapy wraps up next month.",
         "prohibited", {"sexual_relationship"}, set()),
        ("Psych nurse. We already held hands on the ward and he's not due for discharge for a while.",
         "prohibited", {"sexual_relationship"}, set()),
        # ... while a romance only asked for can still wait for the end
        ("Psych nurse. A patient asked me out and I told him I'd think about it once he's discharged.",
         "avoid", {"sexual_relationship"}, set()),
        # an end told in the past is still past
        ("Psychologist. We started dating six months after I'd discharged her from therapy.",
         "avoid", {"sexual_relationship"}, set()),
        # "any more" comparing, "older" clients: no end at all
        ("A counsellor realises she's falling for a current client in their small town. Does the town make it any more acceptable?",
         "prohibited", {"sexual_relationship"}, set()),
        ("Psychologist. Most of my older clients are lovely, but one of them just asked me on a date and I said yes.",
         "prohibited", {"sexual_relationship"}, set()),
    ],
)
def test_timing_of_a_romance_already_under_way(analyzer, text, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict, present, absent",
    [
        # a question put to the professionals about "your own" partner
        ("Question for the psychologists here: would you ever run a few sessions with your own wife if she asked?",
         "prohibited", {"sexual_relationship"}, set()),
        # the poster takes over from the partner's own provider
        ("I'm a GP. My wife's GP retired last month. So now I'm her doctor, which feels strange.",
         "caution", {"sexual_relationship"}, set()),
        ("I'm a psychiatrist. My husband's psychiatrist moved away. He asked if I could just take over his meds for a while.",
         "prohibited", {"sexual_relationship"}, set()),
        # ... but a friend of the partner asking is someone else
        ("Family lawyer. My husband's best friend wants me to handle her divorce and I think she's hiding things.",
         "caution", {"clouded_judgment"}, {"sexual_relationship"}),
        # hands-on work on one's own partner
        ("Chiropractor in a big city. Is adjusting my own husband after he hurt his back okay?",
         "caution", {"sexual_relationship"}, set()),
        # a headline title after a short aside is the poster's own job
        ("Long story. Florist, my sister is getting married and wants me to do all the flowers at cost.",
         "caution", {"clouded_judgment", "fairness"}, set()),
        # a bare title, then the partner as a second subject: not the same person
        ("Only psychotherapist for miles, and my wife has been low since her dad died. She asked if I could see her properly.",
         "prohibited", {"sexual_relationship"}, set()),
    ],
)
def test_partners_who_become_clients_in_other_words(analyzer, text, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # romance in slang
        ("So my dog groomer and I are kinda a thing now and she still does my dog every month. Is that messy?",
         {"sexual_relationship"}, set()),
        ("Bartending school instructor. I slipped a student my number after the final class.",
         {"sexual_relationship"}, set()),
        ("Our choir director has been giving my cousin private lessons and now everyone says they're a thing.",
         set(), set()),
        # power told as rank, reviews and sign-offs
        ("I'm the only psychologist at a small base and I outrank the soldier who wants to start sessions with me.",
         {"pressure_imbalance"}, set()),
        ("I'm a supervisor at a training clinic and I sign off on the practicum hours of the trainee I see privately for therapy.",
         {"pressure_imbalance"}, set()),
        # a denial carried along a list, and a grade that is a class of pupils
        ("Counsellor. A new client is in my pottery class but I don't teach, grade or supervise anyone there.",
         set(), {"pressure_imbalance"}),
        ("I tutor a boy in chemistry who is in my son's grade at school. His parents pay my usual rate.",
         set(), {"pressure_imbalance"}),
        # words widened by their lemma
        ("Yoga teacher. A student offered me her cabin for a weekend. She just comes to the regular Monday class like everyone.",
         set(), {"fairness"}),
        ("Hockey coach. My nephew made the team through an outside evaluator, not me, and he's doing fine.",
         set(), {"pressure_imbalance"}),
    ],
)
def test_slang_romance_power_and_lookalikes(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("NP at the only clinic on the rez. My cousin came in for a checkup and wouldn't answer half my questions.", "may_be_appropriate"),
        ("Ship's doctor, eleven days at sea with no port. My closest friend on board needs stitches.", "may_be_appropriate"),
        ("Doctor wintering over at a research station. The station chief, now a close friend, asked me for a refill.", "may_be_appropriate"),
        ("Pastor way out in the county. No licensed counsellor within about 2 hours. My best friend asked me for help with his drinking.",
         "may_be_appropriate"),
        ("School counsellor for the whole district (rural, nearest other option is 90 min away). My niece was sent to me.", "may_be_appropriate"),
        # a short drive is no exception
        ("Snowed in this week. My counsellor is 15 min away and does video anyway. My neighbour, also a counsellor, offered to see me.",
         "avoid"),
    ],
)
def test_remoteness_told_in_other_words(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()


@pytest.mark.parametrize(
    "text, verdict, present, absent",
    [
        # a business run by the poster is the poster's work
        ("I run the only funeral home in the valley, next one's 90 miles off. My ex-husband's father died and my ex wants me to handle it.",
         "may_be_appropriate", {"clouded_judgment"}, set()),
        # members of the server addressed, not a thread talked about
        ("vets of this server, quick hypothetical: your own brother brings his dog in for surgery. Do you operate or refer?",
         "caution", {"clouded_judgment"}, set()),
        # a stretch of time is nobody, so the flirting is with the client's sister
        ("Hairdresser. A regular brings his sister along and she and I chat the whole appointment. She asked me out for a drink.",
         "caution", set(), {"sexual_relationship"}),
        # "zero flirting", a courtesy owed, someone set apart from the client
        ("Realtor helping an old classmate buy a flat. There's zero flirting on either side, it's just fun catching up.",
         "caution", set(), {"sexual_relationship"}),
        ("I tutor a college student in physics and I've been dating his roommate. Do I owe anyone a heads up?",
         "caution", set(), {"sexual_relationship", "clouded_judgment"}),
        ("Psychologist. A client is in my book club, and I've been going out with one of the other members (never a client) for months.",
         "avoid", set(), {"sexual_relationship"}),
    ],
)
def test_roles_and_romance_parties_in_other_words(analyzer, text, verdict, present, absent) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    check_scenario_risks(analyzer, text, present, absent)


def test_partner_named_by_a_pronoun_and_joined_group(analyzer) -> None:
    text = "My husband teaches mindfulness groups (he's a licensed psychologist). I asked if I could join his Monday group and he said no."
    a = analyzer.analyze(text)
    assert a.verdict == "prohibited", a.to_record()
    assert "sexual_relationship" in a.risk_ids


def test_their_own_kids_doctor_is_a_case(analyzer) -> None:
    a = analyzer.analyze("honest question, is it that bad for a dentist to be their own kid's dentist? just cleanings really")
    assert a.intent == "scenario" and "clouded_judgment" in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a check not done, told as a test not drawn or a part rushed through
        ("Pharmacist. I've been handling my uncle's warfarin myself and haven't had a level drawn in months.",
         {"missed_information"}, set()),
        ("Physio. My sister-in-law's rehab assessment is mine and I rushed through the balance part since I know how she moves.",
         {"missed_information"}, set()),
        # asking permission is not gathering information
        ("GP on a remote island. My wife has a fever and I'm treating her. Not really asking permission, just how you stay calm.",
         set(), {"missed_information"}),
    ],
)
def test_checks_skipped_in_other_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict",
    [
        # "they" is the couple named elsewhere: the professional and the client's relative
        ("My piano teacher is dating my aunt. Ever since they got together she skips half my scales.", "caution"),
        # the professional of the poster's child, dating the poster: the child is the one served
        ("My son's swim coach and I have been seeing each other for a few months. Other parents are starting to talk.", "caution"),
    ],
)
def test_romance_with_the_clients_relative(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    assert "sexual_relationship" not in a.risk_ids


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # "a therapist and a client ... each other" is their romance, not a couple's own
        ("Hypothetically, if a counsellor and a client realised they had feelings for each other, could they wait it out?",
         {"sexual_relationship"}, set()),
        # doing nothing names no step left out
        ("Hypothetically, a dentist and a patient like each other but he didn't do anything until her treatment ended.",
         set(), {"missed_information"}),
    ],
)
def test_a_pair_named_together_and_nothing_done(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


# -- session 17: new development sets and minimal pairs ---------------------------
@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a share of the profession is the poster's own job
        ("I'm one of about forty physios in this city and my brother-in-law has booked a session with me.", {"clouded_judgment"}, set()),
        # the providers counted in a plenty or scarcity cue are the alternatives; the one rung is the poster
        ("There must be a dozen plumbers within ten minutes of me, but my ex-girlfriend called me about her leaking boiler.", {"clouded_judgment"}, set()),
        ("I do bookkeeping from my spare room. The nearest accountant is forty minutes away. My stepdad wants me to do his accounts.", {"clouded_judgment"}, set()),
        # a cousin's spouse is family by marriage
        ("I'm a funeral celebrant and my cousin's wife passed last week. The family asked me to lead the service.", {"clouded_judgment"}, set()),
        # "a power of attorney" is a document; the ex who rings asks the poster
        ("Solicitor in a big city, there are hundreds of lawyers within a mile. My ex-wife rang and asked me to draft her will and a power of attorney.",
         {"clouded_judgment"}, set()),
        # the client's own unease about the professional's exams
        ("I'm a midwife and my best mate begged me to deliver her baby. She admitted it's a bit weird for her that I'll be doing the internal checks.",
         {"unwillingness_to_share"}, set()),
    ],
)
def test_who_is_served_in_other_words(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, verdict",
    [
        # a month is when, not who: the romance is the therapist's and the flatmate's
        ("My therapist is seeing my flatmate. They got together in March and I still have sessions with her every Thursday.", "avoid"),
        # a clause about the guy is not the guy
        ("Marriage counsellor here. I have a crush on the man who drives one of my clients to her appointments. Nothing has happened.", "avoid"),
        # a bare "him" follows the romance named outright
        ("I'm a landscaper redoing a garden for a retired teacher and I've fallen kind of hard for her neighbour, who keeps popping over. "
         "Thinking of asking him out for dinner once the job's done.", "caution"),
        # "one of his players" is the one courted, not a relative of theirs
        ("Hypothetically, if a rec league netball coach starts catching feelings for one of his players and she flirts back?", "avoid"),
        # the service came first: a romance begun with a client
        ("My girlfriend's a personal trainer. She was my trainer first, and we got together a few months into our sessions. She still writes my programme.",
         "avoid"),
        # a partner's own condition makes them the one served
        ("I'm the only psychologist on the island. My husband's insomnia has got bad and he's asked me to do proper sessions with him.", "prohibited"),
        ("Only counsellor in a small fishing town. A woman I've been quietly seeing for a few weeks asked to start therapy with me.", "prohibited"),
        # the poster's subject dropped, then parsed as their job
        ("pharmacist. started seeing a guy i met when he was collecting his prescriptions at my counter. he still fills everything with us.", "prohibited"),
        # former: not seen as a patient since
        ("audiologist. fitted a woman's hearing aids three years ago, haven't seen her as a patient since. bumped into her at a gig and she asked me out.",
         "avoid"),
    ],
)
def test_romance_parties_and_timing_in_other_words(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()


@pytest.mark.parametrize(
    "text",
    [
        # the partner only says where the client works
        "Physio in a mining town. One of my patients is the shift boss where my wife works.",
        # not romances: a pilot light, "crush it", a sexual topic, a group treating the professional
        "Plumber. Redid my gran's boiler last month and now the pilot keeps going out, and I never checked the flue.",
        "My manager asked me to tutor his son for his exams and keeps telling me the kid is going to crush it.",
        "I'm a psychologist in a small town. A client keeps dodging a sexual issue he clearly isn't ready to talk about.",
        "GP here. The parents who take me out for dinner every Christmas always seem to get the first appointments for their kids.",
    ],
)
def test_no_romance_with_the_client(analyzer, text) -> None:
    a = analyzer.analyze(text)
    assert "sexual_relationship" not in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # denied or redirected cues
        ("Vet. My neighbour's spaniel is on my list and honestly I'm not worried about staying objective, we barely talk.", set(), {"clouded_judgment"}),
        ("Dentist. One of my patients runs the bakery on my corner. He's never given me anything and I pay for my bread like everyone.", set(), {"clouded_judgment"}),
        ("Realtor. My friend from the climbing wall is selling her flat and assumes I'll list it.", set(), {"clouded_judgment"}),
        ("I'm a yoga teacher and one of my private clients also climbs at my gym. I'm not attracted to him at all but my friends keep teasing me about it.",
         set(), {"clouded_judgment", "sexual_relationship"}),
        ("I'm an employment lawyer. A cleaner at our firm is on a visa sponsored by her previous employer, and I have no say over her job. "
         "She's asked me to look at her contract.", set(), {"pressure_imbalance"}),
        ("I'm a physio, and one of my patients, who coaches my son's rugby team, has asked out one of the other dads.", set(), {"fairness"}),
        ("I'm an osteopath and our bookkeeper, who reports to me, wants a few treatments. I doubt she'd ever tell me if she hated them.",
         {"pressure_imbalance"}, {"unwillingness_to_share"}),
        # power, favours and holding back told indirectly
        ("I teach Year 10 maths and one of my own pupils asked if I'd tutor her privately at weekends for cash.", {"pressure_imbalance"}, set()),
        ("I'm a psychologist and I sit on the village council. A resident who's in front of the board over a planning breach asked if I have space "
         "for therapy. We vote on her appeal next week.", {"pressure_imbalance"}, set()),
        ("Chiropractor. I've kept my sister-in-law on my old 2015 rate for years.", {"fairness"}, set()),
        ("My pharmacist set my meds aside for me during the shortage, because she's my aunt's best friend.", {"fairness"}, set()),
        ("My dentist is in my husband's running club. On the health form I left the smoking box unchecked.", {"unwillingness_to_share"}, set()),
        ("My GP is my mum's oldest friend. He asks how my drinking is and I just give him one-word answers.", {"unwillingness_to_share"}, set()),
    ],
)
def test_risks_in_other_words_session_17(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, exceptions",
    [
        # the poster says they are not rural; a favour for nobody else; a seat on a panel
        ("I'm a counsellor and no, I'm not rural, there are other practices about an hour away. My cousin still wants me as his counsellor.", set()),
        ("Hairdresser. My landlord's niece gets to come in after hours, which I do for nobody else.", set()),
        ("I'm one of three people on the parole panel and a man I'll be reviewing has asked me for counselling.", set()),
    ],
)
def test_not_remote_in_other_words(analyzer, text, exceptions) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert set(a.exception_ids) == exceptions, a.to_record()


@pytest.mark.parametrize(
    "text, intent",
    [
        # "X, not Y" denies Y only
        ("My family doctor asked me out for coffee and it was 100% a date, not a medical thing. I'm still his patient.", "scenario"),
        # asking for a good one is a request, whatever the parser hangs "good" on
        ("does anyone know a good family lawyer in Leeds? asking for me and my husband, not a work thing lol", "other"),
        # "a fellow X" is a colleague
        ("I'm a dietitian at a big clinic and a fellow dietitian asked me to write her a meal plan.", "scenario"),
        # notarising names a notary
        ("My dad's best friend notarised the deed to my flat. Is that weird?", "scenario"),
        # meeting up for drinks with a former patient
        ("i was his night nurse for a week last winter. he found me on insta and wants to meet up for drinks. i don't work at that hospital now.", "scenario"),
    ],
)
def test_intent_in_other_words_session_17(analyzer, text, intent) -> None:
    a = analyzer.analyze(text)
    assert a.intent == intent, a.to_record()


# -- session 18: new development sets ------------------------------------------------
@pytest.mark.parametrize(
    "text, verdict",
    [
        # triggers whose "|" had joined a phrase to a word ("for dinner|a drink") now match
        ("Orthodontist. A patient halfway through her braces invited me for dinner last week and I said yes.", "prohibited"),
        ("Swim coach. A swimmer who left my squad last year messaged asking if I'd like to grab coffee sometime.", "avoid"),
        ("Counsellor. A client and I ran into each other at a gig after her session and she stayed the night.", "prohibited"),
        # "they" just after someone else's professional is named: that professional and the one served
        ("My uncle's physio started turning up at his bowls club and now they're seeing each other. He still has physio with her twice a week.",
         "prohibited"),
        # an end asked about as a duty is not an end
        ("I think I've fallen for my counsellor. Would she have to stop seeing me if I told her?", "prohibited"),
        # a partner holding sessions with the poster
        ("My wife is a psychologist and she keeps suggesting she could do some EMDR with me for my nightmares.", "prohibited"),
    ],
)
def test_romance_in_other_words_session_18(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    assert "sexual_relationship" in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text",
    [
        # a couple's own "each other"
        "Couples counsellor. My clients are a married couple who are still in love with each other but fight about money.",
        # an appointment, not a date
        "Employment lawyer. I'm seeing a new client Friday about her dismissal, and she turns out to be my sister's best friend.",
        # the one courted belongs to someone served
        "Piano teacher here and I've been seeing one of my pupils' mums for a couple of months.",
        # "we" in the same sentence as a romance with the patient's son
        "GP. My patient's son stayed over at my place on Saturday, we've been dating a few weeks. His dad is booked in with me next week.",
        # a romance placed in a stage of life that is over
        "Accountant. My ex-girlfriend (we went out at uni, both married to other people now) wants me to do her books.",
    ],
)
def test_no_romance_with_the_client_session_18(analyzer, text) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert "sexual_relationship" not in a.risk_ids, a.to_record()


def test_partner_wants_the_poster_as_their_professional(analyzer) -> None:
    a = analyzer.analyze("I'm a mortgage broker and my fiancé wants me as his broker for the flat he's buying.")
    assert "sexual_relationship" in a.risk_ids and a.verdict == "caution", a.to_record()


@pytest.mark.parametrize(
    "text",
    [
        "I'm a nurse and my neighbour was admitted to my ward. He was squirming when I asked about his drinking.",
        "Midwife. My sister-in-law is booked with me and says she'd never let me do her internal exams.",
        "Dietitian. A client who sings in my husband's choir has been lying on her food diary.",
        "Imam here. A young man from our mosque knows I'm close to his uncle, and I can tell he's giving me half the story.",
    ],
)
def test_holding_back_in_other_words_session_18(analyzer, text) -> None:
    check_scenario_risks(analyzer, text, {"unwillingness_to_share"}, set())


@pytest.mark.parametrize(
    "text, verdict",
    [
        # "over the last few months" is during, not over
        ("I'm the only counsellor on the island. Over the past few months I've fallen for a client and I think she feels it too.", "prohibited"),
        # sessions held with the partner, told by a pronoun or by "we"
        ("My husband has been low since his dad died. I'm a psychotherapist. Would it be so bad if I did a few sessions with him, properly documented?",
         "prohibited"),
        ("husband's a psychologist. we've been bickering for months and he wants us to do proper sessions at home, forms and all.", "prohibited"),
        # the poster, or the professional in a story, takes a relative's care over
        ("Psychiatric nurse practitioner. My wife's GP just retired and she needs her antidepressant continued. I could prescribe it myself.",
         "prohibited"),
        ("Say a psychiatrist's wife needs her meds adjusted and the waitlist is long. Could he just manage her meds himself for a while?", "prohibited"),
        # more ways of asking out, courting and pining
        ("Psychologist. A current client asked if I'd like to see a band with her next weekend and I said yes.", "prohibited"),
        ("Counsellor here. A client keeps leaving me love letters and I've started writing back.", "prohibited"),
        ("I'm a psychiatrist and I keep thinking about her between appointments. She's my patient.", "prohibited"),
        ("Psychologist in a close-knit Orthodox community. A matchmaker proposed a match between me and a man I'm treating.", "prohibited"),
        ("Physio on a rehab ward. A patient with weeks left on the unit asked if I'd grab coffee with him downstairs.", "prohibited"),
        # an end named as a past state: not their patient any more
        ("can a psychologist date someone who stopped being their patient three years ago?", "avoid"),
    ],
)
def test_romance_and_partners_session_18(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    assert "sexual_relationship" in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # sex as a topic, a back going out, a roommate's own engagement: no romance
        ("Midwife. My cousin is booked with me and says she'd feel weird asking me about sex after the birth.", {"unwillingness_to_share"},
         {"sexual_relationship"}),
        ("My chiropractor is my uncle's neighbour. My back went out after a night out and I haven't told him how.", {"unwillingness_to_share"},
         {"sexual_relationship"}),
        ("Busy week: my roommate got engaged, and I'm a social worker who just got a case where I know the mum from school.", set(),
         {"sexual_relationship"}),
        # the client says plainly she tells the professional everything
        ("My dentist's son is in my daughter's class. People ask if I hold back at appointments. Honestly no, I tell him everything.", set(),
         {"unwillingness_to_share"}),
        # an objection to the work left unsaid is pressure
        ("My accountant is my godmother and I can't bring myself to question any of her advice, even when it looks wrong.", {"pressure_imbalance"},
         set()),
        # "Child welfare" names the work, not a child
        ("Child welfare caseworker here. I've been assigned a family from my gym, we only nod to each other.", set(), {"clouded_judgment"}),
    ],
)
def test_lookalikes_and_objections_session_18(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


def test_representing_someone_in_their_case_names_a_lawyer(analyzer) -> None:
    a = analyzer.analyze("I'm representing a woman in her custody case and we've started texting every night.")
    assert a.profession_group == "legal", a.to_record()


def test_talking_for_hours_is_not_distance(analyzer) -> None:
    a = analyzer.analyze("Ran into my old GP at a wedding, we talked for two hours and he asked for my number. Is that allowed?")
    assert "rural_access" not in a.exception_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # favours told as prices and queue places
        ("Realtor. My brother is selling and fully expects me to knock my commission down because we're family.", {"fairness"}, set()),
        ("My uncle is a plumber and he redid my bathroom basically for what the parts cost.", {"fairness"}, set()),
        ("Nurse practitioner. My neighbour wants me as her provider since new patients wait months, and I could get her in next week.",
         {"fairness"}, set()),
        # how others see it
        ("I'm the only insurance agent in our town and people are gonna say I pushed my cousin's claim through.", {"fairness"}, set()),
        ("Our vicar has been counselling a widow in the parish and now they're courting. The congregation is split about it.", {"fairness"}, set()),
        # pressure told by what the client does or fears
        ("Child protection worker. A mum on my caseload agrees to literally everything I put in her plan, even things she clearly hates.",
         {"pressure_imbalance"}, set()),
        ("CPS caseworker. A teen from a family on my caseload wants to babysit for me, but I'm the one writing the reports on her family's case.",
         {"pressure_imbalance"}, set()),
        # a favour paid in rent is received by the professional, not a discount given
        ("Interior designer. My landlord asked me to redo his kitchen and offered to knock my rent down instead of my fee.", set(), {"fairness"}),
    ],
)
def test_favours_and_pressure_session_18(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text",
    [
        "I do wedding photography on the side and my manager asked me to shoot her wedding.",
        "fin advisor here. my father-in-law finally let me look at his pension.",
        "HVAC guy in a small town, the mayor wants his furnace done before my other customers.",
        "I do criminal defense and my best friend's husband wants me to take his DUI.",
    ],
)
def test_professions_named_by_their_work(analyzer, text) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()


def test_a_partner_of_some_time_is_a_partner_first(analyzer) -> None:
    """"we've been together almost a year" beside "my boyfriend": the romance came first."""
    a = analyzer.analyze("Mortgage broker. My girlfriend is buying a flat and wants me to arrange her loan. We've been together almost two years.")
    assert "sexual_relationship" in a.risk_ids and a.verdict == "caution", a.to_record()


@pytest.mark.parametrize(
    "text, verdict",
    [
        # a duty already done is an end told ("had to stop seeing her last year")
        ("I'm a therapist. I had to stop seeing her as a client last year and now we are dating.", "avoid"),
        # a day in a clause joined on is not an appointment
        ("I'm a therapist. I've been seeing one of my clients since last summer and today she told her husband.", "prohibited"),
    ],
)
def test_review_mends_session_18(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()


def test_a_bill_one_cannot_manage_is_no_care_taken_over(analyzer) -> None:
    a = analyzer.analyze("I'm an accountant. My wife's lawyer sent a huge bill for her divorce paperwork. I honestly can't manage it this month.")
    assert "sexual_relationship" not in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, lasting",
    [("We've been together almost a year.", True), ("We go out once a month.", False), ("We have dinner once a week.", False)],
)
def test_a_length_told_in_the_perfect_is_lasting(analyzer, text, lasting) -> None:
    from bot.core.components.roles import _lasting

    doc = analyzer.nlp(text)
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert _lasting(root) is lasting, [(t.text, t.dep_, t.head.text) for t in doc]


# -- session 19 ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, verdict",
    [
        # a romance told only by what happens (knowledge/cues.toml, "intimacy")
        ("Surveyor. I did the survey on a client's farmhouse in May and he's spent the last four weekends at my place.", "avoid"),
        ("Marriage counsellor. One of my clients and I only booked one hotel room at the conference last month.", "prohibited"),
        ("Bookkeeper. A client walked me home after our quarterly meeting and didn't leave until the next morning.", "avoid"),
        # "ago" dating another verb's clause is no end of the romance
        ("I'm a physio. About a month ago I gave a patient a lift home because his car had died, he kissed me at the gate and it has happened a few times since.",
         "prohibited"),
        # "goodbye" and "her way out" are nobody; her ex named later is no one dated
        ("Family lawyer. A client's case closed in spring and now she kisses me goodbye on her way to work. Her ex has just appealed.", "avoid"),
        # a go-between carries the courting; the one served is the one courting
        ("Midwife. A young man I cared for last winter (discharged in March) has been courting me through his cousin.", "avoid"),
        # the professional is no relative named later
        ("so my optician asked for my number at my eye test today. he said he'd pass me to his partner first.", "prohibited"),
        # a start dated in the past is not an end
        ("Podiatrist. Started treating a woman for a heel spur back in March. She stays over at mine most weekends now and has three appointments left.",
         "prohibited"),
    ],
)
def test_romance_told_by_what_happens_session_19(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()
    assert "sexual_relationship" in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text",
    [
        # the same events with a relative or a close friend are company, not a romance
        "I'm a speech therapist and my nephew has started therapy with me. He stays over at my place most weekends and texts me every night.",
        "Pharmacist here. My best friend just got her diagnosis and she's been staying the night at mine. We hold hands at her appointments.",
        # a romance only joked about, then denied
        "Accountant. My colleague joked I should ask my client out once his return is filed. Not happening, that's not why I help him.",
    ],
)
def test_company_and_jokes_are_no_romance_session_19(analyzer, text) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert "sexual_relationship" not in a.risk_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # something done for this client that is denied to everyone else
        ("Vet. My cousin's dog gets seen on Sundays, which I don't do for anyone else.", {"fairness"}, set()),
        ("Architect. I'm drawing my brother's extension with far more care than I'd ever bother giving a stranger.", {"fairness"}, set()),
        ("Personal trainer. My best mate's sessions run long and I don't stop them like I would with anyone else.", {"fairness"}, set()),
        # a rule kept, or offered to everyone, is no favour
        ("Driving instructor. My niece is learning with me and I don't skip the theory check for anybody.", set(), {"fairness"}),
        ("Optician. We do a free eye screen for anyone who walks in, and my neighbour came in for one.", set(), {"fairness"}),
        # a queue skipped
        ("Physio. I see my sister-in-law at 6am so she doesn't have to wait for a slot.", {"fairness"}, set()),
        # power over the professional, named by what it decides
        ("Psychologist. A senior partner at my practice, the one signing off on my promotion, asked me to see his wife.", {"clouded_judgment"}, set()),
        ("Dentist. The bank manager who approved my practice loan is now my patient.", {"clouded_judgment"}, set()),
        # the poster's boss asking for the work on someone of theirs
        ("I tutor maths on the side. My manager at work asked if I'd take on his daughter before her exams.", {"clouded_judgment"}, set()),
        # nervous of telling something is holding back, not pressure
        ("Counsellor in a small parish. A woman from my church wants therapy but says she's nervous to talk to me about her marriage.",
         {"unwillingness_to_share"}, {"pressure_imbalance"}),
        ("Therapist on an island. A dad from my son's class wants sessions and says he's nervous to get into his gambling with me.",
         {"unwillingness_to_share"}, {"pressure_imbalance"}),
        # signed up is joined, not signed without reading; a practice with a gym attached is no feeling
        ("Swim coach. My niece just signed up for my squad for the whole session.", {"clouded_judgment"}, {"missed_information"}),
        ("Dietitian. I run a clinic with a gym attached and one of my gym staff wants nutrition sessions.", set(), {"clouded_judgment"}),
    ],
)
def test_favours_power_and_telling_session_19(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, group, role",
    [
        # a job named by the work it does for the poster
        ("The woman who did my braces is my husband's aunt and she did them at cost.", "medical", "client"),
        ("the guy representing me in my custody case is also my AA sponsor.", "legal", "client"),
        # the work told after "do" is the poster's job
        ("I do plumbing on the side and my landlord wants me to redo his kitchen.", "other", "professional"),
        # a generic "therapist" said of a massage therapist is the same job
        ("My massage therapist and I have been dating a month. My friend says it's wrong because she's a therapist.", "other", "client"),
    ],
)
def test_who_the_professional_is_session_19(analyzer, text, group, role) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario" and a.profession_group == group, a.to_record()
    assert analyzer.nlp(text)._.reading.poster_role == role


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("Lawyer. I repped a guy in his custody case, it closed about 8 months ago. Can I date him now?", "avoid"),
        ("finished physio for my knee back in feb and my physio just asked me out. allowed?", "avoid"),
        ("Counsellor. He's not been my client for three years and we've started dating.", "avoid"),
        ("Dentist. A patient asked me out but said she'd switch to a different practice first.", "avoid"),
    ],
)
def test_a_relationship_over_in_other_words_session_19(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()


def test_an_outsider_welcome_is_no_insular_wish(analyzer) -> None:
    a = analyzer.analyze(
        "Psychologist in an Orthodox neighbourhood. A woman from my shul wants therapy, but she says she'd be fine with someone from outside too.")
    assert "insular_community" not in a.exception_ids, a.to_record()


def test_a_rural_town_told_by_its_one_doctor(analyzer) -> None:
    a = analyzer.analyze("my town's got one dentist and he was mine for years until I moved my care last year. now he asked me out.")
    assert "rural_access" in a.exception_ids, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # the comparison told before its verb is no span running backwards (it raised)
        ("I'm a GP and my best friend is my patient. For anyone else I wouldn't do house calls.", {"clouded_judgment"}, set()),
        # pronouns that stand for a client who is a friend's relative: a romance
        ("I'm a therapist and one of my clients is my best friend's cousin. Lately she has been texting me every night and last week she stayed the night.",
         {"sexual_relationship"}, set()),
        # "no exceptions ..., but" is the favour told against the rule
        ("Dentist. My best friend is my patient. My policy is no exceptions on late cancellations, but I waived the fee for her.", {"fairness"}, set()),
        # a feeling compared with a stranger, a shift covered for the boss, a family session, a hospital bed
        ("Dentist. My best friend is my patient. I get more anxious working on her teeth than I would on a stranger.", set(), {"fairness"}),
        ("I'm a nurse and my manager wants me to cover her shift on Friday because my neighbour is on the ward.", set(), {"clouded_judgment"}),
        ("My therapist asked to meet my parents in a family session.", set(), {"sexual_relationship"}),
        ("Nurse. My neighbour was admitted and we only had one bed left, so she got it.", set(), {"sexual_relationship"}),
        # "which was years ago" still dates the romance
        ("I'm a therapist. A client and I dated briefly, which was years ago, and now she wants to come back to therapy.", set(), {"sexual_relationship"}),
    ],
)
def test_review_guards_session_19(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


def test_an_outsider_refused_is_still_an_insular_wish(analyzer) -> None:
    a = analyzer.analyze("Midwife in a Mennonite community. The elders won't be happy with a midwife from outside.")
    assert "insular_community" in a.exception_ids, a.to_record()


# -- session 20 ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, present, absent",
    [
        # onlookers talking about the arrangement, told by what they do
        ("Midwife. My cousin is due in May and I'm her midwife. The whole ward is talking about it.", {"fairness"}, set()),
        ("Vet in a small town. If I treat my ex's horses everyone would know by Friday.", {"fairness"}, set()),
        ("Pharmacist. My pastor's wife fills her prescriptions with me and it'll be all over the parish by Sunday.", {"fairness"}, set()),
        ("GP. My sister-in-law is my patient. Moving her to a colleague would raise questions.", {"fairness"}, set()),
        ("Optician. My uncle comes to me for his eye tests and my receptionists have already noticed.", {"fairness"}, set()),
        ("Dentist. My nephew is my patient and the practice nurses keep rolling their eyes.", {"fairness"}, set()),
        # one person remarking, the poster's own family approving, talk about something else, the server asked
        ("My ex is my pharmacist and he makes little comments when I pick up my prescriptions.", set(), {"fairness"}),
        ("Physio. My cousin is my patient and my family thinks it's completely normal.", set(), {"fairness"}),
        ("Optometrist. My neighbour came in for his eye test. Unrelated, but the whole street is buzzing because his wife bought a boat.",
         set(), {"fairness"}),
        ("Tattoo artist. My sister wants a sleeve from me. What do you guys think?", set(), {"fairness"}),
    ],
)
def test_onlookers_talking_session_20(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text",
    [
        # a queue skipped, told by what happens
        "Our pharmacist coaches my son's team and always pulls my prescriptions to the front of the queue.",
        "Immigration lawyer. A man from my church asked if I could fit his brother in sooner because of a hearing date.",
        "Hospice nurse. My neighbour's mum is on my list and he asked if I could get her visits beyond what her plan allows.",
        "Accountant. My godmother will refuse to let me charge her for the return.",
    ],
)
def test_favours_told_by_what_happens_session_20(analyzer, text) -> None:
    check_scenario_risks(analyzer, text, {"fairness"}, set())


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # power the poster holds, named by what it decides
        ("I'm the attending psychiatrist. One of the nurses on my ward (I supervise her, I sign off on her evals) asked if I'd see her privately.",
         {"pressure_imbalance"}, set()),
        ("Rowing coach. One of my rowers wants private strength sessions with me. I'm the one who sets the boats in the autumn.",
         {"pressure_imbalance"}, set()),
        ("Housing social worker. A client sings in my choir and I'm the one who recommends whether her voucher gets renewed.",
         {"pressure_imbalance"}, set()),
        # the client depending on the professional
        ("Counsellor. A client from my recovery group says I'm the only thing keeping him sober and he'd follow anything I told him.",
         {"pressure_imbalance"}, set()),
        ("My nan's financial adviser drives her to every appointment and she says she'd be stranded without him.", {"pressure_imbalance"}, set()),
        # a price left open, the poster doing what the client says, a topic told
        ("Dentist. My best friend wants me to do his daughter's braces and says he'll pay whatever I think is fair.", set(), {"pressure_imbalance"}),
        ("Photographer. My sister wants me to shoot her wedding and she's telling everyone I'll do whatever she says.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("My new counsellor is married to a man in my department, so I don't want to bring up anything about my job.",
         set(), {"pressure_imbalance"}),
        # the professional's own pressure, from the client's side
        ("School psychologist. The superintendent's son is on my caseload. Feels like a lot of pressure to land on one outcome.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Associate solicitor. The managing partner's wife wants me on her claim and he is pushing hard for me to take it.",
         {"clouded_judgment"}, set()),
        ("Hospital social worker. My new patient is married to our CEO, who can end my job with one phone call.", {"clouded_judgment"}, set()),
        ("Pharmacist. My landlord fills his prescriptions with me and after I refused him he said he's reviewing rents.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        # a worry denied
        ("Bookkeeper. A coworker asked me to do her business accounts and I'm honestly not worried I'd go easy on her.",
         set(), {"clouded_judgment"}),
    ],
)
def test_power_and_dependence_session_20(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Counsellor in a big city. A parent from my daughter's class wants sessions and she's nervous about getting into her marriage with me.",
         {"unwillingness_to_share"}, set()),
        ("My best friend's therapist lives on her street and she can't bring herself to tell her about the drinking.",
         {"unwillingness_to_share"}, set()),
        ("Financial planner. I'm going through my brother's statements and he won't look at me when the betting app comes up.",
         {"unwillingness_to_share"}, set()),
        # advice the poster lacks, unease with the post itself, a client who is open
        ("My friend is a psychologist and she's falling for a client. I don't know what to tell her.", set(), {"unwillingness_to_share"}),
        ("Estate lawyer, kind of embarrassed to post this. I drafted my best friend's will and never asked about his children.",
         set(), {"unwillingness_to_share"}),
        ("School counsellor. My daughter's best friend is on my caseload and she's been really open with me, doesn't seem worried at all that it'll get back to my kid.",
         set(), {"unwillingness_to_share"}),
    ],
)
def test_holding_back_session_20(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, sexual",
    [
        # a romance between the client and someone named for the first time there
        ("Chiropractor. One of my patients is in my book club and he's been on a few dates with Priya, who runs our front desk.", False),
        ("Personal trainer. I train my neighbour Sam and lately she's been flirting with Marco at the front desk.", False),
        # the professional's own feelings, with "kinda" in between
        ("I teach yoga and I've started private sessions for my neighbour Dan. I'm kinda into him though.", True),
        # the professional's nights at the client's place
        ("My friend is going through her divorce and her lawyer is staying over at her place most nights.", True),
        # the poster's partner only joking about it
        ("Yoga teacher. I do private sessions for my neighbour and my partner keeps making little jokes about it.", False),
        # "we" is the poster and the partner named as the client's relative
        ("OT here. My boyfriend's mum (we've been together six years) just got put on my caseload after her stroke.", False),
    ],
)
def test_whose_romance_session_20(analyzer, text, sexual) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert ("sexual_relationship" in a.risk_ids) == sexual, a.to_record()


@pytest.mark.parametrize(
    "text, verdict",
    [
        # arriving as a patient is the start of care, not its end
        ("Wound care nurse. A man came in back in September with a burn and I still do his dressings twice a week. We've been out three times.",
         "prohibited"),
        # a list on separate lines: the end of therapy is not the end of the match
        ("Summary:\n- psychologist\n- former client, therapy ended in 2021\n- we matched on a dating app last night\nCan I say yes?", "avoid"),
        # a romance that ended, in so many words
        ("Doula. My ex-girlfriend (we were together three years, separated in 2019) wants me at her birth.", "caution"),
    ],
)
def test_timing_session_20(analyzer, text, verdict) -> None:
    a = analyzer.analyze(text)
    assert a.verdict == verdict, a.to_record()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # the professional's own relative, named by a pronoun or a possessive
        ("My dentist is treating his niece.", {"clouded_judgment"}, set()),
        ("Hypothetically, if a psychologist's ex-boyfriend asked her to do his ADHD assessment, would that be ok?", {"clouded_judgment"}, set()),
        # staff beside the poster, the service itself given, a referral
        ("Electrician, small shop, just me and my apprentice. My neighbour wants his garage wired and I owe him.", {"clouded_judgment"},
         {"pressure_imbalance"}),
        ("My boyfriend is a driving instructor and he's been giving me lessons before my test.", {"sexual_relationship"}, {"pressure_imbalance"}),
        ("Running coach. I've coached my neighbour's son for years; should I hand him to the other coach?", set(), {"fairness"}),
    ],
)
def test_ties_and_lookalikes_session_20(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


def test_nobody_else_needs_a_place(analyzer) -> None:
    a = analyzer.analyze("District nurse, nobody else covers out here, and my aunt is now on my list.")
    assert "rural_access" in a.exception_ids, a.to_record()
    b = analyzer.analyze("My therapist told me he has feelings for me and he gets me like nobody else does.")
    assert "rural_access" not in b.exception_ids, b.to_record()


def test_line_breaks_start_sentences(nlp) -> None:
    doc = nlp("Summary:\n- former client\n- we matched last night")
    starts = [s[0].text for s in doc.sents]
    assert "we" in starts or "-" in starts[2:], starts
    assert len(list(doc.sents)) >= 3, starts


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a line wrapped mid-sentence is one sentence ("my best friend's\nhusband" is a tie, not a partner)
        ("I am a counselor in a small\ntown and my best friend's\nhusband wants sessions with me.", {"clouded_judgment"}, {"sexual_relationship"}),
        # a name given as the client is the client
        ("My friend is a therapist. She started dating Tom, one of her clients.", {"sexual_relationship"}, set()),
        # a new act with "we" is the poster's own, whoever the partner is
        ("I'm a therapist. My wife's best friend started therapy with me. We kissed last night.", {"sexual_relationship"}, set()),
        # advice and the planning of sessions are no power
        ("Personal trainer. My cousin is a client. I'd recommend a pilates class for her and I pick which exercises we do.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        # a calm that is qualified ("but I doubt") is no openness
        ("Counsellor. My cousin is my client. He doesn't seem worried at all, but I doubt he'll be honest with me about his drinking.",
         {"unwillingness_to_share"}, set()),
        # colleagues, not one person, annoyed or remarking on it
        ("Nurse. My sister is now my patient and my colleagues are annoyed with me about it.", {"fairness"}, set()),
        ("Nurse. My sister is my patient and the charge nurse makes little comments about it at handover.", {"fairness"}, set()),
        # the client too embarrassed to ask is holding back
        ("GP. My cousin is my patient and he's too embarrassed to ask this kind of question.", {"unwillingness_to_share"}, set()),
        # joking, then asking for the work: the one asking is served
        ("Accountant. My sister keeps making jokes about it but she really wants me to do her taxes.", {"clouded_judgment"}, set()),
        # ordinary phrases that share words with new triggers
        ("Dentist. My cousin is my patient. I'd be all over a chance to retrain, and the call went straight through to voicemail.",
         {"clouded_judgment"}, {"fairness"}),
        ("Dentist. My cousin is my patient. We were stranded without heat last week and she is nervous about getting into university.",
         {"clouded_judgment"}, {"pressure_imbalance", "unwillingness_to_share"}),
    ],
)
def test_review_guards_session_20(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


# -- session 21 ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, present, absent",
    [
        # someone on the professional's own list ("on my schedule", "onto my panel")
        ("Physio at a busy clinic, honestly not sure about this one: my dad is on my schedule friday for his knee.", {"clouded_judgment"}, set()),
        ("GP. My wife's best friend just got moved onto my panel after her doctor left.", {"clouded_judgment"}, set()),
        # "one of my closest friends is the only ...": the "one" is the friend
        ("One of my closest friends is the only optometrist in our town and she does my eye tests.", {"clouded_judgment"}, set()),
        # the work named by what is done for the poster
        ("My cousin is an audiologist and she does my hearing tests every year.", {"clouded_judgment"}, set()),
        # the two in the sentence said to be friends with a plural pronoun, not two others
        ("My uncle's financial planner has managed his money for a decade and they are also close friends.", {"clouded_judgment"}, set()),
        ("My son and our dentist's daughter share a class at school. They are best friends.", set(), {"clouded_judgment"}),
        # the work a professional's own friend asks for
        ("Asking for a colleague: a GP's close friend keeps messaging her asking for a prescription refill without booking.",
         {"clouded_judgment"}, set()),
        # the reader cast as the professional: "your" people are theirs
        ("Say you're a vet and your ex-husband brings his dogs in for their vaccines. Do you see them?", {"clouded_judgment"}, set()),
    ],
)
def test_ties_told_in_other_shapes_session_21(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # onlookers and favours, told by what happens
        ("Mechanic. My brother-in-law's van went to the front and the regulars keep asking why some people get their cars back in a day.",
         {"fairness"}, set()),
        ("Piano teacher. My niece gets way more talking time in group class and the other parents have started to notice.", {"fairness"}, set()),
        ("Nurse on a busy ward. My aunt was admitted and I spent more time in her room than with my other patients all shift.", {"fairness"}, set()),
        ("Hairdresser. A friend's mum always asks to be seen first, and I cut her first even when others were booked ahead.", {"fairness"}, set()),
        ("Tutor. The parent group chat called it unfair and somebody called it 'shady' that I tutor the principal's son.", {"fairness"}, set()),
        # a discount that comes off the professional's own bill is a favour to them
        ("Dog trainer. My landlord wants puppy classes and he knocked fifty dollars off my rent this month.", {"clouded_judgment"},
         {"fairness"}),
        # the server asked, a saying quoted
        ("Optician here and my cousin wants an eye test with me. Curious what others think.", set(), {"fairness"}),
        ("Whatever people say, I think it's fine: I'm a nurse and my cousin is my patient on the ward.", set(), {"fairness"}),
    ],
)
def test_fairness_in_other_words_session_21(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # power named by what it decides or holds
        ("Grad student. My supervisor also does my taxes and she fills out my evaluations every term.", {"pressure_imbalance"}, set()),
        ("The tax lawyer handling my dad's estate is also the executor of my grandmother's estate and I'm waiting on my share.",
         {"pressure_imbalance"}, set()),
        ("I rent from my chiropractor and honestly I'd never argue with her, I live in her house.", {"pressure_imbalance"}, set()),
        # the client as creditor clouds the professional; a landlord who is someone else's relative holds no power here
        ("I lent my hairdresser two grand in the spring and she still owes me most of it. She does my colour every month.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        ("My accountant is my landlord's daughter. She has nothing to do with the flat.", set(), {"pressure_imbalance"}),
        # an unvoiced concern under power is pressure, not holding back
        ("Grad student. My professor tutors me privately and he grades my thesis, so I can't tell him the sessions aren't helping.",
         {"pressure_imbalance"}, set()),
        ("My swim coach is my landlord too. The lessons are useless but I live in his house so I never say anything.",
         {"pressure_imbalance"}, {"unwillingness_to_share"}),
        # a question of who starts is no power over a romance
        ("What do people think of a driving instructor who starts dating one of his learners?", set(), {"pressure_imbalance"}),
        # time given is the service itself
        ("My personal trainer is a mate from rugby and he always gives me the full ninety minutes.", set(), {"pressure_imbalance"}),
    ],
)
def test_power_and_telling_session_21(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, sexual",
    [
        # a romance between two others in the story
        ("Accountant. A client of mine started seeing my flatmate last month and now it's all she talks about at our meetings.", False),
        ("My daughter's piano teacher is dating my manager, found out at a barbecue.", False),
        # "got involved", a wish, "something between us"
        ("Family lawyer. My client and I got involved a few weeks into her case and it's still going.", True),
        ("Massage therapist. One client books every Tuesday and I look forward to Tuesdays way more than I should.", True),
        ("Physio, small practice. One of my patients and I both know there's something between us.", True),
        # hospitality from a family, a spark denied, a set-up that is a splint
        ("Midwife in a close community. One family keeps inviting me to dinner after every visit.", False),
        ("Plumber. My ex wants me to redo her bathroom. We dated for a year at uni and there's zero spark now.", False),
        ("Hand therapist. My neighbour hurt her wrist and asked me to set her up with a brace and some exercises.", False),
    ],
)
def test_whose_romance_session_21(analyzer, text, sexual) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert ("sexual_relationship" in a.risk_ids) == sexual, a.to_record()


@pytest.mark.parametrize(
    "text, group",
    [
        # the poster's own job set aside: the story is their care
        ("I'm a paramedic, not that it matters here. My lawyer for the house sale is my old flatmate.", "legal"),
        ("Counsellor here but this is about me as a patient for once. My dentist is my sister's best friend.", "medical"),
        # titles read from their short forms
        ("Hospital SW. A patient on the ward is my old landlord.", "mental_health"),
        ("Peds resident. The kid in bed four is my neighbour's son.", "medical"),
        ("One of the RDs at my clinic sees her own cousin.", "medical"),
        ("I do traffic defense. My girlfriend just got a speeding ticket.", "legal"),
    ],
)
def test_who_the_professional_is_session_21(analyzer, text, group) -> None:
    record = analyzer.analyze(text).to_record()
    assert record["intent"] == "scenario", record
    assert record["profession_group"] == group, record


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # someone connected to the client asking the professional for news
        ("Speech therapist. A colleague's son is on my caseload and she keeps asking me for updates in the staff room.", {"clouded_judgment"},
         {"pressure_imbalance"}),
        # doubt voiced or denied
        ("Home inspector. Tomorrow's buyer is from my running club and I'm confident I can stay neutral.", set(), {"clouded_judgment"}),
        ("Home inspector. Tomorrow's buyer is from my running club and I'm not sure I can stay neutral.", {"clouded_judgment"}, set()),
        # the post's opening unease is the poster's
        ("Ugh this is embarrassing. Dietitian, and I have a huge crush on a client I see every week.", {"sexual_relationship"},
         {"unwillingness_to_share"}),
        # a gift of food from the client
        ("Pharmacist. The man from the deli brings cookies for the whole counter team every Friday.", {"clouded_judgment"}, set()),
    ],
)
def test_pressure_doubt_and_gifts_session_21(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


# -- session 22 ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a check left out for the reason that the professional knows the person
        ("Locksmith. Changed the locks for my brother and didn't properly check his ID because I know where he lives.",
         {"missed_information"}, set()),
        ("Vet. My cousin's horse came in lame and I didn't x-ray or scan the leg because I thought I knew how she rides him.",
         {"missed_information"}, set()),
        # a step left out for every client, or a skipping denied, asked about or charged by others
        ("Nurse practitioner. My neighbour came in with a cold and I didn't take a full history, but I don't do that for anyone with a cold.",
         set(), {"missed_information"}),
        ("Bookkeeper. To be clear I did not skip anything because I know her: bank statements, receipts, the lot.", set(),
         {"missed_information"}),
        ("Pharmacist. Customers keep asking in here if I skip the questions for my aunt. I ask everyone the same questions.", set(),
         {"missed_information"}),
        ("Notary. My sister is selling her flat. How do I keep records so nobody can say I cut corners for family?", set(),
         {"missed_information"}),
        ("Financial planner. My brother's pension transfer got the full fact-find, the risk questionnaire, all of it.", set(),
         {"missed_information"}),
        # "I never asked", told on its own after what was assumed
        ("Solicitor. Wrote my best friend's will assuming her kids were the only heirs since I know her family. I never asked.",
         {"missed_information"}, set()),
        ("Dietitian. A dad from the school gate booked a consult. Just checking I don't need to do anything special.", set(),
         {"missed_information"}),
    ],
)
def test_steps_skipped_and_done_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # relatives named only as where the client is met, or whom the client serves
        ("GP. One of my patients is a mum I know from swimming, our daughters train at the same club.", set(), {"clouded_judgment"}),
        ("Dentist. One of my patients teaches guitar to both my sons.", set(), {"clouded_judgment"}),
        ("Vet. The dog's owner turns out to be my daughter's Year 2 teacher.", set(), {"clouded_judgment"}),
        ("Chiropractor. The new patient is someone who works with my sister, I've met him once.", set(), {"clouded_judgment"}),
        ("Driving instructor. My new learner was in my brother's year at school, they never spoke.", set(), {"clouded_judgment"}),
        ("My counsellor's son is in my son's class at school and I keep seeing her at pickup.", set(), {"clouded_judgment"}),
        # a relative's plain friend is no close tie; a contrast denies the tie
        ("Physio. I'm treating my husband's work friend for a sore knee.", set(), {"clouded_judgment"}),
        ("Sports psychologist. A player I have a pint with asked for sessions. We're friendly, not best mates.", set(),
         {"clouded_judgment"}),
        # but a relative's best friend is
        ("Physio. I'm treating my husband's best friend for a sore knee.", {"clouded_judgment"}, set()),
        # the power over a child still pulls on the professional
        ("Electrician. I'm rewiring the house of a man who turns out to be my son's headteacher, and I quoted him low "
         "because I want things to go smoothly for my son.", {"clouded_judgment"}, set()),
    ],
)
def test_relatives_in_passing_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # holding back told in more ways
        ("Counsellor. A client told me she'd been leaving out how her brother talks to her, because my wife knows her family.",
         {"unwillingness_to_share"}, set()),
        ("My GP is my aunt and some of what's going on I will never say out loud to her.", {"unwillingness_to_share"}, set()),
        ("Massage therapist. My wife's uncle left the health form blank, went pink and said 'you'll only tell your wife'.",
         {"unwillingness_to_share"}, set()),
        ("Psychologist. His mother is my line manager, and the boy clams up whenever home comes up.", {"unwillingness_to_share"}, set()),
        ("Psychiatrist. My friend's husband said there's 'stuff I can't get into with you, because of her'.",
         {"unwillingness_to_share"}, set()),
        # openness, denial and the professional's own unease are not
        ("My brother is my accountant. I've got nothing to hide from him, he knows my finances inside out.", set(),
         {"unwillingness_to_share"}),
        ("My best friend is my dentist. People act like I must be hiding stuff from her. I'm really not.", set(),
         {"unwillingness_to_share"}),
        ("Pharmacist. My ex came to the counter with a prescription, asked about side effects. I'm the one who went red.", set(),
         {"unwillingness_to_share"}),
        ("My sister is a psychologist and wants to do CBT with my son. He'd tell her anything, so I don't see the downside?", set(),
         {"unwillingness_to_share"}),
        ("Dentist. I owe my neighbour for fixing my fence and I've been hiding behind the hedge when he walks past. He's my patient.",
         set(), {"unwillingness_to_share"}),
        ("Tutor. The other kids go quiet when my nephew's mum drops him off.", set(), {"unwillingness_to_share"}),
    ],
)
def test_holding_back_in_other_words_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a whole place looking on
        ("The only counsellor in our village is lovely and the whole village will watch me walk into her office.", {"fairness"}, set()),
        # everyone going to her, or everyone knowing everyone, is not onlookers
        ("GP on a small island where everyone knows everyone. My cousin is my patient.", set(), {"fairness"}),
        ("Midwife in a close Orthodox community, basically everyone sees her. Now her sister-in-law is due.", set(), {"fairness"}),
    ],
)
def test_onlookers_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, rural",
    [
        # providers counted
        ("Small town of 5,000 but there are four dental practices. My cousin wants me as her dentist.", False),
        ("Small town, I'm one of three psychologists in the whole county. My neighbour wants therapy with me.", True),
        # providers gone or full are none to go to
        ("Rural area: four practices closed in the last five years, now I'm the only dentist for an hour. My sister-in-law needs a crown.",
         True),
        ("Only GP for 50 miles. I've got loads more patients than I can manage and now my cousin wants to register.", True),
    ],
)
def test_providers_counted_session_22(analyzer, text, rural) -> None:
    a = analyzer.analyze(text)
    assert a.intent == "scenario", a.to_record()
    assert ("rural_access" in {e.id for e in a.exceptions}) == rural, a.to_record()


@pytest.mark.parametrize(
    "text, group",
    [
        # the work asked of the poster, or someone of the poster's in a role, makes a case
        ("I'm a psychologist. My son's football coach wants therapy with me for his nerves.", "mental_health"),
        ("my chiropractor is a guy from my spin class and he skipped the history form, is that normal??", "medical"),
        ("Counsellor, the only one for miles. My daughter's netball coach rang asking for help with her grief. "
         "What do you put in the consent conversation?", "mental_health"),
        # titles: the driving instructor's initials, a divorce done
        ("ADI for ten years. My new pupil turns out to be my neighbour's son.", "other"),
        ("My cousin is doing my divorce and I haven't told her about the savings account.", "legal"),
    ],
)
def test_cases_and_titles_session_22(analyzer, text, group) -> None:
    record = analyzer.analyze(text).to_record()
    assert record["intent"] == "scenario", record
    assert record["profession_group"] == group, record


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a romance the poster thinks is not there, a test date, a partner who is company
        ("Personal trainer. A client keeps buying me gifts. I don't think there's anything romantic going on.", {"clouded_judgment"},
         {"sexual_relationship"}),
        ("ADI. I teach my nephew and he keeps pushing for a date for his test.", {"clouded_judgment"}, {"sexual_relationship"}),
        ("GP. One of my patients is the woman who sings in the choir with my wife. She wants a home visit.", set(),
         {"sexual_relationship"}),
        # the poster's own job said in passing: "cannot say no" is the professional's
        ("she covered my shifts for weeks and never took a penny. now she wants a tattoo before her wedding. tattoo artist btw. "
         "i literally cannot say no", {"clouded_judgment"}, {"pressure_imbalance"}),
        ("Driving instructor. My sister keeps asking me to pass her son early and I'm finding it hard to say no to her.",
         {"clouded_judgment"}, {"pressure_imbalance"}),
        # a community that would not go outside
        ("In the Tamil community here everyone goes to Mr Pillai for their taxes. Nobody would go to a high street accountant. "
         "He's my uncle's friend.", set(), set()),
    ],
)
def test_romance_power_and_community_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # review guards: romances under "I don't think", a date asked for, a partner of two years
        ("Therapist here. I don't think I should date a former client even though it's been three years, right?",
         {"sexual_relationship"}, set()),
        ("Personal trainer. I don't think she realises she's been flirting with me every session.", {"sexual_relationship"}, set()),
        ("Yoga teacher. My student asked me for a date and I don't think I'll say no.", {"sexual_relationship"}, set()),
        ("Therapist. I've been with my girlfriend for two years and she now wants to start sessions with me.",
         {"sexual_relationship"}, set()),
        # skipping against the poster's own habit, or for family, is still skipping
        ("GP. I skipped the full history for my cousin. I don't normally skip it for any patient.", {"missed_information"}, set()),
        ("Nurse. I didn't take a full history from my sister, and I wouldn't with anyone who's family.", {"missed_information"}, set()),
        ("Hairdresser. My aunt keeps tipping me double. I never asked.", set(), {"missed_information"}),
        # an intimate exam dreaded; a refusal or a dog stopping is not holding back
        ("GP. My cousin is my patient, and she feels awkward taking her top off in front of me.", {"unwillingness_to_share"}, set()),
        ("Personal trainer. My niece is my client now and she refuses to do burpees with me.", set(), {"unwillingness_to_share"}),
        ("GP. Everyone sees me at the Saturday market, and now my cousin wants to register with me.", set(), {"fairness"}),
    ],
)
def test_review_guards_session_22(analyzer, text, present, absent) -> None:
    check_scenario_risks(analyzer, text, present, absent)
