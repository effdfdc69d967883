"""/help in groups and in private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.core.i18n import t
from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, lang_of, reply
from handlers.keyboard import markup as keyboard_markup
from handlers.keyboard import runs_a_group


async def help_command(update: Update, context: AppContext) -> None:
    if is_group(update.effective_chat):
        await reply(update, "help.group")
        return
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    secretary = await runs_a_group(context, sender.id)
    # In private chat the help carries the keyboard (handlers.keyboard).
    keys = keyboard_markup(lang, secretary)
    if secretary:
        # A secretary reads his own part first; the member's part follows.
        text = f"{t('help.secretary', lang)}\n\n{t('help.private', lang)}"
    else:
        text = t("help.private", lang)
    await message.reply_text(text, reply_markup=keys)


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
