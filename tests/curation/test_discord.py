"""Curation through discord.py itself: gateway payloads in through the real
ConnectionState and CommandTree, recorded HTTP out (the harness of
tests/frontends, with pins and user look-ups answered too)."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.curation import CurationService
from bot.frontends.service import ScenarioService
from bot.settings import Settings
from frontends.harness import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    CHANNEL_ID,
    EVERYONE_PERMS,
    GUILD_ID,
    USERS,
    Call,
    ErrorCollector,
    FakeDiscordHTTP,
    Harness,
    guild_payload,
    member_payload,
    user_payload,
)

from .posts import ROMANCE_FORMER

pytestmark = pytest.mark.asyncio(loop_scope="session")

MOD_ID = 800000000000000033
MOD_ROLE_ID = 800000000000000041
USERS.setdefault(MOD_ID, user_payload(MOD_ID, "morgan"))
TOKEN = "test-token.NOT-A-REAL-ONE.abcdefghijklmnop"
NOTE = "Boards bar this for years after therapy ends; ask yours first."


class CurationHTTP(FakeDiscordHTTP):
    """The harness plus what curation asks of Discord: pins and user look-ups."""

    def __init__(self) -> None:
        super().__init__()
        self.pins: list[tuple[int, int]] = []

    def _respond_rest(self, route: Any, call: Call) -> Any:
        ids = self._ids_from_url(route.url, route.path)
        if route.method == "PUT" and route.path == "/channels/{channel_id}/messages/pins/{message_id}":
            self.pins.append((int(ids["channel_id"]), int(ids["message_id"])))
            return None
        if route.method == "PUT" and route.path.endswith("/commands"):
            # Discord answers every command with a description ("" for context menus)
            return [dict({"description": ""}, **cmd, id=str(self.next_id()), application_id=str(BOT_ID), version="1")
                    for cmd in call.json]
        if (route.method, route.path) == ("GET", "/users/{user_id}"):
            uid = int(ids["user_id"])
            return USERS.get(uid) or user_payload(uid, f"user{uid}")
        return super()._respond_rest(route, call)


def curation_guild() -> dict[str, Any]:
    data = guild_payload()
    data["roles"].append({
        "id": str(MOD_ROLE_ID), "name": "Moderators", "permissions": str(EVERYONE_PERMS), "position": 2,
        "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0,
    })
    return data


@pytest.fixture
async def curated_service(analyzer: Any, renderer: Any, storage: Any) -> AsyncIterator[ScenarioService]:
    curation = CurationService(storage, analyzer.knowledge, renderer)
    svc = ScenarioService(analyzer, renderer, storage, curation=curation)
    await storage.set_scenario_channel(GUILD_ID, CHANNEL_ID, True)
    await storage.set_cooldown(GUILD_ID, 0)
    await storage.set_moderator_role(GUILD_ID, MOD_ROLE_ID)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
async def h(curated_service: ScenarioService, db_path: Any, monkeypatch: Any) -> AsyncIterator[Harness]:
    from bot.frontends.discord_bot import GuidanceBot

    import frontends.harness as harness_module

    background = harness_module._is_background
    # the /review view and the forms wait for their timeout in a task: not an event handler
    monkeypatch.setattr(harness_module, "_is_background",
                        lambda t: background(t) or "timeout_task" in getattr(t.get_coro(), "__qualname__", ""))
    collector = ErrorCollector()
    logging.getLogger().addHandler(collector)
    bot = GuidanceBot(curated_service, Settings(discord_token=TOKEN, database=db_path))
    http = CurationHTTP()
    http.install(bot, monkeypatch)
    harness = Harness(bot, http, collector.records)
    await bot.login(TOKEN)
    await harness.dispatch("guild_create", curation_guild())
    http.clear()
    try:
        yield harness
    finally:
        await bot.close()
        logging.getLogger().removeHandler(collector)


# ------------------------------------------------------------------ helpers


def sub(_sub: str, /, **options: Any) -> list[dict[str, Any]]:
    types = {bool: 5, int: 4}
    return [{"name": _sub, "type": 1, "options": [
        {"name": k, "type": types.get(type(v), 3), "value": v} for k, v in options.items()
    ]}]


def answers(h: Harness) -> list[Call]:
    """Interaction callbacks and follow-ups that carry a message."""
    return [c for c in h.http.interaction_responses() if c.method == "POST" and c.content]


async def as_moderator(h: Harness, name: str, options: list[dict[str, Any]], **kw: Any) -> None:
    await h.slash(name, options, user_id=MOD_ID, roles=[MOD_ROLE_ID], **kw)


async def post_scenario(h: Harness, text: str = ROMANCE_FORMER) -> tuple[dict[str, Any], dict[str, Any]]:
    post = await h.post(text)
    reply = h.http.sent_messages()[0].response
    return post, reply


# ------------------------------------------------------------------ /curate


async def test_member_is_refused_privately(h: Harness, storage: Any) -> None:
    await h.slash("curate", sub("add", name="Mine", target="romance", text="nope"), user_id=BOB_ID)
    [refusal] = answers(h)
    assert refusal.ephemeral and "Only moderators" in refusal.content
    assert refusal.data["allowed_mentions"] == {"parse": []}
    assert await storage.list_answers(GUILD_ID) == []
    assert not h.errors


async def test_moderator_adds_and_a_matching_post_carries_the_note(h: Harness, storage: Any, renderer: Any, assess: Any) -> None:
    await as_moderator(h, "curate", sub("add", name="Former clients", target="mental_health+former+romance", text=NOTE))
    [confirmation] = answers(h)
    assert confirmation.ephemeral and "Saved **Former clients**" in confirmation.content
    answer = await storage.get_answer(GUILD_ID, "Former clients")
    assert answer is not None and answer.author_id == MOD_ID and answer.body == NOTE
    h.http.clear()

    _, reply = await post_scenario(h)
    first = h.http.sent_messages()[0]
    assert "From the moderators" in first.content and "Former clients" in first.content
    assert NOTE in first.content and "Morgan" in first.content  # credited by display name
    assert first.json["allowed_mentions"]["parse"] == []
    assert "drb:report" in first.custom_ids()  # the report button rides on row 4
    assert (await storage.get_answer(GUILD_ID, "Former clients")).uses == 1
    assert not h.errors


async def test_manage_messages_makes_a_moderator_and_show_is_public(h: Harness, storage: Any) -> None:
    data = h._interaction_base(2, BOB_ID)
    perms = str(EVERYONE_PERMS | (1 << 13))  # manage_messages
    data["member"] = member_payload(BOB_ID, [], permissions=int(perms))
    data["data"] = {"id": "1", "name": "curate", "type": 1, "guild_id": str(GUILD_ID),
                    "options": sub("add", name="Gifts", target="pressure_imbalance", text="Decline politely.")}
    await h.dispatch("interaction_create", data)
    assert (await storage.get_answer(GUILD_ID, "Gifts")) is not None
    h.http.clear()
    await h.slash("curate", sub("show", name="gift"), user_id=ALICE_ID)  # typo: not found, private
    [miss] = answers(h)
    assert miss.ephemeral and "Did you mean **Gifts**" in miss.content
    h.http.clear()
    await h.slash("curate", sub("show", name="gifts"), user_id=ALICE_ID)
    [shown] = answers(h)
    assert not shown.ephemeral and "Decline politely." in shown.content and "Bob" in shown.content


async def test_autocomplete_names_and_targets(h: Harness, storage: Any) -> None:
    await storage.add_answer(GUILD_ID, "Former clients", "pattern", "mental_health+former+romance", NOTE, MOD_ID)
    await h.slash("curate", [{"name": "show", "type": 1, "options": [
        {"name": "name", "type": 3, "value": "formr", "focused": True}]}], type=4)
    [cb] = [c for c in h.http.interaction_responses() if c.path.endswith("/callback")]
    assert cb.json["type"] == 8 and cb.json["data"]["choices"][0]["value"] == "Former clients"
    h.http.clear()
    await h.slash("curate", [{"name": "add", "type": 1, "options": [
        {"name": "name", "type": 3, "value": "x"},
        {"name": "target", "type": 3, "value": "mental_health+form", "focused": True}]}], type=4, user_id=MOD_ID)
    [cb] = [c for c in h.http.interaction_responses() if c.path.endswith("/callback")]
    assert cb.json["data"]["choices"][0]["value"] == "mental_health+former"


async def test_add_without_text_opens_a_form(h: Harness, storage: Any) -> None:
    await as_moderator(h, "curate", sub("add", name="Long note", target="fairness"))
    [cb] = [c for c in h.http.interaction_responses() if c.path.endswith("/callback")]
    assert cb.json["type"] == 9  # MODAL
    modal = cb.json["data"]
    field = modal["components"][0]["components"][0]
    submit = h._interaction_base(5, MOD_ID, roles=[MOD_ROLE_ID])
    submit["data"] = {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": field["custom_id"], "value": "Line one.\nLine two."}]}]}
    h.http.clear()
    await h.dispatch("interaction_create", submit)
    answer = await storage.get_answer(GUILD_ID, "Long note")
    assert answer is not None and answer.body == "Line one.\nLine two."
    assert answers(h)[0].ephemeral


# ------------------------------------------------------------------ report, thumbs down, /review


async def test_report_and_thumbs_down_fill_the_inbox_and_review_corrects(h: Harness, storage: Any) -> None:
    post, reply = await post_scenario(h)
    h.http.clear()
    await h.press(reply, "drb:report", user_id=BOB_ID)
    [thanks] = answers(h)
    assert thanks.ephemeral and "moderators will look" in thanks.content
    await h.press(reply, "drb:feedback:down", user_id=ALICE_ID)
    assert await storage.open_review_count(GUILD_ID) == 2

    h.http.clear()
    await h.slash("review", [], user_id=BOB_ID)
    assert "Only moderators" in answers(h)[0].content
    h.http.clear()
    await as_moderator(h, "review", [])
    shown = [c for c in h.http.interaction_responses() if c.method == "POST" and not c.path.endswith("/callback")]
    assert len(shown) == 1 and shown[0].ephemeral
    assert "a member reported it" in shown[0].content and "former client" in shown[0].content  # fetched for display
    message = shown[0].response
    rows = message["components"]
    risk_select = rows[1]["components"][0]
    verdict_select = rows[3]["components"][0]
    buttons = {c["label"]: c["custom_id"] for c in rows[4]["components"]}
    assert set(buttons) == {"Confirm", "Save correction", "Skip", "Keep anonymised text: off"}

    async def choose(select: dict[str, Any], values: list[str]) -> None:
        data = h._interaction_base(3, MOD_ID, roles=[MOD_ROLE_ID])
        data["message"] = message
        data["data"] = {"custom_id": select["custom_id"], "component_type": 3, "values": values}
        await h.dispatch("interaction_create", data)

    await choose(risk_select, ["fairness"])
    await choose(verdict_select, ["prohibited"])
    # someone else cannot press this moderator's buttons
    h.http.clear()
    await h.press(message, buttons["Save correction"], user_id=BOB_ID)
    assert "another moderator" in answers(h)[0].content
    assert await storage.list_corrections() == []
    h.http.clear()
    await h.press(message, buttons["Save correction"], user_id=MOD_ID)
    [c] = await storage.list_corrections(GUILD_ID)
    assert (c.risks, c.verdict, c.text, c.moderator_id, c.message_id) == (("fairness",), "prohibited", None, MOD_ID, int(post["id"]))
    # the message now shows the next item (the 👎), and the result came privately
    edits = [x for x in h.http.interaction_responses() if x.method == "PATCH"]
    assert edits and "a member voted 👎" in edits[-1].content
    assert any("Correction saved" in x.content for x in answers(h))
    assert await storage.open_review_count(GUILD_ID) == 1
    assert not h.errors


# ------------------------------------------------------------------ Feature this answer, /audit


async def test_feature_this_answer_pins_and_shows_it_later(h: Harness, storage: Any) -> None:
    post, _ = await post_scenario(h)
    thread_id = int(post["id"])  # a thread opened from a post has its id
    thread = h.http.channels[thread_id]  # as Discord returned it when the bot opened it
    answer = h.http.message_payload(thread_id, "I'd wait and talk to my board first.", author=USERS[BOB_ID])
    h.http.messages[int(answer["id"])] = answer

    def menu(user_id: int, roles: list[int]) -> dict[str, Any]:
        data = h._interaction_base(2, user_id, roles=roles)
        data.update({"channel_id": str(thread_id), "channel": thread})
        data["data"] = {"id": "2", "name": "Feature this answer", "type": 3, "target_id": answer["id"],
                        "guild_id": str(GUILD_ID), "resolved": {"messages": {answer["id"]: answer}}}
        return data

    h.http.clear()
    await h.dispatch("interaction_create", menu(ALICE_ID, []))
    assert "Only moderators" in answers(h)[0].content and not h.http.pins
    h.http.clear()
    await h.dispatch("interaction_create", menu(MOD_ID, [MOD_ROLE_ID]))
    [done] = answers(h)
    assert done.ephemeral and "Featured this answer by Bob" in done.content and "pinned" in done.content
    assert h.http.pins == [(thread_id, int(answer["id"]))]
    [featured] = await storage.list_featured(GUILD_ID)
    assert (featured.thread_id, featured.author_id, featured.featured_by) == (thread_id, BOB_ID, MOD_ID)

    # the same kind of scenario again: the answer is quoted with a link
    h.http.clear()
    await h.post(ROMANCE_FORMER, author_id=ALICE_ID)
    text = "\n".join(c.content for c in h.http.sent_messages())
    assert "A community take" in text and "talk to my board first" in text
    assert f"https://discord.com/channels/{GUILD_ID}/{thread_id}/{answer['id']}" in text

    # /audit shows it, for moderators only
    h.http.clear()
    await h.slash("audit", [], user_id=ALICE_ID)
    assert "Only moderators" in answers(h)[0].content
    h.http.clear()
    await as_moderator(h, "audit", [])
    [log] = answers(h)
    assert log.ephemeral and "featured.add" in log.content and "Morgan" in log.content

    # the author deletes the answer: it is no longer featured
    await h.delete_message(int(answer["id"]), channel_id=thread_id)
    assert await storage.list_featured(GUILD_ID) == []
    assert not h.errors


async def test_commands_are_registered_only_with_curation(h: Harness) -> None:
    from bot.frontends.sync import command_payload

    names = {c["name"] for c in command_payload(h.bot.tree)}
    assert {"curate", "review", "audit", "Feature this answer"} <= names
    menu = next(c for c in command_payload(h.bot.tree) if c["name"] == "Feature this answer")
    assert menu["type"] == 3 and menu["contexts"] == [0]
    await h.bot.close()
    from bot.frontends.views import DYNAMIC_ITEMS, reply_view

    # unloaded with the bot: replies of a bot without curation carry no report button
    assert all(item.custom_id != "drb:report" for item in reply_view().children)  # type: ignore[attr-defined]
    assert all(cls.__name__ != "ReportButton" for cls in DYNAMIC_ITEMS)


async def test_keep_anonymised_text_asks_for_the_text_to_keep(h: Harness, storage: Any) -> None:
    post, reply = await post_scenario(h)
    await h.press(reply, "drb:report", user_id=BOB_ID)
    h.http.clear()
    await as_moderator(h, "review", [])
    [shown] = [c for c in h.http.interaction_responses() if c.method == "POST" and not c.path.endswith("/callback")]
    message = shown.response
    buttons = {c["label"]: c["custom_id"] for c in message["components"][4]["components"]}
    await h.press(message, buttons["Keep anonymised text: off"], user_id=MOD_ID)
    toggled = [c for c in h.http.interaction_responses() if c.path.endswith("/callback")][-1]
    assert toggled.json["type"] == 7  # the message is updated in place
    labels = [c["label"] for c in toggled.json["data"]["components"][4]["components"]]
    assert "Keep anonymised text: on" in labels
    h.http.clear()
    await h.press(message, buttons["Confirm"], user_id=MOD_ID)
    [cb] = [c for c in h.http.interaction_responses() if c.path.endswith("/callback")]
    assert cb.json["type"] == 9  # a form, prefilled with the post for the moderator to anonymise
    modal = cb.json["data"]
    field = modal["components"][0]["components"][0]
    assert field["value"] == ROMANCE_FORMER
    assert await storage.list_corrections() == []  # nothing stored until the form is sent
    submit = h._interaction_base(5, MOD_ID, roles=[MOD_ROLE_ID])
    submit["message"] = message
    submit["data"] = {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": field["custom_id"], "value": "A therapist wants to date a former client."}]}]}
    await h.dispatch("interaction_create", submit)
    [c] = await storage.list_corrections(GUILD_ID)
    assert c.text == "A therapist wants to date a former client." and c.message_id == int(post["id"])
    assert await storage.open_review_count(GUILD_ID) == 0
    assert not h.errors
