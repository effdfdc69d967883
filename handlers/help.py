"""/help in groups and in private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import AppContext, AppType
from handlers.common import is_group, reply


async def help_command(update: Update, context: AppContext) -> None:
    await reply(update, "help.group" if is_group(update.effective_chat) else "help.private")


def register(app: AppType) -> None:
    app.add_handler(CommandHandler("help", help_command))
