"""Base of the table-specific mixins that make up Storage.

Each mixin (guilds.py, scenarios.py, ...) holds the SQL of one feature and uses
only `self._db` and `self._stamp()`, so features stay in small modules while
callers see one `Storage` object.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .codec import ts_to_text
from .database import Database


class Repository:
    _db: Database
    _clock: Callable[[], datetime]

    def _stamp(self) -> str:
        """Now, as stored text (the clock is injectable so tests can move time)."""
        return ts_to_text(self._clock())
