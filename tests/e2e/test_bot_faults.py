"""The real bot under faults: gateway drops, REST 429/500/403, and a database
that cannot be written (read-only, or full).

What the product does with an unwritable database (read from bot/frontends and
bot/storage, pinned down here):

* It cannot even be opened (folder read-only, so SQLite cannot create its WAL
  files): ``python -m bot run`` refuses to start. It logs one
  ``cannot start: ...`` line naming the file and saying it is read-only, exits
  with status 1, and never connects to Discord.
* It opens but refuses writes (the file itself read-only, or
  ``Storage.open(read_only=True)``), or the disk fills up (``max_bytes`` cap):
  the bot keeps running and stays connected. Scenario posts still get their
  reply and thread, and the settings in the database still apply. Nothing is
  stored. The first failed write of each kind is logged as one ERROR, without
  traceback, that names the file and says read-only / full; the repeats are
  DEBUG until a write succeeds again. An answer button on a reply whose record
  could not be stored says storage is unavailable (not that the record
  expired). A command that writes (``/setup``) answers privately with the
  "can't reach my storage" message. The launcher logs one WARNING at start-up
  when the database it opened cannot be written.

The durability of curation writes under SIGKILL is covered by
tests/storage/test_storage_durability.py.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.frontends.service import ScenarioService
from bot.storage import Storage, StorageFull
from bot.storage.models import ScenarioRecord

from tests.e2e.support import (
    MESSAGES_PATH,
    QUESTION_POST,
    client_errors,
    configure_guild,
    make_service,
    mention_problems,
    wait_until,
)
from tests.fakediscord import FakeDiscord
from tests.fakediscord.gateway import OP_IDENTIFY, OP_RESUME

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROOT = Path(__file__).resolve().parents[2]
THREADS_PATH = r"/channels/\d+/messages/\d+/threads"
STORE_FAILED = r"could not store the scenario record"


def one_reply_and_thread_each(live: Any, post_ids: list[int]) -> None:
    for pid in post_ids:
        replies = live.replies_to(pid)
        assert len(replies) == 1, f"post {pid}: {len(replies)} replies"
        assert len(live.threads_of(pid)) == 1, f"post {pid}: no thread"
    threads = live.fake.requests_matching("POST", THREADS_PATH, include_faults=False)
    assert sorted(int(r.params["message_id"]) for r in threads if r.status < 300) == sorted(post_ids)


# --------------------------------------------------------------------------- gateway


@pytest.mark.parametrize("fault", ["drop-1006", "close-4000", "reconnect-op7"])
async def test_gateway_drop_mid_stream_resumes_and_replies_once(
    service: Any, settings: Any, live_bot: Any, fault: str
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id])
        session_id = fake.session.session_id
        before = [await fake.dispatch_message(f"{QUESTION_POST} ({i})", author=fake.alice) for i in range(3)]
        # the bot is still analysing and sending when the connection goes
        if fault == "drop-1006":
            await fake.drop_connection()
        elif fault == "close-4000":
            await fake.drop_connection(code=4000)
        else:
            await fake.send_reconnect()
        during = [await fake.dispatch_message(f"{QUESTION_POST} [{i}]", author=fake.bob) for i in range(2)]
        await fake.wait_for_op(OP_RESUME, timeout=10)
        await fake.wait_until_connected(timeout=10)
        after = await fake.dispatch_message(f"{QUESTION_POST} after", author=fake.alice)
        ids = [int(p["id"]) for p in (*before, *during, after)]
        await live.idle(ids, timeout=20)
        await asyncio.sleep(0.2)  # room for a duplicate delivery to show up
        await live.idle()

        assert all(live.received[i] == 1 for i in ids), live.received  # replayed exactly once
        one_reply_and_thread_each(live, ids)
        assert len(fake.received_ops(OP_IDENTIFY)) == 1  # resumed, never re-identified
        assert fake.session.session_id == session_id and fake.session.resume_count == 1
        assert mention_problems(fake) == [] and client_errors(fake) == []


# --------------------------------------------------------------------------- REST


@pytest.mark.parametrize(
    "route,status",
    [
        (MESSAGES_PATH, 429),
        (MESSAGES_PATH, 500),
        (THREADS_PATH, 429),
        (THREADS_PATH, 500),
    ],
    ids=["reply-429", "reply-500", "thread-429", "thread-500"],
)
async def test_rest_fault_is_retried_and_the_reply_arrives_once(
    service: Any, settings: Any, live_bot: Any, route: str, status: int
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id], polls=True)
        rule = fake.fail_next(f"POST {route}", status=status, retry_after=0.3)
        post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
        post_id = int(post["id"])
        await live.idle([post_id], timeout=15)  # discord.py waits retry_after / 1 s on a 500

        assert rule.hits == 1
        hit = next(r for r in fake.requests if r.fault is rule)
        assert hit.path.startswith(f"/channels/{fake.channel_id}/messages")  # the reply / thread call
        retried = [r.status for r in fake.requests_matching("POST", route) if r.path == hit.path]
        assert retried[0] == status and retried[1:] == [201 if route == THREADS_PATH else 200]
        one_reply_and_thread_each(live, [post_id])
        assert fake.sent_messages(post_id)[-1].poll  # the rest of the flow went on
        record = await service.storage.get_scenario(post_id)
        assert record is not None and record.reply_message_id == live.replies_to(post_id)[0].id
        assert mention_problems(fake) == [] and client_errors(fake) == []


async def test_rate_limited_burst_gives_every_post_exactly_one_reply(
    service: Any, settings: Any, live_bot: Any
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id])
        rule = fake.fail_next(f"POST {MESSAGES_PATH}", status=429, retry_after=0.2, times=4)
        thread_rule = fake.fail_next(f"POST {THREADS_PATH}", status=429, retry_after=0.1, times=2)
        posts = [await fake.dispatch_message(f"{QUESTION_POST} #{i}", author=(fake.alice, fake.bob)[i % 2])
                 for i in range(6)]
        ids = [int(p["id"]) for p in posts]
        await live.idle(ids, timeout=20)
        assert rule.hits == 4 and thread_rule.hits == 2
        one_reply_and_thread_each(live, ids)
        assert client_errors(fake) == []


async def test_thread_creation_forbidden_posts_in_the_channel_instead(
    service: Any, settings: Any, live_bot: Any, renderer: Any, analyzer: Any
) -> None:
    async with live_bot(service, settings) as live:
        fake = live.fake
        await configure_guild(service.storage, fake.guild_id, [fake.channel_id], polls=True)
        fake.fail_next(f"POST {THREADS_PATH}", status=403, code=50013, message="Missing Permissions")
        post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
        post_id = int(post["id"])
        await live.idle([post_id])

        [reply] = live.replies_to(post_id)
        assert live.threads_of(post_id) == []
        pages = renderer.scenario(analyzer.analyze(QUESTION_POST)).pages
        in_channel = fake.sent_messages(fake.channel_id)
        # the later pages follow the reply in the channel; no poll without a thread
        assert [m.content for m in in_channel] == list(pages)
        assert not any(m.poll for m in in_channel)
        record = await service.storage.get_scenario(post_id)
        assert record is not None and record.thread_id is None and record.reply_message_id == reply.id
        assert any("could not open a thread" in r.getMessage() for r in live.caplog.records)


# --------------------------------------------------------------------------- database


async def _prepared_db(path: Path, guild_id: int, channel_id: int) -> None:
    async with Storage.open(path) as db:
        await configure_guild(db, guild_id, [channel_id])


def _storage_errors(live: Any) -> list[str]:
    out = []
    for r in live.error_records():
        exc = r.exc_info[1] if r.exc_info else None
        out.append(f"{r.getMessage()} | {type(exc).__name__}: {exc}")
    return out


async def _exercise_unwritable(live: Any, service: ScenarioService, db_path: Path, kind: str) -> str:
    """Posts, a button, /setup: the bot answers, stores nothing, stays up."""
    fake = live.fake
    posts = [await fake.dispatch_message(f"{QUESTION_POST} {i}", author=(fake.alice, fake.bob)[i % 2])
             for i in range(3)]
    ids = [int(p["id"]) for p in posts]
    await live.idle(ids)
    one_reply_and_thread_each(live, ids)  # the discussion goes on without storage
    for pid in ids:
        assert await service.storage.get_scenario(pid) is None  # nothing was stored

    errors = _storage_errors(live)
    failures = [e for e in errors if STORE_FAILED in e]
    assert failures, errors
    for e in failures:  # each names the file and says what is wrong
        assert str(db_path) in e and kind in e, e

    # a write command answers privately: done, or storage is unavailable
    setup = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.alice, "setup cooldown",
                                           {"seconds": 5})
    await fake.dispatch("INTERACTION_CREATE", setup)
    cb = await fake.wait_for_callback(setup["id"])
    assert cb.ephemeral and cb.content in (service.error("storage_unavailable"), "Cooldown: 5 s.")
    stored_cooldown = (await service.storage.get_guild_settings(fake.guild_id)).cooldown_seconds
    assert stored_cooldown == (5 if cb.content == "Cooldown: 5 s." else 0)

    # the answer button on a reply whose record could not be stored: no crash,
    # a private answer (storage unavailable: see test_unwritable_database_known_gaps)
    [reply] = live.replies_to(ids[0])
    answer_id = next(c["custom_id"] for row in reply.components for c in row["components"]
                     if c["custom_id"].startswith("drb:answer:"))
    click = fake.component_interaction_payload(reply.id, answer_id, fake.alice)
    await fake.dispatch("INTERACTION_CREATE", click)
    await fake.wait_for_callback(click["id"])
    follow = await fake.wait_for_request("POST", rf"/webhooks/{fake.application_id}/[^/]+")
    assert follow.json["flags"] & 64 and follow.json["content"]
    await live.idle()
    assert fake.message(reply.id).content == reply.content  # not edited

    # still the same session: no crash, no reconnect loop
    assert len(fake.received_ops(OP_IDENTIFY)) == 1 and not fake.received_ops(OP_RESUME)
    assert not live.bot.is_closed()
    assert mention_problems(fake) == [] and client_errors(fake) == []
    return cb.content


async def test_read_only_database_keeps_replying_and_stores_nothing(
    analyzer: Any, renderer: Any, settings: Any, live_bot: Any, db_path: Path
) -> None:
    async with FakeDiscord() as fake:
        await _prepared_db(db_path, fake.guild_id, fake.channel_id)
        async with Storage.open(db_path, read_only=True) as ro:
            service = make_service(analyzer, renderer, ro)
            try:
                async with live_bot(service, settings, fake=fake) as live:
                    # the daily retention purge runs at start-up and fails too
                    live.expect_errors(STORE_FAILED, r"a /setup change failed", r"retention purge failed")
                    answer = await _exercise_unwritable(live, service, db_path, "read-only")
                    assert answer == service.error("storage_unavailable")
            finally:
                service.close()


async def test_full_disk_keeps_replying_and_stores_nothing(
    analyzer: Any, renderer: Any, settings: Any, live_bot: Any, db_path: Path
) -> None:
    async with FakeDiscord() as fake:
        await _prepared_db(db_path, fake.guild_id, fake.channel_id)
        # cap the file at its size, then fill the free room with records, so
        # every later scenario write needs a page the "disk" does not have
        size = db_path.stat().st_size
        async with Storage.open(db_path, max_bytes=size) as full:
            template = analyzer.analyze(QUESTION_POST)
            for n in range(1, 5000):
                record = ScenarioRecord.from_assessment(
                    template, message_id=n, guild_id=1, channel_id=1, author_id=1, reply_message_id=10**6 + n)
                try:
                    await full.save_scenario(record)
                except StorageFull:
                    break
            else:
                pytest.fail("the size cap never filled up")
            service = make_service(analyzer, renderer, full)
            try:
                async with live_bot(service, settings, fake=fake) as live:
                    live.expect_errors(STORE_FAILED, r"a /setup change failed")
                    # an in-place update of the settings row needs no new page: it may succeed
                    await _exercise_unwritable(live, service, db_path, "full")
            finally:
                service.close()
            assert await full.integrity_problems() == []


# --------------------------------------------------------------------------- the real launcher

_CHILD = """
import sys, yarl
import discord.asset, discord.gateway, discord.http
api, gateway, cdn = sys.argv[1:4]
discord.http.Route.BASE = api                                   # what point_discord_py_at does
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
discord.asset.Asset.BASE = cdn
from bot.frontends.launch import main
sys.exit(main(sys.argv[4:]))
"""
# as root file modes mean nothing: bind-mount the target read-only in a
# private mount namespace (like a disk mounted read-only; nothing leaks out)
_RO_MOUNT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97; shift; exec "$@"'


async def _launch_with_read_only(fake: FakeDiscord, db_path: Path, locked: Path, tmp_path: Path) -> Any:
    cmd = [sys.executable, "-c", _CHILD, fake.api_base, fake.gateway_url, fake.cdn_base,
           "run", "--db", str(db_path), "--env-file", str(tmp_path / "no.env")]
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("running as root without unshare: cannot make a file read-only")
        cmd = ["unshare", "--mount", "sh", "-c", _RO_MOUNT, "sh", str(locked), *cmd]
    else:
        db_path.chmod(0o444)
        locked.chmod(0o555 if locked.is_dir() else 0o444)
    # faulthandler: a child that hangs prints every thread's stack on SIGABRT
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONFAULTHANDLER": "1",
           "DISCORD_TOKEN": fake.token, "BOT_LOG_LEVEL": "INFO"}
    env.pop("BOT_DATABASE", None)
    return await asyncio.create_subprocess_exec(
        *cmd, cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


def _restore_modes(*paths: Path) -> None:
    for p in paths:
        p.chmod(stat.S_IMODE(p.stat().st_mode) | stat.S_IWUSR)


async def test_launcher_refuses_to_start_when_the_database_folder_is_read_only(
    tmp_path: Path, db_path: Path
) -> None:
    async with FakeDiscord() as fake:
        await _prepared_db(db_path, fake.guild_id, fake.channel_id)
        proc = await _launch_with_read_only(fake, db_path, db_path.parent, tmp_path)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), 60)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            _restore_modes(db_path, db_path.parent)
        text = err.decode()
        if proc.returncode == 97:
            pytest.skip(f"cannot bind-mount read-only here: {text.strip()}")
        assert proc.returncode == 1, text
        errors = [line for line in text.splitlines() if " ERROR " in line]
        assert len(errors) == 1, text  # one clear line, no traceback
        assert "cannot start:" in errors[0] and "read-only" in errors[0] and str(db_path) in errors[0]
        assert "Traceback" not in text
        assert fake.sessions == [] and fake.requests == []  # never connected to Discord
    async with Storage.open(db_path) as db:  # untouched
        assert await db.is_scenario_channel(fake.guild_id, fake.channel_id)


async def test_launcher_with_a_read_only_database_file_runs_and_replies(
    tmp_path: Path, db_path: Path
) -> None:
    """The real `python -m bot run` in a child process, connected to the fake
    over loopback, with its database file read-only (the folder writable)."""
    async with FakeDiscord() as fake:
        await _prepared_db(db_path, fake.guild_id, fake.channel_id)
        proc = await _launch_with_read_only(fake, db_path, db_path, tmp_path)
        # drain both pipes while the child runs: a full pipe would block its writes
        stderr_task = asyncio.ensure_future(proc.stderr.read())
        stdout_task = asyncio.ensure_future(proc.stdout.read())
        try:
            exited = asyncio.ensure_future(proc.wait())
            session = asyncio.ensure_future(fake.wait_until_connected(timeout=60))
            await asyncio.wait({exited, session}, return_when=asyncio.FIRST_COMPLETED, timeout=60)
            if exited.done():
                session.cancel()
                err = (await stderr_task).decode()
                if proc.returncode == 97:
                    pytest.skip(f"cannot bind-mount read-only here: {err.strip()}")
                pytest.fail(f"the bot exited with {proc.returncode}: {err}")
            await session
            await wait_until(lambda: fake.commands(), timeout=10, what="the slash command sync")
            post = await fake.dispatch_message(QUESTION_POST, author=fake.alice)
            reply = await fake.wait_for_message(
                fake.channel_id, predicate=lambda m: (m.reference or {}).get("message_id") == post["id"],
                timeout=20)
            await wait_until(lambda: int(post["id"]) in fake.world.channels, timeout=10, what="the thread")
            setup = fake.slash_interaction_payload(fake.guild_id, fake.channel_id, fake.alice,
                                                   "setup cooldown", {"seconds": 5})
            await fake.dispatch("INTERACTION_CREATE", setup)
            cb = await fake.wait_for_callback(setup["id"], timeout=10)
            assert cb.ephemeral and "storage" in cb.content
            await asyncio.sleep(0.3)
            proc.send_signal(signal.SIGINT)  # Ctrl-C: a normal stop
            # a bound against a hang, not a speed check: before the launcher closed
            # the client itself on Ctrl-C, the stop hung in 4 of 5 full runs
            try:
                await asyncio.wait_for(asyncio.shield(exited), 60)
            except asyncio.TimeoutError:
                proc.send_signal(signal.SIGABRT)  # the stacks of a hung stop, for the failure message
                await asyncio.wait_for(exited, 10)
                pytest.fail("the bot did not stop within 60 s of Ctrl-C:\n" + (await stderr_task).decode()[-6000:])
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            _restore_modes(db_path)
        text = (await stderr_task).decode()
        await stdout_task
        assert proc.returncode == 0, text
        assert reply.allowed_mentions["parse"] == []
        assert len(fake.received_ops(OP_IDENTIFY)) == 1  # one session, no crash loop
        errors = [line for line in text.splitlines() if " ERROR " in line]
        assert any("could not store the scenario record" in line for line in errors), text
        assert "StorageReadOnly" in text and str(db_path) in text
        # said once up front, right after the database opened
        warned = [line for line in text.splitlines() if " WARNING " in line and "nothing is stored" in line]
        assert len(warned) == 1 and str(db_path) in warned[0], text
    async with Storage.open(db_path) as db:
        assert await db.get_scenario(int(post["id"])) is None
        assert (await db.get_guild_settings(fake.guild_id)).cooldown_seconds == 0
        assert await db.integrity_problems() == []


async def test_unwritable_database_known_gaps(
    analyzer: Any, renderer: Any, settings: Any, live_bot: Any, db_path: Path
) -> None:
    async with FakeDiscord() as fake:
        await _prepared_db(db_path, fake.guild_id, fake.channel_id)
        async with Storage.open(db_path, read_only=True) as ro:
            service = make_service(analyzer, renderer, ro)
            try:
                async with live_bot(service, settings, fake=fake) as live:
                    live.expect_errors(".")
                    posts = [await fake.dispatch_message(f"{QUESTION_POST} {i}") for i in range(3)]
                    await live.idle([int(p["id"]) for p in posts])
                    failures = [r for r in live.error_records() if STORE_FAILED in r.getMessage()]
                    [reply] = live.replies_to(int(posts[0]["id"]))
                    answer_id = next(c["custom_id"] for row in reply.components for c in row["components"]
                                     if c["custom_id"].startswith("drb:answer:"))
                    click = fake.component_interaction_payload(reply.id, answer_id, fake.alice)
                    await fake.dispatch("INTERACTION_CREATE", click)
                    follow = await fake.wait_for_request("POST", rf"/webhooks/{fake.application_id}/[^/]+")
                    await live.idle()
            finally:
                service.close()
    assert len(failures) == 1, "one ERROR, not one per post, while the database is read-only"
    assert not failures[0].exc_info and "StorageReadOnly" in failures[0].getMessage()  # no traceback
    assert follow.json["content"] == service.error("storage_unavailable"), follow.json["content"]
