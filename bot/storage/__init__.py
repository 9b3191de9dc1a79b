"""Persistence of the bot: every SQL statement of the project lives in this package.

Callers use `Storage` (see storage.py) and the row dataclasses in models.py,
and catch `StorageError`. SQLite is an implementation detail.
"""

from .errors import StorageConflict, StorageError, StorageFull, StorageImportError, StorageReadOnly
from .models import (
    HISTORY_ACTIONS,
    REVIEW_REASONS,
    TARGET_KINDS,
    AnswerHistory,
    AnswerSearch,
    AuditEntry,
    Correction,
    CuratedAnswer,
    FeaturedAnswer,
    FeedbackCounts,
    GuildSettings,
    ReviewItem,
    ScenarioRecord,
)
from .scenarios import UNSET
from .storage import Storage

__all__ = [
    "Storage",
    "StorageError",
    "StorageReadOnly",
    "StorageFull",
    "StorageConflict",
    "StorageImportError",
    "GuildSettings",
    "ScenarioRecord",
    "FeedbackCounts",
    "CuratedAnswer",
    "AnswerHistory",
    "AnswerSearch",
    "ReviewItem",
    "Correction",
    "FeaturedAnswer",
    "AuditEntry",
    "TARGET_KINDS",
    "REVIEW_REASONS",
    "HISTORY_ACTIONS",
    "UNSET",
]
