"""End-to-end tests: the real discord.py client against tests.fakediscord.FakeDiscord (127.0.0.1)."""

from __future__ import annotations

import asyncio
import datetime
import gc
import io
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
    for w in caught:  # hand every other warning back to pytest's summary
        if not issubclass(w.category, ResourceWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    records = caplog.get_records("setup") + caplog.get_records("call") + caplog.records  # + teardown
    loop_errors = [r.getMessage() for r in records
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
    async with FakeDiscord(heartbeat_interval_ms=100) as fake, point_discord_py_at(fake):
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
            assert fake.connections[0].compressed == (fake.connections[0].compress == "zlib-stream")
            assert fake.connections[0].query["v"] == "10"
            # discord.py heartbeats right after HELLO, then every heartbeat_interval; all ACKed
            await fake.wait_for_op(OP_HEARTBEAT, count=3)
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


async def test_members_intent_gets_full_member_list_and_chunks():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        intents = discord.Intents.default()
        intents.members = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.05)
        async with run_client(client, fake):
            guild = client.get_guild(fake.guild_id)
            assert guild.chunked and guild.member_count == 3  # alice, bob, the bot
            alice = guild.get_member(int(fake.alice["id"]))
            assert alice is not None and alice == guild.owner
            assert [r.name for r in alice.roles] == ["@everyone", "Moderator"]
            members = await asyncio.wait_for(guild.chunk(), 5)  # op 8 -> GUILD_MEMBERS_CHUNK
            assert len(members) == 3
            assert fake.received_ops(8)[0].d["guild_id"] == fake.guild_id


async def test_privileged_intent_not_enabled_is_rejected_with_4014():
    async with FakeDiscord(privileged_intents=()) as fake, point_discord_py_at(fake):
        client = make_client()  # asks for message_content
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with run_client(client, fake):
                pass
        assert fake.connections[0].close_code == 4014


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

            # exactly one initial response per interaction (a second one would get a 40060 error)
            assert len(fake.interaction(payload2["id"]).callbacks) == 1
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


async def test_modal_resolved_options_followups_and_context_menu():
    async with FakeDiscord() as fake, point_discord_py_at(fake):
        client = make_client()
        tree = app_commands.CommandTree(client)

        class Feedback(discord.ui.Modal, title="Feedback"):
            text = discord.ui.TextInput(label="Text", custom_id="fb_text")

            async def on_submit(self, interaction: discord.Interaction) -> None:
                await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)

        @tree.command(name="feedback", description="Send feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @tree.command(name="who", description="Describe a member")
        async def who(interaction: discord.Interaction, member: discord.Member, where: discord.TextChannel,
                      times: int = 1, file: discord.Attachment = None) -> None:
            data = (await file.read()).decode() if file else ""
            await interaction.response.send_message(f"{member.display_name} {where.name} {times} {data}")
            original = await interaction.original_response()
            await interaction.edit_original_response(content=original.content + "!")
            extra = await interaction.followup.send("follow-up", wait=True)
            await extra.edit(content="follow-up edited")

        @tree.context_menu(name="Inspect")
        async def inspect(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"inspected: {message.content}")

        async with run_client(client, fake):
            await tree.sync()
            opened = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.bob, "feedback")
            await fake.dispatch("INTERACTION_CREATE", opened)
            modal = await fake.wait_for_callback(opened["id"])
            assert modal.type == 9 and modal.data["title"] == "Feedback"
            submit = fake.modal_submit_payload(fake.guild_id, fake.channel_id, fake.bob, modal.data["custom_id"],
                                               {"fb_text": "great"})
            await fake.dispatch("INTERACTION_CREATE", submit)
            thanks = await fake.wait_for_callback(submit["id"])
            assert (thanks.type, thanks.content, thanks.ephemeral) == (4, "thanks: great", True)

            asked = fake.slash_interaction_payload(
                fake.guild_id, fake.channel_id, fake.bob, "who",
                {"member": fake.alice, "where": fake.other_channel_id, "times": 5, "file": ("n.txt", b"note")})
            assert set(asked["data"]["resolved"]) == {"users", "members", "channels", "attachments"}
            await fake.dispatch("INTERACTION_CREATE", asked)
            await fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/\d+")  # follow-up edit
            contents = [m.content for m in fake.sent_messages(fake.channel_id)]
            assert contents[-2:] == ["Alice random 5 note!", "follow-up edited"]

            target = await fake.dispatch_message("look at me")
            menu = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.bob, "Inspect",
                                                  command_type=3, target=target["id"])
            await fake.dispatch("INTERACTION_CREATE", menu)
            cb = await fake.wait_for_callback(menu["id"])
            assert cb.content == "inspected: look at me" and cb.message.payload["type"] == 23
        fake.assert_no_unexpected_requests()


