"""spaCy components of the analyzer, registered with @Language.factory on import."""
from . import context, intent, lexicon, lines, risks, roles  # noqa: F401  (registers the factories)

PIPELINE = ("dual_lexicon", "dual_context", "dual_roles", "dual_intent", "dual_risks")
