"""The player's buttons: a web_app button on the private copy, a direct Mini App link on the
group's message, each only when configured; the double refuses web_app buttons in groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from telegram.error import BadRequest

from bot.core.clock import FakeClock
from bot.sandbox.double import TelegramDouble
from tests.support.harness import GROUP, bound_group, running_bot, settings_for
from tests.support.members_day import press
from tests.support.player import lesson_out

URL = "https://lesson.example.org"


def buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]


@pytest.mark.parametrize(
    ("web", "private_app", "group_link"),
    [
        ({"public_url": URL, "app_name": "lesson"}, True, True),
        ({"public_url": URL}, True, False),
        ({}, False, False),
        ({"public_url": "http://127.0.0.1:8080", "app_name": "lesson"}, False, False),
    ],
    ids=["url-and-app", "url-only", "off", "plain-http"],
)
async def test_the_player_buttons_appear_only_where_configured(
    double: TelegramDouble,
    db_url: str,
    tmp_path: Path,
    clock: FakeClock,
    ogg: Path,
    web: dict[str, str],
    private_app: bool,
    group_link: bool,
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", web=web)
    async with running_bot(double, settings, clock) as bot:
        (m,) = await bound_group(bot, double, members=1)
        cur = double.cursor()
        lesson_id = await lesson_out(bot, double, ogg)
        voices = [s for s in double.sent[cur:] if s.method == "sendVoice"]
        group = next(s for s in voices if s.chat_id == GROUP)
        copy = next(s for s in voices if s.chat_id == m)
        # The first button stays the acknowledgement.
        for sent in (group, copy):
            assert "callback_data" in buttons(sent.reply_markup)[0]
        web_apps = [b["web_app"]["url"] for b in buttons(copy.reply_markup) if "web_app" in b]
        assert web_apps == ([f"{URL}/app/?lesson={lesson_id}"] if private_app else [])
        links = [b.get("url", "") for b in buttons(group.reply_markup)]
        direct = f"https://t.me/{bot.app.bot.username}/lesson?startapp=l{lesson_id}"
        assert (direct in links) is group_link
        assert not any("web_app" in b for b in buttons(group.reply_markup))
        # The live count edited into the group's message keeps the link.
        data = buttons(group.reply_markup)[0]["callback_data"]
        await press(double, GROUP, m, group.message_id, data)
        await double.wait_until(lambda: bool(double.edits))
        edited = [b.get("url", "") for b in buttons(double.edits[-1].reply_markup)]
        assert (direct in edited) is group_link


async def test_the_double_refuses_a_web_app_button_in_a_group_as_telegram_does(
    bot: Any, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("▶️", web_app=WebAppInfo(f"{URL}/app/?lesson=1"))]]
    )
    with pytest.raises(BadRequest, match=r"(?i)button_type_invalid"):
        await bot.app.bot.send_message(GROUP, "x", reply_markup=markup)
    double.violations.clear()  # made on purpose: not a bug of the bot
    sent = await bot.app.bot.send_message(10, "x", reply_markup=markup)
    assert sent.reply_markup is not None
