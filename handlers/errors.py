"""The one error handler: log with the traceback, tell the user briefly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.core.i18n import lang_for, t
from bot.telegram.context import AppContext, AppType

log = logging.getLogger(__name__)


async def on_error(update: object, context: AppContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    user = update.effective_user
    try:
        await update.effective_message.reply_text(
            t("error.generic", lang_for(user.language_code if user else None))
        )
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)


def register(app: AppType) -> None:
    app.add_error_handler(on_error)
