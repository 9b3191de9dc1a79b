"""Build the analysis pipeline: the base model minus what we do not use, plus
our components (bot/core/components), configured from knowledge/."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from .components import PIPELINE
from .knowledge import KNOWLEDGE_DIR, cached_knowledge
from .model import load_base_model

_NEEDS_KNOWLEDGE = {"dual_lexicon", "dual_roles", "dual_risks"}


def build_pipeline(knowledge_dir: Path | str = KNOWLEDGE_DIR) -> Language:
    # validate knowledge before the (slower) model load, so a bad file fails fast
    cached_knowledge(str(knowledge_dir))
    nlp = load_base_model()
    nlp.add_pipe("line_breaks", before="parser")
    for name in PIPELINE:
        config = {"knowledge_dir": str(knowledge_dir)} if name in _NEEDS_KNOWLEDGE else {}
        nlp.add_pipe(name, config=config)
    return nlp
