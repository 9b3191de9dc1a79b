"""``/setup``: per-server settings, for members with *Manage Server*.

- ``/setup channel add|remove <channel>``: where scenario posts are read
- ``/setup moderator [role]``: the moderator role (none clears it)
- ``/setup polls on|off``: a "What would you do?" poll in each new thread
- ``/setup cooldown <seconds>``: per-member cooldown in scenario channels (0 = off)
- ``/setup show``: the current settings

Guarded twice: ``default_permissions(manage_guild=True)`` hides the group from
others by default (server admins can change that in Integrations), and every
call is checked again here (``interaction.user.guild_permissions.manage_guild``)
with a private refusal, so a permissive override cannot open it up.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.frontends.views import NO_MENTIONS

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.discord_bot import GuidanceBot

log = logging.getLogger(__name__)

REFUSAL = "Only members with the **Manage Server** permission can change these settings."
MAX_COOLDOWN = 3600


def may_manage(interaction: discord.Interaction) -> bool:
    user = interaction.user
    perms = getattr(user, "guild_permissions", None)
    return interaction.guild_id is not None and perms is not None and perms.manage_guild


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class SetupCog(commands.GroupCog, group_name="setup", group_description="Configure the bot for this server."):
    def __init__(self, bot: "GuidanceBot") -> None:
        self.bot = bot
        self.service = bot.service
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        if may_manage(interaction):
            return True
        await interaction.response.send_message(REFUSAL, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def _answer(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _storage_failed(self, interaction: discord.Interaction) -> None:
        log.exception("a /setup change failed in guild %s", interaction.guild_id)
        await self._answer(interaction, self.service.error("storage"))

    @app_commands.command(name="channel", description="Turn scenario reading on or off in a channel.")
    @app_commands.describe(action="add or remove", channel="A text or forum channel")
    async def channel(
        self,
        interaction: discord.Interaction,
        action: Literal["add", "remove"],
        channel: discord.TextChannel | discord.ForumChannel,
    ) -> None:
        assert interaction.guild_id is not None
        try:
            changed = await self.service.storage.set_scenario_channel(interaction.guild_id, channel.id, action == "add")
        except Exception:
            return await self._storage_failed(interaction)
        if action == "add":
            text = (
                f"I'll read scenario posts in {channel.mention} from now on."
                if changed
                else f"{channel.mention} is already a scenario channel."
            )
        else:
            text = (
                f"I'll stop reading posts in {channel.mention}."
                if changed
                else f"{channel.mention} was not a scenario channel."
            )
        await self._answer(interaction, text)

    @app_commands.command(name="moderator", description="Set (or clear) the moderator role.")
    @app_commands.describe(role="The role of the moderators; leave empty to clear")
    async def moderator(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        try:
            await self.service.storage.set_moderator_role(interaction.guild_id, role.id if role else None)
        except Exception:
            return await self._storage_failed(interaction)
        await self._answer(
            interaction, f"Moderator role: {role.mention}." if role else "Moderator role cleared."
        )

    @app_commands.command(name="polls", description="Add a 'What would you do?' poll to each discussion thread.")
    @app_commands.describe(enabled="on or off")
    async def polls(self, interaction: discord.Interaction, enabled: bool) -> None:
        assert interaction.guild_id is not None
        try:
            await self.service.storage.set_polls(interaction.guild_id, enabled)
        except Exception:
            return await self._storage_failed(interaction)
        await self._answer(interaction, "Polls are on." if enabled else "Polls are off.")

    @app_commands.command(name="cooldown", description="Seconds between two analysed posts of a member (0 = off).")
    @app_commands.describe(seconds="0 to 3600")
    async def cooldown(self, interaction: discord.Interaction, seconds: app_commands.Range[int, 0, MAX_COOLDOWN]) -> None:
        assert interaction.guild_id is not None
        try:
            await self.service.storage.set_cooldown(interaction.guild_id, int(seconds))
        except Exception:
            return await self._storage_failed(interaction)
        await self._answer(interaction, f"Cooldown: {seconds} s." if seconds else "Cooldown is off.")

    @app_commands.command(name="show", description="Show this server's settings.")
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        try:
            config = await self.service.guild_config(interaction.guild_id)
        except Exception:
            return await self._storage_failed(interaction)
        channels = ", ".join(f"<#{c}>" for c in sorted(config.scenario_channels)) or "none yet (use /setup channel)"
        role = f"<@&{config.moderator_role_id}>" if config.moderator_role_id else "not set"
        lines = [
            f"**Scenario channels:** {channels}",
            f"**Moderator role:** {role}",
            f"**Polls:** {'on' if config.polls else 'off'}",
            f"**Cooldown:** {config.cooldown_seconds} s",
        ]
        await self._answer(interaction, "\n".join(lines))


async def setup(bot: "GuidanceBot") -> None:
    await bot.add_cog(SetupCog(bot))
