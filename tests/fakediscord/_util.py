"""Small shared helpers: snowflakes, timestamps, JSON, Discord constants."""

from __future__ import annotations

import datetime as _dt
import json
import secrets
import time
from typing import Any, Dict, Iterable, Optional, Union

DISCORD_EPOCH_MS = 1420070400000

# --------------------------------------------------------------------------- intents
# https://discord.com/developers/docs/events/gateway#gateway-intents
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1  # privileged
INTENT_GUILD_MODERATION = 1 << 2
INTENT_GUILD_EXPRESSIONS = 1 << 3
INTENT_GUILD_INTEGRATIONS = 1 << 4
INTENT_GUILD_WEBHOOKS = 1 << 5
INTENT_GUILD_INVITES = 1 << 6
INTENT_GUILD_VOICE_STATES = 1 << 7
INTENT_GUILD_PRESENCES = 1 << 8  # privileged
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_GUILD_MESSAGE_TYPING = 1 << 11
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_DIRECT_MESSAGE_REACTIONS = 1 << 13
INTENT_DIRECT_MESSAGE_TYPING = 1 << 14
INTENT_MESSAGE_CONTENT = 1 << 15  # privileged
INTENT_GUILD_SCHEDULED_EVENTS = 1 << 16
INTENT_AUTO_MODERATION_CONFIGURATION = 1 << 20
INTENT_AUTO_MODERATION_EXECUTION = 1 << 21
INTENT_GUILD_MESSAGE_POLLS = 1 << 24
INTENT_DIRECT_MESSAGE_POLLS = 1 << 25
ALL_INTENTS = (1 << 26) - 1

PRIVILEGED_INTENTS = {
    "members": INTENT_GUILD_MEMBERS,
    "presences": INTENT_GUILD_PRESENCES,
    "message_content": INTENT_MESSAGE_CONTENT,
}

