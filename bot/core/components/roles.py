"""`dual_roles`: who is the professional, who is the client, and which ties and
romances in the story are between the two of them.

Uses the dependency parse: identity ("I'm a nurse", "As a therapist"),
possession chains ("my best friend's husband"), copular links ("my dentist is
also my landlord") and the arguments of romance words ("dating one of his
patients" vs "dating my sister").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, cached_knowledge
from .context import MONTHS
from .lexicon import SPANS_KEY

POSTER = {"i", "me", "my", "mine", "we", "our", "us", "ours", "myself"}
THIRD_POSSESSIVE = {"his", "her", "their", "its"}
GROUP_PRIORITY = {"mental_health": 0.3, "medical": 0.2, "legal": 0.1, "other": 0.0}
SERVICE_WORDS = {"client", "patient", "customer", "clients", "patients", "pupil", "student", "learner", "regular", "customers", "pupils", "students", "learners", "regulars"}
SPOUSE_WORDS = {"husband", "wife", "spouse", "hubby", "wifey", "fiance", "fiancé", "fiancee", "fiancée"}  # "my daughter's fiancé" is family-to-be
_ROMANCE_ARG_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "dative"}

if not Doc.has_extension("reading"):
    Doc.set_extension("reading", default=None)


@dataclass
class Tie:
    """A relationship mention with the chain of possessors that ends at its owner."""

    span: Span
    chain: list[Span]  # relationship spans from the owner outward, ending with `span`
    owner: str  # "poster" | "third" | "professional" | "other" | "client" | "none"
    evidence: Span  # the words to quote: "my best friend's husband"
    close: bool
    kind: str
    power: bool
    relevant: bool = False  # a tie between the professional and the client


@dataclass
class Reading:
    professional: Span | None = None
    profession: str | None = None
    group: str | None = None
    poster_role: str | None = None  # "professional" | "client" | "third"
    ties: list[Tie] = field(default_factory=list)
    romance_with_client: list[Span] = field(default_factory=list)
    romance_with_other: list[Span] = field(default_factory=list)
    partner_romance: list[Span] = field(default_factory=list)  # an existing romance, not yet a tie word
    past_romance: list[Span] = field(default_factory=list)  # a romance that is over: an ex, not a romance
    partner_client: list[Tie] = field(default_factory=list)  # existing partner becomes client
    # in a third-person story, the pronouns that stand for the professional
    # ("A solicitor is handling a sale for a builder who renovated her kitchen.
    # She feels she owes him a favour": "she" is the solicitor)
    pro_pronouns: frozenset[str] = frozenset()
    # someone of the professional's relative asks for the work ("Her hairdresser wants therapy with her")
    theirs_served: bool = False

    @property
    def relevant_ties(self) -> list[Tie]:
        return [t for t in self.ties if t.relevant]


def first_person_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in POSTER for c in tok.children)


def _serves_poster_in_span(span: Span) -> bool:
    """A job named by the work it does for the poster: "who does my EMDR",
    "representing me in my custody case"."""
    return (span[0].lower_ in ("who", "that") or (span[0].pos_ == "VERB" and span[0].dep_ == "acl")) and any(
        t.lower_ in ("me", "my") for t in span[1:])


def _clipped_poster(tok: Token) -> bool:
    """"started seeing a guy i met ...": a sentence opening on its verb, the "I" dropped."""
    verb = tok.head if tok.dep_ == "xcomp" else tok
    return verb.i == verb.sent.start and verb.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


_VISITS = {"appointment", "session", "visit", "check", "checkup", "consult", "consultation", "exam", "referral"}


def _names_a_visit(span: Span) -> bool:
    """'a gynae appointment', 'my dental check': the job names a kind of visit."""
    return span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.lemma_.lower() in _VISITS


def _set_beside(span: Span) -> bool:
    """A job named only to compare with: "like" just before it (a determiner or
    comma between at most) after a "not" or "different" in the same clause."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and (doc[i].is_punct or doc[i].lower_ in ("a", "an", "the")):
        i -= 1
    if i < span.sent.start or doc[i].lower_ != "like":
        return False
    before = doc[max(span.sent.start, i - 5) : i]
    return any(t.lower_ in ("not", "n't", "different", "unlike") for t in before)


def _staff_beside(span: Span, professions: list[Span]) -> bool:
    """'paralegal here ... one of our attorneys is representing his sister': the
    poster works beside the professional of the story, and tells it."""
    if span.text.lower() not in _SUPPORT_STAFF or not any(p.text.lower() not in _SUPPORT_STAFF for p in professions):
        return False
    # "paralegal ... my best friend's custody case landed on my desk": the poster's
    # own tie makes it the poster's story
    return not any(
        s.label_ == "relationship" and (o := possessor(s.root)) is not None and o.lower_ in ("my", "me")
        for s in span.doc.spans[SPANS_KEY]
    )


def _title_only(span: Span) -> bool:
    """'Dr. Patel': a doctor's title with no job named (the lexicon's NORM
    drops the title's period, so "Dr." and "Dr" read alike)."""
    return len(span) == 1 and span[0].norm_ in ("dr", "drs")


def is_poster_identity(span: Span) -> bool:
    """'I'm a therapist', 'As a psychiatrist, I...', 'I run a small accounting firm',
    'Architect here.', or a post that opens with its author's job: 'Hospital social worker.'"""
    doc = span.doc
    if span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.lemma_.lower() in _LEARNERS:
        return False  # "I'm a nursing student": the poster is learning the job, someone else holds it
    if span.end < len(doc) and doc[span.end].lower_ in ("here", "asking", "speaking") and span.sent.start == 0 and all(
        t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "NUM", "DET", "INTJ", "X") for t in doc[: span.start]
    ):  # "Rural vet here."; not "just read that driving instructors here have to..."
        return True
    after = [t for t in doc[span.end : min(span.end + 3, len(doc))] if not t.is_punct]
    if after and after[0].lower_ in ("btw", "fwiw") and all(
            t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "DET") for t in doc[span.sent.start : span.start]):
        return True  # "tattoo artist btw", "hygienist, btw": the poster's job said in passing
    if span[0].pos_ == "VERB" and first_person_subject(span[0]):
        return True  # the work told as what the poster does: "I straighten teeth", "I've been practising law"
    if span[0].lemma_.lower() == "do" and len(span) > 1 and first_person_subject(span.root):
        return True  # "I do plumbing on the side": the tagger reads the work as a verb under "do"
    first = next(doc.sents)
    if span.sent.start == 0 and len(first) <= len(span) + 3 and not any(t.lower_ in POSTER | THIRD_POSSESSIVE | {"a", "the"} for t in first if t.i < span.start):
        return True
    # "Small-town music teacher, only piano teacher within an hour.": a post
    # that opens with a bare job title, then a comma or full stop
    # "Real estate agent in a small coastal town, ...", "vet in the middle of
    # nowhere": a post that opens with a bare job title that is not the subject
    # "Quick one. Wedding planner, my best mate...": a short aside may come first
    opener = span.sent.start == 0 or (span.sent.start == first.end and len(first) <= 4 and not any(
        t.lower_ in POSTER | THIRD_POSSESSIVE or t.pos_ in ("VERB", "AUX") for t in first))
    opening = doc[span.sent.start : span.start]
    if opener and all(
        t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "NUM") or t.lower_ == "only" or (t.i > 0 and doc[t.i - 1].text == "-")
        or t.tag_ == "VBN"  # "Only licensed electrician on the island."
        for t in opening
    ):  # "Only Inuktitut-speaking counsellor in our hamlet"
        if span.root.dep_ not in ("nsubj", "nsubjpass", "poss", "dobj", "pobj") or (
            span.end < len(doc) and doc[span.end].text in (",", ".", ";", ":", "(", "-", "—")
        ):
            return True
        # "Funeral director in a small town in the Wheatbelt, ...", "Only general
        # surgeon at a district hospital, ...": a title placed somewhere, then a comma
        comma = next((t for t in span.sent if t.i >= span.end and t.text in (",", ".", ";", "-", "—")), None)
        if span.end < len(doc) and doc[span.end].lower_ in _PLACED and comma is not None and not any(
            t.pos_ in ("VERB", "AUX") for t in doc[span.end : comma.i]
        ):
            return True
    if _surface_identity(span):
        return True
    # "I tutor maths", "I coach the under-16s": the job word used as the poster's
    # verb (the tagger often makes it a noun, so adjacency decides)
    if len(span) == 1 and span.start > span.sent.start and doc[span.start - 1].lower_ in ("i", "we") and span.root.tag_ not in ("NNS", "NNPS"):
        return True
    tok = span.root
    for _ in range(6):  # "I'm one of dozens of pharmacists in the city"
        if tok.dep_ in ("attr", "appos", "acomp", "oprd") and first_person_subject(tok.head):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":
            verb = tok.head.head
            # "Work as an enforcement agent in the north west.": the subject dropped
            clipped = verb.i == verb.sent.start and verb.lemma_ == "work" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            # "my cousin just qualified as a farrier": the "my" is the subject's, not the poster as subject
            subject_words = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in POSTER for t in c.subtree}
            return clipped or first_person_subject(verb) or any(c.lower_ in POSTER and c.i not in subject_words for c in verb.subtree)
        if tok.lemma_.lower() in _VISITS:
            break  # "I have a gynae appointment" is a visit the poster goes to
        if tok.dep_ == "dobj" and first_person_subject(tok.head) and tok.head.lemma_ in ("run", "own", "have", "open", "start", "manage"):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "in") and tok.head.head.lemma_ == "work" and first_person_subject(tok.head.head):
            return True  # "I work at a daycare"
        if tok.dep_ == "conj" and tok.i == span.root.i and possessor(tok) is not None:
            break  # "We're foster parents and our kiddo's social worker...": someone's, so someone else
        if tok.dep_ in ("pobj", "prep", "compound", "amod", "nmod", "conj") and tok.head != tok:
            tok = tok.head
            continue
        break
    return False


_LEARNERS = {"student", "undergrad", "undergraduate", "major", "applicant"}
_QUANTIFIERS = {"one", "some", "any", "each", "all", "both", "few", "many", "none"}
_SHARES = {"one", "dozen", "hundred", "lot", "couple", "handful", "bunch", "many", "few", "several", "some", "most"}
_PLACED = {"at", "in", "near", "out", "from", "on", "based", "for", "with", "covering"}


def _surface_identity(span: Span) -> bool:
    """"I'm the only child psychologist": the parser sometimes loses the copula,
    so also accept "I am / I'm" followed only by determiners and modifiers."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and span.start - i <= 5 and doc[i].lower_ not in ("my", "our") and (
        doc[i].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADV", "NUM", "PUNCT")
        # "I'm one of dozens of pharmacists": a share of the profession, not "a client of"
        or (doc[i].lower_ == "of" and i > span.sent.start and (doc[i - 1].pos_ == "NUM" or doc[i - 1].lemma_.lower() in _SHARES))
    ):
        i -= 1
    if i == 0 and doc[0].lemma_ == "be":
        return True  # "am a notary (side gig)"
    return i >= span.sent.start + 1 and doc[i].lemma_ == "be" and doc[i - 1].lower_ in ("i", "im")


def possessor(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:  # "a cousin of mine", "the parents of my son's friend"
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    # "the daughter of one of my clients": look through "one of"
                    if g.lower_ in _QUANTIFIERS:
                        return possessor(g) or g
                    return g
    return None


def span_at(spans: list[Span], tok: Token, label: str | None = None) -> Span | None:
    for s in spans:
        if s.start <= tok.i < s.end and (label is None or s.label_ == label):
            return s
    return None


# Places and groups a relative belongs to: "my kids' school" does not make the
# kids part of the story the way "my mother-in-law's extraction" does.
CONTEXT_NOUNS = {
    "school", "class", "classroom", "team", "club", "church", "congregation", "work", "job", "office",
    "company", "firm", "street", "neighborhood", "neighbourhood", "building", "wedding", "party",
    "birthday", "graduation", "game", "practice", "recital", "daycare", "friend", "friends", "ward",
    "unit", "department", "group", "league", "squad", "side", "band", "choir",
}


# "my pupils are kids I grade": people the poster serves or employs, not
# people who could be the poster's own professional
_SERVED_KINDS = {"student", "employee", "tenant"}


# a parent called by name ("Dad had a stroke") is the poster's own, unless
# someone else's child or parent has come up first
_SOMEONES_CHILD = {"son", "daughter", "child", "kid", "boy", "girl", "baby", "lad", "teen", "teenager"}
_PARENT_NAMES = {"dad", "mum", "mom", "mam", "mama", "mamma", "papa", "da", "nan", "nana", "gran", "granny", "grandma", "grandpa", "grandad", "granddad"}


def _bare_kin(span: Span) -> bool:
    """A singular kin word with no determiner or owner at all ("Brother wants me
    to do his BAS"), which in a first-person post is the poster's own."""
    root = span.root
    if root.tag_ not in ("NN", "NNP") or possessor(root) is not None:
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in root.children):
        return False
    # "Dad had a stroke", "I'm worried about Mum": a parent called by name is one's own
    # (not when someone else's parent has come up: "a boy whose mum ... Mum tells me")
    if root.lower_ in _PARENT_NAMES and root.text[:1].isupper() and not any(
            t.lower_ in _PARENT_NAMES | _SOMEONES_CHILD or t.lemma_.lower() in ("mother", "father", "parent") for t in span.doc[: span.start]):
        return True
    if span.start != span.sent.start:
        return False
    # a partner needs no "my" ("Hubby got sued...", "wife's back is wrecked");
    # other kin only as the one asking for the work ("Cousin needs help")
    if root.lower_ in _BARE_PARTNERS:
        return True
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in ("want", "need", "ask", "beg", "book", "expect")


_OPINION_VERBS = {"say", "think", "reckon", "suggest", "feel", "believe", "tell", "worry", "joke"}


def says(span: Span, verbs: set[str]) -> bool:
    """The span is the subject of one of these verbs of saying or noticing
    ("Wife says why go elsewhere", "my receptionist noticed")."""
    return span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in verbs
_BARE_PARTNERS = {"hubby", "wifey", "wife", "husband", "girlfriend", "boyfriend", "fiance", "fiancé", "fiancee", "fiancée", "missus", "missis"}


def _service_noun(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma.endswith(("therapy", "counselling", "counseling", "treatment")) or lemma in ("care", "coaching", "tutoring")


def _poster_relative(span: Span) -> bool:
    owner = possessor(span.root)
    return owner is not None and owner.lower_ in ("my", "our", "mine", "ours")


def is_possessor_of_person(span: Span, people: set[int]) -> bool:
    """'my daughter' in "my daughter's coach" names someone else's tie; in "my
    mother-in-law's extraction" she is still the client. `people` holds the
    token indices of profession and relationship mentions."""
    after = span.doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].lower_ == "'s" and after[1].lower_ in ("a", "an", "the"):
        return False  # "my husband's a lawyer": 's is "is", not a possessive
    for tok in span:  # hyphenated words: "my ex-wife's new husband" hangs off "wife"
        if tok.dep_ == "poss" and not (span.start <= tok.head.i < span.end):
            if _event_served(tok.head):
                return False  # "I'm shooting my best friend's wedding": she is the client
            if _taken_over_by_poster(span):
                return False  # "my husband's psychiatrist retired ... I'm his psychiatrist now"
            if _own(span) and tok.head.dep_ in ("attr", "oprd"):
                return False  # "for a pediatrician to be their own kid's doctor": the kid is served
            return tok.head.i in people or tok.head.lemma_.lower() in CONTEXT_NOUNS
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i in people


def _taken_over_by_poster(span: Span) -> bool:
    """After "my husband's cardiologist ...", the poster takes the work over:
    "I'm his dietitian now", "take over his meds", "I can prescribe it". The
    relative is then the poster's client, not only someone else's."""
    pronoun = _kin_possessive(span.root.lower_)
    provider = span.root.head
    doc = span.doc
    spans = doc.spans[SPANS_KEY]
    # someone else's provider ("my husband's cardiologist"), not "my wife's best friend"
    if pronoun is None or span.root.dep_ != "poss" or not any(s.label_ == "profession" and s.start <= provider.i < s.end for s in spans):
        return False
    them = "him" if pronoun == "his" else "her"
    for tok in doc[span.sent.end :]:  # told after, in a sentence of its own
        if tok.lower_ == pronoun and tok.dep_ == "poss":
            owned = tok.head
            if owned.dep_ == "attr" and owned.head.lemma_ == "be" and first_person_subject(owned.head) and any(
                s.label_ == "profession" and s.start <= owned.i < s.end for s in spans
            ):
                return True  # "I'm his dietitian now"
            if owned.dep_ == "dobj" and (owned.lemma_.lower() in _SERVED_THINGS or owned.lower_ in _SERVED_THINGS) and first_person_subject(owned.head):
                return True  # "if I could just take over his meds"
        # "his PCP retired and he needs someone to keep his sertraline going. I can prescribe it":
        # the relative's own thing named before, then taken over (not "I can't manage it")
        elif tok.lemma_.lower() in _TAKING_OVER and first_person_subject(tok) and not any(c.dep_ == "neg" for c in tok.children) and any(
                c.dep_ == "dobj" and c.lower_ in ("it", "them", them) for c in tok.children) and any(
                t.dep_ == "poss" and t.lower_ == pronoun and t.head.pos_ == "NOUN" for t in doc[span.end : tok.i]):
            return True
    return False


def _kin_possessive(kin: str) -> str | None:
    """"his" for a husband or a brother, "her" for a wife or a niece."""
    return "his" if kin in _MALE else "her" if kin in _FEMALE else None


# what the poster does when taking a relative's care over from someone else
_TAKING_OVER = {"prescribe", "refill", "manage", "cover", "continue", "renew", "adjust"}


def _done_by_them_themselves(span: Span) -> bool:
    """'a psychiatrist's husband needs his meds adjusted ... could she just
    manage his meds herself': the professional doing the relative's care."""
    pronoun = _kin_possessive(span.root.lower_)
    if pronoun is None:
        return False
    for tok in span.doc[span.end :]:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _CARE_VERBS:
            continue
        if not any(c.lower_ in ("herself", "himself", "themselves") for c in tok.children):
            continue
        if any(c.dep_ == "dobj" and (c.lemma_.lower() in _SERVED_THINGS or c.lower_ in _SERVED_THINGS)
               and any(g.dep_ == "poss" and g.lower_ == pronoun for g in c.children) for c in tok.children):
            return True
    return False


