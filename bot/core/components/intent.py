"""`dual_intent`: scenario, lookup or other, with a confidence.

A scenario needs a professional role (a named profession or words for a
client/patient) and something outside that role: a relationship, a romance, or
a risk or exception cue. A lookup asks about the ideas themselves (dual
relationships, boundaries, the risks) with no such situation. Everything else
is chit-chat.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import SPANS_KEY
from .roles import ASKING, POSTER, RUNNING, SERVING_VERBS, Reading, linked, poster_asked_to_do

_RISK_ROLES = {"fairness", "skip", "know", "sharing", "pressure", "pressure_neg", "power", "exert", "objectivity", "obligation", "romance"}
_EXCEPTION_ROLES = {"rural", "insular"}

for _name, _default in (("intent", "other"), ("intent_confidence", 0.0), ("lookup_topic", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _squash(score: float) -> float:
    """Evidence count to a confidence in [0.5, 0.99]."""
    return round(min(0.99, 0.5 + 0.49 * (1 - 1 / (1 + score))), 3)


class DualIntent:
    def __call__(self, doc: Doc) -> Doc:
        reading: Reading = doc._.reading
        labels: dict[str, int] = {}
        professions = [p for p in doc.spans[SPANS_KEY] if p.label_ == "profession"]
        for s in doc.spans[SPANS_KEY]:
            if s.label_ == "dual" and s.text.lower() == "both" and (s.start > 0 and doc[s.start - 1].lower_ == "with" or s.root.head.lemma_.lower() in _PAIRED_THINGS):
                continue  # "(with) both hands in my mouth" is not "both my dentist and my landlord"
            if s.label_ == "client" and any(p.start <= s.start and s.end <= p.end for p in professions):
                continue  # the "tattoo" of "tattoo artists" names the job, not a client
            if not s._.negated or s.label_ in ("concept", "lookup", "category", "article"):
                labels[s.label_] = labels.get(s.label_, 0) + 1
        professional = reading.professional is not None or reading.poster_role == "professional"
        client_words = labels.get("client", 0)
        situation = (
            len(reading.ties) + 2 * len(reading.romance_with_client) + len(reading.romance_with_other)
            + sum(labels.get(r, 0) for r in _RISK_ROLES) + sum(labels.get(r, 0) for r in _EXCEPTION_ROLES)
            + labels.get("acquainted", 0)
            # "my dentist is also my landlord", "on my rec volleyball team"
            + min(labels.get("dual", 0), 1)
            # "I'm a psychologist and I own the duplex my client lives in"
            + (1 if reading.poster_role == "professional" and client_words else 0)
            # "hospice nurse. got assigned my old english teacher"; "the gym owner
            # wants me to train him"
            + (1 if reading.poster_role == "professional" and (_someone_of_mine_in_a_role(doc, reading) or _asked_to_serve(doc)) else 0)
        )
        if client_words and (labels.get("hypothetical") or labels.get("former") or labels.get("current")):
            situation += 1  # "is it ok for a psychologist to go to a former client's wedding?"
        role = (2 if professional else 0) + min(client_words, 2)
        if any(t.relevant and t.owner == "poster" for t in reading.ties) and labels.get("dual"):
            role += 1  # "the guy I pay to help me ... is also my brother-in-law"
        # a named concept ("zone of helpfulness", "safeguards") is a concept signal too
        concept = labels.get("concept", 0) + min(labels.get("topic", 0), 1)
        asking = labels.get("lookup", 0) + (1 if "?" in doc.text else 0)
        # "driving instructors have to redo their test ... my sister's training to be one":
        # a tie that plays no part in any service does not make them someone's;
        # the title's last word tells plural ("driving" may be the parser's root)
        plural_professional = reading.professional is not None and reading.professional[-1].tag_ == "NNS" and not reading.relevant_ties
        opening = _opening(doc)
        generic_question = (
            # "does the rural exception apply to every profession or just therapists?"
            (reading.professional is None or (plural_professional and not reading.romance_with_client and reading.poster_role != "professional"))
            and not any(t.owner == "poster" for t in reading.ties)
            and len(doc) > 0
            and opening in _QUESTION_OPENERS
        )
        # "what does the article mean by...", "what do people mean when they say...":
        # asking what words mean is a lookup even when no concept is named
        asks_meaning = labels.get("lookup", 0) and any(t.lemma_ in ("mean", "meaning", "define", "explain", "difference") for t in doc)
        # "does a vet count as medical or other?", "are coaches covered by any of this?"
        # (a tie that is no one's and plays no part, "nursing student here", does not make a case)
        about_rules = labels.get("category", 0) and not any(t.relevant or t.owner != "none" for t in reading.ties) and not reading.romance_with_client
        # a question about what the article or its verdicts say, with no story of the poster's own
        about_article = labels.get("article", 0) or any(s.label_ == "concept" and s.root.lemma_.lower() == "verdict" for s in doc.spans[SPANS_KEY])
        no_story = not any(t.owner == "poster" for t in reading.ties) and not reading.romance_with_client
        first = doc[0].lower_ if len(doc) else ""
        lowered = doc.text.lower()
        # "who counts as close family?" asks about the rules, not the channel
        asks_who_counts = first in ("who", "who's") and any(t.lemma_.lower() in ("count", "qualify") for t in doc[1:4])
        # "who actually decides whether one is necessary?", "who sets these rules?"
        # "who actually writes these ethics codes?" when the rules are named
        asks_who_decides = first in ("who", "who's") and "?" in doc.text and any(
            t.lemma_.lower() in _DECIDING or (concept and t.lemma_.lower() in _AUTHORING) for t in doc[1:4])
        community_talk = (first in ("who", "who's", "anyone", "anybody", "mods", "mod") and not (asks_who_counts or asks_who_decides)) or lowered.startswith(
            ("can anyone", "does anyone", "has anyone")) or any(f"{w} anyone" in lowered for w in ("has", "does", "can", "is", "did"))
        # "who wrote this article?" is talk about the article, not a question about its ideas (dev d56)
        wh_opening = opening in ("what", "whats", "what's", "why", "how", "which", "when")
        if about_article and no_story and (wh_opening or asks_meaning) and not reading.ties and first not in ("mods", "mod"):
            intent, score = "lookup", 1 + concept + asking  # "what penalties does the article mention"
        elif asks_who_decides and no_story and (reading.professional is None or plural_professional):
            intent, score = "lookup", 1 + concept + asking
        elif about_rules and ("?" in doc.text or opening in _QUESTION_OPENERS):
            intent, score = "lookup", 1 + concept + asking
        elif community_talk and (reading.professional is None or plural_professional or _asks_for_one(reading.professional)):
            intent, score = "other", 1.0  # "who's going to the CPD day?", "can anyone recommend a book?"
        elif _thanks_the_channel(doc) and not reading.romance_with_client:
            intent, score = "other", 1.0  # "thank you all for the replies yesterday"
        elif _introduces_self(lowered) and not reading.relevant_ties and not reading.romance_with_client and not any(labels.get(r) for r in _RISK_ROLES):
            intent, score = "other", 1.0  # "first time posting here, land surveyor, mostly lurking"
        elif _talks_to_the_channel(doc) and not concept and reading.professional is None:
            intent, score = "other", 1.0  # "what's everyone's favourite CE provider?"
        elif _about_the_bot(doc) and no_story:
            intent, score = "other", 1.0  # "is there a way to turn off bot replies in this channel?"
        elif about_article and no_story and "?" in doc.text and (asks_meaning or any(t.lower_ in _CONTENT_QUESTION for t in doc)):
            intent, score = "lookup", 1 + concept + asking
        elif generic_question and (concept or situation or asks_meaning):
            intent, score = "lookup", 1 + concept + asking  # a question about clients in general
        elif not client_words and _idea_asked_beside_a_relative(doc, reading):
            # "What's the difference between a boundary crossing and a boundary
            # violation? My aunt's a retired midwife and she says they're the same"
            intent, score = "lookup", 1 + concept + asking
        elif _asks_about_anyone(doc, reading):
            # "Student nurse here. What are the risks when a professional treats
            # someone they know?": the poster's job is who asks, not a case
            intent, score = "lookup", 1 + concept + asking
        elif _relative_merely_works(doc, reading, labels):
            intent, score = "other", 1.0  # "my sister just qualified as a nurse, so proud"
        elif _channel_meta(doc) and not any(t.owner == "poster" for t in reading.ties) and not reading.romance_with_client:
            intent, score = "other", 1.0  # "that thread about the small-town vet got heated"
        elif concept and opening in _QUESTION_OPENERS and situation <= 1 and not client_words and not reading.ties and not reading.romance_with_client:
            # "is 'boundaries' the same as 'dual relationship'? my lecturer uses both"
            intent, score = "lookup", concept + asking
        elif (
            plural_professional and not reading.romance_with_client and reading.poster_role != "professional" and "?" not in doc.text
            and not client_words and not any(labels.get(r) for r in _RISK_ROLES)
            and not any(c.dep_ == "poss" and c.lower_ in ("my", "our", "your") for c in reading.professional.root.children)
        ):
            intent, score = "other", 1.0  # "the county's about to lose its last two farriers": news, no one served
        elif about_article and no_story and "?" not in doc.text and not reading.ties:
            intent, score = "other", 1.0  # "just finished reading the article, good read"
        elif _reports_news(doc, reading):
            intent, score = "other", 1.0  # "saw on the news the council's cutting the hospice nurse service"
        elif (
            labels.get("concept") and (labels.get("lookup") or "?" in doc.text) and not client_words and reading.poster_role != "client"
            and not reading.romance_with_client and not any(t.relevant or t.owner != "none" for t in reading.ties)
            and not _story_cues(doc)
        ):
            # "Could someone explain how the insular community exception works? I sit
            # as a magistrate": a named idea asked about, with nobody served in the post
            intent, score = "lookup", concept + asking
        elif _provider_banter(doc, reading, labels):
            intent, score = "other", 1.0  # "lol my physio just told me my posture is 'interesting'"
        elif role >= 2 and situation >= 1 or role >= 1 and situation >= 2 and not concept:
            intent, score = "scenario", role + situation - 0.5 * concept
        elif concept and asking:
            intent, score = "lookup", concept + asking - 0.5 * situation
        else:
            intent, score = "other", 1.0 + labels.get("other", 0) - 0.5 * (role + situation + concept)
        doc._.intent = intent
        # the concept the post names, read whenever the intent is lookup (also when
        # the learned layer, not these rules, decides it is one)
        topics = [s for s in doc.spans[SPANS_KEY] if s.label_ == "topic"]
        # the most specific (longest) concept named wins: "boundary crossing" over "boundary"
        doc._.lookup_topic = max(topics, key=len).kb_id_ if topics else None
        doc._.intent_confidence = _squash(max(score, 0.0))
        return doc


# things that come in pairs: "both his hands", "both sides"
_PAIRED_THINGS = {"hand", "arm", "foot", "leg", "eye", "ear", "knee", "side", "end", "way", "hip", "shoulder", "wrist", "ankle"}

_QUESTION_OPENERS = {
    "why", "what", "how", "are", "is", "does", "do", "can", "when", "whats", "what's", "which", "where",
    # imperatives asking for an explanation: "list the risks", "explain fairness"
    "list", "explain", "define", "describe", "name", "summarise", "summarize", "give", "show",
}
# who makes or enforces the rules
_DECIDING = {"decide", "determine", "set", "enforce", "regulate", "police", "judge", "rule"}
_AUTHORING = {"write", "draft", "make", "create"}
# words that may open a post before the question itself: "tl;dr why...", "quick one: does..."
_PREAMBLE = {"tl;dr", "tldr", "eli5", "quick", "one", "question", "q", "honest", "genuine", "so", "ok", "okay", "hey", "hi", "serious", "from", "an", "a", "ethical", "standpoint", "in", "general", "and", "but"}


# "I've always wondered why...", "I'm curious how...": a question told as a statement
_WONDERING = {"i", "'ve", "'m", "am", "have", "always", "often", "really", "just", "been", "kind", "kinda", "of", "genuinely", "never", "n't", "do", "quite"}
_WONDER = {"wonder", "wondered", "wondering", "curious", "understood", "understand", "get"}
# "I've never understood why", "I don't get why": only denied do these ask ("I get why you'd worry" does not)
_DENIED_WONDER = {"understood", "understand", "get"}


# people named in general: "a professional", "a client", "someone"
_ANYONE = {"professional", "practitioner", "provider", "client", "patient", "someone", "somebody", "person", "customer"}
_INDEFINITE = {"a", "an", "any"}
# "is it ok / ethical for a psychologist to ...?" asks what is allowed in a case (labels.md: a scenario)
_PERMISSION = {"ok", "okay", "alright", "allowed", "ethical", "unethical", "acceptable", "appropriate", "inappropriate", "permitted", "legal", "fine", "wrong"}


def _is_question(sent: Span) -> bool:
    """A sentence that asks: it ends on "?" or opens with "what", "why", "how"..."""
    words = [t for t in sent if not t.is_punct]
    return bool(words) and (sent.text.rstrip().endswith("?") or words[0].lower_ in _CONTENT_QUESTION)


def _asks_about_anyone(doc: Doc, reading: Reading) -> bool:
    """A question about a professional or client in general ("are the risks the
    same for a plumber as for a psychiatrist?", "what are the risks when a
    professional treats someone they know?") in a post that tells no tie or
    romance of the poster's own. A relative or a romance in the question makes
    it a case."""
    # ("Trainee paramedic here" names the poster's standing, a tie that is no one's)
    if reading.romance_with_client or reading.romance_with_other or any(t.owner != "none" for t in reading.ties):
        return False
    spans = doc.spans[SPANS_KEY]
    jobs = {i for s in spans if s.label_ == "profession" for i in range(s.start, s.end)}
    for sent in doc.sents:
        if not _is_question(sent):
            continue
        inside = [s for s in spans if sent.start <= s.start < sent.end]
        if any(t.lower_ in POSTER for t in sent) or any(s.label_ in ("relationship", "romance") for s in inside):
            continue
        # "is it ok for a psychologist to go to a former client's wedding?" asks
        # about a case; only a question about the ideas ("the main risks") is a lookup
        if not any(s.label_ in ("concept", "topic") for s in inside) or any(t.lower_ in _PERMISSION for t in sent):
            continue
        # ("a professional treats" may parse "professional" as an adjective)
        named = [t.head for t in sent if t.dep_ == "det" and t.lower_ in _INDEFINITE] + [
            doc[t.i + 1] for t in sent if t.lower_ in _INDEFINITE and t.i + 1 < sent.end]
        if any(n.i in jobs or n.lemma_.lower() in _ANYONE for n in named):
            return True
    return False


_STUDIES = {"degree", "course", "phd", "masters", "master", "diploma", "module", "placement", "training"}


def _idea_asked_beside_a_relative(doc: Doc, reading: Reading) -> bool:
    """A question about an idea of the article, asked in a sentence of its own,
    where relatives with jobs appear only beside it (who said what, who studies
    what). No cue of a risk outside the ideas named, no romance, no one served."""
    if reading.romance_with_client or reading.romance_with_other:
        return False
    spans = doc.spans[SPANS_KEY]
    named = [s for s in spans if s.label_ in ("concept", "topic")]
    # cues that are only part of a named idea ("clouded judgment", "rural exception") do not count
    cues = [s for s in spans if s.label_ in _RISK_ROLES | _EXCEPTION_ROLES and not s._.negated
            and not any(n.start <= s.start and s.end <= n.end for n in named)]
    if cues:
        return False
    # anyone asked for, doing or offered work makes it a case: "I asked her to
    # look over my lease", "wants me to be her midwife" ("asking for a friend",
    # "doing a psych degree" are not)
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in SERVING_VERBS | ASKING:
            continue
        if lemma == "ask" and tok.i == tok.sent.start:
            continue
        if lemma == "do" and any(c.dep_ == "dobj" and c.lemma_.lower() in _STUDIES for c in tok.children):
            continue
        return False
    for sent in doc.sents:
        if not _is_question(sent):
            continue
        inside = [s for s in spans if sent.start <= s.start < sent.end]
        if any(s.label_ == "topic" for s in inside) and not any(
                s.label_ in ("relationship", "profession", "client") for s in inside):
            return True
    return False


def _opening(doc: Doc) -> str:
    """The first word that is not a preamble or punctuation."""
    words = [t.lower_ for t in doc[:8]]
    if words and words[0] == "i" and any(w in _WONDER for w in words):
        told = next(i for i, w in enumerate(words) if w in _WONDER)
        denied = words[told] not in _DENIED_WONDER or any(w in ("never", "n't") for w in words[:told])
        if all(w in _WONDERING for w in words[:told]) and told + 1 < len(words) and denied:
            return words[told + 1]
    for tok in doc[:8]:
        if tok.is_punct or tok.lower_ in _PREAMBLE:
            continue
        return tok.lower_
    return doc[0].lower_ if len(doc) else ""


# questions about what something says or means; "can a mod pin the article?"
# and "where can I find it?" are requests, not lookups
_CONTENT_QUESTION = {"why", "what", "which", "how", "whats", "what's"}


# doing the work, or asking or offering to ("offered to be my therapist")
_WORK = SERVING_VERBS | {"ask", "plan", "fill", "dispense"}


def _relative_merely_works(doc: Doc, reading: Reading, labels: dict[str, int]) -> bool:
    """A relative or friend who simply has the job ('my uncle is a defence
    lawyer and tells the same story every Christmas'): nobody in the post is
    served, so there is no second relationship to discuss."""
    pro = reading.professional
    lowered = doc.text.lower()
    # "Anyone else have parents in the justice system?" asks the channel, not about a situation
    asks_situation = "?" in doc.text and not any(f"anyone {w}" in lowered for w in ("else", "here"))
    if pro is None or not reading.ties or reading.romance_with_client or asks_situation:
        return False  # a question asks about a situation
    # "weekly sessions with her" is service; "her counselling licence", "the paperwork" are not
    served = any(
        s.label_ == "client" and not (s.root.dep_ in ("compound", "amod") and s.root.head.lemma_.lower() in _CREDENTIALS)
        and s.root.lemma_.lower() != "paperwork"
        # "my dad does tax returns for a living": the work that is his job, no one served
        and not _for_a_living(s)
        # "qualified as an interpreter after four years of evening classes": her own training
        and not any(t.lemma_.lower() in _QUALIFYING or t.lower_ in ("qualified", "graduated", "trained") for t in s.sent if t.i < s.start)
        for s in doc.spans[SPANS_KEY] if not s._.negated
    )
    if served:
        return False
    root = pro.root
    # "is a nurse", "qualified as a farrier", "got her counselling licence", "my paralegal buddy"
    holder = _job_holder(root)
    if holder is None or any(c.dep_ == "poss" and c.i != holder.i for c in root.children):
        return False
    if not any(t.owner == "poster" and (linked(t.span, pro) or t.span.root.i == holder.i) for t in reading.ties):
        return False
    if any(s.label_ == "profession" and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in s.root.children) for s in doc.spans[SPANS_KEY]):
        return False  # "... offered to be my therapist"
    # "would rather die than bring it up with him" tells of a client holding back;
    # a small place alone ("the only notary in our parish") serves nobody
    if any(labels.get(r) for r in _RISK_ROLES) or labels.get("dual") or labels.get("reluctance"):
        return False
    if any(s.label_ == "sensitive" and any(t.lower_ in ("i", "me", "my") for t in s.sent) for s in doc.spans[SPANS_KEY]):
        return False  # "i've had a rash somewhere very private for weeks": the poster's own need
    if any(_title_for_someone(s.root) for s in doc.spans[SPANS_KEY] if s.label_ == "profession"):
        return False  # "she's now the midwife for her own sister-in-law's first baby"
    return not any(
        t.pos_ == "VERB" and t.lemma_.lower() in _WORK
        # "she's delivered something like 2000 babies": a career told by its count
        and any(c.dep_ in ("dobj", "dative", "prep", "xcomp") and _someone(c) for c in t.children)
        and not any(c.dep_ == "dobj" and _counted(c) for c in t.children)
        for t in doc
    )


def _for_a_living(span: Span) -> bool:
    """'does tax returns for a living': the words name a job, not a person served."""
    doc = span.doc
    return any(
        t.lower_ == "living" and doc[t.i - 2].lower_ == "for" and -3 <= t.i - span.end <= 4
        for t in doc[max(span.start, 2) : min(span.end + 5, len(doc))]
    )


def _title_for_someone(job: Token) -> bool:
    """'the midwife for her sister-in-law': a title held for a person. After a
    copula the parser hangs the "for" on the verb ("she's the midwife for ...")."""
    heads = [job] + ([job.head] if job.dep_ == "attr" else [])
    return any(
        c.dep_ == "prep" and c.lower_ == "for" and c.i > job.i and any(_someone(o) for o in c.children if o.dep_ == "pobj")
        for h in heads for c in h.children
    )


_THINGS = {"it", "this", "that", "what", "something", "anything", "everything", "nothing", "one"}


def _someone(arg: Token) -> bool:
    """Whether a work verb's argument may be a person served ("treats my kids",
    "does my taxes", "sees them") rather than a thing ("took a holiday")."""
    if arg.dep_ == "xcomp":
        return True
    if arg.dep_ == "prep":
        # "cares for", "works with", "operated on"; "in pen", "at 95" name no one
        return arg.lower_ in ("for", "with", "on", "to")
    if arg.pos_ == "PRON":
        return arg.lower_ not in _THINGS
    return arg.pos_ == "PROPN" or any(c.dep_ == "poss" for c in arg.children) or arg.ent_type_ == "PERSON" or any(
        s.start <= arg.i < s.end and s.label_ in ("relationship", "client") for s in arg.doc.spans[SPANS_KEY])


_COUNTING = {"every", "all", "hundreds", "thousands", "dozens", "countless", "many", "loads", "lots"}


def _counted(obj: Token) -> bool:
    return any(t.like_num or t.lower_ in _COUNTING for t in obj.subtree)


_NEWS = {"news", "paper", "newspaper", "headline", "headlines"}
_PIECES = {"read", "piece", "article", "story", "report", "feature", "segment", "documentary", "podcast", "interview", "column"}


def _piece_in_an_outlet(tok: Token) -> bool:
    """'interesting read in the Guardian', 'a piece on the BBC': a named outlet."""
    return tok.lower_ in _PIECES and any(
        c.dep_ == "prep" and c.lower_ in ("in", "on") and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in c.children)
        for c in tok.children
    )


def _reports_news(doc: Doc, reading: Reading) -> bool:
    """Passing on the news ('interesting piece in the paper today about how hard
    it is to recruit pharmacists'): a third party's story with nobody in it tied
    to the poster's side as a client."""
    if reading.poster_role != "third" or reading.relevant_ties or reading.romance_with_client or reading.partner_client:
        return False
    if any(_piece_in_an_outlet(t) for t in doc):
        return True
    # "on the news", "in the paper", "seen the news"; "sounds easy on paper" is an idiom
    return any(
        t.lower_ in _NEWS and t.dep_ in ("pobj", "dobj") and (t.lower_ == "news" or any(c.dep_ in ("det", "poss") for c in t.children))
        for t in doc
    )


_LAUGHTER = {"lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "😂", "🤣", "💀", "😤", "🙄", "😅"}
# "shoutout to my barber ... absolute legend": praise is a reaction too
_PRAISE = {"shoutout", "legend", "legends", "hero", "superstar", "🙏", "❤️", "🥰"}
# cues that tell of a second tie to the provider, whatever the tone
_SECOND_TIE_ROLES = {"dual", "acquainted", "insular", "rural", "obligation", "power", "romance", "exert", "know", "skip", "sharing", "objectivity"}


def _provider_banter(doc: Doc, reading: Reading, labels: dict[str, int]) -> bool:
    """A laugh about the poster's own dentist or physio ("lmao my dentist asked
    about my weekend with both hands in my mouth"), with nothing that ties them
    to the poster outside the appointment: a reaction, not a situation."""
    if reading.poster_role != "client" or reading.ties:
        return False
    if reading.romance_with_client or reading.romance_with_other or reading.partner_romance or reading.past_romance:
        return False
    if any(labels.get(r) for r in _SECOND_TIE_ROLES):
        return False
    if any(s.label_ == "client" and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in s.root.children) for s in doc.spans[SPANS_KEY]):
        return False  # "my new client is my old maths teacher lol": the poster serves
    return any(t.lower_ in _LAUGHTER or t.lower_ in _PRAISE for t in doc)


def _someone_of_mine_in_a_role(doc: Doc, reading: Reading) -> bool:
    """Another job title that is the poster's own ("my old english teacher",
    "my GP"), beside the poster's profession: someone they knew in a role."""
    pro = reading.professional
    return any(
        s.label_ == "profession" and (pro is None or s.start != pro.start)
        # ("my son's baseball coach": someone the poster knows through their own)
        and any(c.dep_ == "poss" and (c.lower_ in ("my", "our") or any(g.dep_ == "poss" and g.lower_ in ("my", "our") for g in c.children))
                for c in s.root.children)
        for s in doc.spans[SPANS_KEY]
    )


# asked to "give", "help", "look" or "check" is too loose to be the work itself
_NOT_THE_WORK = {"ask", "plan", "fill", "give", "help", "take", "look", "check"}


def _asked_to_serve(doc: Doc) -> bool:
    """'wants me to train him', 'asked me to do her ceremony', 'wants therapy
    with me', 'rang asking for help': someone asks the poster for the work."""
    return any(_asked_to_do(tok) or _reached_out_for_work(tok) or _work_with_me(tok) for tok in doc)


def _asked_to_do(tok: Token) -> bool:
    """'wants me to train him', 'asked me to do her ceremony'."""
    if tok.dep_ not in ("xcomp", "ccomp") or tok.lemma_.lower() not in _WORK or tok.lemma_.lower() in _NOT_THE_WORK:
        return False
    served = any(c.dep_ in ("dobj", "dative") and c.pos_ in ("PRON", "NOUN", "PROPN") for c in tok.children)
    return poster_asked_to_do(tok) and served and tok.head.lemma_.lower() in ASKING | {"like"}


def _reached_out_for_work(tok: Token) -> bool:
    """'called asking for help with his panic attacks'."""
    return tok.lemma_.lower() == "ask" and tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_.lower() in _REACHING and any(
        c.dep_ == "prep" and c.lower_ == "for" and any(g.lemma_.lower() in _SOUGHT for g in c.children) for c in tok.children)


def _work_with_me(tok: Token) -> bool:
    """'wants therapy with me', 'asked for sessions from me'."""
    if tok.lemma_.lower() not in _SEEKING:
        return False
    return any(
        c.dep_ == "prep" and c.lower_ in ("with", "from") and any(g.dep_ == "pobj" and g.lower_ == "me" for g in c.children)
        for c in (*tok.children, *(g for o in tok.children if o.dep_ == "dobj" for g in o.children)))


_SEEKING = {"want", "need", "ask", "request", "book", "seek"}
_REACHING = {"call", "ring", "phone", "message", "text", "email", "write", "reach", "come"}
_SOUGHT = {"help", "appointment", "session", "therapy", "advice", "treatment", "lesson"}


def _job_holder(job: Token) -> Token | None:
    """Who holds the job title: the subject of "is a nurse" or "qualified as a
    farrier", the friend of "my paralegal buddy", the one who "got her counselling
    licence"; None when the title is not held by someone in this way."""
    def subject(verb: Token) -> Token | None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and (subj.lower_ == "who" or (subj.lower_ == "that" and verb.dep_ == "relcl")):
            # the noun just before "who" when the parser hangs the clause elsewhere
            # ("congrats to my sister who just opened...")
            before = verb.doc[subj.i - 1] if subj.i > 0 else verb.head
            return before if before.pos_ in ("NOUN", "PROPN") else verb.head
        if subj is None and verb.dep_ == "amod":
            return verb.head  # "my mum just qualified as a BSL interpreter", tagged as an adjective
        return subj

    # "my brother's a prison chaplain" misread as a possessive
    contracted = next((c for c in job.children if c.dep_ == "poss" and c.i + 1 < len(job.doc) and job.doc[c.i + 1].text == "'s"), None)
    if job.dep_ == "ROOT":
        return subject(job) or contracted
    if contracted is not None and contracted.i + 2 < len(job.doc) and job.doc[contracted.i + 2].lower_ in ("a", "an"):
        return contracted  # "lol my sister's a psychiatrist", with "lol" made the verb
    if job.dep_ == "appos":
        return job.head  # "my uncle, a defence lawyer, ..."
    if job.dep_ == "attr":
        return subject(job.head) or job.head
    if job.dep_ == "pobj" and job.head.lower_ == "as":
        verb = job.head.head
        for _ in range(3):  # "retired after 35 years as a school social worker"
            if verb.pos_ in ("VERB", "AUX", "ADJ") or verb.head == verb:
                break
            verb = verb.head
        return subject(verb)
    if job.dep_ == "dobj" and job.head.lemma_.lower() in RUNNING and not any(c.lower_ == "only" for c in job.children):
        # "my brother runs a bakery": a business of his own ("the only pharmacy
        # in town" is one the poster may have to use)
        return subject(job.head)
    if job.dep_ in ("compound", "amod"):
        if job.head.lemma_.lower() in _CREDENTIALS:
            return subject(job.head.head)
        if job.head.lemma_.lower() in _SCHOOLS:
            # "got accepted into nursing school": the one who studies it
            verb = job.head
            while verb.dep_ in ("pobj", "prep", "dobj") and verb.head != verb:
                verb = verb.head
            return subject(verb)
        if job.head.lemma_.lower() in _PRACTICES and job.head.dep_ == "dobj":
            return subject(job.head.head)  # "my sister who just opened her own doula practice"
        return job.head
    return None


_SCHOOLS = {"school", "college", "programme", "program", "academy"}
_QUALIFYING = {"qualify", "graduate", "train", "study", "certify"}
_PRACTICES = {"practice", "clinic", "firm", "salon", "studio", "business", "surgery", "pharmacy", "agency"}
_CREDENTIALS = {"licence", "license", "degree", "doctorate", "phd", "masters", "residency", "apprenticeship", "internship", "fellowship", "qualification", "course", "exam", "exams", "job", "career", "training", "placement", "diploma"}


_META = {"thread", "threads", "convo", "conversation", "discussion", "discussions", "channel", "server", "discord", "mods", "mod", "post", "posts"}


_STORY_ROLES = _RISK_ROLES | _EXCEPTION_ROLES | {"acquainted", "dual", "sensitive", "inward"}


def _story_cues(doc: Doc) -> bool:
    """Cues of a story ('knows me from Sundays', 'barely answers') outside the
    named ideas ('conflict of interest' is a concept as well as a doubt)."""
    named = [s for s in doc.spans[SPANS_KEY] if s.label_ in ("concept", "topic")]
    return any(
        s.label_ in _STORY_ROLES and not s._.negated and not any(n.start <= s.start and s.end <= n.end for n in named)
        for s in doc.spans[SPANS_KEY]
    )


_THANKS = {"thank", "thanks", "cheers", "shout", "shoutout", "ta"}
# "thanks everyone who answered my question yesterday"
_ANSWERING = {"answer", "reply", "respond", "explain", "comment", "chime"}
_FEEDBACK = {"reply", "replies", "answer", "answers", "advice", "response", "responses", "input", "explain", "explained", "comment", "comments", "thread"}


def _thanks_the_channel(doc: Doc) -> bool:
    """'Thank you all for the replies on my question', 'big shout out to whoever
    explained ...': thanks for the channel's answers, not a new situation."""
    # "thanks in advance for any advice" opens a question of one's own
    ahead = any(t.lower_ == "advance" for t in doc[:8])
    return any(t.lower_ in _THANKS for t in doc[:4]) and any(t.lower_ in _FEEDBACK or t.lemma_.lower() in _ANSWERING for t in doc[:20]) and not ahead


_NEWCOMER = ("first time posting", "first post here", "new here", "just joined the server", "just joined this server", "mostly lurking", "long time lurker", "long-time lurker")


def _introduces_self(lowered: str) -> bool:
    """'first time posting here, land surveyor from Nakuru, mostly lurking'."""
    return any(p in lowered for p in _NEWCOMER)


def _about_the_bot(doc: Doc) -> bool:
    """'turn off bot replies', 'the bot answered my meme': talk about this bot."""
    return any(t.lower_ in ("bot", "bots", "bot's") and (t.dep_ in ("compound", "nsubj", "dobj", "pobj") or t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("replies", "reply", "answers")) for t in doc)


def _asks_for_one(pro: Span) -> bool:
    """'does anyone know a good interpreter in Leeds?': asking for a recommendation."""
    root = pro.root
    # "a good couples counselor": the parser may hang "good" on "couples"
    before = root.doc[root.left_edge.i : root.i]
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children) and any(t.lower_ in ("good", "decent", "reliable") for t in before)


def _channel_meta(doc: Doc) -> bool:
    """Talk about the channel's own threads ('the convo about rural docs
    yesterday was so civil', 'the bloke further up whose dentist ...'): a post about posts."""
    # "OP" as written: a lower-case "op" is an operation ("after my knee op")
    if any(t.lower_ == "upthread" or t.text in ("OP", "OP's") or (t.lower_ == "up" and t.i > 0 and doc[t.i - 1].lower_ in ("further", "higher")) for t in doc):
        return True
    return any(
        t.lower_ in _META and (any(c.dep_ == "prep" and c.lower_ == "about" for c in t.children) or any(c.lower_ in ("that", "this", "the", "yesterday's") for c in t.children))
        # "pharmacists of this server, ...": the channel's members addressed, not its threads
        and not (t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.tag_ == "NNS")
        # "the consent conversation" is had with the client, not a thread here
        and not any(c.dep_ == "compound" for c in t.children)
        for t in doc
    )


def _talks_to_the_channel(doc: Doc) -> bool:
    """"what's everyone's favourite...", "how's everyone's week": talk to the channel."""
    head = [t.lower_ for t in doc[:4]]
    return any(w in ("everyone", "everyone's", "everybody", "everybody's", "y'all", "anyone's") for w in head)


@Language.factory("dual_intent", requires=["doc._.reading"], assigns=["doc._.intent"])
def make_dual_intent(nlp: Language, name: str) -> DualIntent:
    return DualIntent()
