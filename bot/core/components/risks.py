"""`dual_risks`: map what was read to the risks and exceptions of labels.md,
each with the words that triggered it, then decide the verdict.

A risk is flagged only on evidence in the text; the labels.md table says what
counts. Cues are only used when not negated (dual_context).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, cached_knowledge
from ..verdict import VerdictInput, decide
from .context import clause_heads, elided_do, worry_denied
from .lexicon import SPANS_KEY
from .roles import POSTER, SERVICE_WORDS, Reading, Tie, first_person_subject, overlaps as _overlaps, possessor, says, span_at, verb_above

# Cues that still mean "fairness" when negated: "it's not fair to my other patients"
# and the community cues, which live in negative sentences: "won't see anyone outside"
_NEGATION_PROOF = {"fairness", "insular", "inward"}
# someone from outside the community: "won't talk to a white therapist",
# "won't open the door to a non-Muslim worker" is an insular wish, not a secret
_OUTSIDERS = {"outside", "outsider", "outsiders", "stranger", "strangers", "white", "non", "hearing", "secular", "gentile", "gringo"}
_PLACE_WORDS = {
    "town", "county", "area", "around", "here", "region", "valley", "island", "village",
    "mile", "miles", "km", "kilometer", "kilometre", "hour", "hours", "state", "site", "camp",
    "base", "ship", "rig", "station", "mine", "direction",
    "province", "district", "parish", "reservation", "community", "nearby", "locally", "local",
    "isle", "isles", "islands", "mainland",
}
_WEAK_INWARD = {"the only", "only one", "only person"}
_PROVIDER_PLACES = {"pharmacy", "chemist", "clinic", "practice", "surgery", "hospital", "dentist", "doctor", "gp", "vet", "firm", "lawyer", "office", "school"}
_WEAK_RURAL_HEADS = {"county", "the", "nearest", "closest", "next", "for", "within", "one", "only", "no", "nobody", "town", "population"}

if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)


@dataclass
class Findings:
    risks: dict[str, list[Span]] = field(default_factory=dict)
    exceptions: dict[str, list[Span]] = field(default_factory=dict)
    plenty: list[Span] = field(default_factory=list)
    verdict: str | None = None
    verdict_rule: int | None = None

    def add(self, table: dict[str, list[Span]], key: str, *spans: Span) -> None:
        bucket = table.setdefault(key, [])
        for s in spans:
            if all((s.start, s.end) != (b.start, b.end) for b in bucket):
                bucket.append(s)


def clause_subject(tok: Token, hops: int = 3) -> Token | None:
    """The subject of the clause a word belongs to, if the parse gives one."""
    for head in clause_heads(tok, hops=hops):
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
    return None


def subject_is_professional(span: Span, reading: Reading) -> bool | None:
    """Whose feeling is this cue? True: the professional's, False: the client's,
    None: cannot tell."""
    s = clause_subject(span.root, hops=4)
    speaker = _quoted_speaker(span)
    if speaker is not None and s is not None and s.lower_ in POSTER:
        # "he says 'I'd rather not get into that here'": the "I" in the quote is the speaker
        s = speaker
    if s is None and _first_person_elided(span):
        # the dropped "I" is the poster: the professional's feeling or the client's
        return {"professional": True, "client": False}.get(reading.poster_role)
    if s is None or s.lower_ in ("it", "this", "that", "there"):
        return None  # "it felt awkward asking": nobody in particular
    first = s.lower_ in POSTER
    is_pro = reading.professional is not None and reading.professional.start <= s.i < reading.professional.end
    if reading.poster_role == "professional":
        return first
    if reading.poster_role == "client":
        if first:
            return False
        # "she hasn't reviewed my meds": a pronoun may well be the professional
        return True if is_pro else None if s.pos_ == "PRON" else False
    return True if is_pro else None


_QUOTE_SPEECH = {"say", "go", "tell", "ask", "text", "write", "reply", "answer", "insist", "mutter", "add"}


_QUOTE_FILLERS = {"that", "there", "'s", "is", "was", "it"}


def _quoted_speaker(span: Span) -> Token | None:
    """Who speaks the quote a cue sits in ("he says 'I'd rather not ...'"), when
    the cue is inside quote marks and a third person says it; else None."""
    sent = span.sent
    marks = [t for t in sent if t.is_quote and t.i < span.start]
    if len(marks) % 2 == 0 or not any(t.is_quote and t.i >= span.end for t in sent):
        return None
    opening = marks[-1]
    # the quote must open on the verb ("says 'I'd rather not'", "said: 'I...'"),
    # not be a scrap inside reported speech ("said I could, since I 'already know'")
    verb = next((t for t in reversed(list(sent)) if t.i < opening.i and t.lemma_.lower() in _QUOTE_SPEECH and t.pos_ == "VERB"), None)
    # ("he said there's 'stuff I can't get into'": a filler before the quote is no reported speech)
    if verb is None or any(not t.is_punct and t.lower_ not in _QUOTE_FILLERS for t in sent.doc[verb.i + 1 : opening.i]):
        return None
    who = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return who if who is not None and who.lower_ not in POSTER else None


def _first_person_elided(span: Span) -> bool:
    """'Can't really say no to family', 'Don't want to upset him': a sentence that
    opens on a denied auxiliary has dropped its "I", as posts do."""
    sent = span.sent
    words = [t for t in sent if not t.is_punct]
    if len(words) < 3 or words[1].dep_ != "neg":
        return False
    # "Can't say no", "Don't want to", "Haven't said anything", "Wasn't going to"
    opens_on_aux = words[0].tag_ == "MD" or (words[0].lemma_ in ("do", "have", "be") and words[0].dep_ in ("aux", "auxpass"))
    # a tag question ("..., can I?") names the same "I"
    return opens_on_aux and not any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.lower_ not in POSTER for t in sent)


def _topic_told(span: Span) -> bool:
    """"bring up anything about my job", "talk about my grades": the power cue
    is what is told, not power ("worried about my job", "forget about the rent
    increase" keep theirs)."""
    about = span.root.head
    if span.root.dep_ != "pobj" or about.lower_ not in ("about", "regarding"):
        return False
    told = about.head
    if told.pos_ in ("PRON", "NOUN") and told.lemma_.lower() in ("anything", "something", "nothing", "stuff", "thing", "things"):
        told = told.head  # "bring up anything about ..."
    return told.lemma_.lower() in _RAISING


def _verb_before(whatever: Token) -> Token | None:
    """The verb "whatever" depends on, told before it: "(go along with) whatever I suggest"."""
    return next((a for a in whatever.ancestors if a.pos_ in ("VERB", "AUX") and a.i < whatever.i), None)


def _going_along_denied(whatever: Token) -> bool:
    """"doesn't just go along with whatever I suggest": the going along denied."""
    verb = _verb_before(whatever)
    return verb is not None and _denied(verb) is not None


def _goer_is_poster(whatever: Token) -> bool:
    """"(I'll do) whatever she says": the one going along is the subject of the
    verb outside the phrase."""
    verb = _verb_before(whatever)
    subj = _nearest_subject(verb) if verb is not None else None
    return subj is not None and subj.lower_ in POSTER


_GOING_ALONG = {"go", "agree", "defer", "nod"}


def _denied_outside(span: Span) -> bool:
    """"She doesn't just go along": a going-along cue whose verb is denied by a
    word before the cue (a denial inside it, "can't say no", is the cue itself)."""
    verb = span[0]
    denial = _denied(verb) if verb.lemma_.lower() in _GOING_ALONG else None
    return denial is not None and denial.start < span.start


def _feeling_unsaid(span: Span) -> bool:
    """"Feels like a lot of pressure to ...": a sentence opening on "feels" with
    no subject tells the poster's own feeling."""
    first = next((t for t in span.sent if not t.is_punct), None)
    if first is None or first.lemma_.lower() != "feel" or any(c.dep_ in ("nsubj", "expl") for c in first.children):
        return False
    # "Feels like he's under a lot of pressure": someone else's, told in its own clause
    return not any(t.dep_ in ("nsubj", "nsubjpass") for t in span.doc[first.i + 1 : span.start])


class DualRisks:
    def __init__(self, knowledge: Knowledge) -> None:
        self.kb = knowledge

    def __call__(self, doc: Doc) -> Doc:
        reading: Reading = doc._.reading
        spans = [s for s in doc.spans[SPANS_KEY]]
        cues: dict[str, list[Span]] = {}
        # "not giving him special treatment": a favour denied, whichever fairness
        # entry (a favour, or how it looks) its words are listed under
        denied_favours = [s for s in spans if s.kb_id_ == "preference" and s._.negated]
        for s in spans:
            if s.label_ in ("profession", "relationship"):
                continue
            if s.kb_id_ == "perception" and s._.negated and any(_overlaps(s, d) for d in denied_favours):
                continue
            # "I won't be objective" doubts objectivity as much as "can I stay objective?"
            # but "I'm not worried about staying objective" denies the doubt
            doubted_objectivity = s.label_ == "objectivity" and s.root.lemma_.lower() in ("objective", "objectivity", "impartial", "neutral") and not worry_denied(s)
            if s._.negated and s.label_ not in _NEGATION_PROOF | {"pressure_neg"} and not doubted_objectivity:
                continue
            if s.label_ == "objectivity" and not doubted_objectivity and worry_denied(s):
                continue  # "I'm honestly not worried I'd go easy on her"
            # "visits the other inmates never get": what the others go without, not a denial
            others_go_without = s.kb_id_ == "others" and any(t.dep_ == "neg" or t.lower_ == "never" for t in doc[s.end : s.end + 3])
            # "listen to him without bias" is the professional's own objectivity
            own_bias = s._.negated and s.kb_id_ == "perception" and s.root.lemma_.lower() in ("bias", "biased")
            if (s._.negated and s.kb_id_ in ("preference", "others") and not others_go_without) or (
                    s.kb_id_ == "perception" and (_nobody_minds(s) or _one_remarker(s))) or own_bias:
                # "no discount", "nobody would care or gossip" deny it; "not fair to
                # the others", "management hasn't clocked it yet" are still about fairness
                continue
            cues.setdefault(s.label_, []).append(s)
        # "nobody's said a word about it": others keeping quiet is not the client holding back
        negated_comfort = [
            s for s in spans
            if s.label_ == "comfort" and (s._.negated or _doubted(s, spans) or _dreaded(s)) and not _nobody_says(s) and not _thing_tells(s)
        ]
        # "I just can't say any of it to her", "don't want my boss knowing": read
        # from the parse, beyond the fixed phrases
        negated_comfort += [s for s in _withheld(doc) if not any(_overlaps(s, t) for t in negated_comfort) and not _thing_tells(s)]
        # "not sure he'd tell me if he disagreed": speaking up about the work is
        # pressure; holding back personal details is unwillingness to share
        objection = [s for s in negated_comfort if _about_objection(s)] + [
            s for s in spans if s.label_ == "sharing" and not s._.negated and _speech(s) and _about_objection(s)
        ]
        negated_comfort = [s for s in negated_comfort if s not in objection]
        # "don't feel comfortable with midwives from outside" is the community's
        # preference for its own (an insular cue), not a client holding back
        negated_comfort = [s for s in negated_comfort if not any(
            t.lower_ in _OUTSIDERS for t in s.doc[s.end : min(s.end + 8, s.sent.end)])]
        if "pressure" in cues:  # "scared to be fully honest with him" fears the telling, not the professional
            cues["pressure"] = [p for p in cues["pressure"] if not any(
                0 <= c.start - p.end <= 3 and c.root.lemma_.lower() in ("honest", "open", "candid", "comfortable") for c in negated_comfort)]
            # "nervous to tell me about problems in her marriage", "nervous to get into her
            # drinking": nervous of telling something, read below as holding back
            cues.setdefault("reluctance", []).extend(
                Span(doc, p.start, p.end + 1, label="reluctance", kb_id=p.kb_id_) for p in cues["pressure"]
                if p[-1].lower_ == "to" and p[0].lower_ in _AFRAID and p.end < len(doc) and doc[p.end].lemma_.lower() in ("get", "go")
                and _telling_about(doc[p.start : p.end + 1]) is not None)
            told = [r for r in cues.get("reluctance", []) if _telling_about(r) is not None]
            cues["pressure"] = [p for p in cues["pressure"] if not any(r.start <= p.start and p.end <= r.end and len(r) > len(p) for r in told)]
        negated_free = objection + [s for s in spans if s.label_ == "pressure_neg" and (s._.negated or _doubted(s, spans) or _hard_to(s))]
        # read from the parse, beyond the fixed phrases: who decides whose
        # grades, shifts or team place; who cannot say no or question anything
        cues.setdefault("power", []).extend(_control_cues(doc))
        # "everyone at church assumes...", "people in my building think...": what
        # others believe or say about it, read from the parse
        fair = cues.setdefault("fairness", [])
        fair += [s for s in _others_talking(doc) + _watched(doc) if not any(_overlaps(s, t) for t in fair)]
        # "way more hands-on adjustments than anyone else", "lower than I would
        # anyone else": more for this client than for the rest, from the parse
        fair += [s for s in _more_than_the_rest(doc, reading) if not any(_overlaps(s, t) for t in fair)]
        cues.setdefault("pressure", []).extend(s for s in _unvoiced_objections(doc) if not any(_overlaps(s, t) for t in cues.get("pressure", []) + negated_free))
        f = Findings()
        self._romance(f, reading)
        self._ties(f, reading, doc)
        self._clouding_cues(f, reading, cues, negated_free)
        # "waved off half the price" is a discount, not a client holding back
        discounts = [s for s in cues.get("fairness", []) if s.kb_id_ == "preference"]
        cues["sharing"] = [s for s in cues.get("sharing", []) if not (_waved_price(s) or any(_within(s, d) for d in discounts))]
        self._fairness(f, cues, cues.get("sharing", []) + negated_comfort, reading)
        # a step denied as the object of the verb ("never took a history", "no
        # X-ray"), not a subject ("the sessions aren't helping") or a verb ("test")
        denied_steps = [
            s for s in spans
            if s.label_ == "intake" and s._.negated and s.root.pos_ in ("NOUN", "PROPN") and (
                s.root.dep_ in ("dobj", "pobj", "attr", "conj")
                # a list of what was left out: "no outcome measures, no red-flag screen"
                # ("no bad blood" is a feud denied, "no question" a favour done without a second thought)
                or (s.root.dep_ in ("appos", "ROOT") and any(c.dep_ == "det" and c.lower_ == "no" for c in s.root.children)
                    and not any(c.dep_ == "amod" and c.lower_ in ("bad", "ill", "hard") for c in s.root.children)
                    and s.root.lower_ != "question"))
            # "haven't had a session since" is about the service ending; "no
            # clue about our history" is the couple's past, not a case history
            and s.root.lemma_.lower() != "session"
            and not any(c.dep_ == "poss" and c.lower_ == "our" for c in s.root.children)
        ]
        self._missed(f, reading, cues, denied_steps + _unasked_questions(doc, spans, reading) + _elided_denials(doc, spans), doc, spans)
        self._sharing(f, reading, cues, negated_comfort)
        self._exceptions(f, cues, doc)
        f.verdict, f.verdict_rule = decide(self.verdict_input(doc, f))
        doc._.findings = f
        return doc

    @staticmethod
    def verdict_input(
        doc: Doc, f: Findings, timing: str | None = None, exceptions: bool | None = None, romance: bool | None = None
    ) -> VerdictInput:
        reading: Reading = doc._.reading
        romance = "sexual_relationship" in f.risks if romance is None else romance
        return VerdictInput(
            group=reading.group or "other",
            romance_with_client=romance,
            # an existing partner who becomes the client: "we've been together two
            # years" is the same couple, not a romance begun with a client
            # unless the service is told as coming first: "he was my trainer first"
            romance_preexisting=romance and (bool(reading.partner_client) or not reading.romance_with_client)
            and not (reading.romance_with_client and _service_came_first(doc, reading)),
            timing=timing if timing is not None else doc._.timing,
            has_exception=bool(f.exceptions) if exceptions is None else exceptions,
        )

    def _romance(self, f: Findings, reading: Reading) -> None:
        evidence = list(reading.romance_with_client) + [t.evidence for t in reading.partner_client] + reading.partner_romance
        if evidence:
            f.add(f.risks, "sexual_relationship", *evidence)
            f.add(f.risks, "clouded_judgment", *evidence)
        if reading.past_romance:
            f.add(f.risks, "clouded_judgment", *reading.past_romance)  # like an ex-partner

    def _ties(self, f: Findings, reading: Reading, doc: Doc) -> None:
        academic = any(
            t.lemma_.lower() in _ACADEMIC or (t.lower_ in ("year", "grade") and t.i + 1 < len(doc) and doc[t.i + 1].like_num)
            for t in doc
        )  # "year 11 chemistry", "grade 7"
        # a student only counts where the professional teaches and grades them
        # at school; a yoga class or driving lessons give no such power (labels.md)
        # a teacher's pupil is under power outside the role only when the
        # teacher also serves them another way (tutoring, coaching, therapy)
        # "I tutor maths ... one of my students": tutoring is the role itself, not a second one
        pro = reading.professional
        second_role = any(t.lemma_.lower() in _SECOND_ROLES and not (pro is not None and pro.start <= t.i < pro.end) for t in doc)
        # "I teach year 11 chemistry": the poster teaches with no job title named
        teaches = reading.profession == "teacher" or (
            pro is None and reading.poster_role == "professional" and any(_teaches_a_school_subject(t) for t in doc))
        for tie in reading.ties:
            if tie.kind in ("employer", "landlord", "creditor") and tie.owner == "third" and _poster_is(tie.span) and not _tie_ended(tie):
                f.add(f.risks, "pressure_imbalance", tie.evidence)  # "I'm her boss"
            elif tie.kind in ("employer", "landlord", "creditor") and tie.owner in ("third", "poster") and reading.poster_role != "professional" \
                    and _professional_is(tie.span, reading) and not _tie_ended(tie):
                # "the one lawyer on the island also happens to be her landlord"
                f.add(f.risks, "pressure_imbalance", tie.evidence)
        for tie in reading.ties:
            # the professional's own boss as the client, or the boss's relative ("my
            # boss's wife wants to start seeing me"): someone with power over the
            # professional is in the room (labels.md: pressure from someone connected)
            first = self.kb.relationships[tie.chain[0].kb_id_]
            if reading.poster_role == "professional" and tie.owner == "poster" and tie.relevant and first.get("kind") == "employer" and len(tie.chain) > 1:
                f.add(f.risks, "clouded_judgment", tie.evidence)
            elif reading.poster_role == "professional" and tie.owner == "poster" and first.get("kind") == "employer" and len(tie.chain) == 1 \
                    and not _tie_ended(tie) and _asks_for_service(tie.span.root):
                # "My manager at my day job asked if I'd take on his son", "my boss
                # wants me to redo his bathroom": the boss asking is the push (d16)
                f.add(f.risks, "clouded_judgment", tie.evidence)
        for tie in reading.relevant_ties:
            # a partner of the client is handled as romance; "my best friend's husband" is a close tie
            if tie.close and (tie.kind != "romantic" or len(tie.chain) > 1) and not _casual_friends(tie.span) and not _only_a_place(tie.span):
                f.add(f.risks, "clouded_judgment", tie.evidence)
            if tie.kind in ("employer", "landlord", "creditor") and tie.power and reading.poster_role == "client" and not _tie_ended(tie):
                # the professional is the client's boss or landlord: pressure on
                # the client. The professional's own boss in the story clouds
                # judgment only when they push or the professional feels it
                # (d16 vs d45), which the cues decide.
                f.add(f.risks, "pressure_imbalance", tie.evidence)
            subordinate = tie.kind in ("employee", "tenant") or (
                tie.kind == "student" and teaches and academic and second_role
            )
            ended = _tie_ended(tie)  # "my former tenant"
            # "A tax preparer ... one of his junior employees": the professional's own, by pronoun
            professionals_own = tie.owner == "poster" or (
                tie.owner == "third" and (o := possessor(tie.chain[0].root)) is not None and o.lower_ in reading.pro_pronouns)
            # "My receptionist made a joke about it": a member of staff who only
            # remarks on the story, when someone else is the one served
            onlooker = tie.kind == "employee" and says(tie.span, _REMARKING) and any(t is not tie and t.kind != "employee" for t in reading.relevant_ties)
            # "small shop, just me and my apprentice": the staff named beside the
            # poster describe the business; someone else is the one served
            onlooker = onlooker or (tie.kind == "employee" and _beside_poster(tie.span)
                                    and any(t is not tie and t.kind != "employee" for t in reading.relevant_ties))
            if subordinate and not ended and reading.poster_role != "client" and professionals_own and not onlooker:
                f.add(f.risks, "pressure_imbalance", tie.evidence)

    def _clouding_cues(self, f: Findings, reading: Reading, cues: dict[str, list[Span]], negated_free: list[Span]) -> None:
        """Objectivity, obligation and pressure cues: the same words cloud the
        professional's judgment when the professional feels them, and put
        pressure on the client when the client does (labels.md, d16 vs d49)."""
        sharing = cues.get("sharing", [])
        preference = [s for s in cues.get("fairness", []) if s.kb_id_ == "preference"]
        role = reading.poster_role
        power = cues.get("power", [])
        for span in cues.get("exert", []):
            if any(c.dep_ == "nsubj" and c.lower_ in _THINGS_THAT_NAG for c in span.root.children):
                continue  # "what nags me is whether ...": a worry, not someone pushing
            pushed = next((t for t in span if t.lower_ in ("her", "him", "them") and t.dep_ == "dobj"), None)
            if pushed is not None and pushed.lower_ not in reading.pro_pronouns:
                continue  # "her manager pushed them to get help": the clients pushed, not the professional
            # the one pushing is the subject: pushed by the client's side, the
            # professional's judgment is under pressure (d16); pushed by the
            # professional, the client is
            exerter_is_professional = subject_is_professional(span, reading)
            if any(t.dep_ == "auxpass" or t.lower_ in ("being", "been") for t in span) or any(c.dep_ == "auxpass" for c in span.root.children):
                exerter_is_professional = False  # "I'm being pushed to do him first": the subject is the one pushed
            if exerter_is_professional is None:
                exerter_is_professional = role == "client" and not _subject_is_poster(span)
            if any(t.lower_ == "updates" for t in span):
                exerter_is_professional = False  # the professional has the news: whoever asks for it leans on them
            f.add(f.risks, "pressure_imbalance" if exerter_is_professional else "clouded_judgment", span)
        obligations = cues.get("obligation", [])
        gift_returned = bool(obligations) and _gift_returned(obligations[0].doc)
        for kind in ("objectivity", "obligation", "pressure", "power"):
            for span in cues.get(kind, []) + (negated_free if kind == "pressure" else []):
                if kind == "power" and any(t is not span and t.start <= span.start and span.end <= t.end and len(t) > len(span) for t in power):
                    continue  # "I'm behind on rent" speaks for the shorter "behind on rent"
                if kind in ("power", "pressure") and span.text.lower() == "my job" and span.root.dep_ == "attr":
                    continue  # "asked me to plan it, which is literally my job": the work itself
                if kind in ("power", "pressure") and _topic_told(span):
                    continue  # "bring up anything about my job": a topic, not power over anyone
                if kind == "power" and any(_near(span, o, gap=4) for o in cues.get("objectivity", [])):
                    continue  # "marking his coursework a bit more generously" is favour, not pressure
                if kind == "power" and any(o.sent.start == span.sent.start and _compared(o) for o in cues.get("fairness", [])):
                    continue  # "writing his reference and it reads way warmer than the others'": favour, not pressure
                if kind == "pressure" and any(_overlaps(span, s) for s in sharing) and not (
                        role != "professional" and any(span is o for o in negated_free) and _about_the_work(span)):
                    continue  # an objection to the work unsaid ("can't bring myself to question his advice") is pressure itself
                if kind == "pressure" and span[-1].lower_ in ("'ll", "will") and any(0 <= s.start - span.end <= 2 for s in sharing):
                    continue  # "worried she'll hold stuff back": what she may keep back, not what the professional may do
                if kind == "pressure" and span[0].lower_ == "whatever" and any(a.lemma_.lower() in _PAYING for a in list(span[0].ancestors)[:3]):
                    continue  # "he'll pay whatever I think is fair": a price left open, not going along
                if kind == "pressure" and ((span[0].lower_ in ("whatever", "everything", "anything") and _going_along_denied(span[0]))
                                           or _denied_outside(span)):
                    continue  # "she doesn't just go along with whatever I suggest"
                if kind == "pressure" and span.root.lemma_.lower() == "depend" and _thing_depends(span):
                    continue  # "my lease renewal depends on the café having a good year"
                if kind in ("pressure", "power") and span[-1].lemma_.lower() == "grade" and span.end < len(span.doc) and (
                        (span[-1].pos_ in ("NOUN", "PROPN") and span.doc[span.end].like_num) or span.doc[span.end].lower_ == "school"):
                    continue  # "sit his grade 5", "the grade 1 class", "since grade school": a level, not marks
                if kind in ("pressure", "power") and span[-1].lemma_.lower() == "grade" and (
                        (span[-1].pos_ in ("NOUN", "PROPN") and span[-1].i > 0 and span.doc[span[-1].i - 1].like_num)
                        # "a kid in my daughter's grade", "in the same grade": a class of pupils
                        or (span[-1].pos_ == "NOUN" and span[-1].dep_ == "pobj" and span[-1].head.lower_ == "in")
                        or ((span[-1].pos_ == "VERB" or span[-1].dep_ == "conj") and _denied_control(span[-1]))):
                    continue  # "my kid's 3rd grade teacher" is a level; "I don't teach or grade anything of his" denies it
                if kind == "pressure" and any(_overlaps(span, p) and len(p) > len(span) for p in power):
                    continue  # "kids I grade": the power cue around it says who holds it
                if kind == "obligation" and any(_near(span, s) and not _overlaps(span, s) for s in preference):
                    continue  # "gives me free adjustments" is a discount, not a debt
                if kind == "obligation" and any(_overlaps(span, s) for s in cues.get("romance", [])):
                    continue  # "gave me her number" is a romance, not a gift
                if kind == "obligation" and span.root.lemma_.lower() == "owe" and any(
                        c.dep_ == "dobj" and c.lemma_.lower() in _OWED_COURTESIES for c in span.root.children):
                    continue  # "do I owe anyone a heads up?": a courtesy, not a debt
                if kind == "obligation" and span.root.lemma_ not in _DEBT_WORDS and gift_returned:
                    continue  # "I gave it straight back": a gift refused leaves no debt
                if kind == "obligation" and span.root.lemma_ == "owe" and not _owed_to_someone(span.root):
                    continue  # "the $30k I owe from gambling" is a debt to nobody in the story
                if kind == "objectivity" and span.end < len(span.doc) and (span.doc[span.end].lower_ in ("-", "knit", "knitted") or span.doc[span.end].lemma_.lower() in _GROUPS_OF_PEOPLE):
                    continue  # "very close-knit", "a very close community" describe a community
                if kind == "objectivity" and span.root.lower_ == "attached" and span.root.dep_ in ("amod", "acl", "advmod") and span.root.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "my nutrition practice attached": joined on, not a feeling
                if kind == "objectivity" and _confident_of(span):
                    continue  # "I'm pretty confident I can stay neutral": no doubt voiced
                if kind == "objectivity" and span.root.lemma_.lower() in ("tempt", "tempted") and _tempted_to_skip(span):
                    continue  # "tempted to skip the credit check": a step left out (missed information), not favour
                if kind == "pressure" and span.root.lemma_.lower() == "fear" and span.root.pos_ == "NOUN" and any(c.dep_ in ("compound", "amod") for c in span.root.children):
                    continue  # "her birth fears", "dental fears": what someone fears, not fear of someone
                if kind == "obligation" and role == "client" and span[-1].lower_ == "pay" and any(t.lower_ == "let" for t in span):
                    continue  # "my dentist won't let me pay": a favour to the client (fairness), no debt that binds them
                if kind == "obligation" and span.root.lemma_ == "pay" and span[0].lemma_ == "pay" and _subject_is_poster(span):
                    continue  # "I pay for my bread": the poster pays their way, nothing is owed
                if kind == "obligation" and (_nothing_given(span) or (role == "client" and _service_given(span))):
                    continue  # "gave me a speeding ticket", "gave me a look": given, but no gift
                if kind == "obligation" and span.root.dep_ == "xcomp" and span.root.head.lemma_ in ("ask", "want", "beg", "need", "get"):
                    continue  # "I asked him to give me the strong stuff" is a request, not a gift
                if kind == "power" and role == "client" and _landlord_of_someone_else(span, reading):
                    continue  # "my lawyer is my landlord's son", "my physio's dad is my landlord": not the professional's power
                if kind == "power" and _shared_seat(span):
                    continue  # "I sit on the shul board with her husband": a seat shared, no power over the other
                whose = subject_is_professional(span, reading)
                if kind == "power":
                    # "my grades", "affect my funding": the poster is under the
                    # power; "I employ her", "I decide": the poster holds it
                    # "I lent my hairdresser two grand": the subject decides
                    # whatever the cue's own words suggest
                    holder_poster = span.kb_id_ == "power_by_poster" or (
                        span.kb_id_ == "power_over_poster" and span.root.lemma_ == "lend" and _subject_is_poster(span)
                    )
                    if holder_poster and _agent_not_poster(span):
                        continue  # "a visa sponsored by her old employer": someone else's power, not the poster's firm
                    if span.kb_id_ == "power_over_poster" and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for t in span for c in t.children):
                        holder_poster = True  # "his lease is up for renewal": the other side's lease, the poster's power
                    under_poster = span.kb_id_ == "power_over_poster" and not holder_poster
                    seat_holder = _seat_holder(span) if span.kb_id_ == "power_by_poster" else None
                    pro = reading.professional
                    named_pro = seat_holder is not None and pro is not None and pro.start <= seat_holder.i < pro.end
                    if seat_holder is not None and (seat_holder.lower_ in ("he", "she") or named_pro) and role == "client":
                        # "she also sits on the panel that decides my grant", "our club
                        # physio also sits on the selection panel": the professional holds the seat
                        holder_poster, under_poster = False, True
                    # for verbs of control the subject holds the power: "she's marking
                    # my dissertation" ("rent from", "lent me", "works for" run the other way)
                    controls = span.root.pos_ == "VERB" and span.root.lemma_.lower() in _CONTROL_VERBS
                    holder = _holder(span.root) if controls else None
                    if holder is not None:
                        holder_poster = holder in _POSTER_WORDS
                        under_poster = not holder_poster and any(t.lower_ in ("my", "me", "our", "us") for t in span)
                        if role == "professional" and holder in ("he", "she", "they") and not any(
                                t.lower_ in ("his", "her", "their", "whose") for t in span):
                            under_poster = True  # "he's reviewing rents for the building": the client's side holds it over the poster
                        if not holder_poster and not under_poster and role == "professional" and _named_holder(span.root, reading):
                            continue  # "the head coach picks the squad, I have no say": someone else's power
                    elif span.kb_id_ == "power" and _subject_is_poster(span) and any(t.lower_ in ("behind", "rent", "lease", "payments") for t in span):
                        under_poster = True  # "I'm two months behind on rent"
                    if span.root.lemma_ == "owe" and any(t.lower_ == "me" for t in span):
                        holder_poster, under_poster = True, False  # "she still owes me most of it": the poster is the creditor
                    if _power_ended(span):
                        continue  # "I was her boss for a year. That was a decade ago", "paid it back last year"
                    if role == "professional" and not under_poster and _over_the_poster(span):
                        # "he's the one who decides whether my contract gets renewed",
                        # "I'm on a visa sponsored by the company"
                        under_poster, holder_poster = True, False
                    if role == "professional" and not holder_poster and not under_poster and _someone_elses_power(span):
                        continue  # "selection is decided by the head coach, I'm not on it"
                    if under_poster:
                        client_under = role != "professional"
                    elif holder_poster:
                        client_under = role != "client"
                    else:
                        client_under = True
                    if client_under and _own_child_served(reading):
                        continue  # a coach picking their own son: a parent's power is not the role's (labellers agree)
                    key = "pressure_imbalance" if client_under else "clouded_judgment"
                elif kind == "obligation":
                    debtor = clause_subject(span.root)
                    if span.root.lemma_ in ("owe", "indebted", "obligated", "obliged") and role == "third" and debtor is not None and debtor.lower_ in reading.pro_pronouns:
                        indebted_poster = True  # "A solicitor ... She feels she owes him a favour": she is the solicitor
                    elif span.root.lemma_ in ("owe", "indebted", "obligated", "obliged"):
                        # "I owe him" vs "she owes me"; "how do you knock back the bloke
                        # you owe money to?": the generic "you" is the poster
                        indebted_poster = _subject_is_poster(span) or (debtor is not None and debtor.lower_ == "you") or (
                            # "the one we are owing", with the parser losing the subject
                            debtor is None and any(t.lower_ in ("i", "we") for t in span.doc[max(span.start - 3, span.sent.start) : span.start]))
                    elif span.root.lemma_ == "bring" and _subject_is_poster(span):
                        if role == "professional":
                            continue  # "I always bring cookies to the staff room": the professional gives
                        indebted_poster = False  # "I always bring her cookies": the client gives, the professional owes
                    else:  # a gift or favour: received by "me", else by the professional
                        indebted_poster = _mentions_poster(span) or role != "client"
                    professional_indebted = indebted_poster == (role != "client")
                    key = "clouded_judgment" if professional_indebted else "pressure_imbalance"
                elif kind == "objectivity":
                    key = "clouded_judgment"
                else:
                    # "he expects me to say yes": "me" feels it; "he'd never tell me",
                    # "he defers to me": the subject does
                    feeler_is_object = any(t.lower_ == "me" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to" for t in span)
                    # "(she says yes to) whatever I suggest": the one who goes along is not "I"
                    goes_along_with_poster = span[0].lower_ in ("whatever", "everything", "anything") and any(t.lower_ == "i" for t in span)
                    # "I'm worried he'll (just go along)": the worry is the poster's, the pressure the client's
                    worried_for_them = len(span) >= 2 and span[0].lower_ == "worried" and span[1].lower_ in ("he", "she", "they")
                    # "I'm the only thing keeping him sober": the one kept going depends
                    kept = next((t.lower_ for t in span if t.lower_ in ("me", "him", "her", "them")), None) if span[0].lower_ == "only" else None
                    if goes_along_with_poster:
                        professional_feels = role == "client"
                    elif kept is not None:
                        professional_feels = kept == "me" and role == "professional"
                    elif span[0].lower_ == "whatever" and _goer_is_poster(span[0]):
                        professional_feels = role == "professional"  # "I'll do whatever she says"
                    elif span[0].lower_ == "without":
                        # "he agrees to every change I suggest without a single question":
                        # the one going along is the main clause's subject, not the
                        # relative clause's ("I suggest") the parser may hang it on
                        verb = span[0].head
                        main = verb.head.head  # what governs the noun the clause describes
                        if verb.dep_ == "relcl" and main.pos_ in ("VERB", "AUX", "ADP"):
                            verb = main.head if main.pos_ == "ADP" else main  # "agrees (to) every change I suggest"
                        goer = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                        professional_feels = goer.lower_ in POSTER and role == "professional" if goer is not None else whose is True
                    elif worried_for_them:
                        if span[1].head.lemma_ == "be":
                            continue  # "worried he'll be too embarrassed": holding back, below
                        professional_feels = False
                    elif feeler_is_object or _subject_is_poster(span) or _feeling_unsaid(span):
                        professional_feels = role == "professional"
                    elif role == "professional" and any(t.lower_ == "my" for t in span) and span[-1].lemma_.lower() in _LIVELIHOOD:
                        professional_feels = True  # "keep my job" said by the professional: theirs
                    elif role != "professional" and (any(t.lower_ == "my" for t in span) or any(c.dep_ == "poss" and c.lower_ == "my" for c in span.root.children)):
                        professional_feels = False  # "writes the report for my parole board": the poster, not the professional, is under it
                    else:
                        professional_feels = whose is True
                    key = "clouded_judgment" if professional_feels else "pressure_imbalance"
                f.add(f.risks, key, span)

    def _fairness(self, f: Findings, cues: dict[str, list[Span]], holding_back: list[Span], reading: Reading) -> None:
        # "free lunches" he gives me is a gift; "it'll get back to her" is a
        # client holding back; "feel free to tell me" is about speaking up
        taken = cues.get("obligation", []) + cues.get("sharing", []) + cues.get("pressure_neg", [])
        spans = [s for s in cues.get("fairness", []) if not any(_overlaps(s, t) and len(t) > len(s) for t in taken)]
        spans = [s for s in spans if not (len(s) == 1 and s[0].lower_ == "fair" and s[0].pos_ != "ADJ")]  # "the county fair"
        spans = [s for s in spans if not (s.text.lower() == "free" and any(t.lower_ == "only" for t in s.doc[max(s.start - 4, 0) : s.start]))]  # "the only RN free"
        spans = [s for s in spans if not (s[0].lower_ == "fair" and _fair_idiom(s))]
        # set phrases that only look like fairness: "an unfair dismissal claim",
        # "other family law firms", "does my eyebrows", "a loan interest free"
        spans = [s for s in spans if not _fairness_lookalike(s)]
        # "nearest other nurse is an hour away" measures distance, not other clients
        spans = [s for s in spans if not (s.start > 0 and s.doc[s.start - 1].lower_ in ("nearest", "closest", "next"))]
        # "he won't let me pay for my coffee" said by the professional is a gift to them
        spans = [s for s in spans if not (reading.poster_role == "professional" and s.kb_id_ == "preference" and any(t.lower_ == "me" for t in s) and any(t.lemma_ == "pay" for t in s))]
        # "the lady who minds my children for free", "replaced my boiler and
        # wouldn't take a penny": a favour done for the professional puts them in
        # the client's debt (clouded judgment), it is no favour to the client
        if reading.poster_role == "professional":
            owed = [s for s in spans if s.kb_id_ == "preference" and _done_for_the_poster(s)]
            if owed:
                f.add(f.risks, "clouded_judgment", *owed)
                spans = [s for s in spans if s not in owed]
        # "he pays the same as everyone else": treated alike is the opposite of unfair
        spans = [s for s in spans if not _treated_alike(s)]
        # "curious what others think", "curious if people think this is a bad idea": the server asked
        spans = [s for s in spans if not (s.kb_id_ == "perception" and _server_asked(s))]
        # "a free 15 min screen for anyone who walks in", "every student gets one free
        # makeup lesson, no exceptions": offered to all, no favour
        spans = [s for s in spans if not (s.kb_id_ == "preference" and _offered_to_all(s))]
        # "has asked out one of the other mums": the one courted, not others watching
        spans = [s for s in spans if not _romance_target(s)]
        # "worried I'd be annoyed": the professional's own mood, not the others'
        spans = [s for s in spans if not (s.kb_id_ == "perception" and s.root.lemma_.lower() in _MOODS and subject_is_professional(s, reading) is True)]
        # "I've noticed she never pushes back": the poster noticing is not others talking
        spans = [s for s in spans if not (s.kb_id_ == "perception" and s.root.lemma_.lower() == "notice" and _subject_is_poster(s))]
        # "he's getting annoyed with me": cross with the professional, not at a favour
        spans = [s for s in spans if not (s.root.lemma_.lower() in _MOODS and _at_the_poster(s))]
        # "hand him to the other coach": where a client is referred, not others treated worse
        spans = [s for s in spans if not _handed_over_to(s)]
        if spans and _ordinary_turn(spans[0].doc):
            # "on the waiting list in the normal order": the list is named to say
            # the person waits their turn
            spans = [s for s in spans if s.root.lemma_.lower() not in _QUEUE_WORDS]
        # "won't tell me a thing because everyone will know": gossip feared by
        # a client who holds back is about sharing, not about fairness
        quiet = {s.sent.start for s in holding_back}
        # (but "keep it from the other partners" is the secret kept from onlookers)
        spans = [s for s in spans if not (s.kb_id_ == "perception" and s.sent.start in quiet and not any(_within(h, s) and h.root.lemma_.lower() == "keep" for h in holding_back))]
        if spans:
            f.add(f.risks, "fairness", *spans)

    def _missed(self, f: Findings, reading: Reading, cues: dict[str, list[Span]], negated_steps: list[Span], doc: Doc,
                spans: list[Span]) -> None:
        """Skipping intake, history, questions or tests, or leaning on "I know
        them" instead of asking. A step the professional did not do ("I never
        took a history", "no X-ray", "without any bloodwork") counts too."""
        # "skipping over the self-harm stuff", "rather she didn't ask": the client holding back
        held_back = cues.get("sharing", [])
        negated_steps = [s for s in negated_steps if not any(_within(s, h) for h in held_back)]
        # "agrees with everything I suggest without a single question": the
        # client not questioning the professional is pressure, read there
        going_along = [p for p in cues.get("pressure", []) if p[-1].lower_ in ("question", "questions")]
        negated_steps = [s for s in negated_steps if not any(_overlaps(s, p) for p in going_along)]
        # "I don't do a full history for anyone with a sore throat": policy, not the tie
        negated_steps = [s for s in negated_steps if not _skipped_for_all(s)]
        # "I didn't skip the health screen": a step denied as skipped was done
        negated_steps = [s for s in negated_steps if s.root.head.lemma_.lower() not in _SKIP_DONE]
        for s in negated_steps:
            whose = subject_is_professional(s, reading)
            if whose is None and s.root.head.pos_ == "VERB" and s.root.head.lemma_.lower() == "ask":
                # "he goes along with it, doesn't ask a single question": the
                # conjoined verb shares the client's subject
                whose = _asker_is_professional(s.root.head, reading)
            elif whose is False and s[-1].pos_ == "VERB" and (_asker_is_professional(s[-1], reading) or s.root.lemma_.lower() == "need"):
                # "she asks me to sign it off without examining it": I am the one asked;
                # "'no need to inspect it'": whoever waves the check off, it is skipped
                whose = True
            if whose is not False:
                f.add(f.risks, "missed_information", s)
        intake = cues.get("intake", [])
        intake_sents = {s.sent.start for s in intake}
        # "someone he already knows" is the client's comfort; "she seemed fine" is
        # still the professional assuming
        know = [s for s in cues.get("know", []) if s.root.lemma_ not in ("know", "assume") or subject_is_professional(s, reading) is not False or s[0].lower_ == "you"]
        # "I did NOT skip anything because I know her": the skipping denied, its reason with it
        # (a denied span is not among the cues: read all the spans)
        denied_skips = {s.sent.start for s in spans if s.label_ == "skip" and _skip_denied(s)}
        know = [s for s in know if s.sent.start not in denied_skips]
        for s in _skipped_because_known(doc, know, reading):
            f.add(f.risks, "missed_information", s)
        know_sents = {s.sent.start for s in know}
        # the client missing a session is attendance; the professional leaving
        # out the sessions they normally do is a skipped step
        skips = [
            s for s in cues.get("skip", [])
            if not any(_within(s, h) for h in held_back) and not (_skips_attendance(s) and subject_is_professional(s, reading) is False)
            # "extras I didn't ask for" is a request, not a question left out
            and not _stranded_ask_for(s)
            # "which I never do for anyone else" compares treatment (fairness)
            and not _for_everyone_else(s)
            # "signed him off at his six-week review" is a discharge, not a skipped check
            and not (s.root.lemma_.lower() == "sign" and s.end < len(s.doc) and s.doc[s.end].lower_ in ("at", "after"))
            # "I signed him off in March": a person signed off, told as done, is
            # discharged ("just sign him off" still waves the check through)
            and not (s.root.lemma_.lower() == "sign" and s.root.tag_ in ("VBD", "VBN") and any(t.lower_ in ("him", "her", "them") for t in s))
            # "my nephew just signed up": joined, nothing signed without reading
            and not (s.root.lemma_.lower() == "sign" and any(c.dep_ == "prt" and c.lower_ == "up" for c in s.root.children))
            # "didn't do anything until after": nothing named, no step left out
            and not (s.root.lemma_.lower() == "do" and any(c.dep_ == "dobj" and c.lower_ in ("anything", "nothing") for c in s.root.children))
            and not _skip_denied(s) and not _skipped_for_all(s) and not _asked_whether(s) and not _alleged(s)
            # "I don't need to do anything special": the poster asking what is required
            and not any(t.lemma_.lower() == "do" and any(c.dep_ == "dobj" and c.lower_ in ("anything", "nothing") for c in t.children) for t in s)
            # "most Deaf folk don't want to go through an interpreter": the client's wish
            and not (any(t.lemma_.lower() == "want" for t in s) and subject_is_professional(s, reading) is False)
        ]
        for s in skips:
            # (a client asking to skip counts too: "she skipped the questionnaire, 'come on, it's me'")
            # "skip" alone needs an intake step or a reason "I know them" nearby
            # the small parser splits "never asked about it | and I figured...",
            # so a reason a few words away in the next sentence counts too
            nearby = any(_near(s, k, gap=12) for k in know + intake)
            if s.sent.start in intake_sents or s.sent.start in know_sents or nearby or len(s) > 2:
                f.add(f.risks, "missed_information", s)
        if "missed_information" in f.risks:
            return
        intake_anywhere = bool(intake) or bool(negated_steps)
        for s in know:
            # the client's own words: "'you already know everything about me'"
            says_it_all = s[0].lower_ == "you" and (
                any(t.lower_ == "already" for t in s) or s[-1].lower_ in ("all", "everything", "history", "situation")
                or (s.end < len(s.doc) and s.doc[s.end].lower_ == "already")
            )
            if says_it_all or (s[0].lower_ == "you" and intake_anywhere and reading.poster_role != "client"):
                # the client waving it off: "you already know my history, just tick the boxes"
                f.add(f.risks, "missed_information", s)
                continue
            # the reason must be about this knowing, not another clause's ("holding back, because she sees me")
            causal = any(t.lower_ in ("since", "because", "so", "cause", "'cause", "figured", "assumed") and not s.start <= t.i < s.end + 3
                         and s.start - 8 <= t.i < s.end + 8 for t in s.sent)
            # "a lady from my church I know well" describes her, it gives no reason
            if causal and s.root.dep_ != "relcl" and s.sent.start in intake_sents and (reading.poster_role != "client" or subject_is_professional(s, reading) is not False):
                f.add(f.risks, "missed_information", s)

    def _sharing(self, f: Findings, reading: Reading, cues: dict[str, list[Span]], negated_comfort: list[Span]) -> None:
        # dreading something next to a sensitive topic: "didn't want to sit
        # through the questions about my drinking", "herpes meds from her. kill me now"
        sensitive = cues.get("sensitive", [])
        for s in cues.get("reluctance", []):
            topic = next((t for t in sensitive if _near(s, t, gap=15)), None)
            # "couldn't face telling someone from back home", "can't face her examining me"
            if topic is None and any(t.lemma_.lower() in _DREAD for t in s):
                topic = next((s.doc[t.i : t.i + 1] for t in s.doc[s.end : s.end + 3] if t.pos_ == "VERB" and t.lemma_.lower() in _FACING), None)
            # "nervous to talk to me about problems in her marriage": what is told is named
            topic = topic if topic is not None else _telling_about(s)
            if topic is not None and subject_is_professional(s, reading) is not True:
                f.add(f.risks, "unwillingness_to_share", s, topic)
        for s in cues.get("sharing", []) + negated_comfort:
            unease = s.root.lemma_.lower() in ("awkward", "uncomfortable", "hesitant", "reluctant", "weird")
            # "it's a bit weird for her that I'll be doing the exams": the client's unease
            for_them = unease and any(
                t.lower_ == "for" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("her", "him", "them") for t in s.doc[s.start : s.end + 1])
            if unease and not for_them and not _felt_by_someone(s):
                continue  # "the Christmas do is going to be awkward"
            if s.root.lemma_ in ("freeze", "go") and _still_thing(s):
                continue  # "the pipes froze up", "the room went quiet"
            after = s.doc[s.end : s.end + 3]
            if unease and len(after) >= 2 and after[0].tag_ == "VBG" and (after[0].lemma_.lower() in _REFUSING | {"shop", "get", "go", "stop"} or after[:2].text.lower() == "saying no"):
                continue  # "feel awkward saying no to him", "awkward shopping elsewhere": a refusal, not a secret
            if unease and s.end + 1 < len(s.doc) and s.doc[s.end].lower_ == "to" and (s.doc[s.end + 1].lemma_.lower() in _REFUSING or s.doc[s.end + 1 : s.end + 3].text.lower() == "say no"):
                continue  # "awkward to turn down the woman who does my rota": a refusal, not a secret
            if s.label_ in ("sharing", "comfort") and _speech(s) and _about_objection(s):
                continue  # "can't tell him the lessons are boring" is pressure, below
            if s.label_ == "comfort" and not sensitive and "pressure_imbalance" in f.risks and reading.group != "mental_health" and _nothing_named_told(s):
                continue  # "I live in his house, so I can't tell him": a concern unvoiced under power, nothing private named
            if _not_disclosure(s, reading):
                continue  # "she didn't want to tell me how bad it was", "asked me not to tell her husband"
            whose = subject_is_professional(s, reading)
            if whose is not True and reading.poster_role == "professional" and _the_one_who_is_me(s):
                whose = True  # "I'm the one who went red": the professional's own blush
            if s[0].lower_ == "so" and reading.poster_role == "professional" and s[-1].lemma_.lower() in ("see", "find") and not any(t.lower_ == "did" for t in s):
                whose = False  # "she drives to the next town, so I don't see them": done so the professional won't see
            if for_them and whose is None:
                whose = False
            if s.label_ == "sharing" and (whose is True or (unease and whose is None and reading.poster_role == "professional")):
                continue  # the professional's unease, or "I've been holding back stock", is not the client holding back
            asked = s.doc[s.start - 2].lower_ if s.start >= 2 and s.doc[s.start - 1].lower_ == "to" else None
            if s.label_ == "comfort" and (whose is True or asked in ("what", "how", "whether")) and reading.poster_role == "professional":
                continue  # "not sure what to tell him", "so I haven't said anything": the professional's own silence
            if s.label_ == "comfort" and asked == "what":
                continue  # "I don't know what to tell her": advice the poster lacks, whoever posts
            if _posting_unease(s):
                continue  # "kind of embarrassed to post this": the poster's unease with the server
            if s.label_ == "refused" and whose is True:
                continue  # "I'm embarrassed to say I wrote it from memory": the professional's confession
            if s[-1].lower_ == "there" and next((t.lower_ for t in s.doc[s.end : s.end + 3] if not t.is_punct), None) == "with":
                continue  # "she can't go there with a former client": declining a person, not holding back
            if s.label_ == "comfort" and s.root.lemma_.lower() == "say" and any(t.lower_ == "yet" for t in s.doc[s.end : s.end + 4]):
                continue  # "the governor hasn't said anything yet": an issue not raised, not a client holding back
            subj = clause_subject(s.root)
            if s.label_ == "comfort" and subj is not None and subj.lower_ == "we" and (
                    reading.poster_role == "professional" or any(t.lower_ == "since" for t in s.doc[s.end : s.sent.end])):
                continue  # "we haven't talked about it since": the two of them, not a client holding back
            if subj is not None and any(c.lower_ == "other" for c in subj.children):
                continue  # "the other girls go quiet when I walk in": onlookers, not the client
            if s.start >= 2 and s.doc[s.start - 2 : s.start].text.lower() in ("thought to", "think to"):
                continue  # "never thought to mention it": forgotten, not held back
            if _denied_next(s):
                continue  # "people act like I must be hiding stuff from her. I'm really not."
            if s.root.lemma_.lower() == "hide" and s.end < len(s.doc) and s.doc[s.end].lower_ in ("behind", "under"):
                continue  # "hiding behind wheelie bins": out of sight, not a secret
            if s[-1].lemma_.lower() == "see" and any(t.lemma_.lower() in _POINTS for t in s.doc[s.end : s.end + 3]):
                continue  # "so I don't see the downside": an opinion, not something kept from view
            if _kept_from_someone_else(s) or _fearless(s):
                continue  # "it's her mum she's hiding it from"; "not scared to tell me anything"
            if reading.poster_role == "professional" and _anonymous_aside(s):
                continue  # "(not saying what, small place)": the poster keeping the post anonymous
            f.add(f.risks, "unwillingness_to_share", s)
        found = f.risks.get("unwillingness_to_share")
        if found and _client_open(found[0].doc):
            # "she went through her whole history without blinking": the client is open
            del f.risks["unwillingness_to_share"]

    def _exceptions(self, f: Findings, cues: dict[str, list[Span]], doc: Doc) -> None:
        # "hundreds of km" is distance, not "hundreds of therapists"
        # "the only other option is the Flying Doctor" is scarcity, not plenty
        f.plenty = [
            s for s in cues.get("plenty", [])
            # "the nearest other option is 90 min away" is scarcity too
            if not (s.end < len(doc) and doc[s.end].lower_ in _FAR)
            and not any(t.lower_ in ("only", "nearest", "closest") for t in doc[max(s.start - 2, 0) : s.start])
        ] + _close_by(doc)
        rural = []
        for s in cues.get("rural", []):
            if s.kb_id_ != "rural_place":
                continue
            if _island_in_a_name(s):
                continue  # "Island Physio in Brisbane", "watching Love Island": names, not places
            words = {t.lower_ for t in s}
            strong = not (words <= _WEAK_RURAL_HEADS) and not (len(s) == 1 and s[0].lower_ in _WEAK_RURAL_HEADS)
            place = any((t.lower_ in _PLACE_WORDS or t.lemma_ in _PLACE_WORDS or t.like_num) and not s.start <= t.i < s.end for t in s.sent)
            place_outside_community = any(
                (t.lower_ in _PLACE_WORDS or t.lemma_ in _PLACE_WORDS or t.like_num) and t.lower_ != "community" and not s.start <= t.i < s.end
                for t in s.sent
            )
            if s.text.lower() in ("no other", "no one else", "nobody else", "one of two", "one of three") and not place_outside_community:
                continue  # "no other students use the service" says nothing about the place
            if s.text.lower() in ("no one else", "nobody else") and s.start > 0 and doc[s.start - 1].lower_ in ("for", "to"):
                continue  # "which I do for nobody else": a favour, not a lack of providers
            if s.text.lower() in ("one of two", "one of three") and s.end < len(doc) and doc[s.end].lemma_.lower() in _MEMBERS:
                continue  # "one of three people on the panel": a seat, not a provider
            if strong and (len(s) > 1 or s[0].lower_ not in ("county", "reserve", "village", "isolated") or place):
                rural.append(s)
            elif place and s[0].lower_ in ("the", "nearest", "closest", "next", "only", "no", "nobody", "one"):
                rural.append(s)
        rural += _only_provider_in_place(doc) + _far_to_the_next(doc)
        if any(x.label_ == "rural" and x._.negated and x.root.lower_ in ("rural", "remote", "isolated")
               and x.root.dep_ in ("acomp", "attr") and x.root.head.lemma_ == "be" for x in doc.spans[SPANS_KEY]):
            rural = []  # "no, I'm not rural, there are others about an hour away": the poster says so
        # "the only Punjabi-speaking doctor around here" is about the community, not the place
        rural = [r for r in rural if not any(_overlaps(r, c) for c in cues.get("insular", []))]
        if rural and not f.plenty:  # "plenty of dentists in town" outweighs "small town"
            f.add(f.exceptions, "rural_access", *rural)
        # a community alone is not enough: its members must want someone from
        # inside it ("won't see anyone outside"), unless it is named as close-knit
        # a people known by its language says its wish in the same words ("only someone who speaks Hakka")
        tongues = _language_insiders(doc)
        insular_terms = cues.get("insular", []) + _named_communities(doc) + tongues
        # "she'd rather not have the congregation knowing" is holding back, not looking inward
        inward = [s for s in cues.get("inward", []) if not any(_overlaps(s, t) for t in cues.get("sharing", []))]
        # "I'm the only one for hundreds of km" is about distance, not insiders
        rural_sents = {r.sent.start for r in rural}
        inward = [s for s in inward if not (s.text.lower() in _WEAK_INWARD and s.sent.start in rural_sents)]
        # "she'd honestly be fine with someone from outside": an outsider welcome, no inward wish
        inward = [s for s in inward if not _outsider_welcome(s)]
        if insular_terms and (inward or tongues or any(t.root.lower_ in ("tight", "close", "insular", "knit") for t in insular_terms)):
            f.add(f.exceptions, "insular_community", *insular_terms[:2], *inward[:1])


_WELCOME = {"fine", "happy", "okay", "ok", "open", "comfortable", "glad"}


def _outsider_welcome(span: Span) -> bool:
    """'fine with someone from outside', 'open to an outside therapist', "doesn't mind an outsider"."""
    before = [t.lower_ for t in span.doc[max(span.sent.start, span.start - 7) : span.start]]
    pairs = list(zip(before, before[1:]))
    if any(a in ("n't", "not", "never") and b == "mind" for a, b in pairs):
        return True
    if any(w in ("n't", "not", "never", "nobody", "no") for w in before[:-1]):
        return False  # "the elders won't be happy with a midwife from outside"
    # not "more comfortable with a kababayan": a preference for the insider
    return any(a in _WELCOME and b in ("with", "to") and (i == 0 or before[i - 1] not in ("more", "most")) for i, (a, b) in enumerate(pairs))


_MEMBERS = {"people", "person", "member", "guy", "judge", "voter", "panelist", "trustee", "director", "partner", "us", "them"}


# what follows "Island" in a business's name
_BUSINESS_WORDS = {"physio", "physiotherapy", "dental", "dentistry", "clinic", "pharmacy", "vet", "vets", "veterinary", "medical",
                   "health", "law", "legal", "chiropractic", "optometry", "therapy", "counselling", "counseling", "fitness", "gym"}


def _island_in_a_name(span: Span) -> bool:
    """A capitalised "Island" in a business's name ("Island Physio") or the TV
    show "Love Island"; a named island ("Rathlin Island") stays a place."""
    if len(span) != 1 or span[0].text != "Island":
        return False
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.text[:1].isupper() and after.lower_ in _BUSINESS_WORDS) or (
        before is not None and before.text == "Love")


