"""Scenario channels: read posts, reply with guidance, open a discussion thread.

In a channel that a server admin turned on with ``/setup channel``:

- a post the analyzer reads as a **scenario** gets a reply (``message.reply``,
  no ping) with the guidance, buttons for clarifying questions and 👍/👎, and a
  public thread is opened from the post (named by ``renderer.thread_title``);
  further pages of a long reply, and the optional "What would you do?" poll
  (``/setup polls``), go into that thread;
- a **lookup** question gets the concept answer as a reply (no thread);
- anything else (chit-chat, thanks, jokes) gets nothing.

Posts by bots and webhooks, DMs, and messages inside threads (the
discussions) are ignored. In a forum channel turned on as a scenario channel,
the first message of each new forum post is handled and the forum post
itself is the discussion thread.

Cooldown: see :mod:`bot.frontends.service` (one analysed reply per member per
``cooldown_seconds``; the first post during a cooldown gets a ⏳ reaction,
later ones nothing, and none of them is analysed).

Privacy and retention
---------------------
The post text is never stored, only ids and labels (see the service). When a
post is deleted, the bot deletes its stored record (with the votes on it),
its reply to the post, and its own messages in the discussion thread; the
members' messages in the thread stay, as they are theirs. When the bot's
reply is deleted (e.g. by a moderator), the record is deleted too. Records
are purged automatically **90 days** after the post (checked once a day), so
buttons on older replies answer that the record is gone. Edits are not
followed: the reply reflects the post as first posted, but answering a
clarifying question re-reads the post as it is now.
"""
from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands, tasks

from bot.frontends.service import RETENTION_DAYS, PostOutcome
from bot.frontends.views import NO_MENTIONS, reply_view

if TYPE_CHECKING:  # pragma: no cover
    from bot.frontends.discord_bot import GuidanceBot

log = logging.getLogger(__name__)

COOLDOWN_EMOJI = "⏳"
THREAD_ARCHIVE_MINUTES = 1440  # one day without messages
POLL_HOURS = 24
POLL_QUESTION_MAX = 300  # Discord limits
POLL_ANSWER_MAX = 55
POLL_ANSWERS_MAX = 10
THREAD_NAME_MAX = 100


class ScenarioCog(commands.Cog, name="Scenarios"):
    def __init__(self, bot: "GuidanceBot") -> None:
        self.bot = bot
        self.service = bot.service

    async def cog_load(self) -> None:
        self.retention.start()

    async def cog_unload(self) -> None:
        self.retention.cancel()

    # ------------------------------------------------------------ posts

    def _forum_starter(self, message: discord.Message, channels: frozenset[int]) -> bool:
        channel = message.channel
        return (
            isinstance(channel, discord.Thread)
            and channel.parent_id in channels
            and isinstance(channel.parent, discord.ForumChannel)
            and message.id == channel.id
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        try:
            config = await self.service.guild_config(message.guild.id)
        except Exception:
            log.exception("could not read the settings of guild %s", message.guild.id)
            return
        forum_starter = self._forum_starter(message, config.scenario_channels)
        if message.channel.id not in config.scenario_channels and not forum_starter:
            return
        try:
            outcome = await self.service.handle_post(
                message.guild.id,
                message.channel.id,
                message.author.id,
                message.id,
                message.content,
                config=config,
            )
        except Exception:
            log.exception("analysing message %s failed", message.id)
            await self._safe_reply(message, self.service.error("internal"))
            return
        if outcome.action == "cooldown":
            if outcome.notify:
                try:
                    await message.add_reaction(COOLDOWN_EMOJI)
                except discord.HTTPException:
                    pass
            return
        if outcome.action != "reply" or not outcome.pages:
            return
        await self.send_outcome(message, outcome, existing_thread=message.channel if forum_starter else None)

    async def _safe_reply(self, message: discord.Message, text: str, **kw: Any) -> discord.Message | None:
        try:
            return await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS, **kw)
        except discord.HTTPException:
            log.warning("could not reply to message %s in channel %s", message.id, message.channel.id)
            return None

    async def send_outcome(
        self,
        message: discord.Message,
        outcome: PostOutcome,
        *,
        existing_thread: Any = None,
    ) -> None:
        """Send the reply, open the thread, post the rest there, store the record."""
        assert message.guild is not None
        view = reply_view(outcome.questions) if outcome.kind == "scenario" else None
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        reply = await self._safe_reply(message, outcome.first_page, **kwargs)
        if reply is None:
            return
        target: Any = existing_thread
        if outcome.open_thread and target is None:
            try:
                target = await message.create_thread(
                    name=(outcome.thread_title or "Discussion")[:THREAD_NAME_MAX],
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                )
            except (discord.HTTPException, ValueError):
                log.warning("could not open a thread on message %s; posting in the channel", message.id)
                target = None
        thread_id = getattr(target, "id", None) if target is not None else None
        await self.service.record_reply(
            outcome,
            guild_id=message.guild.id,
            channel_id=message.channel.id,
            author_id=message.author.id,
            message_id=message.id,
            reply_message_id=reply.id,
            thread_id=thread_id,
        )
        destination = target if target is not None else message.channel
        try:
            for page in outcome.rest_pages:
                await destination.send(page, allowed_mentions=NO_MENTIONS)
            if outcome.poll is not None and target is not None:
                await destination.send(poll=build_poll(*outcome.poll), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not post follow-ups for message %s", message.id)

    # ------------------------------------------------------------ deletion

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.forget(payload.message_id, payload.channel_id)

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        for message_id in payload.message_ids:
            await self.forget(message_id, payload.channel_id)

    async def forget(self, message_id: int, channel_id: int) -> None:
        """Privacy: a deleted post takes its stored record, the bot's reply and
        the bot's messages in its thread with it."""
        record = await self.service.forget_message(message_id)
        if record is None or int(record.message_id) != message_id:
            return  # unknown, or it was the bot's reply that went (record is gone now)
        if record.reply_message_id:
            try:
                channel = self.bot.get_partial_messageable(int(record.channel_id))
                await channel.get_partial_message(int(record.reply_message_id)).delete()
            except discord.HTTPException:
                pass
        if record.thread_id and self.bot.user is not None:
            try:
                thread = self.bot.get_channel(int(record.thread_id)) or await self.bot.fetch_channel(int(record.thread_id))
                async for old in thread.history(limit=25, oldest_first=True):  # type: ignore[union-attr]
                    if old.author.id == self.bot.user.id:
                        await old.delete()
            except (discord.HTTPException, AttributeError):
                pass

    # ------------------------------------------------------------ retention

    @tasks.loop(hours=24)
    async def retention(self) -> None:
        removed = await self.service.purge_expired(RETENTION_DAYS)
        if removed:
            log.info("retention: purged %d scenario records older than %d days", removed, RETENTION_DAYS)

    @retention.before_loop
    async def _before_retention(self) -> None:
        await self.bot.wait_until_ready()


def build_poll(question: str, answers: tuple[str, ...]) -> discord.Poll:
    poll = discord.Poll(question=question[:POLL_QUESTION_MAX], duration=datetime.timedelta(hours=POLL_HOURS))
    for answer in answers[:POLL_ANSWERS_MAX]:
        poll.add_answer(text=answer[:POLL_ANSWER_MAX])
    return poll


async def setup(bot: "GuidanceBot") -> None:
    await bot.add_cog(ScenarioCog(bot))
