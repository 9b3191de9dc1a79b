"""What a curated answer is attached to, and whether a post's Assessment matches it.

A curated answer has a *target*: a ``(kind, value)`` pair, the kind being one
of ``bot.storage.TARGET_KINDS``:

``risk``
    a risk id of ``knowledge/risks.toml`` (``fairness``): matches a post
    whose assessment flags that risk.
``exception``
    an exception id (``rural_access``): matches when the exception applies.
``profession``
    a profession id (``dentist``) or a profession group id (``mental_health``,
    ``medical``, ``legal``, ``other``): matches when the post's professional is
    that profession, or belongs to that group.
``relationship``
    a relationship id of ``knowledge/relationships.toml`` (``in_law``): matches
    when the post names that tie (not negated: "he is *not* my friend" does not
    count).
``pattern``
    a named kind of post: tokens joined by ``+``, all of which must hold::

        pattern  := token ( "+" token )*
        token    := group | profession | relationship | risk | exception
                  | verdict | timing | "romance"
        group    := "mental_health" | "medical" | "legal" | "other"
        timing   := "former" | "current" | "prospective"

    ``group``, ``profession``, ``relationship``, ``risk`` and ``exception``
    hold as for the kinds above; a ``verdict`` id (``prohibited``, ``avoid``,
    ``may_be_appropriate``, ``caution``) holds when the post gets that verdict;
    a timing holds when the client is a former / current / prospective one;
    ``romance`` holds when a romance with the client is present or wished
    for. Tokens are case-insensitive, spaces around ``+`` are ignored, a
    repeated token counts once. Example: ``mental_health+former+romance`` is
    "a mental-health professional and a former client they want to date".

Knowledge ids of the different tables never clash today; should they ever, a
token holds when it holds under any of its meanings.

When typing a target, ``kind:value`` is accepted (``risk:fairness``,
``pattern:romance``); a bare value is given its kind: a ``+`` makes it a
pattern, a lone id takes the kind of its table, and a lone verdict, timing or
``romance`` is a one-token pattern. Unknown ids are refused with "did you
mean" suggestions.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from bot.core.knowledge import GROUPS, Knowledge
from bot.storage import TARGET_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from bot.core.assessment import Assessment

__all__ = [
    "KIND_ORDER",
    "TARGET_KINDS",
    "TIMINGS",
    "ROMANCE",
    "Target",
    "TargetError",
    "Vocabulary",
]

TIMINGS = ("former", "current", "prospective")
ROMANCE = "romance"
# Most specific first: a note about "mental_health+former+romance" is worth
# more to the reader than one about any post flagging "fairness".
KIND_ORDER = {"pattern": 0, "relationship": 1, "profession": 2, "exception": 3, "risk": 4}


class TargetError(ValueError):
    """A target that names nothing we know; ``suggestions`` are close known tokens."""

    def __init__(self, message: str, *, token: str = "", suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.token = token
        self.suggestions = tuple(suggestions)


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    value: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.value.split("+"))

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Vocabulary:
    """The tokens targets may use, from the loaded knowledge."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.tables: dict[str, tuple[str, ...]] = {
            "group": tuple(GROUPS),
            "profession": tuple(knowledge.professions),
            "relationship": tuple(knowledge.relationships),
            "risk": tuple(knowledge.risks),
            "exception": tuple(knowledge.exceptions),
            "verdict": tuple(knowledge.verdicts),
            "timing": TIMINGS,
            "romance": (ROMANCE,),
        }
        self.meanings: dict[str, tuple[str, ...]] = {}
        for table, ids in self.tables.items():
            for token in ids:
                self.meanings[token] = self.meanings.get(token, ()) + (table,)

    # ------------------------------------------------------------ names

    def title(self, token: str) -> str:
        """A human name for a token (knowledge title, else the token made readable)."""
        k = self.knowledge
        for table in (k.professions, k.relationships, k.risks, k.exceptions, k.verdicts):
            if token in table:
                return table[token].title
        names = {"mental_health": "Mental-health professional", "medical": "Medical professional",
                 "legal": "Legal professional", "other": "Other professional",
                 "former": "Former client", "current": "Current client",
                 "prospective": "Prospective client", "romance": "Romance"}
        return names.get(token, token.replace("_", " "))

    def all_tokens(self) -> list[str]:
        return list(self.meanings)

    def suggest(self, token: str, most: int = 3, pool: Iterable[str] | None = None) -> list[str]:
        """Known tokens close to a typo ("mental_helth" -> "mental_health")."""
        wanted = token.strip().lower().replace(" ", "_").replace("-", "_")
        candidates = list(pool) if pool is not None else self.all_tokens()
        found = difflib.get_close_matches(wanted, candidates, n=most, cutoff=0.6)
        if len(found) < most and len(wanted) >= 3:
            found += [c for c in candidates if wanted in c and c not in found]
        return found[:most]

    # ------------------------------------------------------------ parsing

    def parse(self, spec: str, kind: str | None = None) -> Target:
        """Validate a target typed by a moderator. Raises TargetError."""
        text = " ".join(str(spec or "").split()).lower()
        if kind is None and ":" in text:
            prefix, _, rest = text.partition(":")
            if prefix.strip() in TARGET_KINDS:
                kind, text = prefix.strip(), rest
        tokens = [t.strip().replace(" ", "_") for t in text.split("+")]
        if not text or any(not t for t in tokens):
            raise TargetError(
                "A target is a knowledge id (a risk, exception, profession or relationship) or a pattern"
                " of ids joined by '+', like mental_health+former+romance."
            )
        tokens = list(dict.fromkeys(tokens))
        for token in tokens:
            if token not in self.meanings:
                raise TargetError(
                    f"'{token}' is not a known id.", token=token, suggestions=self.suggest(token)
                )
        if kind is None:
            kind = self._infer_kind(tokens)
        if kind not in TARGET_KINDS:
            raise TargetError(f"'{kind}' is not a kind of target ({', '.join(TARGET_KINDS)}).")
        if kind != "pattern":
            if len(tokens) != 1:
                raise TargetError(f"A {kind} target is a single id; use a pattern to combine ids with '+'.")
            allowed = self._ids_of_kind(kind)
            if tokens[0] not in allowed:
                raise TargetError(
                    f"'{tokens[0]}' is not a {kind} id.", token=tokens[0],
                    suggestions=self.suggest(tokens[0], pool=allowed),
                )
        return Target(kind, "+".join(tokens))

    def _ids_of_kind(self, kind: str) -> tuple[str, ...]:
        if kind == "profession":
            return self.tables["profession"] + self.tables["group"]
        return self.tables[kind]

    def _infer_kind(self, tokens: list[str]) -> str:
        if len(tokens) > 1:
            return "pattern"
        meanings = self.meanings[tokens[0]]
        for table, kind in (("risk", "risk"), ("exception", "exception"), ("profession", "profession"),
                            ("group", "profession"), ("relationship", "relationship")):
            if table in meanings:
                return kind
        return "pattern"  # a verdict, a timing or "romance" on its own

    # ------------------------------------------------------------ matching

    def token_holds(self, token: str, a: "Assessment") -> bool:
        for table in self.meanings.get(token, ()):
            if self._holds(table, token, a):
                return True
        return False

    @staticmethod
    def _holds(table: str, token: str, a: "Assessment") -> bool:
        if table == "group":
            return a.profession_group == token
        if table == "profession":
            return a.profession == token
        if table == "relationship":
            return any(m.id == token and not m.negated for m in a.relationships)
        if table == "risk":
            return token in a.risk_ids
        if table == "exception":
            return token in a.exception_ids
        if table == "verdict":
            return a.verdict == token
        if table == "timing":
            return a.timing == token
        if table == "romance":
            return bool(a.romance)
        return False

    def matches(self, kind: str, value: str, a: "Assessment") -> bool:
        """Does a post with this assessment match the target? Unknown ids match nothing."""
        if a.intent != "scenario":
            return False
        tokens = [t for t in value.split("+") if t]
        if not tokens:
            return False
        if kind == "pattern":
            return all(self.token_holds(t, a) for t in tokens)
        if len(tokens) != 1:
            return False
        token = tokens[0]
        if kind == "profession":
            return a.profession == token or a.profession_group == token
        if kind in ("risk", "exception", "relationship"):
            return self._holds(kind, token, a)
        return False

    @staticmethod
    def specificity(kind: str, value: str) -> tuple[int, int]:
        """Sort key, most specific first: longer patterns, then by kind."""
        return (KIND_ORDER.get(kind, 9), -len(value.split("+")))

    def describe(self, kind: str, value: str) -> str:
        """'mental_health+former+romance' -> 'Mental-health professional + Former client + Romance'."""
        return " + ".join(self.title(t) for t in value.split("+"))