def _server_asked(span: Span) -> bool:
    """'curious what others think', 'genuinely curious if people think ...': the
    words just before the span ask the channel."""
    before = span.doc[max(span.start - 3, 0) : span.start]
    i = len(before) - 1
    while i >= 0 and before[i].lower_ in ("what", "if", "whether", "how"):
        i -= 1
    return i >= 0 and before[i].lower_ == "curious"


def _confident_of(span: Span) -> bool:
    """'pretty confident I can stay neutral', 'sure I'd be objective': the
    poster's objectivity affirmed (not "not sure I can stay neutral")."""
    if span.root.lemma_.lower() not in ("neutral", "objective", "impartial", "objectively", "unbiased"):
        return False
    seen: list[Token] = []
    for verb in list(span.root.ancestors)[:3]:
        sure = next((c for c in verb.children if c.dep_ == "acomp" and c.lemma_.lower() in ("confident", "sure", "certain")), None)
        if sure is not None:
            # "not sure I can stay neutral", "sure I can't stay neutral": doubt still
            return not any(c.dep_ == "neg" for t in (verb, sure, *seen) for c in t.children)
        seen.append(verb)
    return False


def _landlord_of_someone_else(span: Span, reading: Reading) -> bool:
    """'my landlord's son', 'my physio's dad is my landlord': the landlord named
    is a relative of the professional, not the professional."""
    root = span.root
    if root.lemma_.lower() not in ("landlord", "landlady"):
        return False
    if root.dep_ == "poss":
        return True
    pro = reading.professional
    if root.dep_ in ("attr", "nsubj") and root.head.lemma_ == "be":
        # "my physio's dad is my landlord", "my landlord is my physio's dad": the
        # other side of the copula is someone's relative, not the professional
        other = next((c for c in root.head.children if c.dep_ in ("nsubj", "attr") and c is not root), None)
        return other is not None and (pro is None or not pro.start <= other.i < pro.end) and any(
            c.dep_ == "poss" for c in other.children) and span_at(list(span.doc.spans[SPANS_KEY]), other, "relationship") is not None
    return False


