"""Value types of the replies package: what renderers return and what callers pass in."""
from __future__ import annotations

from dataclasses import dataclass

from .paging import DISCORD_LIMIT, discord_len


@dataclass(frozen=True)
class Reply:
    """A reply ready to send: one Discord message per page, each within the limit."""

    pages: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.pages:
            raise ValueError("a Reply needs at least one page")
        for n, page in enumerate(self.pages, 1):
            if discord_len(page) > DISCORD_LIMIT:
                raise ValueError(f"page {n} is {discord_len(page)} characters (limit {DISCORD_LIMIT})")

    @property
    def content(self) -> str:
        """The first page: enough for frontends that send a single message."""
        return self.pages[0]

    @property
    def text(self) -> str:
        """All pages as one text (console frontend, logs)."""
        return "\n\n".join(self.pages)


@dataclass(frozen=True)
class CuratedNote:
    """A moderator's note attached to a kind of scenario. All fields are user text."""

    name: str
    body: str
    author: str


@dataclass(frozen=True)
class FeaturedNote:
    """A community answer picked to show under a scenario. All fields are user text."""

    author: str
    excerpt: str
    jump_url: str | None = None
