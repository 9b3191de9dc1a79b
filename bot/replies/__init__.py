"""Replies: templated, escaped, Discord-sized messages built from knowledge/ and responses/."""
from .environment import RESPONSES_DIR, TemplateProblem
from .renderer import Renderer
from .types import CuratedNote, FeaturedNote, Reply

__all__ = ["CuratedNote", "FeaturedNote", "RESPONSES_DIR", "Renderer", "Reply", "TemplateProblem"]
