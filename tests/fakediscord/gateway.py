"""Fake Discord gateway (API v10, JSON encoding, optional zlib-stream transport compression).

Protocol implemented (what discord.py 2.7 does on the other end):

* ``GET ws://127.0.0.1:PORT/gateway/?v=10&encoding=json&compress=zlib-stream`` (discord.py's
  ``DEFAULT_GATEWAY``) or ``/resume/`` (the ``resume_gateway_url`` announced in READY).
* server -> HELLO(op 10, heartbeat_interval) ; client -> HEARTBEAT(op 1) immediately and then
  periodically; server -> HEARTBEAT_ACK(op 11).
* client -> IDENTIFY(op 2) ; server -> READY (s=1) then one GUILD_CREATE per guild.
* client -> RESUME(op 6 {session_id, seq}) ; server replays every dispatch with s > seq and
  then sends RESUMED.  Unknown/invalidated session -> INVALID_SESSION(op 9, d=false).
* server may send RECONNECT(op 7) or INVALID_SESSION(op 9, d=true/false) at any time.

``compress=zlib-stream`` (what discord.py uses when zstandard is not installed) is honoured:
one zlib context per connection, every message flushed with Z_SYNC_FLUSH.  If the client asks
for ``zstd-stream`` (discord.py with the zstandard package / Python 3.14) the fake sends plain
text frames, which discord.py accepts because it only decompresses binary frames.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
import zlib
from typing import Any, Dict, List, Optional, TYPE_CHECKING

from aiohttp import WSMsgType, web

from ._util import (
    ALL_INTENTS,
    EVENT_INTENTS,
    INTENT_MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    dumps,
    sid,
)

if TYPE_CHECKING:  # pragma: no cover
    from .server import FakeDiscord

OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_PRESENCE_UPDATE = 3
OP_VOICE_STATE_UPDATE = 4
OP_RESUME = 6
OP_RECONNECT = 7
OP_REQUEST_GUILD_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

_TRACE = ['["gateway-prd-us-east1-b-fake",{"micros":1000,"calls":["discord-sessions-prd-1-fake",{"micros":800}]}]']


@dataclasses.dataclass
class GatewayFrame:
    """One gateway payload seen by the fake. ``direction`` is "recv" (client->fake) or "send"."""

    direction: str
    conn_id: int
    op: int
    d: Any
    t: Optional[str] = None
    s: Optional[int] = None
    at: float = dataclasses.field(default_factory=time.monotonic)


class GatewayConnection:
    """One websocket connection from the client."""

    def __init__(self, fake: "FakeDiscord", conn_id: int, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.fake = fake
        self.id = conn_id
        self.ws = ws
        self.request = request
        self.path = request.path
        self.query: Dict[str, str] = dict(request.query)
        self.compress = self.query.get("compress")
        self._zlib = zlib.compressobj() if (self.compress == "zlib-stream" and fake.gateway_compression) else None
        self._send_lock = asyncio.Lock()
        self.session: Optional["GatewaySession"] = None
        self.kind: Optional[str] = None  # "identify" | "resume" once authenticated
        self.dead = False
        self.close_code: Optional[int] = None
        self.closed_by: Optional[str] = None  # "client" | "fake" | "dropped"
        self.opened_at = time.monotonic()

    @property
    def is_resume_url(self) -> bool:
        return self.path.rstrip("/").endswith("/resume")

    @property
    def compressed(self) -> bool:
        """True if frames to this client are zlib-stream compressed binary frames."""
        return self._zlib is not None

    @property
    def alive(self) -> bool:
        return not self.dead and not self.ws.closed

    async def send(self, frame: Dict[str, Any]) -> None:
        full = {"op": frame["op"], "d": frame.get("d"), "s": frame.get("s"), "t": frame.get("t")}
        text = dumps(full)
        async with self._send_lock:
            if not self.alive:
                raise ConnectionResetError("fake gateway connection is closed")
            if self._zlib is not None:
                data = self._zlib.compress(text.encode("utf-8")) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)
        self.fake._record_frame(GatewayFrame("send", self.id, full["op"], full["d"], full["t"], full["s"]))

    async def close(self, code: int, message: str = "") -> None:
        if self.ws.closed:
            return
        self.closed_by = self.closed_by or "fake"
        self.close_code = code
        try:
            await asyncio.wait_for(self.ws.close(code=code, message=message.encode()), timeout=2)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            self.abort()

    def abort(self) -> None:
        """Kill the TCP connection without a websocket close frame (an abnormal closure)."""
        self.dead = True
        self.closed_by = self.closed_by or "dropped"
        transport = self.request.transport
        if transport is None:
            writer = getattr(self.ws, "_writer", None)
            transport = getattr(writer, "transport", None)
        if transport is not None:
            transport.abort()


class GatewaySession:
    """A gateway session (created by IDENTIFY, survives reconnects via RESUME)."""

    def __init__(self, session_id: str, identify: Dict[str, Any]) -> None:
        self.session_id = session_id
        self.identify = identify
        self.intents: int = int(identify.get("intents", ALL_INTENTS))
        self.seq = 0
        self.log: List[Dict[str, Any]] = []  # every dispatch frame, for replay on RESUME
        self.conn: Optional[GatewayConnection] = None  # attached live connection
        self.valid = True
        self.lock = asyncio.Lock()
        self.resume_count = 0

    def wants(self, event: str, payload: Any) -> bool:
        need = EVENT_INTENTS.get(event)
        if need is None:
            return True
        guild_intent, dm_intent = need
        in_guild = isinstance(payload, dict) and payload.get("guild_id") is not None
        intent = dm_intent if (not in_guild and dm_intent is not None) else guild_intent
        return bool(self.intents & intent)

    async def dispatch(self, event: str, payload: Any) -> int:
        async with self.lock:
            return await self.dispatch_locked(event, payload)

    async def dispatch_locked(self, event: str, payload: Any) -> int:
        """dispatch() for callers already holding ``self.lock``."""
        self.seq += 1
        frame = {"op": OP_DISPATCH, "t": event, "s": self.seq, "d": payload}
        self.log.append(frame)
        conn = self.conn
        if conn is not None:
            try:
                await conn.send(frame)
            except (ConnectionError, RuntimeError):
                # Connection died under us; the frame stays in the log for RESUME.
                self.conn = None
        return self.seq


class GatewayMixin:
    """Gateway half of FakeDiscord (mixed into the FakeDiscord class)."""

    # ---- configuration (set in FakeDiscord.__init__)
    heartbeat_interval_ms: int
    gateway_compression: bool
    privileged_intents: set

    def _init_gateway(self) -> None:
        self.session: Optional[GatewaySession] = None
        self.sessions: List[GatewaySession] = []
        self.connections: List[GatewayConnection] = []
        self.gateway_frames: List[GatewayFrame] = []
        self.dropped_events: List[Dict[str, Any]] = []  # dispatches filtered out by intents
        self.ack_heartbeats = True
        self._conn_counter = 0

    # ------------------------------------------------------------------ recording
    def _record_frame(self, frame: GatewayFrame) -> None:
        self.gateway_frames.append(frame)
        self._notify()

    def received_ops(self, op: Optional[int] = None) -> List[GatewayFrame]:
        """Frames received from the client (optionally only those with opcode ``op``)."""
        return [f for f in self.gateway_frames if f.direction == "recv" and (op is None or f.op == op)]

    def sent_dispatches(self, event: Optional[str] = None) -> List[GatewayFrame]:
        """Dispatch frames (op 0) actually written to a socket, replays included."""
        return [f for f in self.gateway_frames if f.direction == "send" and f.op == 0 and (event is None or f.t == event)]

    @property
    def current_connection(self) -> Optional[GatewayConnection]:
        s = self.session
        return s.conn if s is not None else None

    # ------------------------------------------------------------------ websocket handler
    async def _handle_gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0, compress=False)
        await ws.prepare(request)
        self._conn_counter += 1
        conn = GatewayConnection(self, self._conn_counter, ws, request)
        self.connections.append(conn)
        self._notify()
        try:
            version = conn.query.get("v")
            if version not in ("9", "10"):
                await conn.close(4012, "Invalid API version.")
                return ws
            if conn.query.get("encoding", "json") != "json":
                await conn.close(4002, "Error while decoding payload.")
                return ws
            await conn.send({"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": _TRACE}})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        payload = json.loads(msg.data)
                        op = payload["op"]
                    except (ValueError, KeyError, TypeError):
                        await conn.close(4002, "Error while decoding payload.")
                        break
                    self._record_frame(GatewayFrame("recv", conn.id, op, payload.get("d")))
                    await self._handle_op(conn, op, payload.get("d"))
                elif msg.type == WSMsgType.BINARY:
                    await conn.close(4002, "Error while decoding payload.")
                    break
                else:
                    break
        except ConnectionError:
            if not conn.dead and not ws.closed:
                raise
        finally:
            conn.dead = True
            if conn.close_code is None:
                conn.close_code = ws.close_code
                conn.closed_by = conn.closed_by or "client"
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                # A clean client close (1000/1001) ends the session, like Discord.
                if conn.closed_by == "client" and ws.close_code in (1000, 1001):
                    session.valid = False
            self._notify()
        return ws

    async def _handle_op(self, conn: GatewayConnection, op: int, d: Any) -> None:
        if op == OP_HEARTBEAT:
            if self.ack_heartbeats:
                await conn.send({"op": OP_HEARTBEAT_ACK, "d": None})
            return
        if op == OP_IDENTIFY:
            await self._on_identify(conn, d or {})
            return
        if op == OP_RESUME:
            await self._on_resume(conn, d or {})
            return
        if conn.session is None:
            await conn.close(4003, "Not authenticated.")
            return
        if op == OP_PRESENCE_UPDATE:
            self.presence = d
            return
        if op == OP_VOICE_STATE_UPDATE:
            return
        if op == OP_REQUEST_GUILD_MEMBERS:
            await self._on_request_members(conn, d or {})
            return
        await conn.close(4001, "Unknown opcode.")

    def _check_token(self, token: Any) -> bool:
        token = str(token or "")
        if token.startswith("Bot "):
            token = token[4:]
        return token == self.token

    async def _on_identify(self, conn: GatewayConnection, d: Dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(4005, "Already authenticated.")
            return
        if not self._check_token(d.get("token")):
            await conn.close(4004, "Authentication failed.")
            return
        if "intents" not in d:
            await conn.close(4013, "Invalid intent(s).")
            return
        intents = int(d["intents"])
        if intents & ~ALL_INTENTS:
            await conn.close(4013, "Invalid intent(s).")
            return
        for name, bit in PRIVILEGED_INTENTS.items():
            if intents & bit and name not in self.privileged_intents:
                await conn.close(4014, "Disallowed intent(s).")
                return
        old = self.session
        if old is not None:
            old.valid = False
        session = GatewaySession(uuid.uuid4().hex, d)
        self.sessions.append(session)
        conn.kind = "identify"
        conn.session = session
        world = self.world
        ready = {
            "v": 10,
            "user_settings": {},
            "user": world.bot_user_full(),
            "session_type": "normal",
            "session_id": session.session_id,
            "resume_gateway_url": self.resume_gateway_url,
            "guilds": [{"id": sid(gid), "unavailable": True} for gid in world.guilds],
            "guild_join_requests": [],
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "application": {"id": sid(world.application_id), "flags": world.application_flags},
            "auth": {},
            "current_location": ["CLIENT"],
            "geo_ordered_rtc_regions": ["us-east", "us-central", "newark", "atlanta", "us-south"],
            "auth_session_id_hash": "ZmFrZQ==",
            "_trace": _TRACE,
        }
        if "shard" in d:
            ready["shard"] = d["shard"]
        # Hold the session lock so no test dispatch can slip in before READY/GUILD_CREATEs.
        async with session.lock:
            self.session = session
            session.conn = conn
            await session.dispatch_locked("READY", ready)
            for gid in list(world.guilds):
                await session.dispatch_locked("GUILD_CREATE", world.guild_create_payload(gid, intents=session.intents))
        self._notify()

    async def _on_resume(self, conn: GatewayConnection, d: Dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(4005, "Already authenticated.")
            return
        if not self._check_token(d.get("token")):
            await conn.close(4004, "Authentication failed.")
            return
        session = self.session
        client_seq = d.get("seq")
        if (
            session is None
            or not session.valid
            or session.session_id != d.get("session_id")
            or (client_seq is not None and int(client_seq) > session.seq)
        ):
            await conn.send({"op": OP_INVALID_SESSION, "d": False})
            return
        conn.kind = "resume"
        conn.session = session
        async with session.lock:
            old = session.conn
            if old is not None and old is not conn:
                old.abort()
            start = int(client_seq or 0)
            for frame in session.log:
                if frame["s"] > start:
                    await conn.send(frame)
            session.seq += 1
            frame = {"op": OP_DISPATCH, "t": "RESUMED", "s": session.seq, "d": {"_trace": _TRACE}}
            session.log.append(frame)
            await conn.send(frame)
            session.conn = conn
            session.resume_count += 1
        self._notify()

    async def _on_request_members(self, conn: GatewayConnection, d: Dict[str, Any]) -> None:
        session = conn.session
        assert session is not None
        gid = int(d.get("guild_id"))
        members = list(self.world.members.get(gid, {}).values())
        query = d.get("query")
        if query:
            members = [m for m in members if m["user"]["username"].lower().startswith(query.lower())]
        if d.get("user_ids"):
            wanted = {int(u) for u in d["user_ids"]}
            members = [m for m in members if int(m["user"]["id"]) in wanted]
        limit = d.get("limit") or 0
        if limit:
            members = members[:limit]
        chunk: Dict[str, Any] = {
            "guild_id": sid(gid),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        if d.get("presences"):
            chunk["presences"] = [self.world.presences[gid][int(m["user"]["id"])] for m in members]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # ------------------------------------------------------------------ test controls
    def _apply_intents(self, session: GatewaySession, event: str, payload: Any) -> Any:
        """Return the payload as Discord would deliver it to this session, or None if filtered."""
        if not session.wants(event, payload):
            return None
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and isinstance(payload, dict):
            if not session.intents & INTENT_MESSAGE_CONTENT and payload.get("guild_id") is not None:
                author = (payload.get("author") or {}).get("id")
                mentioned = any(u.get("id") == sid(self.world.bot_id) for u in payload.get("mentions", []))
                if author != sid(self.world.bot_id) and not mentioned:
                    payload = dict(payload)
                    payload.update({"content": "", "embeds": [], "attachments": [], "components": []})
                    payload.pop("poll", None)
        return payload

    async def wait_for_session(self, timeout: float = 5.0) -> GatewaySession:
        """Wait until a valid gateway session exists (client IDENTIFYed; it may be mid-reconnect)."""
        await self._wait_until(lambda: self.session is not None and self.session.valid, timeout,
                               "a valid gateway session (IDENTIFY)")
        assert self.session is not None
        return self.session

    async def wait_until_connected(self, timeout: float = 5.0) -> GatewayConnection:
        """Wait until a live connection is attached to a valid session (after READY or RESUMED)."""
        def ok() -> bool:
            s = self.session
            return s is not None and s.valid and s.conn is not None and s.conn.alive

        await self._wait_until(ok, timeout, "a connected gateway session")
        assert self.session is not None and self.session.conn is not None
        return self.session.conn

    async def dispatch(self, event: str, payload: Dict[str, Any], *, timeout: float = 5.0,
                       force: bool = False) -> Optional[int]:
        """Send a DISPATCH (op 0) event with the next sequence number.

        If the client is disconnected but its session is resumable the event is queued and
        replayed when the client RESUMEs.  Waits (bounded by ``timeout``) for a session if the
        client has not IDENTIFYed yet.  Events the session's intents do not cover are dropped
        (recorded in ``fake.dropped_events``) unless ``force=True``; MESSAGE_CREATE/UPDATE lose
        their content without the MESSAGE_CONTENT intent, as on Discord.
        Returns the sequence number, or None if filtered out.
        """
        session = await self.wait_for_session(timeout)
        if not force:
            filtered = self._apply_intents(session, event, payload)
            if filtered is None:
                self.dropped_events.append({"t": event, "d": payload})
                return None
            payload = filtered
        return await session.dispatch(event, payload)

    async def _emit(self, event: str, payload: Dict[str, Any]) -> Optional[int]:
        """Dispatch caused by a REST action (e.g. MESSAGE_CREATE for the bot's own message).

        Never waits for a session: without one the event is simply lost, as on Discord."""
        if not self.emit_events:
            return None
        session = self.session
        if session is None or not session.valid:
            return None
        filtered = self._apply_intents(session, event, payload)
        if filtered is None:
            self.dropped_events.append({"t": event, "d": payload})
            return None
        return await session.dispatch(event, filtered)

    async def drop_connection(self, *, code: Optional[int] = None, timeout: float = 5.0) -> None:
        """Drop the client's live connection abnormally; its session stays resumable.

        ``code=None`` kills the TCP connection without a close frame (close code 1006 on the
        client); an int sends that close code instead (e.g. 4000 "unknown error", 1011).
        Events dispatched until the client RESUMEs are queued and replayed."""
        conn = await self.wait_until_connected(timeout)
        session = conn.session
        assert session is not None
        async with session.lock:
            if session.conn is conn:
                session.conn = None
        if code is None:
            conn.abort()
        else:
            await conn.close(code, "fake: dropped")
        self._notify()

    async def close_connection(self, code: int, reason: str = "", *, invalidate: bool = True,
                               timeout: float = 5.0) -> None:
        """Close the live connection with ``code`` (e.g. 4004 auth failed - not reconnectable)."""
        conn = await self.wait_until_connected(timeout)
        session = conn.session
        assert session is not None
        async with session.lock:
            session.conn = None
            if invalidate:
                session.valid = False
        await conn.close(code, reason)
        self._notify()

    async def send_reconnect(self, *, timeout: float = 5.0) -> None:
        """Send RECONNECT (op 7).  discord.py closes and RESUMEs on resume_gateway_url."""
        conn = await self.wait_until_connected(timeout)
        session = conn.session
        assert session is not None
        async with session.lock:
            await conn.send({"op": OP_RECONNECT, "d": None})
            session.conn = None  # later dispatches are queued for the RESUME

    async def invalidate_session(self, resumable: bool, *, timeout: float = 5.0) -> None:
        """Send INVALID_SESSION (op 9, d=resumable).

        ``resumable=True``: the session stays valid, discord.py reconnects and RESUMEs.
        ``resumable=False``: the session is destroyed; discord.py reconnects to the default
        gateway URL and IDENTIFYs again (queued events are lost, as on Discord)."""
        conn = await self.wait_until_connected(timeout)
        session = conn.session
        assert session is not None
        async with session.lock:
            if not resumable:
                session.valid = False
            await conn.send({"op": OP_INVALID_SESSION, "d": bool(resumable)})
            session.conn = None

    async def request_heartbeat(self, *, timeout: float = 5.0) -> None:
        """Send a HEARTBEAT request (op 1); the client must answer with op 1 immediately."""
        conn = await self.wait_until_connected(timeout)
        await conn.send({"op": OP_HEARTBEAT, "d": None})

    async def wait_for_op(self, op: int, *, count: int = 1, timeout: float = 5.0,
                          since: int = 0) -> GatewayFrame:
        """Wait until the client has sent ``count`` frames with opcode ``op`` (counting
        frames from index ``since`` of ``fake.gateway_frames``) and return the last one."""
        def found() -> Optional[GatewayFrame]:
            frames = [f for f in self.gateway_frames[since:] if f.direction == "recv" and f.op == op]
            return frames[count - 1] if len(frames) >= count else None

        return await self._wait_for(found, timeout, f"{count} gateway op {op} frame(s) from the client")
