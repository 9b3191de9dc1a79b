"""Fake Discord REST API (``http://127.0.0.1:PORT/api/v10``) plus a tiny fake CDN (``/cdn``).

Every request that reaches ``/api/...`` is recorded in ``fake.requests`` as a
:class:`RecordedRequest` (also unknown routes, which answer 404 with a Discord-shaped error
and are flagged ``unexpected=True``).  Faults injected with ``fake.fail_next`` are answered
before routing, so a failed attempt never changes the world.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import math
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Pattern, Tuple, TYPE_CHECKING

from aiohttp import web

from ._util import (
    CB_AUTOCOMPLETE_RESULT,
    CB_CHANNEL_MESSAGE,
    CB_DEFERRED_CHANNEL_MESSAGE,
    CB_DEFERRED_UPDATE_MESSAGE,
    CB_LAUNCH_ACTIVITY,
    CB_MODAL,
    CB_PONG,
    CB_PREMIUM_REQUIRED,
    CB_UPDATE_MESSAGE,
    CH_DM,
    CH_GUILD_ANNOUNCEMENT,
    CH_GUILD_FORUM,
    CH_GUILD_MEDIA,
    CH_PRIVATE_THREAD,
    CH_PUBLIC_THREAD,
    IT_APPLICATION_COMMAND,
    IT_AUTOCOMPLETE,
    IT_MESSAGE_COMPONENT,
    IT_MODAL_SUBMIT,
    MESSAGEABLE_TYPES,
    MF_EPHEMERAL,
    MF_HAS_THREAD,
    MF_IS_COMPONENTS_V2,
    MF_LOADING,
    MF_SUPPRESS_EMBEDS,
    MF_SUPPRESS_NOTIFICATIONS,
    THREAD_TYPES,
    iso,
    sid,
)
from .world import RecordedFile, StoredMessage

if TYPE_CHECKING:  # pragma: no cover
    from .server import FakeDiscord, FakeInteraction

# 1x1 transparent PNG, served for any unknown CDN asset (avatars, icons...).
_PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def json_response(body: Any, *, status: int = 200, headers: Optional[Dict[str, str]] = None) -> web.Response:
    """JSON response with exactly ``Content-Type: application/json`` like Discord.

    (discord.py's ``json_or_text`` compares the header for equality, so aiohttp's default
    ``application/json; charset=utf-8`` would make it treat every body as text.)"""
    h = dict(headers or {})
    h["Content-Type"] = "application/json"
    return web.Response(body=json.dumps(body).encode("utf-8"), status=status, headers=h)


class ApiError(Exception):
    """Raised by route handlers to produce a Discord-shaped JSON error."""

    def __init__(self, status: int, code: int, message: str, errors: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> Dict[str, Any]:
        b: Dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            b["errors"] = self.errors
        return b


def form_error(field: str, code: str, message: str) -> ApiError:
    """400 Invalid Form Body with a nested ``errors`` object, like Discord."""
    errors: Dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(field.split(".")):
        errors = {part: errors}
    return ApiError(400, 50035, "Invalid Form Body", errors)


@dataclasses.dataclass
class RecordedRequest:
    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/123/messages"
    query: Dict[str, str]
    headers: Dict[str, str]
    json: Any
    files: List[RecordedFile]
    route: Optional[str] = None  # matched template, e.g. "POST /channels/{channel_id}/messages"
    params: Dict[str, str] = dataclasses.field(default_factory=dict)
    status: int = 0
    response: Any = None
    fault: Optional["FaultRule"] = None
    unexpected: bool = False
    at: float = dataclasses.field(default_factory=time.monotonic)

    def __repr__(self) -> str:  # compact, useful in assertion messages
        return f"<{self.method} {self.path} -> {self.status}{' (fault)' if self.fault else ''}>"


@dataclasses.dataclass
class FaultRule:
    method: Optional[str]
    pattern: Pattern[str]
    status: int
    retry_after: float
    times: int
    is_global: bool = False
    code: Optional[int] = None
    message: Optional[str] = None
    body: Optional[Dict[str, Any]] = None
    scope: str = "user"
    hits: int = 0

    @property
    def remaining(self) -> int:
        return self.times - self.hits

    def matches(self, method: str, path: str) -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.pattern.fullmatch(path) is not None


_PARAM_RE = {
    "token": r"[^/]+",
    "emoji": r"[^/]+",
    "user": r"@me|\d+",
    "wh_message": r"@original|\d+",
}


def _compile(template: str) -> Pattern[str]:
    def repl(m: "re.Match[str]") -> str:
        name = m.group(1)
        return f"(?P<{name}>{_PARAM_RE.get(name, r'[0-9]+')})"

    return re.compile(re.sub(r"\{(\w+)\}", repl, template))


Handler = Callable[..., Awaitable[Tuple[int, Any]]]


class RestMixin:
    """REST half of FakeDiscord (mixed into the FakeDiscord class)."""

    def _init_rest(self) -> None:
        self.requests: List[RecordedRequest] = []
        self.faults: List[FaultRule] = []
        self._routes: List[Tuple[str, Pattern[str], str, Handler, bool]] = []
        R = self._add_route
        # gateway / identity
        R("GET", "/gateway", self._h_gateway, auth=False)
        R("GET", "/gateway/bot", self._h_gateway_bot)
        R("GET", "/users/@me", self._h_me)
        R("GET", "/users/{user_id}", self._h_get_user)
        R("POST", "/users/@me/channels", self._h_create_dm)
        R("GET", "/oauth2/applications/@me", self._h_app_info)
        R("GET", "/applications/@me", self._h_app_info)
        # channels & messages
        R("GET", "/channels/{channel_id}", self._h_get_channel)
        R("PATCH", "/channels/{channel_id}", self._h_edit_channel)
        R("POST", "/channels/{channel_id}/typing", self._h_typing)
        R("GET", "/channels/{channel_id}/messages", self._h_history)
        R("POST", "/channels/{channel_id}/messages", self._h_create_message)
        R("POST", "/channels/{channel_id}/messages/bulk-delete", self._h_bulk_delete)
        R("GET", "/channels/{channel_id}/messages/pins", self._h_list_pins)
        R("PUT", "/channels/{channel_id}/messages/pins/{message_id}", self._h_pin)
        R("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", self._h_unpin)
        R("GET", "/channels/{channel_id}/pins", self._h_list_pins_legacy)
        R("PUT", "/channels/{channel_id}/pins/{message_id}", self._h_pin)
        R("DELETE", "/channels/{channel_id}/pins/{message_id}", self._h_unpin)
        R("GET", "/channels/{channel_id}/messages/{message_id}", self._h_get_message)
        R("PATCH", "/channels/{channel_id}/messages/{message_id}", self._h_edit_message)
        R("DELETE", "/channels/{channel_id}/messages/{message_id}", self._h_delete_message)
        R("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}", self._h_add_reaction)
        R("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}", self._h_remove_reaction)
        R("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", self._h_get_reactions)
        R("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", self._h_clear_emoji)
        R("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", self._h_clear_reactions)
        R("POST", "/channels/{channel_id}/messages/{message_id}/threads", self._h_thread_from_message)
        R("POST", "/channels/{channel_id}/threads", self._h_thread_without_message)
        R("PUT", "/channels/{channel_id}/thread-members/{user}", self._h_thread_join)
        R("DELETE", "/channels/{channel_id}/thread-members/{user}", self._h_thread_leave)
        # guilds
        R("GET", "/guilds/{guild_id}", self._h_get_guild)
        R("GET", "/guilds/{guild_id}/channels", self._h_guild_channels)
        R("GET", "/guilds/{guild_id}/roles", self._h_guild_roles)
        R("GET", "/guilds/{guild_id}/members", self._h_guild_members)
        R("GET", "/guilds/{guild_id}/members/{user_id}", self._h_guild_member)
        R("GET", "/guilds/{guild_id}/threads/active", self._h_active_threads)
        # interactions & webhooks (no bot auth: the token in the URL authenticates)
        R("POST", "/interactions/{interaction_id}/{token}/callback", self._h_interaction_callback, auth=False)
        R("POST", "/webhooks/{webhook_id}/{token}", self._h_webhook_execute, auth=False)
        R("GET", "/webhooks/{webhook_id}/{token}/messages/{wh_message}", self._h_webhook_get, auth=False)
        R("PATCH", "/webhooks/{webhook_id}/{token}/messages/{wh_message}", self._h_webhook_edit, auth=False)
        R("DELETE", "/webhooks/{webhook_id}/{token}/messages/{wh_message}", self._h_webhook_delete, auth=False)
        # application commands
        for prefix in ("/applications/{application_id}", "/applications/{application_id}/guilds/{guild_id}"):
            R("GET", prefix + "/commands", self._h_list_commands)
            R("PUT", prefix + "/commands", self._h_bulk_commands)
            R("POST", prefix + "/commands", self._h_create_command)
            R("GET", prefix + "/commands/{command_id}", self._h_get_command)
            R("PATCH", prefix + "/commands/{command_id}", self._h_edit_command)
            R("DELETE", prefix + "/commands/{command_id}", self._h_delete_command)
        R("GET", "/applications/{application_id}/guilds/{guild_id}/commands/permissions", self._h_empty_list)
        R("GET", "/applications/{application_id}/entitlements", self._h_empty_list)
        R("GET", "/applications/{application_id}/emojis", self._h_app_emojis)

    def _add_route(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self._routes.append((method, _compile(template), f"{method} {template}", handler, auth))

    # ------------------------------------------------------------------ faults
    def fail_next(
        self,
        route_pattern: str,
        status: int = 429,
        retry_after: float = 0.2,
        times: int = 1,
        *,
        method: Optional[str] = None,
        global_: bool = False,
        code: Optional[int] = None,
        message: Optional[str] = None,
        body: Optional[Dict[str, Any]] = None,
        scope: str = "user",
    ) -> FaultRule:
        """Answer the next ``times`` matching requests with ``status``.

        ``route_pattern`` is a regex that must FULLY match the path without the ``/api/v10``
        prefix, optionally preceded by the method: ``"POST /channels/\\d+/messages"``.
        429s carry ``Via``, ``Retry-After`` and ``X-RateLimit-*`` headers and the JSON body
        ``{"message", "retry_after", "global", "code"?}``; other statuses answer
        ``{"message", "code"}`` (override with ``code``/``message``/``body``).
        """
        m = re.match(r"^(GET|POST|PUT|PATCH|DELETE)\s+(.*)$", route_pattern.strip())
        if m:
            method = method or m.group(1)
            route_pattern = m.group(2)
        rule = FaultRule(
            method=method.upper() if method else None,
            pattern=re.compile(route_pattern),
            status=status,
            retry_after=retry_after,
            times=times,
            is_global=global_,
            code=code,
            message=message,
            body=body,
            scope=scope,
        )
        self.faults.append(rule)
        return rule

    def _fault_response(self, rule: FaultRule, bucket: str) -> web.Response:
        headers = {"Via": "1.1 google"}
        if rule.status == 429:
            body = rule.body or {
                "message": rule.message or "You are being rate limited.",
                "retry_after": rule.retry_after,
                "global": rule.is_global,
            }
            if rule.code is not None and "code" not in body:
                body["code"] = rule.code
            headers.update({
                "Retry-After": str(max(1, math.ceil(rule.retry_after))),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + rule.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
                "X-RateLimit-Bucket": bucket,
                "X-RateLimit-Scope": "global" if rule.is_global else rule.scope,
            })
            if rule.is_global:
                headers["X-RateLimit-Global"] = "true"
        else:
            reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                      504: "Gateway Timeout", 403: "Forbidden", 404: "Not Found", 400: "Bad Request"}
            body = rule.body or {"message": rule.message or f"{rule.status}: {reason.get(rule.status, 'Error')}",
                                 "code": rule.code if rule.code is not None else 0}
        return json_response(body, status=rule.status, headers=headers)

    # ------------------------------------------------------------------ queries
    def requests_matching(self, method: Optional[str] = None, path_regex: str = ".*", *,
                          include_faults: bool = True) -> List[RecordedRequest]:
        """Recorded requests whose path FULLY matches ``path_regex`` (path without /api/v10)."""
        rx = re.compile(path_regex)
        return [
            r for r in self.requests
            if (method is None or r.method == method.upper()) and rx.fullmatch(r.path)
            and (include_faults or r.fault is None)
        ]

    @property
    def unexpected_requests(self) -> List[RecordedRequest]:
        """Requests to routes the fake does not implement (answered 404)."""
        return [r for r in self.requests if r.unexpected]

    def assert_no_unexpected_requests(self) -> None:
        bad = self.unexpected_requests
        assert not bad, f"unexpected requests to the fake Discord API: {bad}"

    async def wait_for_request(self, method: Optional[str], path_regex: str, timeout: float = 5.0, *,
                               count: int = 1, predicate: Optional[Callable[[RecordedRequest], bool]] = None,
                               include_faults: bool = False, completed: bool = True) -> RecordedRequest:
        """Wait until ``count`` matching requests were recorded; return the ``count``-th.

        Requests answered by an injected fault are skipped unless ``include_faults``.  With
        ``completed`` (default) only requests whose response has been produced count."""
        def found() -> Optional[RecordedRequest]:
            hits = [r for r in self.requests_matching(method, path_regex, include_faults=include_faults)
                    if (predicate is None or predicate(r)) and (not completed or r.status)]
            return hits[count - 1] if len(hits) >= count else None

        return await self._wait_for(found, timeout, f"request {method} {path_regex} (count={count})")

    # ------------------------------------------------------------------ aiohttp entry points
    async def _handle_cdn(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        rec = RecordedRequest(request.method, "/cdn" + path, dict(request.query), dict(request.headers), None, [],
                              route="GET /cdn/*")
        self.requests.append(rec)
        stored = self.world.cdn_files.get(path)
        if stored is None:
            rec.status = 200
            self._notify()
            return web.Response(body=_PNG_1X1, content_type="image/png")
        ctype, data = stored
        rec.status = 200
        self._notify()
        return web.Response(body=data, headers={"Content-Type": ctype})

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method.upper()
        body_json, files = await self._parse_body(request)
        rec = RecordedRequest(method, path, dict(request.query), dict(request.headers), body_json, files)
        self.requests.append(rec)
        self._notify()

        matched = None
        for rmethod, rx, template, handler, auth in self._routes:
            if rmethod != method:
                continue
            m = rx.fullmatch(path)
            if m:
                matched = (template, handler, auth, m.groupdict())
                break
        bucket = hashlib.md5((matched[0] if matched else f"{method} {path}").encode()).hexdigest()

        for rule in self.faults:
            if rule.matches(method, path):
                rule.hits += 1
                rec.fault = rule
                if matched:
                    rec.route, rec.params = matched[0], matched[3]
                resp = self._fault_response(rule, bucket)
                rec.status = resp.status
                rec.response = json.loads(resp.body) if resp.body else None
                self._notify()
                return resp

        headers = {
            "Via": "1.1 google",
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
        }
        if matched is None:
            rec.unexpected = True
            status, body = 404, {"message": "404: Not Found", "code": 0}
        else:
            template, handler, auth, params = matched
            rec.route, rec.params = template, params
            if auth and request.headers.get("Authorization") != f"Bot {self.token}":
                status, body = 401, {"message": "401: Unauthorized", "code": 0}
            else:
                try:
                    status, body = await handler(rec, **params)
                except ApiError as e:
                    status, body = e.status, e.body()
        rec.status = status
        rec.response = body
        self._notify()
        if status == 204 or body is None:
            return web.Response(status=204 if status < 300 else status, headers=headers)
        return json_response(body, status=status, headers=headers)

    async def _parse_body(self, request: web.Request) -> Tuple[Any, List[RecordedFile]]:
        files: List[RecordedFile] = []
        if not request.can_read_body:
            return None, files
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            body: Any = None
            reader = await request.multipart()
            async for part in reader:
                data = await part.read(decode=False)
                if part.name == "payload_json":
                    body = json.loads(bytes(data).decode("utf-8"))
                elif part.filename is not None or (part.name or "").startswith("files["):
                    files.append(RecordedFile(part.name or "", part.filename,
                                              part.headers.get("Content-Type"), bytes(data)))
                else:
                    # plain form field ("content" etc.)
                    body = body or {}
                    body[part.name] = bytes(data).decode("utf-8")
            return body, files
        raw = await request.read()
        if not raw:
            return None, files
        try:
            return json.loads(raw), files
        except ValueError:
            return raw.decode("utf-8", "replace"), files

    # ------------------------------------------------------------------ lookups
    def _channel_or_404(self, channel_id: Any) -> Dict[str, Any]:
        ch = self.world.channels.get(int(channel_id))
        if ch is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return ch

    def _message_or_404(self, channel_id: Any, message_id: Any, *, allow_ephemeral: bool = False) -> StoredMessage:
        msg = self.world.messages.get(int(message_id))
        if msg is None or msg.deleted or msg.channel_id != int(channel_id) or (msg.ephemeral and not allow_ephemeral):
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def _guild_or_404(self, guild_id: Any) -> Dict[str, Any]:
        g = self.world.guilds.get(int(guild_id))
        if g is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return g

    # ------------------------------------------------------------------ identity handlers
    async def _h_gateway(self, rec: RecordedRequest) -> Tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _h_gateway_bot(self, rec: RecordedRequest) -> Tuple[int, Any]:
        return 200, {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
        }

    async def _h_me(self, rec: RecordedRequest) -> Tuple[int, Any]:
        return 200, self.world.bot_user_full()

    async def _h_get_user(self, rec: RecordedRequest, user_id: str) -> Tuple[int, Any]:
        u = self.world.users.get(int(user_id))
        if u is None:
            raise ApiError(404, 10013, "Unknown User")
        return 200, copy.deepcopy(u)

    async def _h_create_dm(self, rec: RecordedRequest) -> Tuple[int, Any]:
        rid = (rec.json or {}).get("recipient_id")
        if rid is None or int(rid) not in self.world.users:
            raise form_error("recipient_id", "NUMBER_TYPE_COERCE", "Value is not a valid user.")
        return 200, copy.deepcopy(self.world.get_or_create_dm(int(rid)))

    async def _h_app_info(self, rec: RecordedRequest) -> Tuple[int, Any]:
        w = self.world
        return 200, {
            "id": sid(w.application_id),
            "name": w.bot_user["username"],
            "icon": None,
            "description": "A fake application for end-to-end tests.",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": w.application_flags,
            "owner": copy.deepcopy(w.application_owner),
            "team": None,
            "bot": w.bot_user_full(),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "tags": [],
            "approximate_guild_count": len(w.guilds),
            "integration_types_config": {"0": {}},
            "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
            "is_monetized": False,
        }

    # ------------------------------------------------------------------ channel handlers
    async def _h_get_channel(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        if ch["type"] in THREAD_TYPES:
            return 200, self.world.thread_payload(int(channel_id))
        return 200, copy.deepcopy(ch)

    async def _h_edit_channel(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        body = rec.json or {}
        if ch["type"] in THREAD_TYPES:
            meta = ch["thread_metadata"]
            for key in ("archived", "locked", "auto_archive_duration", "invitable"):
                if key in body:
                    meta[key] = body[key]
            if "archived" in body:
                meta["archive_timestamp"] = iso()
            for key in ("name", "rate_limit_per_user", "flags", "applied_tags"):
                if key in body:
                    ch[key] = body[key]
            payload = self.world.thread_payload(int(channel_id))
            await self._emit("THREAD_UPDATE", payload)
            return 200, payload
        for key in ("name", "topic", "nsfw", "rate_limit_per_user", "position", "parent_id",
                    "default_auto_archive_duration", "flags"):
            if key in body:
                ch[key] = body[key]
        await self._emit("CHANNEL_UPDATE", copy.deepcopy(ch))
        return 200, copy.deepcopy(ch)

    async def _h_typing(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        return 204, None

    async def _h_history(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        msgs = [m for m in self.world.messages_in(int(channel_id)) if not m.ephemeral]
        q = rec.query
        limit = max(1, min(100, int(q.get("limit", 50))))
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
            msgs = msgs[-limit:]
        elif "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])][:limit]
        elif "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if m.id <= around][-(limit // 2 + limit % 2):]
            newer = [m for m in msgs if m.id > around][: limit // 2]
            msgs = older + newer
        else:
            msgs = msgs[-limit:]
        return 200, [copy.deepcopy(m.payload) for m in sorted(msgs, key=lambda m: m.id, reverse=True)]

    async def _h_create_message(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        if ch["type"] not in MESSAGEABLE_TYPES:
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        if ch["type"] in THREAD_TYPES and ch["thread_metadata"].get("locked"):
            raise ApiError(403, 50083, "Thread is archived")
        body = rec.json or {}
        if body.get("flags", 0) & MF_EPHEMERAL:
            body = dict(body)
            body["flags"] = body["flags"] & ~MF_EPHEMERAL  # silently ignored by Discord
        stored = self._new_message(int(channel_id), body, rec.files, source="rest", request=rec)
        if ch["type"] in THREAD_TYPES and ch["thread_metadata"].get("archived"):
            ch["thread_metadata"]["archived"] = False  # sending unarchives
        await self._emit_message("MESSAGE_CREATE", stored)
        return 200, copy.deepcopy(stored.payload)

    async def _h_get_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        return 200, copy.deepcopy(self._message_or_404(channel_id, message_id).payload)

    async def _h_edit_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        body = rec.json or {}
        if msg.author_id != self.world.bot_id and set(body) - {"flags"}:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, body, rec.files)
        await self._emit_message("MESSAGE_UPDATE", msg)
        return 200, copy.deepcopy(msg.payload)

    async def _h_delete_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        msg.deleted = True
        payload: Dict[str, Any] = {"id": sid(msg.id), "channel_id": sid(msg.channel_id)}
        if ch.get("guild_id"):
            payload["guild_id"] = ch["guild_id"]
        await self._emit("MESSAGE_DELETE", payload)
        return 204, None

    async def _h_bulk_delete(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        ids = [int(i) for i in (rec.json or {}).get("messages", [])]
        if not 2 <= len(ids) <= 100:
            raise form_error("messages", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.")
        for i in ids:
            m = self.world.messages.get(i)
            if m is not None and m.channel_id == int(channel_id):
                m.deleted = True
        await self._emit("MESSAGE_DELETE_BULK", {"ids": [sid(i) for i in ids], "channel_id": sid(channel_id),
                                                 "guild_id": ch.get("guild_id")})
        return 204, None

    async def _h_pin(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        if not msg.payload.get("pinned"):
            msg.payload["pinned"] = True
            msg.pinned_at = iso()
            ch["last_pin_timestamp"] = msg.pinned_at
            await self._emit("CHANNEL_PINS_UPDATE", {"guild_id": ch.get("guild_id"), "channel_id": sid(channel_id),
                                                     "last_pin_timestamp": ch["last_pin_timestamp"]})
        return 204, None

    async def _h_unpin(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        if msg.payload.get("pinned"):
            msg.payload["pinned"] = False
            msg.pinned_at = None
            await self._emit("CHANNEL_PINS_UPDATE", {"guild_id": ch.get("guild_id"), "channel_id": sid(channel_id),
                                                     "last_pin_timestamp": ch.get("last_pin_timestamp")})
        return 204, None

    def _pinned(self, channel_id: str) -> List[StoredMessage]:
        pins = [m for m in self.world.messages_in(int(channel_id)) if m.payload.get("pinned")]
        return sorted(pins, key=lambda m: m.pinned_at or "", reverse=True)

    async def _h_list_pins(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        items = [{"pinned_at": m.pinned_at, "message": self._public_payload(m)}
                 for m in self._pinned(channel_id)]
        return 200, {"items": items, "has_more": False}

    async def _h_list_pins_legacy(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        return 200, [self._public_payload(m) for m in self._pinned(channel_id)]

    # reactions ---------------------------------------------------------------------------
    @staticmethod
    def _parse_emoji(raw: str) -> Dict[str, Any]:
        # "name:id" for custom emoji (discord.py strips the leading "<:" / ">"), else unicode
        if ":" in raw:
            name, _, eid = raw.rpartition(":")
            animated = name.startswith("a:")
            emoji: Dict[str, Any] = {"id": eid, "name": name[2:] if animated else name}
            if animated:
                emoji["animated"] = True
            return emoji
        return {"id": None, "name": raw}

    @staticmethod
    def _emoji_key(emoji: Dict[str, Any]) -> str:
        return emoji["id"] or emoji["name"]

    async def _h_add_reaction(self, rec: RecordedRequest, channel_id: str, message_id: str, emoji: str,
                              user: str) -> Tuple[int, Any]:
        if user != "@me":
            return 404, {"message": "404: Not Found", "code": 0}
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        e = self._parse_emoji(emoji)
        users = msg.reactors.setdefault(self._emoji_key(e), [])
        if self.world.bot_id not in users:
            users.append(self.world.bot_id)
            self._sync_reactions(msg, e)
            ev: Dict[str, Any] = {"user_id": sid(self.world.bot_id), "channel_id": sid(channel_id),
                                  "message_id": sid(message_id), "emoji": e, "burst": False, "type": 0,
                                  "message_author_id": msg.payload["author"]["id"], "burst_colors": []}
            if ch.get("guild_id"):
                ev["guild_id"] = ch["guild_id"]
                ev["member"] = copy.deepcopy(self.world.member(int(ch["guild_id"]), self.world.bot_id))
            await self._emit("MESSAGE_REACTION_ADD", ev)
        return 204, None

    async def _h_remove_reaction(self, rec: RecordedRequest, channel_id: str, message_id: str, emoji: str,
                                 user: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        e = self._parse_emoji(emoji)
        uid = self.world.bot_id if user == "@me" else int(user)
        users = msg.reactors.setdefault(self._emoji_key(e), [])
        if uid in users:
            users.remove(uid)
            self._sync_reactions(msg, e)
            ev: Dict[str, Any] = {"user_id": sid(uid), "channel_id": sid(channel_id), "message_id": sid(message_id),
                                  "emoji": e, "burst": False, "type": 0}
            if ch.get("guild_id"):
                ev["guild_id"] = ch["guild_id"]
            await self._emit("MESSAGE_REACTION_REMOVE", ev)
        return 204, None

    async def _h_get_reactions(self, rec: RecordedRequest, channel_id: str, message_id: str,
                               emoji: str) -> Tuple[int, Any]:
        self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        e = self._parse_emoji(emoji)
        users = msg.reactors.get(self._emoji_key(e), [])
        return 200, [copy.deepcopy(self.world.users[u]) for u in users if u in self.world.users]

    async def _h_clear_emoji(self, rec: RecordedRequest, channel_id: str, message_id: str,
                             emoji: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        e = self._parse_emoji(emoji)
        msg.reactors.pop(self._emoji_key(e), None)
        self._sync_reactions(msg, e)
        await self._emit("MESSAGE_REACTION_REMOVE_EMOJI", {"channel_id": sid(channel_id), "guild_id": ch.get("guild_id"),
                                                           "message_id": sid(message_id), "emoji": e})
        return 204, None

    async def _h_clear_reactions(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        msg = self._message_or_404(channel_id, message_id)
        msg.reactors.clear()
        msg.payload.pop("reactions", None)
        await self._emit("MESSAGE_REACTION_REMOVE_ALL", {"channel_id": sid(channel_id), "guild_id": ch.get("guild_id"),
                                                         "message_id": sid(message_id)})
        return 204, None

    def _sync_reactions(self, msg: StoredMessage, emoji: Dict[str, Any]) -> None:
        emojis = msg.reaction_emojis
        emojis[self._emoji_key(emoji)] = emoji
        reactions = []
        for key, users in msg.reactors.items():
            if not users:
                continue
            reactions.append({
                "count": len(users),
                "count_details": {"burst": 0, "normal": len(users)},
                "me": self.world.bot_id in users,
                "me_burst": False,
                "emoji": emojis.get(key, {"id": None, "name": key}),
                "burst_colors": [],
            })
        if reactions:
            msg.payload["reactions"] = reactions
        else:
            msg.payload.pop("reactions", None)

    # threads -----------------------------------------------------------------------------
    def _validate_thread_body(self, body: Dict[str, Any]) -> None:
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            raise form_error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        aad = body.get("auto_archive_duration")
        if aad is not None and aad not in (60, 1440, 4320, 10080):
            raise form_error("auto_archive_duration", "BASE_TYPE_CHOICES", f"Value must be one of {{60, 1440, 4320, 10080}}.")

    async def _h_thread_from_message(self, rec: RecordedRequest, channel_id: str, message_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        if ch["type"] in THREAD_TYPES or ch["type"] == CH_DM:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        msg = self._message_or_404(channel_id, message_id)
        body = rec.json or {}
        self._validate_thread_body(body)
        if msg.payload.get("thread") is not None:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        thread_type = 10 if ch["type"] == CH_GUILD_ANNOUNCEMENT else CH_PUBLIC_THREAD
        thread = self.world.add_thread(int(channel_id), body["name"], type=thread_type, thread_id=msg.id,
                                       auto_archive_duration=body.get("auto_archive_duration") or 1440,
                                       rate_limit_per_user=body.get("rate_limit_per_user"))
        msg.payload["thread"] = self.world.thread_payload(msg.id, with_member=False)
        msg.payload["flags"] = msg.flags | MF_HAS_THREAD
        payload = self.world.thread_payload(msg.id)
        await self._emit("THREAD_CREATE", dict(payload, newly_created=True))
        return 201, payload

    async def _h_thread_without_message(self, rec: RecordedRequest, channel_id: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        body = rec.json or {}
        self._validate_thread_body(body)
        if ch["type"] in (CH_GUILD_FORUM, CH_GUILD_MEDIA):
            message_body = body.get("message")
            if not message_body:
                raise form_error("message", "BASE_TYPE_REQUIRED", "This field is required")
            thread = self.world.add_thread(int(channel_id), body["name"],
                                           auto_archive_duration=body.get("auto_archive_duration") or 4320,
                                           rate_limit_per_user=body.get("rate_limit_per_user"),
                                           applied_tags=body.get("applied_tags"))
            tid = int(thread["id"])
            starter = self._new_message(tid, message_body, rec.files, source="rest", request=rec, message_id=tid)
            payload = self.world.thread_payload(tid)
            await self._emit("THREAD_CREATE", dict(payload, newly_created=True))
            await self._emit_message("MESSAGE_CREATE", starter)
            payload["message"] = copy.deepcopy(starter.payload)
            return 201, payload
        if ch["type"] in THREAD_TYPES or ch["type"] == CH_DM or ch["type"] not in MESSAGEABLE_TYPES:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        ttype = body.get("type") or CH_PRIVATE_THREAD  # Discord defaults to a private thread
        thread = self.world.add_thread(int(channel_id), body["name"], type=ttype,
                                       auto_archive_duration=body.get("auto_archive_duration") or 1440,
                                       rate_limit_per_user=body.get("rate_limit_per_user"),
                                       invitable=body.get("invitable", True))
        payload = self.world.thread_payload(int(thread["id"]))
        await self._emit("THREAD_CREATE", dict(payload, newly_created=True))
        return 201, payload

    async def _h_thread_join(self, rec: RecordedRequest, channel_id: str, user: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        if ch["type"] not in THREAD_TYPES:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        uid = self.world.bot_id if user == "@me" else int(user)
        self.world.join_thread(int(channel_id), uid)
        return 204, None

    async def _h_thread_leave(self, rec: RecordedRequest, channel_id: str, user: str) -> Tuple[int, Any]:
        ch = self._channel_or_404(channel_id)
        if ch["type"] not in THREAD_TYPES:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        uid = self.world.bot_id if user == "@me" else int(user)
        self.world.leave_thread(int(channel_id), uid)
        return 204, None

    # ------------------------------------------------------------------ guild handlers
    async def _h_get_guild(self, rec: RecordedRequest, guild_id: str) -> Tuple[int, Any]:
        g = copy.deepcopy(self._guild_or_404(guild_id))
        g["roles"] = [copy.deepcopy(r) for r in self.world.roles[int(guild_id)].values()]
        g["approximate_member_count"] = len(self.world.members[int(guild_id)])
        return 200, g

    async def _h_guild_channels(self, rec: RecordedRequest, guild_id: str) -> Tuple[int, Any]:
        self._guild_or_404(guild_id)
        return 200, [copy.deepcopy(c) for c in self.world.channels.values()
                     if c.get("guild_id") == sid(guild_id) and c["type"] not in THREAD_TYPES]

    async def _h_guild_roles(self, rec: RecordedRequest, guild_id: str) -> Tuple[int, Any]:
        self._guild_or_404(guild_id)
        return 200, [copy.deepcopy(r) for r in self.world.roles[int(guild_id)].values()]

    async def _h_guild_members(self, rec: RecordedRequest, guild_id: str) -> Tuple[int, Any]:
        self._guild_or_404(guild_id)
        limit = int(rec.query.get("limit", 1))
        after = int(rec.query.get("after", 0))
        members = sorted(self.world.members[int(guild_id)].items())
        return 200, [copy.deepcopy(m) for uid, m in members if uid > after][:limit]

    async def _h_guild_member(self, rec: RecordedRequest, guild_id: str, user_id: str) -> Tuple[int, Any]:
        self._guild_or_404(guild_id)
        m = self.world.members[int(guild_id)].get(int(user_id))
        if m is None:
            raise ApiError(404, 10007, "Unknown Member")
        return 200, copy.deepcopy(m)

    async def _h_active_threads(self, rec: RecordedRequest, guild_id: str) -> Tuple[int, Any]:
        self._guild_or_404(guild_id)
        threads = [self.world.thread_payload(int(c["id"]), with_member=False) for c in self.world.channels.values()
                   if c.get("guild_id") == sid(guild_id) and c["type"] in THREAD_TYPES
                   and not c["thread_metadata"]["archived"]]
        members = [m for t in threads for m in [self.world.thread_members.get(int(t["id"]), {}).get(self.world.bot_id)]
                   if m is not None]
        return 200, {"threads": threads, "members": members}

    async def _h_empty_list(self, rec: RecordedRequest, **_: str) -> Tuple[int, Any]:
        return 200, []

    async def _h_app_emojis(self, rec: RecordedRequest, application_id: str) -> Tuple[int, Any]:
        return 200, {"items": []}

    # ------------------------------------------------------------------ message building
    def _public_payload(self, msg: StoredMessage) -> Dict[str, Any]:
        return copy.deepcopy(msg.payload)

    def _validate_message_body(self, body: Dict[str, Any], files: List[RecordedFile], *, partial: bool) -> None:
        content = body.get("content")
        if content is not None and not isinstance(content, str):
            raise form_error("content", "BASE_TYPE_STRING", "Must be a string.")
        if content is not None and len(content) > 2000:
            raise form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        flags = int(body.get("flags") or 0)
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            raise form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
        total = 0
        for i, e in enumerate(embeds):
            limits = {"title": 256, "description": 4096}
            for key, lim in limits.items():
                v = e.get(key) or ""
                total += len(v)
                if len(v) > lim:
                    raise form_error(f"embeds.{i}.{key}", "BASE_TYPE_MAX_LENGTH", f"Must be {lim} or fewer in length.")
            fields = e.get("fields") or []
            if len(fields) > 25:
                raise form_error(f"embeds.{i}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            for j, f in enumerate(fields):
                if not f.get("name") or not f.get("value"):
                    raise form_error(f"embeds.{i}.fields.{j}.value", "BASE_TYPE_REQUIRED", "This field is required")
                if len(f["name"]) > 256 or len(f["value"]) > 1024:
                    raise form_error(f"embeds.{i}.fields.{j}", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.")
                total += len(f["name"]) + len(f["value"])
            total += len((e.get("footer") or {}).get("text") or "") + len((e.get("author") or {}).get("name") or "")
        if total > 6000:
            raise form_error("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
        components = body.get("components") or []
        if flags & MF_IS_COMPONENTS_V2:
            if body.get("content") or embeds or body.get("poll"):
                raise form_error("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                                 "The 'content', 'embeds', 'stickers' and 'poll' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2")
        else:
            if len(components) > 5:
                raise form_error("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
            for i, row in enumerate(components):
                if row.get("type") != 1:
                    raise form_error(f"components.{i}.type", "UNION_TYPE_CHOICES",
                                     "Value of field \"type\" must be one of (1,).")
                children = row.get("components") or []
                if not 1 <= len(children) <= 5:
                    raise form_error(f"components.{i}.components", "BASE_TYPE_BAD_LENGTH",
                                     "Must be between 1 and 5 in length.")
                for j, c in enumerate(children):
                    cid = c.get("custom_id")
                    if cid is not None and len(cid) > 100:
                        raise form_error(f"components.{i}.components.{j}.custom_id", "BASE_TYPE_MAX_LENGTH",
                                         "Must be 100 or fewer in length.")
                    if c.get("label") is not None and len(c["label"]) > 80:
                        raise form_error(f"components.{i}.components.{j}.label", "BASE_TYPE_MAX_LENGTH",
                                         "Must be 80 or fewer in length.")
        am = body.get("allowed_mentions")
        if am:
            parse = am.get("parse") or []
            for kind in ("users", "roles"):
                if kind in parse and am.get(kind):
                    raise form_error("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                                     f"parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive.")
        poll = body.get("poll")
        if poll:
            q = (poll.get("question") or {}).get("text") or ""
            if not 1 <= len(q) <= 300:
                raise form_error("poll.question.text", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 300 in length.")
            answers = poll.get("answers") or []
            if not 1 <= len(answers) <= 10:
                raise form_error("poll.answers", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 10 in length.")
            for i, a in enumerate(answers):
                text = (a.get("poll_media") or {}).get("text") or ""
                if len(text) > 55:
                    raise form_error(f"poll.answers.{i}.poll_media.text", "BASE_TYPE_MAX_LENGTH",
                                     "Must be 55 or fewer in length.")
        if not partial:
            has_something = (
                body.get("content") or embeds or files or components or body.get("sticker_ids") or poll
            )
            if not has_something:
                raise ApiError(400, 50006, "Cannot send an empty message")

    def _mentions(self, content: str, am: Optional[Dict[str, Any]], guild_id: Optional[int],
                  replied: Optional[StoredMessage]) -> Tuple[List[int], List[int], bool]:
        users = self.world.user_mentions_in(content)
        roles = self.world.role_mentions_in(content, guild_id)
        everyone = "@everyone" in content or "@here" in content
        if am is None:
            allowed_users, allowed_roles, allowed_everyone, replied_user = users, roles, everyone, True
        else:
            parse = am.get("parse") or []
            uids = {int(u) for u in am.get("users") or []}
            rids = {int(r) for r in am.get("roles") or []}
            allowed_users = [u for u in users if "users" in parse or u in uids]
            allowed_roles = [r for r in roles if "roles" in parse or r in rids]
            allowed_everyone = everyone and "everyone" in parse
            replied_user = bool(am.get("replied_user", False))
        if replied is not None and replied_user:
            rid = replied.author_id
            if rid not in allowed_users and rid != self.world.bot_id:
                allowed_users = allowed_users + [rid]
        return allowed_users, allowed_roles, allowed_everyone

    def _attachments_from(self, channel_id: int, body: Dict[str, Any], files: List[RecordedFile],
                          existing: Optional[List[Dict[str, Any]]] = None) -> List[Dict[str, Any]]:
        by_index: Dict[int, RecordedFile] = {}
        for f in files:
            m = re.fullmatch(r"files\[(\d+)\]", f.field or "")
            if m:
                by_index[int(m.group(1))] = f
        out: List[Dict[str, Any]] = []
        spec = body.get("attachments")
        if spec is None:
            spec = [{"id": i, "filename": f.filename} for i, f in sorted(by_index.items())]
            if existing:
                out.extend(existing)
        existing_by_id = {a["id"]: a for a in (existing or [])}
        for a in spec:
            aid = a.get("id")
            f = by_index.get(int(aid)) if aid is not None and str(aid).isdigit() and int(aid) in by_index else None
            if f is not None:
                out.append(self.world.attachment_payload(channel_id, a.get("filename") or f.filename or "file",
                                                         f.data, f.content_type if f.content_type not in (
                                                             None, "application/octet-stream") else None,
                                                         description=a.get("description")))
            elif str(aid) in existing_by_id:
                out.append(existing_by_id[str(aid)])
        return out

    def _new_message(self, channel_id: int, body: Dict[str, Any], files: List[RecordedFile], *, source: str,
                     request: Optional[RecordedRequest] = None, interaction: Optional["FakeInteraction"] = None,
                     extra_flags: int = 0, message_id: Optional[int] = None, validate: bool = True) -> StoredMessage:
        """Create, validate and store a bot-authored message from a request body."""
        if validate:
            self._validate_message_body(body, files, partial=False)
        w = self.world
        ch = w.channels[channel_id]
        guild_id = int(ch["guild_id"]) if ch.get("guild_id") else None
        mid = message_id or w.new_id()
        content = body.get("content") or ""
        ref = body.get("message_reference")
        replied: Optional[StoredMessage] = None
        msg_type = 0
        if ref is not None and ref.get("type", 0) == 0 and ref.get("message_id") is not None:
            replied = w.messages.get(int(ref["message_id"]))
            ref_channel = int(ref.get("channel_id") or channel_id)
            if replied is None or replied.deleted or replied.channel_id != ref_channel:
                if ref.get("fail_if_not_exists", True):
                    raise form_error("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
                replied, ref = None, None
            else:
                msg_type = 19
        am = body.get("allowed_mentions")
        users, roles, everyone = self._mentions(content, am, guild_id, replied)
        flags = (int(body.get("flags") or 0) & (MF_SUPPRESS_EMBEDS | MF_SUPPRESS_NOTIFICATIONS | MF_IS_COMPONENTS_V2
                                                 | MF_EPHEMERAL)) | extra_flags
        payload: Dict[str, Any] = {
            "type": msg_type,
            "channel_id": sid(channel_id),
            "content": content,
            "attachments": self._attachments_from(channel_id, body, files),
            "embeds": [self._normalize_embed(e) for e in body.get("embeds") or []],
            "timestamp": iso(),
            "edited_timestamp": None,
            "flags": flags,
            "components": self._normalize_components(body.get("components") or []),
            "id": sid(mid),
            "author": copy.deepcopy(w.bot_user),
            "mentions": [w.mention_user_payload(u, guild_id, with_member=False) for u in users],
            "mention_roles": [sid(r) for r in roles],
            "pinned": False,
            "mention_everyone": everyone,
            "tts": bool(body.get("tts", False)),
        }
        if body.get("nonce") is not None:
            payload["nonce"] = body["nonce"]
        if ch["type"] in THREAD_TYPES:
            payload["position"] = ch.get("total_message_sent", 0)
        if ref is not None:
            payload["message_reference"] = {
                "type": ref.get("type", 0),
                "channel_id": sid(ref.get("channel_id") or channel_id),
                "message_id": sid(ref["message_id"]) if ref.get("message_id") else None,
            }
            if ref.get("guild_id") or guild_id:
                payload["message_reference"]["guild_id"] = sid(ref.get("guild_id") or guild_id)
            if replied is not None:
                payload["referenced_message"] = copy.deepcopy(replied.payload)
                payload["referenced_message"].pop("referenced_message", None)
        if body.get("poll"):
            payload["poll"] = self._poll_from_request(body["poll"])
        if body.get("sticker_ids"):
            payload["sticker_items"] = [{"id": sid(s), "name": "sticker", "format_type": 1} for s in body["sticker_ids"]]
        if interaction is not None:
            self._decorate_interaction_message(payload, interaction)
        stored = StoredMessage(id=mid, channel_id=channel_id, guild_id=guild_id, payload=payload, source=source,
                               allowed_mentions=copy.deepcopy(am), files=list(files),
                               interaction_id=interaction.id if interaction is not None else None, request=request)
        w.store_message(stored)
        self._notify()
        return stored

    def _decorate_interaction_message(self, payload: Dict[str, Any], it: "FakeInteraction") -> None:
        w = self.world
        user = copy.deepcopy(w.users[it.user_id])
        payload["webhook_id"] = sid(w.application_id)
        payload["application_id"] = sid(w.application_id)
        name = (it.payload.get("data") or {}).get("name")
        meta: Dict[str, Any] = {
            "id": sid(it.id),
            "type": it.type,
            "user": user,
            "authorizing_integration_owners": it.payload.get("authorizing_integration_owners", {}),
        }
        if it.type == IT_APPLICATION_COMMAND:
            meta["name"] = name
            meta["command_type"] = (it.payload.get("data") or {}).get("type", 1)
            payload["type"] = 20 if meta["command_type"] == 1 else 23
            payload["interaction"] = {"id": sid(it.id), "type": it.type, "name": name, "user": user}
        elif it.type == IT_MESSAGE_COMPONENT and it.payload.get("message"):
            meta["interacted_message_id"] = it.payload["message"]["id"]
        payload["interaction_metadata"] = meta

    @staticmethod
    def _normalize_embed(e: Dict[str, Any]) -> Dict[str, Any]:
        e = copy.deepcopy(e)
        e.setdefault("type", "rich")
        e.setdefault("content_scan_version", 0)
        if e.get("color") is None:
            e.pop("color", None)
        for f in e.get("fields") or []:
            f.setdefault("inline", False)
        return e

    def _normalize_components(self, comps: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        comps = copy.deepcopy(comps)
        counter = [0]

        def walk(items: List[Dict[str, Any]]) -> None:
            for c in items:
                counter[0] += 1
                c.setdefault("id", counter[0])
                if c.get("type") == 2:
                    c.setdefault("disabled", False)
                for key in ("components",):
                    if isinstance(c.get(key), list):
                        walk(c[key])
                if isinstance(c.get("accessory"), dict):
                    walk([c["accessory"]])

        walk(comps)
        return comps

    def _poll_from_request(self, poll: Dict[str, Any]) -> Dict[str, Any]:
        import datetime as _dt

        hours = int(poll.get("duration") or 24)
        expiry = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=hours)
        return {
            "question": copy.deepcopy(poll.get("question") or {}),
            "answers": [{"answer_id": i + 1, "poll_media": copy.deepcopy(a.get("poll_media") or {})}
                        for i, a in enumerate(poll.get("answers") or [])],
            "expiry": iso(expiry),
            "allow_multiselect": bool(poll.get("allow_multiselect", False)),
            "layout_type": poll.get("layout_type", 1),
            "results": {"is_finalized": False, "answer_counts": []},
        }

    def _apply_edit(self, msg: StoredMessage, body: Dict[str, Any], files: List[RecordedFile]) -> None:
        self._validate_message_body(body, files, partial=True)
        p = msg.payload
        if "content" in body:
            p["content"] = body["content"] or ""
            users, roles, everyone = self._mentions(p["content"], body.get("allowed_mentions", msg.allowed_mentions),
                                                    msg.guild_id, None)
            p["mentions"] = [self.world.mention_user_payload(u, msg.guild_id, with_member=False) for u in users]
            p["mention_roles"] = [sid(r) for r in roles]
            p["mention_everyone"] = everyone
        if "embeds" in body:
            p["embeds"] = [self._normalize_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            p["components"] = self._normalize_components(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            keep = p.get("flags", 0) & ~(MF_SUPPRESS_EMBEDS | MF_LOADING)
            p["flags"] = keep | (int(body["flags"]) & (MF_SUPPRESS_EMBEDS | MF_IS_COMPONENTS_V2))
        else:
            p["flags"] = p.get("flags", 0) & ~MF_LOADING
        if "attachments" in body or files:
            p["attachments"] = self._attachments_from(msg.channel_id, body, files, existing=p.get("attachments"))
        if "allowed_mentions" in body:
            msg.allowed_mentions = copy.deepcopy(body["allowed_mentions"])
        if files:
            msg.files.extend(files)
        p["edited_timestamp"] = iso()
        msg.edits.append(copy.deepcopy(body))
        self._notify()

    async def _emit_message(self, event: str, msg: StoredMessage) -> None:
        if msg.ephemeral:
            return  # ephemeral messages are never dispatched to the bot
        await self._emit(event, self.world.gateway_message(msg))

    # ------------------------------------------------------------------ interactions
    def _interaction_or_404(self, interaction_id: Any, token: str) -> "FakeInteraction":
        it = self.interactions.get(int(interaction_id))
        if it is None or it.token != token:
            raise ApiError(404, 10062, "Unknown interaction")
        return it

    async def _h_interaction_callback(self, rec: RecordedRequest, interaction_id: str, token: str) -> Tuple[int, Any]:
        from .server import InteractionCallback

        it = self._interaction_or_404(interaction_id, token)
        if it.callbacks:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if (self.interaction_response_timeout is not None and it.dispatched_at is not None
                and time.monotonic() - it.dispatched_at > self.interaction_response_timeout):
            raise ApiError(404, 10062, "Unknown interaction")
        body = rec.json or {}
        cb_type = body.get("type")
        data = body.get("data") or {}
        allowed = {
            IT_APPLICATION_COMMAND: {CB_CHANNEL_MESSAGE, CB_DEFERRED_CHANNEL_MESSAGE, CB_MODAL, CB_PREMIUM_REQUIRED,
                                     CB_LAUNCH_ACTIVITY},
            IT_MESSAGE_COMPONENT: {CB_CHANNEL_MESSAGE, CB_DEFERRED_CHANNEL_MESSAGE, CB_DEFERRED_UPDATE_MESSAGE,
                                   CB_UPDATE_MESSAGE, CB_MODAL, CB_PREMIUM_REQUIRED, CB_LAUNCH_ACTIVITY},
            IT_AUTOCOMPLETE: {CB_AUTOCOMPLETE_RESULT},
            IT_MODAL_SUBMIT: {CB_CHANNEL_MESSAGE, CB_DEFERRED_CHANNEL_MESSAGE, CB_DEFERRED_UPDATE_MESSAGE,
                              CB_UPDATE_MESSAGE, CB_PREMIUM_REQUIRED},
        }.get(it.type, {CB_PONG})
        if cb_type not in allowed:
            raise form_error("type", "INTERACTION_CALLBACK_TYPE_INVALID",
                             f"Interaction callback type {cb_type} is not valid for interaction type {it.type}")
        if cb_type in (CB_DEFERRED_UPDATE_MESSAGE, CB_UPDATE_MESSAGE) and not it.payload.get("message"):
            raise form_error("type", "INTERACTION_CALLBACK_TYPE_INVALID", "Interaction has no message to update")

        message: Optional[StoredMessage] = None
        resource: Optional[Dict[str, Any]] = None
        loading = False
        if cb_type == CB_CHANNEL_MESSAGE:
            message = self._new_message(it.channel_id, data, rec.files, source="interaction_response",
                                        request=rec, interaction=it)
            it.original_message_id = message.id
            resource = {"type": cb_type, "message": copy.deepcopy(message.payload)}
        elif cb_type == CB_DEFERRED_CHANNEL_MESSAGE:
            loading = True
            flags = MF_LOADING | (int(data.get("flags") or 0) & MF_EPHEMERAL)
            message = self._new_message(it.channel_id, {"content": ""}, [], source="interaction_response",
                                        request=rec, interaction=it, extra_flags=flags, validate=False)
            it.original_message_id = message.id
            resource = {"type": cb_type, "message": copy.deepcopy(message.payload)}
        elif cb_type == CB_DEFERRED_UPDATE_MESSAGE:
            it.original_message_id = int(it.payload["message"]["id"])
        elif cb_type == CB_UPDATE_MESSAGE:
            mid = int(it.payload["message"]["id"])
            message = self.world.messages.get(mid)
            if message is None:
                raise ApiError(404, 10008, "Unknown Message")
            self._apply_edit(message, data, rec.files)
            it.original_message_id = mid
            resource = {"type": cb_type, "message": copy.deepcopy(message.payload)}
        elif cb_type == CB_AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise form_error("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            for i, c in enumerate(choices):
                if not 1 <= len(str(c.get("name", ""))) <= 100:
                    raise form_error(f"data.choices.{i}.name", "BASE_TYPE_BAD_LENGTH",
                                     "Must be between 1 and 100 in length.")
        elif cb_type == CB_MODAL:
            title = data.get("title") or ""
            if not 1 <= len(title) <= 45:
                raise form_error("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
            if not data.get("custom_id"):
                raise form_error("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required")

        cb = InteractionCallback(interaction_id=it.id, type=cb_type, data=copy.deepcopy(data), request=rec,
                                 message=message)
        it.callbacks.append(cb)
        self.callbacks.append(cb)
        self._notify()
        if message is not None:
            await self._emit_message("MESSAGE_CREATE" if cb_type in (4, 5) else "MESSAGE_UPDATE", message)

        if rec.query.get("with_response", "").lower() not in ("1", "true"):
            return 204, None
        interaction: Dict[str, Any] = {"id": sid(it.id), "type": it.type}
        if message is not None:
            interaction["response_message_id"] = sid(message.id)
            interaction["response_message_loading"] = loading
            interaction["response_message_ephemeral"] = message.ephemeral
        out: Dict[str, Any] = {"interaction": interaction}
        if resource is not None:
            out["resource"] = resource
        return 200, out

    def _webhook_interaction(self, webhook_id: str, token: str) -> "FakeInteraction":
        it = self.interactions_by_token.get(token)
        if it is None or int(webhook_id) != self.world.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        if not it.callbacks:
            # Follow-ups / @original only exist once the interaction was acknowledged.
            raise ApiError(404, 10015, "Unknown Webhook")
        return it

    def _webhook_message(self, it: "FakeInteraction", wh_message: str) -> StoredMessage:
        mid = it.original_message_id if wh_message == "@original" else int(wh_message)
        msg = self.world.messages.get(mid) if mid is not None else None
        if msg is None or msg.deleted or (wh_message != "@original" and mid not in it.followup_ids
                                          and mid != it.original_message_id):
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    async def _h_webhook_execute(self, rec: RecordedRequest, webhook_id: str, token: str) -> Tuple[int, Any]:
        it = self._webhook_interaction(webhook_id, token)
        body = rec.json or {}
        original = self.world.messages.get(it.original_message_id) if it.original_message_id else None
        if original is not None and original.flags & MF_LOADING and original.interaction_id == it.id:
            # First follow-up after a deferred (type 5) response replaces the "thinking" message.
            self._validate_message_body(body, rec.files, partial=False)
            self._apply_edit(original, {k: v for k, v in body.items() if k != "flags"}, rec.files)
            original.source = "interaction_response"
            msg = original
            event = "MESSAGE_UPDATE"
        else:
            msg = self._new_message(it.channel_id, body, rec.files, source="followup", request=rec, interaction=it)
            it.followup_ids.append(msg.id)
            event = "MESSAGE_CREATE"
        await self._emit_message(event, msg)
        if rec.query.get("wait", "").lower() in ("1", "true"):
            return 200, copy.deepcopy(msg.payload)
        return 204, None

    async def _h_webhook_get(self, rec: RecordedRequest, webhook_id: str, token: str,
                             wh_message: str) -> Tuple[int, Any]:
        it = self._webhook_interaction(webhook_id, token)
        return 200, copy.deepcopy(self._webhook_message(it, wh_message).payload)

    async def _h_webhook_edit(self, rec: RecordedRequest, webhook_id: str, token: str,
                              wh_message: str) -> Tuple[int, Any]:
        it = self._webhook_interaction(webhook_id, token)
        msg = self._webhook_message(it, wh_message)
        self._apply_edit(msg, rec.json or {}, rec.files)
        await self._emit_message("MESSAGE_UPDATE", msg)
        return 200, copy.deepcopy(msg.payload)

    async def _h_webhook_delete(self, rec: RecordedRequest, webhook_id: str, token: str,
                                wh_message: str) -> Tuple[int, Any]:
        it = self._webhook_interaction(webhook_id, token)
        msg = self._webhook_message(it, wh_message)
        msg.deleted = True
        if not msg.ephemeral:
            payload: Dict[str, Any] = {"id": sid(msg.id), "channel_id": sid(msg.channel_id)}
            if msg.guild_id:
                payload["guild_id"] = sid(msg.guild_id)
            await self._emit("MESSAGE_DELETE", payload)
        return 204, None

    # ------------------------------------------------------------------ application commands
    _CMD_NAME = re.compile(r"^[-_'\w]{1,32}$", re.UNICODE)

    def _commands_scope(self, application_id: str, guild_id: Optional[str]) -> Dict[int, Dict[str, Any]]:
        if int(application_id) != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if guild_id is not None:
            if int(guild_id) not in self.world.guilds:
                raise ApiError(403, 50001, "Missing Access")
            return self.app_commands.setdefault(int(guild_id), {})
        return self.app_commands.setdefault(None, {})

    def _validate_options(self, options: List[Dict[str, Any]], path: str) -> None:
        if len(options) > 25:
            raise form_error(f"{path}options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        seen_optional = False
        names = set()
        for i, o in enumerate(options):
            name = o.get("name", "")
            if not self._CMD_NAME.fullmatch(name) or name != name.lower():
                raise form_error(f"{path}options.{i}.name", "APPLICATION_COMMAND_INVALID_NAME",
                                 "Command name is invalid")
            if name in names:
                raise form_error(f"{path}options", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                                 "Option names must be unique")
            names.add(name)
            if not 1 <= len(o.get("description", "")) <= 100:
                raise form_error(f"{path}options.{i}.description", "BASE_TYPE_BAD_LENGTH",
                                 "Must be between 1 and 100 in length.")
            if o.get("type") in (1, 2):
                self._validate_options(o.get("options") or [], f"{path}options.{i}.")
                continue
            if len(o.get("choices") or []) > 25:
                raise form_error(f"{path}options.{i}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            if o.get("required"):
                if seen_optional:
                    raise form_error(f"{path}options", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                                     "Required options must be placed before non-required options")
            else:
                seen_optional = True

    def _normalize_command(self, body: Dict[str, Any], guild_id: Optional[str], existing: Optional[Dict[str, Any]],
                           index: Optional[int] = None) -> Dict[str, Any]:
        prefix = f"{index}." if index is not None else ""
        ctype = body.get("type", 1)
        name = body.get("name") or ""
        if ctype == 1:
            if not self._CMD_NAME.fullmatch(name) or name != name.lower():
                raise form_error(f"{prefix}name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
            if not 1 <= len(body.get("description") or "") <= 100:
                raise form_error(f"{prefix}description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            self._validate_options(body.get("options") or [], prefix)
        elif not 1 <= len(name) <= 32:
            raise form_error(f"{prefix}name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
        cid = int(existing["id"]) if existing else self.world.new_id()
        cmd: Dict[str, Any] = {
            "id": sid(cid),
            "application_id": sid(self.world.application_id),
            "version": sid(self.world.new_id()),
            "default_member_permissions": body.get("default_member_permissions"),
            "type": ctype,
            "name": name,
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description") or "",
            "description_localizations": body.get("description_localizations"),
            "nsfw": bool(body.get("nsfw", False)),
        }
        if body.get("options"):
            cmd["options"] = copy.deepcopy(body["options"])
        if guild_id is not None:
            cmd["guild_id"] = sid(guild_id)
        else:
            cmd["dm_permission"] = body.get("dm_permission", True)
            cmd["contexts"] = body.get("contexts")
            cmd["integration_types"] = body.get("integration_types") or [0]
        return cmd

    async def _h_list_commands(self, rec: RecordedRequest, application_id: str,
                               guild_id: Optional[str] = None) -> Tuple[int, Any]:
        return 200, [copy.deepcopy(c) for c in self._commands_scope(application_id, guild_id).values()]

    async def _h_bulk_commands(self, rec: RecordedRequest, application_id: str,
                               guild_id: Optional[str] = None) -> Tuple[int, Any]:
        scope = self._commands_scope(application_id, guild_id)
        body = rec.json or []
        if not isinstance(body, list):
            raise form_error("_", "BASE_TYPE_ARRAY", "Must be an array.")
        if len(body) > 100:
            raise form_error("_", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
        by_key = {(c["name"], c["type"]): c for c in scope.values()}
        new: Dict[int, Dict[str, Any]] = {}
        seen = set()
        for i, b in enumerate(body):
            key = (b.get("name"), b.get("type", 1))
            if key in seen:
                raise form_error(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME",
                                 f"Application command names must be unique")
            seen.add(key)
            cmd = self._normalize_command(b, guild_id, by_key.get(key), i)
            new[int(cmd["id"])] = cmd
        scope.clear()
        scope.update(new)
        self._notify()
        return 200, [copy.deepcopy(c) for c in new.values()]

    async def _h_create_command(self, rec: RecordedRequest, application_id: str,
                                guild_id: Optional[str] = None) -> Tuple[int, Any]:
        scope = self._commands_scope(application_id, guild_id)
        b = rec.json or {}
        existing = next((c for c in scope.values() if c["name"] == b.get("name") and c["type"] == b.get("type", 1)),
                        None)
        cmd = self._normalize_command(b, guild_id, existing)
        scope[int(cmd["id"])] = cmd
        self._notify()
        return (200 if existing else 201), copy.deepcopy(cmd)

    def _command_or_404(self, scope: Dict[int, Dict[str, Any]], command_id: str) -> Dict[str, Any]:
        cmd = scope.get(int(command_id))
        if cmd is None:
            raise ApiError(404, 10063, "Unknown application command")
        return cmd

    async def _h_get_command(self, rec: RecordedRequest, application_id: str, command_id: str,
                             guild_id: Optional[str] = None) -> Tuple[int, Any]:
        return 200, copy.deepcopy(self._command_or_404(self._commands_scope(application_id, guild_id), command_id))

    async def _h_edit_command(self, rec: RecordedRequest, application_id: str, command_id: str,
                              guild_id: Optional[str] = None) -> Tuple[int, Any]:
        scope = self._commands_scope(application_id, guild_id)
        cmd = self._command_or_404(scope, command_id)
        merged = dict(cmd)
        merged.update(rec.json or {})
        new = self._normalize_command(merged, guild_id, cmd)
        scope[int(new["id"])] = new
        return 200, copy.deepcopy(new)

    async def _h_delete_command(self, rec: RecordedRequest, application_id: str, command_id: str,
                                guild_id: Optional[str] = None) -> Tuple[int, Any]:
        scope = self._commands_scope(application_id, guild_id)
        self._command_or_404(scope, command_id)
        del scope[int(command_id)]
        return 204, None
