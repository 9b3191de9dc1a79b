r"""Fake Discord (gateway + REST + CDN) on 127.0.0.1 for end-to-end tests of discord.py 2.7 bots.

The REAL discord.py client code talks to it over loopback: websocket gateway (API v10, JSON,
zlib-stream), REST API, interaction callbacks / webhook follow-ups and a tiny CDN.

Quick start::

    import discord
    from tests.fakediscord import FakeDiscord, point_discord_py_at, run_client

    async def test_bot_replies():
        async with FakeDiscord() as fake, point_discord_py_at(fake):
            client = MyBot(intents=..., guild_ready_timeout=0.05)   # 0.05: on_ready fires fast
            async with run_client(client, fake):                     # start, wait READY, close cleanly
                await fake.dispatch_message("hello", author=fake.alice)   # -> on_message
                reply = await fake.wait_for_message(fake.channel_id)
                assert reply.allowed_mentions == {"parse": []}
            fake.assert_no_unexpected_requests()

Pointing discord.py at the fake (``point_discord_py_at``, the ONLY patch; sync or async ``with``)
    ``discord.http.Route.BASE`` -> ``fake.api_base`` (covers REST, interaction callbacks and
    webhook follow-ups, which also build ``Route`` objects); ``DiscordWebSocket.DEFAULT_GATEWAY``
    -> ``fake.gateway_url`` (discord.Client never calls GET /gateway/bot; AutoSharded clients do
    and get the same URL); ``discord.asset.Asset.BASE`` -> ``fake.cdn_base``.

``run_client(client, fake, *, token=None, ready_timeout=10, close_timeout=5,
raise_client_errors=True, skip_identify_delay=True)`` (async context manager)
    Runs ``client.start(fake.token)`` in a task, waits for ``client.is_ready()``, and on exit
    closes the client and awaits the task (re-raising a crash of ``client.start``).  Refuses to
    run unless discord.py is pointed at ``fake``.  Replaces discord.py's default 5 s
    ``before_identify_hook`` sleep (non-initial IDENTIFYs) with a no-op.  FakeDiscord.stop()
    also closes any client still open.

``FakeDiscord(*, token="fake-bot-token.XXXXXX.fake", bot_name="FakeBot", application_id=None
(= bot id), heartbeat_interval_ms=41250, gateway_compression=True, privileged_intents=("members",
"presences", "message_content"), default_world=True, emit_events=True,
interaction_response_timeout=3.0, strict=False)`` - ``async with`` starts it on an ephemeral
127.0.0.1 port (``fake.start()/stop()`` also available).  ``strict=True`` asserts on exit that no
unknown route was called.

Default world (``default_world=True``)
    ``fake.guild_id`` "Fake Guild" (owner alice); ``fake.channel_id`` #general and
    ``fake.other_channel_id`` #random (text, in a category) plus a voice channel; roles
    @everyone / Moderator (alice) / FakeBot (managed bot role); users ``fake.alice``, ``fake.bob``
    (payload dicts), ``fake.bot_user``, ``fake.bot_id``, ``fake.application_id``;
    ``fake.defaults`` has all objects.  ``fake.world`` (World) holds every user, guild, role,
    member, channel, thread and message as API-v10 dicts.  Add more before connecting with
    ``fake.add_user(name, bot=False, roles=())`` (joins the default guild),
    ``fake.add_text_channel(name, topic=None)``, ``fake.add_thread(parent_id, name, private=False)``,
    ``fake.dm_channel(user)``, or the lower-level ``fake.world.add_guild/add_role/add_member/
    add_channel``.  "user" arguments accept a user dict, an id, or a username.

Gateway controls (all async, all bounded by ``timeout=5``)
    ``dispatch(event, payload, *, force=False) -> seq|None``: send op 0 with the next sequence
        number; waits for an IDENTIFYed session; if the client is disconnected with a
        resumable session the event is queued and replayed on RESUME (exactly once).  Events
        not covered by the client's intents are dropped (``fake.dropped_events``) and
        MESSAGE_CREATE/UPDATE lose content/embeds/attachments/components without the
        MESSAGE_CONTENT intent unless the bot is mentioned - like Discord; ``force=True`` skips
        this.  Dispatching INTERACTION_CREATE starts the 3 s response clock.
    ``dispatch_message(content, *, author=alice, channel_id=#general, **message_payload_kw)``
    ``drop_connection(*, code=None)``: kill the TCP connection (code None = no close frame,
        client sees 1006) or close with ``code``; session stays resumable.
    ``send_reconnect()`` (op 7), ``invalidate_session(resumable: bool)`` (op 9 d=resumable;
        False destroys the session -> client re-IDENTIFYs on the default URL),
        ``request_heartbeat()`` (server op 1), ``close_connection(code, reason="",
        invalidate=True)`` (e.g. 4004 -> client gives up).  ``fake.ack_heartbeats = False``
        stops HEARTBEAT_ACKs.
    Waiting: ``wait_for_session()``, ``wait_until_connected()`` (after READY/RESUMED),
        ``wait_for_op(op, count=1, since=0) -> GatewayFrame``.
    Inspection: ``fake.session`` (GatewaySession: session_id, seq, intents, identify payload,
        valid, resume_count, log), ``fake.sessions``, ``fake.connections`` (GatewayConnection:
        path, query, compress, compressed, kind "identify"/"resume", is_resume_url, close_code,
        closed_by), ``fake.gateway_frames`` (GatewayFrame: direction "recv"/"send", conn_id, op,
        d, t, s), ``received_ops(op=None)``, ``sent_dispatches(event=None)``, ``fake.presence``.
    Protocol: HELLO -> IDENTIFY (token checked: 4004; intents required: 4013; privileged
        intents not in ``privileged_intents``: 4014) -> READY (user, session_id,
        resume_gateway_url = ws://.../resume/, unavailable guilds, application {id, flags}) ->
        GUILD_CREATE per guild (full channels/roles/threads; members only with GUILD_MEMBERS,
        presences only with GUILD_PRESENCES).  RESUME with a bad session -> op 9 false.  op 8
        -> GUILD_MEMBERS_CHUNK.  A clean client close (1000/1001) ends the session.  Transport:
        zlib-stream honoured; for zstd-stream plain text frames are sent (discord.py accepts).

Payload builders (return dicts; messages/interactions are registered in the world)
    ``message_payload(guild_id, channel_id, author, content, *, mentions=None (parsed from
        <@id>), mention_roles=None, mention_everyone=None, attachments=() (dicts or (filename,
        bytes) served by the fake CDN), embeds=(), components=(), reference=None (reply to
        message id), message_id=None, type=None, flags=0, store=True)`` -> MESSAGE_CREATE d
        (with guild_id, member, mentions[].member).
    ``slash_interaction_payload(guild_id, channel_id, user, command_name, options=None, *,
        command_id=None, command_type=1, target=None, locale="en-US", guild_locale="en-US",
        app_permissions=None, context=None, interaction_id=None)``: type 2.  ``command_name`` may
        be "group sub"; ``options`` dict {name: value} typed from the SYNCED command definition
        (else inferred from the Python type; users/channels/roles/(filename, bytes)
        attachments get ``data.resolved``), or a raw option list.  ``data.id``/``guild_id`` come
        from the synced command.  command_type 2/3 = user/message context menu on ``target``.
    ``autocomplete_payload(guild_id, channel_id, user, command_name, options, focused, ...)``: type 4.
    ``component_interaction_payload(message_id, custom_id, user, *, component_type=2,
        values=None)``: type 3 on a stored message (e.g. one the bot sent with a View).
    ``modal_submit_payload(guild_id, channel_id, user, custom_id, {text_input_id: value}, *,
        message_id=None)``: type 5.
    All interaction payloads carry id, application_id, type, data, guild_id, guild, channel
    (partial, with permissions), channel_id, member (with user + permissions) or user (DMs),
    token, version, app_permissions, locale, guild_locale, entitlements,
    authorizing_integration_owners, context, attachment_size_limit.

REST (``http://127.0.0.1:PORT/api/v10``; Bot token checked -> 401)
    GET /gateway, /gateway/bot, /users/@me, /users/{id}, /oauth2/applications/@me,
    /applications/@me; POST /users/@me/channels (DM).  Channels: GET/PATCH /channels/{id},
    POST .../typing, GET/POST .../messages (json or multipart with files), GET/PATCH/DELETE
    .../messages/{mid}, POST .../messages/bulk-delete, PUT/DELETE/GET .../messages/pins[/{mid}]
    (discord.py 2.7) and legacy .../pins[/{mid}], reactions PUT/DELETE .../reactions/{emoji}/@me,
    DELETE .../{emoji}/{user}, GET/DELETE .../reactions/{emoji}, DELETE .../reactions, POST
    .../messages/{mid}/threads (thread id = message id), POST .../threads (private by
    default; forum posts with a starter message), PUT/DELETE .../thread-members/{@me|id}.
    Guilds: GET /guilds/{id}, .../channels, .../roles, .../members, .../members/{uid},
    .../threads/active.  Interactions: POST /interactions/{id}/{token}/callback (types 4, 5,
    6, 7, 8, 9, 10, 12; ``with_response`` honoured; unknown/expired -> 10062, second response ->
    40060); follow-ups POST /webhooks/{app_id}/{token} (the first one after a type-5 defer
    fills the "thinking" message, like Discord) and GET/PATCH/DELETE
    /webhooks/{app_id}/{token}/messages/{@original|id}.  Commands: GET/PUT/POST
    /applications/{app}/[guilds/{gid}/]commands and GET/PATCH/DELETE .../commands/{cid}
    (ids kept stable across bulk overwrites by name+type; names/descriptions/options validated).
    Validation like Discord: empty message 50006, content > 2000 / embed limits / >5 rows /
    parse+ids in allowed_mentions / poll limits -> 400 50035 with ``errors``; unknown
    channel/message/guild/member -> 10003/10008/10004/10007.  Success responses carry
    ``Via`` and ``X-RateLimit-*`` headers and exactly ``Content-Type: application/json``.
    Actions emit the gateway events Discord would (MESSAGE_CREATE for the bot's own
    non-ephemeral messages, MESSAGE_UPDATE/DELETE, THREAD_CREATE newly_created, reactions,
    CHANNEL_PINS_UPDATE...) unless ``emit_events=False``.  Anything else -> 404
    ``{"message": "404: Not Found", "code": 0}``, recorded with ``unexpected=True``.
    CDN: GET /cdn/... serves stored attachments, else a 1x1 PNG.

Recording and assertions
    ``fake.requests``: list of RecordedRequest (method, path without /api/v10, query, headers,
        json (payload_json for multipart), files [RecordedFile(field, filename, content_type,
        data)], route template, params, status, response, fault, unexpected).  Clear with
        ``fake.requests.clear()``.
    ``requests_matching(method=None, path_regex=".*", include_faults=True)``;
    ``await wait_for_request(method, path_regex, timeout=5, *, count=1, predicate=None,
        include_faults=False)`` - regexes must FULLY match the path, e.g. r"/channels/\d+/messages".
    ``unexpected_requests``, ``assert_no_unexpected_requests()``.
    ``sent_messages(channel_id=None, *, include_deleted=False, include_ephemeral=True)`` -> bot
        messages as StoredMessage (id, channel_id, guild_id, payload, source "rest" /
        "interaction_response" / "followup", allowed_mentions as sent, files, edits, deleted,
        reactors, pinned_at; properties content, flags, ephemeral, embeds, components,
        attachments, reference, poll, pinned).  ``message(id)``; ``await wait_for_message(
        channel_id=None, *, count=1, predicate=None)``.
    Interactions: ``fake.callbacks`` / ``await wait_for_callback(interaction_id=None)`` ->
        InteractionCallback (type, data, flags, ephemeral, content, choices, message, request);
        ``fake.interaction(id)`` -> FakeInteraction (callbacks, original_message_id,
        followup_ids).  ``fake.commands(guild_id=None)``, ``find_command(name, guild_id=None)``.
    Timeouts raise FakeDiscordTimeout (an asyncio.TimeoutError) whose message includes
    ``fake.summary()`` (recent requests, gateway ops, session state).

Faults
    ``fail_next(route_pattern, status=429, retry_after=0.2, times=1, *, method=None,
    global_=False, code=None, message=None, body=None, scope="user") -> FaultRule(hits,
    remaining)``: ``route_pattern`` is "[METHOD ]<path regex>" fully matched against the path.
    429s get ``{"message", "retry_after", "global"}`` plus Via / Retry-After / X-RateLimit-*
    headers (discord.py sleeps retry_after and retries); other statuses (500, 502, 403 ...)
    get ``{"message", "code"}`` (discord.py retries 500/502/504 after 1 s, 3 s, ...).  A
    faulted request never touches the world, so a retried send creates exactly one message.
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
