"""`dual_context`: negation, hypotheticals and former/current timing, each with a
bounded scope.

A negation cue only reaches the words it governs in its own clause: we climb
from a span's root through argument relations (xcomp, acomp, dobj, prep, ...)
but never through a conjunction or subordinate clause, so in "she's not my
client anymore and I want to date her" the "not" stays with "client".
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import SPANS_KEY

# Relations that keep us inside one clause when climbing from a word to its verb.
_CLAUSE_INTERNAL = {
    "xcomp", "acomp", "attr", "dobj", "pobj", "prep", "amod", "compound", "poss",
    "nmod", "det", "oprd", "pcomp", "advmod", "npadvmod", "dative", "aux", "auxpass",
    "nsubj", "nsubjpass", "appos", "case", "neg", "prt", "agent", "quantmod", "nummod",
}
# with dialect forms: "she's nae bother", "he dinnae ask" ("mi nah fancy him"
# still escapes: the tagger makes "nah" an interjection)
_NEGATORS = {"not", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without", "hardly", "zero",
             "nah", "nuh", "nae", "naw", "dinnae", "didnae", "cannae", "wouldnae", "isnae", "wasnae", "doesnae"}
# "not only", "no longer", "not sure": the word is not denying what follows
_NOT_NEGATION_AFTER = {"only", "longer", "sure", "certain", "just", "yet"}
_DENIABLE_NOUNS = {"sign", "evidence", "indication", "hint", "suggestion", "reason", "chance", "sense", "way"}
_MAX_DISTANCE = 8  # tokens between a negator and what it negates

for _name in ("negated", "hypothetical"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=False)
for _name, _default in (("timing", None), ("timing_evidence", [])):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def clause_heads(token: Token, hops: int = 3) -> list[Token]:
    """The token and the heads above it that belong to the same clause."""
    out = [token]
    while hops and token.dep_ in _CLAUSE_INTERNAL and token.head != token:
        token = token.head
        out.append(token)
        hops -= 1
    return out


def is_negator(tok: Token) -> bool:
    if tok.norm_ not in _NEGATORS and tok.lower_ not in ("n't", "nt"):
        return False
    if tok.lower_ == "nt" and (tok.i == 0 or tok.doc[tok.i - 1].whitespace_):
        return False  # "dont" splits into "do" + "nt"; a free-standing "NT" is the Northern Territory
    if tok.dep_ == "intj" or (tok.i + 1 < len(tok.doc) and tok.nbor(1).is_punct and tok.lower_ == "no"):
        return False  # "and no, I don't...": an interjection, not a negation of what follows
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return not (nxt is not None and nxt.lower_ in _NOT_NEGATION_AFTER)


_BELIEVING = {"think", "believe", "reckon", "suppose", "feel"}


def _thought_not(span: Span) -> bool:
    """A romance inside a clause the poster denies believing: "I don't think
    there's anything romantic going on" says there is none."""
    tok = span.root
    for _ in range(4):
        if tok.head.i == tok.i:
            return False
        clause = tok if tok.dep_ == "ccomp" else None
        tok = tok.head
        if clause is not None and tok.lemma_.lower() in _BELIEVING:
            # only a romance thought not to exist: "there's anything romantic", "it's romantic";
            # not "I don't think I should date her", "I don't think she knows I'm attracted"
            exists = clause.lemma_ == "be" and span.root.pos_ in ("ADJ", "NOUN") and any(
                t.lower_ in ("anything", "something", "it", "this", "that") for t in clause.subtree)
            return exists and any(c.dep_ == "neg" for c in tok.children) and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in tok.children)
    return False


