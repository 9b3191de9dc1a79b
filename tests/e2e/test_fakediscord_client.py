"""End-to-end tests: the real discord.py client against tests.fakediscord.FakeDiscord (127.0.0.1)."""

from __future__ import annotations

import asyncio
import gc
import logging
import pathlib
import sys
import time
import warnings

import pytest

_ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # so `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(_ROOT))

import discord  # noqa: E402
from discord import app_commands  # noqa: E402

from tests.fakediscord import FakeDiscord, point_discord_py_at, run_client  # noqa: E402
from tests.fakediscord.gateway import OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME  # noqa: E402


MESSAGES_PATH = r"/channels/\d+/messages"


def make_client(*, message_content: bool = True, **kwargs) -> discord.Client:
    intents = discord.Intents.default()
    intents.message_content = message_content
    # guild_ready_timeout: discord.py waits this long after the last GUILD_CREATE before on_ready
    return discord.Client(intents=intents, guild_ready_timeout=0.05, **kwargs)


@pytest.fixture(autouse=True)
def no_leaked_resources(caplog):
    """Fail on 'Unclosed client session', 'Task was destroyed but it is pending', and on
    errors logged by discord.py (e.g. 'Ignoring exception in on_message')."""
    caplog.set_level(logging.WARNING, logger="asyncio")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    loop_errors = [r.getMessage() for r in caplog.records
                   if r.name.split(".")[0] in ("asyncio", "discord", "aiohttp") and r.levelno >= logging.ERROR]
    assert not leaks, leaks
    assert not loop_errors, loop_errors