_EVENTS = {"wedding", "party", "birthday", "graduation", "recital", "funeral", "reception", "shower", "engagement"}
_GUEST_VERBS = {"attend", "go", "see", "miss", "skip", "have", "enjoy", "love", "invite", "be", "leave", "meet", "bump"}


_ACTIVITY_NOUNS = {"therapy", "psychotherapy", "counselling", "counseling", "treatment"}
_BUSINESSES = {"firm", "company", "business", "office", "practice", "shop", "farm", "restaurant", "cafe", "café", "salon", "clinic"}
# work done on someone's business, not a job held there ("I work at my dad's firm")
_BUSINESS_WORK = {"audit", "fix", "renovate", "rewire", "design", "redesign", "inspect", "value", "insure", "clean", "paint",
                  "build", "review", "advise", "consult", "survey", "sell", "list", "manage", "do"}


def _event_served(noun: Token) -> bool:
    """'shooting / catering / planning my cousin's wedding', 'auditing the network
    at my dad's firm': the poster works the event or the business, so its owner
    is the one served (attending it, or working there, is only context)."""
    lemma = noun.lemma_.lower()
    if lemma in _BUSINESSES:
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("at", "for", "of") else None
        if verb is not None and verb.dep_ == "dobj":
            verb = verb.head  # "audit the network at my dad's firm"
        return verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in _BUSINESS_WORK
    if lemma not in _EVENTS or noun.dep_ != "dobj":
        return False
    verb = noun.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() not in _GUEST_VERBS and (
        first_person_subject(verb) or (verb.i == verb.sent.start or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))
    )


RUNNING = {"run", "own", "manage", "staff"}
_RULE_WORDS = {"rule", "policy", "ban", "guideline", "code", "law"}
# "qualified as", "works as": not "goes to the same church as"; the tagger may
# make "qualified" or "trained" an adjective, which keeps its own form as lemma
_TAKING_UP_A_JOB = {"qualify", "qualified", "trained", "certified", "registered", "work", "train", "practise", "practice", "serve", "freelance", "retrain", "moonlight", "volunteer", "graduate", "start", "register", "certify"}


def linked(a: Span, b: Span) -> bool:
    """Same person by copula, apposition or relative clause ('my dentist is also my landlord')."""
    # "my aunt is my optometrist lol": the tagger may make the title a compound
    # of whatever follows it
    x = a.root.head if a.root.dep_ == "compound" else a.root
    y = b.root.head if b.root.dep_ == "compound" else b.root
    # "one of my best friends ... is an NP": the "one" is the subject
    x, y = _one_of(x), _one_of(y)
    for s1, s2 in ((a, b), (b, a)):
        # "my sister-in-law's a physio": "'s a" after the whole span is "is a"
        after = s1.doc[s1.end : s1.end + 3]
        # an adjective may come between ("'s a retired physio"); the post may end on the article ("my mum's a")
        adjective = 1 if len(after) == 3 and after[2].pos_ == "ADJ" else 0
        if len(after) >= 2 and after[0].lower_ == "'s" and after[1].lower_ in ("a", "an", "the") and s2.start == s1.end + 2 + adjective:
            return True
    for s1, s2 in ((a, b), (b, a)):
        # "my aunt has done my taxes": the one doing a job named by what it does
        verb = next((t for t in s2 if t.pos_ == "VERB"), None)
        if s2.label_ == "profession" and verb is not None and s1.root.dep_ == "nsubj" and s1.root.head == verb:
            return True
        # "the lady who does my taxes is my sister-in-law": the doer, then a copula
        if s2.label_ == "profession" and verb is not None and verb.dep_ == "relcl":
            doer = verb.head
            if doer.dep_ == "nsubj" and s1.root.dep_ == "attr" and s1.root.head == doer.head:
                return True
    for p, q in ((x, y), (y, x)):
        # "my husband's a lawyer", parsed as if it were "my husband's lawyer"
        nxt = p.doc[p.i + 1 : p.i + 3]
        if p.dep_ == "poss" and p.head == q and len(nxt) == 2 and nxt[0].lower_ == "'s" and nxt[1].lower_ in ("a", "an", "the"):
            return True
    for p, q in ((x, y), (y, x)):
        if p.head == q.head and p.dep_ in ("nsubj", "attr", "nsubjpass") and q.dep_ in ("nsubj", "attr", "nsubjpass", "acomp") and not (
            # "Only therapist in town, and my husband has been depressed": a
            # headline fragment parsed as a second subject is not the same person
            p.dep_ == q.dep_ == "nsubjpass"
        ):
            return True
        # "my best friend just qualified as a psychotherapist", "my cousin works as a paralegal"
        if q.dep_ == "pobj" and q.head.lower_ == "as" and q.head.head.lemma_.lower() in _TAKING_UP_A_JOB:
            verb = q.head.head
            if (p.dep_ == "nsubj" and verb == p.head) or (verb.dep_ == "amod" and verb.head == p):
                return True  # the tagger may make "qualified" an adjective of the friend
        # "the only pharmacy is run by my best mate's mum": whoever runs the place
        if p.dep_ == "nsubjpass" and q.dep_ == "pobj" and q.head.lower_ == "by" and q.head.head == p.head and p.head.lemma_.lower() in RUNNING:
            return True
        # "my father-in-law owns the only pharmacy in town": the same, said actively;
        # a business with no job named is the professional only through its runner
        if p.dep_ == "nsubj" and q.dep_ == "dobj" and q.head == p.head and p.head.lemma_.lower() in RUNNING and (any(
                c.lower_ == "only" for c in q.children) or _named_by_its_business(b if q == y else a)):
            return True
        if p.head == q and p.dep_ in ("appos", "attr", "relcl"):
            return True
        # "the only dietitian left for miles is my best friend": the parser makes the
        # title the subject of a clause that is itself the copula's subject
        if p.dep_ == "attr" and q.dep_ == "nsubj" and q.head.dep_ == "csubj" and q.head.head == p.head and p.head.lemma_ == "be":
            return True
        if p.head.head == q and p.head.dep_ in ("relcl", "appos") and p.dep_ in ("attr", "nsubj"):
            return True
    # "Dr. Weiss the pediatrician ... She's also my wife's sister"
    if x.dep_ == "attr" and y.i < x.i and any(c.lower_ == "also" for c in x.head.children):
        if any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in x.head.children):
            return True
    for p, q in ((x, y), (y, x)):
        # "my hospice nurse turns out to be my ex", "the dietitian happens to be my husband's sister"
        if p.dep_ == "attr" and p.head.lemma_ == "be" and p.head.dep_ == "xcomp" and p.head.head.lemma_ in _SEEMING:
            if any(c.dep_ == "nsubj" and c == q for c in p.head.head.children):
                return True
    # "Our village has one GP and he's also my dad": the same pronoun is both
    if x.dep_ == "attr":
        sx = [c.lower_ for c in x.head.children if c.dep_ == "nsubj"]
        if y.dep_ in ("attr", "nsubj"):
            sy = [c.lower_ for c in y.head.children if c.dep_ == "nsubj"] if y.dep_ == "attr" else [y.lower_]
            if sx and sx == sy and sx[0] in ("he", "she", "they"):
                return True
        # "There's a nurse in our community ... She's my tita", "everyone uses the
        # one Mennonite dentist. He's my brother": a he/she in the same sentence or one of the
        # two sentences, after the title
        if sx and sx[0] in ("he", "she") and y.dep_ in ("nsubj", "attr", "dobj", "pobj", "appos", "conj") and y.i < x.i:
            sents = [s.start for s in x.doc.sents]
            here = sents.index(x.sent.start)
            if y.sent.start in sents[max(here - 2, 0) : here + 1]:
                return True
    return False


_SEEMING = {"happen", "turn", "seem", "appear", "prove"}

# the poster names their own job only to set it aside: the story is about their care
# (in the sentence that names the job: "I'm a defense attorney, not that it matters here")
_OWN_JOB_SET_ASIDE = re.compile(
    r"\bnot that it matters\b|\b(?:this|it)(?: is|'s|’s)? ?(?:not|n't|n’t) about (?:that|my (?:job|work))\b"
    r"|\babout me as (?:a|the) (?:client|patient|customer)\b|\bas (?:a|the) (?:client|patient|customer) for once\b",
    re.IGNORECASE,
)


def _we_did_for_a_stretch(span: Span) -> bool:
    """'My ex ... We dated about a year': the couple's past, a stretch told in the past tense."""
    root = span.root
    return root.tag_ == "VBD" and any(c.dep_ == "nsubj" and c.lower_ == "we" for c in root.children) and any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in ("year", "month", "week", "summer", "semester") for c in root.children)


def _you_are_the_professional(reading: Reading) -> bool:
    """'Say you're a family lawyer and your best friend's husband calls you':
    the reader is cast as the professional, so "your" people are theirs."""
    pro = reading.professional
    if pro is None:
        return False
    root = pro.root
    return root.dep_ == "attr" and root.head.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "you" for c in root.head.children)


def _booked_with_them(span: Span) -> bool:
    """'her bf booked his cleaning with her', 'her husband signed up with her':
    the person books the work with the professional, told by a pronoun (not
    "goes with her to conferences")."""
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in ("book", "sign", "register", "schedule"):
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("with", "to") and any(g.lower_ in ("her", "him") for g in c.children) for c in verb.children)


def _theirs_served(doc: Doc) -> bool:
    """'Her hairdresser wants to start therapy with her': someone of the
    relative's (a job named by "her"/"his") asks for the work (not "Her husband
    wants her to say no")."""
    return any(
        s.label_ == "profession" and s.root.dep_ == "nsubj" and (o := possessor(s.root)) is not None and o.lower_ in ("her", "his")
        and s.root.head.lemma_.lower() in ("want", "ask", "book", "start", "need")
        and any(w.lemma_.lower() in _SESSION_WORDS or w.lemma_.lower() in SERVING_VERBS for w in s.root.head.subtree if w.i > s.root.head.i)
        for s in doc.spans[SPANS_KEY]
    )


def _we_are_friends(span: Span, professional: Span) -> bool:
    """'the accountant has done her books for years and they are also best
    friends': the two in the sentence, said to be friends with a plural
    pronoun (not "... our kids are in one class. They are best friends")."""
    root = span.root
    if root.dep_ != "attr" or root.head.lemma_ != "be" or root.lemma_.lower() not in ("friend", "mate", "buddy", "pal"):
        return False
    if professional.sent != span.sent or professional.start > span.start:
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in ("they", "we") for c in root.head.children)


