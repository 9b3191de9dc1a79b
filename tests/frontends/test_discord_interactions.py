"""Buttons and slash commands end to end through discord.py: INTERACTION_CREATE
payloads go through the real ConnectionState, CommandTree and dynamic items;
we assert on the interaction callbacks and follow-ups discord.py built."""
from __future__ import annotations

from typing import Any

import pytest

from bot.frontends.service import ONLY_AUTHOR, ScenarioService
from bot.frontends.views import AnswerButton, FeedbackButton

from .conftest import start_bot
from .harness import ADMIN_ID, ADMIN_ROLE_ID, ALICE_ID, BOB_ID, CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, OWNER_ID, Call, Harness, channel_payload

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTION_POST = "I am a counselor and I have a crush on a client of mine."


async def post_scenario(h: Harness, service: ScenarioService, text: str = QUESTION_POST) -> tuple[dict[str, Any], dict[str, Any]]:
    """Post a scenario; return (post payload, the bot's reply as Discord returned it)."""
    await service.storage.set_scenario_channel(GUILD_ID, CHANNEL_ID, True)
    await service.storage.set_cooldown(GUILD_ID, 0)
    post = await h.post(text)
    reply = h.http.sent_messages()[0].response
    h.http.clear()
    return post, reply


def callbacks(h: Harness) -> list[Call]:
    return [c for c in h.http.calls if c.path.endswith("/callback")]


def followups(h: Harness) -> list[Call]:
    return [c for c in h.http.calls if c.kind == "webhook" and c.method == "POST" and not c.path.endswith("/callback")]


# ------------------------------------------------------------------ answer buttons


async def test_author_answers_question_and_reply_updates(discord_bot: Harness, service: ScenarioService, analyzer: Any, renderer: Any) -> None:
    post, reply = await post_scenario(discord_bot, service)
    await discord_bot.press(reply, "drb:answer:timing:former", user_id=ALICE_ID)

    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].json["type"] == 6  # deferred update, within the 3 s
    edits = [c for c in discord_bot.http.calls if c.kind == "webhook" and c.method == "PATCH"]
    assert len(edits) == 1 and edits[0].path.endswith("/messages/@original")
    expected = renderer.scenario(analyzer.analyze(QUESTION_POST, {"timing": "former"})).pages[0]
    assert edits[0].json["content"] == expected
    assert edits[0].json["allowed_mentions"] == {"parse": []}
    ids = [c["custom_id"] for row in edits[0].json["components"] for c in row["components"]]
    assert ids == ["drb:feedback:up", "drb:feedback:down"]  # the question is answered
    record = await service.storage.get_scenario(int(post["id"]))
    assert record is not None and record.facts == {"timing": "former"}
    # the post was fetched again (its text is not stored)
    assert discord_bot.http.find("GET", "/channels/{channel_id}/messages/{message_id}")
    assert not discord_bot.errors


async def test_someone_else_cannot_answer(discord_bot: Harness, service: ScenarioService) -> None:
    post, reply = await post_scenario(discord_bot, service)
    await discord_bot.press(reply, "drb:answer:timing:current", user_id=BOB_ID)
    assert [c.json["type"] for c in callbacks(discord_bot)] == [6]
    fu = followups(discord_bot)
    assert len(fu) == 1
    assert fu[0].json["content"] == ONLY_AUTHOR
    assert fu[0].json["flags"] & 64
    assert not [c for c in discord_bot.http.calls if c.method == "PATCH"]
    record = await service.storage.get_scenario(int(post["id"]))
    assert record is not None and record.facts == {}


async def test_buttons_work_after_a_restart(service: ScenarioService, settings: Any, monkeypatch: Any, analyzer: Any, renderer: Any) -> None:
    first = await start_bot(service, settings, monkeypatch)
    try:
        post, reply = await post_scenario(first, service)
    finally:
        await first.bot.close()
    second = await start_bot(service, settings, monkeypatch)
    try:
        # nothing changed in the commands: the restart did not sync again
        assert not second.http.find("PUT", "/commands")
        second.http.messages[int(post["id"])] = post  # the post still exists on Discord
        await second.press(reply, "drb:answer:timing:current", user_id=ALICE_ID)
        edits = [c for c in second.http.calls if c.method == "PATCH"]
        assert len(edits) == 1
        assert edits[0].json["content"] == renderer.scenario(analyzer.analyze(QUESTION_POST, {"timing": "current"})).pages[0]
    finally:
        await second.bot.close()


async def test_answer_when_post_was_deleted_meanwhile(discord_bot: Harness, service: ScenarioService) -> None:
    post, reply = await post_scenario(discord_bot, service)
    discord_bot.http.messages.pop(int(post["id"]))  # gone on Discord, event missed
    await discord_bot.press(reply, "drb:answer:timing:former")
    fu = followups(discord_bot)
    assert len(fu) == 1 and fu[0].ephemeral
    assert await service.storage.get_scenario(int(post["id"])) is None