# what one can be "given" that is no gift or favour
_NOT_GIFTS = {"fine", "warning", "look", "lecture", "earful", "fright", "scare", "diagnosis", "bollocking", "telling-off",
              "questionnaire", "form", "paperwork", "leaflet", "handout", "printout", "homework", "referral"}
_PENALTIES = {"speeding", "parking", "traffic"}
# the service itself: "he's been giving me lessons" is the role, no gift, unless
# the giving is a favour ("giving me free lessons")
_SERVICES_GIVEN = {"lesson", "session", "class", "treatment", "massage", "haircut", "trim", "adjustment", "injection",
                   "shot", "jab", "quote", "estimate", "exam", "checkup", "check-up", "assessment", "consultation",
                   "manicure", "pedicure", "facial", "tattoo", "cleaning", "filling", "reading", "tour", "workout",
                   "min", "mins", "minute", "minutes", "hour", "hours"}
_FAVOUR_WORDS = {"free", "extra", "discounted", "cheap", "cheaper", "private", "complimentary", "bonus"}


def _nothing_given(span: Span) -> bool:
    """"gave me a speeding ticket", "gives me the dirtiest looks": the thing
    given is a penalty or a glance, not a present."""
    root = span.root
    if root.lemma_.lower() == "ticket":
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        return before in _PENALTIES
    if root.lemma_.lower() != "give":
        return False
    for obj in (c for c in root.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() == "ticket":
            return any(c.lower_ in _PENALTIES for c in obj.children)
        if obj.lemma_.lower() in _NOT_GIFTS:
            return True
    return False


def _service_given(span: Span) -> bool:
    """"he's been giving me lessons": the service itself, no gift (unless a
    favour, "giving me free lessons")."""
    root = span.root
    return root.lemma_.lower() == "give" and any(
        obj.dep_ == "dobj" and obj.lemma_.lower() in _SERVICES_GIVEN and not any(c.lower_ in _FAVOUR_WORDS for c in obj.children)
        for obj in root.children)


# Verbs of finding out. Asked or checked "about" something, or with a thing as
# object, they gather information; denied, the information is missed.
# "she barely asked anything": next to no questions is a question skipped
_BARELY = {"barely", "hardly", "scarcely"}
_INFO_VERBS = {"ask", "check", "question", "inquire", "enquire", "query", "verify", "look", "probe", "screen", "test", "examine", "assess", "review", "double-check", "confirm", "inspect", "audit"}
# Examining or testing someone is the step itself: denied, it counts whatever the object
_STEP_VERBS = {"examine", "test", "screen", "assess", "inspect", "audit"}
_INFO_PREPS = {"about", "after", "into", "over", "on", "regarding"}
# Verbs that deny the verb they govern: "forgot to ask", "stopped checking"
_DENYING_VERBS = {"forget", "neglect", "fail", "skip", "stop", "omit", "quit", "refuse"}
# asked "for" these is a request, not a question: "never asks for payment"
_NOT_INFORMATION = {"money", "payment", "fee", "fees", "help", "favour", "favor", "discount", "time", "permission", "advice", "anything", "nothing"}
_PERSONAL_PRONOUNS = {"me", "him", "her", "them", "us", "you", "it", "myself", "himself", "herself", "themselves"}
# ... and verbs that do so when negated; "not meant to test people we know" is a
# rule, not an omission, so deontic verbs are left out
_NEGATED_OMISSION = {"bother", "think", "need", "care", "want", "remember"}


_FEAR_WORDS = {"scared", "afraid", "shy", "worried", "frightened", "nervous", "embarrassed", "ashamed"}


def _done_for_the_poster(span: Span) -> bool:
    """The work done for nothing is done by someone else for "me" or "my"
    things: "minds my children for free", "fixed my van for nothing"."""
    verb = span.root
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    # ("came round and replaced my boiler and wouldn't take a penny": the work is a
    # verb before, and so may be the subject)
    verbs = [verb]
    while verbs[-1].dep_ == "conj" and len(verbs) < 4:
        verbs.append(verbs[-1].head)
    subj = next((c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None) or clause_subject(verb)
    if subj is None or subj.lower_ in POSTER:
        return False
    if any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in subj.children):
        return False  # "my professor offered me a discount": someone of mine serving me, the poster is the client
    if any(t.lower_ in ("me", "us") for t in span):
        return False  # "'can squeeze me in or not'": the client's own words
    # the thing done for the poster lies outside the cue: "skips our waitlist" is the cue itself
    def mine(c: Token) -> bool:
        return c.lower_ in ("me", "us") or any(g.dep_ == "poss" and g.lower_ in ("my", "our") for g in c.children)

    return any(
        c.dep_ in ("dobj", "dative") and not span.start <= c.i < span.end and mine(c)
        for v in verbs for c in v.children
    ) or any(
        # "knocked $100 off my rent"
        p.dep_ == "prep" and p.lower_ == "off" and any(o.dep_ == "pobj" and mine(o) and o.lemma_.lower() in _CHARGES for o in p.children)
        for v in verbs for t in (v, *v.children) for p in t.children
    )


# what a discount comes off
_CHARGES = {"rent", "bill", "fee", "price", "rate", "invoice", "lease", "mortgage", "tab", "total"}


def _compared(span: Span) -> bool:
    """"(warmer) than the others": the client set beside the others, a favour."""
    doc = span.doc
    first = span[0] if span[0].lower_ == "than" else doc[span.start - 1] if span.start > 0 and doc[span.start - 1].lower_ == "than" else None
    # "warmer than", "more glowing than"
    return first is not None and any(t.tag_ in ("JJR", "RBR") for t in doc[max(first.i - 2, 0) : first.i])


_LEAVING_OUT = {"skip", "bypass", "waive", "forgo", "forego", "drop", "cut", "ignore", "miss"}


def _tempted_to_skip(span: Span) -> bool:
    """"tempted to skip the usual credit check": what tempts is leaving a step out."""
    doc = span.doc
    after = doc[span.end : span.end + 3]
    return len(after) >= 2 and after[0].lower_ == "to" and after[1].lemma_.lower() in _LEAVING_OUT


def _fearless(span: Span) -> bool:
    """'she's clearly not scared to tell me anything': a fear denied is openness."""
    doc = span.doc
    return any(
        t.lower_ in _FEAR_WORDS and any(c.dep_ == "neg" for c in [*t.children, *t.head.children])
        for t in doc[max(span.start - 4, 0) : span.start]
    )


def _kept_from_someone_else(span: Span) -> bool:
    """'the thing she's hiding is from her husband, not me', 'it's her mum she's
    hiding it from', 'just doesn't want her parents knowing': kept from someone
    who is not the professional."""
    if not any(t.lemma_.lower() in ("hide", "keep", "know", "secret") for t in span):
        return False
    sent = span.sent
    for t in sent:
        if t.lower_ == "from" and t.i >= span.start - 6:
            target = next((c for c in t.children if c.dep_ == "pobj"), None)
            # the "from" of the hiding itself, not "drop him from the team" later on
            # ("the thing she's hiding is from her husband" hangs it on the copula)
            hiding_from = t.head.lemma_.lower() in ("hide", "keep", "secret", "be") or span.start <= t.head.i < span.end
            if target is not None and target.lower_ not in ("me", "us") and target.pos_ in ("NOUN", "PROPN") and hiding_from:
                return True
            # "it's her mum she's hiding it from": the stranded "from" points back
            if target is None and any(x.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in x.children)
                                      for x in sent if x.i < t.i):
                return True
    if any(t.lemma_.lower() in ("know", "hear", "find") for t in span):
        # "doesn't want her parents knowing"; "her boss" is the poster when the poster employs her
        return any(
            t.pos_ == "NOUN" and any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in t.children)
            and not (t.lemma_.lower() in _BOSS_WORDS and _poster_employs(span.doc))
            for t in span
        )
    return False