def _one_of(tok: Token) -> Token:
    """'One of my closest friends is an NP': the "one" stands for the friend
    in a copula (not "one of our nurses, who's a friend, lost her dad")."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return tok  # the common case, tested first: this runs for every pair of spans
    one = tok.head.head
    return one if one.lower_ == "one" and one.dep_ in ("nsubj", "attr") and one.head.lemma_ == "be" else tok


class DualRoles:
    def __init__(self, knowledge: Knowledge) -> None:
        self.kb = knowledge

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[SPANS_KEY])
        reading = Reading()
        professions = [s for s in spans if s.label_ == "profession" and not s._.negated]
        # "since I'm not like, a therapist", "is yoga different from like therapy":
        # a job named to compare with is nobody in the story
        professions = [s for s in professions if not _set_beside(s)]
        if any(not _title_only(s) for s in professions):
            # "my vet, Dr. Amari": the job named says more than the title
            professions = [s for s in professions if not _title_only(s)]
        relationships = [s for s in spans if s.label_ == "relationship" and not s._.negated]
        # token indices of named people; "my daughter's therapy" names a service, not a person
        people = {s.root.i for s in professions + relationships if not _service_noun(s.root)}
        self._professional(doc, reading, professions, spans, people)
        reading.theirs_served = reading.poster_role == "third" and _theirs_served(doc)
        self._ties(reading, relationships, professions, people)
        self._romance(doc, reading, spans, professions, people)
        reading.pro_pronouns = _protagonist_pronouns(doc, reading)
        doc._.reading = reading
        return doc

    # -- who is the professional ------------------------------------------------
    def _professional(self, doc: Doc, reading: Reading, professions: list[Span], spans: list[Span], people: set[int]) -> None:
        best, best_score = None, -99.0
        best_is_relative = False
        poster_is_pro = False
        poster_is_client = False
        staff_poster = False  # "paralegal here": the poster tells a colleague's story
        for n, span in enumerate(professions):
            entry = self.kb.professions[span.kb_id_]
            score = GROUP_PRIORITY[entry.get("group")] - 0.01 * n
            owner = possessor(span.root)
            staff = _staff_beside(span, professions)
            staff_poster = staff_poster or (staff and is_poster_identity(span))
            if is_poster_identity(span) and _OWN_JOB_SET_ASIDE.search(span.sent.text):
                score -= 3  # "I'm a defense attorney, not that it matters here": the poster's own job set aside
            elif is_poster_identity(span) and not _title_only(span) and not staff:
                # not "Dr. Nguyen at my mom's clinic", nor "paralegal here ... one of our attorneys"
                score += 5
                poster_is_pro = True
            elif owner is not None and owner.lower_ in ("my", "our") and span.root.lemma_.lower() in _WORKPLACES:
                score += 5  # "my dental practice", "our law firm": the poster's own workplace
                poster_is_pro = True
            elif owner is not None and owner.lower_ in ("my", "our"):
                score += 3
                poster_is_client = True
            elif _serves_poster_in_span(span):
                # "the woman who does my EMDR", "the guy representing me in my custody
                # case": the poster is served; beside a job named outright ("a
                # psychiatrist ... the person who writes my prescriptions") it is a description
                score += 3 if len(professions) == 1 else 0
                poster_is_client = True
            elif owner is not None:
                score -= 1  # "our rabbi's wife": the wife is who the story is about
            if is_possessor_of_person(span, people):
                score -= 3  # "my daughter's soccer coach" is a tie, not the professional
            if span._.negated:
                score -= 6  # "it's not like she's my doctor", "not a lawyer, just a notary"
            if span.text.lower() in _ACTIVITY_NOUNS and any(p.text.lower() not in _ACTIVITY_NOUNS for p in professions):
                score -= 4  # "an OT ... until they're done with therapy": the service, not a second professional
            if _names_a_visit(span) and any(not _names_a_visit(p) for p in professions):
                score -= 4  # "one interpreter ... for my gynae appointment": the visit, not the one serving here
            if any(
                _poster_relative(r) and self.kb.relationships[r.kb_id_].get("kind") not in _SERVED_KINDS and linked(r, span)
                for r in spans if r.label_ == "relationship"
            ):
                # "my husband is a psychiatrist and says he could manage my meds":
                # the relative is the professional, the poster the one served
                score += 4
                # "...and he tested his mum's hearing": the one served is his relative, not the poster
                # "... Her hairdresser wants to start therapy with her": the one served is someone of theirs
                theirs = any(
                    (r.label_ == "relationship" or (r.label_ == "profession" and r is not span))
                    and (o := possessor(r.root)) is not None and o.lower_ in ("his", "her", "their")
                    for r in spans
                )
                poster_is_client = poster_is_client or not (is_poster_identity(span) or theirs)
                relative_is_pro = True
            else:
                relative_is_pro = False
            if score > best_score:
                best, best_score = span, score
                best_is_relative = relative_is_pro
        if best is None and (run := _business_run_by_a_tie(doc, spans)) is not None:
            # "my uncle runs the only funeral home in town": with no job named,
            # the business a relative or friend runs names the professional
            best, owner = run
            professions.append(best)  # the caller's list: ties and romances are read against it too
            poster_is_client = owner is not None and owner.lower_ in ("my", "our")
        if not poster_is_pro and not best_is_relative and not poster_is_client:
            # with a named professional in the story, "the weekend school I teach
            # at" does not make the poster the professional; with none, it does
            # (a plural "three accountants on the high street" is not a named professional)
            # nor is "the nearest accountant is an hour away": the alternatives, not the one in the story
            nobody_named = best is None or (best.root.tag_ == "NNS" and possessor(best.root) is None) or _names_alternatives(best, spans)
            poster_is_pro = any(_poster_serves(s, doing=nobody_named) for s in spans if s.label_ == "client")
            # "four or five farriers near here, but she rang me": the one chosen over them is the poster
            poster_is_pro = poster_is_pro or (nobody_named and best is not None and _asked_of_poster(doc, professions))
            # "I've got my own practice", "I run a small gym": the poster's own work
            # place makes the poster the professional even beside "some dentist she doesn't know"
            poster_is_pro = poster_is_pro or _works_for_a_living(doc)
        if not poster_is_pro and best is None:
            poster_is_pro = any(_serves_relative(s) for s in spans if s.label_ == "relationship")
        if not poster_is_pro and best is None and any(s.label_ == "client" for s in spans):
            # "I'm a farrier and ...": a job title we do not know, with clients in the story
            poster_is_pro = _unknown_job_identity(doc, spans)
        if not poster_is_pro and best is None:
            poster_is_pro = _headline_job(doc) or _works_for_a_living(doc)
        # "our rabbi is also a trained marriage counsellor", "a lecturer who does
        # therapy as a psychotherapist": one person, read by the regulated role
        if best is not None:
            for span in professions:
                group = self.kb.professions[span.kb_id_].get("group")
                if span._.negated or span.text.lower() in _ACTIVITY_NOUNS:
                    continue  # "we're not that kind of therapist"; "(hand therapy)" names the work, not a second role
                if len(span) < len(best) and span.root.lemma_.lower() == best.root.lemma_.lower():
                    continue  # "my massage therapist ... because she's a therapist": the same job, said shorter
                if GROUP_PRIORITY[group] > GROUP_PRIORITY[self.kb.professions[best.kb_id_].get("group")] and _same_person(span, best):
                    best = span
        reading.professional = best
        if best is not None:
            reading.profession = best.kb_id_
            reading.group = self.kb.professions[best.kb_id_].get("group")
        if staff_poster:
            poster_is_client = False  # "one of our attorneys": the poster's colleague, not the poster's lawyer
        if poster_is_pro:
            reading.poster_role = "professional"
        elif poster_is_client:
            reading.poster_role = "client"
        else:
            reading.poster_role = "third"

    # -- which relationships tie professional and client -------------------------
    def _ties(self, reading: Reading, relationships: list[Span], professions: list[Span], people: set[int]) -> None:
        for span in relationships:
            if is_possessor_of_person(span, people):
                continue
            root = span.root
            if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.is_alpha and root.head.i not in people \
                    and span.start == root.head.left_edge.i:
                continue  # "Child welfare social worker", "family court": a kind of work or place, not a person
            chain, owner, start = [span], "none", span.start
            if span[0].lower_ == "me":
                owner = "poster"  # "me mam", "me da"
            elif span.start > 0 and span.doc[span.start - 1].lower_ == "me":
                owner, start = "poster", span.start - 1
            if owner == "none" and len(span) > 2 and any(t.lower_ in ("i", "we") for t in span[1:]):
                owner = "poster"  # "the guy I work for", "the man I was married to"
            if owner == "none" and _bare_kin(span) and self.kb.relationships[span.kb_id_].get("kind") in ("family", "romantic"):
                owner = "poster"  # "Cousin needs help with her visa", "wife's back is wrecked": terse posts drop the "my"
            tok = span.root
            if possessor(tok) is None and tok.dep_ in ("compound", "amod") and possessor(tok.head) is not None:
                tok = tok.head  # "their own family members": the owner hangs off "members"
            for _ in range(4 if owner == "none" else 0):
                # hyphenated words parse oddly ("my ex-boyfriend": "my" hangs
                # off "boyfriend", not the span's root "ex")
                cur = span if tok == span.root else span_at(relationships, tok)
                if cur is None or len(cur) == 1:
                    p = possessor(tok)
                else:  # "my mother-in-law's best friend": "my" hangs off "mother"
                    # a possessive inside the span ("our kid") is its owner too
                    p = next(
                        (q for q in (possessor(t) for t in cur)
                         if q is not None and (not cur.start <= q.i < cur.end or q.lower_ in POSTER | THIRD_POSSESSIVE)),
                        None,
                    )
                if p is None:
                    break
                start = min(start, p.left_edge.i)
                if p.lower_ in POSTER:
                    owner = "poster"
                    break
                if p.lower_ in THIRD_POSSESSIVE or (p.lower_ == "your" and (_own(span) or _you_are_the_professional(reading)) and reading.poster_role == "third"):
                    # "could you treat your own husband?": put to the professionals, a story about them
                    owner = "third"
                    break
                rel = span_at(relationships, p)
                if rel is not None:
                    chain.insert(0, rel)
                    tok = p
                    continue
                pro = reading.professional
                named = span_at(professions, p)
                if named is not None or (pro is not None and p.lemma_.lower() == pro.root.lemma_.lower()):
                    # "a dentist's ex-wife became his patient" is his own tie, as is
                    # "the agent's brother-in-law" after "a real-estate agent";
                    # "our rabbi's wife is a psychologist" names someone else's
                    # "the lady ... got it half price because she's the vet's sister",
                    # after "at my vet": the same job with "the" is the same professional
                    same = pro is not None and (pro.start <= p.i < pro.end or named is None or (
                        named.kb_id_ == pro.kb_id_ and (named.start < pro.start or any(c.dep_ == "det" and c.lower_ == "the" for c in p.children))))
                    owner = "professional" if same else "other"
                elif p.lower_ in SERVICE_WORDS or p.lemma_.lower() in SERVICE_WORDS:
                    owner = "client"
                break
            if owner == "none" and _answered_with_mine(span):
                owner = "poster"  # "...if the borrower is their best friend? mine just applied"
            entries = [self.kb.relationships[s.kb_id_] for s in chain]
            # "my wife's best friend" is close; "my ex's best friend" is not
            # "my sister's husband" is family; "my cousin's partner", "my son's girlfriend" are not
            close = all(e.get("close") for e in entries) and (
                len(chain) == 1
                or (
                    len(chain) == 2
                    and entries[0].get("kind") in ("family", "romantic", "friend")
                    # "my cousin's husband" is family by marriage; "my cousin's boyfriend" is not yet
                    and (entries[0].id != "extended_family" or entries[1].get("kind") == "family" or entries[1].id == "close_friend"
                         or span.root.lower_ in SPOUSE_WORDS)
                    and (entries[1].get("kind") != "romantic" or span.root.lower_ in SPOUSE_WORDS)
                    and entries[1].get("kind") != "ex_partner"  # "my daughter's ex-boyfriend"
                    # a relative's friend is close only as a best or close friend ("my partner's work friend" is not)
                    and (entries[1].get("kind") != "friend" or any(w in span.doc[max(span.start - 2, 0) : span.end].text.lower() for w in _CLOSE_FRIEND_WORDS))
                )
            )
            evidence = span.doc[start:span.end]
            tie = Tie(span, chain, owner, evidence, close, entries[-1].get("kind"), entries[-1].get("power"))
            tie.relevant = self._relevant(reading, tie, professions)
            reading.ties.append(tie)

    def _relevant(self, reading: Reading, tie: Tie, professions: list[Span]) -> bool:
        role = reading.poster_role
        if any(c.lower_ in ("late", "deceased") for c in tie.span.root.children):
            return False  # "used to fish with my late father": the dead are no one's client
        if tie.owner in ("professional", "third") and tie.span.root.dep_ == "nsubj" and _side_by_side(tie.span.root):
            return False  # "her daughter is in my daughter's class": the children meet, nobody is served
        if tie.owner == "poster":
            if role == "professional":
                # "my cousin asked me to be her lawyer" is the client; "he's
                # coached both my kids" only mentions them
                return not _mentioned_by_someone_else(tie.span)
            if any(linked(tie.span, p) or _named_by_pronoun(tie.span, p) for p in professions):
                # "My mom's a counselor ... Her hairdresser wants therapy with her": the
                # relative is the professional, the one served someone of theirs
                return not (role == "third" and reading.theirs_served)
            if _served_by_stranger(tie.span, reading):
                return False  # "the man tutoring my son": the son is served, the poster is his parent
            # "my uncle does my taxes": no named profession, the tie is the story
            return reading.professional is None
        if tie.owner == "third":
            # "a lawyer representing their own brother", "his ex-girlfriend booked",
            # "our pastor is officiating his niece's wedding"
            return role == "third" or _own(tie.span) or _professionals_by_pronoun(tie, reading)
        if tie.owner == "professional":
            # "a dentist's ex-wife became his patient", "a psychotherapist's husband
            # asked her to treat his insomnia", not "my psychiatrist's son is in
            # my daughter's class"
            # "placed in her class": the professional's own class, not "my daughter's class"
            # "the piano teacher's own niece gets the finale slot", "she's the vet's
            # sister" beside "got it half price": a favour names the relative as served
            return _own(tie.span) or _favoured_beside(tie.span) or _done_by_them_themselves(tie.span) or any(
                _is_service_word(t) or (t.pos_ == "VERB" and t.lemma_.lower() in _WORK_VERBS) or t.lemma_.lower() in _SESSION_WORDS
                or (t.lemma_.lower() in ("class", "list", "books", "roster") and any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in t.children))
                # "a doc's close friend texts asking for a quick script"
                or (t.lemma_.lower() in _ASKED_FOR_WORK and t.dep_ == "pobj" and t.head.lower_ == "for")
                for t in tie.span.sent
            )
        if tie.owner == "none":
            if tie.kind in ("family", "romantic"):
                return False  # "a kid from my street", "the parents": nobody's relative
            return any(linked(tie.span, p) for p in professions) or (
                role == "professional" and tie.span.root.dep_ in ("nsubj", "dobj", "pobj", "attr", "appos", "nsubjpass")
                and tie.kind not in ("romantic",)
            ) or (reading.professional is not None and _we_are_friends(tie.span, reading.professional))
        return False

    # -- romance: with the client, or with someone else in the story --------------
    def _romance(self, doc: Doc, reading: Reading, spans: list[Span], professions: list[Span], people: set[int]) -> None:
        third_party = {t.span.root.i for t in reading.ties if self._third_party(reading, t, professions)}
        partners = {
            t.span.root.i: t for t in reading.ties
            if t.kind == "romantic" and t.relevant and len(t.chain) == 1 and t.span.root.tag_ != "NNS"  # "my partners" at the firm
        }
        sensitive = [s for s in spans if s.label_ == "sensitive"]
        # an ex, or a dating app met on, is not a romance with the client
        exes = [t.span for t in reading.ties if t.kind == "ex_partner"]
        # "met on a dating app" is where they met; "matched on hinge" is still a romance
        apps = [t.span for t in reading.ties if t.kind == "online"]
        explicit: list[tuple[Span, str]] = []
        vague: list[Span] = []
        own_ties = _poster_ties(reading)
        treats: list[Span] = []
        for span in spans:
            if span.label_ != "romance" or span._.negated:
                continue
            if any(t.lower_ in ("zero", "no") for t in span[1:]):
                continue  # "there's zero spark": the romance denied inside its own words
            if any(s.start <= span.start and span.end <= s.end for s in sensitive + apps) or any(s.start < span.end and span.start < s.end for s in exes):
                continue  # "sexual health clinic", "my ex-girlfriend" are not a romance
            if len(span) == 1 and span[0].lower_ in ("date", "dates") and any(c.dep_ == "compound" and c.i not in people for c in span[0].children):
                continue  # "a test date", "the court date"
            if len(span) == 1 and span[0].lower_ in ("date", "dates") and span[0].pos_ == "NOUN" and (
                    span[0].head.lemma_.lower() in ("make", "set", "pick", "fix", "give", "book", "hold", "save", "move", "change", "keep",
                                                    "push", "postpone", "delay", "bump", "reschedule")
                    or any(c.text[:1].isdigit() or c.lower_ in _MONTHS for c in span[0].children)):
                continue  # "whenever he can make a date", "I gave her the June 14 date": a time booked
            if len(span) == 1 and span[0].lower_ == "date" and span[0].dep_ == "pobj" and span[0].head.lower_ == "for" and \
                    span[0].head.head.lemma_.lower() in ("push", "ask", "wait", "press", "hope", "apply", "book", "beg") and any(
                    t.lemma_.lower() in _DATED_THINGS for t in span.sent):
                continue  # "not ready for his test, he keeps pushing for a date": a time asked for
            into = span[0].head
            if len(span) == 1 and span[0].lower_ in ("sex", "sexual") and span.root.dep_ in ("pobj", "conj") and any(
                    t.lower_ in ("about", "on") for t in doc[max(span.start - 6, 0) : span.start]):
                continue  # "the questions about her partner and sex": a topic, not a romance
            if span[-1].lower_ in ("sexually", "sexual") and span.end < len(doc) and doc[span.end].lower_ in _CLINICAL_AFTER_SEXUAL:
                continue  # "sexually active?", "sexual history": questions a clinician asks, not a romance
            if len(span) == 1 and span[0].lemma_.lower() == "crush" and span[0].pos_ == "VERB" and not any(t.lower_ == "on" for t in doc[span.end : span.end + 2]):
                continue  # "she's gonna crush it", "work is crushing me": beating, not a crush (but "crushing on him")
            # ("keeps inviting me": the subject hangs on "keeps")
            host = span[0].head if span[0].dep_ == "xcomp" else span[0]
            if span[0].lemma_.lower() in ("take", "invite") and (
                    any(c.dep_ == "nsubj" and (c.tag_ == "NNS" or c.lemma_.lower() in _GROUPS) for c in (*span[0].children, *host.children))
                    or (span[0].dep_ == "relcl" and (span[0].head.tag_ == "NNS" or span[0].head.lemma_.lower() in _GROUPS))):
                treats.append(span)
                continue  # "the parents who take me out for dinner", "one family keeps inviting me to dinner": hospitality, not a date
            if any(t.start <= span.start and span.end <= t.end for t in treats):
                continue  # its "out for dinner" too
            if span[-1].lower_ == "out" and any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in _THINGS_GOING_OUT
                    for v in (span[0], span[0].head) for c in v.children):
                continue  # "the pilot keeps going out": a flame, not a date
            if len(span) == 1 and span[0].lower_ == "sex" and _sex_as_topic(span[0]):
                continue  # "bladder leaks, sex after birth", "safe sex advice": a topic, not a romance
            if len(span) == 1 and span[0].lower_ == "sexual" and span[0].dep_ == "amod" and span[0].head.lemma_.lower() not in _ROMANTIC_SEXUAL:
                continue  # "a sexual piece he isn't saying", "sexual side effects": a topic, not a romance
            if any(t.lemma_.lower() in ("see", "meet") for t in span) and any(t.lower_ in ("socially", "professionally") for t in doc[span.end : span.end + 2]):
                continue  # "we'll be seeing each other socially": friends meeting, not dating
            # ("kinda into him": the tagger may make "kinda" the adjective it hangs on)
            if span[0].lower_ == "into" and (span[-1].dep_ == "poss" or not (into.lemma_ == "be" or (into.pos_ in ("ADV", "ADJ") and into.head.lemma_ == "be"))):
                continue  # "ran into her", "moved into her class": only "he's into her" is a romance
            if len(span) > 3 and span[-1].lower_ == "out" and span[-1].head != span[0]:
                continue  # "asked me to check out the gym": the "out" is another verb's
            if span[-1].lower_ == "out" and span.start < span.end - 1 and doc[span.end - 2].lower_ in ("straight", "right", "flat"):
                continue  # "asked me straight out if she's a VIP": bluntly, not a date
            if span[-1].lower_ == "out" and _out_to_a_place(span):
                continue  # "when I go out to his place": a farm call, not a date
            if span[-1].lower_ == "out" and span.end < len(doc) and doc[span.end].lower_ in ("on", "of"):
                continue  # "went out on a limb for him", "went out of my way"
            if span[0].lower_ == "not" and not any(t.lemma_.lower() in _OUTINGS for t in span.sent):
                continue  # "not as your advisor" is an invitation only beside coffee, dinner, a drink
            if span[-1].lower_ == "out" and any(c.dep_ == "nsubj" and c.lower_ in ("it", "that", "this", "things") for c in span[0].children):
                continue  # "just how it goes out here": things going, not a date
            if len(span) == 1 and span.root.pos_ == "NOUN" and span.root.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ in ("poss", "prep", "det") for c in span.root.children):
                continue  # "romance gets treated more harshly for therapists": the idea, nobody's romance
            if len(span) == 1 and span.root.pos_ == "NOUN" and span.root.dep_ == "attr" and not any(c.dep_ in ("poss", "det") for c in span.root.children) \
                    and any(c.dep_ in ("attr", "nsubj") and c.lemma_.lower() in _KINDS_OF_RULE for c in span.root.head.children):
                continue  # "or is romance the only thing that's banned?": a kind of tie asked about
            if any(s.label_ == "topic" and s.start <= span.start and span.end <= s.end and len(s) > len(span) and s[-1].lemma_.lower() in _RULE_WORDS for s in spans):
                continue  # "why is the romance rule so strict": the name of a rule
            if span.label_ == "romance" and span.root.i in partners:
                continue  # "my girlfriend" is the partner tie, handled below
            if _denied_hearsay(span):
                continue
            args = _romance_arguments(span)
            # "His fiancée has no idea we dated for three years", after "my ex-boyfriend"
            if _romance_over(span) or (exes and (_done_for_a_while(span) or _told_as_over(span) or _back_when(span) or _in_a_past_stage(span)
                                                  or _we_did_for_a_stretch(span))):
                # "we went out at college, twenty years ago"; "a woman my brother
                # went out with" is his past, not the professional's
                if not any(a.i in third_party or (a.dep_ == "nsubj" and any(t.span.root.i == a.i and t.owner == "poster" for t in reading.ties)) for a in args):
                    reading.past_romance.append(span)
                continue
            if _mutual_others(span) and not _professional_and_one_served(span, reading):
                continue
            if any(a.i in partners for a in args):
                reading.partner_client.append(partners[next(a.i for a in args if a.i in partners)])
                continue
            # "asked me out": the pronoun inside the cue is a participant too
            # "a bride whose brother keeps coming ... he's asked me out", "his
            # daughter drives him in and she and I have started seeing each other":
            # a pronoun or "we" stands for someone named earlier
            args = [_antecedent(a, third_party) or a for a in args]
            if span.kb_id_ == INTIMACY and _kin_or_friend_company(reading, span, args):
                continue  # "my sister stays over at my place since the surgery": family, not a romance
            if span.kb_id_ == INTIMACY and any(t.lemma_.lower() == "parent" for t in span) and reading.poster_role != "professional":
                continue  # "my therapist asked to meet my parents": a family session; the professional's own parents are met in a romance
            told_with_we = all(a.pos_ == "PRON" or a.lower_ in ("each", "other") or a.lemma_.lower() in _SPANS_OF_TIME for a in args)
            partner = _couple_partner(span, third_party) if told_with_we else None
            if partner is not None:
                args.append(partner)
            if reading.poster_role == "professional" and _lasting(span.root) and (
                any(a.i in own_ties for a in args)
                or (told_with_we and partner is None and _couple_partner(span, own_ties) is not None)
                # "My boyfriend is selling his condo ... We've been together almost a year"
                or (told_with_we and partner is None and any(a.lower_ in ("we", "us") for a in args)
                    and any(t.owner == "poster" for t in partners.values())
                    # not "we started dating six months after he hired me": a beginning, dated from the work
                    and not any(t.lemma_.lower() in ("start", "begin") for t in (span.root, span.root.head)))
            ):
                # "My receptionist and I have been seeing each other for a few
                # months and now she wants me to adjust her neck": a partner first
                reading.partner_romance.append(span)
                continue
            kind = self._romance_kind(reading, span, args + [t for t in span if (t.pos_ == "PRON" and t.lower_ != "there") or t.lower_ == "mine"], third_party)
            if kind == "client" and _their_relative_later(span, [a for a in args if not _inside(a, reading.professional)], spans):
                kind = "other"
            if kind == "client" and told_with_we and partner is None and any(a.lower_ in ("we", "us") for a in args) and any(
                    k == "other" and s.sent.start == span.sent.start and s.end <= span.start for s, k in explicit):
                kind = "other"  # "my patient's daughter stayed over ... we've been dating": the same couple
            if kind is None:
                vague.append(span)
            else:
                explicit.append((span, kind))
        # "I've started seeing a client": for the professional, "seeing" a client
        # outside sessions in the progressive means dating (the client's "seeing
        # my therapist" does not)
        if reading.poster_role == "professional":
            for tok in doc:
                if tok.lemma_ != "see" or tok.tag_ != "VBG":
                    continue
                if _denied_hearsay(doc[tok.i : tok.i + 1]):
                    continue  # "telling the others I'm 'seeing' one of the students ... that's it"
                verb = tok.head if tok.dep_ == "xcomp" else tok
                # "pharmacist at a chain store. started seeing a guy": the poster's job parsed as the subject
                own_job = reading.professional is not None and any(
                    c.dep_ == "nsubj" and reading.professional.start <= c.i < reading.professional.end for c in verb.children)
                if first_person_subject(tok) or (tok.dep_ == "xcomp" and first_person_subject(tok.head)) or _clipped_poster(tok) or own_job:
                    objs = [c for c in tok.children if c.dep_ == "dobj"]
                    if not objs and tok.dep_ == "relcl" and tok.head.lemma_.lower() in _SOMEONE:
                        objs = [tok.head]  # "a guy I've been quietly seeing": the one seen is what the clause describes
                    if objs and _served_ones_relative(objs[0]):
                        # "I've been seeing one of my students' dads": someone else in the story
                        reading.romance_with_other.append(doc[tok.i : objs[0].i + 1])
                    elif objs and any(_is_service_word(t) for o in objs for t in o.subtree) and not _of_someone_served(objs[0]) and not _booked(tok):
                        explicit.append((doc[tok.i : tok.i + 1], "client"))
                    elif objs and _fellow_professional(objs[0], reading):
                        # "I've been seeing one of the radiographers": a colleague, not the client
                        reading.romance_with_other.append(doc[tok.i : objs[0].i + 1])
                    elif objs and objs[0].lemma_.lower() in _SOMEONE and _lasting(tok) and _care_follows(tok, spans):
                        # "I've been seeing a guy for six months. He's just been
                        # admitted to my ward": an existing partner becomes the patient;
                        # "... seeing one of the registrars ... his daughter got admitted"
                        # is a romance with someone else in the story
                        seeing = doc[tok.i : objs[0].i + 1]
                        (reading.romance_with_other if _their_relative_later(seeing, objs, spans) else reading.partner_romance).append(seeing)
                    elif objs and objs[0].lemma_.lower() in _SOMEONE and _dating_sense(tok):
                        # "I started seeing a guy a few weeks ago - he's one of my
                        # clients"; "... and his sister is on my caseload" is a
                        # romance with someone else in the story
                        seeing = doc[tok.i : objs[0].i + 1]
                        (reading.romance_with_other if _their_relative_later(seeing, objs, spans) else vague).append(seeing)
        pro = reading.professional
        # with a relative as the professional the poster reads as their client, but
        # "my brother ... he's started seeing a woman he treated" is his story
        if reading.poster_role in ("third", "client") and pro is not None:
            # "a probation officer in our office is seeing one of the men on her
            # caseload": the professional, in the progressive, seeing someone served
            for tok in doc:
                if tok.lemma_ != "see" or tok.tag_ != "VBG":
                    continue
                # "he's started seeing a woman he treated": the subject of the verb it completes
                subj = next((c for c in (tok.head if tok.dep_ == "xcomp" else tok).children if c.dep_ in ("nsubj", "nsubjpass")), None)
                # the professional named, or a pronoun for them just after ("a physio and he's ...")
                pronoun_after = subj is not None and subj.lower_ in ("he", "she") and 0 <= subj.i - pro.end <= 6
                if subj is None or not (pro.start <= subj.i < pro.end or subj.lower_ in reading.pro_pronouns or pronoun_after):
                    continue
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if objs and objs[0].i in third_party and not _for_care(tok) and not _denied_hearsay(doc[tok.i : tok.i + 1]):
                    # "my therapist is seeing my flatmate": dating someone else in the story
                    explicit.append((doc[tok.i : tok.i + 1], "other"))
                    continue
                # one person ("one of the men on her caseload", "a woman he treated"), not a workload ("three of her clients a day")
                one = bool(objs) and (objs[0].lower_ in ("one", "someone") or objs[0].lemma_.lower() in _SOMEONE and objs[0].tag_ == "NN") and not any(t.lower_ in ("day", "week", "per") for t in tok.subtree) and not _for_care(tok)
                # "a woman he treated": the one served told by a clause about the work
                served = one and any(
                    _is_service_word(t) or t.lemma_.lower() in _CASELOADS or (t.dep_ == "relcl" and t.lemma_.lower() in SERVING_VERBS)
                    for t in objs[0].subtree
                )
                if served and not _of_someone_served(objs[0]) and not _denied_hearsay(doc[tok.i : tok.i + 1]):
                    explicit.append((doc[tok.i : tok.i + 1], "client"))
        kinds = {k for _, k in explicit}
        for span, kind in explicit:
            (reading.romance_with_other if kind == "other" else reading.romance_with_client).append(span)
        # "They started going out in January": a romance with only pronouns
        # follows the explicit ones; with none, it is about the client
        for span in vague:
            (reading.romance_with_other if kinds == {"other"} else reading.romance_with_client).append(span)
        third_ties = [t for t in reading.ties if t.owner in ("client", "other")]
        # a partner first named as someone else's link ("my husband's boss") is context
        context_partners = {
            s.root.lower_ for s in spans
            if s.label_ == "relationship" and s.root.dep_ == "poss" and s.root.head.i in people and not _taken_over_by_poster(s)
        }
        for i, tie in partners.items():
            if tie in reading.partner_client:
                continue
            if tie.span.root.dep_ not in ("nsubj", "nsubjpass") and any(s.label_ == "client" and linked(tie.span, s) for s in spans):
                # "a client I've done the books for has just become my fiancé": a
                # romance that began with a client, not a partner who became one
                # ("my wife is my patient" names the partner first)
                reading.romance_with_client.append(tie.evidence)
                continue
            if reading.poster_role == "client" and not (reading.professional is not None and linked(tie.span, reading.professional)):
                continue  # "see my husband and me as a couple": the client's own partner
            if (
                reading.poster_role == "third" and tie.owner == "poster" and reading.professional is not None
                and linked(tie.span, reading.professional) and not _poster_served(doc, spans)
            ):
                # "My husband is a dietitian. A bloke ... got referred to him", "my
                # girlfriend's an orthodontist and my little brother needs braces":
                # the partner serves someone else
                continue
            if any(linked(tie.span, t.span) for t in third_ties):
                continue  # "my client's daughter is my girlfriend": she is not the client
            if reading.poster_role == "professional" and reading.professional is not None and (
                    linked(tie.span, reading.professional) or _named_by_pronoun(tie.span, reading.professional)):
                # "my wife works as a hospice nurse", "... she's his assigned therapist": the partner holds the job
                continue
            if tie.span.root.dep_ in ("nsubj", "nsubjpass") and tie.span.root.head.dep_ == "relcl" and tie.span.root.head.head.i not in partners:
                continue  # "the site foreman where my husband works": the partner describes someone else
            root = tie.span.root
            if reading.poster_role == "professional" and (
                (root.dep_ == "conj" and root.head.lower_ == "me" and root.head.dep_ in ("dobj", "pobj", "dative"))
                or (root.dep_ in ("dobj", "pobj", "dative") and any(c.dep_ == "conj" and c.lower_ == "me" for c in root.children))
            ):
                continue  # "she invites me and my wife to her villa": the couple as guests
            if tie.span.root.lower_ in context_partners and not (reading.professional is not None and linked(tie.span, reading.professional)):
                continue  # "my husband's boss's wife wants to see me ... my husband is up for promotion"
            sents = [s.start for s in doc.sents]
            here = sents.index(tie.span.sent.start)
            nearby = set(sents[here : here + 2])
            pro = reading.professional
            # "my wife wants me to be her dentist": the care named in the sentence is hers
            hers = any(
                p.sent.start == tie.span.sent.start and (o := possessor(p.root)) is not None and o.lower_ in THIRD_POSSESSIVE
                for p in professions
            )
            # "Wife says why go elsewhere": a partner giving an opinion is not being served
            commenting = says(tie.span, _OPINION_VERBS) or _source_of_news(tie.span)
            # "can a psychotherapist do a few sessions with her own husband?"
            # "my sister is a hygienist and her bf just booked his cleaning with her"
            own_in_a_story = reading.poster_role == "third" and tie.owner == "third" and (_own(tie.span) or _booked_with_them(tie.span))
            near_service = (pro is not None and linked(tie.span, pro)) or hers or _served(tie.span) or tie.owner == "professional" or own_in_a_story or (
                reading.poster_role == "professional"
                and not commenting
                # "my wife's anxiety has got rough and she's asked me for sessions": poss too
                and (tie.span.root.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "conj") or (
                    # not "my husband's restaurant", "my wife's college roommate"
                    tie.span.root.dep_ == "poss" and not any(t.i in people for t in doc[tie.span.root.i + 1 : _possessed(tie.span.root).i + 1])
                    and _possessed(tie.span.root).lemma_.lower() not in CONTEXT_NOUNS | _WORKPLACES | _PREMISES | _PARTNERS_AFFAIRS))
                # "the woman who sings in the choir with my wife": company in someone else's doing
                and not _alongside(tie.span.root)
                # "my husband came in ... I was the one assigned to him", not
                # "my husband is our ward's bishop"
                and any(s.label_ in ("client", "intake") and s.sent.start in nearby for s in spans)
            )
            # the partner is the one person in the post; colleagues who give an
            # opinion ("my colleagues in the city say absolutely not") are not served
            only_person = [t for t in reading.ties if t.relevant and t.kind != "colleague"]
            # "Insurance agent. Girlfriend wants me to set up her car policy.": a
            # professional's post with their partner as the only person in it
            alone = (
                reading.poster_role == "professional"
                and not commenting
                and not (tie.span.root.dep_ == "nsubj" and tie.span.root.head.lemma_ == "be")  # "my husband is our bishop"
                and not _with_poster(tie.span.root)  # "My husband and I need help": the couple is served together
                # "Tax preparer": a service word inside the job title is no second client
                and not any(s.label_ == "client" and not any(overlaps(s, p) for p in professions) for s in spans)
                and only_person == [tie]
            )
            # "My girlfriend asked me to do her return": the partner asks the poster for the work
            asks_for_the_work = reading.poster_role == "professional" and (
                _asks_poster_to_work(tie.span.root)
                # "My wife's pregnant ... she really wants me to be her midwife"
                or any(
                    t.lower_ in ("she", "he") and t.i > tie.span.end and _asks_poster_to_work(t)
                    and (only_person == [tie] or _subject_just_before(tie.span, t))
                    for t in tie.span.doc
                )
            )
            # "My wife has been struggling ... I'm a psychologist ... shouldn't I just
            # treat her myself?": the only person in the post, served as "her"
            served_as_pronoun = (
                reading.poster_role == "professional"
                and only_person == [tie]
                and (any(
                    s.label_ == "client" and s.root.pos_ == "VERB" and s.start > tie.span.start
                    and any(c.dep_ == "dobj" and c.lower_ in ("her", "him", "them") for c in s.root.children)
                    for s in spans
                ) or any(
                    # "I've been adjusting her at the clinic", "I'll be doing her prenatal
                    # care": the poster's own work on them or on what is theirs
                    t.pos_ == "VERB" and t.i > tie.span.start and first_person_subject(t) and any(
                        c.dep_ == "dobj" and (
                            (c.lower_ in ("her", "him") and t.lemma_.lower() in _HANDS_ON)
                            or (t.lemma_.lower() in _HANDS_ON | _DOING_VERBS and c.pos_ == "NOUN" and c.i not in people
                                and any(g.dep_ == "poss" and g.lower_ in ("her", "his") for g in c.children)))
                        for c in t.children)
                    for t in doc
                ))
            )
            # "Our neighbour is suing my wife ... any issue with me appearing as her
            # attorney?": the poster's job named as hers, with her the one close
            # person in the post (the other side of a dispute is not served)
            as_their_professional = reading.poster_role == "professional" and [
                t for t in reading.ties if t.relevant and t.close] == [tie] and any(
                (o := possessor(p.root)) is not None and o.lower_ in ("her", "his") and p.root.dep_ in ("attr", "pobj")
                and any(t.lower_ in ("i", "me") for t in p.sent)
                for p in professions
            )
            # "My wife has been struggling since her mom passed ... if I do a handful of
            # sessions with her": sessions held with the partner, named by a pronoun
            held_with = reading.poster_role == "professional" and _sessions_with_them(tie.span)
            # "my husband's psychiatrist retired ... I could take over his meds"
            taken_over = reading.poster_role == "professional" and _taken_over_by_poster(tie.span)
            # "My wife runs DBT groups (she's a licensed therapist) ... I asked if I
            # could join her group": the partner is the professional, the poster served
            serves_poster = (
                reading.poster_role != "professional" and pro is not None and _named_by_pronoun(tie.span, pro) and _poster_served(doc, spans)
            )
            if near_service or alone or served_as_pronoun or asks_for_the_work or as_their_professional or taken_over or serves_poster or held_with:
                reading.partner_client.append(tie)

    @staticmethod
    def _romance_kind(reading: Reading, span: Span, args: list[Token], third_party: set[int]) -> str | None:
        """"client" when the romance joins the professional's side and the
        client's side, "other" when it joins either with someone else ("my
        therapist is dating my roommate", "her crush on the barista"), None when
        only pronouns are there to tell."""
        pro = reading.professional
        first_person = {"i", "me", "we", "us", "myself", "mine"}
        relevant = {t.span.root.i for t in reading.ties if t.relevant and t.span.root.i not in third_party}

        # "my client got engaged to my cousin": the professional's relative is someone else
        own_relatives = {
            t.span.root.i for t in reading.ties if t.owner == "poster" and (t.kind == "family" or (t.kind == "friend" and t.close))
        } if reading.poster_role == "professional" else set()

        # "my daughter's coach and I are seeing each other": the daughter is the
        # one served, the poster is her parent
        owner = possessor(pro.root) if pro is not None else None
        if owner is not None and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in pro.root.children):
            owner = None  # "my boyfriend's a personal trainer": the "'s" is "is", he is the trainer
        relatives_professional = owner is not None and (o := possessor(owner)) is not None and o.lower_ in ("my", "our") and any(
            s.label_ == "relationship" and s.start <= owner.i < s.end for s in span.doc.spans[SPANS_KEY])

        def pro_side(a: Token) -> bool:
            return (reading.poster_role == "professional" and a.lower_ in first_person) or (
                pro is not None and pro.start <= a.i < pro.end
            )

        def clients_relative(a: Token) -> bool:
            # when the poster is the one served ("she does my brows"), "my brother"
            # is the client's relative, not the client
            served = reading.poster_role == "client" or (reading.professional is None and reading.poster_role != "professional")
            return served and any(
                t.owner == "poster" and t.span.root.i == a.i and not (pro is not None and linked(t.span, pro)) for t in reading.ties
            )

        def client_side(a: Token) -> bool:
            # "a crush on my colleague" is on someone else, not on a client
            colleague = any(t.kind == "colleague" and t.span.root.i == a.i for t in reading.ties)
            if _of_someone_served(a) or a.i in own_relatives:
                return False  # "the older sister of one of my players"
            return _is_service_word(a) or (a.i in relevant and not colleague and not clients_relative(a)) or (
                reading.poster_role == "client" and a.lower_ in first_person and not relatives_professional
            )


        # "one of our instructors has been dating a member": with someone served
        # on the other side, the one with the job is the professional of the story
        served_arg = any(_is_service_word(a) for a in args)
        # "my kid's orthodontist is dating my boss": the poster's boss is not the kid served
        served_one = possessor(pro.root) if pro is not None else None
        poster_people = {t.span.root.i for t in reading.ties if t.owner == "poster" and t.kind not in ("romantic",)}
        mine = served_one is not None and (o := possessor(served_one)) is not None and o.lower_ in ("my", "our")
        unserved = poster_people - {served_one.i} if mine else set()
        third = [a for a in args if a.i in third_party or clients_relative(a) or _of_someone_served(a) or a.i in own_relatives or a.i in unserved
                 or _fellow_professional(a, reading, colleague_only=served_arg) or _one_of_the_others(a) or (_described_by_someone_served(a) and not pro_side(a))]
        has_pro, has_client = any(map(pro_side, args)), any(map(client_side, args))
        if reading.poster_role == "professional" and not has_pro and len(args) >= 2 and any(
                t.owner == "poster" and t.kind not in ("romantic", "family") and t.span.root.i == a.i and not _is_service_word(a)
                for a in args for t in reading.ties):
            return "other"  # "a client ... started dating my roommate": two others, not the poster
        if _named_newcomer_courted(span, args, first_person):
            return "other"  # "he's been on a few dates with Priya, who runs our front desk"
        if _we_are_the_partner_and_poster(reading, span, args):
            return "other"  # "my bf's mom (..., we've been together 6 yrs)": the couple is the poster and the bf
        if has_pro and _clients_named_apart(span.doc, [a for a in args if not pro_side(a)]):
            return "other"  # "dating the best man ... The bride and groom are my clients"
        if has_pro and has_client:
            return "client"
        if (not has_pro and any(t.lower_ in ("engaged", "married") for t in span)
                and not any(t.lower_ == "to" for t in span.doc[span.end : span.end + 2])
                and (who := args or [c for t in span for c in t.children if c.dep_ in ("nsubj", "nsubjpass")])
                and all(a.pos_ in ("NOUN", "PROPN") and not _is_service_word(a) for a in who)):
            return "other"  # "my roommate got engaged": their own news, with no one named on the other side
        if third:
            return "other"  # one side with someone else in the story
        if has_pro and not has_client and _client_is_their_relative(span.doc, [a for a in args if not pro_side(a)]):
            return "other"  # "we've been on 3 dates ... her brother is my client"
        if relatives_professional and any(a.lower_ in first_person for a in args) and not has_client:
            return "other"  # the poster, parent of the one served
        others = [a for a in args if not pro_side(a)]
        if has_pro and not has_client and others and all(a.lower_ in ("he", "him", "she", "her", "they", "them") for a in others):
            # "... fallen hard for her coworker ... asking him to dinner": a bare
            # pronoun follows the romances named outright (with none, the client)
            return None
        if has_pro or has_client:
            return "client"  # the other side is a pronoun or "a woman", "someone"
        owned_by_third = any(c.dep_ == "poss" and c.lower_ in THIRD_POSSESSIVE for t in span for c in t.children)
        # a place is not a person: "left his number in the tip envelope"
        people_args = [a for a in args if not (a.dep_ == "pobj" and a.head.lower_ in _PLACE_PREPS)]
        if owned_by_third and any(a.pos_ in ("NOUN", "PROPN") and a.lemma_.lower() not in _SOMEONE for a in people_args):
            return "other"  # "her crush on our postman": the client's romance with someone else
        people_named = [a for a in args if a.lemma_.lower() not in _OUTINGS]  # "asking him out for dinner": the dinner is no one
        if people_named and all(a.lower_ in ("they", "them", "he", "him", "she", "her") for a in people_named):
            return None  # "they're together", "asking him to dinner": the romance named elsewhere decides
        return "client" if any(a.pos_ in ("NOUN", "PROPN", "PRON") for a in args) else None

    @staticmethod
    def _third_party(reading: Reading, tie: Tie, professions: list[Span]) -> bool:
        """Someone in the story who is not the client: the client's relatives,
        the poster's own relatives when the poster is the client, anyone named
        through someone else ("the striker's sister")."""
        if tie.owner in ("client", "professional", "other"):
            return True
        if tie.owner == "third" and reading.poster_role != "third":
            return True  # "his dad just started dating my roommate": the client's father
        if tie.owner == "poster" and reading.poster_role == "client":
            return not any(linked(tie.span, p) for p in professions)
        if tie.owner == "none" and tie.span.root.tag_ == "NNS":
            return True  # "one of the other mums"
        if tie.owner == "none" and tie.kind == "ex_partner" and any(c.lower_ == "the" for c in tie.span.root.children):
            return True  # "split from her boyfriend ... now the ex has asked me out": hers
        # "a pupil's mum": someone's relative, whoever they are
        return tie.owner == "none" and (possessor(tie.chain[0].root) is not None or possessor(tie.span.root) is not None)


_THIRD_PERSON = {"he", "she", "they", "him", "her", "them"}


def _named_as_served(name: Token) -> bool:
    """"Tom, one of her clients", "Jake, a current client of hers": the name is the client."""
    told = [name, *(t for c in name.children if c.dep_ in ("appos", "acl", "relcl", "prep") for t in c.subtree)]
    if name.dep_ == "appos":
        told.append(name.head)
    return any(_is_service_word(t) for t in told)


_COUPLE_STATES = {"together", "married", "engaged", "partner", "partners"}


def _we_are_the_partner_and_poster(reading: Reading, span: Span, args: list[Token]) -> bool:
    """A couple's "we" ("we've been together 6 yrs") when the poster's partner
    is only named as the client's relative ("my bf's mom"): the "we" is the
    poster and that partner. A new act ("we kissed") is not read this way."""
    if not any(t.lower_ in _COUPLE_STATES for t in span):
        return False
    people = [a for a in args if a.pos_ in ("PRON", "PROPN")]
    if not people or any(a.lower_ not in ("we", "us") for a in people):
        return False
    poster_ties = [t for t in reading.ties if t.owner == "poster"]
    partner_named_apart = any(len(t.chain) > 1 and t.chain[0].kb_id_ == "spouse" for t in poster_ties)
    partner_alone = any(len(t.chain) == 1 and t.kind == "romantic" for t in poster_ties)
    return partner_named_apart and not partner_alone


def _named_newcomer_courted(span: Span, args: list[Token], first_person: set[str]) -> bool:
    """A romance between someone told by a pronoun and a person named for the
    first time right there ("she's been flirting with Marco at the front desk",
    "he asked my coworker Jen out"): the one named is someone else in the story,
    not the professional or the client the post has been about."""
    doc = span.doc
    seen = {t.lower_ for t in doc[: span.start]}
    # a name as people write one: "Priya", not "DMs" or a tagger's guess at "oot"
    names = [a for a in list(args) + list(span) if a.pos_ == "PROPN" and a.text.istitle() and a.text.isalpha()
             and a.lower_ not in seen and a.i >= span.start and not _named_as_served(a)]
    if not names or any(a.lower_ in first_person and a.dep_ != "poss" for a in args):
        return False
    subj = next((c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and span.root.dep_ in ("pobj", "dobj"):
        verb = span.root.head.head if span.root.head.pos_ == "ADP" else span.root.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return any(a.lower_ in _THIRD_PERSON for a in args) or (subj is not None and subj.lower_ in _THIRD_PERSON)


def _named_by_pronoun(tie: Span, job: Span) -> bool:
    """'My wife runs DBT groups (she's a licensed therapist)': the job given
    to a he/she whose nearest person of that gender is the tie."""
    root = job.root
    if root.dep_ != "attr" or root.head.lemma_ != "be" or job.start < tie.end:
        return False
    subj = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
    words = _PRONOUN_GENDER.get(subj.lower_) if subj is not None else None
    if not words or subj.i - tie.end > 30:
        return False
    between = [t for t in tie.doc[tie.end : subj.i] if t.lower_ in words and t.pos_ in ("NOUN", "PROPN")]
    return tie.root.lower_ in words and not between


def _described_by_someone_served(arg: Token) -> bool:
    """'the man who drives one of my clients to her appointments': someone told
    by what they do for a client is not that client."""
    return any(
        # not "a guy who used to be her client", "someone she stopped seeing as a client": those name him
        c.dep_ in ("relcl", "acl") and not any(t.lemma_ == "be" for t in c.subtree) and any(
            t.i != arg.i and _is_service_word(t) and t.dep_ not in ("attr", "acomp") and t.head.lower_ != "as" for t in c.subtree)
        for c in arg.children
    )


def _one_of_the_others(arg: Token) -> bool:
    """'one of the other runners', 'one of the other guys in the crew': someone
    set apart from the one already named."""
    return arg.lower_ == "one" and any(
        o.dep_ == "pobj" and any(g.lower_ == "other" for g in o.children)
        for c in arg.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children)


def _fellow_professional(arg: Token, reading: Reading, colleague_only: bool = False) -> bool:
    """'I'm dating a radiologist at my hospital', 'one of the respiratory
    therapists', 'my colleague is dating one of my clients': someone named by a
    job of their own, or as a colleague, is not the client."""
    if arg.lower_ == "one":  # "one of the respiratory therapists"
        arg = next((o for c in arg.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), arg)
    pro = reading.professional
    if pro is not None and pro.start <= arg.i < pro.end:
        return False
    if any(c.dep_ == "compound" and c.lemma_.lower() in ("student", "trainee", "apprentice") for c in arg.children):
        return False  # "my student pilot": a learner of the job, the one served
    # "a colleague of mine, an employment lawyer, started sleeping with the client" is the professional
    if any(t.kind == "colleague" and t.span.root.i == arg.i and not (pro is not None and linked(t.span, pro)) for t in reading.ties):
        return True
    # the professional's own job named again ("the vet who treats my horse ... our vet") is the same person
    return not colleague_only and arg.pos_ == "NOUN" and any(
        s.label_ == "profession" and s.root.i == arg.i and not s._.negated and (pro is None or s.kb_id_ != pro.kb_id_)
        for s in arg.doc.spans[SPANS_KEY])


_PLACE_PREPS = {"in", "at", "into", "inside", "under", "from"}
# what a romance is named as when it is only a kind of tie asked about
_KINDS_OF_RULE = {"thing", "rule", "exception", "line", "issue", "problem"}
# hosts who are more than one person: their dinner is hospitality
_GROUPS = {"family", "couple", "household", "congregation", "team"}
# what "not as friends" or "not as your advisor" invites someone to
_OUTINGS = {"coffee", "dinner", "drink", "lunch", "hang", "date", "movie", "brunch", "walk", "meet", "out"}
_MONTHS = MONTHS | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


# people the story does not name: a romance with "a woman" or "someone" is read
# as with the client unless something says otherwise
_SOMEONE = {"woman", "man", "guy", "girl", "lady", "bloke", "person", "someone", "somebody", "one", "lad",
            "lass", "fella", "dude", "chap", "boy", "each", "other", "owner", "buyer", "seller", "tenant"}


_TEAM_WORDS = {"player", "players", "swimmer", "swimmers", "athlete", "athletes", "member", "members", "tenant", "tenants", "men", "women", "kids"}


def _with_poster(tok: Token) -> bool:
    """'my husband and I', 'me and my wife': the person joined to the poster."""
    return any(c.dep_ == "conj" and c.lower_ in ("i", "me") for c in tok.children) or (
        tok.dep_ == "conj" and tok.head.lower_ in ("i", "me"))


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


ASKING = frozenset({"ask", "want", "beg", "need", "expect", "get"})
_NOT_WORK = frozenset({"be", "have", "go", "come", "get", "know", "think", "say", "tell", "stop", "leave", "help", "move", "marry", "meet"})


def poster_asked_to_do(work: Token) -> bool:
    """'asked me to do...', 'wants me to train him': the poster is the one asked
    to do `work` (a verb under the verb of asking)."""
    return any(c.lower_ == "me" and c.dep_ in ("nsubj", "dobj") for c in work.head.children) or any(
        c.lower_ == "me" and c.dep_ == "nsubj" for c in work.children) or (
        # "asked if I'd see her", "asked whether I could take him on"
        work.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in work.children)
        and any(c.lower_ == "i" and c.dep_ == "nsubj" for c in work.children))


def _asks_poster_to_work(person: Token) -> bool:
    """'asked me to do her return', 'wants me to cut his hair': the person is
    the subject of asking and the poster the one who would do the work for them."""
    verb = person.head
    if person.dep_ != "nsubj" or verb.lemma_.lower() not in ASKING:
        return False
    # "do her return" is hers; "help her sister" serves someone else
    people = [s for s in person.doc.spans[SPANS_KEY] if s.label_ == "relationship"]
    jobs = [s for s in person.doc.spans[SPANS_KEY] if s.label_ == "profession"]
    if any(c.dep_ == "dobj" and c.lower_ == "me" for c in verb.children) and any(
        p.dep_ == "prep" and p.lower_ == "as" and any(
            o.dep_ == "pobj" and any(g.dep_ == "poss" and g.lower_ in ("her", "his", "their") for g in o.children)
            and any(j.start <= o.i < j.end for j in jobs) for o in p.children)
        for w in (verb, *verb.children) for p in w.children
    ):
        return True  # "he wants me as his agent"
    if verb.lemma_.lower() in ("want", "need") and any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" and span_at(people, c) is None
        and any(p.dep_ == "prep" and p.lower_ == "from" and any(o.lower_ == "me" for o in p.children) for p in (*c.children, *verb.children))
        for c in verb.children
    ):
        return True  # "my girlfriend wants a full back piece from me"
    for work in verb.children:
        if work.dep_ not in ("xcomp", "ccomp") or work.pos_ not in ("VERB", "AUX"):
            continue
        if work.lemma_.lower() == "be" and poster_asked_to_do(work) and any(
            c.dep_ == "attr" and any(g.dep_ == "poss" and g.lower_ in ("her", "his", "their") for g in c.children)
            and any(s.label_ == "profession" and s.start <= c.i < s.end for s in person.doc.spans[SPANS_KEY])
            for c in work.children
        ):
            return True  # "she wants me to be her midwife"
        if work.pos_ != "VERB" or work.lemma_.lower() in _NOT_WORK:
            continue
        by_poster = poster_asked_to_do(work)
        # "My wife needs her gallbladder out ... She wants me to do it": the work
        # named before, done for the one asking
        the_work = work.lemma_.lower() in ("do", "handle", "fix", "treat", "perform") and any(
            c.dep_ == "dobj" and c.lower_ == "it" for c in work.children)
        for_them = the_work or any(
            c.dep_ in ("dobj", "dative") and (c.lower_ in ("her", "him", "them") or (
                any(g.dep_ == "poss" and g.lower_ in ("her", "his", "their") for g in c.children)
                and span_at(people, c) is None and c.pos_ != "PROPN"))
            for c in work.children
        )
        if by_poster and for_them:
            return True
    return False


def _of_someone_served(tok: Token) -> bool:
    """'the cousin of a client', 'the older sister of one of my players', 'the
    girlfriend of one of the men I supervise': someone else, named through the
    one served."""
    if tok.pos_ not in ("NOUN", "PROPN") or _is_service_word(tok):
        return False
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for t in prep.subtree:
                if t.i == prep.i:
                    continue
                # "the men I supervise" (people); "a wedding I'm planning" is the work itself
                if _is_service_word(t) or t.lower_ in _TEAM_WORDS or (
                        t.dep_ == "relcl" and first_person_subject(t) and t.head.lower_ in _TEAM_WORDS | {"people", "guys", "lads", "folks"}):
                    return True
    return False


def _served_ones_relative(tok: Token) -> bool:
    """'one of my students' dads', 'a client's brother': a person named as
    belonging to someone served."""
    if tok.lower_ in ("one", "some", "any"):
        tok = next((o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), tok)
    return tok.pos_ in ("NOUN", "PROPN") and not _is_service_word(tok) and any(
        c.dep_ == "poss" and _is_service_word(c) for c in tok.children)


def _answered_with_mine(span: Span) -> bool:
    """A general question answered for the poster's own case: "does that include
    cousins? Mine just got served papers", "when the pharmacist is your mate?
    mine literally is". Not "a friend of mine", which names its owner itself."""
    doc = span.doc
    return any(
        t.lower_ == "mine" and doc[t.i - 1].lower_ != "of" and t.sent.start > span.sent.start
        for t in doc[span.end : span.end + 25]
    )


