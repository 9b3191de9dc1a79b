"""Learning from corrections: a small learned layer over the analyzer's rules.

    python -m bot train [--db PATH] [--out PATH] [--seed N] [--dry-run]

fits one logistic regression per risk and exception (bot.learning.model) on
the repo's labelled posts and the moderators' corrections, and installs it as
one JSON file next to the database (data/learned_model.json) when it does not
score worse on the regression set (bot.learning.cli).

The analyzer uses it through its LabelAdjuster hook::

    from bot.core.analyzer import Analyzer
    from bot.learning import default_model_path, load_adjuster

    analyzer = Analyzer.load(adjuster=load_adjuster(default_model_path()))

`load_adjuster` returns None (rules alone, with a logged warning) when the
file is absent, unreadable or stale. Until one is installed, the bot and the
CLI run with the model shipped in this package (`shipped_adjuster`, trained
on the repository's labelled posts by `python -m bot train --ship`). A
running bot picks up a new file with `ModelWatcher` (bot.learning.watch,
which documents the wiring).
"""
from __future__ import annotations

from .cli import default_model_path
from .model import SHIPPED_MODEL, LearnedAdjuster, LearnedModel, knowledge_hash, load_adjuster, shipped_adjuster
from .watch import ModelWatcher

__all__ = ["load_adjuster", "shipped_adjuster", "default_model_path", "LearnedAdjuster", "LearnedModel", "ModelWatcher",
           "knowledge_hash", "SHIPPED_MODEL"]
