"""What nothing else took: unknown commands, buttons we never made, posts by channels.

Unknown commands and buttons are registered last in the main group (handlers.dispatch), where
the first matching handler wins: they run only when no feature's handler matched the update.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Chat, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.telegram.context import AppContext, AppType
from handlers.common import answer_forged, is_group, reply

log = logging.getLogger(__name__)


def _known_commands(app: Application[Any, Any, Any, Any, Any, Any]) -> set[str]:
    return {
        command
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


async def unknown_command(update: Update, context: AppContext) -> None:
    """A command no handler took here: either unknown, or one for the other kind of chat."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].lower()
    known = command in _known_commands(context.application)
    if is_group(message.chat):
        # Other bots may share the group: answer only what is ours but meant for private.
        if known:
            await reply(update, "group.private_only")
        return
    await reply(update, "bind.private_only_group" if known else "help.unknown_command")


async def unknown_button(update: Update, context: AppContext) -> None:
    """Data no button of ours carries: answer, or the member's client keeps spinning."""
    await answer_forged(update)


async def ignore_channel_posts(update: Update, context: AppContext) -> None:
    """A message in a group on behalf of a channel is not a person: no command, note, member."""
    message = update.effective_message
    if message is None or message.sender_chat is None:
        return
    if message.sender_chat.type == Chat.CHANNEL:
        log.info("ignored a post in %s by channel %s", message.chat.id, message.sender_chat.id)
        raise ApplicationHandlerStop


def register_channel_guard(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.SenderChat.CHANNEL, ignore_channel_posts),
        group,
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command), group
    )
    app.add_handler(CallbackQueryHandler(unknown_button), group)
