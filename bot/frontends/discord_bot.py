"""The Discord bot: a ``commands.Bot`` whose ``setup_hook`` loads the cogs,
registers the persistent buttons and syncs slash commands when they changed.

Everything the bot sends uses ``AllowedMentions.none()`` (the client default,
and again on every send), so a post quoting ``@everyone`` or a role can never
ping anyone through the bot.

Intents: guilds, guild messages, DMs and **message content** (privileged:
enable it in the developer portal), since the bot reads scenario posts.

The learned model (bot.learning, ``learned_model.json`` next to the database)
is loaded in ``setup_hook`` and watched while the bot runs: a model that
``python -m bot train`` installs is picked up within ``model_poll_seconds``,
without a restart (see bot.learning.watch).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.frontends.service import ScenarioService
from bot.frontends.sync import SyncState, sync_if_changed
from bot.frontends.views import DYNAMIC_ITEMS, NO_MENTIONS
from bot.learning import ModelWatcher, default_model_path
from bot.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_EXTENSIONS = (
    "bot.frontends.cogs.scenarios",
    "bot.frontends.cogs.lookups",
    "bot.frontends.cogs.admin",
    "bot.frontends.cogs.owner",
    "bot.frontends.cogs.curation",  # loads only when the service has curation
)
MODEL_POLL_SECONDS = 30.0


class GuidanceTree(app_commands.CommandTree):
    """The command tree: errors become a calm private message, never a crash."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        service: ScenarioService | None = getattr(interaction.client, "service", None)
        if isinstance(error, app_commands.CheckFailure):
            if interaction.response.is_done():
                return  # our checks answer themselves (e.g. the /setup refusal)
            text = "You can't use this command here."
        elif isinstance(error, app_commands.CommandOnCooldown):
            text = service.error("cooldown", retry_after=round(error.retry_after)) if service else "Slow down a little."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("slash command /%s failed", command, exc_info=error)
            text = service.error("internal") if service else "Something went wrong."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the user about an error in an interaction")


class GuidanceBot(commands.Bot):
    """Dual-relationship guidance bot.

    ``service`` holds the analyzer, renderer and storage (built by the
    launcher). ``extensions`` lets tests or other engineers add cogs.
    ``model_path``: the learned model to use and watch (default: next to
    ``settings.database``).
    """

    def __init__(
        self,
        service: ScenarioService,
        settings: Settings,
        *,
        extensions: tuple[str, ...] = DEFAULT_EXTENSIONS,
        sync_state: SyncState | None = None,
        sync_on_start: bool = True,
        model_path: Path | None = None,
        model_poll_seconds: float = MODEL_POLL_SECONDS,
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = False
        intents.presences = False
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix=commands.when_mentioned,  # only "@Bot sync" for owners
            intents=intents,
            tree_cls=GuidanceTree,
            help_command=None,
            owner_ids=set(settings.owner_ids),
            **options,
        )
        self.service = service
        self.settings = settings
        self.initial_extensions = extensions
        self.sync_state = sync_state if sync_state is not None else SyncState.beside(settings.database)
        self.sync_on_start = sync_on_start
        self.model_path = model_path if model_path is not None else default_model_path(settings.database)
        self.model_watcher = ModelWatcher(self.model_path, service.use_adjuster, interval=model_poll_seconds)

    @property
    def dev_guild(self) -> discord.Object | None:
        return discord.Object(self.settings.dev_guild) if self.settings.dev_guild else None

    async def setup_hook(self) -> None:
        # the learned model before the first post, then any new one without a restart
        await self.service.load_learned_model(self.model_path)
        self.model_watcher.start()
        for name in self.initial_extensions:
            await self.load_extension(name)
        # persistent buttons: registered by class, they work on replies sent
        # before a restart (the custom_id says what they do)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.sync_on_start:
            try:
                await self.sync_commands()
            except discord.HTTPException:
                log.exception("syncing slash commands failed; the old ones stay in place")

    async def close(self) -> None:
        await self.model_watcher.stop()
        await super().close()

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync to the dev guild (when BOT_DEV_GUILD is set) or globally,
        only if the command payload changed since the last sync."""
        guild = self.dev_guild
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        return await sync_if_changed(
            self.tree, self.sync_state, application_id=self.application_id, guild=guild, force=force
        )

    async def on_ready(self) -> None:
        log.info("connected as %s (id %s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def on_command_error(self, context: commands.Context[Any], exception: commands.CommandError, /) -> None:
        # prefix commands are owner tools; unknown ones ("@bot hello") are ignored
        if isinstance(exception, (commands.CommandNotFound, commands.NotOwner, commands.CheckFailure)):
            return
        log.error("prefix command %s failed", context.command, exc_info=exception)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("unhandled error in %s", event_method)
