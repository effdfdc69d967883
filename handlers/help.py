"""/help in groups and in private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, lang_of, reply


async def help_command(update: Update, context: AppContext) -> None:
    if is_group(update.effective_chat):
        await reply(update, "help.group")
        return
    sender, message = update.effective_user, update.effective_message
    if sender is not None and message is not None and await _runs_a_group(context, sender.id):
        # A secretary reads his own part first; the member's part follows.
        lang = lang_of(update)
        await message.reply_text(f"{t('help.secretary', lang)}\n\n{t('help.private', lang)}")
        return
    await reply(update, "help.private")


async def _runs_a_group(context: AppContext, user_id: int) -> bool:
    secretaries = context.services.secretaries
    if not await secretaries.recorded_admin(user_id):
        return False  # most people: no call to Telegram
    try:
        return bool(await secretaries.groups_of(user_id))
    except DomainError:
        return False  # Telegram not reachable: the member's help still answers


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