def span_is_negated(span: Span) -> bool:
    if span.root.dep_ in ("nsubj", "nsubjpass") and span.label_ in ("profession", "relationship"):
        return False  # "my auntie won't tell me": the auntie is there, her verb is negated
    if span.label_ == "profession":
        # only "I'm not a lawyer", "no dentist": in "I'm a PT (physical therapist,
        # not a trainer)" the "not" belongs to the trainer alone
        # climb "that kind of therapist" to its copula, but no further
        heads = clause_heads(span.root, hops=3)
        cut = next((n for n, h in enumerate(heads) if h.pos_ in ("AUX", "VERB") or h.dep_ == "appos"), len(heads) - 1)
        inside = range(span.start, span.end)
        if span.root.dep_ == "appos" and any(
            is_negator(c) and span.root.head.i < c.i < span.start for c in span.root.head.children
        ):
            return True  # "a life coach (NOT a therapist)": the parser hangs "NOT" on the coach
        # a negator after the title denies what follows it: "a PT, not a trainer"
        return any(is_negator(c) and c.i < span.start and c.dep_ in ("neg", "det") for h in heads[: cut + 1] for c in h.children)
    # two hops: "I'm not attracted", "she's not my client", "don't have feelings
    # for"; deeper, a negation is about something else ("didn't bother checking
    # my mum's other medications" does not deny the mum)
    heads = clause_heads(span.root, hops=2)
    inside = range(span.start, span.end)
    if any(h.i not in inside and is_negator(h) for h in heads[1:]):
        return True  # "nothing romantic", "no other clients"
    if span.root.dep_ in ("acl", "amod") and span.root.head.i not in inside and is_negator(span.root.head):
        return True  # "there's zero flirting": the parser makes the number the head
    if span.label_ == "sharing" and span.root.dep_ == "relcl" and span.root.head.lower_ in ("nothing", "none") and span.root.head.i not in inside:
        return True  # "I've got nothing to hide"
    if worry_denied(span):
        return True  # "I'm not worried about being biased"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if span.label_ == "relationship" and before is not None and before.lower_ == "not" and before.head.i in range(span.start, span.end) \
            and span.start > 1 and span.doc[span.start - 2].text in (",", "-", "—", ";"):
        return True  # "we're friendly, not best mates": the contrast denies the tie
    if span.label_ == "romance" and _thought_not(span):
        return True  # "I don't think there's anything romantic going on"
    for tok in span.sent:
        if tok.i in inside or not is_negator(tok):
            continue
        if abs(tok.i - span.start) > _MAX_DISTANCE:
            continue
        if span.label_ in ("profession", "relationship") and elided_do(tok):
            continue  # "I always take a history, but I didn't with my cousin": the cousin is there
        # "we've been dating since March, nothing before that": a trailing aside
        # is about something else ("we dated two years, nothing since" still ends a past romance)
        if tok.i >= span.end and span.root.tag_ != "VBD" and tok.lower_ in ("nothing", "none", "nobody") and any(
                t.text in (",", "-", "—", ";") for t in span.doc[span.end : tok.i]):
            continue
        if tok.i >= span.end and tok.lower_ == "not" and tok.i > 0 and span.doc[tok.i - 1].text in (",", "-", "—", ";"):
            continue  # "a date ask, not a doctor thing": the contrast denies what follows it
        if tok.dep_ in ("prep", "det"):
            # "without any bloodwork", "no other options": only what they govern
            scope = tok if tok.dep_ == "prep" else tok.head
            if _governs(scope, span.root):
                return True
            if tok.dep_ == "det" and tok.i == span.start - 1 and scope.i in inside:
                return True  # "no mates' rates": the parser gives the "no" to the possessive inside
            # "no sign she's holding back", "no reason to think he'd lie": the
            # clause hanging off the noun is denied with it
            if tok.dep_ == "det" and scope.lemma_.lower() in _DENIABLE_NOUNS and span.root.i in {t.i for t in scope.subtree}:
                return True
            # "No one's in charge of anyone there": a denied subject denies its clause
            if tok.dep_ == "det" and tok.lower_ == "no" and scope.lower_ == "one" and scope.dep_ in ("nsubj", "nsubjpass") and scope.head in heads:
                return True
            continue
        if tok.dep_ == "npadvmod" and any(c.dep_ in ("amod", "acomp") for c in tok.children):
            # "wrapped up in June, nothing ongoing": the "nothing" denies its
            # own "ongoing", not the verb it hangs from
            if span.root.i in {t.i for t in tok.subtree}:
                return True
            continue
        if tok.head in heads or any(child == tok for h in heads[:1] for child in h.children):
            return True
    return False


