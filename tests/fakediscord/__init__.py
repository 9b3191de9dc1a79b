"""Fake Discord (gateway + REST + CDN) on 127.0.0.1 for end-to-end tests of discord.py bots.

(Full API reference below is filled in at the end.)
"""

from .gateway import GatewayConnection, GatewayFrame, GatewaySession
from .patching import is_pointed_at, point_discord_py_at, run_client
from .rest import ApiError, FaultRule, RecordedRequest
from .server import FakeDiscord, FakeDiscordTimeout, FakeInteraction, InteractionCallback
from .world import RecordedFile, StoredMessage, World

__all__ = [
    "ApiError",
    "FakeDiscord",
    "FakeDiscordTimeout",
    "FakeInteraction",
    "FaultRule",
    "GatewayConnection",
    "GatewayFrame",
    "GatewaySession",
    "InteractionCallback",
    "RecordedFile",
    "RecordedRequest",
    "StoredMessage",
    "World",
    "is_pointed_at",
    "point_discord_py_at",
    "run_client",
]
