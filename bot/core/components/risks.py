"""`dual_risks`: map what was read to the risks and exceptions of labels.md,
each with the words that triggered it, then decide the verdict.

A risk is flagged only on evidence in the text; the labels.md table says what
counts. Cues are only used when not negated (dual_context).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..knowledge import Knowledge, cached_knowledge
from ..verdict import VerdictInput, decide
from .lexicon import SPANS_KEY
from .roles import POSTER, Reading

# Cues that still mean "fairness" when negated: "it's not fair to my other patients"
_NEGATION_PROOF = {"fairness"}
_PLACE_WORDS = {
    "town", "county", "area", "around", "here", "region", "valley", "island", "village",
    "mile", "miles", "km", "kilometer", "kilometre", "hour", "hours", "city", "state",
    "province", "district", "parish", "reservation", "community", "nearby", "locally", "local",
}
_STRONG_RURAL = {"rural_place"}
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


def subject_is_professional(span: Span, reading: Reading) -> bool | None:
    """Whose feeling is this cue? True: the professional's, False: the client's,
    None: cannot tell."""
    tok = span.root
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            first = s.lower_ in POSTER
            if reading.poster_role == "professional":
                return first
            if reading.poster_role == "client":
                return not first and reading.professional is not None and reading.professional.start <= s.i < reading.professional.end
            if reading.professional is not None and reading.professional.start <= s.i < reading.professional.end:
                return True
            return None
        if tok.head is tok:
            break
        tok = tok.head
    return None


class DualRisks:
    def __init__(self, knowledge: Knowledge) -> None:
        self.kb = knowledge

    def __call__(self, doc: Doc) -> Doc:
        reading: Reading = doc._.reading
        spans = [s for s in doc.spans[SPANS_KEY]]
        cues: dict[str, list[Span]] = {}
        for s in spans:
            if s.label_ in ("profession", "relationship"):
                continue
            if s._.negated and s.label_ not in _NEGATION_PROOF:
                continue
            cues.setdefault(s.label_, []).append(s)
        negated_comfort = [s for s in spans if s.label_ == "comfort" and (s._.negated or _doubted(s, spans))]
        f = Findings()
        self._romance(f, reading)
        self._ties(f, reading)
        self._clouding_cues(f, reading, cues)
        self._fairness(f, cues)
        self._missed(f, reading, cues)
        self._sharing(f, reading, cues, negated_comfort)
        self._exceptions(f, cues, doc)
        f.verdict, f.verdict_rule = decide(self.verdict_input(doc, f))
        doc._.findings = f
        return doc

    @staticmethod
    def verdict_input(doc: Doc, f: Findings, timing: str | None = None, exceptions: bool | None = None) -> VerdictInput:
        reading: Reading = doc._.reading
        romance = "sexual_relationship" in f.risks
        return VerdictInput(
            group=reading.group or "other",
            romance_with_client=romance,
            romance_preexisting=romance and not reading.romance_with_client,
            timing=timing if timing is not None else doc._.timing,
            has_exception=bool(f.exceptions) if exceptions is None else exceptions,
        )

    def _romance(self, f: Findings, reading: Reading) -> None:
        evidence = list(reading.romance_with_client) + [t.evidence for t in reading.partner_client]
        if evidence:
            f.add(f.risks, "sexual_relationship", *evidence)
            f.add(f.risks, "clouded_judgment", *evidence)

    def _ties(self, f: Findings, reading: Reading) -> None:
        for tie in reading.relevant_ties:
            if tie.close and tie.kind != "romantic":
                f.add(f.risks, "clouded_judgment", tie.evidence)
            if tie.kind in ("employer", "landlord", "creditor") and tie.power:
                # the professional is the client's boss/landlord: pressure on the
                # client; the professional's own boss asking: pressure on them
                if reading.poster_role == "client" or tie.owner == "none":
                    f.add(f.risks, "pressure_imbalance", tie.evidence)
            if tie.kind in ("employee", "tenant", "student") and reading.poster_role != "client":
                f.add(f.risks, "pressure_imbalance", tie.evidence)

    def _clouding_cues(self, f: Findings, reading: Reading, cues: dict[str, list[Span]]) -> None:
        sharing = cues.get("sharing", [])
        for role in ("objectivity", "obligation", "pressure"):
            for span in cues.get(role, []):
                if role == "pressure" and any(_overlaps(span, s) for s in sharing):
                    continue
                whose = subject_is_professional(span, reading)
                if role == "objectivity":
                    professional_feels = whose is not False
                elif role == "obligation":
                    professional_feels = whose is not False or reading.poster_role == "professional"
                else:
                    professional_feels = whose is True
                key = "clouded_judgment" if professional_feels else "pressure_imbalance"
                f.add(f.risks, key, span)

    def _fairness(self, f: Findings, cues: dict[str, list[Span]]) -> None:
        spans = cues.get("fairness", [])
        if spans:
            f.add(f.risks, "fairness", *spans)

    def _missed(self, f: Findings, reading: Reading, cues: dict[str, list[Span]]) -> None:
        skips = cues.get("skip", [])
        intake_sents = {s.sent.start for s in cues.get("intake", [])}
        for s in skips:
            # "skip" alone needs an intake step in the sentence; "without an exam" carries it
            if len(s) > 1 or s.sent.start in intake_sents:
                f.add(f.risks, "missed_information", s)
        for s in cues.get("know", []):
            if subject_is_professional(s, reading) is False:
                continue  # "someone he already knows" is the client's comfort
            causal = any(t.lower_ in ("since", "because", "so", "cause", "'cause", "as") for t in s.sent)
            if causal and (reading.poster_role == "professional" or subject_is_professional(s, reading)):
                f.add(f.risks, "missed_information", s)

    def _sharing(self, f: Findings, reading: Reading, cues: dict[str, list[Span]], negated_comfort: list[Span]) -> None:
        for s in cues.get("sharing", []) + negated_comfort:
            if s.label_ == "sharing" and subject_is_professional(s, reading) is True and s.root.lemma_ in ("awkward", "uncomfortable", "hesitant", "reluctant"):
                continue  # the professional's unease is not the client holding back
            f.add(f.risks, "unwillingness_to_share", s)

    def _exceptions(self, f: Findings, cues: dict[str, list[Span]], doc: Doc) -> None:
        f.plenty = cues.get("plenty", [])
        rural = []
        for s in cues.get("rural", []):
            if s.kb_id_ != "rural_place":
                continue
            words = {t.lower_ for t in s}
            strong = not (words <= _WEAK_RURAL_HEADS) and not (len(s) == 1 and s[0].lower_ in _WEAK_RURAL_HEADS)
            place = any(t.lower_ in _PLACE_WORDS or t.lemma_ in _PLACE_WORDS or t.like_num for t in s.sent)
            if strong and (len(s) > 1 or s[0].lower_ not in ("county", "reserve", "village", "isolated", "remote") or place):
                rural.append(s)
            elif place and s[0].lower_ in ("the", "nearest", "closest", "only", "no", "nobody", "one"):
                rural.append(s)
        insular_terms = cues.get("insular", [])
        inward = cues.get("inward", [])
        if rural and not f.plenty:
            # "the only one who speaks Somali" is about the community, not the map
            f.add(f.exceptions, "rural_access", *rural)
        if insular_terms and (inward or any(t.root.lower_ in ("tight", "close", "insular") for t in insular_terms)):
            f.add(f.exceptions, "insular_community", *insular_terms[:2], *inward[:1])


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


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
