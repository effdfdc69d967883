"""/bind and /unbind: a group's admins attach the bot to their work group."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import zone_label
from bot.core.i18n import t
from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, lang_of, reply, reply_error, user_info


async def bind(update: Update, context: AppContext) -> None:
    chat, message, sender = update.effective_chat, update.effective_message, update.effective_user
    if chat is None or message is None or sender is None:
        return
    if not is_group(chat):
        await reply(update, "bind.private_only_group")
        return
    thread_id = message.message_thread_id if message.is_topic_message else None
    try:
        status = await context.services.rights.status(chat.id, sender.id)
        result = await context.services.groups.bind(
            chat.id, chat.title or "", chat.type, thread_id, user_info(sender), status
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    # Menus first, so that by the answer the secretaries' private menus are theirs.
    await _refresh_menus(context, chat.id)
    if result.already:
        await reply(update, "bind.already")
    else:
        # One message: the binding said, and the members' one tap to the private push.
        lang = lang_of(update)
        link = f"https://t.me/{context.bot.username}?start=g{result.group_id}"
        button = InlineKeyboardButton(t("bind.open_button", lang), url=link)
        await message.reply_text(
            t(
                "bind.done",
                lang,
                title=chat.title or "",
                time=result.broadcast_time,
                tz=zone_label(result.timezone, lang),
            ),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )


async def unbind(update: Update, context: AppContext) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    if not is_group(chat):
        await reply(update, "bind.private_only_group")
        return
    try:
        status = await context.services.rights.status(chat.id, sender.id)
        held = await context.services.groups.unbind(chat.id, user_info(sender), status)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await _refresh_menus(context, chat.id)
    if held:
        lang = lang_of(update)
        lessons = "\n".join(t("unbind.held_line", lang, n=n, title=title) for n, title in held)
        await reply(update, "unbind.done_held", lessons=lessons)
    else:
        await reply(update, "unbind.done")


async def _refresh_menus(context: AppContext, chat_id: int) -> None:
    """The group's admins get (or lose) the secretary's menu in their private chat."""
    try:
        admins = await context.services.rights.admins(chat_id)
    except DomainError:
        return  # Telegram not reachable: their next /start or rights change sets it
    await context.services.menus.refresh([a for a in admins if a != context.bot.id])


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("bind", bind, filters=~filters.UpdateType.EDITED), group)
    app.add_handler(CommandHandler("unbind", unbind, filters=~filters.UpdateType.EDITED), group)
