"""Slash commands anyone can use, in servers and in DMs with the bot:

``/risk``, ``/exception`` (both with fuzzy autocomplete), ``/risks``,
``/safeguards``, ``/analyze`` (private assessment of any text) and ``/about``.

Cards are posted publicly so a discussion can point at them; pass
``private: True`` to see one just for yourself. ``/analyze`` and ``/about``
always answer privately. ``/analyze`` defers first (the analyzer runs on its
worker thread) so Discord's 3-second limit is never hit.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.frontends.service import ANALYZE_MAX_CHARS
from bot.frontends.views import NO_MENTIONS

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.discord_bot import GuidanceBot

log = logging.getLogger(__name__)


async def send_pages(interaction: discord.Interaction, pages: Sequence[str], *, ephemeral: bool) -> None:
    """First page as the response (or follow-up, when deferred), the rest as follow-ups."""
    pages = list(pages) or ["…"]
    first, rest = pages[0], pages[1:]
    if interaction.response.is_done():
        await interaction.followup.send(first, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(first, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    for page in rest:
        await interaction.followup.send(page, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)


ANYWHERE = dict(guilds=True, dms=True, private_channels=True)


class LookupCog(commands.Cog, name="Lookups"):
    def __init__(self, bot: "GuidanceBot") -> None:
        self.bot = bot
        self.service = bot.service

    # ------------------------------------------------------------ autocomplete

    async def _risk_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=v) for n, v in self.service.autocomplete("risk", current)]

    async def _exception_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=v) for n, v in self.service.autocomplete("exception", current)]

    # ------------------------------------------------------------ commands

    @app_commands.command(name="risk", description="Explain one risk of dual relationships.")
    @app_commands.describe(name="The risk (start typing to search)", private="Show the answer only to you")
    @app_commands.autocomplete(name=_risk_choices)
    @app_commands.allowed_contexts(**ANYWHERE)
    async def risk(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100], private: bool = False) -> None:
        await send_pages(interaction, self.service.risk(name), ephemeral=private)

    @app_commands.command(name="exception", description="Explain when a dual relationship may be unavoidable.")
    @app_commands.describe(name="The exception (start typing to search)", private="Show the answer only to you")
    @app_commands.autocomplete(name=_exception_choices)
    @app_commands.allowed_contexts(**ANYWHERE)
    async def exception(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100], private: bool = False
    ) -> None:
        await send_pages(interaction, self.service.exception(name), ephemeral=private)

    @app_commands.command(name="risks", description="All the risks of dual relationships at a glance.")
    @app_commands.describe(private="Show the answer only to you")
    @app_commands.allowed_contexts(**ANYWHERE)
    async def risks(self, interaction: discord.Interaction, private: bool = False) -> None:
        await send_pages(interaction, self.service.risks_overview(), ephemeral=private)

    @app_commands.command(name="safeguards", description="Safeguards that lower the risks of a dual relationship.")
    @app_commands.describe(private="Show the answer only to you")
    @app_commands.allowed_contexts(**ANYWHERE)
    async def safeguards(self, interaction: discord.Interaction, private: bool = False) -> None:
        await send_pages(interaction, self.service.safeguards(), ephemeral=private)

    @app_commands.command(name="analyze", description="Privately assess a situation without posting it.")
    @app_commands.describe(text="Describe the situation (only you will see the answer)")
    @app_commands.allowed_contexts(**ANYWHERE)
    async def analyze(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, ANALYZE_MAX_CHARS]
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        pages, _ = await self.service.analyze_text(text)
        await send_pages(interaction, pages, ephemeral=True)

    @app_commands.command(name="about", description="What this bot does, and what it does not.")
    @app_commands.allowed_contexts(**ANYWHERE)
    async def about(self, interaction: discord.Interaction) -> None:
        await send_pages(interaction, self.service.about(), ephemeral=True)


async def setup(bot: "GuidanceBot") -> None:
    await bot.add_cog(LookupCog(bot))
