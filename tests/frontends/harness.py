"""A real discord.py bot with its HTTP layer recorded instead of sent.

The lowest layers that still run discord.py's own request building are
replaced: ``HTTPClient.request`` (REST: messages, threads, reactions,
command sync) and ``AsyncWebhookAdapter.request`` (interaction responses and
follow-ups). Everything above them -- ``message.reply``, ``create_thread``,
``interaction.response.send_message``, the views, the command tree -- is
discord.py's real code. Events come in as gateway payloads through the real
``ConnectionState`` parsers (``parse_guild_create``, ``parse_message_create``,
``parse_interaction_create``, ...).

Responses are realistic JSON in Discord API v10 shape, built from what was
sent, so discord.py can parse them into Message/Thread objects.
"""
from __future__ import annotations

import asyncio
import copy
import itertools
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

import discord
from discord.webhook.async_ import AsyncWebhookAdapter

GUILD_ID = 800000000000000001
CHANNEL_ID = 800000000000000002  # the scenario channel
OTHER_CHANNEL_ID = 800000000000000003
APP_ID = 800000000000000010
BOT_ID = APP_ID
OWNER_ID = 800000000000000020
ALICE_ID = 800000000000000030  # a member who posts scenarios
BOB_ID = 800000000000000031  # another member
ADMIN_ID = 800000000000000032  # has Manage Server through a role
ADMIN_ROLE_ID = 800000000000000040

EPHEMERAL = 1 << 6
DISCORD_EPOCH_MS = 1420070400000


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


BOT_USER = user_payload(BOT_ID, "guidance", bot=True)
USERS = {
    ALICE_ID: user_payload(ALICE_ID, "alice"),
    BOB_ID: user_payload(BOB_ID, "bob"),
    ADMIN_ID: user_payload(ADMIN_ID, "admin"),
    OWNER_ID: user_payload(OWNER_ID, "owner"),
}


