"""The token never reaches the log, not even in a traceback from inside a handler."""

from __future__ import annotations

import io
import logging

from telegram import Update
from telegram.ext import CommandHandler

from bot.app.logging_setup import REDACTED, configure_logging
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.telegram.context import AppContext
from tests.support.harness import TOKEN, RunningBot, say

USER = 31


async def test_a_traceback_with_the_token_in_it_is_logged_without_it(
    bot: RunningBot, double: TelegramDouble
) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buf = io.StringIO()
    configure_logging("INFO", TOKEN, stream=buf)

    async def boom(update: Update, context: AppContext) -> None:
        raise RuntimeError(f"POST {double.base_url}/bot{TOKEN}/sendMessage failed")

    # Before the fallbacks of group 0, which take any command nothing else took.
    bot.app.add_handler(CommandHandler("boom", boom), group=-5)
    try:
        double.add_user(USER, "测试")
        assert await say(double, USER, USER, "/boom") == t("error.generic", "zh")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    log = buf.getvalue()
    assert "Traceback" in log and "RuntimeError" in log
    assert TOKEN not in log
    assert f"/bot{REDACTED}/sendMessage" in log