_BOSS_WORDS = {"boss", "employer", "manager"}


def _seat_holder(span: Span) -> Token | None:
    """Who holds the seat or the marking: "she sits on the panel", "the module she marks"."""
    return clause_subject(span.root) or next((c for t in span if t.pos_ == "VERB" for c in t.children if c.dep_ == "nsubj"), None)
# staff commenting on the story: "says", "made a joke", "noticed"
_REMARKING = {"say", "reckon", "think", "notice", "joke", "make", "hear", "see", "find", "point", "comment", "laugh", "tease", "warn", "mention", "spot"}


def _poster_employs(doc: Doc) -> bool:
    return any(
        s.kb_id_ == "power_by_poster" or (s.kb_id_ == "employee" and s.start > 0 and doc[s.start - 1].lower_ in ("my", "our"))
        for s in doc.spans[SPANS_KEY]
    )


_QUALIFIED = {"but", "except", "usually", "normally", "until", "though", "although", "if", "worried", "might", "may", "would", "'d",
              "will", "'ll", "says", "said", "promise", "promised", "promises", "claims", "doubt", "wonder", "whether", "sure", "hope"}
_OPEN_WORDS = {"open", "forthcoming", "honest", "candid", "upfront", "frank"}
_OPEN_PHRASES = ("told me everything", "tells me everything", "told me straight away", "without blinking", "walked me through every",
                 "not holding back with me", "showed me everything", "went through everything", "answered every question",
                 "nothing to hide", "holds nothing back", "held nothing back", "holding nothing back", "haven't held anything back",
                 "hasn't held anything back", "don't mind telling", "doesn't mind telling", "completely upfront", "totally upfront",
                 "completely relaxed about", "totally relaxed about")
# the client posting: "honestly no?? I tell her everything"
_TELLS_ALL = ("i tell her everything", "i tell him everything", "i tell them everything",
              "i still tell her everything", "i still tell him everything", "i still tell them everything")


_POINTS = {"downside", "point", "problem", "issue", "harm", "difference", "why", "reason", "need", "benefit"}
_ACCUSING = {"act", "think", "assume", "accuse", "suspect", "reckon", "imply", "insinuate"}


def _the_one_who_is_me(span: Span) -> bool:
    """'I'm the one who hasn't said anything': the relative clause's subject is
    the "one" that "I" am."""
    subj = clause_subject(span.root, hops=4)
    if subj is None or subj.lower_ not in ("who", "that") or subj.head.dep_ != "relcl":
        return False
    one = subj.head.head
    return one.lemma_.lower() == "one" and one.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in one.head.children)


def _denied_next(span: Span) -> bool:
    """The next sentence is a bare denial of this one ("I must be hiding stuff
    from her. I'm really not.")."""
    doc = span.doc
    if span.sent.end >= len(doc):
        return False
    if not any(t.lemma_.lower() in _ACCUSING or t.lower_ == "must" for t in span.sent):
        return False  # only a charge can be denied: "people act like I must be hiding it"
    nxt = [t for t in doc[span.sent.end].sent if not t.is_punct]
    return 0 < len(nxt) <= 5 and any(t.dep_ == "neg" or t.lower_ in ("not", "n't", "never") for t in nxt) and not any(
        t.pos_ == "VERB" for t in nxt) and any(t.dep_ == "nsubj" and t.pos_ == "PRON" for t in nxt)


def _client_open(doc: Doc) -> bool:
    """The post says plainly that the client is open with the professional ("She
    was completely open with me", "he's been very forthcoming"), with no "but"."""
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        # an openness promised, doubted or qualified is none: "he says he'll be
        # honest with me but ...", "I doubt he'll be honest" ("doesn't seem
        # worried at all" qualifies nothing)
        after = doc[sent.end].lower_ if sent.end < len(doc) else ""
        calm = {w.lower_ for t in sent if t.lower_ == "worried" and any(c.dep_ == "neg" for c in (*t.children, *t.head.children))
                for w in t.head.subtree if w.i >= t.i} - {"but", "though", "although", "doubt", "wonder"}  # the worry denied, and its clause
        if (words & _QUALIFIED) - calm or after in ("but", "though", "however"):
            continue
        text = sent.text.lower()
        if any(p in text for p in _OPEN_PHRASES):
            return True
        # "should I tell him everything?" asks; it does not say the client is open
        if any(p in text for p in _TELLS_ALL) and not text.rstrip().endswith("?"):
            return True
        for t in sent:
            if t.lower_ in _OPEN_WORDS and t.dep_ == "acomp" and not any(c.dep_ == "neg" for c in t.head.children):
                subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)  # "she's been open": passive to the parser
                if subj is not None and subj.lower_ in ("he", "she", "they"):
                    return True
    return False


def _thing_tells(span: Span) -> bool:
    """'darts night doesn't tell me anything about his finances': a thing that
    tells nothing is no person holding back."""
    subj = clause_subject(span.root)
    return subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in _TELLING_THINGS


_TELLING_THINGS = {"night", "league", "club", "game", "gym", "class", "session", "chat", "friendship", "school", "job", "work",
                   "form", "report", "file", "history", "record", "scan", "test", "result", "data", "photo", "picture", "number", "score"}


# what one "owes" someone without being in their debt
_OWED_COURTESIES = {"head", "explanation", "apology", "answer", "update", "call", "thanks", "response", "reply", "warning"}


def _denied_control(verb: Token) -> bool:
    """A control verb denied, also through "or": "I don't teach or grade anything"."""
    if _denied(verb) is not None:
        return True
    # "I don't teach, grade or supervise": the first of a list joined by "or"
    # carries the denial for all (the tagger may make a listed verb a noun)
    tok, joined = verb, False
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        joined = joined or any(c.lower_ in ("or", "nor") for c in (*tok.head.children, *tok.children))
        tok = tok.head
        if joined and tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children):
            return True
    return False


def _denied(verb: Token) -> Span | None:
    """The words that deny an action ("never asked", "without checking",
    "didn't bother asking", "forgot to ask"), or None if it is not denied."""
    doc = verb.doc
    negs = [c for c in verb.children if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _BARELY)]
    if negs:
        return doc[min(negs[0].i, verb.i) : verb.i + 1]
    # "Nobody has even asked Mum about her bones"
    nobody = next((c for c in verb.children if c.dep_ == "nsubj" and (c.lower_ in ("nobody", "no-one", "noone") or (
        c.lower_ == "one" and c.i > 0 and doc[c.i - 1].lower_ == "no"))), None)
    if nobody is not None:
        return doc[nobody.i : verb.i + 1]
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "without":
        return doc[head.i : verb.i + 1]
    # "without checking BP or asking about the new meds": the second verb too
    joined = verb
    while joined.dep_ == "conj" and joined.head.i < joined.i:
        joined = joined.head
    if joined is not verb and joined.dep_ == "pcomp" and joined.head.lower_ == "without":
        return doc[joined.head.i : verb.i + 1]
    # "no need to come and inspect or check the title": waved off by "no need",
    # also through the verbs joined to the first
    first = verb
    while first.dep_ == "conj" and first.head.pos_ == "VERB" and first.head.i < first.i:
        first = first.head
    no = next((c for c in first.head.children if c.dep_ == "det" and c.lower_ == "no"), None) if first.head.lemma_.lower() == "need" else None
    if first.dep_ == "acl" and no is not None:
        return doc[no.i : verb.i + 1]
    if verb.dep_ == "xcomp" and head.lemma_.lower() == "need" and any(c.dep_ == "advmod" and c.lower_ == "even" for c in head.children) and (
            any(t.text == "?" for t in verb.sent) or verb.sent[0].lower_ in ("do", "does", "should")):
        return doc[head.i : verb.i + 1]  # "do I even need to check his ID?": the step asked away
    if verb.dep_ == "xcomp" and head.i < verb.i:
        head_negs = [c for c in head.children if c.dep_ == "neg"]
        if head_negs and head.lemma_ in _NEGATED_OMISSION:  # "didn't bother asking", "never thought to check"
            return doc[head_negs[0].i : verb.i + 1]
        if head.lemma_ in _DENYING_VERBS - {"bother", "think"}:
            return doc[head.i : verb.i + 1]  # "forgot to ask"
    return None


def _unasked_questions(doc: Doc, spans: list[Span], reading: Reading) -> list[Span]:
    """Questions or checks the text says were not made: "never asked about side
    income", "without asking my symptoms", "didn't check her meds". Asking a
    person ("without asking me") is permission, not information, and does not count."""
    people = {t for s in spans if s.label_ in ("profession", "relationship") for t in range(s.start, s.end)}
    found = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _INFO_VERBS:
            continue
        denial = _denied(verb)
        if denial is None:
            continue
        lemma = verb.lemma_.lower()
        informative = lemma in _STEP_VERBS
        for child in verb.children:
            objects = [g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else []
            if child.dep_ == "prep" and child.lower_ in _INFO_PREPS | {"at"} and any(g.lower_ not in _PERSONAL_PRONOUNS for g in objects):
                # "never asks about anything"; looking counts only "at", "into" or "over" something
                counts = child.lower_ in ("into", "over", "at") if lemma == "look" else child.lower_ != "at"
                informative = informative or counts
            elif child.dep_ == "prep" and child.lower_ == "for" and lemma == "ask" and any(
                g.pos_ == "NOUN" and g.lower_ not in _NOT_INFORMATION for g in objects
            ):
                informative = True  # "stopped asking for receipts"
            elif child.dep_ == "dobj" and child.i not in people and child.lemma_.lower() not in _NOT_INFORMATION - {"anything"} and (
                child.pos_ == "NOUN" or (child.pos_ == "PRON" and child.lower_ in ("anything", "everything"))
                or (child.pos_ == "PROPN" and child.is_upper and len(child) <= 4)  # "without checking BP"
            ):
                informative = True  # "without asking my symptoms", "didn't ask me anything"
            elif child.dep_ == "ccomp" and any(w.tag_ in ("WP", "WRB", "WDT") for w in child.subtree):
                informative = True  # "never asks what else I'm on", "how I've been feeling"
        if lemma == "ask" and any(t.lower_ in ("never", "not", "n't") for t in denial) and len([t for t in verb.sent if not t.is_punct]) <= 4 and not any(
                c.dep_ in ("dobj", "dative", "prep", "ccomp", "xcomp", "advcl") for c in verb.children) and any(s.label_ == "know" for s in spans):
            informative = True  # "I never asked.": told on its own, after what was assumed
        if informative and _asker_is_professional(verb, reading) is not False:
            found.append(denial)
    return found


# verbs whose denial, with "because I know them" as the reason, leaves a step out
_CHECKING = _INFO_VERBS | {"read", "measure", "weigh", "run", "do", "put", "go", "fill", "request", "order", "document",
                           "record", "chase", "investigate", "search", "scan", "listen", "follow", "lift", "walk", "count", "bother"}
_BECAUSE = {"because", "since", "cause", "'cause", "cos", "coz", "as"}


def _skipped_because_known(doc: Doc, know: list[Span], reading: Reading) -> list[Span]:
    """A checking verb denied for the reason that the professional knows the
    person: "didn't properly verify his income because I know what he earns",
    "didn't go into the loft because ... I thought I knew the place". Declining
    the work ("didn't take the case because I know him") is no step left out."""
    found = []
    for s in know:
        tok, reason = s.root, False
        # climb from the knowing to the clause it gives the reason for
        for _ in range(4):
            reason = reason or any(c.dep_ == "mark" and c.lower_ in _BECAUSE for c in tok.children)
            if tok.dep_ == "advcl" and reason:
                break
            if tok.dep_ not in ("conj", "ccomp", "xcomp", "advcl") or tok.head.i == tok.i:
                tok = None
                break
            tok = tok.head
        else:
            tok = None
        if tok is None or tok.dep_ != "advcl":
            continue
        verb = tok.head
        denial = _denied(verb) if verb.pos_ in ("VERB", "AUX") else None
        if denial is None and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and any(c.lower_ in ("or", "nor") for c in verb.head.children):
            denial = _denied(verb.head)  # "didn't go into the loft or lift the carpets"
        if denial is None or verb.lemma_.lower() not in _CHECKING:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            # "Did his mortgage and didn't verify his income because I know ...": the knower
            subject = next((c for c in s.root.children if c.dep_ == "nsubj"), None)
            whose = subject_is_professional(s, reading)
        else:
            whose = _asker_is_professional(verb, reading)
        if not (whose is True or (whose is None and subject is not None and subject.lower_ in ("i", "we") and reading.poster_role != "client")):
            continue  # "she'd rather not go into it because I know her family": the client's
        found.append(doc[denial.start : verb.i + 1])
        found.append(s)
    return found


_SKIP_DONE = {"skip", "rush", "cut", "bypass", "gloss", "skim", "breeze", "fly", "waive", "shortcut"}
_ALL_SERVED = {"client", "clients", "patient", "patients", "student", "students", "member", "members", "customer", "customers",
               "person", "kid", "kids", "pupil", "pupils", "applicant", "applicants", "case", "cases", "single"}


def _skip_denied(span: Span) -> bool:
    """"I did NOT skip anything", "I'm not rushing them": a skipping denied is a
    step done."""
    verb = next((t for t in span if t.lemma_.lower() in _SKIP_DONE), None)
    return verb is not None and (span._.negated or _denied(verb) is not None)


_CHARGING = {"say", "think", "accuse", "claim", "assume", "suggest", "imply", "convince", "allege"}


def _alleged(span: Span) -> bool:
    """'so nobody can say I cut corners for family', 'Mum is convinced she skipped
    the paperwork': a skipping someone else charges, not one the post tells."""
    tok = span.root
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        lemma = tok.lemma_.lower()
        if lemma in _CHARGING:
            # "nobody can say I cut corners": a charge denied; "Mum is convinced she
            # skipped it": a charge; "he said 'we can skip the history'" is the skipping itself
            return _denied(tok) is not None or lemma in ("accuse", "convince", "claim", "allege")
    return False


def _asked_whether(span: Span) -> bool:
    """'people ask if I skip the questions': a skipping asked about, not told
    ('she asked if we can skip the bloods' is a request to skip, and counts)."""
    verb = span.root
    return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in verb.children) and verb.head.lemma_.lower() in (
        "ask", "wonder", "question", "query") and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _sentence_and_next(span: Span) -> Iterator[tuple[bool, Span, list[Token]]]:
    """The cue's own sentence and the one after it (own first), each with its
    words outside the cue."""
    doc = span.doc
    sent = span.sent
    following = doc[sent.end : sent.end + 1].sent if sent.end < len(doc) else None
    for own, part in ((True, sent), (False, following)):
        if part is not None:
            yield own, part, [t for t in part if not span.start <= t.i < span.end]


_KIN_WORDS = {"family", "friend", "relative", "mate", "related", "kin"}


def _skipped_for_all(span: Span) -> bool:
    """The step is left out for everyone, not for the tie: "I don't do that for
    anyone presenting with a sore throat", "nobody gets one at that hour", "we
    don't ask any client for receipts", "across the board" (in the step's
    sentence or the next one, which must deny too); not "for anyone else",
    "nobody knows him better"."""
    doc = span.doc
    for own, part, toks in _sentence_and_next(span):
        if not own and not any(t.dep_ == "neg" or t.lower_ in ("never", "nobody", "no") for t in toks):
            continue  # the step itself is a leaving-out; the next sentence must deny too
        if any(t.lower_ in ("normally", "usually", "generally", "ordinarily") for t in toks):
            continue  # "I don't normally skip it for any patient": the rule the tie broke
        if "across the board" in part.text.lower():
            return True
        for t in toks:
            after = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if after is not None and after.lower_ in ("else", "other"):
                continue  # "for anyone else": what the rest do not get
            before = doc[t.i - 1].lower_ if t.i > 0 else ""
            if t.lower_ in ("anyone", "anybody") and any(w.lemma_.lower() in _KIN_WORDS for w in doc[t.i + 1 : t.i + 5]):
                continue  # "I wouldn't with anyone who's family": the tie is the reason
            if t.lower_ in ("anyone", "anybody") and (before in ("for", "with", "to") or t.dep_ in ("dobj", "dative") and t.head.lemma_.lower() in _CHECKING):
                return True  # "I don't do that for anyone", "I don't ask anyone anything"
            if t.lower_ in ("nobody", "noone") and t.dep_ == "nsubj" and t.head.lemma_.lower() in ("get", "have") and any(
                    c.dep_ == "dobj" and c.lower_ in ("one", "that", "this", "it") for c in t.head.children):
                return True  # "nobody gets one for a simple laceration"
            if t.lower_ in ("any", "every", "all") and after is not None and after.lower_ in _ALL_SERVED and before in ("for", "with", "to", "ask", "of", "single"):
                return True  # "with ANY student", "for every member"
            if t.lower_ in ("any", "every") and after is not None and after.lower_ in _ALL_SERVED and t.head.dep_ == "dobj":
                return True  # "we don't ask any client for receipts"
    return False


def _elided_denials(doc: Doc, spans: list[Span]) -> list[Span]:
    """'I always take a full history, but I didn't with him': the step is named
    once, and the denial leaves it out."""
    steps = [s for s in spans if s.label_ == "intake" and not s._.negated]
    found = []
    for neg in doc:
        # "but didn't bother" has a verb of its own, and is no bare "did"
        if neg.lower_ not in ("n't", "not") or not elided_do(neg) or doc[neg.i - 1].dep_ != "conj":
            continue
        did = doc[neg.i - 1]
        if any(c.dep_ == "dobj" and any(s.start <= c.i < s.end for s in steps) for c in did.head.children):
            found.append(doc[did.i : neg.i + 1])
    return found


def _asker_is_professional(verb: Token, reading: Reading) -> bool | None:
    """Whose question went unasked? The subject of the verb, or of the verb it
    hangs from ("...and never questions my bills", "without asking")."""
    tok = verb
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            first = subj[0].lower_ in POSTER
            if reading.poster_role == "professional":
                return first
            if reading.poster_role == "client":
                return not first
            pro = reading.professional
            return True if pro is not None and pro.start <= subj[0].i < pro.end else None
        if tok.dep_ not in ("conj", "xcomp", "pcomp", "prep", "advcl") or tok.head == tok:
            return None
        # "my friend asks me to sign them off without examining them": the one
        # asked ("me") does the signing, not the one who asks
        asked = next((c for c in tok.head.children if c.dep_ == "dobj" and c.pos_ == "PRON"), None) if tok.dep_ == "xcomp" else None
        if asked is not None and asked.lower_ in POSTER | {"him", "her", "them"}:
            if reading.poster_role == "professional":
                return asked.lower_ in POSTER
            if reading.poster_role == "client":
                return asked.lower_ not in POSTER
            return None
        tok = tok.head
    return None


# Deciding someone's grades, pay, housing or place: verbs of control and what
# they control (labels.md, pressure_imbalance)
_CONTROL_VERBS = {"decide", "write", "sign", "mark", "grade", "assess", "pick", "choose", "select", "approve", "set",
                  "determine", "review", "control", "sponsor", "renew", "allocate", "award", "do", "run", "assign", "make", "judge",
                  "recommend"}
