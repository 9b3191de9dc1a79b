"""Frontends: the Discord bot and the local console, both thin adapters over
:class:`bot.frontends.service.ScenarioService`.

Import the Discord parts from their modules (``bot.frontends.discord_bot``);
this package itself does not import discord.py, so the console starts without it.
"""
