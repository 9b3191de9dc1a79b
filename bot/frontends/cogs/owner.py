"""Owner tools, as prefix commands addressed by mentioning the bot
(so they never clash with scenario posts):

- ``@Bot sync``: force a slash-command sync (to BOT_DEV_GUILD when set, else
  global), even when the stored hash says nothing changed.

Owners are BOT_OWNER_IDS, or else the application's owner / team on Discord.
Anyone else gets no answer at all.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.frontends.views import NO_MENTIONS

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.discord_bot import GuidanceBot

log = logging.getLogger(__name__)


class OwnerCog(commands.Cog, name="Owner"):
    def __init__(self, bot: "GuidanceBot") -> None:
        self.bot = bot

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[Any]) -> None:
        try:
            await self.bot.sync_commands(force=True)
        except discord.HTTPException as exc:
            log.exception("forced command sync failed")
            await ctx.reply(f"Sync failed: {exc.status} {exc.text[:200]}", mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        where = f"guild {self.bot.settings.dev_guild}" if self.bot.settings.dev_guild else "all servers (global)"
        await ctx.reply(f"Slash commands synced to {where}.", mention_author=False, allowed_mentions=NO_MENTIONS)


async def setup(bot: "GuidanceBot") -> None:
    await bot.add_cog(OwnerCog(bot))
