"""In-memory Discord "world": users, guilds, roles, members, channels, threads, messages.

Everything is stored as Discord API v10 shaped dicts (snowflakes as strings) so the same
objects can be sent over the gateway and the REST API.  Builders here never touch the
network; :class:`tests.fakediscord.FakeDiscord` owns a ``World`` as ``fake.world``.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import re
from typing import Any, Dict, List, Optional, Union

from ._util import (
    BOT_ROLE_PERMISSIONS,
    CH_DM,
    CH_GUILD_CATEGORY,
    CH_GUILD_FORUM,
    CH_GUILD_TEXT,
    CH_GUILD_VOICE,
    CH_PRIVATE_THREAD,
    CH_PUBLIC_THREAD,
    EVERYONE_PERMISSIONS,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_PRESENCES,
    MODERATOR_PERMISSIONS,
    P_ADMINISTRATOR,
    P_ALL,
    THREAD_TYPES,
    SnowflakeGenerator,
    id_of,
    iso,
    sid,
)

UserLike = Union[int, str, Dict[str, Any]]


@dataclasses.dataclass
class StoredMessage:
    """A message that exists in the fake world (sent by the bot or built by a test).

    ``payload`` is the REST-shaped message object (what ``GET /channels/{c}/messages/{m}``
    returns).  Extra bookkeeping is kept outside the payload.
    """

    id: int
    channel_id: int
    guild_id: Optional[int]
    payload: Dict[str, Any]
    source: str  # "rest" | "interaction_response" | "followup" | "test"
    allowed_mentions: Optional[Dict[str, Any]] = None
    files: List["RecordedFile"] = dataclasses.field(default_factory=list)
    interaction_id: Optional[int] = None
    deleted: bool = False
    edits: List[Dict[str, Any]] = dataclasses.field(default_factory=list)
    request: Any = None  # RecordedRequest that created it, if any
    pinned_at: Optional[str] = None
    reactors: Dict[str, List[int]] = dataclasses.field(default_factory=dict)  # emoji key -> user ids
    reaction_emojis: Dict[str, Dict[str, Any]] = dataclasses.field(default_factory=dict)

    # convenience accessors -------------------------------------------------
    @property
    def content(self) -> str:
        return self.payload.get("content", "")

    @property
    def flags(self) -> int:
        return int(self.payload.get("flags", 0))

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & (1 << 6))

    @property
    def embeds(self) -> List[Dict[str, Any]]:
        return self.payload.get("embeds", [])

    @property
    def components(self) -> List[Dict[str, Any]]:
        return self.payload.get("components", [])

    @property
    def attachments(self) -> List[Dict[str, Any]]:
        return self.payload.get("attachments", [])

    @property
    def author_id(self) -> int:
        return int(self.payload["author"]["id"])

    @property
    def reference(self) -> Optional[Dict[str, Any]]:
        return self.payload.get("message_reference")

    @property
    def pinned(self) -> bool:
        return bool(self.payload.get("pinned"))

    @property
    def poll(self) -> Optional[Dict[str, Any]]:
        return self.payload.get("poll")


@dataclasses.dataclass
class RecordedFile:
    field: str  # multipart field name, e.g. "files[0]"
    filename: Optional[str]
    content_type: Optional[str]
    data: bytes


class World:
    """Mutable in-memory state.  All ids are ints internally; payloads use str ids."""

    def __init__(self, *, bot_name: str = "FakeBot", application_id: Optional[int] = None) -> None:
        self.new_id = SnowflakeGenerator()
        self.users: Dict[int, Dict[str, Any]] = {}
        self.guilds: Dict[int, Dict[str, Any]] = {}  # guild-level fields only
        self.roles: Dict[int, Dict[int, Dict[str, Any]]] = {}  # guild_id -> role_id -> role
        self.members: Dict[int, Dict[int, Dict[str, Any]]] = {}  # guild_id -> user_id -> member (with user)
        self.channels: Dict[int, Dict[str, Any]] = {}  # all channels incl. threads & DMs (with guild_id)
        self.messages: Dict[int, StoredMessage] = {}
        self.thread_members: Dict[int, Dict[int, Dict[str, Any]]] = {}  # thread_id -> user_id -> thread member
        self.presences: Dict[int, Dict[int, Dict[str, Any]]] = {}
        self.cdn_files: Dict[str, tuple] = {}  # path -> (content_type, bytes)
        self.cdn_base = "http://127.0.0.1:0/cdn"  # rewritten by FakeDiscord once the port is known

        self.bot_user = self.add_user(bot_name, bot=True, verified=True)
        self.bot_id = int(self.bot_user["id"])
        self.application_id = application_id if application_id is not None else self.bot_id
        self.application_flags = (1 << 19) | (1 << 23)  # GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE
        self.application_owner = self.add_user("app-owner")

    # ------------------------------------------------------------------ users
    def add_user(
        self,
        username: str,
        *,
        bot: bool = False,
        global_name: Optional[str] = None,
        user_id: Optional[int] = None,
        verified: Optional[bool] = None,
    ) -> Dict[str, Any]:
        uid = user_id or self.new_id()
        user: Dict[str, Any] = {
            "id": sid(uid),
            "username": username,
            "discriminator": "0",
            "global_name": global_name if global_name is not None else (None if bot else username.title()),
            "avatar": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "display_name_styles": None,
            "primary_guild": None,
            "clan": None,
            "public_flags": 0,
        }
        if bot:
            user["bot"] = True
        if verified is not None:
            user["verified"] = verified
        self.users[uid] = user
        return user

    def user(self, who: UserLike) -> Dict[str, Any]:
        """Look up a user by id, username or payload."""
        if isinstance(who, dict):
            return self.users[int(who["id"])]
        if isinstance(who, str) and not who.isdigit():
            for u in self.users.values():
                if u["username"] == who:
                    return u
            raise KeyError(f"no fake user named {who!r}")
        return self.users[id_of(who)]

    def bot_user_full(self) -> Dict[str, Any]:
        """The bot as returned by GET /users/@me and in READY."""
        u = copy.deepcopy(self.bot_user)
        u.update({"bot": True, "verified": True, "mfa_enabled": False, "email": None, "flags": 0, "locale": "en-US",
                  "premium_type": 0, "banner": None, "accent_color": None, "bio": ""})
        return u

    # ------------------------------------------------------------------ guilds
    def add_guild(self, name: str, *, owner: UserLike, guild_id: Optional[int] = None,
                  features: Optional[List[str]] = None) -> Dict[str, Any]:
        gid = guild_id or self.new_id()
        owner_id = id_of(self.user(owner))
        guild = {
            "id": sid(gid),
            "name": name,
            "icon": None,
            "icon_hash": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": sid(owner_id),
            "application_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "widget_channel_id": None,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "features": list(features or []),
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_presences": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw": False,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "incidents_data": None,
            "hub_type": None,
            "latest_onboarding_question_id": None,
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": iso(),
            "lazy": True,
            "large": False,
            "unavailable": False,
            "region": "deprecated",
            "home_header": None,
            "version": 1,
            "application_command_counts": {},
            "embedded_activities": [],
            "activity_instances": [],
        }
        self.guilds[gid] = guild
        self.roles[gid] = {}
        self.members[gid] = {}
        self.presences[gid] = {}
        # @everyone role shares the guild id
        self.add_role(gid, "@everyone", permissions=EVERYONE_PERMISSIONS, role_id=gid, position=0)
        self.add_member(gid, owner_id)
        return guild

    def add_role(self, guild_id: int, name: str, *, permissions: int = 0, role_id: Optional[int] = None,
                 color: int = 0, hoist: bool = False, mentionable: bool = False, managed: bool = False,
                 position: Optional[int] = None, tags: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        guild_id = int(guild_id)
        rid = role_id or self.new_id()
        if position is None:
            position = len(self.roles[guild_id])
        role = {
            "id": sid(rid),
            "name": name,
            "description": None,
            "permissions": str(permissions),
            "position": position,
            "color": color,
            "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
            "hoist": hoist,
            "managed": managed,
            "mentionable": mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if tags is not None:
            role["tags"] = tags
        self.roles[guild_id][rid] = role
        return role

    def add_member(self, guild_id: int, who: UserLike, *, roles: Optional[List[Any]] = None,
                   nick: Optional[str] = None) -> Dict[str, Any]:
        guild_id = int(guild_id)
        user = self.user(who)
        member = {
            "user": user,
            "nick": nick,
            "avatar": None,
            "banner": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "display_name_styles": None,
            "roles": [sid(id_of(r)) for r in (roles or [])],
            "joined_at": iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "unusual_dm_activity_until": None,
        }
        self.members[guild_id][int(user["id"])] = member
        self.presences.setdefault(guild_id, {})[int(user["id"])] = {
            "user": {"id": user["id"]},
            "status": "online",
            "client_status": {"desktop": "online"},
            "activities": [],
            "broadcast": None,
        }
        return member

    def member(self, guild_id: int, who: UserLike) -> Dict[str, Any]:
        return self.members[int(guild_id)][id_of(self.user(who))]

    def member_partial(self, guild_id: int, who: UserLike) -> Dict[str, Any]:
        """Member object without the nested user (as in MESSAGE_CREATE.member)."""
        m = copy.deepcopy(self.member(guild_id, who))
        m.pop("user", None)
        return m

    def member_permissions(self, guild_id: int, who: UserLike) -> int:
        guild_id = int(guild_id)
        uid = id_of(self.user(who))
        if int(self.guilds[guild_id]["owner_id"]) == uid:
            return P_ALL
        member = self.members[guild_id].get(uid)
        roles = self.roles[guild_id]
        perms = int(roles[guild_id]["permissions"])
        if member is not None:
            for rid in member["roles"]:
                role = roles.get(int(rid))
                if role is not None:
                    perms |= int(role["permissions"])
        if perms & P_ADMINISTRATOR:
            return P_ALL
        return perms

    # ------------------------------------------------------------------ channels
    def add_channel(self, guild_id: int, name: str, *, type: int = CH_GUILD_TEXT, parent_id: Optional[int] = None,
                    topic: Optional[str] = None, channel_id: Optional[int] = None, nsfw: bool = False,
                    position: Optional[int] = None) -> Dict[str, Any]:
        guild_id = int(guild_id)
        cid = channel_id or self.new_id()
        if position is None:
            position = sum(1 for c in self.channels.values()
                           if c.get("guild_id") == sid(guild_id) and c["type"] not in THREAD_TYPES)
        ch: Dict[str, Any] = {
            "id": sid(cid),
            "type": type,
            "guild_id": sid(guild_id),
            "name": name,
            "position": position,
            "permission_overwrites": [],
            "parent_id": sid(parent_id),
            "flags": 0,
        }
        if type == CH_GUILD_CATEGORY:
            pass
        elif type == CH_GUILD_VOICE:
            ch.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None, "nsfw": nsfw,
                       "rate_limit_per_user": 0, "last_message_id": None, "video_quality_mode": 1,
                       "voice_background_display": None, "status": None})
        elif type == CH_GUILD_FORUM:
            ch.update({"topic": topic, "nsfw": nsfw, "rate_limit_per_user": 0, "last_message_id": None,
                       "available_tags": [], "default_reaction_emoji": None, "default_sort_order": None,
                       "default_forum_layout": 0, "default_thread_rate_limit_per_user": 0,
                       "default_auto_archive_duration": 4320, "template": ""})
        else:
            ch.update({"topic": topic, "nsfw": nsfw, "rate_limit_per_user": 0, "last_message_id": None,
                       "last_pin_timestamp": None, "default_thread_rate_limit_per_user": 0,
                       "default_auto_archive_duration": 1440, "icon_emoji": None, "theme_color": None})
        self.channels[cid] = ch
        return ch

    def add_thread(self, parent_id: int, name: str, *, owner: UserLike = None, type: int = CH_PUBLIC_THREAD,
                   thread_id: Optional[int] = None, auto_archive_duration: int = 1440,
                   rate_limit_per_user: Optional[int] = 0, invitable: bool = True,
                   applied_tags: Optional[List[Any]] = None, join: bool = True) -> Dict[str, Any]:
        parent = self.channels[int(parent_id)]
        owner_id = id_of(self.user(owner)) if owner is not None else self.bot_id
        tid = thread_id or self.new_id()
        now = iso()
        meta: Dict[str, Any] = {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": now,
            "locked": False,
            "create_timestamp": now,
        }
        if type == CH_PRIVATE_THREAD:
            meta["invitable"] = invitable
        thread: Dict[str, Any] = {
            "id": sid(tid),
            "type": type,
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": sid(owner_id),
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": rate_limit_per_user or 0,
            "flags": 0,
            "message_count": 0,
            "total_message_sent": 0,
            "member_count": 0,
            "thread_metadata": meta,
        }
        if applied_tags is not None:
            thread["applied_tags"] = [sid(id_of(t)) for t in applied_tags]
        self.channels[tid] = thread
        self.thread_members[tid] = {}
        if join:
            self.join_thread(tid, owner_id)
        return thread

    def join_thread(self, thread_id: int, who: UserLike) -> Dict[str, Any]:
        uid = id_of(self.user(who))
        tm = {"id": sid(thread_id), "user_id": sid(uid), "join_timestamp": iso(), "flags": 1 if uid == self.bot_id else 0}
        self.thread_members.setdefault(int(thread_id), {})[uid] = tm
        self.channels[int(thread_id)]["member_count"] = min(50, len(self.thread_members[int(thread_id)]))
        return tm

    def leave_thread(self, thread_id: int, who: UserLike) -> None:
        uid = id_of(self.user(who))
        self.thread_members.get(int(thread_id), {}).pop(uid, None)
        self.channels[int(thread_id)]["member_count"] = len(self.thread_members.get(int(thread_id), {}))

    def thread_payload(self, thread_id: int, *, with_member: bool = True) -> Dict[str, Any]:
        t = copy.deepcopy(self.channels[int(thread_id)])
        tm = self.thread_members.get(int(thread_id), {}).get(self.bot_id)
        if with_member and tm is not None:
            t["member"] = copy.deepcopy(tm)
        return t

    def get_or_create_dm(self, who: UserLike) -> Dict[str, Any]:
        user = self.user(who)
        for ch in self.channels.values():
            if ch["type"] == CH_DM and ch["recipients"][0]["id"] == user["id"]:
                return ch
        cid = self.new_id()
        ch = {"id": sid(cid), "type": CH_DM, "last_message_id": None, "flags": 0,
              "recipients": [copy.deepcopy(user)], "recipient_flags": 0}
        self.channels[cid] = ch
        return ch

    def channel(self, channel_id: Any) -> Dict[str, Any]:
        return self.channels[id_of(channel_id)]

    def channel_guild_id(self, channel_id: Any) -> Optional[int]:
        gid = self.channels[id_of(channel_id)].get("guild_id")
        return int(gid) if gid else None

    def channel_by_name(self, name: str, guild_id: Optional[int] = None) -> Dict[str, Any]:
        for ch in self.channels.values():
            if ch.get("name") == name and (guild_id is None or ch.get("guild_id") == sid(guild_id)):
                return ch
        raise KeyError(f"no fake channel named {name!r}")

    def partial_channel(self, channel_id: Any, *, for_user: Optional[UserLike] = None) -> Dict[str, Any]:
        """Partial channel object as included in INTERACTION_CREATE (v10 ``channel`` field)."""
        ch = copy.deepcopy(self.channel(channel_id))
        ch.pop("permission_overwrites", None)
        gid = ch.get("guild_id")
        if gid is not None and for_user is not None:
            ch["permissions"] = str(self.member_permissions(int(gid), for_user))
        elif for_user is not None:
            ch["permissions"] = str(P_ALL)
        return ch

    # ------------------------------------------------------------------ GUILD_CREATE
    def guild_create_payload(self, guild_id: int, *, intents: int) -> Dict[str, Any]:
        guild_id = int(guild_id)
        g = copy.deepcopy(self.guilds[guild_id])
        g["roles"] = [copy.deepcopy(r) for r in sorted(self.roles[guild_id].values(), key=lambda r: r["position"])]
        members = self.members[guild_id]
        g["member_count"] = len(members)
        g["large"] = len(members) > 250
        if intents & INTENT_GUILD_MEMBERS:
            g["members"] = [copy.deepcopy(m) for m in members.values()]
        else:
            # Without GUILD_MEMBERS Discord only sends the bot itself (and voice members).
            g["members"] = [copy.deepcopy(m) for uid, m in members.items() if uid == self.bot_id]
        if intents & INTENT_GUILD_PRESENCES:
            g["presences"] = [copy.deepcopy(p) for p in self.presences.get(guild_id, {}).values()]
        else:
            g["presences"] = []
        channels, threads = [], []
        for ch in self.channels.values():
            if ch.get("guild_id") != sid(guild_id):
                continue
            if ch["type"] in THREAD_TYPES:
                if not ch["thread_metadata"].get("archived"):
                    threads.append(self.thread_payload(int(ch["id"])))
            else:
                c = copy.deepcopy(ch)
                c.pop("guild_id", None)  # GUILD_CREATE channels carry no guild_id
                channels.append(c)
        g["channels"] = channels
        g["threads"] = threads
        g["voice_states"] = []
        g["stage_instances"] = []
        g["guild_scheduled_events"] = []
        return g

    # ------------------------------------------------------------------ messages
    _USER_MENTION = re.compile(r"<@!?(\d+)>")
    _ROLE_MENTION = re.compile(r"<@&(\d+)>")

    def user_mentions_in(self, content: str) -> List[int]:
        seen: List[int] = []
        for m in self._USER_MENTION.finditer(content or ""):
            uid = int(m.group(1))
            if uid in self.users and uid not in seen:
                seen.append(uid)
        return seen

    def role_mentions_in(self, content: str, guild_id: Optional[int]) -> List[int]:
        if guild_id is None:
            return []
        seen: List[int] = []
        for m in self._ROLE_MENTION.finditer(content or ""):
            rid = int(m.group(1))
            if rid in self.roles.get(int(guild_id), {}) and rid not in seen:
                seen.append(rid)
        return seen

    def mention_user_payload(self, uid: int, guild_id: Optional[int], *, with_member: bool) -> Dict[str, Any]:
        u = copy.deepcopy(self.users[uid])
        if with_member and guild_id is not None and uid in self.members.get(int(guild_id), {}):
            u["member"] = self.member_partial(guild_id, uid)
        return u

    def gateway_message(self, stored: StoredMessage) -> Dict[str, Any]:
        """REST message payload -> MESSAGE_CREATE/MESSAGE_UPDATE payload (adds guild_id, member)."""
        d = copy.deepcopy(stored.payload)
        if stored.guild_id is not None:
            d["guild_id"] = sid(stored.guild_id)
            author_id = int(d["author"]["id"])
            if author_id in self.members.get(stored.guild_id, {}) and not d.get("webhook_id"):
                d["member"] = self.member_partial(stored.guild_id, author_id)
            d["mentions"] = [self.mention_user_payload(int(u["id"]), stored.guild_id, with_member=True)
                             for u in d.get("mentions", [])]
        return d

    def store_message(self, stored: StoredMessage) -> StoredMessage:
        self.messages[stored.id] = stored
        ch = self.channels.get(stored.channel_id)
        if ch is not None:
            ch["last_message_id"] = sid(stored.id)
            if ch["type"] in THREAD_TYPES:
                ch["message_count"] = ch.get("message_count", 0) + 1
                ch["total_message_sent"] = ch.get("total_message_sent", 0) + 1
        return stored

    def messages_in(self, channel_id: int, *, include_deleted: bool = False) -> List[StoredMessage]:
        out = [m for m in self.messages.values() if m.channel_id == int(channel_id) and (include_deleted or not m.deleted)]
        out.sort(key=lambda m: m.id)
        return out

    def attachment_payload(self, channel_id: int, filename: str, data: bytes,
                           content_type: Optional[str] = None, description: Optional[str] = None,
                           attachment_id: Optional[int] = None) -> Dict[str, Any]:
        aid = attachment_id or self.new_id()
        path = f"/attachments/{int(channel_id)}/{aid}/{filename}"
        ctype = content_type or _guess_type(filename)
        self.cdn_files[path] = (ctype, bytes(data))
        url = f"{self.cdn_base}{path}"
        att: Dict[str, Any] = {
            "id": sid(aid),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": ctype,
            "title": filename.rsplit(".", 1)[0],
        }
        if description:
            att["description"] = description
        return att


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def build_default_world(world: World) -> Dict[str, Any]:
    """One guild with a category, two text channels, a voice channel, roles and three members."""
    alice = world.add_user("alice")
    bob = world.add_user("bob")
    guild = world.add_guild("Fake Guild", owner=alice)
    gid = int(guild["id"])
    moderator = world.add_role(gid, "Moderator", permissions=MODERATOR_PERMISSIONS, color=0x3498DB, hoist=True,
                               mentionable=True)
    bot_role = world.add_role(gid, world.bot_user["username"], permissions=BOT_ROLE_PERMISSIONS, managed=True,
                              tags={"bot_id": world.bot_user["id"]})
    world.members[gid][int(alice["id"])]["roles"] = [moderator["id"]]
    world.add_member(gid, bob)
    world.add_member(gid, world.bot_user, roles=[bot_role["id"]])
    category = world.add_channel(gid, "Text Channels", type=CH_GUILD_CATEGORY)
    general = world.add_channel(gid, "general", parent_id=int(category["id"]), topic="General chat")
    random_ = world.add_channel(gid, "random", parent_id=int(category["id"]))
    voice = world.add_channel(gid, "Voice", type=CH_GUILD_VOICE)
    world.guilds[gid]["system_channel_id"] = general["id"]
    return {
        "guild": guild,
        "alice": alice,
        "bob": bob,
        "moderator_role": moderator,
        "bot_role": bot_role,
        "category": category,
        "general": general,
        "random": random_,
        "voice": voice,
    }


def now_utc() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)