async def wait_until(pred, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def install_echo(client: discord.Client, seen: list) -> None:
    """on_message: remember every message; reply to humans without pinging anyone."""

    @client.event
    async def on_message(message: discord.Message) -> None:
        seen.append(message)
        if message.author.bot:
            return
        await message.reply(f"echo: {message.content}", allowed_mentions=discord.AllowedMentions.none())


# --------------------------------------------------------------------------- connect


async def test_connects_gets_ready_and_guild_with_channels():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        async with run_client(client, fake):
            assert client.user.id == fake.bot_id
            assert client.application_id == fake.application_id
            guild = client.get_guild(fake.guild_id)
            assert guild is not None and guild.name == "Fake Guild"
            general = guild.get_channel(fake.channel_id)
            assert isinstance(general, discord.TextChannel) and general.name == "general"
            assert isinstance(general.category, discord.CategoryChannel)
            assert any(isinstance(c, discord.VoiceChannel) for c in guild.channels)
            assert guild.me is not None and guild.me.guild_permissions.manage_messages
            assert {r.name for r in guild.roles} >= {"@everyone", "Moderator", "FakeBot"}

            identify = fake.received_ops(OP_IDENTIFY)
            assert len(identify) == 1
            assert identify[0].d["token"] == fake.token
            assert identify[0].d["intents"] & discord.Intents(message_content=True).value
            assert fake.session.intents == client.intents.value
            # discord.py asks for zlib-stream transport compression; the fake honours it
            assert fake.connections[0].compress in ("zlib-stream", "zstd-stream")
            assert fake.connections[0].query["v"] == "10"
            # discord.py heartbeats immediately after HELLO and gets an ACK
            await fake.wait_for_op(OP_HEARTBEAT)
            await wait_until(lambda: client.latency != float("inf"), what="heartbeat ack")
        assert [r.path for r in fake.requests] == ["/users/@me", "/oauth2/applications/@me"]
        fake.assert_no_unexpected_requests()


async def test_wrong_token_fails_login():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        with pytest.raises(discord.LoginFailure):
            async with run_client(client, fake, token="not-the-token"):
                pass
        assert fake.requests[0].status == 401


# --------------------------------------------------------------------------- messages


async def test_on_message_reply_with_allowed_mentions_none():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        seen: list = []
        install_echo(client, seen)
        async with run_client(client, fake):
            incoming = await fake.dispatch_message(f"hi <@{fake.bot_id}> and <@{fake.bob['id']}>",
                                                   author=fake.alice)
            reply = await fake.wait_for_message(fake.channel_id)
            req = await fake.wait_for_request("POST", MESSAGES_PATH)

            assert seen[0].content == incoming["content"]
            assert seen[0].author.id == int(fake.alice["id"])
            assert {u.id for u in seen[0].mentions} == {fake.bot_id, int(fake.bob["id"])}

            assert req.json["allowed_mentions"] == {"parse": []}
            assert req.json["message_reference"]["message_id"] == int(incoming["id"])
            assert reply.content == f"echo: {incoming['content']}"
            assert reply.allowed_mentions == {"parse": []}
            assert reply.payload["type"] == 19  # REPLY
            assert reply.payload["mentions"] == []  # nobody pinged: parse [] and no replied_user
            # the bot also receives its own message over the gateway, like on Discord
            await wait_until(lambda: len(seen) == 2, what="echo of the bot's own message")
            assert seen[1].author.id == fake.bot_id
        assert len(fake.sent_messages(fake.channel_id)) == 1
        fake.assert_no_unexpected_requests()


async def test_message_content_is_stripped_without_the_intent():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client(message_content=False)
        seen: list = []

        @client.event
        async def on_message(message):
            seen.append(message)

        async with run_client(client, fake):
            await fake.dispatch_message("secret words")
            await fake.dispatch_message(f"<@{fake.bot_id}> visible because it mentions the bot")
            await wait_until(lambda: len(seen) == 2, what="two messages")
        assert seen[0].content == ""
        assert seen[1].content.endswith("mentions the bot")


# --------------------------------------------------------------------------- gateway resilience


async def test_dropped_connection_resumes_and_replays_missed_event_once():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        seen: list = []
        install_echo(client, seen)
        async with run_client(client, fake):
            session_id = fake.session.session_id
            await fake.drop_connection()
            payload = await fake.dispatch_message("sent while disconnected")
            resume = await fake.wait_for_op(OP_RESUME)
            assert resume.d["session_id"] == session_id
            await fake.wait_for_message(fake.channel_id)
            await fake.wait_until_connected()
            await asyncio.sleep(0.1)  # give a duplicate delivery a chance to show up
            got = [m for m in seen if m.id == int(payload["id"])]
            assert len(got) == 1
            assert len(fake.received_ops(OP_IDENTIFY)) == 1
            assert fake.connections[-1].is_resume_url  # used READY.resume_gateway_url
            assert fake.session.session_id == session_id and fake.session.resume_count == 1
            # and the resumed connection keeps working
            await fake.dispatch_message("after resume")
            await fake.wait_for_message(fake.channel_id, count=2)
        assert len(fake.sent_messages(fake.channel_id)) == 2


async def test_invalid_session_not_resumable_makes_client_reidentify():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        seen: list = []
        install_echo(client, seen)
        async with run_client(client, fake):
            first_session = fake.session.session_id
            await fake.invalidate_session(resumable=False)
            await fake.wait_for_op(OP_IDENTIFY, count=2)
            await fake.wait_until_connected()
            assert fake.session.session_id != first_session
            assert not fake.received_ops(OP_RESUME)
            assert not fake.connections[-1].is_resume_url  # back to DEFAULT_GATEWAY
            await fake.dispatch_message("after re-identify")
            reply = await fake.wait_for_message(fake.channel_id)
            assert reply.content == "echo: after re-identify"


async def test_invalid_session_resumable_makes_client_resume():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        seen: list = []
        install_echo(client, seen)
        async with run_client(client, fake):
            await fake.invalidate_session(resumable=True)
            payload = await fake.dispatch_message("queued across op 9")
            await fake.wait_for_op(OP_RESUME)
            await fake.wait_for_message(fake.channel_id)
            assert len([m for m in seen if m.id == int(payload["id"])]) == 1
            assert len(fake.received_ops(OP_IDENTIFY)) == 1


async def test_reconnect_opcode_makes_client_resume():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        seen: list = []
        install_echo(client, seen)
        resumed = asyncio.Event()

        @client.event
        async def on_resumed():
            resumed.set()

        async with run_client(client, fake):
            await fake.send_reconnect()
            payload = await fake.dispatch_message("sent right after RECONNECT")
            await fake.wait_for_op(OP_RESUME)
            await asyncio.wait_for(resumed.wait(), 5)
            await fake.wait_for_message(fake.channel_id)
            assert len([m for m in seen if m.id == int(payload["id"])]) == 1
            assert len(fake.received_ops(OP_IDENTIFY)) == 1
            assert fake.connections[-1].is_resume_url


# --------------------------------------------------------------------------- REST faults


async def test_rate_limited_send_is_retried_and_creates_one_message():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        async with run_client(client, fake):
            rule = fake.fail_next(f"POST {MESSAGES_PATH}", status=429, retry_after=0.2)
            channel = client.get_channel(fake.channel_id)
            started = time.monotonic()
            msg = await asyncio.wait_for(channel.send("after a 429"), 5)
            elapsed = time.monotonic() - started
        posts = fake.requests_matching("POST", MESSAGES_PATH)
        assert [r.status for r in posts] == [429, 200]
        assert posts[0].response == {"message": "You are being rate limited.", "retry_after": 0.2, "global": False}
        assert rule.hits == 1 and rule.remaining == 0
        assert elapsed >= 0.2
        sent = fake.sent_messages(fake.channel_id)
        assert [m.content for m in sent] == ["after a 429"]
        assert msg.id == sent[0].id


async def test_server_error_send_is_retried_and_creates_one_message():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        async with run_client(client, fake):
            fake.fail_next(MESSAGES_PATH, status=500, method="POST")
            channel = client.get_channel(fake.channel_id)
            await asyncio.wait_for(channel.send("after a 500"), 5)  # discord.py backs off 1s
        assert [r.status for r in fake.requests_matching("POST", MESSAGES_PATH)] == [500, 200]
        assert [m.content for m in fake.sent_messages(fake.channel_id)] == ["after a 500"]


async def test_unknown_route_answers_404_and_is_recorded():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        async with run_client(client, fake):
            with pytest.raises(discord.NotFound):
                await client.fetch_premium_sticker_packs()  # GET /sticker-packs is not implemented
            with pytest.raises(discord.NotFound):
                await client.get_channel(fake.channel_id).fetch_message(1234)  # Unknown Message
        assert [r.path for r in fake.unexpected_requests] == ["/sticker-packs"]
        assert fake.requests_matching("GET", r"/channels/\d+/messages/1234")[0].response["code"] == 10008


# --------------------------------------------------------------------------- threads / pins / reactions


async def test_thread_pin_and_reaction_on_a_message():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        created: list = []

        @client.event
        async def on_thread_create(thread):
            created.append(thread)

        async with run_client(client, fake):
            incoming = await fake.dispatch_message("start a thread on me")
            channel = client.get_channel(fake.channel_id)
            message = await channel.fetch_message(int(incoming["id"]))
            thread = await message.create_thread(name="discussion")
            await thread.send("inside the thread")
            await message.pin()
            await message.add_reaction("\N{THUMBS UP SIGN}")
            await wait_until(lambda: created, what="THREAD_CREATE")
        assert thread.id == message.id and created[0].id == thread.id and created[0].name == "discussion"
        assert fake.sent_messages(thread.id)[0].content == "inside the thread"
        stored = fake.message(message.id)
        assert stored.pinned and stored.payload["reactions"][0]["emoji"]["name"] == "\N{THUMBS UP SIGN}"
        assert fake.requests_matching("PUT", r"/channels/\d+/messages/pins/\d+")
        fake.assert_no_unexpected_requests()


# --------------------------------------------------------------------------- app commands


def make_tree(client: discord.Client, calls: list) -> app_commands.CommandTree:
    tree = app_commands.CommandTree(client)

    @tree.command(name="ask", description="Ask the bot a question")
    @app_commands.describe(question="What do you want to know?", private="Only you can see the answer")
    async def ask(interaction: discord.Interaction, question: str, private: bool = False) -> None:
        calls.append((interaction.user.id, question, private))
        await interaction.response.send_message(f"You asked: {question}", ephemeral=private)

    @tree.command(name="slow", description="Defers, then follows up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done thinking")

    @tree.command(name="pick", description="Pick a fruit")
    async def pick(interaction: discord.Interaction, fruit: str) -> None:
        await interaction.response.send_message(fruit)

    @pick.autocomplete("fruit")
    async def fruit_autocomplete(interaction: discord.Interaction, current: str):
        fruits = ["apple", "apricot", "banana"]
        return [app_commands.Choice(name=f, value=f) for f in fruits if f.startswith(current)]

    return tree


async def test_slash_command_sync_and_ephemeral_response():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        calls: list = []
        tree = make_tree(client, calls)
        async with run_client(client, fake):
            synced = await asyncio.wait_for(tree.sync(), 5)
            put = await fake.wait_for_request("PUT", rf"/applications/{fake.application_id}/commands")
            assert sorted(c["name"] for c in put.json) == ["ask", "pick", "slow"]
            stored = {c["name"]: c for c in fake.commands()}
            assert {c.name: c.id for c in synced} == {n: int(c["id"]) for n, c in stored.items()}

            payload = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.bob, "ask",
                                                     {"question": "is this real?", "private": True})
            assert payload["data"]["id"] == stored["ask"]["id"]
            await fake.dispatch("INTERACTION_CREATE", payload)
            cb = await fake.wait_for_callback(payload["id"])
            assert cb.type == 4
            assert cb.content == "You asked: is this real?"
            assert cb.flags & 64 and cb.ephemeral
            assert calls == [(int(fake.bob["id"]), "is this real?", True)]
            assert cb.request.path == f"/interactions/{payload['id']}/{payload['token']}/callback"
            assert cb.message is not None and cb.message.ephemeral

            # a non-ephemeral answer is a real channel message
            payload2 = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.alice, "ask",
                                                      {"question": "public?"})
            await fake.dispatch("INTERACTION_CREATE", payload2)
            cb2 = await fake.wait_for_callback(payload2["id"])
            assert cb2.type == 4 and not cb2.ephemeral
            assert fake.sent_messages(fake.channel_id, include_ephemeral=False)[-1].content == "You asked: public?"

            # a second response to the same interaction is rejected like on Discord
            interaction_again = fake.interaction(payload2["id"])
            assert len(interaction_again.callbacks) == 1
        fake.assert_no_unexpected_requests()


