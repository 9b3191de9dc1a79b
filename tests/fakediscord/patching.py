"""The ONE place where discord.py is pointed at a FakeDiscord, plus a client runner.

discord.py 2.7 reaches Discord through exactly these class attributes:

* ``discord.http.Route.BASE`` - every REST route, including interaction callbacks and
  webhook follow-ups (``discord/webhook/async_.py`` and ``sync.py`` build ``Route`` objects
  too, so they need no separate patch).  ``Route.url`` is computed in ``Route.__init__``
  from the class attribute, so patching it affects every request made afterwards.
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` - ``Client.connect`` never asks
  ``GET /gateway/bot`` (only AutoShardedClient does); it connects to DEFAULT_GATEWAY and,
  after READY, to ``resume_gateway_url`` for RESUMEs.  After INVALID_SESSION(false) it goes
  back to DEFAULT_GATEWAY.
* ``discord.asset.Asset.BASE`` - CDN URLs for avatars/icons (served by the fake as a 1x1 PNG).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator, Optional

import yarl

from .server import FakeDiscord, FakeDiscordTimeout


class point_discord_py_at:
    """Patch discord.py's base URLs to the fake while active.

    Usable as ``with point_discord_py_at(fake):`` or ``async with point_discord_py_at(fake):``
    (so it can share one ``async with FakeDiscord() as fake, point_discord_py_at(fake):``)."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self._saved: Optional[tuple] = None

    def __enter__(self) -> FakeDiscord:
        import discord.asset
        import discord.gateway
        import discord.http

        fake = self.fake
        if not fake.port:
            raise RuntimeError("start the FakeDiscord (async with FakeDiscord() as fake) before patching")
        if self._saved is not None:
            raise RuntimeError("point_discord_py_at is not re-entrant")
        route_cls = discord.http.Route
        ws_cls = discord.gateway.DiscordWebSocket
        asset_cls = discord.asset.Asset
        self._saved = (route_cls.BASE, ws_cls.DEFAULT_GATEWAY, asset_cls.BASE)
        route_cls.BASE = fake.api_base
        ws_cls.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        asset_cls.BASE = fake.cdn_base
        return fake

    def __exit__(self, *exc: object) -> None:
        import discord.asset
        import discord.gateway
        import discord.http

        assert self._saved is not None
        (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
         discord.asset.Asset.BASE) = self._saved
        self._saved = None

    async def __aenter__(self) -> FakeDiscord:
        return self.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        self.__exit__(*exc)


def is_pointed_at(fake: FakeDiscord) -> bool:
    import discord.gateway
    import discord.http

    return (discord.http.Route.BASE == fake.api_base
            and str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == fake.gateway_url)


@contextlib.asynccontextmanager
async def run_client(
    client,
    fake: FakeDiscord,
    *,
    token: Optional[str] = None,
    ready_timeout: float = 10.0,
    close_timeout: float = 5.0,
    raise_client_errors: bool = True,
    skip_identify_delay: bool = True,
) -> AsyncIterator[object]:
    """Run ``client.start(token)`` in a task, wait for ``client.is_ready()`` and close cleanly.

    Refuses to run unless ``point_discord_py_at(fake)`` is active.  On exit the client is
    closed (HTTP session and websocket) and its task awaited; if ``client.start`` died with
    an exception it is re-raised (unless ``raise_client_errors=False``).
    Tip: build the client with ``guild_ready_timeout=0.05`` - discord.py otherwise waits 2s
    after the last GUILD_CREATE before firing on_ready.

    ``skip_identify_delay``: discord.py's default ``Client.before_identify_hook`` sleeps 5s
    before every non-initial IDENTIFY (e.g. after INVALID_SESSION d=false).  Unless the
    client's class overrides the hook, it is replaced on this instance by a no-op.
    """
    import discord

    if skip_identify_delay and type(client).before_identify_hook is discord.Client.before_identify_hook:
        async def _no_identify_delay(shard_id, *, initial=False):
            return None

        client.before_identify_hook = _no_identify_delay
    if not is_pointed_at(fake):
        raise RuntimeError("discord.py is not pointed at this FakeDiscord; use point_discord_py_at(fake)")
    loop = asyncio.get_running_loop()
    fake._clients.append(client)  # closed by FakeDiscord.stop() if still open
    task = asyncio.create_task(client.start(token if token is not None else fake.token),
                               name="fakediscord-client-start")
    body_failed = False
    try:
        deadline = loop.time() + ready_timeout
        while not client.is_ready():
            if task.done():
                task.result()  # raises the client's error, if any
                raise RuntimeError("client.start() returned before the client became ready")
            if loop.time() > deadline:
                raise FakeDiscordTimeout(f"client not ready after {ready_timeout}s. {fake.summary()}")
            await asyncio.sleep(0.01)
        yield client
    except BaseException:
        body_failed = True
        raise
    finally:
        try:
            await asyncio.wait_for(client.close(), close_timeout)
        finally:
            if not task.done():
                try:
                    await asyncio.wait_for(asyncio.shield(task), close_timeout)
                except BaseException:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
            if task.done() and not task.cancelled():
                exc = task.exception()
                if exc is not None and raise_client_errors and not body_failed:
                    raise exc