def worry_denied(span: Span) -> bool:
    """A worry denied covers what it is about: "not worried about being biased"."""
    tok = span.root
    for _ in range(4):
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in ("worried", "worry", "concerned", "bothered"):
            holder = tok.head  # "not worried I'd go easy on her"
            return any(is_negator(c) for c in holder.children) or any(is_negator(c) for c in holder.head.children if holder.dep_ == "acomp")
        if tok.dep_ == "pobj" or tok.dep_ == "pcomp":
            prep = tok.head
            if prep.lower_ == "about" and prep.head.lemma_.lower() in ("worried", "worry", "concerned", "bothered"):
                holder = prep.head
                return any(is_negator(c) for c in holder.children) or any(is_negator(c) for c in holder.head.children if holder.dep_ == "acomp")
        if tok.head == tok:
            break
        tok = tok.head
    return False


def elided_do(neg: Token) -> bool:
    """'...but I didn't with him': a bare "did" standing for a verb said before."""
    if neg.i == 0:
        return False
    do = neg.doc[neg.i - 1]
    return do.lemma_ == "do" and do.dep_ != "aux" and not any(c.pos_ == "VERB" for c in do.children)


# Relations that open a new clause: "without asking since she seemed fine"
# does not deny "seemed fine"
_CLAUSE_OPENERS = {"advcl", "ccomp", "relcl", "parataxis", "csubj", "mark"}


def _governs(scope: Token, target: Token) -> bool:
    """Is `target` in the subtree of `scope` without crossing into another clause?"""
    tok = target
    while tok != scope:
        if tok.dep_ in _CLAUSE_OPENERS or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX")):
            return False
        if tok.head == tok:
            return False
        tok = tok.head
    return True


class DualContext:
    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans[SPANS_KEY]
        hypothetical_sents = {
            s.sent.start for s in spans if s.label_ == "hypothetical"
        } | {t.sent.start for t in doc if t.lower_ == "if"}
        for span in spans:
            if span.label_ in ("negation", "doubt"):
                continue
            span._.negated = span_is_negated(span)
            span._.hypothetical = span.sent.start in hypothetical_sents
        self._timing(doc, spans)
        return doc

    def _timing(self, doc: Doc, spans) -> None:
        """Is the professional relationship current or over? A "former" cue that
        describes some other tie ("my former boss") does not count."""
        former, current = [], []
        for span in spans:
            # "I don't work there anymore", "she's not my client any more": these
            # words come with a negation and mean the relationship is over
            negation_word = span.label_ == "former" and span.text.lower() in ("anymore", "any more", "no longer")
            if span.label_ not in ("former", "current") or (span._.negated and not negation_word):
                continue
            if span.label_ == "former" and (_ends_later(span) or _began_after(span) or _used_to_other(span) or _comparing(span)):
                continue  # "he's being discharged friday": still a patient now
            if span.label_ == "former" and _describes_other_tie(span, spans):
                continue
            if span.label_ == "former" and _ending_supposed(span, spans):
                continue
            if span.label_ == "former" and _end_as_duty(span):
                continue  # "would she have to stop seeing me?": still seeing me now
            if span.label_ == "former" and _dates_a_start(span):
                continue  # "started treating her back in February": when it began, not when it ended
            if span.label_ == "former" and span.start > 0 and span.doc[span.start - 1].lower_ in ("until", "till", "before"):
                continue  # "he's still my patient until discharge next month"
            if span.label_ == "former" and span[0].lower_ == "back" and span.start > 0 and span.doc[span.start - 1].lower_ in ("due", "come", "coming", "booked"):
                continue  # "she's due back in six months": a visit ahead, still a patient
            (former if span.label_ == "former" else current).append(span)
        # "we'll wait until he's discharged" dates the romance after the end,
        # unless it has begun already ("but we already kissed"): then it began
        # with a current client, as labels.md reads a romance wished for now
        under_way = [s for s in spans if s.label_ == "romance" and not s._.negated and _under_way(s)]
        if under_way:
            former = [s for s in former if not _end_ahead(s)]
        if former:
            doc._.timing, doc._.timing_evidence = "former", former
        elif current:
            doc._.timing, doc._.timing_evidence = "current", current