def _is_service_word(tok: Token) -> bool:
    return tok.lower_ in SERVICE_WORDS or tok.lemma_.lower() in SERVICE_WORDS


# where a relative merely takes the poster: "my kid's swim meets", "my sister's birthday party"
_OCCASIONS = {"meet", "game", "match", "party", "birthday", "recital", "concert", "graduation", "christening", "funeral", "pickup", "tournament", "carnival"}


_ONLOOKING = {"tease", "joke", "laugh", "rib", "warn", "gossip", "comment", "reckon"}


def _jokes_about_it(verb: Token) -> bool:
    """Joking or teasing about the arrangement itself ("making little jokes about it")."""
    joking = verb.lemma_.lower() in _ONLOOKING or (
        verb.lemma_.lower() in ("make", "crack") and any(c.dep_ == "dobj" and c.lemma_.lower() in ("joke", "comment", "crack") for c in verb.children))
    about_it = any(p.lower_ == "about" and any(g.lower_ in ("it", "this", "that") for g in p.children)
                   for t in (verb, *verb.children) for p in t.children if p.dep_ == "prep")
    # "my sister keeps making jokes about it but she really wants me to do her taxes": the one asking is served
    # (up to the full stop: the parser may start a sentence at "but")
    if not (joking and about_it):
        return False
    for t in verb.doc[verb.i + 1 : verb.i + 40]:
        if t.text in (".", "!", "?"):
            break
        if t.lemma_.lower() in ("want", "ask", "need", "beg"):
            return False
    return True


