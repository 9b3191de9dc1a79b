"""Pick the professional-code rules (knowledge/codes.toml) that fit a scenario."""
from __future__ import annotations

from bot.core.assessment import Assessment
from bot.core.knowledge import Entry, Knowledge

RULES_SHOWN = 3
# Most specific first, so a romance rule is never crowded out by a general one.
_TOPIC_ORDER = ("romance_current", "romance_former", "prior_romance", "romance_relative",
                "family_friends", "online", "community", "unforeseen", "general")
_ROMANCE_BY_TIMING = {"current": "romance_current", "former": "romance_former", "prospective": "prior_romance"}
_TOPIC_BY_KIND = {"family": "family_friends", "friend": "family_friends", "online": "online",
                  "romantic": "prior_romance", "ex_partner": "prior_romance"}


def code_topics(a: Assessment, knowledge: Knowledge) -> set[str]:
    """codes.toml topics this scenario is about; {"general"} when nothing more specific fits."""
    topics: set[str] = set()
    if a.romance:
        # Unknown timing: show the current-client rule (the stricter one); the
        # bot asks the timing question alongside.
        topics.add(_ROMANCE_BY_TIMING.get(a.timing or "", "romance_current"))
    for m in a.relationships:
        entry = knowledge.relationships.get(m.id)
        if m.negated or entry is None:
            continue
        topic = _TOPIC_BY_KIND.get(entry.get("kind"))
        # An existing partner or an ex as the client is "prior romance"; a family
        # or friend tie matters on its own only when there is no romance.
        if topic == "prior_romance" or (topic and not a.romance):
            topics.add(topic)
    if a.exceptions:
        topics.add("community")
    return topics or {"general"}


def rules_for(a: Assessment, knowledge: Knowledge, most: int = RULES_SHOWN) -> list[Entry]:
    """The rules of the poster's profession (or group) on this scenario's topics."""
    if not (a.profession or a.profession_group):
        return []
    topics = code_topics(a, knowledge)
    rules = knowledge.codes_for(a.profession, a.profession_group, topics)
    if not rules:
        topics = {"general"}
        rules = knowledge.codes_for(a.profession, a.profession_group, topics)

    def rank(rule: Entry) -> int:
        return min(_TOPIC_ORDER.index(t) for t in rule.get("topics", ()) if t in topics)

    return sorted(rules, key=rank)[:most]  # sorted() is stable: codes.toml order breaks ties