def _dates_a_start(cue: Span) -> bool:
    """A past date on a verb of beginning: "Started treating a woman ... back in
    February", "I began seeing him years ago" (not "began dating a former client")."""
    if not any(t.lower_ in ("back", "ago") for t in cue):
        return False
    verb = cue.root
    # up through the date's own words and prepositional phrases ("treating a woman
    # for a rotator cuff repair back in February"), not a mis-parsed noun ("Met my wife 10 years ago")
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and (
            cue.start <= verb.i < cue.end or verb.lower_ in ("ago", "back", "in") or verb.dep_ in ("pobj", "prep")):
        verb = verb.head
    starts = ("start", "begin")
    # arriving as a client is a start too: "guy came in back in september", "joined my caseload in March"
    arrived = verb.lemma_.lower() in ("join", "register", "enrol", "enroll") or (
        verb.lemma_.lower() in ("come", "sign") and any(c.dep_ == "prt" and c.lower_ in ("in", "up") for c in verb.children))
    return verb.lemma_.lower() in starts or arrived or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in starts)


_DUTY_VERBS = {"have", "need", "ought"}


def _end_as_duty(cue: Span) -> bool:
    """"would she have to stop seeing me", "should I terminate": an end asked
    about as a duty, not told as done or planned ("so we can date" plans it)."""
    verb = cue.root if cue.root.pos_ in ("VERB", "AUX") else cue.root.head
    if verb.tag_ in ("VBD", "VBN") or any(t.lower_ in ("so", "then") for t in cue.doc[cue.end : cue.end + 3]):
        return False
    if verb.dep_ == "xcomp" and verb.head.tag_ in ("VBD", "VBN"):
        return False  # "I had to stop seeing her last year": a duty done, the end told
    duty = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _DUTY_VERBS
    return duty or any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in verb.children)


def _ends_later(cue: Span) -> bool:
    """The relationship will end ("is being discharged", "will finish next
    month") but has not: not former, unless the romance waits for it ("after")."""
    verb = cue.root if cue.root.pos_ in ("VERB", "AUX") else cue.root.head
    future = any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("being", "will", "'ll", "going", "gonna") for c in verb.children) or (
        (verb.tag_ in ("VBZ", "VBP", "VB", "VBG") or any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children))
        and any(t.lower_ in _LATER for t in cue.doc[cue.end : cue.end + 3])
    )  # "trial wraps up next week", "his case closes in June"; not "discharged him in March"
    # "if I discharge him next month, can we go out?" waits for the end too
    waits = any(t.lower_ in ("after", "once", "when", "until", "till", "if") for t in cue.doc[max(cue.start - 4, 0) : cue.end])
    return future and not waits


_WAITING = {"once", "until", "till", "after", "when", "before"}
_NOT_YET = {"would", "will", "'ll", "'d", "could", "might", "may", "should", "gonna", "going", "wanna"}


