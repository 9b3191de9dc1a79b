"""Persistent buttons on scenario replies.

Every button is a :class:`discord.ui.DynamicItem`, so it keeps working after a
restart: the ``custom_id`` carries all the button needs (which question and
which answer, or which vote), and the rest comes from the stored scenario
record, looked up by the id of the message the button sits on (the bot's
reply). No View has to be re-created or re-added at start-up; the bot
registers the item classes with ``add_dynamic_items`` in ``setup_hook``.

custom_id formats (at most 100 characters; keep them stable, they are in
messages already sent):

- ``drb:answer:<question_id>:<value>`` -- a clarifying-question answer
- ``drb:feedback:up`` / ``drb:feedback:down`` -- 👍 / 👎

Composability: :func:`reply_view` builds the view of a scenario reply from
the questions (rows 0-2), the feedback buttons (row 3), and whatever other
modules registered with :func:`register_reply_item` (row 4 is left free for
them, e.g. the curation engineer's "Report assessment" button)::

    from bot.frontends.views import register_reply_item
    register_reply_item(lambda: ReportButton(), ReportButton)
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import discord

from bot.core.assessment import Question

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.service import ScenarioService

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
QUESTION_ROWS = (0, 1, 2)
FEEDBACK_ROW = 3
EXTENSION_ROW = 4  # free for registered items (report button, ...)

_ID_PART = r"[a-z0-9_.-]{1,32}"


def _service(interaction: discord.Interaction) -> "ScenarioService":
    return interaction.client.service  # type: ignore[attr-defined]


# ------------------------------------------------------------------ answers


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=rf"drb:answer:(?P<question>{_ID_PART}):(?P<value>{_ID_PART})",
):
    """One option of a clarifying question. Only the post's author may press it."""

    def __init__(self, question_id: str, value: str, label: str | None = None, row: int | None = None) -> None:
        self.question_id = question_id
        self.value = value
        super().__init__(
            discord.ui.Button(
                label=(label or value)[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"drb:answer:{question_id}:{value}",
            ),
            row=row,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> "AnswerButton":
        return cls(match["question"], match["value"], label=item.label, row=item.row)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await handle_answer(interaction, self.question_id, self.value)


async def handle_answer(interaction: discord.Interaction, question_id: str, value: str) -> None:
    """Re-assess the post with the new fact and edit the reply in place.

    We defer at once (a deferred message update, invisible to members) since
    the analyzer and a fetch of the post may take longer than Discord's 3 s.
    """
    service = _service(interaction)
    message = interaction.message
    if message is None:
        return
    await interaction.response.defer()  # DEFERRED_UPDATE_MESSAGE

    channel = interaction.channel

    async def fetch_text(channel_id: int, message_id: int) -> str | None:
        target = channel
        if target is None or getattr(target, "id", None) != channel_id:
            target = interaction.client.get_channel(channel_id)  # type: ignore[assignment]
        if target is None or not hasattr(target, "fetch_message"):
            return None
        try:
            post = await target.fetch_message(message_id)  # type: ignore[union-attr]
        except (discord.NotFound, discord.Forbidden):
            return None
        return post.content

    try:
        outcome = await service.answer_question(message.id, interaction.user.id, question_id, value, fetch_text)
    except Exception:
        log.exception("answering question %s=%s on reply %s failed", question_id, value, message.id)
        await interaction.followup.send(service.error("internal"), ephemeral=True, allowed_mentions=NO_MENTIONS)
        return

    if outcome.status != "ok":
        await interaction.followup.send(outcome.message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    try:
        await interaction.edit_original_response(
            content=outcome.pages[0], view=reply_view(outcome.questions), allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException:
        log.warning("could not edit reply %s after an answer", message.id)
        return
    if outcome.thread_pages:
        target = None
        if outcome.thread_id:
            target = interaction.client.get_channel(outcome.thread_id)
            if target is None:
                try:
                    target = await interaction.client.fetch_channel(outcome.thread_id)
                except discord.HTTPException:
                    target = None
        target = target or interaction.channel
        for page in outcome.thread_pages:
            try:
                await target.send(page, allowed_mentions=NO_MENTIONS)  # type: ignore[union-attr]
            except discord.HTTPException:
                log.warning("could not post a follow-up page for reply %s", message.id)
                break


# ------------------------------------------------------------------ feedback


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"drb:feedback:(?P<value>up|down)",
):
    """👍 / 👎 on a scenario reply; one vote per member, the last one counts."""

    def __init__(self, value: str, row: int | None = FEEDBACK_ROW) -> None:
        self.value = value
        super().__init__(
            discord.ui.Button(
                emoji="👍" if value == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"drb:feedback:{value}",
            ),
            row=row,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> "FeedbackButton":
        return cls(match["value"], row=item.row)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        service = _service(interaction)
        if interaction.message is None:
            return
        outcome = await service.feedback(interaction.message.id, interaction.user.id, self.value)  # type: ignore[arg-type]
        await interaction.response.send_message(outcome.message, ephemeral=True, allowed_mentions=NO_MENTIONS)


# ------------------------------------------------------------------ composition

ItemFactory = Callable[[], discord.ui.Item[Any]]
_EXTRA_FACTORIES: list[ItemFactory] = []
DYNAMIC_ITEMS: list[type[discord.ui.DynamicItem[Any]]] = [AnswerButton, FeedbackButton]


def register_reply_item(factory: ItemFactory, dynamic_cls: type[discord.ui.DynamicItem[Any]] | None = None) -> None:
    """Add an item to every scenario reply's view from now on.

    ``factory()`` builds a fresh item (put it on row 4). ``dynamic_cls``, a
    DynamicItem class, is registered for persistence when the bot starts
    (register before ``setup_hook`` runs).
    """
    _EXTRA_FACTORIES.append(factory)
    if dynamic_cls is not None and dynamic_cls not in DYNAMIC_ITEMS:
        DYNAMIC_ITEMS.append(dynamic_cls)


def unregister_reply_item(factory: ItemFactory, dynamic_cls: type[discord.ui.DynamicItem[Any]] | None = None) -> None:
    """Undo :func:`register_reply_item` (a cog being unloaded)."""
    while factory in _EXTRA_FACTORIES:
        _EXTRA_FACTORIES.remove(factory)
    if dynamic_cls is not None and dynamic_cls in DYNAMIC_ITEMS:
        DYNAMIC_ITEMS.remove(dynamic_cls)


def question_items(questions: Sequence[Question]) -> Iterable[discord.ui.Item[Any]]:
    for row, q in zip(QUESTION_ROWS, questions):
        for option in q.options[:5]:
            yield AnswerButton(q.id, option.value, option.label, row=row)


def reply_view(questions: Sequence[Question] = (), *, feedback: bool = True) -> discord.ui.View:
    """The persistent view of a scenario reply (timeout None)."""
    view = discord.ui.View(timeout=None)
    for item in question_items(questions):
        view.add_item(item)
    if feedback:
        view.add_item(FeedbackButton("up"))
        view.add_item(FeedbackButton("down"))
    for factory in _EXTRA_FACTORIES:
        try:
            view.add_item(factory())
        except Exception:  # a broken extension must not stop the reply
            log.exception("reply view extension %r failed", factory)
    return view
