"""The double's command menus by scope and language, and the bot's descriptions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from telegram import (
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import BadRequest

from bot.sandbox.double import TelegramDouble
from tests.double.test_telegram_double import make_bot

ALICE, BOB = 1, 2
GROUP = -100


@pytest.fixture
async def double() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as d:
        d.add_user(ALICE, "Alice")
        d.add_user(BOB, "Bob")
        d.add_group(GROUP, "Study group")
        d.set_member(GROUP, ALICE, "creator")
        d.add_bot_to_group(GROUP, ALICE)
        yield d
        assert not d.violations, d.violations


@pytest.fixture
async def bot(double: TelegramDouble) -> AsyncIterator[telegram.Bot]:
    async with make_bot(double) as b:
        yield b


async def test_a_person_sees_the_narrowest_menu_set_in_his_language(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    double.set_member(GROUP, BOB, "member")
    assert double.menu_seen(BOB, BOB) == []
    await bot.set_my_commands([("start", "开始")], scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(
        [("start", "Start")], scope=BotCommandScopeAllPrivateChats(), language_code="en"
    )
    await bot.set_my_commands([("sendnow", "立即推送")], scope=BotCommandScopeChat(ALICE))
    await bot.set_my_commands([("join", "加入")], scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands([("bind", "绑定")], scope=BotCommandScopeAllChatAdministrators())
    assert double.menu_seen(BOB, BOB) == ["start"]
    assert double.menu_descriptions(BOB, BOB, "en") == {"start": "Start"}
    assert double.menu_seen(ALICE, ALICE) == ["sendnow"]
    assert double.menu_seen(ALICE, ALICE, "en") == ["sendnow"]  # his chat's list, any language
    assert double.menu_seen(GROUP, BOB) == ["join"]
    assert double.menu_seen(GROUP, ALICE) == ["bind"]  # the creator is an administrator
    await bot.delete_my_commands(scope=BotCommandScopeChat(ALICE))
    assert double.menu_seen(ALICE, ALICE) == ["start"]


async def test_descriptions_are_kept_per_language_and_checked_for_length(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    await bot.set_my_description("微党课助手")
    await bot.set_my_short_description("Daily lesson", language_code="en")
    assert double.description() == "微党课助手"
    assert double.description("short_description", "en") == "Daily lesson"
    assert (await bot.get_my_description("en")).description == "微党课助手"  # the default
    with pytest.raises(BadRequest, match=r"(?i)SHORT_DESCRIPTION_INVALID"):
        await bot.set_my_short_description("长" * 121)
    assert double.violations == ["setMyShortDescription: Bad Request: SHORT_DESCRIPTION_INVALID"]
    double.violations.clear()