def _end_ahead(cue: Span) -> bool:
    """The end is still to come: waited for ("until he's discharged", "once
    they wrap up therapy"), or due ("not due for discharge for a while"); not
    an end told in the past ("until two years ago", "after he was discharged")."""
    verb = cue.root
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" or c.lower_ == "had" for c in auxes):
        return False
    if verb.tag_ == "VBN" and any(c.lower_ == "'d" for c in auxes):
        return False  # "after he'd discharged me"
    if any(t.lower_ in ("ago", "last", "back") for t in cue.doc[cue.start : cue.end + 2]):
        return False
    if any(t.lower_ in _WAITING for t in cue.doc[max(cue.start - 4, 0) : cue.end]):
        return True
    if any(c.dep_ == "mark" and c.lower_ in _WAITING for c in verb.children):
        return True
    if any(c.lower_ in _NOT_YET for c in auxes):
        return True
    return any(t.lemma_.lower() == "due" for t in (cue.root.head, cue.root.head.head))


# asking, wishing, fancying: a romance proposed or felt, which can still wait for the end
_PROPOSED = {"ask", "invite", "crush", "want", "wanna", "fancy", "like", "match", "set", "attract", "attracted",
             "into", "feeling", "develop", "fall"}


def _under_way(romance: Span) -> bool:
    """A romance told as happening or done ("they already kissed", "we've been
    texting", "they're in love"), not planned, proposed or waited for."""
    verb = romance.root
    if verb.pos_ not in ("VERB", "AUX"):
        # "they're in love": only a state said with "be"
        verb = verb.head if verb.head.lemma_ == "be" and verb.dep_ in ("prep", "acomp", "attr") else None
    if verb is None or verb.tag_ not in ("VBD", "VBN", "VBG", "VBZ", "VBP") or romance.root.lemma_.lower() in _PROPOSED:
        return False
    for tok in (verb, verb.head):
        if any(c.dep_ == "mark" and c.lower_ in _WAITING | {"if", "unless"} for c in tok.children):
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _NOT_YET for c in tok.children):
            return False
    if verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children):
        return False  # "plans to start dating": not yet
    return verb.dep_ not in ("xcomp", "advcl", "pcomp")


def _comparing(cue: Span) -> bool:
    """"any more acceptable": more of something, not an end."""
    nxt = cue.doc[cue.end] if cue.end < len(cue.doc) else None
    return cue.text.lower() == "any more" and nxt is not None and (nxt.pos_ in ("ADJ", "ADV") or nxt.lower_ == "than")


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_LATER = {"next", "tomorrow", "soon", "in", "friday", "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"} | MONTHS


_USED_TO_SERVICE = {"be", "see", "treat", "represent", "coach", "teach", "tutor", "counsel", "do", "train", "have", "look", "handle", "cut"}


def _used_to_other(cue: Span) -> bool:
    """"a psychiatrist I used to work with" is a former colleague, not a former
    client; "she used to be my client" is."""
    if cue.text.lower() != "used to" or cue.end >= len(cue.doc):
        return False
    return cue.doc[cue.end].lemma_.lower() not in _USED_TO_SERVICE


def _began_after(cue: Span) -> bool:
    """"started sleeping with after the case began": during the case, not after it."""
    nxt = cue.doc[cue.end : cue.end + 2]
    return cue[0].lower_ == "after" and any(t.lemma_ in ("begin", "start", "open") for t in nxt)


def _ending_supposed(cue: Span, spans) -> bool:
    """'nobody else she could see if I end treatment': an ending only supposed,
    with no romance waiting for it in its sentence ("if I discharge her, can
    we date?" is the romance told as after the end)."""
    verb = cue.root if cue.root.pos_ in ("VERB", "AUX") else cue.root.head
    if not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return False
    return not any(s.label_ == "romance" and s.sent.start == cue.sent.start for s in spans)


def _describes_other_tie(cue: Span, spans) -> bool:
    head = cue.root.head if cue.root.dep_ in ("amod", "compound") else None
    if head is None:
        return False
    for s in spans:
        if s.label_ == "relationship" and s.start <= head.i < s.end:
            return True
    return False


@Language.factory("dual_context", requires=["doc.spans"], assigns=["span._.negated", "doc._.timing"])
def make_dual_context(nlp: Language, name: str) -> DualContext:
    return DualContext()