def _mentioned_by_someone_else(span: Span) -> bool:
    """The tie is the object of a verb whose subject is a third person: "he's
    coached both my kids", "she used to babysit my kids", "one of my patients
    teaches piano to my kids"; a colleague's or a classmate's relative
    ("someone who works with my brother", "in my sister's year at school");
    someone who works for the child ("my son's Year 4 teacher"); or only the
    owner of the occasion where people met ("my kid's swim meets")."""
    root = span.root
    if root.dep_ == "poss" and root.head.lemma_.lower() in _OCCASIONS:
        return True  # "chatted to her at my kid's swim meets": the relative is only where they met
    if root.dep_ == "poss" and root.head.lemma_.lower() in _SHARED_GROUPS | _SCHOOLING and root.head.dep_ == "pobj" and root.head.head.lower_ in ("in", "from"):
        return True  # "she was in my sister's year at school", "one of the mums from my son's nursery"
    if root.dep_ == "poss" and root.lemma_.lower() in _SOMEONES_CHILD and any(
            p.label_ == "profession" and p.root.lemma_.lower() not in _SESSION_WORDS | _OVER_THE_CHILD and p.root.tag_ == "NN"
            and (p.start <= root.head.i < p.end or p.start <= root.head.head.i < p.end) for p in span.doc.spans[SPANS_KEY]):
        return True  # "the owner is my son's Year 4 teacher": the client works for the child
    if root.dep_ == "nsubj" and _side_by_side(root):
        return True  # "our kids play together", "our kids are in the same class"
    if root.dep_ == "nsubj":
        verbs = [root.head, *(c for c in root.head.children if c.dep_ == "xcomp")]
        if root.tag_ == "NNS" and any(v.lemma_.lower() in _ONLOOKING for v in verbs):
            return True  # "my friends keep teasing me about it": onlookers, not the one served
        if any(_jokes_about_it(v) for v in verbs):
            return True  # "my partner keeps making little jokes about it"
    if root.dep_ not in ("dobj", "pobj"):
        return False
    verb = root.head if root.dep_ == "dobj" else root.head.head
    if root.dep_ == "pobj" and root.head.lower_ == "with" and verb.lemma_.lower() in _WORKING_BESIDE and not any(
            c.dep_ == "nsubj" and c.lower_ in POSTER for c in verb.children):
        return True  # "someone who works with my brother": a colleague of the relative
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.lower_ in ("me", "us") for c in verb.children):
        return False
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and verb.dep_ == "xcomp":
        # "we hired M to babysit our kids": the one hired does it; "one of my
        # clients used to babysit my kids", parsed as a phrase: the one it hangs on
        subj = [c for c in verb.head.children if c.dep_ == "dobj"] or ([verb.head.head] if verb.head.dep_ == "acl" else [])
    if not subj:
        return False
    who = subj[0]
    # "he's coached both my kids", "one of my clients used to babysit my kids"
    # ("one of my patients teaches piano to both my kids": the children are taught, by the client)
    return who.lower_ in ("he", "she", "they") or (
        (root.dep_ == "dobj" or (root.dep_ == "pobj" and root.head.lower_ in ("to", "for") and root.head.head.i == verb.i
                                 and (who.pos_ in ("PROPN", "NUM") or _is_service_word(who))))
        and root.lemma_.lower() in _SOMEONES_CHILD and who.pos_ in ("NOUN", "PROPN", "NUM") and who.lower_ not in POSTER)