_JOB_REVIEWS = {"annual", "performance", "yearly", "salary", "pay", "probation", "probationary", "end-of-year", "mid-year"}
# deciding told by what is decided: "decides whether she gets in", "picks who races"
# (not "I pick which exercises we do": only "decide" takes any question)
_CHOOSING = {"decide", "recommend", "pick", "choose", "select", "determine"}
_CHOSEN_PEOPLE = {"who", "whether"}
_CONTROLLED = {"grade", "mark", "exam", "dissertation", "thesis", "coursework", "essay", "appraisal", "promotion",
               "contract", "timesheet", "rota", "roster", "shift", "schedule", "pay", "wage", "salary",
               "rent", "lease", "tenancy", "visa", "funding", "scholarship", "bursary", "team", "squad", "lineup",
               "selection", "parole", "probation", "placement", "bonus", "raise", "permit", "card", "evaluation", "hour", "hours",
               "performance", "class", "paper", "papers", "assignment", "assignments", "homework",
               "reference", "priority", "show", "competition", "contest", "audition", "tryout",
               # "I sign his checks", "I write her pass/fail", "I pick the boats"
               "check", "cheque", "paycheck", "paycheque", "pass", "fail", "boat", "crew", "seat", "spot", "sign-off", "signoff",
               "voucher", "review"}
# bodies that decide: whoever sits on or chairs one holds its power
_BODIES = {"panel", "committee", "board", "jury", "tribunal", "council"}
# "do the rota" is control; "do the exam" is not
_DO_OBJECTS = {"rota", "roster", "schedule", "timesheet", "appraisal", "selection", "lineup"}
_POSTER_WORDS = {"i", "we", "me", "my", "our", "us"}


# what a tenant or borrower takes "from" someone
_HIRED = {"rent", "lease", "borrow", "sublet"}
_MONEY = {"money", "cash", "grand", "k", "quid", "buck", "dollar", "pound", "euro", "rand", "naira", "rupee", "loan", "sum", "deposit"}
# places the poster lives in or works from: owned by the professional, they make a landlord
_DWELLINGS = {"flat", "house", "place", "apartment", "duplex", "unit", "cottage", "room", "home", "bungalow", "condo", "townhouse",
              "caravan", "trailer", "farm", "farmhouse", "paddock", "land", "field", "shop", "premises", "building", "studio"}


def _amount(tok: Token) -> bool:
    """'5000', '$4k', '15k': a sum written as a number ("two grand" is in _MONEY)."""
    text = tok.lower_.lstrip("$£€")
    return tok.like_num or (text[:-1].replace(",", "").replace(".", "").isdigit() and text.endswith("k"))


def _poster_home(verb: Token) -> Token | None:
    """The place the poster lives in or rents that "own" names: "owns the
    duplex I rent", "owns our flat"."""
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _DWELLINGS):
        if any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in obj.children):
            return obj
        for clause in (c for c in obj.children if c.dep_ == "relcl" and c.lemma_.lower() in ("rent", "lease", "live", "stay", "farm", "run")):
            if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in clause.children):
                return obj
    return None


def _control_cues(doc: Doc) -> list[Span]:
    """"she writes my appraisal", "I sign his timesheets", "decides whether she
    gets a training contract", "the captain who picks the relay teams"."""
    found = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma in _HIRED and verb.pos_ == "VERB" and not _denied_control(verb):
            # "one family rents their farmhouse from me": the poster is their landlord
            # ("rents the flat above my practice from me": the parser may hang "from" on the flat)
            lender = next((g for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "from" and c.i - verb.i <= 8
                           for g in c.children if g.dep_ == "pobj"), None)
            # borrowing counts only for money: "borrowed a ladder from me" is no debt
            money = lemma != "borrow" or any(c.dep_ == "dobj" and (c.lemma_.lower() in _MONEY or _amount(c) or any(_amount(g) for g in c.children)) for c in verb.children)
            if lender is not None and lender.lower_ in ("me", "us") and money:
                found.append(Span(doc, verb.i, lender.i + 1, label="power", kb_id="power_by_poster"))
            continue
        if lemma == "own" and verb.pos_ == "VERB" and not _denied_control(verb):
            home = _poster_home(verb)
            if home is not None and not first_person_subject(verb):
                # "he owns the duplex I rent", "the shul owns our flat": the poster's landlord
                found.append(Span(doc, verb.i, home.i + 1, label="power", kb_id="power_over_poster"))
            continue
        if verb.pos_ not in ("VERB", "AUX") or lemma not in _CONTROL_VERBS or _denied_control(verb):
            continue
        objects = [
            c for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass") and (
                c.lemma_.lower() in _CONTROLLED
                or (c.dep_ == "dobj" and any(g.dep_ == "compound" and g.lemma_.lower() in _CONTROLLED for g in c.children))  # "her funding renewal"
                # "I'm the one writing his reports" (probation, parole); not "a report for the GP"
                or (c.lemma_.lower() == "report" and any(g.dep_ == "poss" and g.lower_ in ("his", "her", "their", "my") for g in c.children))
            )
        ]
        # a review is power only as the job's review: "writes my annual review", not "writing up her review" of a case
        objects = [o for o in objects if o.lemma_.lower() != "review" or any(c.lower_ in _JOB_REVIEWS for c in o.children)]
        if not objects:
            # "the Year 12 class I teach and mark": the object is the relative clause's antecedent
            clause = verb if verb.dep_ == "relcl" else verb.head if verb.dep_ == "conj" and verb.head.dep_ == "relcl" else None
            if clause is not None and clause.head.lemma_.lower() in _CONTROLLED:
                objects = [clause.head]
        seat = None
        if not objects and verb.dep_ == "relcl" and verb.head.lemma_.lower() in _BODIES:
            # "I'm on the panel that marks the solo", "I chair the committee that
            # picks which kids get in": the member holds the power, whatever is decided
            seat = _member(verb.head)
            objects = [verb.head] if seat is not None else []
        if lemma in ("do", "run", "make"):
            objects = [o for o in objects if o.lemma_.lower() in _DO_OBJECTS]
        elif lemma == "set":  # "I set her hours and pay"; not "set the exam"
            objects = [o for o in objects if o.lemma_.lower() in _DO_OBJECTS | {"hour", "hours", "pay", "wage", "salary", "rent", "shift", "boat", "seat", "lineup"}]
        if lemma == "recommend":
            objects = []  # "I'd recommend a pilates class": advice; only "recommends whether ..." decides
        if lemma in _CHOOSING and not objects:
            # "decides whether she gets...", "decides who plays", "recommends whether her voucher gets renewed"
            asked = ("whether", "if", "who", "which") if lemma == "decide" else _CHOSEN_PEOPLE
            objects = [c for c in verb.children if c.dep_ == "ccomp" and any(m.lower_ in asked for m in c.subtree)]
        if not objects:
            continue
        obj = objects[0]
        holder = seat or _holder(verb)
        owner = next((c.lower_ for c in obj.children if c.dep_ == "poss"), None)
        if owner is None and obj.head.dep_ == "prep" and first_person_subject(obj.head.head):
            owner = "my"  # "I'm on a visa sponsored by the company": the poster's visa
        if lemma in _CHOOSING and obj.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in obj.children):
            owner = "my"  # "the coach, who decides whether I start"
        if holder in _POSTER_WORDS:
            kind = "power_by_poster"
        elif owner in _POSTER_WORDS:
            kind = "power_over_poster"
        else:
            kind = "power"
        end = obj.i + 1 if obj.dep_ != "ccomp" else min(verb.i + 4, obj.right_edge.i + 1)
        if seat is not None:
            end = min(verb.i + 3, verb.right_edge.i + 1)  # "the panel that marks the solo"
        start = min(verb.i, obj.left_edge.i)
        found.append(Span(doc, start, max(end, verb.i + 1), label="power", kb_id=kind))
    return found


_ENDED = ("used to", " ago", "back in uni", "back in school", "back in college", "back in the day", "back in 19", "back in 20", "no longer", "anymore", "any more", "paid it back", "paid it off", "paid him back",
          "paid her back", "paid back", "paid off", "former", "formerly", "old boss", "old landlord", "old coach",
          "moved out", "all settled", "long gone")


def _tie_ended(tie: Tie) -> bool:
    """'my old boss', 'a former tenant of mine', 'I was her boss ... That was a decade ago'."""
    return any(t.lower_ in ("former", "ex", "old", "previous", "past") for t in tie.evidence) or _power_ended(tie.span)


def _power_ended(span: Span) -> bool:
    """Power that is over: told in its own sentence, or in a short next one that
    looks back ("That was over a decade ago")."""
    sents = [span.sent]
    nxt = span.doc[span.sent.end : span.sent.end + 1]
    if len(nxt) and nxt[0].lower_ in ("that", "it", "this") and nxt[0].sent.end - nxt[0].sent.start <= 12:
        sents.append(nxt[0].sent)
    text = " " + " ".join(s.text.lower() for s in sents) + " "
    if _STILL_OWED.search(text):
        return False  # "he's still paying me back", "hasn't paid back a cent yet."
    if any(marker in text for marker in _ENDED):
        return True
    # "... borrowed a few hundred dollars from me. He paid it back years ago."
    if len(nxt) and nxt[0].lower_ in ("he", "she", "they"):
        told_next = " " + nxt[0].sent.text.lower() + " "
        return " still " not in told_next and any(m in told_next for m in _PAID_BACK)
    return False


_PAID_BACK = ("paid it back", "paid me back", "paid it off", "paid back", "paid off", "repaid")


_STILL_OWED = re.compile(r"\b(still|yet)\b|(n't|\bnot|\bnever) (been )?paid\b")


# what one says when nothing in particular is named: "say anything", "say a word"
_NOTHING_IN_PARTICULAR = {"anything", "something", "nothing", "word", "it", "that", "this", "so", "much"}


def _nothing_named_told(span: Span) -> bool:
    """'didn't say anything', 'can't tell her', 'brought it up': a telling with
    no content named (not "tell her when I skip doses", "mention the cash jobs",
    "say anything real")."""
    verb = next((t for t in span if t.lemma_.lower() in _SPEECH), None)
    if verb is None:
        return False
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl", "prep") and c.i >= verb.i:
            return False  # "tell her I don't understand", "tell her about ...", "tell her in session how ..."
        if c.dep_ == "dobj" and (c.lower_ not in _NOTHING_IN_PARTICULAR or any(g.dep_ in ("amod", "relcl", "prep") for g in c.children)):
            return False  # "mention her son's bedwetting", "say anything real"
    return True


def _telling_about(span: Span) -> Span | None:
    """What a dreaded telling is about: "nervous to tell me about problems in her
    marriage" -> "about problems in her marriage", "nervous to get into her
    drinking" -> "into her drinking" (None when it names nothing)."""
    doc = span.doc
    # the verb may sit just past the cue ("nervous to get into her drinking")
    for verb in doc[span.start : min(span.end + 2, len(doc))]:
        lemma = verb.lemma_.lower()
        into = lemma in ("get", "go") and (span.start <= verb.i < span.end or verb.head.i in range(span.start, span.end))
        if lemma in ("tell", "talk", "say", "mention", "bring", "share", "admit") or into:
            wanted = "into" if into else "about"
            for about in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == wanted):
                told = [o for o in about.children if o.dep_ in ("pobj", "pcomp")]
                # "go into the hospital", "get into the office": a place, not a topic
                if told and not any(o.lemma_.lower() in _PLACES for o in told):
                    return doc[about.i : about.right_edge.i + 1]
    return None


# where one goes into, or a state one enters ("go into labour", "into debt"), not what one tells
_PLACES = {"hospital", "office", "clinic", "surgery", "room", "building", "house", "home", "town", "city", "work", "school",
           "car", "shop", "store", "practice", "ward", "unit", "theatre", "theater", "labour", "labor", "debt", "business"}
# fear of the telling itself: "nervous to get into her drinking" (not "I have to go into the office")
_AFRAID = {"nervous", "scared", "afraid", "terrified", "anxious", "worried", "frightened"}


# what a boss does to put the work on the professional
_ASKING = {"ask", "want", "beg", "push", "expect", "insist", "sign", "send", "book"}


def _asks_for_service(person: Token) -> bool:
    """The poster's boss asking for the work on someone or something of their
    own: the subject of "ask", "want", "sign up", ... with "his son", "her
    daughter", "his bathroom" in the request. Not a title of staff ("our
    office manager") nor a case handed on ("my manager wants to keep it with me")."""
    verb = person.head
    if person.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in _ASKING or any(c.dep_ == "compound" for c in person.children):
        return False
    asked = [t for t in verb.subtree if not (person.left_edge.i <= t.i <= person.right_edge.i)]
    relatives = {s.root.i for s in person.doc.spans[SPANS_KEY] if s.label_ == "relationship"}
    # "his son", "her daughter", "his bathroom"; not "cover her shift" (the job itself)
    return any(t.lower_ in ("his", "her") and t.dep_ == "poss" and (t.head.i in relatives or t.head.lemma_.lower() in _OWN_THINGS)
               for t in asked)


# what a boss may own and want worked on, beside their relatives
_OWN_THINGS = {"bathroom", "kitchen", "house", "home", "roof", "deck", "garden", "yard", "car", "taxes", "return", "books", "will",
               "wedding", "teeth", "dog", "cat", "horse", "pet", "account", "accounts", "portfolio", "lease", "divorce", "case"}


_DECIDERS = {"head", "coach", "manager", "professor", "panel", "committee", "board", "principal", "headteacher", "selector",
             "director", "dean", "owner", "boss", "chair", "council", "club", "federation", "judge", "examiner", "department"}
_NO_SAY = ("no say", "zero input", "no input", "n't get a vote", "no vote", "not on the panel", "i'm not on it", "no power over",
           "not in her line management", "not in his line management", "no control over", "no part in")


def _someone_elses_power(span: Span) -> bool:
    """In a professional's post, power that is not theirs: decided "by the head
    coach", held by "the manager", said to be none of theirs ("I have zero
    input"), or held over the poster ("he decides whether my contract is renewed")."""
    verb = span.root if span.root.pos_ in ("VERB", "AUX") else next((t for t in span if t.pos_ == "VERB"), None)
    text = span.sent.text.lower()
    if any(p in text for p in _NO_SAY):
        return True
    if verb is None:
        return False
    for c in verb.children:
        if c.dep_ == "agent" and any(g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN") for g in c.children):
            return True  # "is decided entirely by the head coach"
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subj = verb.head
        if subj.dep_ in ("dobj", "pobj"):
            return False  # "asked to join the panel that decides": the poster sits on it
    # "the manager picks the team", "the head does all her appraisals"
    return subj is not None and subj.dep_ != "nsubjpass" and subj.pos_ in ("NOUN", "PROPN") and subj.lemma_.lower() in _DECIDERS


def _teaches_a_school_subject(tok: Token) -> bool:
    """"I teach year 11 chemistry" (not "I teach piano", "I don't teach at his school")."""
    if tok.lemma_ != "teach" or tok.pos_ != "VERB" or not first_person_subject(tok) or any(c.dep_ == "neg" for c in tok.children):
        return False
    # what follows the verb, read on the surface: the parser often loses "year 11 chemistry"
    taught = []
    for t in tok.doc[tok.i + 1 : tok.i + 5]:
        if t.is_punct or t.pos_ in ("CCONJ", "ADP", "VERB", "AUX"):
            break
        taught.append(t)
    return any(t.lemma_.lower() in _ACADEMIC or (t.lower_ in ("year", "grade") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].like_num) for t in taught)


def _agent_not_poster(span: Span) -> bool:
    """A passive power cue whose "by ..." names someone other than the poster:
    "sponsored by her old employer" (not "by our firm", "by me")."""
    for tok in span:
        for c in tok.children:
            if c.dep_ == "agent":
                words = [t.lower_ for g in c.children if g.dep_ == "pobj" for t in g.subtree]
                return bool(words) and not any(w in _POSTER_WORDS or w in ("my", "our") for w in words)
    return False


def _over_the_poster(span: Span) -> bool:
    """A deciding verb whose object is the poster's own ("decides whether my
    contract gets renewed"), with someone else deciding."""
    verb = next((t for t in span if t.pos_ == "VERB" and t.lemma_.lower() in _CONTROL_VERBS), None)
    if verb is None:
        # "sits on the committee that renews my contract": the deciding is in the relative clause
        verb = next((c for t in span for c in t.children if c.dep_ == "relcl" and c.pos_ == "VERB"), None)
    if verb is None:
        return False
    subj = _nearest_subject(verb)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "I'm on a work visa sponsored by the company I work for"
        up = verb_above(verb)
        if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in up.children):
            return True
    # "which of my clients get contracts" is the clients', not the poster's
    return (subj is None or subj.lower_ not in ("i", "we")) and any(
        t.lower_ in ("my", "me") and not span.start <= t.i < span.end and not (t.lower_ == "my" and t.head.lemma_.lower() in _SERVED_PEOPLE)
        for t in verb.subtree
    )


_SERVED_PEOPLE = SERVICE_WORDS | {"player", "athlete", "swimmer", "trainee", "kid", "member"}


def _named_holder(verb: Token, reading: Reading) -> bool:
    """The power's holder is another professional named in the story ("the
    head coach picks the squad"), not the poster ("the person who marks her
    essays" may well be them) and not the professional of the story."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subj = verb.head
    if subj is None:
        return False
    pro = reading.professional
    if pro is not None and pro.start <= subj.i < pro.end:
        return False
    return any(s.label_ == "profession" and s.start <= subj.i < s.end for s in verb.doc.spans[SPANS_KEY])


# believing or remarking, not talking to someone ("families will only talk to
# her") or knowing ("everyone knows everyone")
_TALK_VERBS = {"think", "assume", "suspect", "say", "notice", "gossip", "joke", "whisper", "mutter", "wonder",
               "reckon", "spread", "comment", "moan", "grumble", "complain", "tell"}
# talk that is gossip only about the arrangement ("the whole unit is talking
# about it") or with no object at all ("people talk"), never talk to someone
_CHATTER = {"talk", "buzz", "chatter"}
_ABOUT_IT = {"it", "this", "that", "us", "them", "him", "her"}
# knowing is gossip only in the future: "everyone would know by Sunday"
_WILL = {"will", "would", "'ll", "'d", "wo"}
_ONLOOKERS = {"everyone", "everybody", "people", "others", "colleague", "parent", "neighbour", "neighbor", "staff", "customer",
              "patient", "student", "member", "town", "village", "congregation", "church", "rest", "coworker", "co-worker",
              "client", "regular", "family", "mum", "mom", "team", "office", "parish", "ward", "school",
              "guy", "folk", "auntie", "aunty", "lady", "tech", "nurse", "teammate", "classmate"}
_ON_THE_WAY = {"go", "start", "begin", "be"}  # "is going to assume", "have started saying"
# a singular noun that is a crowd: the place or body stands for its people
# (any of them for gossip, "the unit is talking about it"; the first set for
# the other verbs, where "the clinic says" is the clinic's word)
_ONLOOKING_PLACES = {"everyone", "everybody", "people", "rest", "town", "village", "office", "parish", "ward", "church", "school",
                     "staff", "team", "family", "congregation"}
_CROWDS = _ONLOOKING_PLACES | {"unit", "floor", "department", "neighbourhood", "neighborhood", "street", "building", "club",
                               "gym", "studio", "practice", "clinic", "firm", "campus", "community", "city"}
_OWN_PEOPLE = {"family", "mum", "mom", "parent"}  # "my family thinks": the poster's own, not onlookers


def _crowd(tok: Token | None, places: bool = False) -> bool:
    """A subject that stands for onlookers: "people", "the other parents", "the
    whole unit" ("whole" makes any place its people); with `places`, a place
    alone ("the clinic is talking about it")."""
    if tok is None or tok.lower_ in ("nobody", "noone") or any(c.lower_ in ("no", "nobody", "you", "u", "ya", "y'all") for c in tok.children):
        return False  # "what do you guys think" asks the server
    if tok.lemma_.lower() in _OWN_PEOPLE and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children):
        return False
    if any(c.dep_ == "amod" and c.lower_ in ("whole", "entire") for c in tok.children):
        return True
    if places and tok.lower_ in _CROWDS:
        return True
    return tok.lemma_.lower() in _ONLOOKERS and (tok.tag_ in ("NNS", "NNPS") or tok.lower_ in _ONLOOKING_PLACES)


def _gossip_verb(verb: Token) -> bool:
    """Talk about the arrangement, not to someone ("is talking about it",
    "people talk"), or knowing it soon ("everyone would know")."""
    lemma = verb.lemma_.lower()
    if lemma in _CHATTER:
        preps = [c for c in verb.children if c.dep_ == "prep"]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        if objects or any(p.lower_ not in ("about", "over") for p in preps) or any(c.dep_ == "advcl" for c in verb.children):
            return False  # "the street is buzzing because his wife ...": talk about something else
        return all(any(g.lower_ in _ABOUT_IT for g in p.children if g.dep_ == "pobj") for p in preps)
    if lemma == "know":
        # "will know", or "is going to know" / "gonna know" with "know" under "going"
        soon = any(c.dep_ == "aux" and c.lower_ in _WILL for c in verb.children) or (
            verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "go" and verb.head.tag_ == "VBG")
        return soon and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.lower_ not in _ABOUT_IT for c in verb.children)
    return False


def _others_talking(doc: Doc) -> list[Span]:
    """Other people thinking or saying things about the arrangement ("everyone at
    church assumes", "the other parents are muttering", "telling everyone at our
    club", "the whole unit is talking about it", "everyone would know by
    Sunday"), unless denied ("nobody has said a word")."""
    out = []
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        # the cheap word test first: the denial walk only for verbs of talk
        if (lemma not in _TALK_VERBS and not _gossip_verb(verb)) or _denied(verb) is not None:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ON_THE_WAY:
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)  # "everybody is going to assume"
        dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        crowd = None
        if dobj is not None and dobj.lower_ in ("everyone", "everybody", "others") and lemma in ("tell", "spread"):
            crowd = dobj  # "telling everyone we're an item"
        elif _crowd(subj, places=lemma not in _TALK_VERBS):
            crowd = subj
        if lemma == "tell" and crowd is subj:
            continue  # "the family told me" reports; "telling everyone" spreads it
        if any(c.dep_ in ("advmod", "mark") and c.lower_ == "when" for c in verb.children):
            continue  # "when people say lawyers shouldn't act for family": a saying quoted, not talk about this case
        if crowd is None:
            continue
        if any(c.dep_ == "dobj" and c.lower_ == "whatever" for c in verb.children):
            continue  # "agrees with whatever the family says", "whatever people say, I think it's fine"
        out.append(Span(doc, min(crowd.left_edge.i, verb.i), verb.i + 1, label="fairness", kb_id="perception"))
    return out