def channel_payload(channel_id: int, name: str, *, type: int = 0, parent_id: int | None = None) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": type,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": str(parent_id) if parent_id else None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def member_payload(user_id: int, roles: list[int] | None = None, permissions: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": USERS.get(user_id) or BOT_USER,
        "roles": [str(r) for r in roles or []],
        "joined_at": "2024-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "avatar": None,
        "pending": False,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


EVERYONE_PERMS = discord.Permissions(
    view_channel=True, send_messages=True, read_message_history=True, use_application_commands=True,
    create_public_threads=True, send_messages_in_threads=True, add_reactions=True,
).value
ADMIN_PERMS = discord.Permissions(manage_guild=True).value | EVERYONE_PERMS


def guild_payload() -> dict[str, Any]:
    def role(role_id: int, name: str, perms: int, position: int) -> dict[str, Any]:
        return {
            "id": str(role_id), "name": name, "permissions": str(perms), "position": position,
            "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0,
        }

    return {
        "id": str(GUILD_ID),
        "name": "Ethics Circle",
        "icon": None,
        "owner_id": str(OWNER_ID),
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [role(GUILD_ID, "@everyone", EVERYONE_PERMS, 0), role(ADMIN_ROLE_ID, "Admins", ADMIN_PERMS, 1)],
        "channels": [
            channel_payload(CHANNEL_ID, "scenarios"),
            channel_payload(OTHER_CHANNEL_ID, "general"),
        ],
        "threads": [],
        "members": [member_payload(BOT_ID)],
        "member_count": 4,
        "large": False,
        "unavailable": False,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
    }


@dataclass
class Call:
    """One request discord.py made."""

    method: str
    path: str  # the route template, e.g. /channels/{channel_id}/messages
    url: str
    json: Any = None
    params: dict[str, Any] | None = None
    kind: str = "rest"  # "rest" | "webhook"
    response: Any = None  # what the harness answered

    @property
    def flags(self) -> int:
        body = self.json or {}
        if "data" in body and isinstance(body["data"], dict):  # interaction callback
            body = body["data"]
        return int(body.get("flags", 0) or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def data(self) -> dict[str, Any]:
        """The message part: callback 'data', or the body itself."""
        body = self.json or {}
        if self.path.endswith("/callback"):
            return body.get("data") or {}
        return body

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.data.get("components", []) for c in row.get("components", []) if "custom_id" in c]


class FakeDiscordHTTP:
    """Recorder + responder for discord.py's lowest request layer."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}  # every message that "exists"
        self.channels: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self.fail: Callable[[Call], Exception | None] | None = None

    def next_id(self) -> int:
        import time

        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + next(self._ids)

    # -------------------------------------------------------- installing

    def install(self, client: discord.Client, monkeypatch: Any) -> None:
        client.http.request = self.rest_request  # type: ignore[method-assign]
        fake = self

        async def webhook_request(adapter: Any, route: Any, session: Any = None, **kw: Any) -> Any:
            return await fake.webhook_request(route, **kw)

        monkeypatch.setattr(AsyncWebhookAdapter, "request", webhook_request)

    # -------------------------------------------------------- queries

    def find(self, method: str | None = None, contains: str = "", kind: str | None = None) -> list[Call]:
        return [
            c for c in self.calls
            if (method is None or c.method == method) and contains in c.path and (kind is None or c.kind == kind)
        ]

    def sent_messages(self) -> list[Call]:
        """Messages posted through REST (replies, thread pages, polls)."""
        return [c for c in self.calls if c.kind == "rest" and c.method == "POST" and c.path == "/channels/{channel_id}/messages"]

    def interaction_responses(self) -> list[Call]:
        return [c for c in self.calls if c.kind == "webhook"]

    def clear(self) -> None:
        self.calls.clear()

    # -------------------------------------------------------- message objects

    def message_payload(
        self,
        channel_id: int,
        content: str = "",
        *,
        author: dict[str, Any] | None = None,
        message_id: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(message_id or self.next_id()),
            "channel_id": str(channel_id),
            "author": author or BOT_USER,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        if extra:
            data.update(extra)
        return data

    def _message_from_body(self, channel_id: int, body: dict[str, Any] | None, *, interaction: bool = False) -> dict[str, Any]:
        body = body or {}
        extra: dict[str, Any] = {
            "flags": body.get("flags", 0) or 0,
            "components": copy.deepcopy(body.get("components", [])),
            "embeds": body.get("embeds", []),
        }
        if body.get("message_reference"):
            extra["type"] = 19
            extra["message_reference"] = body["message_reference"]
        if interaction:
            extra["application_id"] = str(BOT_ID)
            extra["webhook_id"] = str(BOT_ID)
        if body.get("poll"):
            poll = body["poll"]
            extra["poll"] = {
                "question": poll["question"],
                "answers": [dict(a, answer_id=i + 1) for i, a in enumerate(poll["answers"])],
                "expiry": _now_iso(),
                "allow_multiselect": poll.get("allow_multiselect", False),
                "layout_type": poll.get("layout_type", 1),
            }
        data = self.message_payload(channel_id, body.get("content") or "", extra=extra)
        self.messages[int(data["id"])] = data
        return data

    # -------------------------------------------------------- REST

    async def rest_request(self, route: Any, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
        call = Call(route.method, route.path, route.url, kwargs.get("json"), kwargs.get("params"), "rest")
        self.calls.append(call)
        await asyncio.sleep(0)
        if self.fail is not None:
            error = self.fail(call)
            if error is not None:
                raise error
        call.response = self._respond_rest(route, call)
        return call.response

    def _ids_from_url(self, url: str, path: str) -> dict[str, str]:
        base = discord.http.Route.BASE
        actual = url[len(base):].split("?")[0].split("/")
        template = path.split("/")
        return {t[1:-1]: a for t, a in zip(template, actual) if t.startswith("{")}

    def _respond_rest(self, route: Any, call: Call) -> Any:
        ids = self._ids_from_url(route.url, route.path)
        m, p = route.method, route.path
        if (m, p) == ("GET", "/users/@me"):
            return BOT_USER
        if (m, p) == ("GET", "/oauth2/applications/@me"):
            return {
                "id": str(APP_ID), "name": "Guidance", "icon": None, "description": "", "rpc_origins": [],
                "bot_public": True, "bot_require_code_grant": False, "owner": USERS[OWNER_ID], "summary": "",
                "verify_key": "0" * 64, "flags": 0, "team": None, "bot": BOT_USER,
            }
        if m == "PUT" and p.endswith("/commands"):
            return [dict(cmd, id=str(self.next_id()), application_id=str(APP_ID), version="1") for cmd in call.json]
        if (m, p) == ("POST", "/channels/{channel_id}/messages"):
            return self._message_from_body(int(ids["channel_id"]), call.json)
        if (m, p) == ("POST", "/channels/{channel_id}/messages/{message_id}/threads"):
            mid = int(ids["message_id"])
            thread = channel_payload(mid, call.json["name"], type=11, parent_id=int(ids["channel_id"]))
            thread.update({
                "owner_id": str(BOT_ID),
                "message_count": 0,
                "member_count": 1,
                "thread_metadata": {
                    "archived": False, "auto_archive_duration": call.json.get("auto_archive_duration") or 1440,
                    "archive_timestamp": _now_iso(), "locked": False,
                },
            })
            self.channels[mid] = thread
            return thread
        if (m, p) == ("GET", "/channels/{channel_id}/messages/{message_id}"):
            data = self.messages.get(int(ids["message_id"]))
            if data is None:
                raise _not_found()
            return data
        if (m, p) == ("GET", "/channels/{channel_id}/messages"):
            cid = ids["channel_id"]
            return [d for d in self.messages.values() if d["channel_id"] == cid][:50]
        if (m, p) == ("DELETE", "/channels/{channel_id}/messages/{message_id}"):
            self.messages.pop(int(ids["message_id"]), None)
            return None
        if (m, p) == ("GET", "/channels/{channel_id}"):
            data = self.channels.get(int(ids["channel_id"]))
            if data is None:
                raise _not_found()
            return data
        if "/reactions/" in p:
            return None
        if (m, p) == ("PATCH", "/channels/{channel_id}/messages/{message_id}"):
            data = self.messages.get(int(ids["message_id"])) or {}
            data.update({k: v for k, v in (call.json or {}).items() if k in ("content", "components", "flags")})
            return data
        raise AssertionError(f"the harness has no answer for {m} {p}")

    # -------------------------------------------------------- interactions (webhook adapter)

    async def webhook_request(self, route: Any, *, payload: Any = None, params: Any = None, **kw: Any) -> Any:
        call = Call(route.method, route.path, route.url, payload, params, "webhook")
        self.calls.append(call)
        await asyncio.sleep(0)
        call.response = self._respond_webhook(route, call, payload)
        return call.response

    def _respond_webhook(self, route: Any, call: Call, payload: Any) -> Any:
        m, p = route.method, route.path
        if p.endswith("/callback"):
            rtype = int(payload["type"])
            interaction_id = route.url.split("/interactions/")[1].split("/")[0]
            resource: dict[str, Any] = {"type": rtype}
            if rtype in (4, 7):  # a message was sent or updated
                data = self._message_from_body(CHANNEL_ID, payload.get("data"), interaction=True)
                resource["message"] = data
            return {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_id": resource.get("message", {}).get("id"),
                    "response_message_loading": rtype == 5,
                    "response_message_ephemeral": bool((payload.get("data") or {}).get("flags", 0) & EPHEMERAL),
                },
                "resource": resource,
            }
        if m == "POST":  # follow-up
            return self._message_from_body(CHANNEL_ID, payload, interaction=True)
        if m == "PATCH":  # edit original / a follow-up
            return self._message_from_body(CHANNEL_ID, payload, interaction=True)
        if m == "GET":
            return self.message_payload(CHANNEL_ID, "")
        if m == "DELETE":
            return None
        raise AssertionError(f"the harness has no webhook answer for {m} {p}")


def _not_found() -> discord.NotFound:
    class _Resp:
        status = 404
        reason = "Not Found"

    return discord.NotFound(_Resp(), {"code": 10008, "message": "Unknown Message"})  # type: ignore[arg-type]


# ------------------------------------------------------------------ event helpers


async def settle(before: set[asyncio.Task[Any]] | None = None, timeout: float = 20.0) -> None:
    """Wait for the tasks discord.py spawned for the last event(s) to finish."""
    current = asyncio.current_task()
    known = set(before or ())
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        pending = {t for t in asyncio.all_tasks() if t is not current and t not in known and not t.done()}
        # long-lived tasks (retention loop waiting for READY, aiosqlite) are not ours to wait for
        pending = {t for t in pending if not _is_background(t)}
        if not pending:
            return
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise AssertionError(f"event handlers still running: {pending}")
        await asyncio.wait(pending, timeout=remaining)


def _is_background(task: asyncio.Task[Any]) -> bool:
    name = task.get_name()
    coro = task.get_coro()
    qual = getattr(coro, "__qualname__", "")
    return "Loop._loop" in qual or name.startswith("discord-ext-tasks") or "retention" in qual


@dataclass
class Harness:
    bot: Any
    http: FakeDiscordHTTP
    errors: list[logging.LogRecord] = field(default_factory=list)

    @property
    def state(self) -> Any:
        return self.bot._connection

    async def dispatch(self, parser: str, payload: dict[str, Any]) -> None:
        before = set(asyncio.all_tasks())
        getattr(self.state, f"parse_{parser}")(payload)
        await settle(before)

    # ---- messages

    def post_payload(self, content: str, *, author_id: int = ALICE_ID, channel_id: int = CHANNEL_ID,
                     bot: bool = False, message_id: int | None = None) -> dict[str, Any]:
        author = dict(USERS.get(author_id) or user_payload(author_id, "someone"), bot=bot)
        data = self.http.message_payload(channel_id, content, author=author, message_id=message_id)
        data["guild_id"] = str(GUILD_ID)
        data["member"] = {k: v for k, v in member_payload(author_id).items() if k != "user"}
        self.http.messages[int(data["id"])] = data  # it exists: fetch_message finds it
        return data

    async def post(self, content: str, **kw: Any) -> dict[str, Any]:
        data = self.post_payload(content, **kw)
        await self.dispatch("message_create", data)
        return data

    async def delete_message(self, message_id: int, channel_id: int = CHANNEL_ID) -> None:
        self.http.messages.pop(message_id, None)
        await self.dispatch("message_delete", {"id": str(message_id), "channel_id": str(channel_id), "guild_id": str(GUILD_ID)})

    # ---- interactions

    def _interaction_base(self, type: int, user_id: int, *, guild: bool = True, roles: list[int] | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.http.next_id()),
            "application_id": str(APP_ID),
            "type": type,
            "token": f"interaction-token-{self.http.next_id()}",
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "app_permissions": str(discord.Permissions.all().value),
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild:
            perms = ADMIN_PERMS if roles and ADMIN_ROLE_ID in roles else EVERYONE_PERMS
            data.update({
                "guild_id": str(GUILD_ID),
                "guild_locale": "en-US",
                "channel_id": str(CHANNEL_ID),
                "channel": channel_payload(CHANNEL_ID, "scenarios"),
                "member": member_payload(user_id, roles, permissions=perms),
                "authorizing_integration_owners": {"0": str(GUILD_ID)},
                "context": 0,
            })
        else:
            data.update({
                "channel_id": str(900000000000000001),
                "channel": {"id": "900000000000000001", "type": 1, "recipients": [USERS[user_id]]},
                "user": USERS[user_id],
                "authorizing_integration_owners": {"0": "0"},
                "context": 1,
            })
        return data

    async def slash(self, name: str, options: list[dict[str, Any]] | None = None, *, user_id: int = ALICE_ID,
                    guild: bool = True, roles: list[int] | None = None, resolved: dict[str, Any] | None = None,
                    type: int = 2) -> dict[str, Any]:
        data = self._interaction_base(type, user_id, guild=guild, roles=roles)
        data["data"] = {"id": str(self.http.next_id()), "name": name, "type": 1, "options": options or []}
        if guild:
            data["data"]["guild_id"] = str(GUILD_ID)
        if resolved:
            data["data"]["resolved"] = resolved
        await self.dispatch("interaction_create", data)
        return data

    async def press(self, message: dict[str, Any], custom_id: str, *, user_id: int = ALICE_ID) -> dict[str, Any]:
        data = self._interaction_base(3, user_id)
        data["message"] = message
        data["data"] = {"custom_id": custom_id, "component_type": 2}
        await self.dispatch("interaction_create", data)
        return data


class ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
