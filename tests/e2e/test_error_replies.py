"""An unexpected error answers where it happened: a button's alert for a press, never a
message in the group; and error replies in any chat come at most once a minute."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import CommandHandler

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.engagement.evidence import Earned
from bot.engagement.listens import Press
from bot.sandbox.double import TelegramDouble
from bot.telegram.context import AppContext
from tests.support.harness import GROUP, RunningBot, bound_group
from tests.support.player import lesson_out

PRESSES = 8


async def test_a_failing_press_batch_answers_each_button_and_posts_nothing_in_the_group(
    bot: RunningBot, double: TelegramDouble, ogg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = await bound_group(bot, double, members=PRESSES)
    await lesson_out(bot, double, ogg)
    group_voice = next(m for m in double.sent if m.method == "sendVoice" and m.chat_id == GROUP)
    data = group_voice.reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]

    async def failing(press: Press) -> Earned:
        raise RuntimeError("the press batch failed")

    monkeypatch.setattr(bot.services.listens, "press", failing)
    cur = double.cursor()
    queries = [double.press_button(GROUP, uid, group_voice.message_id, data) for uid in members]
    await double.wait_until(lambda: all(q in double.callback_answers for q in queries))
    for q in queries:
        assert double.callback_answers[q]["show_alert"] is True
        assert double.callback_answers[q]["text"] == t("error.generic", "zh")
    assert [m for m in double.sent[cur:] if m.chat_id == GROUP] == []


async def test_error_replies_in_a_chat_come_at_most_once_a_minute(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(update: Update, context: AppContext) -> None:
        raise RuntimeError("boom")

    bot.app.add_handler(CommandHandler("boom", boom), group=-5)
    user = 31
    double.add_user(user, "测试")
    generic = t("error.generic", "zh")
    caplog.set_level(logging.INFO, logger="handlers.errors")

    async def replies_after(commands: int) -> int:
        """Send the commands; once each failure is either answered or held back, count replies."""
        cur, logged = double.cursor(), len(caplog.records)

        def replies() -> int:
            return sum(1 for m in double.sent[cur:] if m.chat_id == user and m.text == generic)

        def held() -> int:
            return sum(1 for r in caplog.records[logged:] if "held back" in r.getMessage())

        for _ in range(commands):
            double.user_sends(user, user, "/boom")
        await double.wait_until(lambda: replies() + held() == commands)
        return replies()

    assert await replies_after(5) == 1
    clock.advance(timedelta(seconds=30))
    assert await replies_after(3) == 0
    clock.advance(timedelta(seconds=31))
    assert await replies_after(3) == 1