_WATCHING = {"see", "watch", "notice", "clock", "spot", "talk", "gossip", "judge"}


def _watched(doc: Doc) -> list[Span]:
    """A whole place looking on: "the whole village will watch me go up those
    stairs", "the whole cul-de-sac seeing his car outside mine", "everybody sees
    who's in there"; not "everyone knows everyone", which tells a small place."""
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _WATCHING or _denied(verb) is not None:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        whole = any(c.lower_ == "whole" for c in subj.children) and not any(c.dep_ == "poss" for c in subj.children)
        everyone = subj.lower_ in ("everybody", "everyone")
        if not (whole or everyone):
            continue  # ("my whole family knows": the poster's own)
        told = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp", "prep")]
        if not told or any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or c.lower_ in ("him", "her", "them", "everyone", "everybody")) for c in told):
            continue  # "everyone sees her": everyone is her client; "everyone knows everyone": a small place
        if everyone and not any(c.dep_ in ("ccomp", "xcomp") for c in told):
            continue  # "everyone sees me at the market" tells a small place; "everybody sees who's in there" looks on
        out.append(Span(doc, min(subj.left_edge.i, verb.i), verb.i + 1, label="fairness", kb_id="perception"))
    return out


def _service_came_first(doc: Doc, reading: Reading) -> bool:
    """The romance began inside the service: "he was my trainer first",
    "we got together four months into our sessions"."""
    pro = reading.professional
    for tok in doc:
        if tok.lower_ == "first" and tok.dep_ == "advmod" and tok.head.lemma_ == "be":
            attr = next((c for c in tok.head.children if c.dep_ == "attr"), None)
            # "he was my trainer first", "she was my patient first"
            if attr is not None and (attr.lower_ in SERVICE_WORDS or (pro is not None and attr.lemma_.lower() == pro.root.lemma_.lower())):
                return True
        if tok.lower_ == "into" and tok.i > 0 and doc[tok.i - 1].lemma_.lower() in ("month", "week", "session", "year", "way"):
            # "four months into our sessions", "halfway into treatment"
            if any(c.dep_ == "pobj" and c.lemma_.lower() in _SERVICE_STRETCHES for c in tok.children):
                return True
    return False


_SERVICE_STRETCHES = {"session", "treatment", "therapy", "training", "lesson", "course", "case", "appointment", "care"}


def _romance_target(span: Span) -> bool:
    """The cue names who a romance word is aimed at: "asked out one of the other
    mums", "dating one of the other parents"."""
    tok = span.root
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in ("one", "some", "any"):
        tok = tok.head.head
    if tok.dep_ not in ("dobj", "pobj"):
        return False
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    return any(r.label_ == "romance" and r.start <= verb.i < r.end for r in span.doc.spans[SPANS_KEY])


def _fairness_lookalike(span: Span) -> bool:
    doc = span.doc
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    last = span[-1].lower_
    return (
        (last == "unfair" and nxt in ("dismissal", "-"))
        or (last == "family" and nxt in ("law", "lawyer", "lawyers", "court"))
        or (last == "eyebrows" and prev in ("my", "her", "his", "their", "your"))
        or (last == "free" and prev == "interest")
        or (span.text == "Free" and nxt in ("state", "church", "kirk", "port", "town"))  # "the Free State", "the Free Church"
        # "the free health clinic at the gurdwara": free to everyone who comes
        or (last == "free" and span[-1].dep_ == "amod" and _named_thing(span[-1].head).lemma_.lower() in _OPEN_TO_ALL)
        or (last == "fair" and prev in _FAIRS)
    )


# "the county fair", "a job fair": the event, however the tagger reads it
_FAIRS = {"county", "state", "country", "fun", "trade", "job", "craft", "book", "science", "careers", "career", "agricultural", "summer", "village", "christmas", "wedding", "health"}
# places and services free to all comers
_OPEN_TO_ALL = {"clinic", "helpline", "hotline", "centre", "center", "camp", "drop-in", "service", "event", "day", "workshop", "seminar", "webinar"}


def _named_thing(noun: Token) -> Token:
    """The noun a compound belongs to: "health" in "health clinic" is the clinic."""
    while noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head
    return noun


_ALIKE_FILLERS = {"all", "every", "any", "my", "our", "the", "just", "of", "her", "his"}
_ORDINARY = {"normal", "usual", "regular", "standard", "ordinary"}  # not "same": "the same discount" is still a discount


def _treated_alike(span: Span) -> bool:
    """'same fees as all my other clients', 'waited in the queue like everyone
    else', 'my normal waitlist': the words of fairness used to say the person is
    treated like the rest, which is the opposite of preferential treatment."""
    doc = span.doc
    if span[0].lower_ != "half" and any(c.dep_ == "amod" and c.lower_ in _ORDINARY for c in span.root.children):
        return True  # "he'd go through my normal waitlist"; not "half her usual commission"
    if span[0].lower_ == "like":  # the cue itself may start with the comparison
        return _likened(span[0])
    i = span.start - 1
    while i >= span.sent.start and span.start - i <= 3 and doc[i].lower_ in _ALIKE_FILLERS:
        i -= 1
    if i < span.sent.start:
        return False
    if doc[i].lower_ == "like":
        return _likened(doc[i])
    return doc[i].lower_ == "as" and any(t.lower_ == "same" for t in doc[span.sent.start : i])


def _offered_to_all(span: Span) -> bool:
    """The favour's sentence (or the next one) says everyone gets it: "for anyone
    who walks in", "every student gets one", "no exceptions" (with no "but"),
    "he got seen in order"; not "like every other client", which as often sets a favour asked
    for against the rule ("gets salty when I make her book like every other client")."""
    doc = span.doc
    for own, part, toks in _sentence_and_next(span):
        words = [t.lower_ for t in toks]
        for k, (a, b) in enumerate(zip(words, words[1:])):
            c = words[k + 2] if k + 2 < len(words) else ""
            if own and a in ("for", "to") and b in _EVERYONE and c == "who":
                return True  # "a free screen for anyone who walks in"
            if own and a == "every" and toks[k + 1].lemma_.lower() in _SERVED_PEOPLE and c in ("gets", "get", "pays", "pay"):
                return True  # "every student gets one free makeup lesson"
            if (a, b) == ("no", "exceptions") and not any(w in ("but", "except", "although", "though") for w in words):
                return True  # not "no exceptions on late fees, but I waived it for my best friend"
            if (a, b) == ("in", "order") and k > 0 and words[k - 1] in _QUEUED:
                return True  # "he got seen in order", "got his spot in order"; not "the paperwork was in order"
    return False


# what is done "in order" in a queue
_QUEUED = {"seen", "served", "taken", "called", "booked", "spot", "turn", "place", "slot", "waited", "wait"}


def _waved_price(span: Span) -> bool:
    """'waved off half the price'"""
    return span.root.lemma_.lower() == "wave" and any(
        t.lemma_.lower() in ("price", "fee", "bill", "cost", "charge", "invoice") for t in span.doc[span.end : span.end + 4])


def _thing_depends(span: Span) -> bool:
    subj = clause_subject(span.root)
    return subj is not None and (subj.lower_ in ("it", "that", "this", "everything", "which") or (
        subj.pos_ == "NOUN" and not any(s.start <= subj.i < s.end for s in span.doc.spans[SPANS_KEY] if s.label_ in ("relationship", "profession", "client"))
        and subj.lemma_.lower() not in _DEPENDING_PEOPLE))


# (named apart from the _PERSON_NOUNS further down, which used to shadow it)
_DEPENDING_PEOPLE = {"man", "woman", "guy", "girl", "boy", "lady", "bloke", "person", "kid", "child", "family", "people", "tenant", "worker", "he", "she"}


_MOODS = {"annoyed", "annoy", "jealous", "vexed", "resent"}
_QUEUE_WORDS = {"waitlist", "list", "queue", "line"}


_HANDING = {"hand", "pass", "refer", "send", "transfer", "give", "move", "switch", "shift"}


def _at_the_poster(span: Span) -> bool:
    """"he's getting annoyed with me": one person cross with the poster (not
    "my colleagues are annoyed with me", onlookers)."""
    subj = clause_subject(span.root)
    one = subj is not None and not list(subj.conjuncts) and (subj.lower_ in ("he", "she") or (subj.tag_ == "NN" and not _crowd(subj)))
    return one and any(t.lower_ in ("with", "at") and t.i + 1 < len(t.doc) and t.nbor(1).lower_ in ("me", "us")
                       for t in span.doc[span.end - 1 : span.end + 2])


def _handed_over_to(span: Span) -> bool:
    """"hand him to the other coach", "pass her to one of the other guys"."""
    head = span.root.head
    if head.lower_ == "of" and head.head.lower_ == "one":
        head = head.head.head  # "to one of the other guys"
    verb = head.head
    handed = next((c for c in verb.children if c.dep_ == "dobj"), None)  # a person handed on, not "send them (listings)"
    return head.lower_ == "to" and verb.lemma_.lower() in _HANDING and handed is not None and (
        handed.lower_ in ("him", "her") or handed.lemma_.lower() in ("client", "patient", "student", "kid", "case", "son", "daughter", "booking")
        # "pass it to one of the other artists": the booking passed on
        or (handed.lower_ == "it" and verb.lemma_.lower() in ("pass", "hand")))


def _ordinary_turn(doc: Doc) -> bool:
    """'in the normal order', 'in the usual order': a place in the queue like anyone's."""
    return any(
        t.lemma_.lower() == "order" and t.dep_ == "pobj" and t.head.lower_ == "in"
        and any(c.dep_ == "amod" and c.lower_ in _ORDINARY | {"same"} for c in t.children)
        for t in doc
    )


def _for_everyone_else(span: Span) -> bool:
    """'I never do for anyone else': what the rest do not get."""
    after = span.doc[span.end : span.end + 4]
    return len(after) >= 3 and after[0].lower_ == "for" and after[1].lower_ in ("anyone", "everyone", "anybody", "everybody", "nobody", "no") and after[2].lower_ in ("else", "one")


def _likened(like: Token) -> bool:
    """'like everyone else' compares; 'it looks like favouritism' and 'not like
    his other clients' say the opposite."""
    if like.i + 1 < len(like.doc) and like.doc[like.i + 1].like_num:
        return False  # "knocks like 70% off": a hedge on the number, no likeness
    if like.i == like.sent.start:
        return True
    before = like.doc[like.i - 1]
    return not (before.lemma_.lower() in ("look", "seem", "feel", "sound", "not") or before.lower_ == "n't")


_DEBT_WORDS = {"owe", "indebted", "obligated", "obliged"}
_GIFT_OBJECTS = {"it", "them", "gift", "gifts", "voucher", "card", "money", "cash", "envelope", "present", "bag"}


def _gift_returned(doc: Doc) -> bool:
    """'I gave it straight back', 'mailed it back with a note', 'returned the
    voucher', 'politely declined it': the gift was refused."""
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not any(o.lemma_.lower() in _GIFT_OBJECTS for o in objects) or any(c.dep_ == "neg" for c in tok.children):
            continue  # "I haven't returned it" kept the gift
        back = any(c.lower_ == "back" and c.dep_ in ("prt", "advmod") for c in tok.children)
        if (back and tok.lemma_.lower() in ("give", "hand", "send", "mail", "post", "pay", "take")) or tok.lemma_.lower() in ("return", "refuse", "decline"):
            return True
    return False


def _nobody_minds(span: Span) -> bool:
    """'Honestly nobody in the parish would care or gossip about it'."""
    before = [t.lower_ for t in span.sent if t.i < span.start]
    return "nobody" in before or "noone" in before or any(a == "no" and b == "one" for a, b in zip(before, before[1:]))


_REMARKS = {"make", "comment", "clock"}
_PAYING = {"pay", "charge", "owe", "bill", "cost", "give"}
_LIVELIHOOD = {"job", "license", "licence", "career", "contract", "position", "check", "paycheck", "income", "livelihood"}


def _one_remarker(span: Span) -> bool:
    """"he makes little comments", "not sure she clocked that it's me": one
    person in the story remarking to the poster, not onlookers talking."""
    verb = next((t for t in span if t.lemma_.lower() in _REMARKS and t.pos_ == "VERB"), None)
    subj = clause_subject(verb) if verb is not None else None
    # "she makes little comments about it at handover" is a colleague on the arrangement
    about_it = any(t.lower_ == "about" for t in span.doc[span.end : span.end + 2])
    return subj is not None and subj.lower_ in ("he", "she") and not about_it


def _beside_poster(span: Span) -> bool:
    """"me and my apprentice", "just me and two nurses": named beside the poster."""
    root = span.root
    return root.dep_ == "conj" and root.head.lower_ in ("me", "i", "myself")


def _stranded_ask_for(span: Span) -> bool:
    """'veneers I didn't ask for': a request left out, not a question."""
    doc = span.doc
    for t in span:
        if t.lemma_ == "ask" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "for":
            return not any(c.dep_ == "pobj" for c in doc[t.i + 1].children)
    return False


def _own_child_served(reading: Reading) -> bool:
    return reading.poster_role == "professional" and any(
        t.relevant and t.owner == "poster" and len(t.chain) == 1 and t.span.root.lemma_.lower() in ("son", "daughter", "kid", "child", "boy", "girl")
        for t in reading.ties
    )


def _shared_seat(span: Span) -> bool:
    """'sits on the shul board with me', 'I sit on the board with her husband':
    two members of one body, neither holding the other's fate."""
    if not any(t.lemma_.lower() in _BODIES for t in span):
        return False
    verb = span.root if span.root.pos_ in ("VERB", "AUX") else span.root.head
    people = {s.root.i for s in span.doc.spans[SPANS_KEY] if s.label_ == "relationship"}
    return any(
        c.dep_ == "prep" and c.lower_ == "with" and any(o.dep_ == "pobj" and (o.pos_ in ("PRON", "PROPN") or o.i in people) for o in c.children)
        for c in verb.children
    )


def _member(body: Token) -> str | None:
    """Who sits on, chairs or is on a body: "I'm also on the panel", "I chair
    the allocations panel", "she sits on the board"; None if the text does not say."""
    verb = body.head.head if body.dep_ == "pobj" and body.head.lower_ in ("on", "of") else body.head if body.dep_ == "dobj" else None
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj.lower_ if subj is not None else None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject nearest before it, else its first subject: a
    parenthesis ("One of the nurses (..., I sign off on her evals)") can hang
    two on one verb."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0] if subjects else None)


def _holder(verb: Token) -> str | None:
    """The subject of a verb, as a lower-cased word; "I'm the captain who
    picks the team" gives "i"."""
    tok = verb
    for _ in range(3):
        subj = _nearest_subject(tok)
        if subj is not None:
            if subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                antecedent = tok.head
                if antecedent.dep_ == "attr":
                    outer = next((c for c in antecedent.head.children if c.dep_ == "nsubj"), None)
                    return outer.lower_ if outer is not None else None
                return antecedent.lower_
            return subj.lower_
        if tok.dep_ != "conj" or tok.head == tok:
            return None
        tok = tok.head
    return None


# Objecting, refusing, questioning: when the text says someone cannot or dares
# not, it is pressure (labels.md: "can't say no", "fears consequences")
_OBJECTING = {"refuse", "decline", "question", "disagree", "complain", "object", "argue", "challenge", "contradict", "cancel", "quit"}
_UNEASE = {"awful", "bad", "rude", "weird", "guilty", "wrong", "awkward", "scared", "afraid", "nervous", "worried", "terrified", "frightened"}


def _unvoiced_objections(doc: Doc) -> list[Span]:
    """"can't exactly say no", "don't feel like I can refuse", "I'd feel awful
    questioning anything he recommends", "too scared to complain"."""
    found = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        says_no = lemma in ("say", "tell") and any(c.lower_ == "no" for c in tok.children)
        pushes_back = lemma == "push" and any(c.lower_ == "back" for c in tok.children)
        if tok.pos_ != "VERB" or not (lemma in _OBJECTING or says_no or pushes_back):
            continue
        modal = any(c.dep_ == "aux" and c.lemma_.lower() in ("can", "could", "dare") for c in tok.children)
        negated = any(c.dep_ == "neg" for c in tok.children)
        head = tok.head
        hedged = head.lemma_ in ("feel", "think") and any(c.dep_ == "neg" for c in head.children) and modal
        uneasy = tok.dep_ in ("xcomp", "advcl", "acl") and (
            head.lemma_.lower() in _UNEASE
            or any(c.dep_ == "acomp" and c.lemma_.lower() in _UNEASE for c in head.children)
        )
        if (modal and negated) or hedged or uneasy:
            start = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("aux", "neg")])
            found.append(Span(doc, start, tok.i + 1, label="pressure", kb_id="unvoiced_objection"))
    return found


_FAR = {"km": 20, "kms": 20, "kilometres": 20, "kilometers": 20, "mile": 15, "miles": 15, "hour": 1, "hours": 1, "hrs": 1, "minutes": 60, "minute": 60, "mins": 60, "min": 60}
_ONLY = {"only", "sole", "nearest", "closest", "next", "nobody", "nowhere"}


_LANGUAGE_ENDINGS = ("ish", "ese", "ic", "sh", "i", "og", "ka")


def _language_insiders(doc: Doc) -> list[Span]:
    """A people known by its language, wanting a provider who speaks it: "only
    want someone who speaks Hakka", "not one of them works in Welsh"."""
    found = []
    for tok in doc:
        if tok.lemma_.lower() not in ("speak", "work", "counsel", "practise", "practice", "grieve", "talk"):
            continue
        # "speaks Hakka"; "works in Welsh", but not "works in Leeds": after "in", a
        # language's usual ending
        tongue = next((c for c in tok.children if c.dep_ == "dobj" and c.is_title and not c.is_sent_start), None) or next(
            (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
             if g.dep_ == "pobj" and g.is_title and g.lower_.endswith(_LANGUAGE_ENDINGS)), None)
        if tongue is None:
            continue
        # the wish or the lack: "only", "won't", "not one of them", "can't"
        if any(t.lower_ in ("only", "not", "n't", "never", "nobody", "none") for t in tok.sent):
            found.append(doc[tongue.i : tongue.i + 1])
    return found


def _named_communities(doc: Doc) -> list[Span]:
    """"our Eritrean community", "the Tongan diaspora": a people named by a
    capitalised word before community, whichever people it is."""
    found = []
    for tok in doc:
        if tok.lemma_.lower() not in ("community", "diaspora", "congregation", "people"):
            continue
        names = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.is_title and not c.is_sent_start]
        if names and tok.lemma_.lower() != "people" or (names and any(c.dep_ == "poss" and c.lower_ == "our" for c in tok.children)):
            found.append(doc[names[0].i : tok.i + 1])
    return found


_SMALL_NUMBERS = {"five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "few": 5, "couple": 5}


_PROVIDER_PLURALS = {"surgeries", "practices", "clinics", "pharmacies", "chemists", "dentists", "therapists", "counsellors", "counselors",
                     "gps", "doctors", "lawyers", "solicitors", "attorneys", "firms", "physios", "vets", "psychologists", "accountants",
                     "tutors", "trainers", "gyms", "midwives", "practitioners", "providers", "options", "offices"}


_GONE = {"close", "closed", "shut", "leave", "left", "retire", "retired", "go", "gone", "use", "quit", "move", "waitlist", "waitlists",
         "waiting", "booked", "full"}
_COUNTS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "dozen": 12}


def _several_providers(doc: Doc) -> list[Span]:
    """"there are four GP surgeries and a walk-in centre": three or more providers
    counted, not denied."""
    found = []
    for tok in doc:
        if tok.lower_ not in _PROVIDER_PLURALS or tok.i == 0:
            continue
        num = next((c for c in tok.children if c.dep_ in ("nummod", "amod") and (c.text.isdigit() or c.lower_ in _COUNTS)), None)
        if num is None:
            continue
        value = float(num.text) if num.text.isdigit() else _COUNTS[num.lower_]
        # ("one of three therapists in the county" counts how few there are; "the three
        # doctors who used to work here all left", "with year-long waitlists" are none to go to)
        denied = any(t.dep_ == "neg" or t.lower_ in ("only", "just", "no", "of") for t in doc[max(num.i - 3, tok.sent.start) : num.i]) or any(
            t.lemma_.lower() in _GONE for t in tok.sent)
        if value is not None and value >= 3 and not denied:
            found.append(doc[num.i : tok.i + 1])
    return found


def _close_by(doc: Doc) -> list[Span]:
    """"two big firms in the next town, fifteen minutes away": other providers are near."""
    found = _several_providers(doc)
    for tok in doc:
        if tok.lower_ not in ("minutes", "mins", "minute") or tok.i == 0:
            continue
        num = doc[tok.i - 1]
        digits = num.text
        value = float(digits) if digits.isdigit() else _SMALL_NUMBERS.get(num.lower_)
        after = doc[tok.i + 1 : tok.i + 3]
        if value is not None and value <= 25 and any(t.lower_ in ("away", "drive", "'", "walk", "down") for t in after):
            found.append(doc[num.i : tok.i + 2])
    return found


