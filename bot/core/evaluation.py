"""Score analyzer records against gold labels (the fields of shared/eval/dev.jsonl)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .knowledge import EXCEPTION_IDS, RISK_IDS


def _ids(items: Any) -> set[str]:
    return {x["id"] if isinstance(x, dict) else x for x in items or []}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


@dataclass
class Report:
    n: int = 0
    scenarios: int = 0
    intent_ok: int = 0
    verdict_ok: int = 0
    group_ok: int = 0
    exact: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in RISK_IDS + EXCEPTION_IDS})
    misses: list[dict[str, Any]] = field(default_factory=list)

    def label_f1(self, key: str) -> tuple[float, float, float]:
        c = self.counts[key]
        return f1(c["tp"], c["fp"], c["fn"])

    def macro(self, keys: tuple[str, ...]) -> float:
        return sum(self.label_f1(k)[0] for k in keys) / len(keys)

    def summary(self) -> dict[str, float]:
        s = max(self.scenarios, 1)
        return {
            "n": self.n,
            "intent_acc": self.intent_ok / max(self.n, 1),
            "verdict_acc": self.verdict_ok / s,
            "profession_acc": self.group_ok / s,
            "risk_macro_f1": self.macro(RISK_IDS),
            "exception_macro_f1": self.macro(EXCEPTION_IDS),
            "exact_match": self.exact / s,
        }


def score(gold: list[dict[str, Any]], pred: dict[Any, dict[str, Any]]) -> Report:
    rep = Report()
    for g in gold:
        p = pred.get(g["id"], {})
        rep.n += 1
        wrong = []
        if p.get("intent") == g["intent"]:
            rep.intent_ok += 1
        else:
            wrong.append(f"intent {p.get('intent')} != {g['intent']}")
        if g["intent"] == "scenario":
            rep.scenarios += 1
            pr, gr = _ids(p.get("risks")), set(g["risks"])
            pe, ge = _ids(p.get("exceptions")), set(g["exceptions"])
            rep.verdict_ok += p.get("verdict") == g["verdict"]
            rep.group_ok += p.get("profession_group") == g["profession_group"]
            rep.exact += pr == gr and pe == ge and p.get("verdict") == g["verdict"]
            for key, got, want in [(k, pr, gr) for k in RISK_IDS] + [(k, pe, ge) for k in EXCEPTION_IDS]:
                c = rep.counts[key]
                c["tp"] += key in got and key in want
                c["fp"] += key in got and key not in want
                c["fn"] += key not in got and key in want
            if p.get("verdict") != g["verdict"]:
                wrong.append(f"verdict {p.get('verdict')} != {g['verdict']}")
            if p.get("profession_group") != g["profession_group"]:
                wrong.append(f"group {p.get('profession_group')} != {g['profession_group']}")
            if pr != gr:
                wrong.append(f"risks +{sorted(pr - gr)} -{sorted(gr - pr)}")
            if pe != ge:
                wrong.append(f"exceptions +{sorted(pe - ge)} -{sorted(ge - pe)}")
        if wrong:
            rep.misses.append({"id": g["id"], "text": g["text"], "wrong": wrong})
    return rep


def format_report(rep: Report) -> str:
    lines = [f"{k:20s} {v:.3f}" if isinstance(v, float) else f"{k:20s} {v}" for k, v in rep.summary().items()]
    lines.append("")
    lines.append(f"{'label':24s} {'P':>6s} {'R':>6s} {'F1':>6s}  tp fp fn")
    for key in RISK_IDS + EXCEPTION_IDS:
        f, p, r = rep.label_f1(key)
        c = rep.counts[key]
        lines.append(f"{key:24s} {p:6.3f} {r:6.3f} {f:6.3f}  {c['tp']:2d} {c['fp']:2d} {c['fn']:2d}")
    if rep.misses:
        lines.append("")
        lines.append(f"misclassified ({len(rep.misses)}):")
        for m in rep.misses:
            lines.append(f"- {m['id']}: {'; '.join(m['wrong'])}")
            lines.append(f"    {m['text'][:300]}")
    return "\n".join(lines)