_SHARED_GROUPS = {"class", "team", "group", "league", "club", "squad", "troop", "choir", "nursery", "cohort", "pool", "gym", "unit",
                  "study", "circle"}


_WORKING_BESIDE = {"work", "study", "train", "serve", "volunteer"}
# what a "date" may be set for
_DATED_THINGS = {"test", "exam", "hearing", "surgery", "operation", "court", "trial", "appointment", "assessment", "audition", "grading"}
# a partner's own affairs that someone else decides ("votes on renewing my husband's contract")
_PARTNERS_AFFAIRS = {"contract", "job", "promotion", "career", "position", "tenure", "visa", "post", "application"}
# what makes a relative's friend close to the professional too ("my sister's best friend", not "my partner's work friend")
_CLOSE_FRIEND_WORDS = ("best", "close", "oldest", "dear", "bff", "bestie", "bezzie", "maid of", "bridesmaid", "good friend", "childhood",
                       "gentleman friend", "lady friend")
_SCHOOLING = {"year", "grade", "form", "school", "nursery", "preschool", "kindergarten"}
# who holds sway over a child ("my kid's principal" still pulls on the professional)
_OVER_THE_CHILD = {"principal", "headteacher", "headmaster", "headmistress", "head", "coach", "judge", "boss", "manager"}


def _alongside(tok: Token) -> bool:
    """A partner named as company in someone else's doing: "the woman who sings in
    the choir with my wife" ("I've been with my girlfriend two years" is the couple)."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "with":
        return False
    verb = tok.head.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return verb.pos_ == "VERB" and subj is not None and subj.lower_ not in POSTER


def _side_by_side(subj: Token) -> bool:
    """Children told as doing something together or in the same place as the
    client's, not as served ("our kids play together", "in the same class",
    "her daughter is in my daughter's class"), or a relative told as a member
    of the client's circle ("my wife is in her study group")."""
    verb = subj.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if subj.lemma_.lower() not in _SOMEONES_CHILD:
        # "my wife is in her Qur'an study group": a relative who is a member of the client's circle
        return verb.lemma_.lower() == "be" and any(
            t.lemma_.lower() in _SHARED_GROUPS and t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.i == verb.i
            and any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in t.children) for t in verb.subtree)
    # ("a junior at the same school" only says where the child is; "our kids swim
    # at the same club" says they meet there, and so does "her daughter is in my daughter's class")
    return any(t.lower_ == "together" or (t.lower_ == "same" and t.head.lemma_.lower() in _SHARED_GROUPS)
               or (t.lemma_.lower() in _SHARED_GROUPS and t.dep_ == "pobj" and any(
                   c.dep_ == "poss" and c.lemma_.lower() in _SOMEONES_CHILD for c in t.children))
               or (t.lower_ == "other" and t.i > 0 and t.doc[t.i - 1].lower_ == "each")
               for t in verb.subtree if t.i > subj.i)


def _same_person(a: Span, b: Span) -> bool:
    """Two job titles for one person: linked by a copula, or said in a relative
    clause of the other ("a lecturer who also does therapy as a psychotherapist")."""
    if linked(a, b):
        return True
    for child in b.root.children:
        if child.dep_ == "relcl" and a.root.i in {t.i for t in child.subtree}:
            return True
    return False


# the cue entry (knowledge/cues.toml) of romances told only by what happens
INTIMACY = "intimacy"


def _kin_or_friend_company(reading: Reading, span: Span, args: list[Token]) -> bool:
    """Nights over, texts every night or held hands with a relative or a close
    friend the post is about ("my little sister stays over at my place since the
    surgery", "my best friend texts me every night"): company, not a romance.
    Only when everyone named in it is that relative or friend, or, told with
    pronouns alone, when the poster's own relative or friend is in the story."""
    # not the parents met in "she's meeting my parents": they are the intimacy itself
    met = [s for s in span.doc.spans[SPANS_KEY] if s.kb_id_ == INTIMACY]
    # named before it, as the one its pronouns stand for; not the professional ("My buddy's an attorney")
    pro = reading.professional
    verb = span.root if span.root.pos_ in ("VERB", "AUX") else verb_above(span.root)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if pro is not None and subj is not None and pro.start <= subj.i < pro.end:
        return False  # "her lawyer is staying over at her place": the professional's nights, not a friend's
    kin = [t for t in reading.relevant_ties
           if t.kind in ("family", "friend") and t.evidence.start < span.start and not any(overlaps(t.evidence, s) for s in met)
           and not (pro is not None and linked(t.span, pro))]
    named = [a for a in args if a.pos_ in ("NOUN", "PROPN")]
    if named:
        return bool(kin) and all(any(t.evidence.start <= a.i < t.evidence.end for t in kin) for a in named)
    # told with pronouns only: the pronouns stand for the poster's own relative or
    # friend, not for a client who is someone's relative ("my best friend's cousin")
    return any(t.owner == "poster" and len(t.chain) == 1 for t in kin)


_OVER = {"ago", "ended", "over", "split", "broke", "divorced", "college", "uni", "university", "school"}


def verb_above(tok: Token) -> Token:
    """The nearest verb above a word (the top of the parse when none is)."""
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _dates_its_own_clause(ago: Token, root: Token) -> bool:
    """'a month ago I drove her home ..., she kissed me': the "ago" belongs to a verb
    other than the romance's, with a subject of its own ("which was years ago"
    still dates the romance)."""
    verb = verb_above(ago)
    return verb.i != root.i and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("which", "that", "it", "this") for c in verb.children)


def _romance_over(span: Span) -> bool:
    """'we went out for a year, it ended fifteen years ago', 'someone I went
    out with at college': a past romance, told in the past tense with an end."""
    root = span.root
    if root.pos_ == "NOUN" and root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "VERB" and not any(
            c.dep_ == "prt" for c in root.head.head.children):
        # "went on exactly one date with a guy back in 2009"; not "we ended up on a date"
        root = root.head.head
    if root.tag_ not in ("VBD", "VBN") and not any(t.tag_ in ("VBD", "VBN") for t in span):
        return False
    # the end must belong to the romance, not to its subject ("a guy who used
    # to come to her classes asked her out" is a romance now)
    subject = {t.i for c in root.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    clause = [t for t in root.subtree if t.i not in subject]
    if root.dep_ == "relcl":  # "someone I went out with at college"
        clause += [t for t in root.head.subtree if t.i not in subject]
    doc = span.doc
    # "we dated years back - it ended badly in 2015", "a few times back in 2018"
    looking_back = any(
        t.lower_ == "back" and ((t.i > 0 and doc[t.i - 1].lower_ in ("years", "months", "way", "ages", "while"))
                                or (t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "in" and doc[t.i + 2].like_num))
        for t in clause
    )
    ended_after = any(t.lower_ in ("ended", "split", "broke", "divorced", "separated") for t in span.sent if t.i > span.end)
    # "a client from six years ago asked me out": the "ago" dates the client
    dated_person = {t.i for t in clause if t.lower_ == "ago" and any(x.lower_ == "from" for x in doc[max(t.i - 4, 0) : t.i])}
    # "got together a month ago", "started seeing him weeks ago": the "ago" dates the start
    beginning = root.lemma_.lower() in ("get", "hook", "start", "begin") or root.head.lemma_.lower() in ("start", "begin")
    if beginning:
        dated_person |= {t.i for t in clause if t.lower_ == "ago"}
    # "a month ago I drove her home ..., she kissed me": the "ago" dates another clause
    dated_person |= {t.i for t in clause if t.lower_ == "ago" and _dates_its_own_clause(t, root)}
    # "a man she dated for two years", "has no idea we dated": a finished stretch, told in the simple past
    finished = root.lemma_.lower() == "date" and root.tag_ == "VBD" and (
        any(c.dep_ == "prep" and c.lower_ == "for" and any(o.lemma_.lower() in _SPANS_OF_TIME for o in c.subtree) for c in root.children)
        or root.head.lemma_.lower() in ("idea", "know", "forget", "remember"))
    return finished or looking_back or ended_after or any(
        t.lower_ in _OVER and t.i not in dated_person and not _more_than(t) and not _come_over(t) and not _over_a_stretch(t) for t in clause) or any(
        t.lower_ == "used" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to" for t in clause
    )


# what follows "sexual(ly)" in a clinical history rather than a romance
_CLINICAL_AFTER_SEXUAL = {"active", "transmitted", "transmissible", "history", "health", "partners", "dysfunction", "orientation"}


def _back_when(span: Span) -> bool:
    """'the piece I did on her back when we were together': a time told as past."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    return "when" in before and span[0].lower_ in ("were", "was")


def _source_of_news(span: Span) -> bool:
    """'I found out from my husband that...': the one who told, not someone served."""
    root = span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "from" and prep.head.lemma_.lower() in ("find", "hear", "learn", "know", "get")


def _come_over(tok: Token) -> bool:
    """'keeps popping over', 'came over for tea': a visit, not an end."""
    return tok.lower_ == "over" and tok.dep_ in ("prt", "advmod") and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() not in ("be", "get")


def _over_a_stretch(tok: Token) -> bool:
    """'over the last few months', 'over the summer': during, not ended."""
    doc = tok.doc
    nxt = [t.lower_ for t in doc[tok.i + 1 : tok.i + 3]]
    return tok.lower_ == "over" and bool(nxt) and (
        (nxt[0] == "the" and len(nxt) > 1 and (nxt[1] in ("last", "past", "next", "course") or nxt[1] in _SPANS_OF_TIME or nxt[1].rstrip("s") in _SPANS_OF_TIME))
        or nxt[0] in ("time", "months", "weeks", "years"))


def _more_than(tok: Token) -> bool:
    """'for over a year', 'over 20 sessions': "over" as "more than", no end."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return tok.lower_ == "over" and after is not None and (after.like_num or after.lower_ in ("a", "an", "half"))


def _told_as_over(span: Span) -> bool:
    """'(dated ~15 yrs ago, long over)' beside an ex: an end within a few words,
    read without the parse (asides like this one parse badly); "over" as a
    preposition ("dated over the summer") is no end."""
    after = span.doc[span.end : min(span.end + 6, span.sent.end)]
    for t in after:
        if t.lower_ in ("but", "now", "again", "still", "until", "till"):
            return False
        if t.lower_ in ("ago", "ended") or (t.lower_ == "over" and t.pos_ != "ADP"):
            return True
    return False


# where "going out to" somewhere is still a date: the outings an invitation
# names (_OUTINGS), and where people go on one
_OUTING_PLACES = (_OUTINGS - {"hang", "walk", "meet", "out"}) | {
    "breakfast", "drinks", "movies", "film", "show", "concert", "dance", "club", "bar", "pub", "restaurant", "party",
    "cinema", "theater", "theatre", "gig",
}


def _out_to_a_place(span: Span) -> bool:
    """"go out to his place", "went out to the ranch": a trip, unlike "went out
    to dinner" or "go out to eat" (an infinitive, not a place)."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ != "to" or doc[span.end].dep_ != "prep":
        return False
    objects = [c for c in doc[span.end].children if c.dep_ == "pobj"]
    return bool(objects) and all(o.lemma_.lower() not in _OUTING_PLACES and o.lower_ not in _OUTING_PLACES for o in objects)


_LIFE_STAGES = {"college", "uni", "university", "school", "twenties", "thirties", "teens", "residency", "med", "law", "grad"}


def _in_a_past_stage(span: Span) -> bool:
    """'we dated in our 20s', 'went out at uni', 'dated back in 2015': a
    simple past placed in a stage of life that is over."""
    root = span.root
    if root.tag_ != "VBD" or any(c.dep_ == "aux" for c in root.children):
        return False
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "during", "through")):
        for t in prep.subtree:
            if t.lower_ in _LIFE_STAGES or re.fullmatch(r"(19|20)?\d0'?s|(19|20)\d\d", t.lower_):
                return True
    return False


def _done_for_a_while(span: Span) -> bool:
    """'we dated for three years': a simple past with how long it lasted."""
    root = span.root
    if root.tag_ != "VBD" or any(c.dep_ == "aux" for c in root.children):
        return False
    return any(
        # "for like a year": the parser may take "like" for the object
        c.dep_ == "prep" and c.lower_ == "for" and any(o.lemma_.lower() in _SPANS_OF_TIME for o in c.subtree if o.i - c.i <= 4)
        # "we dated three years": the length without "for"
        or (c.dep_ in ("npadvmod", "dobj") and c.lemma_.lower() in _SPANS_OF_TIME and any(g.like_num for g in c.children))
        for c in root.children
    )


_HEARSAY = {"rumour", "rumor", "rumours", "rumors", "claimed", "claims", "claim", "accused", "accuse", "accusing", "gossip",
            "alleged", "allegedly", "saying", "telling", "thinks", "think", "reckons", "insists", "insisted", "insisting",
            "teasing", "tease", "teases", "joke", "jokes", "joking", "joked", "convinced"}
# a denial that closes the matter; "I don't know what to do" or "it wasn't subtle" is none
_DENIAL = re.compile(
    r"\b(?:nonsense|untrue|not true|isn't true|rubbish|turns out|turned out|nothing going on|nothing happened|not happening)\b"
    r"|\b(?:i|we|he|she)(?: really| honestly| actually)? (?:wasn't|weren't|don't|didn't|doesn't)\s*[.,!;\-—]"
    r"|\b(?:i'm|he's|she's)(?: really| honestly| actually)? not\s*[.,!;]|\bthat's (?:it|all)[.!]|\bwe're not\b[ ,.!-]+(?:-|he|she|he's|she's)"
    r"|\bwe're not[,.!]|\bnothing like that\b|\b(?:he's|she's|he is|she is) (?:obviously |clearly |just )?not interested\b"
    r"|\b(?:i'm|i am) (?:really |honestly |actually |just )?not (?:into|attracted to|interested in) (?:him|her|them)\b"
)


def _denied_hearsay(span: Span) -> bool:
    """'Rumour was she's having an affair with him. Total nonsense', 'accused me
    of flirting with him. I wasn't': a romance only reported, then denied."""
    if not any(t.lower_ in _HEARSAY for t in span.sent):
        return False
    return _DENIAL.search(span.doc[span.end :].text.lower()) is not None


_CASELOADS = {"caseload", "books", "roster", "list", "register"}


def _subject_just_before(span: Span, pron: Token) -> bool:
    """'my girlfriend just got written up ... She wants me to...': the pronoun
    picks up the subject of the sentence before it."""
    sents = list(span.doc.sents)
    here = next(n for n, s in enumerate(sents) if s.start <= span.start < s.end)
    return span.root.dep_ in ("nsubj", "nsubjpass") and here + 1 < len(sents) and sents[here + 1].start <= pron.i < sents[here + 1].end


def _clients_named_apart(doc: Doc, others: list[Token]) -> bool:
    """The romance names a particular person, and the post names the clients as
    other people ("The bride and groom are my clients")."""
    named = [
        a for a in others
        if a.pos_ in ("NOUN", "PROPN") and not _is_service_word(a)
        # "a guy" could be anyone; "the best man" is someone in particular
        and (a.lemma_.lower() not in _SOMEONE or any(c.dep_ in ("amod", "compound") for c in a.children))
    ]
    if not named:
        return False
    for s in doc.spans[SPANS_KEY]:
        if s.label_ != "client" or s.root.dep_ != "attr":
            continue
        subjects = [c for c in s.root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(c.pos_ in ("NOUN", "PROPN") for c in subjects) and not any(c.lemma_ == a.lemma_ for c in subjects for a in named):
            return True
    return False


def _client_is_their_relative(doc: Doc, others: list[Token]) -> bool:
    """The romance's other side is told only as "she", "we" or "someone", and the
    post names the client as that person's relative ("her younger brother is one
    of my current clients"): the romance is with someone else in the story."""
    if any(a.pos_ in ("NOUN", "PROPN") and a.lemma_.lower() not in _SOMEONE for a in others):
        return False  # the other side is named; the readings above decide
    for s in doc.spans[SPANS_KEY]:
        if s.label_ != "relationship" or s.root.dep_ not in ("nsubj", "nsubjpass") or s.root.head.lemma_ != "be":
            continue
        if not any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in s.root.children):
            continue
        said = [c for c in s.root.head.children if c.dep_ == "attr"]
        # "is my client", "is one of my clients"
        if any(_is_service_word(t) for a in said for t in a.subtree):
            return True
    return False


def _mutual_others(span: Span) -> bool:
    """'They're rocky but still in love with each other': the couple's own romance."""
    each_other = any(t.lower_ == "other" and t.i > 0 and t.doc[t.i - 1].lower_ == "each" for t in span.sent if t.i >= span.start)
    words = {t.lower_ for t in span.sent}
    if not words & {"couple", "both"} and span.root.dep_ == "xcomp" and span.root.head.lemma_.lower() in ("start", "begin"):
        return False  # "then they bump into each other and start seeing each other": a romance beginning
    jobs = [s for s in span.doc.spans[SPANS_KEY] if s.label_ == "profession" and s.sent.start == span.sent.start and s.end <= span.start]
    if any(c.dep_ == "conj" and _is_service_word(c) for j in jobs for c in j.root.children):
        return False  # "if a therapist and a client realized they had feelings for each other"
    return each_other and bool(words & {"they", "they're", "couple", "both"}) and not words & {"we", "i", "us", "me", "we're"}


_COUPLE_WORDS = {"couple", "couples", "married", "marriage", "marriages", "parents", "spouses", "husband", "wife", "partners", "both"}


def _professional_and_one_served(span: Span, reading: Reading) -> bool:
    """'my aunt's psychologist showed up at her book club and now they're
    seeing each other': told about someone else's professional, the "they" just
    after naming them is the professional and the one they serve, not a couple
    of others (unless a couple is what the story is about)."""
    if reading.professional is None or reading.poster_role == "professional":
        return False
    sents = [s for s in span.doc.sents if s.start <= span.start][-2:]
    jobs = [j for j in span.doc.spans[SPANS_KEY] if j.label_ == "profession" and j.start < span.start]
    if not any(s.start <= j.start < s.end for s in sents for j in jobs):
        return False
    return not any(t.lower_ in _COUPLE_WORDS for s in sents for t in s)


