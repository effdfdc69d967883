"""The one error handler: log with the traceback, tell the user briefly, where it happened.

A failed button press is answered on the button, as an alert only the presser sees: the
group never gets an error message from a press. A reply in a chat is sent at most once a
minute per chat, so a burst of failures (a database blip during 300 presses, a loop of
commands) cannot flood it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Update
from telegram.error import TelegramError

from bot.core.clock import Clock
from bot.core.i18n import lang_for, t
from bot.telegram.context import AppContext, AppType

log = logging.getLogger(__name__)

REPLY_EVERY = timedelta(minutes=1)


class ReplyLimit:
    """At most one error reply per chat per `every`, by the injected clock."""

    def __init__(self, every: timedelta = REPLY_EVERY) -> None:
        self.every = every
        self._last: dict[int, datetime] = {}

    def allow(self, chat_id: int, clock: Clock) -> bool:
        now = clock.now()
        last = self._last.get(chat_id)
        if last is not None and now - last < self.every:
            return False
        # Forget chats whose minute has passed, so the map stays as small as the burst.
        self._last = {c: at for c, at in self._last.items() if now - at < self.every}
        self._last[chat_id] = now
        return True


async def on_error(update: object, context: AppContext, limit: ReplyLimit) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    user = update.effective_user
    text = t("error.generic", lang_for(user.language_code if user else None))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
            return
        message = update.effective_message
        if message is None:
            return
        if not limit.allow(message.chat.id, context.services.clock):
            log.info("error reply to chat %s held back: one a minute", message.chat.id)
            return
        await message.reply_text(text)
    except TelegramError:
        # The query may be answered already or too old, the chat gone: nothing more to say.
        log.warning("could not tell the user about the error", exc_info=True)


def register(app: AppType) -> None:
    limit = ReplyLimit()

    async def handle(update: object, context: AppContext) -> None:
        await on_error(update, context, limit)

    app.add_error_handler(handle)
