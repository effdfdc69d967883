"""/help in groups and in private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, reply


async def help_command(update: Update, context: AppContext) -> None:
    await reply(update, "help.group" if is_group(update.effective_chat) else "help.private")


async def private_text(update: Update, context: AppContext) -> None:
    """Text in private chat that nothing else took: say how to write a note, and /help."""
    await reply(update, "help.private_text", min=context.services.settings.notes.min_chars)


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("help", help_command), group)


def register_private_text(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
            private_text,
        ),
        group,
    )