async def test_unknown_reply_and_bogus_value(discord_bot: Harness, service: ScenarioService) -> None:
    _, reply = await post_scenario(discord_bot, service)
    # an option that no longer exists (e.g. on an old reply): Discord only sends
    # custom_ids that are on the message, so put it there
    old = dict(reply, components=[{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Yesterday", "custom_id": "drb:answer:timing:yesterday"}]}])
    await discord_bot.press(old, "drb:answer:timing:yesterday")
    stranger = dict(reply, id="123456789012345678")
    await discord_bot.press(stranger, "drb:answer:timing:former")
    fu = followups(discord_bot)
    assert len(fu) == 2 and all(c.ephemeral for c in fu)
    assert not discord_bot.errors


# ------------------------------------------------------------------ feedback


async def test_feedback_buttons(discord_bot: Harness, service: ScenarioService) -> None:
    post, reply = await post_scenario(discord_bot, service)
    reply_id = int(reply["id"])
    await discord_bot.press(reply, "drb:feedback:up", user_id=BOB_ID)
    cb = callbacks(discord_bot)
    assert cb[-1].json["type"] == 4 and cb[-1].ephemeral
    assert await service.storage.get_feedback(reply_id, BOB_ID) == 1
    await discord_bot.press(reply, "drb:feedback:down", user_id=BOB_ID)
    assert await service.storage.get_feedback(reply_id, BOB_ID) == -1
    await discord_bot.press(reply, "drb:feedback:down", user_id=BOB_ID)  # again: withdrawn
    assert await service.storage.get_feedback(reply_id, BOB_ID) is None
    assert all(c.ephemeral for c in callbacks(discord_bot))


async def test_custom_ids_fit_and_parse() -> None:
    button = AnswerButton("other_provider", "yes", "Yes, there's someone else", row=1)
    assert button.custom_id == "drb:answer:other_provider:yes" and len(button.custom_id) <= 100
    assert AnswerButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert FeedbackButton.__discord_ui_compiled_template__.fullmatch("drb:feedback:down")
    assert not FeedbackButton.__discord_ui_compiled_template__.fullmatch("drb:feedback:maybe")


# ------------------------------------------------------------------ slash commands


async def test_risk_command_fuzzy_public_and_private(discord_bot: Harness, renderer: Any) -> None:
    await discord_bot.slash("risk", [{"name": "name", "type": 3, "value": "fairnes"}])
    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].json["type"] == 4
    assert cb[0].content == renderer.risk_card("fairness").pages[0]
    assert not cb[0].ephemeral
    assert cb[0].data["allowed_mentions"] == {"parse": []}
    discord_bot.http.clear()
    await discord_bot.slash("risk", [{"name": "name", "type": 3, "value": "fairness"}, {"name": "private", "type": 5, "value": True}])
    assert callbacks(discord_bot)[0].ephemeral


async def test_risk_not_found_suggests(discord_bot: Harness) -> None:
    await discord_bot.slash("risk", [{"name": "name", "type": 3, "value": "zzzz"}])
    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].json["type"] == 4
    assert "zzzz" in cb[0].content
    assert not discord_bot.errors


async def test_risk_autocomplete(discord_bot: Harness) -> None:
    await discord_bot.slash("risk", [{"name": "name", "type": 3, "value": "fair", "focused": True}], type=4)
    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].json["type"] == 8
    choices = cb[0].json["data"]["choices"]
    assert choices[0]["value"] == "fairness"
    discord_bot.http.clear()
    await discord_bot.slash("exception", [{"name": "name", "type": 3, "value": "rurl", "focused": True}], type=4)
    assert callbacks(discord_bot)[0].json["data"]["choices"][0]["value"] == "rural_access"


@pytest.mark.parametrize("command, method, ephemeral", [
    ("exception", "exception_card", False), ("risks", "risks_overview", False),
    ("safeguards", "safeguards", False), ("about", "about", True),
])
async def test_card_commands(discord_bot: Harness, renderer: Any, command: str, method: str, ephemeral: bool) -> None:
    options = [{"name": "name", "type": 3, "value": "rural_access"}] if command == "exception" else []
    await discord_bot.slash(command, options)
    reply = getattr(renderer, method)(*(["rural_access"] if command == "exception" else []))
    calls = callbacks(discord_bot) + followups(discord_bot)
    assert [c.content for c in calls] == list(reply.pages)
    assert all(c.ephemeral == ephemeral for c in calls)
    assert not discord_bot.errors


async def test_analyze_defers_and_answers_privately_in_dms(discord_bot: Harness, renderer: Any, analyzer: Any) -> None:
    text = "My cousin wants me to be her lawyer."
    await discord_bot.slash("analyze", [{"name": "text", "type": 3, "value": text}], user_id=BOB_ID, guild=False)
    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].json["type"] == 5 and cb[0].json["data"]["flags"] & 64  # deferred, ephemeral
    fu = followups(discord_bot)
    expected = renderer.scenario(analyzer.analyze(text)).pages
    assert [c.content for c in fu] == list(expected)
    assert all(c.ephemeral for c in fu)
    assert all(c.json["allowed_mentions"] == {"parse": []} for c in fu)
    # buttons only live on channel replies; /analyze has none
    assert not any(c.json.get("components") for c in fu)


