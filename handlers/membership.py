"""/join (add me to this group's roster) and /leave (请假)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import day_ranges
from bot.members.lookup import names_a_member
from bot.telegram.context import AppContext, AppType
from handlers import leave_picker
from handlers.common import lang_of, reply, reply_error, user_info


async def join(update: Update, context: AppContext) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    try:
        title = await context.services.groups.join(chat.id, user_info(sender))
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "join.done", group=title)


async def join_private(update: Update, context: AppContext) -> None:
    await reply(update, "bind.private_only_group")


async def leave(update: Update, context: AppContext) -> None:
    sender = update.effective_user
    if sender is None:
        return
    args = context.args or []
    service = context.services.leave
    lang = lang_of(update)
    if not args:
        upcoming = await service.upcoming(sender.id)
        if upcoming:
            await reply(update, "leave.list", days=day_ranges(upcoming, lang))
        await leave_picker.ask(update, context)
        return
    target = args[0] if names_a_member(args[0]) else None
    try:
        view = await service.add(user_info(sender), args[1:] if target else args, target)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    days = day_ranges([(view.start, view.end)], lang)
    if target is None:
        await reply(update, "leave.done_self", days=days)
    else:
        await reply(update, "leave.done_other", name=view.name, days=days)


async def leave_group(update: Update, context: AppContext) -> None:
    await reply(update, "group.private_only")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("join", join, filters=filters.ChatType.GROUPS), group)
    app.add_handler(CommandHandler("join", join_private, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("leave", leave, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("leave", leave_group, filters=filters.ChatType.GROUPS), group)