def _sex_as_topic(sex: Token) -> bool:
    """'sex after birth', 'safe sex', 'sex drive', 'sex ed': sex as a subject
    talked about, not had with someone ("we had sex", "sex with a client")."""
    if sex.head.lemma_.lower() in ("have", "want", "offer", "propose", "initiate") or any(
            c.dep_ == "prep" and c.lower_ == "with" for c in sex.children):
        return False
    return sex.dep_ in ("compound", "conj", "appos") or any(c.dep_ in ("amod", "compound", "prep") for c in sex.children) or (
        sex.i + 1 < len(sex.doc) and sex.doc[sex.i + 1].lower_ in ("life", "drive", "ed", "education", "toys", "worker", "work", "after", "during"))


def _lasting(tok: Token) -> bool:
    """'for six months', 'since May', 'for years', 'been together almost a
    year': the romance already exists."""
    for t in tok.sent[tok.i - tok.sent.start :]:
        if t.lower_ in ("since", "for") and any(c.like_num or c.lower_ in ("months", "years", "weeks", "ages", "a") or c.lemma_ in ("month", "year", "week") for c in t.subtree):
            return True
    # "we've been together almost a year": the length as a bare noun phrase, after
    # a perfect ("have been"), not "once a month" or "a week from now"
    return any(
        (v.lower_ == "been" or any(a.lower_ in ("'ve", "have", "has", "'s", "been") for a in v.children))
        and c.dep_ in ("npadvmod", "dobj", "attr") and c.lemma_.lower() in ("month", "year", "week") and any(
            g.like_num or g.lower_ in ("a", "an", "few", "couple") for g in c.children)
        and not any(g.lower_ in ("once", "twice", "from", "after", "before", "ago") for g in c.subtree)
        for v in (tok, tok.head) for c in v.children)


_SPANS_OF_TIME = {"day", "week", "month", "year", "while", "age", "fortnight", "bit", "time", "summer", "winter", "spring", "autumn",
                  "couple", "night", "evening", "weekend"}


_MALE = {"brother", "son", "dad", "father", "husband", "boyfriend", "uncle", "nephew", "grandson", "grandfather", "granddad",
         "grandpa", "man", "guy", "bloke", "lad", "boy", "fiance", "fiancé", "stepson", "stepdad", "stepfather", "widower", "fella"}
_FEMALE = {"sister", "daughter", "mum", "mom", "mother", "wife", "girlfriend", "aunt", "auntie", "niece", "granddaughter",
           "grandmother", "grandma", "gran", "granny", "woman", "lady", "girl", "lass", "fiancee", "fiancée", "stepdaughter",
           "stepmum", "stepmom", "widow", "bride"}
_PRONOUN_GENDER = {"he": _MALE, "him": _MALE, "she": _FEMALE, "her": _FEMALE}


def _antecedent(pron: Token, third_party: set[int]) -> Token | None:
    """The person a he/she in a romance stands for, when the nearest earlier
    person of that gender is someone else in the story ("a bride whose brother
    keeps turning up ... he's asked me out"); None when nothing says so."""
    words = _PRONOUN_GENDER.get(pron.lower_)
    if words is None or pron.dep_ == "poss":
        return None
    doc = pron.doc
    first = max(pron.sent.start - 60, 0)
    for tok in reversed(doc[first : pron.i]):
        if tok.lower_ in words and tok.pos_ in ("NOUN", "PROPN"):
            return tok if (tok.i in third_party or _of_someone_served(tok)) else None
    return None


def _couple_partner(span: Span, third_party: set[int]) -> Token | None:
    """'A pupil's mum and I have been seeing each other', 'the son of a patient
    and I ... we kissed': the other half of the last "X and I" before a romance
    told with "we" or "each other", when X is someone else in the story."""
    doc = span.doc
    for tok in reversed(doc[max(span.sent.start - 40, 0) : span.start]):
        if tok.lower_ != "i" or tok.i < 2 or doc[tok.i - 1].lower_ != "and":
            continue
        before = doc[tok.i - 2]
        if before.lower_ in _PRONOUN_GENDER:
            return _antecedent(before, third_party)
        for t in reversed(doc[max(tok.i - 12, 0) : tok.i - 1]):
            if t.i in third_party or _of_someone_served(t):
                return t
        return None
    return None


def _poster_ties(reading: Reading) -> set[int]:
    """The poster's own non-client ties ("my receptionist", "my neighbour")."""
    return {
        t.span.root.i for t in reading.ties
        if t.owner == "poster" and t.kind not in ("student",) and not _is_service_word(t.span.root) and not _of_someone_served(t.span.root)
    }


_THINGS_GOING_OUT = {"pilot", "light", "flame", "fire", "candle", "power", "electricity", "signal", "tide", "heating", "boiler", "bulb", "lamp", "engine",
                     # "my back went out": a body part giving way
                     "back", "knee", "neck", "hip", "shoulder", "ankle"}
# what "sexual" names as a romance: "a sexual relationship", not "a sexual piece", "sexual side effects"
_ROMANTIC_SEXUAL = {"relationship", "relation", "contact", "encounter", "tension", "attraction", "interest", "advance", "chemistry", "affair", "favour", "favor", "partner", "thing", "fling", "liaison"}


def _their_relative_later(span: Span, args: list[Token], spans: list[Span]) -> bool:
    """'I've been dating a woman ... just found out her brother is one of my
    clients': the one dated is no client, their relative is."""
    if any(_is_service_word(a) for a in args):
        return False
    dated = [a for a in args if (a.pos_ in ("NOUN", "PROPN") or a.lower_ in ("someone", "somebody", "one")) and a.lemma_.lower() not in ("i", "each", "other")
             and not (a.dep_ == "pobj" and a.head.lower_ in _PLACE_PREPS)]  # "staying over at her place": a place, no one dated
    if not dated:  # "A student's mom and I have been flirting": the one joined with "I" is the one dated
        verb = span.root if span.root.pos_ in ("VERB", "AUX") else verb_above(span.root)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        pair = [subj, *subj.conjuncts] if subj is not None else []
        if subj is not None and subj.lower_ in ("i", "we") and subj.i >= 2 and subj.nbor(-1).lower_ == "and":
            pair.append(subj.nbor(-2))  # "A student's mom and I": the parser may cut the pair apart, even into two sentences
        jobs = [s for s in spans if s.label_ == "profession"]
        if any(c.lower_ in ("i", "we") for c in pair) and not any(_is_service_word(c) for c in pair):
            dated = [c for c in pair if c.pos_ in ("NOUN", "PROPN") and not any(j.start <= c.i < j.end for j in jobs)]
    if not dated or any(_served_by_poster(a) for a in dated):
        return False  # "a young man I cared for ... through his sister": he is the one served
    return any(
        s.label_ == "relationship" and s.start >= span.end and (o := possessor(s.root)) is not None and o.lower_ in ("his", "her", "their", "whose")
        and not _poster_as(s.root)  # "what I'm allowed to do as her sibling" names the poster
        # "feelings for one of his players": the one dated, not a relative of theirs
        and not any(s.start <= a.i < s.end or (s.root.head.lower_ == "of" and s.root.head.head == a) for a in dated)
        for s in spans
    )


def _inside(tok: Token, span: Span | None) -> bool:
    """The word is part of the span (none when there is no span)."""
    return span is not None and span.start <= tok.i < span.end


def _served_by_poster(person: Token) -> bool:
    """'a man I treated', 'a young man I cared for': told by the poster's work on them."""
    return any(
        c.dep_ == "relcl" and c.lemma_.lower() in SERVING_VERBS | {"care", "see"} and first_person_subject(c)
        for c in person.children
    )


def _poster_as(tok: Token) -> bool:
    """'as her sibling', 'I'm her sister': the poster naming their own tie."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "as":
        return True
    return tok.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in tok.head.children)


def _dating_sense(see: Token) -> bool:
    """'been seeing a guy', 'started seeing someone': an ongoing or new romance;
    'seeing a woman for her first assessment' is a session."""
    ongoing = any(c.lower_ == "been" for c in see.children) or see.head.lemma_ in ("start", "begin")
    return ongoing and not _for_care(see)


_WHEN_BOOKED = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "today", "tonight", "later", "next"}


def _booked(see: Token) -> bool:
    """'I'm seeing a new client Monday for her divorce': an appointment, booked
    for a day, a new client, or told with what it is for. A day in a clause
    joined on ("... since last summer and today she told her husband") is not
    the booking, and "I've been seeing" is never one."""
    objs = [o for o in see.children if o.dep_ == "dobj"]
    if any(c.lower_ in ("new", "prospective") for o in objs for c in o.children) or _for_care(see):
        return True
    if any(c.lower_ == "been" for c in see.children):
        return False
    return any(t.lower_ in _WHEN_BOOKED for c in see.children if c.dep_ not in _JOINED_CLAUSES for t in c.subtree)


_JOINED_CLAUSES = {"conj", "cc", "advcl", "ccomp", "parataxis"}


def _for_care(see: Token) -> bool:
    """'for six months' says how long; 'for depression', 'for her knee' says why."""
    return any(
        c.dep_ == "prep" and c.lower_ == "for" and any(o.dep_ == "pobj" and o.lemma_.lower() not in _SPANS_OF_TIME for o in c.children)
        for w in [see, *(o for o in see.children if o.dep_ == "dobj")] for c in w.children
    )


def _care_follows(tok: Token, spans: list[Span]) -> bool:
    return any(s.label_ == "client" and s.start > tok.i for s in spans)


def _own(span: Span) -> bool:
    return any(c.lower_ == "own" for c in span.root.children)


def _professionals_by_pronoun(tie: Tie, reading: Reading) -> bool:
    """"My dentist is treating his niece": "his" belongs to the professional,
    who is the subject of the clause the relative is in."""
    pro = reading.professional
    owner = possessor(tie.chain[0].root)
    if pro is None or owner is None or owner.lower_ not in ("his", "her", "their"):
        return False
    head = verb_above(tie.chain[0].root)  # up to the clause: "his niece's wedding" -> "officiating"
    if head.lemma_.lower() not in _SERVING_OR_OFFICIATING and not _favoured_beside(tie.span):
        return False  # "my advisor hired me to nanny her kids": her own, not served
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "my boss (DVM) keeps sliding her sister's labs in": the job in apposition
    return subj is not None and (pro.start <= subj.i < pro.end or (pro.root.dep_ == "appos" and pro.root.head == subj))


def _favoured_beside(span: Span) -> bool:
    """A favour (a discount, a place ahead) named in the same sentence."""
    return any(s.label_ == "fairness" and s.kb_id_ == "preference" and s.sent.start == span.sent.start for s in span.doc.spans[SPANS_KEY])


# places a partner owns or works at: "my husband's restaurant" names no one served
_PREMISES = {"business", "restaurant", "store", "shop", "farm", "cafe", "bar", "pub", "garage", "gym", "outfit", "outfitter",
             "bakery", "hotel", "company", "firm", "agency", "brewery", "vineyard", "dealership", "startup", "ranch", "house", "home"}
_WORKPLACES = {"practice", "firm", "office", "clinic", "surgery", "salon", "studio", "pharmacy", "shop"}
_SERVED_NOUNS = {"client", "patient", "customer", "caseload", "practice", "clinic", "office", "shop", "salon", "studio",
                 "pharmacy", "regular", "class", "student", "pupil", "learner", "case", "brief", "list", "room", "ward",
                 "unit", "chair", "books"}
_DOING_VERBS = {"do", "cut", "file", "prepare", "handle", "sort", "draft", "write", "teach", "coach", "tutor",
                "treat", "fix", "colour", "color", "style", "run", "manage", "test", "take"}


def _possessed(owner: Token) -> Token:
    """What a possessive owns, through compounds: "my wife's college roommate" owns the roommate."""
    tok = owner.head
    while tok.dep_ == "compound" and tok.head != tok:
        tok = tok.head
    return tok


def _names_alternatives(span: Span, spans: list[Span]) -> bool:
    """"The nearest accountant is an hour away", "four or five farriers within
    20 minutes": a job named inside a scarcity or plenty cue counts the other
    providers, not the one the story is about."""
    return any(s.label_ in ("rural", "plenty") and s.start <= span.start and span.end <= s.end and s != span for s in spans)


_ASKING = {"ask", "ring", "call", "phone", "text", "message", "email", "approach", "beg", "book", "hire", "choose", "pick", "want", "come", "turn"}


def _asked_of_poster(doc: Doc, professions: list[Span]) -> bool:
    """'she rang me', 'they've asked me', 'wants me to do his', 'came to me':
    someone else turns to the poster for the work (not "one of the therapists
    asked me to", a professional giving the poster a task)."""
    for tok in doc:
        if tok.lower_ != "me":
            continue
        verb = tok.head
        if tok.dep_ == "pobj" and verb.lower_ == "to":
            verb = verb.head  # "came to me", "turned to me"
        elif tok.dep_ not in ("dobj", "dative", "nsubj"):
            continue
        if tok.dep_ == "nsubj" and verb.dep_ in ("ccomp", "xcomp"):
            verb = verb.head  # "wants me to do his": "me" parsed as the subject of "do"
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _ASKING:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "conj":
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)  # "called and asked me"
        if subject is None or subject.lower_ in POSTER:
            continue
        words = {t.i for t in subject.subtree}
        if not any(words.intersection(range(p.start, p.end)) for p in professions):
            return True
    return False


def _poster_serves(span: Span, doing: bool = True) -> bool:
    """'my clients', 'a patient of mine', 'I'm treating', 'I represent'."""
    root = span.root
    p = possessor(root)
    if p is not None and p.lower_ in ("my", "mine") and root.lemma_.lower() in _SERVED_NOUNS:
        return True  # "my clients"; but "my counselling" is the poster receiving it
    if doing and root.dep_ == "dobj" and first_person_subject(root.head) and root.head.lemma_ in _DOING_VERBS:
        return True  # "I do people's taxes", "I cut hair from my kitchen"
    if root.pos_ == "VERB" and first_person_subject(root):
        if root.lemma_ in ("treat", "represent", "counsel", "see", "book", "refer", "hire", "take", "work", "practice", "practise", "handle"):
            return True
        return doing and root.lemma_ in ("teach", "tutor", "coach", "train", "cut", "do")
    return False


SERVICE_VERBS = {"treat", "see", "represent", "counsel", "examine", "operate", "prescribe", "defend", "advise", "coach", "teach", "train", "deliver", "take"}
_SESSION_WORDS = {"session", "sessions", "appointment", "appointments", "consultation", "therapy", "treatment", "counselling", "counseling",
                  "caseload", "caseloads", "practice", "clinic", "surgery", "ward", "chair", "assessment", "evaluation", "eval"}
# what a professional's own relative asks "for": the work, written or given
_ASKED_FOR_WORK = {"script", "prescription", "refill", "referral", "quote", "estimate", "note"}
# the work itself, when a professional's own relative asks for it
_WORK_VERBS = SERVICE_VERBS | {"arrange", "handle", "witness", "prepare", "file", "sell", "tutor", "assess", "book", "write", "notarise", "notarize"}


# work done on or for a person, said of the poster with "her" or "him" as its object
_HANDS_ON = (SERVICE_VERBS | {"adjust", "wax", "tutor", "assess"}) - {"see", "take"}

# doing the work for someone ("treating my shoulder", "tutoring my son", "does my waxes")
SERVING_VERBS = _WORK_VERBS | _DOING_VERBS | {"adjust", "check", "look", "wax", "help", "draw", "give", "offer"}
# a rite done for a relative counts as the work: "our pastor is officiating his niece's wedding"
_SERVING_OR_OFFICIATING = SERVING_VERBS | {"officiate", "marry", "baptise", "baptize", "bury", "christen"}
# the care a professional does for their own relative, "herself"
_CARE_VERBS = SERVING_VERBS | _TAKING_OVER


def _served_by_stranger(span: Span, reading: Reading) -> bool:
    """'The man tutoring my son', 'she books her son in with him': the relative
    is the one served by someone who is not family."""
    root = span.root
    if root.dep_ not in ("dobj", "pobj") or root.head.lemma_.lower() not in SERVING_VERBS:
        return False
    verb = root.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "acl":
        subj = verb.head  # "the man tutoring my son"
    return subj is not None and subj.lower_ not in POSTER and not any(t.span.root.i == subj.i for t in reading.ties)


def _poster_served(doc: Doc, spans: list[Span]) -> bool:
    """'he's been treating my shoulder', 'she sees me', 'offered to be my
    therapist', 'my meds': the poster is the one served."""
    if any(s.label_ == "profession" and (o := possessor(s.root)) is not None and o.lower_ in ("my", "our") for s in spans):
        return True
    if any(t.lemma_.lower() in _SERVED_THINGS and any(c.dep_ == "poss" and c.lower_ == "my" for c in t.children) for t in doc):
        return True
    if any(
        t.lemma_.lower() == "join" and first_person_subject(t) and any(
            o.dep_ == "dobj" and o.lemma_.lower() in _JOINED_SERVICES and any(g.dep_ == "poss" and g.lower_ in ("her", "his") for g in o.children)
            for o in t.children)
        for t in doc
    ):
        return True  # "I asked if I could just join her Thursday group"
    if any(t.lower_ == "me" and t.dep_ == "pobj" and t.head.lower_ in ("with", "for") and _sessions_held(t.head.head) for t in doc):
        return True  # "run a few sessions with me", "do some CBT with me at home"
    if any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in ("do", "have", "start", "try") and _sessions_held(t) and (
           any(c.dep_ == "nsubj" and c.lower_ in ("we", "us") for c in t.children)
           or (t.dep_ == "xcomp" and any(c.dep_ in ("dobj", "nsubj") and c.lower_ == "us" for c in t.head.children))) for t in doc):
        return True  # "she suggested we do 'real sessions' at home", "he wants us to do proper sessions"
    return any(
        t.dep_ in ("dobj", "dative") and t.head.lemma_ in SERVING_VERBS and (t.lower_ == "me" or (
            any(c.dep_ == "poss" and c.lower_ == "my" for c in t.children)
            # "treating my mum" serves the poster's relative, not the poster
            and span_at(spans, t, "relationship") is None))
        for t in doc
    )