# Which intent a dispatch needs.  ``(guild_intent, dm_intent)``; ``None`` means
# "always sent".  Events not listed are always sent.
EVENT_INTENTS: Dict[str, tuple] = {
    "GUILD_CREATE": (INTENT_GUILDS, None),
    "GUILD_UPDATE": (INTENT_GUILDS, None),
    "GUILD_DELETE": (INTENT_GUILDS, None),
    "GUILD_ROLE_CREATE": (INTENT_GUILDS, None),
    "GUILD_ROLE_UPDATE": (INTENT_GUILDS, None),
    "GUILD_ROLE_DELETE": (INTENT_GUILDS, None),
    "CHANNEL_CREATE": (INTENT_GUILDS, None),
    "CHANNEL_UPDATE": (INTENT_GUILDS, None),
    "CHANNEL_DELETE": (INTENT_GUILDS, None),
    "CHANNEL_PINS_UPDATE": (INTENT_GUILDS, INTENT_DIRECT_MESSAGES),
    "THREAD_CREATE": (INTENT_GUILDS, None),
    "THREAD_UPDATE": (INTENT_GUILDS, None),
    "THREAD_DELETE": (INTENT_GUILDS, None),
    "THREAD_LIST_SYNC": (INTENT_GUILDS, None),
    "THREAD_MEMBER_UPDATE": (INTENT_GUILDS, None),
    "STAGE_INSTANCE_CREATE": (INTENT_GUILDS, None),
    "GUILD_MEMBER_ADD": (INTENT_GUILD_MEMBERS, None),
    "GUILD_MEMBER_UPDATE": (INTENT_GUILD_MEMBERS, None),
    "GUILD_MEMBER_REMOVE": (INTENT_GUILD_MEMBERS, None),
    "THREAD_MEMBERS_UPDATE": (INTENT_GUILD_MEMBERS, None),
    "GUILD_BAN_ADD": (INTENT_GUILD_MODERATION, None),
    "GUILD_BAN_REMOVE": (INTENT_GUILD_MODERATION, None),
    "PRESENCE_UPDATE": (INTENT_GUILD_PRESENCES, None),
    "VOICE_STATE_UPDATE": (INTENT_GUILD_VOICE_STATES, None),
    "MESSAGE_CREATE": (INTENT_GUILD_MESSAGES, INTENT_DIRECT_MESSAGES),
    "MESSAGE_UPDATE": (INTENT_GUILD_MESSAGES, INTENT_DIRECT_MESSAGES),
    "MESSAGE_DELETE": (INTENT_GUILD_MESSAGES, INTENT_DIRECT_MESSAGES),
    "MESSAGE_DELETE_BULK": (INTENT_GUILD_MESSAGES, None),
    "MESSAGE_REACTION_ADD": (INTENT_GUILD_MESSAGE_REACTIONS, INTENT_DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE": (INTENT_GUILD_MESSAGE_REACTIONS, INTENT_DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE_ALL": (INTENT_GUILD_MESSAGE_REACTIONS, INTENT_DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE_EMOJI": (INTENT_GUILD_MESSAGE_REACTIONS, INTENT_DIRECT_MESSAGE_REACTIONS),
    "TYPING_START": (INTENT_GUILD_MESSAGE_TYPING, INTENT_DIRECT_MESSAGE_TYPING),
    "MESSAGE_POLL_VOTE_ADD": (INTENT_GUILD_MESSAGE_POLLS, INTENT_DIRECT_MESSAGE_POLLS),
    "MESSAGE_POLL_VOTE_REMOVE": (INTENT_GUILD_MESSAGE_POLLS, INTENT_DIRECT_MESSAGE_POLLS),
}

# --------------------------------------------------------------------------- permissions
P_CREATE_INSTANT_INVITE = 1 << 0
P_KICK_MEMBERS = 1 << 1
P_BAN_MEMBERS = 1 << 2
P_ADMINISTRATOR = 1 << 3
P_MANAGE_CHANNELS = 1 << 4
P_MANAGE_GUILD = 1 << 5
P_ADD_REACTIONS = 1 << 6
P_VIEW_CHANNEL = 1 << 10
P_SEND_MESSAGES = 1 << 11
P_MANAGE_MESSAGES = 1 << 13
P_EMBED_LINKS = 1 << 14
P_ATTACH_FILES = 1 << 15
P_READ_MESSAGE_HISTORY = 1 << 16
P_MENTION_EVERYONE = 1 << 17
P_USE_EXTERNAL_EMOJIS = 1 << 18
P_CONNECT = 1 << 20
P_SPEAK = 1 << 21
P_CHANGE_NICKNAME = 1 << 26
P_MANAGE_ROLES = 1 << 28
P_USE_APPLICATION_COMMANDS = 1 << 31
P_MANAGE_THREADS = 1 << 34
P_CREATE_PUBLIC_THREADS = 1 << 35
P_CREATE_PRIVATE_THREADS = 1 << 36
P_SEND_MESSAGES_IN_THREADS = 1 << 38
P_MODERATE_MEMBERS = 1 << 40
P_ALL = (1 << 51) - 1

EVERYONE_PERMISSIONS = (
    P_CREATE_INSTANT_INVITE
    | P_ADD_REACTIONS
    | P_VIEW_CHANNEL
    | P_SEND_MESSAGES
    | P_EMBED_LINKS
    | P_ATTACH_FILES
    | P_READ_MESSAGE_HISTORY
    | P_USE_EXTERNAL_EMOJIS
    | P_CONNECT
    | P_SPEAK
    | P_CHANGE_NICKNAME
    | P_USE_APPLICATION_COMMANDS
    | P_CREATE_PUBLIC_THREADS
    | P_CREATE_PRIVATE_THREADS
    | P_SEND_MESSAGES_IN_THREADS
)
BOT_ROLE_PERMISSIONS = EVERYONE_PERMISSIONS | P_MANAGE_MESSAGES | P_MANAGE_THREADS
MODERATOR_PERMISSIONS = (
    EVERYONE_PERMISSIONS | P_MANAGE_MESSAGES | P_MANAGE_THREADS | P_KICK_MEMBERS | P_MODERATE_MEMBERS | P_MENTION_EVERYONE
)

# --------------------------------------------------------------------------- channel types
CH_GUILD_TEXT = 0
CH_DM = 1
CH_GUILD_VOICE = 2
CH_GROUP_DM = 3
CH_GUILD_CATEGORY = 4
CH_GUILD_ANNOUNCEMENT = 5
CH_ANNOUNCEMENT_THREAD = 10
CH_PUBLIC_THREAD = 11
CH_PRIVATE_THREAD = 12
CH_GUILD_STAGE_VOICE = 13
CH_GUILD_FORUM = 15
CH_GUILD_MEDIA = 16
THREAD_TYPES = (CH_ANNOUNCEMENT_THREAD, CH_PUBLIC_THREAD, CH_PRIVATE_THREAD)
MESSAGEABLE_TYPES = (
    CH_GUILD_TEXT,
    CH_DM,
    CH_GUILD_VOICE,
    CH_GROUP_DM,
    CH_GUILD_ANNOUNCEMENT,
    CH_ANNOUNCEMENT_THREAD,
    CH_PUBLIC_THREAD,
    CH_PRIVATE_THREAD,
    CH_GUILD_STAGE_VOICE,
)

# message flags
MF_SUPPRESS_EMBEDS = 1 << 2
MF_HAS_THREAD = 1 << 5
MF_EPHEMERAL = 1 << 6
MF_LOADING = 1 << 7
MF_SUPPRESS_NOTIFICATIONS = 1 << 12
MF_IS_COMPONENTS_V2 = 1 << 15

# interaction types / callback types
IT_PING = 1
IT_APPLICATION_COMMAND = 2
IT_MESSAGE_COMPONENT = 3
IT_AUTOCOMPLETE = 4
IT_MODAL_SUBMIT = 5

CB_PONG = 1
CB_CHANNEL_MESSAGE = 4
CB_DEFERRED_CHANNEL_MESSAGE = 5
CB_DEFERRED_UPDATE_MESSAGE = 6
CB_UPDATE_MESSAGE = 7
CB_AUTOCOMPLETE_RESULT = 8
CB_MODAL = 9
CB_PREMIUM_REQUIRED = 10
CB_LAUNCH_ACTIVITY = 12


class SnowflakeGenerator:
    """Produces realistic, strictly increasing Discord snowflakes."""

    def __init__(self, worker: int = 1, process: int = 0) -> None:
        self._worker = worker & 0x1F
        self._process = process & 0x1F
        self._increment = 0
        self._last_ms = 0

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        if ms < self._last_ms:
            ms = self._last_ms
        self._increment = (self._increment + 1) & 0xFFF
        if self._increment == 0:
            ms += 1
        if ms > self._last_ms:
            self._last_ms = ms
        return (self._last_ms << 22) | (self._worker << 17) | (self._process << 12) | self._increment


def snowflake_time(snowflake: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(((int(snowflake) >> 22) + DISCORD_EPOCH_MS) / 1000, tz=_dt.timezone.utc)


def iso(ts: Optional[_dt.datetime] = None) -> str:
    """Discord style ISO8601 timestamp, e.g. ``2024-05-01T12:00:00.123000+00:00``."""
    ts = ts or _dt.datetime.now(_dt.timezone.utc)
    return ts.isoformat(timespec="microseconds")


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def sid(value: Union[int, str, None]) -> Optional[str]:
    """Snowflake -> str (Discord sends snowflakes as strings)."""
    return None if value is None else str(int(value))


def random_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def to_int_ids(values: Optional[Iterable[Any]]) -> list:
    return [int(v) for v in (values or [])]


def id_of(obj: Any) -> int:
    """Accept an int, a numeric str, a payload dict with 'id', or an object with ``.id``."""
    if isinstance(obj, bool):
        raise TypeError("bool is not an id")
    if isinstance(obj, int):
        return obj
    if isinstance(obj, str):
        return int(obj)
    if isinstance(obj, dict):
        return int(obj["id"])
    if hasattr(obj, "id"):
        return int(obj.id)
    raise TypeError(f"cannot get an id from {obj!r}")
