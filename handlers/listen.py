"""The broadcast's first button: "✅ 已收听"."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import AppContext, AppType
from bot.i18n import t
from handlers.common import lang_of, user_info

_DATA = re.compile(r"^listen:(\d{1,9})$")


async def on_listened(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    match = _DATA.match(query.data or "")
    if match is None:
        await query.answer(t("button.forged", lang))
        return
    result = await context.services.listens.record(int(match.group(1)), user_info(sender), "button")
    key = {"recorded": "listen.recorded", "already": "listen.already", "unknown": "listen.unknown"}
    await query.answer(t(key[result], lang))


def register(app: AppType) -> None:
    app.add_handler(CallbackQueryHandler(on_listened, pattern=r"^listen:"))
