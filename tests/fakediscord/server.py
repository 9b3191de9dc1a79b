"""FakeDiscord: an in-process fake of Discord (gateway + REST + CDN) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import copy
import dataclasses
import socket
import time
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from aiohttp import web

from ._util import (
    IT_APPLICATION_COMMAND,
    IT_AUTOCOMPLETE,
    IT_MESSAGE_COMPONENT,
    IT_MODAL_SUBMIT,
    MF_EPHEMERAL,
    P_ALL,
    THREAD_TYPES,
    id_of,
    iso,
    random_token,
    sid,
)
from .gateway import GatewayMixin
from .rest import RecordedRequest, RestMixin
from .world import StoredMessage, UserLike, World, build_default_world

LOOPBACK = "127.0.0.1"


class FakeDiscordTimeout(asyncio.TimeoutError):
    """A bounded wait on the fake expired (message says what was awaited and what happened)."""


@dataclasses.dataclass
class InteractionCallback:
    """One ``POST /interactions/{id}/{token}/callback`` the bot made."""

    interaction_id: int
    type: int  # 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal
    data: Dict[str, Any]
    request: RecordedRequest
    message: Optional[StoredMessage] = None
    at: float = dataclasses.field(default_factory=time.monotonic)

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MF_EPHEMERAL)

    @property
    def content(self) -> Optional[str]:
        return self.data.get("content")

    @property
    def choices(self) -> List[Dict[str, Any]]:
        return self.data.get("choices") or []


@dataclasses.dataclass
class FakeInteraction:
    """An interaction built by one of the ``*_payload`` builders."""

    id: int
    token: str
    type: int
    payload: Dict[str, Any]
    guild_id: Optional[int]
    channel_id: int
    user_id: int
    created_at: float = dataclasses.field(default_factory=time.monotonic)
    dispatched_at: Optional[float] = None
    callbacks: List[InteractionCallback] = dataclasses.field(default_factory=list)
    original_message_id: Optional[int] = None
    followup_ids: List[int] = dataclasses.field(default_factory=list)

    @property
    def responded(self) -> bool:
        return bool(self.callbacks)

    @property
    def response(self) -> Optional[InteractionCallback]:
        return self.callbacks[0] if self.callbacks else None


_OPTION_TYPE_NAMES = {
    "subcommand": 1, "group": 2, "string": 3, "integer": 4, "boolean": 5, "user": 6, "channel": 7,
    "role": 8, "mentionable": 9, "number": 10, "attachment": 11,
}


class FakeDiscord(GatewayMixin, RestMixin):
    """A fake Discord for end-to-end tests. See the package docstring for the API reference."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token.XXXXXX.fake",
        bot_name: str = "FakeBot",
        application_id: Optional[int] = None,
        heartbeat_interval_ms: int = 41250,
        gateway_compression: bool = True,
        privileged_intents: Iterable[str] = ("members", "presences", "message_content"),
        default_world: bool = True,
        emit_events: bool = True,
        interaction_response_timeout: Optional[float] = 3.0,
        strict: bool = False,
        host: str = LOOPBACK,
    ) -> None:
        if host != LOOPBACK:
            raise ValueError("FakeDiscord only listens on 127.0.0.1")
        self.host = host
        self.token = token
        self.heartbeat_interval_ms = int(heartbeat_interval_ms)
        self.gateway_compression = gateway_compression
        self.privileged_intents = set(privileged_intents)
        self.emit_events = emit_events
        self.interaction_response_timeout = interaction_response_timeout
        self.strict = strict
        self.world = World(bot_name=bot_name, application_id=application_id)
        self.defaults: Dict[str, Any] = build_default_world(self.world) if default_world else {}
        self.interactions: Dict[int, FakeInteraction] = {}
        self.interactions_by_token: Dict[str, FakeInteraction] = {}
        self.callbacks: List[InteractionCallback] = []
        self.app_commands: Dict[Optional[int], Dict[int, Dict[str, Any]]] = {None: {}}
        self.presence: Any = None
        self.port: int = 0
        self._runner: Optional[web.AppRunner] = None
        self._waiters: List[asyncio.Future] = []
        self._clients: List[Any] = []  # discord.Clients started by run_client()
        self._init_gateway()
        self._init_rest()

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> "FakeDiscord":
        await self.start()
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.stop()
        if self.strict and exc_type is None:
            self.assert_no_unexpected_requests()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        for path in ("/gateway", "/gateway/", "/resume", "/resume/"):
            app.router.add_get(path, self._handle_gateway)
        app.router.add_route("*", r"/api/v{version:\d+}/{tail:.*}", self._handle_api)
        app.router.add_get("/cdn/{tail:.*}", self._handle_cdn)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        self.world.cdn_base = f"{self.base_url}/cdn"
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.SockSite(self._runner, sock)
        await site.start()

    async def stop(self) -> None:
        # Close clients run_client() started first: if the fake went away under a live client
        # it would keep reconnecting (with backoff) until the event loop is torn down.
        for client in self._clients:
            if not client.is_closed():
                try:
                    await asyncio.wait_for(client.close(), 5)
                except Exception:  # pragma: no cover - best effort
                    pass
        self._clients.clear()
        for conn in list(self.connections):
            if conn.alive:
                await conn.close(1001, "fake shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for f in self._waiters:
            if not f.done():
                f.cancel()
        self._waiters.clear()

    # ------------------------------------------------------------------ urls
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY`` (also returned by GET /gateway/bot)."""
        return f"ws://{self.host}:{self.port}/gateway/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume/"

    @property
    def cdn_base(self) -> str:
        return f"{self.base_url}/cdn"

    # ------------------------------------------------------------------ default world shortcuts
    @property
    def bot_user(self) -> Dict[str, Any]:
        return self.world.bot_user

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def guild_id(self) -> int:
        """Default guild ("Fake Guild")."""
        return int(self.defaults["guild"]["id"])

    @property
    def channel_id(self) -> int:
        """Default text channel (#general)."""
        return int(self.defaults["general"]["id"])

    @property
    def other_channel_id(self) -> int:
        """Second text channel (#random)."""
        return int(self.defaults["random"]["id"])

    @property
    def alice(self) -> Dict[str, Any]:
        """Guild owner with the Moderator role."""
        return self.defaults["alice"]

    @property
    def bob(self) -> Dict[str, Any]:
        """Plain member."""
        return self.defaults["bob"]

    # ------------------------------------------------------------------ waiting
    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for f in waiters:
            if not f.done():
                f.set_result(None)

    async def _wait_for(self, fn: Callable[[], Any], timeout: float, what: str) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = fn()
            if result is not None and result is not False:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise FakeDiscordTimeout(f"timed out after {timeout}s waiting for {what}. {self.summary()}")
            fut = loop.create_future()
            self._waiters.append(fut)
            try:
                await asyncio.wait({fut}, timeout=remaining)
            finally:
                if not fut.done():
                    fut.cancel()
                    if fut in self._waiters:
                        self._waiters.remove(fut)

    async def _wait_until(self, pred: Callable[[], bool], timeout: float, what: str) -> None:
        await self._wait_for(lambda: True if pred() else None, timeout, what)

    def summary(self, last: int = 15) -> str:
        """Human-readable recent activity, appended to timeout errors."""
        reqs = ", ".join(repr(r) for r in self.requests[-last:]) or "none"
        ops = [f.op if f.op else f.t for f in self.gateway_frames if f.direction == "recv"][-last:]
        sent = [f.t or f"op{f.op}" for f in self.gateway_frames if f.direction == "send"][-last:]
        s = self.session
        state = "no session" if s is None else (
            f"session valid={s.valid} seq={s.seq} connected={s.conn is not None}")
        return f"Recent requests: [{reqs}]. Gateway recv ops: {ops}. Gateway sent: {sent}. State: {state}."

    # ------------------------------------------------------------------ queries
    def sent_messages(self, channel_id: Optional[Any] = None, *, include_deleted: bool = False,
                      include_ephemeral: bool = True) -> List[StoredMessage]:
        """Messages authored by the bot (REST sends, interaction responses and follow-ups),
        oldest first, optionally only in ``channel_id``."""
        out = []
        for m in sorted(self.world.messages.values(), key=lambda m: m.id):
            if m.author_id != self.world.bot_id or m.source == "test":
                continue
            if channel_id is not None and m.channel_id != id_of(channel_id):
                continue
            if (m.deleted and not include_deleted) or (m.ephemeral and not include_ephemeral):
                continue
            out.append(m)
        return out

    def message(self, message_id: Any) -> StoredMessage:
        return self.world.messages[id_of(message_id)]

    async def wait_for_message(self, channel_id: Optional[Any] = None, *, count: int = 1,
                               predicate: Optional[Callable[[StoredMessage], bool]] = None,
                               timeout: float = 5.0) -> StoredMessage:
        """Wait until the bot has sent ``count`` matching messages; return the ``count``-th."""
        def found() -> Optional[StoredMessage]:
            msgs = [m for m in self.sent_messages(channel_id) if predicate is None or predicate(m)]
            return msgs[count - 1] if len(msgs) >= count else None

        return await self._wait_for(found, timeout, f"{count} bot message(s) in channel {channel_id}")

    async def wait_for_callback(self, interaction_id: Optional[Any] = None, *,
                                timeout: float = 5.0) -> InteractionCallback:
        """Wait for the interaction callback (initial response) of ``interaction_id`` (or any)."""
        iid = None if interaction_id is None else id_of(interaction_id)

        def found() -> Optional[InteractionCallback]:
            for cb in self.callbacks:
                if iid is None or cb.interaction_id == iid:
                    return cb
            return None

        return await self._wait_for(found, timeout, f"interaction callback for {interaction_id}")

    def commands(self, guild_id: Optional[Any] = None) -> List[Dict[str, Any]]:
        """Application commands registered (synced) globally or for ``guild_id``."""
        scope = self.app_commands.get(None if guild_id is None else id_of(guild_id), {})
        return [copy.deepcopy(c) for c in scope.values()]

    def find_command(self, name: str, guild_id: Optional[Any] = None, type: int = 1) -> Optional[Dict[str, Any]]:
        """Registered command by name: guild scope first (if given), then global."""
        scopes = ([id_of(guild_id)] if guild_id is not None else []) + [None]
        for s in scopes:
            for c in self.app_commands.get(s, {}).values():
                if c["name"] == name and c.get("type", 1) == type:
                    return c
        return None

    # ------------------------------------------------------------------ dispatch hook
    async def dispatch(self, event: str, payload: Dict[str, Any], *, timeout: float = 5.0,
                       force: bool = False) -> Optional[int]:
        self._before_dispatch(event, payload)
        return await GatewayMixin.dispatch(self, event, payload, timeout=timeout, force=force)

    dispatch.__doc__ = GatewayMixin.dispatch.__doc__

    def _before_dispatch(self, event: str, payload: Dict[str, Any]) -> None:
        if event == "INTERACTION_CREATE":
            it = self.interactions.get(int(payload["id"]))
            if it is not None:
                it.dispatched_at = time.monotonic()
        elif event == "MESSAGE_CREATE":
            mid = int(payload["id"])
            if mid not in self.world.messages:
                self._store_test_message(payload)
        elif event == "MESSAGE_DELETE":
            m = self.world.messages.get(int(payload["id"]))
            if m is not None:
                m.deleted = True

    def _store_test_message(self, payload: Dict[str, Any]) -> StoredMessage:
        rest_shape = copy.deepcopy(payload)
        rest_shape.pop("guild_id", None)
        rest_shape.pop("member", None)
        for u in rest_shape.get("mentions", []):
            u.pop("member", None)
        gid = payload.get("guild_id")
        stored = StoredMessage(id=int(payload["id"]), channel_id=int(payload["channel_id"]),
                               guild_id=int(gid) if gid else None, payload=rest_shape, source="test")
        return self.world.store_message(stored)

    # ------------------------------------------------------------------ world helpers
    def add_user(self, username: str, *, bot: bool = False, guild_id: Optional[Any] = "default",
                 roles: Sequence[Any] = ()) -> Dict[str, Any]:
        """Create a user and (by default) make them a member of the default guild.
        Call before the client connects, or dispatch GUILD_MEMBER_ADD yourself."""
        user = self.world.add_user(username, bot=bot)
        if guild_id == "default":
            guild_id = self.guild_id if self.defaults else None
        if guild_id is not None:
            self.world.add_member(id_of(guild_id), user, roles=list(roles))
        return user

    def add_text_channel(self, name: str, *, guild_id: Optional[Any] = None, topic: Optional[str] = None,
                         parent_id: Optional[Any] = None) -> Dict[str, Any]:
        """Create a text channel (call before connecting, or dispatch CHANNEL_CREATE)."""
        gid = id_of(guild_id) if guild_id is not None else self.guild_id
        return self.world.add_channel(gid, name, topic=topic,
                                      parent_id=id_of(parent_id) if parent_id is not None else None)

    def add_thread(self, parent_id: Any, name: str, *, owner: UserLike = None, private: bool = False,
                   join: bool = True) -> Dict[str, Any]:
        """Create a thread in the world (appears in GUILD_CREATE.threads if created before connect)."""
        return self.world.add_thread(id_of(parent_id), name, owner=owner, type=12 if private else 11, join=join)

    def dm_channel(self, user: UserLike) -> Dict[str, Any]:
        return self.world.get_or_create_dm(user)

    # ------------------------------------------------------------------ payload builders
    def message_payload(
        self,
        guild_id: Optional[Any],
        channel_id: Any,
        author: UserLike,
        content: str,
        *,
        mentions: Optional[Sequence[UserLike]] = None,
        mention_roles: Optional[Sequence[Any]] = None,
        mention_everyone: Optional[bool] = None,
        attachments: Sequence[Union[Dict[str, Any], Tuple[str, bytes]]] = (),
        embeds: Sequence[Dict[str, Any]] = (),
        components: Sequence[Dict[str, Any]] = (),
        reference: Optional[Any] = None,
        message_id: Optional[int] = None,
        type: Optional[int] = None,
        flags: int = 0,
        store: bool = True,
    ) -> Dict[str, Any]:
        """A MESSAGE_CREATE payload from ``author`` (user dict / id / username).

        ``mentions`` defaults to the users mentioned as ``<@id>`` in ``content``.  Attachments
        given as ``(filename, bytes)`` are served by the fake CDN.  ``reference`` (a message
        id or StoredMessage) makes it a reply.  The message is stored in the world (so the
        bot can fetch / reply to / react to it) unless ``store=False``."""
        w = self.world
        user = w.user(author)
        uid = int(user["id"])
        cid = id_of(channel_id)
        gid = id_of(guild_id) if guild_id is not None else None
        mid = message_id or w.new_id()
        if mentions is None:
            mention_ids = w.user_mentions_in(content)
        else:
            mention_ids = [id_of(w.user(m)) for m in mentions]
        role_ids = ([id_of(r) for r in mention_roles] if mention_roles is not None
                    else w.role_mentions_in(content, gid))
        atts = []
        for a in attachments:
            if isinstance(a, tuple):
                atts.append(w.attachment_payload(cid, a[0], a[1]))
            else:
                atts.append(copy.deepcopy(a))
        rest: Dict[str, Any] = {
            "type": 0,
            "channel_id": sid(cid),
            "content": content,
            "attachments": atts,
            "embeds": [copy.deepcopy(e) for e in embeds],
            "timestamp": iso(),
            "edited_timestamp": None,
            "flags": flags,
            "components": [copy.deepcopy(c) for c in components],
            "id": sid(mid),
            "author": copy.deepcopy(user),
            "mentions": [w.mention_user_payload(m, gid, with_member=False) for m in mention_ids],
            "mention_roles": [sid(r) for r in role_ids],
            "pinned": False,
            "mention_everyone": bool(mention_everyone if mention_everyone is not None
                                     else ("@everyone" in content or "@here" in content)),
            "tts": False,
            "nonce": sid(w.new_id()),
        }
        ch = w.channels.get(cid)
        if ch is not None and ch["type"] in THREAD_TYPES:
            rest["position"] = ch.get("total_message_sent", 0)
        if reference is not None:
            ref = w.messages[id_of(reference)]
            rest["type"] = 19
            rest["message_reference"] = {"type": 0, "channel_id": sid(ref.channel_id), "message_id": sid(ref.id)}
            if ref.guild_id is not None:
                rest["message_reference"]["guild_id"] = sid(ref.guild_id)
            rest["referenced_message"] = copy.deepcopy(ref.payload)
        if type is not None:
            rest["type"] = type
        stored = StoredMessage(id=mid, channel_id=cid, guild_id=gid, payload=rest, source="test")
        if store:
            w.store_message(stored)
        return w.gateway_message(stored)

    async def dispatch_message(self, content: str, *, author: UserLike = None, channel_id: Optional[Any] = None,
                               **kwargs: Any) -> Dict[str, Any]:
        """Build a MESSAGE_CREATE (default: alice in #general) and dispatch it; returns the payload."""
        cid = id_of(channel_id) if channel_id is not None else self.channel_id
        gid = self.world.channel_guild_id(cid) if cid in self.world.channels else None
        payload = self.message_payload(gid, cid, author if author is not None else self.alice, content, **kwargs)
        await self.dispatch("MESSAGE_CREATE", payload)
        return payload

    # interactions ----------------------------------------------------------------------
    def _interaction_base(self, itype: int, guild_id: Optional[Any], channel_id: Any, user: UserLike, *,
                          locale: str, guild_locale: str, app_permissions: Optional[int],
                          context: Optional[int], interaction_id: Optional[int]) -> FakeInteraction:
        w = self.world
        u = w.user(user)
        uid = int(u["id"])
        cid = id_of(channel_id)
        gid = id_of(guild_id) if guild_id is not None else None
        iid = interaction_id or w.new_id()
        token = "aW50ZXJhY3Rpb246" + base64.urlsafe_b64encode(f"{iid}:".encode()).decode().rstrip("=") + random_token(48)
        payload: Dict[str, Any] = {
            "id": sid(iid),
            "application_id": sid(w.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if gid is not None:
            g = w.guilds[gid]
            member = copy.deepcopy(w.member(gid, uid))
            member["permissions"] = str(w.member_permissions(gid, uid))
            payload.update({
                "guild_id": sid(gid),
                "guild": {"id": sid(gid), "locale": guild_locale, "features": list(g.get("features", []))},
                "guild_locale": guild_locale,
                "member": member,
                "channel_id": sid(cid),
                "channel": w.partial_channel(cid, for_user=uid),
                "app_permissions": str(app_permissions if app_permissions is not None
                                       else w.member_permissions(gid, w.bot_id)),
                "authorizing_integration_owners": {"0": sid(gid)},
                "context": 0 if context is None else context,
            })
        else:
            dm = w.channels.get(cid) or w.get_or_create_dm(uid)
            payload.update({
                "user": copy.deepcopy(u),
                "channel_id": dm["id"],
                "channel": copy.deepcopy(dm),
                "app_permissions": str(app_permissions if app_permissions is not None else P_ALL),
                "authorizing_integration_owners": {"0": "0"},
                "context": 1 if context is None else context,
            })
            cid = int(dm["id"])
        it = FakeInteraction(id=iid, token=token, type=itype, payload=payload, guild_id=gid, channel_id=cid,
                             user_id=uid)
        self.interactions[iid] = it
        self.interactions_by_token[token] = it
        return it

    def _resolve_value(self, otype: int, value: Any, gid: Optional[int], channel_id: int,
                       resolved: Dict[str, Dict[str, Any]], user_id: int) -> Any:
        w = self.world
        if otype == 6 or (otype == 9 and not self._is_role(value, gid)):
            u = w.user(value)
            uid = int(u["id"])
            resolved.setdefault("users", {})[sid(uid)] = copy.deepcopy(u)
            if gid is not None and uid in w.members.get(gid, {}):
                m = w.member_partial(gid, uid)
                m["permissions"] = str(w.member_permissions(gid, uid))
                resolved.setdefault("members", {})[sid(uid)] = m
            return sid(uid)
        if otype in (8, 9):
            rid = id_of(value)
            resolved.setdefault("roles", {})[sid(rid)] = copy.deepcopy(w.roles[gid][rid])  # type: ignore[index]
            return sid(rid)
        if otype == 7:
            cid = id_of(value)
            resolved.setdefault("channels", {})[sid(cid)] = w.partial_channel(cid, for_user=user_id)
            return sid(cid)
        if otype == 11:
            if isinstance(value, tuple):
                att = w.attachment_payload(channel_id, value[0], value[1])
            else:
                att = copy.deepcopy(value)
            att.setdefault("ephemeral", True)
            resolved.setdefault("attachments", {})[att["id"]] = att
            return att["id"]
        if otype == 4:
            return int(value)
        if otype == 10:
            return float(value)
        if otype == 5:
            return bool(value)
        return str(value)

    def _is_role(self, value: Any, gid: Optional[int]) -> bool:
        try:
            return gid is not None and id_of(value) in self.world.roles.get(gid, {})
        except (TypeError, ValueError, KeyError):
            return False

    @staticmethod
    def _infer_type(value: Any) -> int:
        if isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return 4
        if isinstance(value, float):
            return 10
        if isinstance(value, tuple):
            return 11
        if isinstance(value, dict) and "username" in value:
            return 6
        return 3

    def _build_options(self, defs: List[Dict[str, Any]], options: Any, gid: Optional[int], channel_id: int,
                       resolved: Dict[str, Dict[str, Any]], user_id: int,
                       focused: Optional[str] = None) -> List[Dict[str, Any]]:
        if options is None:
            return []
        if isinstance(options, list):
            return copy.deepcopy(options)
        out = []
        for name, value in options.items():
            d = next((o for o in defs if o.get("name") == name), None)
            otype = d["type"] if d is not None else self._infer_type(value)
            if isinstance(otype, str):
                otype = _OPTION_TYPE_NAMES[otype]
            if name == focused:
                opt = {"type": otype, "name": name, "value": str(value), "focused": True}
            else:
                opt = {"type": otype, "name": name,
                       "value": self._resolve_value(otype, value, gid, channel_id, resolved, user_id)}
            out.append(opt)
        return out

    def _command_data(self, it: FakeInteraction, command_name: str, options: Any, *, command_id: Optional[int],
                      command_type: int = 1, target: Any = None, focused: Optional[str] = None) -> Dict[str, Any]:
        parts = command_name.split()
        root = parts[0]
        cmd = self.find_command(root, it.guild_id, command_type)
        data: Dict[str, Any] = {
            "id": sid(command_id or (int(cmd["id"]) if cmd else self.world.new_id())),
            "name": root,
            "type": command_type,
        }
        if cmd is not None and cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        resolved: Dict[str, Dict[str, Any]] = {}
        if command_type == 1:
            defs = (cmd or {}).get("options") or []
            chain = []
            for sub in parts[1:]:
                d = next((o for o in defs if o.get("name") == sub), None)
                chain.append((sub, d["type"] if d else (1 if sub == parts[-1] else 2)))
                defs = (d or {}).get("options") or []
            leaf = self._build_options(defs, options, it.guild_id, it.channel_id, resolved, it.user_id, focused)
            for sub, stype in reversed(chain):
                leaf = [{"type": stype, "name": sub, "options": leaf}]
            if leaf:
                data["options"] = leaf
        elif command_type == 2:  # user context menu
            data["target_id"] = self._resolve_value(6, target, it.guild_id, it.channel_id, resolved, it.user_id)
        elif command_type == 3:  # message context menu
            msg = self.world.messages[id_of(target)]
            data["target_id"] = sid(msg.id)
            resolved.setdefault("messages", {})[sid(msg.id)] = copy.deepcopy(msg.payload)
        if resolved:
            data["resolved"] = resolved
        return data

    def slash_interaction_payload(
        self,
        guild_id: Optional[Any],
        channel_id: Any,
        user: UserLike,
        command_name: str,
        options: Any = None,
        *,
        command_id: Optional[int] = None,
        command_type: int = 1,
        target: Any = None,
        locale: str = "en-US",
        guild_locale: str = "en-US",
        app_permissions: Optional[int] = None,
        context: Optional[int] = None,
        interaction_id: Optional[int] = None,
    ) -> Dict[str, Any]:
        """INTERACTION_CREATE payload (type 2) for ``/command_name``.

        ``command_name`` may name a subcommand: ``"settings show"``.  ``options`` is a dict
        ``{name: value}`` (types come from the synced command definition, else inferred from
        the Python value; users/channels/roles/attachments get ``data.resolved`` entries) or a
        raw list of option objects.  ``command_id`` defaults to the synced command's id.
        ``command_type`` 2/3 builds user/message context-menu invocations on ``target``."""
        it = self._interaction_base(IT_APPLICATION_COMMAND, guild_id, channel_id, user, locale=locale,
                                    guild_locale=guild_locale, app_permissions=app_permissions,
                                    context=context, interaction_id=interaction_id)
        it.payload["data"] = self._command_data(it, command_name, options, command_id=command_id,
                                                command_type=command_type, target=target)
        return copy.deepcopy(it.payload)

    def autocomplete_payload(
        self,
        guild_id: Optional[Any],
        channel_id: Any,
        user: UserLike,
        command_name: str,
        options: Dict[str, Any],
        focused: str,
        *,
        command_id: Optional[int] = None,
        locale: str = "en-US",
        interaction_id: Optional[int] = None,
    ) -> Dict[str, Any]:
        """INTERACTION_CREATE (type 4) while the user types option ``focused`` (its current
        partial text is ``options[focused]``)."""
        it = self._interaction_base(IT_AUTOCOMPLETE, guild_id, channel_id, user, locale=locale,
                                    guild_locale="en-US", app_permissions=None, context=None,
                                    interaction_id=interaction_id)
        it.payload["data"] = self._command_data(it, command_name, options, command_id=command_id, focused=focused)
        return copy.deepcopy(it.payload)

    def component_interaction_payload(
        self,
        message_id: Any,
        custom_id: str,
        user: UserLike,
        *,
        component_type: int = 2,
        values: Optional[Sequence[Any]] = None,
        locale: str = "en-US",
        interaction_id: Optional[int] = None,
    ) -> Dict[str, Any]:
        """INTERACTION_CREATE (type 3) for a click on ``custom_id`` of a stored message (usually
        one the bot sent with a View).  ``component_type`` 3 (string select) etc. take ``values``;
        user/role/mentionable/channel selects (5-8) get ``data.resolved``."""
        msg = self.world.messages[id_of(message_id)]
        it = self._interaction_base(IT_MESSAGE_COMPONENT, msg.guild_id, msg.channel_id, user, locale=locale,
                                    guild_locale="en-US", app_permissions=None, context=None,
                                    interaction_id=interaction_id)
        data: Dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if component_type in (3, 5, 6, 7, 8):
            resolved: Dict[str, Dict[str, Any]] = {}
            otype = {5: 6, 6: 8, 7: 9, 8: 7}.get(component_type)
            if otype is None:
                data["values"] = [str(v) for v in values or []]
            else:
                data["values"] = [self._resolve_value(otype, v, msg.guild_id, msg.channel_id, resolved, it.user_id)
                                  for v in values or []]
                data["resolved"] = resolved
        it.payload["data"] = data
        it.payload["message"] = copy.deepcopy(msg.payload)
        return copy.deepcopy(it.payload)

    def modal_submit_payload(
        self,
        guild_id: Optional[Any],
        channel_id: Any,
        user: UserLike,
        custom_id: str,
        values: Dict[str, str],
        *,
        message_id: Optional[Any] = None,
        locale: str = "en-US",
        interaction_id: Optional[int] = None,
    ) -> Dict[str, Any]:
        """INTERACTION_CREATE (type 5): the user submitted modal ``custom_id`` with text input
        values ``{text_input_custom_id: value}``."""
        it = self._interaction_base(IT_MODAL_SUBMIT, guild_id, channel_id, user, locale=locale,
                                    guild_locale="en-US", app_permissions=None, context=None,
                                    interaction_id=interaction_id)
        rows = []
        for n, (cid, value) in enumerate(values.items()):
            rows.append({"type": 1, "id": 2 * n + 1,
                         "components": [{"type": 4, "id": 2 * n + 2, "custom_id": cid, "value": value}]})
        it.payload["data"] = {"custom_id": custom_id, "components": rows}
        if message_id is not None:
            it.payload["message"] = copy.deepcopy(self.world.messages[id_of(message_id)].payload)
        return copy.deepcopy(it.payload)

    def interaction(self, interaction_id: Any) -> FakeInteraction:
        return self.interactions[id_of(interaction_id)]
