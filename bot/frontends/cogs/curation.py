"""Moderator curation in Discord, a thin adapter over :class:`bot.curation.CurationService`.

- ``/curate add | edit | remove | alias | list | show | search``: notes the
  moderators attach to a risk, exception, profession, relationship or a
  pattern (``mental_health+former+romance``); they appear under matching
  scenario replies, credited to their author. Names autocomplete fuzzily
  (names and aliases), targets autocomplete from the knowledge ids. ``add`` and
  ``edit`` without a text open a form (multi-line notes).
- ``/review``: the review inbox, one item at a time, with selects to confirm
  or correct intent, risks, exceptions and verdict, and Confirm / Save
  correction / Skip buttons (plus "keep anonymised text", off by default).
- ``/audit``: the last 20 moderator actions.
- Message command **Feature this answer** (in a scenario's thread): pins a
  member's answer and shows it under later scenarios of the same kind.
- A **Report assessment** button on every scenario reply (row 4 of its view)
  puts the post in the review inbox; so does a 👎 (see the scenario service).

Who may do what is decided by the service (see :mod:`bot.curation.service`):
anyone reads curated answers; the moderator role (``/setup moderator``) or the
Manage Messages permission is needed to write, review, feature or read the
audit. Refusals and writes are answered privately. The commands are not hidden
with ``default_permissions``, since a moderator role need not carry any
particular permission; they refuse politely instead.

The cog is loaded only when the service has curation (the launcher always
sets it up).
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.knowledge import EXCEPTION_IDS, RISK_IDS, VERDICT_IDS
from bot.curation import Actor, CurationService, Labels, ReviewCase
from bot.curation.service import MAX_BODY
from bot.frontends.views import EXTENSION_ROW, NO_MENTIONS, register_reply_item, unregister_reply_item

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.discord_bot import GuidanceBot

log = logging.getLogger(__name__)

REVIEW_TIMEOUT = 15 * 60  # an open /review message stays usable this long
TEXT_KEPT_MAX = 4000


# ------------------------------------------------------------------ platform


class DiscordPlatform:
    """Names, message texts and links, from Discord (cache first, then REST)."""

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot

    async def display_name(self, guild_id: int, user_id: int) -> str | None:
        guild = self.bot.get_guild(guild_id)
        member = guild.get_member(user_id) if guild is not None else None
        if member is not None:
            return member.display_name
        user = self.bot.get_user(user_id)
        if user is None:
            try:
                user = await self.bot.fetch_user(user_id)
            except discord.HTTPException:
                return None
        return user.display_name

    async def fetch_text(self, channel_id: int, message_id: int) -> str | None:
        channel: Any = self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id)
        try:
            message = await channel.fetch_message(message_id)
        except discord.HTTPException:  # deleted, no access, Discord trouble: nothing to show
            return None
        return message.content

    def jump_url(self, guild_id: int, channel_id: int, message_id: int) -> str | None:
        return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def _curation(interaction: discord.Interaction) -> CurationService:
    return interaction.client.service.curation  # type: ignore[attr-defined]


async def actor_of(interaction: discord.Interaction) -> Actor:
    """The Actor for whoever triggered the interaction (roles + Manage Messages)."""
    user = interaction.user
    roles = [r.id for r in getattr(user, "roles", ())]
    perms = getattr(user, "guild_permissions", None)
    manage = bool(perms and perms.manage_messages) or bool(interaction.permissions.manage_messages)
    if interaction.guild_id is None:
        manage = False
    return await _curation(interaction).actor(interaction.guild_id, user.id, role_ids=roles, manage_messages=manage)


async def send(interaction: discord.Interaction, pages: Sequence[str], *, ephemeral: bool = True,
               view: discord.ui.View | None = None) -> None:
    """Pages as the response (or follow-ups when deferred); a view goes on the last page."""
    pages = [p for p in pages if p] or ["…"]
    for n, page in enumerate(pages):
        kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_MENTIONS}
        if view is not None and n == len(pages) - 1:
            kwargs["view"] = view
        if n == 0 and not interaction.response.is_done():
            await interaction.response.send_message(page, **kwargs)
        else:
            await interaction.followup.send(page, **kwargs)


# ------------------------------------------------------------------ report button


class ReportButton(discord.ui.DynamicItem[discord.ui.Button], template=r"drb:report"):
    """"Report assessment" on a scenario reply: the post goes to the moderators' review inbox."""

    def __init__(self, row: int | None = EXTENSION_ROW) -> None:
        super().__init__(
            discord.ui.Button(
                label="Report assessment", emoji="🚩", style=discord.ButtonStyle.secondary, custom_id="drb:report"
            ),
            row=row,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> "ReportButton":
        return cls(row=item.row)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        if interaction.message is None:
            return
        curation = getattr(interaction.client.service, "curation", None)  # type: ignore[attr-defined]
        if curation is None:
            await interaction.response.send_message("Reporting is not available right now.", ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        result = await curation.report(interaction.message.id, interaction.user.id)
        await send(interaction, result.pages)


def _report_button() -> discord.ui.Item[Any]:
    return ReportButton()


# ------------------------------------------------------------------ forms


class NoteModal(discord.ui.Modal):
    """A multi-line note for /curate add or edit."""

    def __init__(self, cog: "CurationCog", actor: Actor, *, name: str, target: str | None, default: str = "",
                 editing: bool = False) -> None:
        super().__init__(title="Edit curated answer" if editing else "New curated answer", timeout=REVIEW_TIMEOUT)
        self.cog, self.actor, self.name, self.target, self.editing = cog, actor, name, target, editing
        self.body: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
            label="Note shown under matching scenarios", style=discord.TextStyle.paragraph,
            max_length=MAX_BODY, default=default[:MAX_BODY] or None, required=True,
        )
        self.add_item(self.body)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        curation = self.cog.curation
        if self.editing:
            result = await curation.edit(self.actor, self.name, body=self.body.value, target=self.target)
        else:
            result = await curation.add(self.actor, self.name, self.target or "", self.body.value)
        await send(interaction, result.pages)


class KeepTextModal(discord.ui.Modal, title="Keep an anonymised example"):
    """The moderator edits the post into an anonymised example; only this text is stored."""

    def __init__(self, view: "ReviewView", decision: str) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.review, self.decision = view, decision
        self.text: discord.ui.TextInput[KeepTextModal] = discord.ui.TextInput(
            label="Text to keep (remove names, places, details)", style=discord.TextStyle.paragraph,
            max_length=TEXT_KEPT_MAX, default=(view.case.text or "")[:TEXT_KEPT_MAX] or None, required=True,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await self.review.resolve(interaction, self.decision, text=self.text.value)


# ------------------------------------------------------------------ the review view


def _options(ids: Sequence[str], table: dict[str, Any], chosen: Sequence[str]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(label=(table[i].title if i in table else i)[:100], value=i, default=i in chosen)
        for i in ids
    ]


class ReviewView(discord.ui.View):
    """One inbox item: selects hold the labels (the bot's reading to start with)."""

    def __init__(self, curation: CurationService, actor: Actor, case: ReviewCase) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.curation, self.actor, self.case = curation, actor, case
        labels = case.labels
        self.intent = labels.intent
        self.risks = list(labels.risks)
        self.exceptions = list(labels.exceptions)
        self.verdict = labels.verdict
        self.keep_text = False
        k = curation.knowledge

        self.intent_select: discord.ui.Select[ReviewView] = discord.ui.Select(
            placeholder="Intent", row=0,
            options=[discord.SelectOption(label=i, value=i, default=i == self.intent) for i in ("scenario", "lookup", "other")],
        )
        self.risk_select: discord.ui.Select[ReviewView] = discord.ui.Select(
            placeholder="Risks (none selected = no risk)", row=1,
            min_values=0, max_values=len(RISK_IDS), options=_options(RISK_IDS, k.risks, self.risks),
        )
        self.exception_select: discord.ui.Select[ReviewView] = discord.ui.Select(
            placeholder="Exceptions (none selected = none apply)", row=2,
            min_values=0, max_values=len(EXCEPTION_IDS), options=_options(EXCEPTION_IDS, k.exceptions, self.exceptions),
        )
        verdicts = _options(VERDICT_IDS, k.verdicts, [self.verdict] if self.verdict else [])
        verdicts.append(discord.SelectOption(label="No verdict", value="none", default=self.verdict is None))
        self.verdict_select: discord.ui.Select[ReviewView] = discord.ui.Select(
            placeholder="Verdict", row=3, options=verdicts,
        )
        for select, handler in ((self.intent_select, self._on_intent), (self.risk_select, self._on_risks),
                                (self.exception_select, self._on_exceptions), (self.verdict_select, self._on_verdict)):
            select.callback = handler  # type: ignore[method-assign]
            self.add_item(select)
        for label, style, handler in (
            ("Confirm", discord.ButtonStyle.success, self._on_confirm),
            ("Save correction", discord.ButtonStyle.primary, self._on_correct),
            ("Skip", discord.ButtonStyle.secondary, self._on_skip),
        ):
            button: discord.ui.Button[ReviewView] = discord.ui.Button(label=label, style=style, row=4)
            button.callback = handler  # type: ignore[method-assign]
            self.add_item(button)
        self.keep_button: discord.ui.Button[ReviewView] = discord.ui.Button(
            label="Keep anonymised text: off", style=discord.ButtonStyle.secondary, row=4,
            disabled=not case.text,
        )
        self.keep_button.callback = self._on_keep  # type: ignore[method-assign]
        self.add_item(self.keep_button)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        if interaction.user.id == self.actor.user_id:
            return True
        await interaction.response.send_message("This review belongs to another moderator; run /review yourself.",
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    @property
    def labels(self) -> Labels:
        return Labels(self.intent, tuple(self.risks), tuple(self.exceptions), self.verdict,
                      self.case.labels.profession_group)

    async def _on_intent(self, interaction: discord.Interaction) -> None:
        self.intent = self.intent_select.values[0]
        await interaction.response.defer()

    async def _on_risks(self, interaction: discord.Interaction) -> None:
        self.risks = list(self.risk_select.values)
        await interaction.response.defer()

    async def _on_exceptions(self, interaction: discord.Interaction) -> None:
        self.exceptions = list(self.exception_select.values)
        await interaction.response.defer()

    async def _on_verdict(self, interaction: discord.Interaction) -> None:
        value = self.verdict_select.values[0]
        self.verdict = None if value == "none" else value
        await interaction.response.defer()

    async def _on_keep(self, interaction: discord.Interaction) -> None:
        self.keep_text = not self.keep_text
        self.keep_button.label = f"Keep anonymised text: {'on' if self.keep_text else 'off'}"
        self.keep_button.style = discord.ButtonStyle.danger if self.keep_text else discord.ButtonStyle.secondary
        await interaction.response.edit_message(view=self)

    async def _on_confirm(self, interaction: discord.Interaction) -> None:
        await self._decide(interaction, "confirm")

    async def _on_correct(self, interaction: discord.Interaction) -> None:
        await self._decide(interaction, "correct")

    async def _on_skip(self, interaction: discord.Interaction) -> None:
        await self.resolve(interaction, "skip")

    async def _decide(self, interaction: discord.Interaction, decision: str) -> None:
        if self.keep_text:
            await interaction.response.send_modal(KeepTextModal(self, decision))
            return
        await self.resolve(interaction, decision)

    async def resolve(self, interaction: discord.Interaction, decision: str, *, text: str | None = None) -> None:
        """Store the decision, then turn this message into the next item (or say the inbox is empty)."""
        await interaction.response.defer()
        result = await self.curation.resolve_review(
            self.actor, self.case.item.id, self.case.item.message_id, decision,  # type: ignore[arg-type]
            self.labels if decision == "correct" else None, text=text,
        )
        if result.status == "invalid":  # bad labels: keep this item on screen
            await interaction.followup.send(result.content, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        self.stop()
        nxt = await self.curation.next_review(self.actor)
        view = ReviewView(self.curation, self.actor, nxt.case) if nxt.case is not None else None
        content = nxt.pages[-1] if nxt.case is not None else f"{result.content}\n\n{nxt.content}"
        try:
            await interaction.edit_original_response(content=content[:2000], view=view, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not update a /review message")
        if nxt.case is not None:
            await interaction.followup.send(result.content, ephemeral=True, allowed_mentions=NO_MENTIONS)


# ------------------------------------------------------------------ the cog


class CurationCog(commands.Cog, name="Curation"):
    curate = app_commands.Group(
        name="curate", description="Moderators' notes shown under matching scenarios.", guild_only=True
    )

    def __init__(self, bot: "GuidanceBot") -> None:
        self.bot = bot
        self.curation: CurationService = bot.service.curation  # type: ignore[attr-defined]
        self.feature_menu = app_commands.ContextMenu(
            name="Feature this answer", callback=self.feature_answer,
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
        )

    async def cog_load(self) -> None:
        self.curation.platform = DiscordPlatform(self.bot)
        register_reply_item(_report_button)
        self.bot.add_dynamic_items(ReportButton)
        self.bot.tree.add_command(self.feature_menu)

    async def cog_unload(self) -> None:
        unregister_reply_item(_report_button)
        self.bot.remove_dynamic_items(ReportButton)
        self.bot.tree.remove_command(self.feature_menu.name, type=self.feature_menu.type)

    # ------------------------------------------------------------ autocomplete

    async def _name_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        pairs = await self.curation.name_choices(interaction.guild_id, current)
        return [app_commands.Choice(name=n, value=v) for n, v in pairs]

    async def _target_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=v) for n, v in self.curation.target_choices(current)]

    # ------------------------------------------------------------ /curate (writes)

    @curate.command(name="add", description="Moderators: attach a note to a risk, exception, profession, relationship or pattern.")
    @app_commands.describe(
        name="A short name for the note",
        target="What it is about, e.g. fairness, dentist, in_law, or mental_health+former+romance",
        text="The note (up to 1000 characters); leave out to write it in a form",
    )
    @app_commands.autocomplete(target=_target_choices)
    async def add(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                  target: app_commands.Range[str, 1, 200], text: app_commands.Range[str, 1, MAX_BODY] | None = None) -> None:
        actor = await actor_of(interaction)
        if text is None and actor.is_moderator:
            await interaction.response.send_modal(NoteModal(self, actor, name=name, target=target))
            return
        result = await self.curation.add(actor, name, target, text or "")
        await send(interaction, result.pages)

    @curate.command(name="edit", description="Moderators: change a note's text, target or name.")
    @app_commands.describe(name="The note (name or alias)", text="New text; leave all out to edit it in a form",
                           target="New target", new_name="New name")
    @app_commands.autocomplete(name=_name_choices, target=_target_choices)
    async def edit(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                   text: app_commands.Range[str, 1, MAX_BODY] | None = None,
                   target: app_commands.Range[str, 1, 200] | None = None,
                   new_name: app_commands.Range[str, 1, 100] | None = None) -> None:
        actor = await actor_of(interaction)
        if text is None and target is None and new_name is None and actor.is_moderator:
            answer = await self.curation.storage.get_answer(actor.guild_id, name) if actor.guild_id else None
            if answer is not None:
                await interaction.response.send_modal(
                    NoteModal(self, actor, name=answer.name, target=None, default=answer.body, editing=True))
                return
        result = await self.curation.edit(actor, name, body=text, target=target, new_name=new_name)
        await send(interaction, result.pages)

    @curate.command(name="remove", description="Moderators: delete a note (its history is kept).")
    @app_commands.describe(name="The note (name or alias)")
    @app_commands.autocomplete(name=_name_choices)
    async def remove(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        result = await self.curation.remove(await actor_of(interaction), name)
        await send(interaction, result.pages)

    @curate.command(name="alias", description="Moderators: give a note another name (or take one away).")
    @app_commands.describe(name="The note (name or alias)", alias="The other name", remove="Remove this alias instead")
    @app_commands.autocomplete(name=_name_choices)
    async def alias(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                    alias: app_commands.Range[str, 1, 100], remove: bool = False) -> None:
        actor = await actor_of(interaction)
        result = await (self.curation.unalias(actor, alias) if remove else self.curation.alias(actor, name, alias))
        await send(interaction, result.pages)

    # ------------------------------------------------------------ /curate (reads)

    @curate.command(name="list", description="All curated notes of this server.")
    async def list_(self, interaction: discord.Interaction) -> None:
        result = await self.curation.list(await actor_of(interaction))
        await send(interaction, result.pages)

    @curate.command(name="show", description="One curated note, with its author, uses, aliases and last changes.")
    @app_commands.describe(name="The note (start typing to search)", private="Show it only to you")
    @app_commands.autocomplete(name=_name_choices)
    async def show(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100], private: bool = False) -> None:
        result = await self.curation.show(await actor_of(interaction), name)
        await send(interaction, result.pages, ephemeral=private or not result.ok)

    @curate.command(name="search", description="Search the curated notes (names, aliases, targets, text).")
    @app_commands.describe(query="Words to look for")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 100]) -> None:
        result = await self.curation.search(await actor_of(interaction), query)
        await send(interaction, result.pages)

    # ------------------------------------------------------------ /review, /audit

    @app_commands.command(name="review", description="Moderators: check posts the bot was unsure of, or members flagged.")
    @app_commands.guild_only()
    async def review(self, interaction: discord.Interaction) -> None:
        actor = await actor_of(interaction)
        if not actor.is_moderator:
            result = await self.curation.next_review(actor)  # the refusal
            await send(interaction, result.pages)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)  # fetching the post takes a moment
        result = await self.curation.next_review(actor)
        view = ReviewView(self.curation, actor, result.case) if result.case is not None else None
        await send(interaction, result.pages, view=view)

    @app_commands.command(name="audit", description="Moderators: the last 20 moderator actions.")
    @app_commands.guild_only()
    async def audit(self, interaction: discord.Interaction) -> None:
        result = await self.curation.audit(await actor_of(interaction))
        await send(interaction, result.pages)

    # ------------------------------------------------------------ Feature this answer

    async def feature_answer(self, interaction: discord.Interaction, message: discord.Message) -> None:
        actor = await actor_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)

        async def pin() -> bool:
            if message.pinned:
                return True
            try:
                await message.pin(reason="Featured answer")
            except discord.HTTPException:
                return False
            return True

        result = await self.curation.feature(
            actor, thread_id=message.channel.id, message_id=message.id, author_id=message.author.id,
            author_is_bot=message.author.bot, pin=pin,
        )
        await send(interaction, result.pages)

    # ------------------------------------------------------------ deletions

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A featured answer deleted by its author (or a moderator) is no longer shown."""
        await self.curation.forget_featured(payload.guild_id, payload.message_id)


async def setup(bot: "GuidanceBot") -> None:
    if getattr(bot.service, "curation", None) is None:
        log.info("curation is not set up on the service; /curate, /review and /audit are off")
        return
    await bot.add_cog(CurationCog(bot))
