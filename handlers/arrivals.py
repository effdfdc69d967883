"""When a button press arrives: noted for the operator's figure of how fast presses are
answered (bot.telegram.metrics). It never stops an update."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.telegram.context import AppContext, AppType


async def _arrived(update: Update, context: AppContext) -> None:
    if update.callback_query is not None:
        context.services.metrics.press_arrived(update.callback_query.id)


def register(app: AppType, group: int) -> None:
    app.add_handler(TypeHandler(Update, _arrived), group)