# the work of a therapy held with someone: "sessions with me", "CBT with me"
_HELD_WORK = _SESSION_WORDS | {"cbt", "dbt", "emdr", "psychotherapy", "intake"}


def _sessions_with_them(tie: Span) -> bool:
    """'my wife ... if I do a few sessions with her': sessions the poster holds
    with a he/she whose nearest person of that gender is the tie (someone's
    own relative on the way, "her mom", does not count)."""
    doc = tie.doc
    for t in doc[tie.end : min(tie.end + 60, len(doc))]:
        words = _PRONOUN_GENDER.get(t.lower_)
        if not words or t.dep_ != "pobj" or t.head.lower_ != "with" or tie.root.lower_ not in words:
            continue
        if not _sessions_held(t.head.head):
            continue
        verb = t.head.head
        for _ in range(4):  # "do a handful of sessions with her": up to the verb
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if not first_person_subject(verb):
            continue
        between = [w for w in doc[tie.end : t.i] if w.lower_ in words and w.pos_ in ("NOUN", "PROPN")
                   and not any(c.dep_ == "poss" and c.lower_ in ("her", "his", "their") for c in w.children)]
        return not between
    return False


def _sessions_held(head: Token) -> bool:
    """The word a "with me" hangs on is the sessions, or a verb doing them."""
    if head.lower_ in _HELD_WORK or head.lemma_.lower() in _HELD_WORK:
        return True
    return head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "dobj" and (c.lower_ in _HELD_WORK or c.lemma_.lower() in _HELD_WORK) for c in head.children)


# what a client joins: a professional's group, class or sessions
_JOINED_SERVICES = {"group", "class", "session", "sessions", "practice", "programme", "program", "caseload", "clinic"}


def _served(span: Span) -> bool:
    """'treat their own spouse', 'represent my wife', 'I'm selling my husband's
    flat': the tie, or what it owns, is the service's object."""
    root = span.root
    if root.dep_ in ("dobj", "pobj") and root.head.lemma_ in SERVICE_VERBS:
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _HANDS_ON and _own(span):
        return True  # "adjusting my own husband", "waxing my own sister"
    if root.dep_ == "poss" and (root.head.lemma_.lower() in _SERVED_THINGS or root.head.lower_ in _SERVED_THINGS):
        # the word as written too: the tagger lemmatizes "taxes" as "taxis"
        return True  # "managing her own husband's antidepressants", "doing my wife's taxes"
    owned = root.head
    if root.dep_ == "poss" and owned.dep_ == "pobj" and owned.head.lower_ == "for":
        verb = owned.head.head
        while verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "conj") and verb.head.i != verb.i:
            verb = verb.head  # "the bookkeeping for my wife's shop" hangs on "do"
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _DOING_VERBS | _WORK_VERBS and first_person_subject(verb):
            return True  # "I do the bookkeeping for my wife's etsy shop", not "I work for my husband's firm"
    # "I'm doing my wife's paperwork", "asked to treat her own husband's knee"
    return root.dep_ == "poss" and root.head.dep_ == "dobj" and (
        first_person_subject(root.head.head) or root.head.head.lemma_ in SERVICE_VERBS)


_SERVED_THINGS = {"meds", "medication", "antidepressant", "antidepressants", "prescription", "prescriptions", "tax", "taxes",
                  "book", "books", "will", "case", "contract", "contracts", "care", "treatment", "rehab", "therapy", "braces",
                  "teeth", "return", "returns", "divorce", "conveyancing", "mortgage", "pension", "surgery", "appointment",
                  # a vet's patient, a chiropractor's or dentist's work: "my
                  # girlfriend's cat needs a dental", "my husband's back is wrecked"
                  "cat", "dog", "pet", "puppy", "kitten", "horse",
                  "back", "knee", "shoulder", "hip", "neck", "ankle", "tooth", "molar", "crown", "filling"}


_NOT_JOBS = {"fan", "mom", "mum", "dad", "parent", "mother", "father", "wife", "husband", "client", "patient",
             "customer", "student", "member", "person", "guy", "girl", "woman", "man", "bit", "lot", "friend",
             "newbie", "beginner", "lurker", "regular", "user", "kid", "teen", "adult", "grandma", "grandpa"}


def _unknown_job_identity(doc: Doc, spans: list[Span]) -> bool:
    """'I'm a farrier', 'As a notary,', 'Farrier here.': the poster names a job
    the lexicon does not know. The group stays "other" (labels.md)."""
    taken = {i for s in spans if s.label_ == "relationship" for i in range(s.start, s.end)}
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.i in taken or tok.lemma_.lower() in _NOT_JOBS:
            continue
        if tok.dep_ == "attr" and first_person_subject(tok.head) and any(c.lower_ in ("a", "an") for c in tok.children):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.i <= 1:
            return True
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "here" and tok.sent.start == 0 and tok.i <= 3:
            return True
    return False


_RUN_BUSINESSES = {"practice", "gym", "salon", "studio", "clinic", "business", "firm", "agency", "shop", "company", "school", "yard",
                   "surgery", "pharmacy", "garage", "bakery", "cafe", "restaurant", "dojo", "academy", "consultancy",
                   "bootcamp", "daycare", "nursery", "kennel", "kennels", "store", "spa", "parlour", "parlor", "boutique", "dealership"}
_JOB_VERBS = {"notarize", "notarise", "pastor", "tutor", "coach", "teach", "shoe", "counsel", "mentor", "groom", "instruct", "officiate", "train",
              "invigilate", "referee", "umpire", "embalm"}
# vehicles driven as a job: "I drive the school bus"
_DRIVEN_FOR_WORK = {"bus", "taxi", "cab", "ambulance", "minibus", "coach", "lorry", "truck"}
_CLIENTELE = {"people", "folk", "folks", "families", "couples", "kids", "children", "clients", "businesses", "students", "patients", "customers", "women", "men", "teens", "adults", "parents", "veterans"}
_LESSON_NOUNS = {"tuition", "lesson", "lessons", "class", "classes", "coaching", "training", "tutoring"}


def _works_for_a_living(doc: Doc) -> bool:
    """'I run a one-person financial planning practice', 'I give English
    tuition to kids', 'I pastor a small church', 'been shoeing my brother in
    law's mare', 'I help people plan their pensions', '... for a living',
    '... which is literally my job': the poster's work, told by a verb instead
    of a title."""
    for tok in doc:
        if tok.lemma_.lower() in _JOB_VERBS and tok.tag_ == "VBP" and tok.i > 0 and doc[tok.i - 1].lower_ in ("i", "we"):
            return True  # "I tutor chemistry on weekends", however the parser hangs it
        if tok.pos_ != "VERB" or not (first_person_subject(tok) or (tok.i < 3 and not any(c.dep_ == "nsubj" for c in tok.children))):
            continue
        lemma = tok.lemma_.lower()
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        if lemma in ("run", "own") and any(o.lemma_.lower() in _RUN_BUSINESSES or (
                o.lemma_.lower() == "home" and any(c.lower_ in _SERVICE_HOMES for c in o.children)) for o in objs):
            return True  # "I run a salon", "I run the only funeral home in the county"
        if lemma in ("have", "get") and any(
            o.lemma_.lower() in _RUN_BUSINESSES and any(c.lower_ == "own" for c in o.children) and any(c.lower_ in ("my", "our") for c in o.children)
            for o in objs
        ):
            return True  # "I've got my own practice"
        if lemma in ("give", "teach", "run", "do") and any(o.lemma_.lower() in _LESSON_NOUNS for o in objs):
            return True
        if lemma in _JOB_VERBS and objs:
            return True
        if lemma == "drive" and any(o.lemma_.lower() in _DRIVEN_FOR_WORK for o in objs):
            return True  # "I drive the school bus out here"
        helped = objs + [g for c in tok.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
        if lemma == "help" and tok.tag_ == "VBP" and any(o.lower_ in _CLIENTELE for o in helped):
            return True  # "I help people plan their pensions", "we help families sell"
        if any(c.dep_ == "prep" and c.lower_ == "for" and any(g.lower_ == "living" for g in c.children) for c in tok.children):
            return True  # "I straighten teeth for a living"
    return any(
        # "asked me to plan it, which is literally my job"
        t.lower_ == "job" and t.dep_ == "attr" and any(c.lower_ == "my" for c in t.children)
        and any(c.dep_ == "nsubj" and c.lower_ in ("which", "that", "it", "this") for c in t.head.children)
        for t in doc
    ) or any(_on_my_roster(t) for t in doc)


# the lists a professional keeps of the people they serve
_ROSTERS = {"schedule", "caseload", "panel", "docket", "roster", "book", "list"}


def _on_my_roster(tok: Token) -> bool:
    """'my mom is on my schedule thurs', 'got moved onto my panel': someone on
    the poster's own list of people served."""
    lemma = tok.lemma_.lower()
    if lemma not in _ROSTERS:
        return False
    # "on my schedule thurs": the tagger may make the list a compound of the day
    noun = tok.head if tok.dep_ == "compound" and tok.head.dep_ == "pobj" else tok
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("on", "onto"):
        return False
    if lemma == "list" and not any(c.lower_ in ("patient", "client", "waiting") for c in tok.children):
        return False  # "on my list of things to do": only a patient or client list
    if not any(c.dep_ == "poss" and c.lower_ == "my" for c in (*tok.children, *noun.children)):
        return False
    # a person is on it, not "a dentist appointment on my schedule"
    subject = next((c for c in noun.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (subject.lower_ in ("he", "she", "they") or subject.pos_ == "PROPN"
                                    or span_at(list(tok.doc.spans[SPANS_KEY]), subject, "relationship") is not None)


# the profession entry a business stands for when its runner has no job title
RUN_BUSINESS = "personal_services"
# businesses that are a place of service only with their first word: "funeral home", "care home"
_SERVICE_HOMES = {"funeral", "care", "nursing", "retirement"}


def _named_by_its_business(span: Span) -> bool:
    """A professional made from the business they run (not a lexicon hit)."""
    return span.kb_id_ == RUN_BUSINESS and span not in span.doc.spans[SPANS_KEY]


def _business_run_by_a_tie(doc: Doc, spans: list[Span]) -> tuple[Span, Token | None] | None:
    """'My uncle runs the only garage in town', 'my boss runs a wedding planning
    business on the side': a relative, friend or boss who runs or owns a business
    serves its customers. Returns the business as a profession span and the
    runner's possessor ("my"), or None."""
    runners = {s.root.i: s for s in spans if s.label_ == "relationship" and not s._.negated}
    for tok in doc:
        if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in RUNNING or tok.head.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        if not (lemma in _RUN_BUSINESSES or (lemma == "home" and any(c.dep_ == "compound" and c.lower_ in _SERVICE_HOMES for c in tok.children))):
            continue
        # "my uncle Gaz runs ...": the name may be the subject, the kin word its compound
        runner = next((runners[t.i] for c in tok.head.children if c.dep_ == "nsubj"
                       for t in [c, *(g for g in c.children if g.dep_ in ("compound", "appos"))] if t.i in runners), None)
        if runner is None:
            continue
        start = min([c.i for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i] + [tok.i])
        return Span(doc, start, tok.i + 1, label="profession", kb_id=RUN_BUSINESS), possessor(runner.root)
    return None


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "eer", "ant", "ent", "smith", "wright")


def _headline_job(doc: Doc) -> bool:
    """'Auctioneer. The widow whose ... I'm selling ...', 'Photographer. Shooting
    my best friend's wedding': a post that opens with a lone agent noun as its
    own sentence, then speaks in the first person, is its author's job."""
    sents = list(doc.sents)
    if len(sents) < 2:
        return False
    head = [t for t in sents[0] if not t.is_punct]
    if not 1 <= len(head) <= 3 or not all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in head):
        return False
    noun = head[-1]
    if noun.lemma_.lower() in _NOT_JOBS or not noun.lower_.endswith(_AGENT_ENDINGS) or noun.tag_ in ("NNS", "NNPS"):
        return False
    return any(t.lower_ in ("i", "i'm", "im", "my", "me") for t in sents[1])


_FEMININE = frozenset({"she", "her", "hers", "herself"})
_MASCULINE = frozenset({"he", "him", "his", "himself"})


def _protagonist_pronouns(doc: Doc, reading: Reading) -> frozenset[str]:
    """A third-person story that opens with its professional as the subject
    ("A conveyancing solicitor is handling ...") refers to them with the first
    gendered pronoun that follows in that sentence or the next. Used only to
    tell whose debt or whose employees a cue names; nothing else relies on it."""
    pro = reading.professional
    if reading.poster_role != "third" or pro is None or pro.root.dep_ not in ("nsubj", "nsubjpass"):
        return frozenset()
    if pro.root.tag_ in ("NNS", "NNPS") or possessor(pro.root) is not None:
        return frozenset()
    sents = list(doc.sents)
    here = next(i for i, sent in enumerate(sents) if sent.start <= pro.start < sent.end)
    window = [t for sent in sents[here : here + 2] for t in sent if t.i >= pro.end]
    for tok in window:
        if tok.lower_ in _FEMININE:
            return _FEMININE
        if tok.lower_ in _MASCULINE:
            return _MASCULINE
    return frozenset()


def _serves_relative(span: Span) -> bool:
    """'I'm doing my cousin's will', 'i colour my best friend's hair': the poster
    does the work, with no job title in the post."""
    root = span.root
    if root.dep_ != "poss" or root.head.dep_ not in ("dobj", "pobj"):
        return False
    verb = root.head.head if root.head.dep_ == "dobj" else root.head.head.head
    return verb.pos_ == "VERB" and first_person_subject(verb)


_COMPARING = {"like", "than"}  # not "as": "asked me to coffee 'as friends'" says what it is
# jobs that support a professional; a poster in one often tells a colleague's story
_SUPPORT_STAFF = {"paralegal", "legal assistant", "legal secretary", "receptionist", "medical assistant", "dental assistant",
                  "vet tech", "veterinary technician", "practice manager", "office manager", "secretary"}
# "after the dog's vaccines he asked me out": a time names when, not who
_WHEN_PREPS = {"after", "before", "during", "since", "until", "till"}
# "courting me through his sister": the one who carries it, not in the romance
_GO_BETWEEN = {"through", "via"}


def _romance_arguments(span: Span) -> list[Token]:
    """The people a romance word is about: its subject and object(s)."""
    out: list[Token] = []
    inside = range(span.start, span.end)
    # every word of the span is an anchor ("in love with her": "with" hangs off "love")
    anchors = list(span)
    # the head's arguments count for "want to date her", not for "I found out he
    # is dating my cousin" (a clause of its own)
    if span.root.dep_ in ("xcomp", "acomp", "dobj", "attr", "pobj"):
        anchors.append(span.root.head)
    root = span.root
    if root.pos_ == "NOUN" and root.dep_ == "attr" and root.head.lemma_ == "be" and root.head.dep_ == "xcomp":
        # "asked me to be his date": the one asked, and whose date
        out += [c for c in root.head.head.children if c.dep_ in ("dobj", "dative") and c.pos_ == "PRON"]
        out += [c for c in root.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    for anchor in anchors:
        for c in anchor.children:
            if c.i in inside:
                continue
            # "flirt the whole cut", "texting all night": a stretch of time, not a person
            stretch = any(g.dep_ in ("amod", "det") and g.lower_ in ("whole", "entire", "all") for g in c.children)
            if c.dep_ in _ROMANCE_ARG_DEPS and c.pos_ not in ("VERB", "AUX") and c.lower_ != "there" and not stretch and not _names_no_one(c):
                out.append(c)  # not "there's a spark" or a clause joined on ("..., and he's asked me out")
            # "we kissed like teenagers": a likeness names nobody in the romance
            if (c.dep_ == "prep" and c.lower_ not in _COMPARING | _WHEN_PREPS | _GO_BETWEEN) or c.dep_ == "prt":
                # "going out in January": a date is when, not who
                out.extend(g for g in c.children if g.dep_ == "pobj" and g.i not in inside and not _names_no_one(g))
    # "one of my students and I have been seeing each other": both conjuncts
    out += [c for tok in list(out) if tok.dep_ in ("nsubj", "nsubjpass") for c in tok.conjuncts if c not in out and c.i not in inside]
    # "one of my clients": the head is "one", the person word sits below it
    expanded = []
    for tok in out:
        expanded.append(tok)
        if tok.lower_ in _QUANTIFIERS or tok.lower_ in ("someone", "somebody", "woman", "man", "guy", "girl"):
            # not into a clause about them: "the guy who drives one of my clients" is the guy
            clauses = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            expanded.extend(t for t in tok.subtree if t.dep_ == "pobj" and t.i not in clauses)
    return expanded


_TIME_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "summer", "winter", "spring",
    "autumn", "christmas", "easter", "week", "month", "year", "day", "night", "today", "yesterday", "tonight",
}


def _names_no_one(tok: Token) -> bool:
    """A date or a stretch of the service, not a person: "in January", "four months into our sessions"."""
    if tok.lemma_.lower() in _NOT_A_PERSON or tok.lemma_.lower() in _VISITS:
        return True
    # "may", "march" are verbs more often, unless capitalised mid-sentence
    return tok.lemma_.lower() in _TIME_WORDS and (tok.lower_ not in ("may", "march") or (tok.text[0].isupper() and tok.i > tok.sent.start))


# the service named in a romance ("four months into our sessions", "at my
# cleaning today", "my eye test", and the visits of _VISITS), a greeting
# or a route ("kissed me goodbye on her way out")
_NOT_A_PERSON = {"session", "appointment", "lesson", "treatment", "course", "cleaning", "test", "goodbye", "goodnight", "hello", "way"}


@Language.factory(
    "dual_roles",
    default_config={"knowledge_dir": ""},
    requires=["doc.spans", "span._.negated", "token.dep"],
    assigns=["doc._.reading"],
)
def make_dual_roles(nlp: Language, name: str, knowledge_dir: str) -> DualRoles:
    return DualRoles(cached_knowledge(knowledge_dir))
