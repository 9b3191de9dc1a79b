"""Moderator curation: curated answers, the review inbox, featured community
answers, the audit log, and the export/import of all of it.

``service.CurationService`` holds the logic (no Discord in it); the Discord
cog and the console commands are thin adapters over it; ``cli`` is
``python -m bot curation export|import``.
"""
from .patterns import Target, TargetError, Vocabulary
from .service import Actor, CurationService, Labels, NullPlatform, Platform, Result, ReviewCase

__all__ = [
    "Actor",
    "CurationService",
    "Labels",
    "NullPlatform",
    "Platform",
    "Result",
    "ReviewCase",
    "Target",
    "TargetError",
    "Vocabulary",
]