async def test_files_polls_edits_history_and_dms():
    async with FakeDiscord(strict=True) as fake, point_discord_py_at(fake):
        client = make_client()
        async with run_client(client, fake):
            channel = client.get_channel(fake.channel_id)
            poll = discord.Poll(question="Best?", duration=datetime.timedelta(hours=2))
            poll.add_answer(text="A")
            poll.add_answer(text="B")
            with_poll = await channel.send(poll=poll)
            assert [a.text for a in with_poll.poll.answers] == ["A", "B"]

            with_file = await channel.send("file", file=discord.File(io.BytesIO(b"hello"), "a.txt"),
                                           embed=discord.Embed(title="T", description="D"))
            assert await with_file.attachments[0].read() == b"hello"  # served by the fake CDN
            assert fake.message(with_file.id).files[0].data == b"hello"
            edited = await with_file.edit(content="edited", attachments=[])
            assert edited.content == "edited" and edited.attachments == []
            assert [m.content async for m in channel.history(limit=10)] == ["edited", ""]
            await with_file.delete()
            assert fake.message(with_file.id).deleted

            alice = await client.fetch_user(int(fake.alice["id"]))
            dm = await alice.send("hi alice")
            assert fake.sent_messages(dm.channel.id)[0].content == "hi alice"
            thread = await channel.create_thread(name="private", type=discord.ChannelType.private_thread)
            await thread.edit(archived=True)
            assert fake.world.channel(thread.id)["thread_metadata"]["archived"]


# --------------------------------------------------------------------------- the fake's own REST rules


async def test_fake_rest_rejects_what_discord_rejects():
    import aiohttp

    async with FakeDiscord() as fake:
        auth = {"Authorization": f"Bot {fake.token}"}
        url = f"{fake.api_base}/channels/{fake.channel_id}/messages"
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json={"content": "no auth"}) as r:
                assert r.status == 401
            async with http.post(url, json={"content": ""}, headers=auth) as r:
                assert r.status == 400 and (await r.json())["code"] == 50006
            async with http.post(url, json={"content": "x" * 2001}, headers=auth) as r:
                body = await r.json()
                assert r.status == 400 and body["code"] == 50035 and "content" in body["errors"]
            bad_am = {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}
            async with http.post(url, json=bad_am, headers=auth) as r:
                assert r.status == 400
            async with http.post(url, json={"content": "ok"}, headers=auth) as r:
                assert r.status == 200 and r.headers["Content-Type"] == "application/json"
                assert (await r.json())["author"]["id"] == str(fake.bot_id)

            payload = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.bob, "anything")
            cb_url = f"{fake.api_base}/interactions/{payload['id']}/{payload['token']}/callback"
            ok = {"type": 4, "data": {"content": "first"}}
            async with http.post(cb_url, json=ok, params={"with_response": "true"}) as r:
                body = await r.json()
                assert r.status == 200 and body["resource"]["message"]["content"] == "first"
            async with http.post(cb_url, json=ok) as r:
                assert r.status == 400 and (await r.json())["code"] == 40060  # already acknowledged
            wrong = f"{fake.api_base}/interactions/{payload['id']}/not-the-token/callback"
            async with http.post(wrong, json=ok) as r:
                assert r.status == 404 and (await r.json())["code"] == 10062
        assert len(fake.sent_messages(fake.channel_id)) == 2