async def test_deferred_response_followup_and_autocomplete():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        tree = make_tree(client, [])
        async with run_client(client, fake):
            guild = discord.Object(fake.guild_id)
            tree.copy_global_to(guild=guild)
            await tree.sync(guild=guild)
            await fake.wait_for_request("PUT", rf"/applications/\d+/guilds/{fake.guild_id}/commands")
            assert {c["name"] for c in fake.commands(fake.guild_id)} == {"ask", "pick", "slow"}

            slow = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.alice, "slow")
            assert slow["data"]["guild_id"] == str(fake.guild_id)
            await fake.dispatch("INTERACTION_CREATE", slow)
            cb = await fake.wait_for_callback(slow["id"])
            assert cb.type == 5 and cb.ephemeral
            followup = await fake.wait_for_request("POST", rf"/webhooks/{fake.application_id}/[^/]+")
            assert followup.json["content"] == "done thinking"
            original = fake.message(fake.interaction(slow["id"]).original_message_id)
            assert original.content == "done thinking" and not original.flags & 128  # no longer loading

            auto = fake.autocomplete_payload(fake.guild_id, fake.channel_id, fake.alice, "pick", {"fruit": "ap"},
                                             focused="fruit")
            await fake.dispatch("INTERACTION_CREATE", auto)
            cb = await fake.wait_for_callback(auto["id"])
            assert cb.type == 8
            assert [c["value"] for c in cb.choices] == ["apple", "apricot"]
        fake.assert_no_unexpected_requests()


async def test_button_click_updates_the_message():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        clicks: list = []

        class Counter(discord.ui.View):
            @discord.ui.button(label="+1", custom_id="counter:inc")
            async def inc(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
                clicks.append(interaction.user.id)
                await interaction.response.edit_message(content=f"count={len(clicks)}")

        async with run_client(client, fake):
            view = Counter(timeout=None)
            sent = await client.get_channel(fake.channel_id).send("count=0", view=view)
            stored = fake.message(sent.id)
            assert stored.components[0]["components"][0]["custom_id"] == "counter:inc"
            click = fake.component_interaction_payload(sent.id, "counter:inc", fake.bob)
            await fake.dispatch("INTERACTION_CREATE", click)
            cb = await fake.wait_for_callback(click["id"])
            assert cb.type == 7
            assert fake.message(sent.id).content == "count=1"
            assert clicks == [int(fake.bob["id"])]
            view.stop()
        fake.assert_no_unexpected_requests()