def _far_to_the_next(doc: Doc) -> list[Span]:
    """"only vet for about 150 km", "the only prescriber within 90 minutes":
    a long way to the next provider, in a sentence that says there is no other."""
    found = []
    for tok in doc:
        unit = tok.lower_
        if unit not in _FAR or tok.i == 0:
            continue
        num = doc[tok.i - 1]
        if num.text == "-" and tok.i > 1:
            num = doc[tok.i - 2]  # "a 90-minute drive"
        if num.lower_ == "of" and tok.i > 1 and doc[tok.i - 2].lower_ in ("hundreds", "dozens", "thousands", "tens"):
            num = doc[tok.i - 2]  # "hundreds of km"
        digits = num.text.replace(",", "")
        value = float(digits) if digits.replace(".", "", 1).isdigit() else (2.0 if num.like_num or num.lower_ in ("a", "an", "few", "several", "many") else 100.0 if num.lower_ in ("hundreds", "dozens", "thousands", "tens") else None)
        if value is None or value < _FAR[unit]:
            continue
        only = next((t for t in tok.sent if t.lower_ in _ONLY and t.i < tok.i and not _plural_only(t)), None)
        if only is not None:
            found.append(doc[only.i : tok.i + 1])
    return found


def _plural_only(tok: Token) -> bool:
    """"the only two", "only one of many": not about a lone provider when negated."""
    return any(c.dep_ == "neg" for c in tok.head.children)


def _only_provider_in_place(doc: Doc) -> list[Span]:
    """"the only child psychologist in our county", "one of two lawyers in town"."""
    found = []
    professions = [s for s in doc.spans[SPANS_KEY] if s.label_ == "profession"]
    for tok in doc:
        one_of_few = tok.lower_ in ("two", "three") and tok.i > 0 and tok.nbor(-1).lower_ == "of"
        if tok.lower_ not in ("only", "sole") and not one_of_few:
            continue
        prof = next((p for p in professions if tok.i < p.start <= tok.i + 4 and p.sent == tok.sent), None)
        if prof is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "one" and professions and professions[0].start < tok.i:
            prof = doc[tok.i + 1 : tok.i + 2]  # "Addiction counselor, and the only one in the county"
        if prof is None:  # "the only pharmacy in our village"
            place = next((t for t in doc[tok.i + 1 : tok.i + 4] if t.lemma_.lower() in _PROVIDER_PLACES), None)
            prof = doc[place.i : place.i + 1] if place is not None else None
        if prof is None:
            continue
        for t in doc[prof.end : min(prof.end + 6, tok.sent.end)]:
            if t.lower_ in _PLACE_WORDS and t.lower_ not in ("community",):
                found.append(doc[tok.i : t.i + 1])
                break
    return found


def _near(a: Span, b: Span, gap: int = 2) -> bool:
    return a.start - gap < b.end and b.start - gap < a.end


def _mentions_poster(span: Span) -> bool:
    """Is the poster the one this cue is about? ("my grades", "I owe him", "gave me")"""
    return any(t.lower_ in ("my", "me", "i", "myself") for t in span) or _subject_is_poster(span)


def _subject_is_poster(span: Span) -> bool:
    """The subject of the cue's clause is the poster ("I", "we")."""
    subj = clause_subject(span.root)
    if subj is None or subj.lower_ == "it":
        # "I'm finding it hard to say no": the one who finds it so
        hard = span.root if span.root.lemma_.lower() in _HARD_WORDS else span.root.head if span.root.dep_ in ("advcl", "xcomp") else None
        if hard is not None and hard.lemma_.lower() in _HARD_WORDS and hard.dep_ in ("ccomp", "xcomp", "oprd", "acomp"):
            subj = next((c for c in hard.head.children if c.dep_ == "nsubj"), subj)
    return subj is not None and subj.lower_ in ("i", "we")


_HARD_WORDS = {"hard", "difficult", "tough", "impossible", "awkward"}


def _poster_is(span: Span) -> bool:
    """'I'm her boss': the relationship noun is the poster's own role."""
    root = span.root
    return root.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in root.head.children)


def _professional_is(span: Span, reading: Reading) -> bool:
    """'he also happens to be her landlord', 'my dentist is also my boss': the
    relationship noun is said of the professional."""
    root = span.root
    if root.dep_ != "attr":
        return False
    verb = root.head
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("happen", "turn", "seem"):
        verb = verb.head  # "happens to be her landlord"
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    pro = reading.professional
    if subj is None or pro is None:
        return False
    if pro.start <= subj.i < pro.end or subj.lower_ in reading.pro_pronouns:
        return True
    # "one lawyer on the island and he ...": a pronoun right after the job, with
    # nobody else named between them
    between = span.doc[pro.end : subj.i]
    people = [s for s in span.doc.spans[SPANS_KEY] if s.label_ in ("relationship", "profession") and pro.end <= s.start < subj.i]
    return subj.lower_ in ("he", "she") and 0 < len(between) <= 12 and not people


def _casual_friends(span: Span) -> bool:
    """'be friends with a client on Facebook', 'coffee as friends', 'being mates
    with clients', 'a friend from my antenatal group': not a close tie."""
    root = span.root
    close_words = {"best", "close", "good", "old", "oldest", "closest", "childhood", "dear", "lifelong"}
    if root.lower_ == "friend" and any(c.lower_ in ("a", "an") for c in root.children):
        # "a friend of mine" is the poster's friend; "a friend from my hockey team" is someone from the team
        return not any(c.lower_ in close_words for c in root.children) and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in root.children)
    if root.lower_ == "friend" and any(c.dep_ == "prep" and c.lower_ == "from" for c in root.children):
        # "my friend from book club", "my friend from the dog park": named by where they met
        return not any(c.lower_ in close_words for c in root.children)
    return (
        root.lower_ in ("friends", "mates", "pals", "buddies")
        and not any(c.dep_ == "poss" or c.lower_ in close_words for c in root.children)
        and root.dep_ in ("attr", "pobj", "acomp", "dobj")
    )


# where people meet, not a business that could itself be the one served ("my dad's firm")
_GROUP_PLACES = {"troop", "church", "team", "squad", "class", "school", "club", "group", "choir", "league", "parish",
                 "mosque", "temple", "synagogue", "gym", "street"}


def _only_a_place(span: Span) -> bool:
    """'a dad from my son's Scout troop', 'a woman from my mom's church': the
    relative only names where the client was met; 'our family employs a nanny'
    is the household itself."""
    root = span.root
    if root.lemma_.lower() == "family" and any(c.dep_ == "poss" and c.lower_ == "our" for c in root.children) and root.dep_ == "nsubj":
        return True
    return root.dep_ == "poss" and root.head.lemma_.lower() in _GROUP_PLACES and root.head.head.lower_ in ("from", "at", "in")


_SECOND_ROLES = {"private", "privately", "tutor", "tutoring", "tuition", "lesson", "coach", "coaching", "therapy", "counselling",
                 "counseling", "session", "weekend", "landlord", "rent", "employ", "babysit", "babysitting"}
_ACADEMIC = {"school", "exam", "test", "grade", "coursework", "mark", "homework", "semester", "gcse", "chemistry", "physics",
             "biology", "maths", "math", "algebra", "curriculum", "syllabus", "module", "lecture", "seminar"}
_OBJECTION_WORDS = {"boring", "overcharge", "overcharging", "overcharged", "pricey", "badly", "rubbish", "useless", "quit", "settle", "wrecking", "worse", "working", "helping", "disagree", "disagreed", "hate", "hates", "hated", "hating", "disliked", "hurt", "hurts", "wrong", "unhappy", "complain", "mistake", "dislike", "sense", "hard", "painful", "pain", "strategy", "advice", "bill", "quote", "invoice", "fee", "fees",
                    "crooked", "wonky", "botched", "sloppy", "uneven"}


# what the client would object to in the work itself, not a symptom kept back ("in pain")
_WORK_OBJECTIONS = _OBJECTION_WORDS - {"hurt", "hurts", "pain", "painful", "worse", "hard", "sense", "badly", "working"}


def _about_the_work(span: Span) -> bool:
    return _about_objection(span, _WORK_OBJECTIONS)


def _about_objection(span: Span, words: set[str] = _OBJECTION_WORDS) -> bool:
    doc = span.doc
    return any(
        (t.lower_ in words or t.lemma_ in words)
        # "where it actually hurts" is a symptom to disclose, not a complaint about the work
        and not any(w.lower_ == "where" for w in doc[max(t.i - 3, span.start) : t.i])
        for t in span.sent if t.i >= span.start
    )


# what is owed, or to whom: "I owe him everything", "I owe that man big time"
_OWED = {"everything", "favour", "favor", "lot", "man", "woman", "guy", "bloke", "fella", "fellow", "lady", "lad", "family", "couple", "people", "folks"}


def _owed_to_someone(verb: Token) -> bool:
    """"I owe her", "owes me", "I owe him a favour", "I feel like I owe them",
    "we owe our architect his fee", "the woman I owe six grand"."""
    professions = [s for s in verb.doc.spans[SPANS_KEY] if s.label_ == "profession"]
    if any(c.dep_ in ("dobj", "dative") and any(p.start <= c.i < p.end for p in professions) for c in verb.children):
        return True
    if verb.dep_ == "relcl" and (verb.head.lemma_.lower() in _OWED or verb.head.lower_ == "one"):
        return True  # "the woman I owe six grand", "he is the one we are owing"
    if any(c.dep_ == "ccomp" and c.lemma_.lower() in _OWED for c in verb.children):
        return True  # "I owe that bloke big time", with "bloke" read as a verb
    return any(
        c.dep_ in ("dobj", "dative", "pobj", "iobj") and (c.pos_ in ("PROPN",) or (c.pos_ == "PRON" and c.lower_ not in ("it", "that", "what", "which"))
                                                          or c.lemma_.lower() in _OWED)
        for c in verb.children
    ) or any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children) or any(
        # "still owes her money", parsed as "her money"
        c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ in ("her", "him", "them", "me", "us") for g in c.children)
        for c in verb.children
    )


_HARD = ("hard to", "unable to", "too scared to", "too afraid to", "too nervous to", "afraid to", "scared to", "nervous to", "reluctant to", "hesitant to", "difficult to", "impossible to", "how to", "how you", "how i", "how do i", "how can i", "tough to", "awkward to")


def _hard_to(span: Span) -> bool:
    """"really hard to push back", "idk how you say no to the guy who signs off"."""
    before = span.doc[max(span.start - 3, 0) : span.start].text.lower()
    return any(before.endswith(h) or f"{h} " in before + " " for h in _HARD)


_SPEECH = {"tell", "say", "mention", "bring", "admit", "raise", "complain"}


def _speech(span: Span) -> bool:
    return any(t.lemma_.lower() in _SPEECH for t in span)


_TELLING = {"tell", "say", "mention", "admit"}
_DISCLOSE = _TELLING | {"discuss", "talk", "raise"}
_RAISING = _DISCLOSE | {"bring", "open", "ask", "share", "vent", "complain"}  # a topic raised
_KNOW = {"know", "find", "hear", "see"}
_NOT_CONTENT = {"no", "yes", "which", "who", "hi", "hello", "goodbye", "bye", "thanks", "sorry"}


# the client's own self; "to myself" may be a professional keeping their own counsel
_THEMSELVES = {"herself", "himself", "themselves", "themself"}


# "awkward to turn down": a refusal, not a secret
_REFUSING = {"turn", "refuse", "decline", "cancel", "reject"}
# subjects of "nags me" that are a worry, not a person
_THINGS_THAT_NAG = {"what", "it", "this", "that", "thing", "which"}
# "a very close community": closeness of a group, not of the professional
_GROUPS_OF_PEOPLE = {"community", "town", "village", "neighbourhood", "neighborhood", "congregation", "parish", "circle", "island", "culture", "scene"}
# telling or being looked at: what a client may dread with someone they know
_FACING = _DISCLOSE | {"show", "examine", "undress", "strip"}
_DREAD = {"face", "dread", "cringe", "terrified", "petrified"}


_FEARING = {"scared", "afraid", "worried", "terrified", "nervous", "paranoid", "fear", "worry", "panic", "petrified", "convinced"}


def _word_getting_back(verb: Token) -> bool:
    """'get back to her' said in fear: feared in the same sentence before it,
    or guarded against with "in case" / "what if"."""
    back = next((c for c in verb.children if c.lower_ == "back" and c.dep_ in ("advmod", "prt")), None)
    if back is None or not any(c.lower_ == "to" for c in (*verb.children, *back.children)):
        return False
    before = [t for t in verb.sent if t.i < verb.i]
    words = [t.lower_ for t in before]
    guarded = any((a, b) in (("in", "case"), ("what", "if")) for a, b in zip(words, words[1:]))
    return guarded or any(t.lemma_.lower() in _FEARING or t.lower_ in _FEARING for t in before[-12:])


_THE_REST = {"anyone", "anybody", "everyone", "everybody", "others"}
_EVERYONE = _THE_REST - {"others"}  # alone, "than anyone" is a superlative of feeling; "than anyone else" compares people
# feelings and knowledge compared with everyone's are no favour: "I trust her more than anyone"
_NOT_FAVOURS = {"trust", "love", "like", "know", "understand", "care", "miss", "respect", "admire", "worry", "need"}


def _more_than_the_rest(doc: Doc, reading: Reading) -> list[Span]:
    """A comparative set against everyone else the professional serves: "more
    adjustments than anyone else in class", "cheaper than I'd charge anyone
    else", "longer than the other students"."""
    out = []
    for than in doc:
        if than.lower_ != "than":
            continue
        after = doc[than.i + 1 : than.i + 9]
        rest = next((t for t in after if t.lower_ in _THE_REST or (t.lemma_.lower() in _STRANGERS and _favour_for_a_stranger(than, reading)) or (
            t.lemma_.lower() in _SERVED_PEOPLE | {"family"} and t.tag_ == "NNS" and any(c.lower_ in ("other", "the") for c in t.children))), None)
        if rest is None or (rest.lower_ in _EVERYONE and not any(t.lower_ == "else" for t in doc[rest.i + 1 : rest.i + 2])):
            continue  # "than anyone" alone is a superlative of feeling; "than anyone else" compares people
        before = doc[max(than.sent.start, than.i - 7) : than.i]
        comparative = next((t for t in reversed(list(before)) if t.tag_ in ("JJR", "RBR") or t.lower_ in ("more", "longer", "extra", "less")), None)
        if comparative is None:
            continue
        head = comparative
        while head.dep_ != "ROOT" and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        if head.lemma_.lower() in _NOT_FAVOURS:
            continue
        # what the professional gives, not what the client puts in or gets out
        # ("she practises less for me than for anyone else")
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and reading.poster_role in ("professional", "client") and (
                (subj.lower_ in POSTER) != (reading.poster_role == "professional")):
            continue
        out.append(Span(doc, comparative.i, rest.i + 1, label="fairness", kb_id="preference"))
    out += [s for s in _not_for_the_rest(doc, reading) if not any(s.start < o.end and o.start < s.end for o in out)]
    return out


def _favour_for_a_stranger(than: Token, reading: Reading) -> bool:
    """'a much warmer cover note than I'd bother writing for a stranger', 'more
    time than a stranger gets': something given, compared; not a feeling ("more
    anxious working on her teeth than on a stranger") nor the client's own view."""
    if reading.poster_role != "professional":
        return False
    before = [t for t in than.doc[max(than.sent.start, than.i - 7) : than.i] if t.tag_ in ("JJR", "RBR") or t.lower_ in ("more", "extra", "longer")]
    if not before:
        return False
    comparative = before[-1]
    nxt = comparative.nbor(1) if comparative.i + 1 < len(than.doc) else None
    return comparative.head.pos_ == "NOUN" or (nxt is not None and nxt.pos_ == "NOUN")


# a favour by way of an exemption: denied, it is the rule kept
_EXEMPTING = {"skip", "waive", "bend", "break", "bump", "rush", "discount"}
# a stranger stands for everyone else the professional serves ("than I'd bother writing for a stranger")
_STRANGERS = {"stranger", "strangers"}


def _the_rest_named(tok: Token) -> bool:
    """'anyone else', 'anybody', 'any of the others', 'a stranger'."""
    if tok.lower_ in _THE_REST or tok.lemma_.lower() in _STRANGERS:
        return True
    return tok.lower_ == "any" and any(c.lower_ == "of" and any(o.lower_ == "others" for o in c.children) for c in tok.children)


def _not_for_the_rest(doc: Doc, reading: Reading) -> list[Span]:
    """Something done for this client that is denied to everyone else: "which I
    don't do for anyone else", "we basically never do that for anybody", "I
    don't cut them off like I would with anyone else"."""
    if reading.poster_role != "professional":
        return []
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "neg" for c in verb.children):
            continue
        # "I don't skip it for anybody" denies the favour; "be with anyone" is no service
        if verb.lemma_.lower() in _NOT_FAVOURS | _EXEMPTING | {"be"} or not (first_person_subject(verb) or any(
                c.dep_ == "nsubj" and c.lower_ == "we" for c in verb.children)):
            continue
        for prep in (c for c in verb.children if c.dep_ in ("prep", "dative", "advcl")):
            # "for anyone else"; "like I would with anyone else" (a clause of its own)
            objects = [o for o in prep.subtree if o.dep_ == "pobj" and o.head.lower_ in ("for", "with")]
            rest = next((o for o in objects if _the_rest_named(o)), None)
            if rest is None or (prep.dep_ == "advcl" and not any(m.lower_ in ("like", "as") for m in prep.children)):
                continue
            if rest.i < verb.i:
                continue  # "For anyone else I wouldn't do house calls": told before the verb, so no span runs from it
            bare = rest.lower_ in _EVERYONE and not (rest.i + 1 < len(doc) and doc[rest.i + 1].lower_ == "else")
            # "I didn't ask like I do with everyone" is a step left out; "I don't work Sundays
            # for anyone" a rule; only "which we never do for anybody" points back at a favour
            if bare and not (verb.lemma_.lower() == "do" and verb.dep_ == "relcl"):
                continue
            out.append(Span(doc, verb.i, rest.i + 1, label="fairness", kb_id="preference"))
            break
    return out


def _withheld(doc: Doc) -> list[Span]:
    """Words kept back, from the parse: a denied telling ("can't say any of it to
    her", "won't say one word about the gambling") or a denied wish for someone
    to know ("really don't want my boss knowing")."""
    out: list[Span] = []
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        # a denied telling itself ("never told anyone") is read by its own branch below
        fresh = not (lemma in _DISCLOSE and any(c.dep_ == "neg" for c in tok.children))
        if lemma in _HANDED_OVER | {"ask"} and _anything_but(tok):
            # "I'd rather walk ten miles than ask her for it", "I'd sooner do that drive than tell her"
            out.append(Span(doc, tok.head.i, tok.i + 1, label="refused"))
        elif lemma in _KNOW and tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_.lower() == "ready" and any(
                c.dep_ == "neg" for c in (*tok.head.children, *tok.head.head.children)):
            # "I am not ready for him to know"
            out.append(Span(doc, tok.head.i, tok.i + 1, label="refused"))
        elif lemma in _TELLING | {"share"} and _doubted_telling(tok):
            # "I dunno if I could ever tell her about the gambling", "not sure I could say that to him"
            out.append(Span(doc, tok.left_edge.i, tok.i + 1, label="refused"))
        elif lemma in _HANDED_OVER and _refused_or_shy(tok):
            # "refuses to tell me her sugar readings", "feeling very shy to tell
            # him I've started smoking": the telling itself is refused or dreaded
            out.append(Span(doc, tok.head.i, tok.i + 1, label="refused"))
        elif fresh and lemma in _HANDED_OVER | {"explain"} and _unwanted_telling(tok):
            # "doesn't want to show me the sores", "I do not want to explain that to him"
            out.append(Span(doc, tok.head.i, tok.i + 1, label="refused"))
        elif fresh and lemma in _HANDED_OVER | {"explain"} and _uneasy_telling(tok):
            # "feels weird telling her all that", "so awkward explaining it to him"
            out.append(Span(doc, tok.head.i, tok.i + 1, label="refused"))
        elif fresh and lemma in _KNOW | {"ken"} and _secret_kept(tok):
            # "a credit card he knows nothing about", "a second life nobody knows
            # about", "episodes I'd rather he never heard"
            out.append(Span(doc, tok.i, tok.i + 1, label="refused"))
        elif fresh and lemma in _HANDED_OVER and _told_to_nobody(tok):
            # "a place I ain't showing nobody", "never told a single soul"
            out.append(Span(doc, tok.i, tok.i + 1, label="refused"))
        elif fresh and lemma in _HANDED_OVER | {"explain", "talk"} and _how_could_i_tell(tok):
            # "how am I meant to talk about our bedroom in front of her?", "how will
            # I tell her that half my anxiety is her husband?"
            out.append(Span(doc, tok.i, tok.i + 1, label="refused"))
        elif lemma in ("say", "tell") and _false_reassurance(tok):
            # "I just say yes. I haven't been.", "I keep saying I'm fine when I'm not"
            out.append(Span(doc, tok.i, tok.i + 1, label="refused"))
        elif lemma in ("get", "go") and _word_getting_back(tok):
            # "scared anything she says will get back to her", "in case it gets
            # back to Mum": kept back for fear it travels
            out.append(Span(doc, tok.i, tok.i + 2, label="refused"))
        elif lemma in ("speak", "talk") and _silent(tok):
            # "in sessions she won't speak at all"
            out.append(Span(doc, tok.i, tok.i + 1, label="refused"))
        elif lemma in _DISCLOSE:
            neg = next((c for c in tok.children if c.dep_ == "neg"), None)
            if neg is None or any(c.dep_ == "xcomp" or (c.dep_ == "ccomp" and not _wh_clause(c)) for c in tok.children):
                continue  # "didn't say that it was fine" reports, "tell her to stop" asks
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _ASKING_SECRECY - {"want", "need"}:
                continue  # "asked me not to tell anyone yet": a confidence asked of the poster
            # something is kept back: "any of it", "a word", "about the gambling";
            # not "can't say no", "haven't talked to him since", "not saying which"
            said = [c for c in tok.children if c.dep_ == "dobj" and c.lower_ not in _NOT_CONTENT]
            about = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "about"]
            # "stuff about my marriage I would never say to her face": the thing kept back owns the clause
            # ("any reason I can't just say yes" asks why not, it keeps nothing back)
            kept_thing = tok.dep_ == "relcl" and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() not in ("reason", "way", "time")
            if said or about or kept_thing or any(c.dep_ == "ccomp" for c in tok.children):  # "won't say what's going on"
                out.append(doc[min(neg.i, tok.i) : tok.i + 1])
        elif lemma in ("know", "find") and tok.head.lemma_ in ("have", "let") and any(c.dep_ == "nsubj" for c in tok.children):
            # "would rather go without than have the pharmacist know about it"
            before = [t.lower_ for t in tok.sent if t.i < tok.i]
            if "than" in before and "rather" in before[: before.index("than")]:
                out.append(doc[tok.i : tok.i + 1])
        elif lemma in ("keep", "hide") and any(c.dep_ == "dobj" for c in tok.children):
            # "keeps the stammering at school to herself": kept back, however long the thing kept;
            # "been keeping a dodgy knee from her": kept from someone
            kept = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.lower_ in _THEMSELVES), None)
            # ("from them" may be anyone: the parents, the other players)
            kept = kept or next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.lower_ in ("her", "him", "me")), None)
            if kept is not None:
                out.append(doc[tok.i : kept.i + 1])
        elif lemma == "want":
            neg = next((c for c in tok.children if c.dep_ == "neg"), None)
            if neg is None and tok.dep_ == "ccomp":
                # "I doubt she'd want...", "can't imagine she'd want...", "not sure he'd want..."
                doubter = tok.head if tok.head.dep_ != "acomp" else tok.head.head
                denied = next((c for c in doubter.children if c.dep_ == "neg"), None)
                if doubter.lemma_.lower() == "doubt":
                    neg = doubter
                elif denied is not None and tok.head.lemma_.lower() in ("imagine", "think", "sure", "see"):
                    neg = denied
                if neg is not None and any(c.dep_ == "xcomp" and c.lemma_.lower() in _KNOW for c in tok.children):
                    neg = None  # "not sure she'd want to know the cost": her own knowing
            known = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj") and c.lemma_.lower() in _KNOW), None)
            if known is None:
                known = next((g for c in tok.children if c.dep_ == "dobj" for g in c.children if g.dep_ in ("acl", "relcl") and g.lemma_.lower() in _KNOW), None)
            # someone else knowing: "don't want my boss knowing", not "don't want to know"
            if neg is not None and known is not None and (known.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "dobj") for c in known.children)):
                out.append(doc[min(neg.i, tok.i) : known.i + 1])
    return out


