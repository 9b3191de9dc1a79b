from __future__ import annotations

from bot.storage import GuildSettings, Storage


async def test_defaults_when_absent(db: Storage) -> None:
    settings = await db.get_guild_settings(42)
    assert settings == GuildSettings(guild_id=42)
    assert settings.polls_enabled is False and settings.cooldown_seconds == 30
    assert settings.moderator_role_id is None and settings.scenario_channel_ids == frozenset()


async def test_settings_round_trip(db: Storage) -> None:
    assert await db.set_scenario_channel(1, 11, True) is True
    assert await db.set_scenario_channel(1, 11, True) is False  # already on
    await db.set_scenario_channel(1, 12, True)
    await db.set_moderator_role(1, 777)
    await db.set_polls(1, True)
    await db.set_cooldown(1, 5)
    settings = await db.get_guild_settings(1)
    assert settings == GuildSettings(1, frozenset({11, 12}), 777, True, 5)
    assert await db.is_scenario_channel(1, 11)
    assert not await db.is_scenario_channel(2, 11)  # other guild

    assert await db.set_scenario_channel(1, 11, False) is True
    assert await db.set_scenario_channel(1, 11, False) is False
    await db.set_moderator_role(1, None)
    await db.set_polls(1, False)
    settings = await db.get_guild_settings(1)
    assert settings == GuildSettings(1, frozenset({12}), None, False, 5)
    assert await db.get_guild_settings(2) == GuildSettings(2)
