"""A plain-text account of an Assessment, for `python -m bot analyze`."""
from __future__ import annotations

from .assessment import Assessment


def describe(a: Assessment) -> str:
    lines = [f"intent:      {a.intent} (confidence {a.confidence:.2f})"]
    if a.intent == "lookup":
        lines.append(f"topic:       {a.lookup_topic or 'general'}")
    if a.intent != "scenario":
        return "\n".join(lines)
    who = "the poster" if a.professional_is_poster else "someone in the story"
    lines.append(f"professional: {a.profession or 'not named'} ({a.profession_group}), {who}")
    if a.relationships:
        lines.append("relationship: " + "; ".join(f"{m.id} ({m.text!r})" for m in a.relationships))
    lines.append(f"timing:      {a.timing or 'not said (read as current)'}")
    lines.append(f"verdict:     {a.verdict} (rule {a.verdict_rule} of labels.md)")
    for title, findings in (("risks", a.risks), ("exceptions", a.exceptions)):
        lines.append(f"{title}:")
        if not findings:
            lines.append("  (none flagged)")
        for f in findings:
            quotes = ", ".join(repr(q) for q in f.quotes()) or "(from the poster's answer)"
            lines.append(f"  - {f.id}: {quotes}")
    if a.safeguards:
        lines.append("safeguards:  " + ", ".join(a.safeguards))
    for q in a.questions:
        lines.append(f"question:    {q.prompt} [{' / '.join(o.value for o in q.options)}]")
    if a.truncated:
        lines.append("note:        the post was cut at the analysis cap")
    return "\n".join(lines)