# ------------------------------------------------------------------ /setup


def setup_options(sub: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": sub, "type": 1, "options": options}]


CHANNEL_RESOLVED = {"channels": {str(OTHER_CHANNEL_ID): dict(channel_payload(OTHER_CHANNEL_ID, "general"), permissions="0")}}


async def test_setup_refused_without_manage_guild(discord_bot: Harness, service: ScenarioService) -> None:
    await discord_bot.slash(
        "setup",
        setup_options("channel", [{"name": "action", "type": 3, "value": "add"}, {"name": "channel", "type": 7, "value": str(OTHER_CHANNEL_ID)}]),
        user_id=BOB_ID, resolved=CHANNEL_RESOLVED,
    )
    cb = callbacks(discord_bot)
    assert len(cb) == 1 and cb[0].ephemeral and "Manage Server" in cb[0].content
    assert not await service.storage.is_scenario_channel(GUILD_ID, OTHER_CHANNEL_ID)
    assert not discord_bot.errors


async def test_setup_by_admin(discord_bot: Harness, service: ScenarioService) -> None:
    await discord_bot.slash(
        "setup",
        setup_options("channel", [{"name": "action", "type": 3, "value": "add"}, {"name": "channel", "type": 7, "value": str(OTHER_CHANNEL_ID)}]),
        user_id=ADMIN_ID, roles=[ADMIN_ROLE_ID], resolved=CHANNEL_RESOLVED,
    )
    assert await service.storage.is_scenario_channel(GUILD_ID, OTHER_CHANNEL_ID)
    await discord_bot.slash("setup", setup_options("polls", [{"name": "enabled", "type": 5, "value": True}]), user_id=ADMIN_ID, roles=[ADMIN_ROLE_ID])
    await discord_bot.slash("setup", setup_options("cooldown", [{"name": "seconds", "type": 4, "value": 45}]), user_id=ADMIN_ID, roles=[ADMIN_ROLE_ID])
    config = await service.guild_config(GUILD_ID)
    assert config.polls and config.cooldown_seconds == 45
    await discord_bot.slash("setup", setup_options("show", []), user_id=ADMIN_ID, roles=[ADMIN_ROLE_ID])
    cb = callbacks(discord_bot)
    assert len(cb) == 4 and all(c.ephemeral for c in cb)
    assert f"<#{OTHER_CHANNEL_ID}>" in cb[-1].content
    assert all(c.data["allowed_mentions"] == {"parse": []} for c in cb)
    assert not discord_bot.errors


# ------------------------------------------------------------------ command sync


async def test_commands_synced_once_with_the_expected_payload(discord_bot: Harness) -> None:
    # the fixture's start synced (fresh state file)
    bot = discord_bot.bot
    from bot.frontends.sync import command_payload

    payload = command_payload(bot.tree)
    names = {c["name"] for c in payload}
    assert names == {"risk", "exception", "risks", "safeguards", "analyze", "about", "setup"}
    setup = next(c for c in payload if c["name"] == "setup")
    assert int(setup["default_member_permissions"]) == 1 << 5  # manage_guild
    assert setup["contexts"] == [0]  # guild only
    analyze = next(c for c in payload if c["name"] == "analyze")
    assert set(analyze["contexts"]) == {0, 1, 2}
    assert len(discord_bot.http.find("PUT", "/commands")) == 1  # at start-up (fresh state file)
    discord_bot.http.clear()
    assert await bot.sync_commands() is False  # unchanged: no request
    assert not discord_bot.http.find("PUT", "/commands")
    assert await bot.sync_commands(force=True) is True
    puts = discord_bot.http.find("PUT", "/commands")
    assert len(puts) == 1 and {c["name"] for c in puts[0].json} == names


async def test_owner_can_force_a_sync_with_a_mention(service: ScenarioService, settings: Any, monkeypatch: Any) -> None:
    from dataclasses import replace

    h = await start_bot(service, replace(settings, owner_ids=frozenset({OWNER_ID})), monkeypatch)
    try:
        h.http.clear()
        await h.post(f"<@{h.bot.user.id}> sync", author_id=BOB_ID, channel_id=OTHER_CHANNEL_ID)
        assert not h.http.find("PUT", "/commands") and not h.http.sent_messages()
        await h.post(f"<@{h.bot.user.id}> sync", author_id=OWNER_ID, channel_id=OTHER_CHANNEL_ID)
        assert len(h.http.find("PUT", "/commands")) == 1
        sent = h.http.sent_messages()
        assert len(sent) == 1 and "synced" in sent[0].json["content"]
        assert sent[0].json["allowed_mentions"]["parse"] == []
    finally:
        await h.bot.close()