# what a client hands over when they tell: words, a history, readings
_HANDED_OVER = _TELLING | {"share", "give", "describe", "show", "list", "disclose"}
# refusing or being shy to tell; fear is left out: "scared to tell him the
# lessons are boring" keeps back an objection (pressure), not a secret
_REFUSING_TO_TELL = {"refuse", "decline", "hesitate"}
_SHY = {"shy", "embarrassed", "ashamed", "reluctant", "hesitant", "bashful", "sheepish"}


def _doubted_telling(verb: Token) -> bool:
    """A telling one doubts one could make: "can/could" under "dunno if",
    "don't know whether" or "not sure"."""
    if not any(c.dep_ == "aux" and c.lower_ in ("can", "could", "ca", "cannot") for c in verb.children):
        return False
    if any(c.dep_ == "neg" for c in verb.children):
        return False  # "can't tell" is read elsewhere
    # something is told ("tell her about the gambling", "say that to him"); "say no" refuses
    if not any((c.dep_ == "dobj" and c.lower_ not in _NOT_CONTENT) or (c.dep_ == "prep" and c.lower_ == "about") for c in verb.children):
        return False
    doc = verb.doc
    before = [t.lower_ for t in doc[max(verb.left_edge.i - 4, 0) : verb.left_edge.i]]
    return "dunno" in before or (any(w in ("n't", "not", "never") for w in before) and any(w in ("know", "sure", "certain") for w in before))


def _carries_content(verb: Token) -> bool:
    """Something is handed over: "show me the sores", "explain that to him",
    "tell her about the gambling"; not "say no" or a bare "tell her"."""
    favours = [s for s in verb.doc.spans[SPANS_KEY] if s.label_ == "fairness"]
    return any(
        (c.dep_ == "dobj" and c.lower_ not in _NOT_CONTENT and c.lemma_.lower() not in _NOT_INFORMATION | _SHOWN_TO_OTHERS
         and not any(f.start <= c.i < f.end for f in favours))
        or (c.dep_ == "prep" and c.lower_ == "about") or (c.dep_ == "ccomp" and _wh_clause(c))
        for c in verb.children
    )


# what one shows others that is no secret of one's own: "show him favouritism"
_SHOWN_TO_OTHERS = {"favouritism", "favoritism", "preference", "bias", "respect", "mercy", "kindness", "support", "interest", "way", "ropes"}


# heads of a telling one does not mean to make: "don't want to", "not planning
# to", "not going to", "not about to"
_MEANING_TO = {"want", "plan", "intend", "go", "mean", "about", "gon", "prepare", "willing"}


def _unwanted_telling(verb: Token) -> bool:
    """A telling its doer does not mean to make: the verb completes a negated
    "want" or "plan" ("doesn't want to show me the sores", "I am not about to
    tell his uncle that")."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in _MEANING_TO:
        return False
    # "not about to": the negation sits on the "am" the adjective hangs from
    holders = (head, head.head) if head.dep_ == "acomp" else (head,)
    if not any(c.dep_ in ("nsubj", "nsubjpass") for h in holders for c in h.children):
        return False  # "Not going to say what I do for work": the poster's aside
    return any(c.dep_ == "neg" for h in holders for c in h.children) and _carries_content(verb)


_NOBODY = {"nobody", "anyone", "anybody", "soul", "one"}
_ASKING_SECRECY = {"ask", "tell", "beg", "make", "promise", "swear", "want", "need"}


def _told_to_nobody(verb: Token) -> bool:
    """Shown or told to nobody at all: "I ain't showing nobody", "I've told
    nobody", "never shown anyone" (a denied "tell" or "say" is read by the
    branch for denied tellings)."""
    told = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lemma_.lower() in _NOBODY]
    if not told or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ASKING_SECRECY):
        return False  # "she's asked me not to tell anyone": a confidence asked of the poster
    if told[0].lower_ == "one" and not any(c.lower_ == "no" for c in told[0].children):
        return False  # "told one of the nurses"
    negated = any(c.dep_ == "neg" for c in verb.children) or told[0].lower_ == "nobody"
    return negated or any(c.lower_ == "no" for c in told[0].children)


def _secret_kept(verb: Token) -> bool:
    """Something nobody is to know about: a relative clause with a stranded
    "about" under a denied knowing ("a loan even my sister doesn't know about",
    "a card he knows nothing about"), or knowing one would rather never happen
    ("episodes I'd rather he never heard")."""
    denied = any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ in ("dobj", "nsubj") and c.lower_ in ("nothing", "nobody", "noone", "no-one") for c in verb.children
    ) or any(c.dep_ == "nsubj" and c.lower_ == "one" and any(g.lower_ == "no" for g in c.children) for c in verb.children)
    if not denied:
        return False
    knower = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if knower is not None and any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in knower.children):
        return False  # "a card her husband doesn't know about": kept from someone else
    # "knows nothing about": the "about" may hang off "nothing"
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "nothing")]
    stranded = any(c.dep_ == "prep" and c.lower_ == "about" and not any(g.dep_ == "pobj" for g in c.children) for h in holders for c in h.children)
    # "a side gig he didn't know about" is a gap found out, not a secret kept
    past = verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ == "did" for c in verb.children)
    if stranded and not past and (verb.dep_ == "relcl" or any(t.dep_ == "relcl" for t in verb.sent)):
        return True
    # "I'd rather Mum never hears about": a wish that the knowing never comes
    before = [t.lower_ for t in verb.doc[max(verb.i - 5, verb.sent.start) : verb.i]]
    return "rather" in before and any(w in ("'d", "would", "d") for w in before) and any(c.lower_ == "never" for c in verb.children)


def _how_could_i_tell(verb: Token) -> bool:
    """A telling asked after as if it cannot be done: "how am I meant to explain",
    "how do I say out loud how bad it gets", "how will I tell her that ...";
    "how do I tell her no" refuses, and telling her one wants to stop objects."""
    clause = verb.head if verb.dep_ == "xcomp" else verb
    if not any(c.lower_ == "how" and c.dep_ == "advmod" for c in (*verb.children, *clause.children)):
        return False
    if not any(c.lower_ in ("i", "we") and c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False
    if not any(t.text == "?" for t in verb.sent) and clause.lemma_.lower() not in ("mean", "suppose"):
        return False
    content = [c for c in verb.children if (c.dep_ == "prep" and c.lower_ == "about") or c.dep_ == "ccomp"
               or (c.dep_ == "dobj" and c.lower_ not in _NOT_CONTENT and c.lower_ not in ("him", "her", "them"))]
    if not content:
        return False
    span = verb.doc[verb.i : verb.sent.end]
    return not _about_objection(span) and not any(t.lemma_.lower() in _TURNING_AWAY for t in span)


# "how do I tell her I want to switch": telling that turns the service away is no secret
_TURNING_AWAY = {"stop", "switch", "quit", "cancel", "leave", "else", "another", "elsewhere", "no", "decline", "refuse", "change"}


# how a telling may feel to the one who would make it
_TELLING_UNEASE = {"weird", "awkward", "strange", "odd", "uncomfortable", "embarrassing", "cringe", "cringey", "mortifying"}


def _uneasy_telling(verb: Token) -> bool:
    """A telling in the gerund that feels uneasy: "feels weird telling her all
    that", "it's awkward explaining my debts to him"; giving feedback is no
    secret told."""
    if verb.lemma_.lower() not in _DISCLOSE | {"show", "explain", "describe", "share"} or verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "csubj") or not _carries_content(verb):
        return False
    head = verb.head
    return head.lemma_.lower() in _TELLING_UNEASE or any(c.dep_ == "acomp" and c.lemma_.lower() in _TELLING_UNEASE for c in head.children)


# what one says to be left alone: "yes", "fine", "all good", "on track"
_REASSURING = {"yes", "yeah", "fine", "good", "okay", "ok", "alright", "great", "track", "managing"}


def _false_reassurance(verb: Token) -> bool:
    """Saying all is well and, in the same breath, that it is not: "I just say
    yes. I haven't been.", "I tell her it's all good, but it's killing me"."""
    # the one who says it is someone in the story ("I", "she"), not "my manager"
    speaker = clause_subject(verb)
    if speaker is not None and speaker.lower_ not in ("i", "he", "she", "we", "they"):
        return False
    said = [c for c in verb.children if c.dep_ in ("dobj", "intj", "acomp") and c.lower_ in _REASSURING]
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if any(c.dep_ == "aux" and c.lower_ in ("'ll", "will", "would", "'d") for c in clause.children):
            continue  # "says it'll look good at my review": a promise, not how things are
        said += [g for g in clause.subtree if g.lower_ in _REASSURING and g.dep_ in ("acomp", "pobj", "attr", "intj")]
    doc = verb.doc
    # "she says she's fine with it" consents to the arrangement; "she'd say yes if
    # I asked" answers a proposal not yet made
    said = [w for w in said if not (w.i + 1 < len(doc) and doc[w.i + 1].lower_ in ("with", "by", "to", "if", "about"))]
    if not said or any(c.dep_ == "aux" and c.lower_ in ("'d", "would", "will", "'ll", "might") for c in verb.children):
        return False
    sent = verb.sent
    after = [t for t in sent if t.i > said[0].i]
    # "when I'm not", "when I'm actually behind", ", but it's killing me"
    if any(t.lower_ == "when" for t in after) and any(t.dep_ == "neg" or t.lower_ == "actually" for t in after):
        return True
    if any(t.lower_ == "but" for t in after) and any(t.lower_ in ("i", "me", "my") for t in after):
        return True
    # the next sentence, short and denied: "I haven't been."
    nxt = doc[sent.end : sent.end + 8]
    return len(nxt) > 0 and nxt[0].lower_ in ("i", "i'm") and any(t.dep_ == "neg" for t in nxt) and any(t.text in (".", "!") for t in nxt)


def _silent(verb: Token) -> bool:
    """Speaking refused outright: "won't speak at all", "doesn't talk a word";
    not "won't talk to settled social workers at all", which picks a listener."""
    if not any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "prep" and c.lower_ in ("to", "with") for c in verb.children):
        return False
    return any(c.lower_ == "all" and c.dep_ == "advmod" for c in verb.children) or any(
        c.dep_ in ("npadvmod", "dobj") and c.lemma_.lower() == "word" for c in verb.children)


def _anything_but(verb: Token) -> bool:
    """'(I'd rather / sooner do X) than tell her': the telling is the last resort."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "than" for c in verb.children) or not any(
            c.lower_ in ("rather", "sooner") for c in verb.head.children):
        return False
    # asking for a discount or a favour is a request, not a telling
    asked_for = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.subtree if g.i != c.i]
    favours = [s for s in verb.doc.spans[SPANS_KEY] if s.label_ == "fairness"]
    return not any(g.lemma_.lower() in _NOT_INFORMATION or any(s.start <= g.i < s.end for s in favours) for g in asked_for)


def _refused_or_shy(verb: Token) -> bool:
    """The verb is what someone refuses or is shy to do, and it carries what is
    told ("refuses to give me her readings", "shy to tell him I smoke"), not a
    bare "refused to say" of an argument."""
    if verb.dep_ != "xcomp" or not any(c.dep_ in ("dobj", "ccomp") or (c.dep_ == "prep" and c.lower_ == "about") for c in verb.children):
        return False
    head = verb.head
    if head.lemma_.lower() in _REFUSING_TO_TELL and head.pos_ == "VERB":
        return True
    # "she's shy to tell", or "feeling very shy to tell" where the parser hangs
    # the telling on "feel" beside the adjective
    return head.lemma_.lower() in _SHY or any(c.dep_ == "acomp" and c.lemma_.lower() in _SHY for c in head.children)


def _wh_clause(tok: Token) -> bool:
    """'what's really going on', 'how much she drinks': a clause that names
    what is kept back, not a report of what was said."""
    return tok.left_edge.lower_ in ("what", "what's", "whats", "how", "why", "where", "who")


def _dreaded(span: Span) -> bool:
    """'scared to be fully honest with him', 'too nervous to be open'."""
    if span.root.lemma_.lower() not in ("honest", "open", "candid", "comfortable", "upfront"):
        return False  # "scared to say anything" about the work is an objection kept back (pressure)
    before = span.doc[max(span.start - 5, 0) : span.start].text.lower()
    return any(f" {h} " in f" {before} " for h in ("scared to", "afraid to", "nervous to", "terrified to", "hard to", "too embarrassed to"))


def _not_disclosure(span: Span, reading: Reading) -> bool:
    """A telling that is not the client disclosing to the professional: told to
    the poster who is the one served, to someone else named ("her husband"), or
    an instruction ("can't tell her to give me space")."""
    verb = next((t for t in span if t.lemma_.lower() in _TELLING), None)
    if verb is None:
        return False
    if any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in verb.children):
        return True  # "tell her to give me space" asks for something
    if verb.lemma_.lower() == "tell":  # "tell her husband"
        to = next((c for c in verb.children if c.dep_ in ("dative", "dobj") and c.pos_ in ("PRON", "NOUN", "PROPN")), None)
    else:  # "mention her miscarriage to me": the content is the object
        to = next((g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None)
    if to is None or to.lower_ in ("it", "that", "this", "anything", "everything", "what", "much", "something", "nothing"):
        return False
    if any(c.lower_ in ("me", "us") for c in to.conjuncts):
        return False  # "hasn't told her parents, or me really"
    if to.lower_ in ("me", "us"):
        return reading.poster_role == "client"
    pro = reading.professional
    if pro is not None and pro.start <= to.i < pro.end:
        return False
    if any(t.lower_ in ("me", "us") for t in verb.doc[to.i + 1 : to.i + 4]):
        return False  # the parser may lose "or me" after the first person told
    # "asked me not to tell her husband": the client telling someone else (with
    # "mention ... to her friend's dad" the recipient may be the poster, unnamed)
    return reading.poster_role == "professional" and verb.lemma_.lower() == "tell" and to.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "poss" for c in to.children)


_POSTING = {"post", "write", "type"}


def _posting_unease(span: Span) -> bool:
    """"embarrassed to post this", "ashamed to even ask this": unease with the
    post itself, not a client holding back."""
    after = [t for t in span.doc[span.end : span.end + 4] if t.lower_ not in ("even", "really", "to")]
    subj = clause_subject(span.root)
    # the poster: "I", no subject, or a self-introduction ("Estate lawyer, kind of embarrassed to post this")
    poster = subj is None or subj.lower_ == "i" or (subj.i <= span.sent.start + 2 and subj.pos_ == "NOUN")
    if span.root.pos_ == "ADJ" and subj is not None and subj.lower_ == "this" and span.sent.start == 0 and span.root.head.lemma_ == "be":
        return True  # "ok this is embarrassing. FM resident, and ...": the post's opening, the poster's unease
    return span.root.pos_ == "ADJ" and poster and bool(after) and after[0].lemma_.lower() in _POSTING and any(
        t.lower_ in ("this", "here") for t in span.doc[span.end : span.end + 5])


def _anonymous_aside(span: Span) -> bool:
    """'Not saying what my job is, but...', '(not saying what, people would work
    it out)': a "say" with no subject and a what/which/where after it."""
    verb = next((t for t in span if t.lemma_.lower() == "say"), None)
    if verb is None or verb.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False  # "wont say whats going on" is someone holding back
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ in ("what", "which", "where", "who", "exactly")


def _felt_by_someone(span: Span) -> bool:
    """Unease with a person as its subject ("she's awkward", "I feel weird"), or no subject at all."""
    if span.start == span.sent.start and span.root.pos_ in ("ADJ", "PROPN", "INTJ"):
        return False  # "Awkward but I'm not turning him away": a remark on the situation
    if span.root.pos_ == "ADJ" and not any(t.pos_ in ("VERB", "AUX") for t in span.sent):
        return False  # "Bit awkward at the school gate noo.": a remark with no one feeling it
    if span.root.dep_ == "amod" and span.root.head.lemma_.lower() not in ("spot", "position", "situation"):
        return False  # "a rash in an awkward place" describes the thing
    for tok in clause_heads(span.root, hops=3):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            return s.pos_ in ("PRON", "PROPN") and s.lower_ not in ("it", "this", "that") or s.ent_type_ == "PERSON" or s.lemma_.lower() in _PERSON_NOUNS
        if any(c.lower_ in ("it", "this", "that") for c in tok.children):
            return False  # "is that awkward?"
    return True


def _still_thing(span: Span) -> bool:
    """A thing, not a person, froze or went quiet (the parser may hang "froze"
    off something else: then the word before it is the subject)."""
    subj = clause_subject(span.root) or (span.doc[span.start - 1] if span.start > 0 else None)
    return subj is not None and subj.lemma_.lower() in _STILL_THINGS


# subjects that fall quiet or freeze without holding anything back
_STILL_THINGS = {"room", "pipe", "line", "phone", "screen", "house", "place", "chat", "group", "street", "office", "water", "tap",
                 "computer", "laptop", "system", "town", "everything", "it", "this", "that", "thing", "car", "engine", "lock"}
_PERSON_NOUNS = {"client", "patient", "customer", "student", "she", "he", "sister", "brother", "mum", "mom", "dad", "friend", "wife", "husband"}


def _nobody_says(span: Span) -> bool:
    subj = clause_subject(span.root)
    if subj is None:
        return False
    return subj.lower_ in ("nobody", "no-one", "none", "noone") or (subj.lower_ == "one" and subj.i > 0 and subj.nbor(-1).lower_ == "no")


def _fair_idiom(span: Span) -> bool:
    """"to be fair", "which is fair", "be fair to him" (the professional's own
    objectivity): not fairness towards others."""
    doc, i = span.doc, span.start
    before = doc[max(i - 2, 0) : i].text.lower()
    after = doc[i + 1 : i + 3]
    return (
        before.endswith("to be")
        or before.endswith(("which is", "that's", "thats", "that is"))
        or (len(after) == 2 and after[0].lower_ == "to" and after[1].lower_ in ("him", "her", "them"))
        or (len(after) >= 1 and after[0].lower_ in ("game", "enough"))  # "so... fair game?", "fair enough"
    )


_ATTENDANCE = {"session", "class", "lesson", "appointment", "practice", "training", "school", "work", "meeting", "refill", "refills", "shift"}


def _skips_attendance(span: Span) -> bool:
    """"scared to skip a session", "been skipping refills": missing a visit, not a check."""
    root = span.root
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _ATTENDANCE for c in root.children)


def _within(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _doubted(span: Span, spans: list[Span]) -> bool:
    return any(s.label_ == "doubt" and s.sent.start == span.sent.start and s.start < span.start for s in spans)


@Language.factory(
    "dual_risks",
    default_config={"knowledge_dir": ""},
    requires=["doc._.reading"],
    assigns=["doc._.findings"],
)
def make_dual_risks(nlp: Language, name: str, knowledge_dir: str) -> DualRisks:
    return DualRisks(cached_knowledge(knowledge_dir))
