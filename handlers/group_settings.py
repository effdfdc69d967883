"""/settime /settings /skip /unskip in a bound group."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import AppContext, AppType
from bot.errors import DomainError
from bot.formatting import local_slot
from bot.i18n import t
from handlers.common import lang_of, member_status, reply, reply_error

GROUPS = filters.ChatType.GROUPS


async def _next_text(update: Update, context: AppContext, chat_id: int) -> str:
    view = await context.services.group_settings.view(chat_id)
    return local_slot(view.next_slot, view.timezone, lang_of(update))


async def settime(update: Update, context: AppContext) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    args = context.args or []
    try:
        if len(args) != 1:
            raise DomainError("settings.usage_settime")
        status = await member_status(context, chat.id, sender.id)
        group_id = await context.services.group_settings.set_time(chat.id, status, args[0])
        await context.services.lessons.reslot_group(group_id)
        view = await context.services.group_settings.view(chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(
        update,
        "settings.time_set",
        time=view.broadcast_time,
        tz=view.timezone,
        next=local_slot(view.next_slot, view.timezone, lang_of(update)),
    )


async def settings(update: Update, context: AppContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    lang = lang_of(update)
    try:
        view = await context.services.group_settings.view(chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    days = t("settings.workdays", lang) if view.weekdays == "workdays" else view.weekdays
    await reply(
        update,
        "settings.view",
        title=view.title,
        time=view.broadcast_time,
        tz=view.timezone,
        days=days,
        reminder=view.reminder_time,
        pin=t("settings.yes" if view.pin else "settings.no", lang),
        skips=", ".join(d.isoformat() for d in view.skip_days) or t("settings.none", lang),
        next=local_slot(view.next_slot, view.timezone, lang),
    )


async def _skip(update: Update, context: AppContext, cmd: str) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    args = context.args or []
    service = context.services.group_settings
    try:
        if len(args) != 1:
            raise DomainError("settings.usage_skip", cmd=cmd)
        status = await member_status(context, chat.id, sender.id)
        if cmd == "skip":
            group_id = await service.skip(chat.id, status, sender.id, args[0])
        else:
            group_id = await service.unskip(chat.id, status, args[0])
        await context.services.lessons.reslot_group(group_id)
        nxt = await _next_text(update, context, chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(
        update, "settings.skipped" if cmd == "skip" else "settings.unskipped", day=args[0], next=nxt
    )


async def skip(update: Update, context: AppContext) -> None:
    await _skip(update, context, "skip")


async def unskip(update: Update, context: AppContext) -> None:
    await _skip(update, context, "unskip")


def register(app: AppType) -> None:
    app.add_handler(CommandHandler("settime", settime, filters=GROUPS))
    app.add_handler(CommandHandler("settings", settings, filters=GROUPS))
    app.add_handler(CommandHandler("skip", skip, filters=GROUPS))
    app.add_handler(CommandHandler("unskip", unskip, filters=GROUPS))
