"""/settime /skip /unskip /extra in a bound group (/settings is handlers.settings_menu)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import local_slot, zone_label
from bot.core.when import full_day
from bot.telegram.context import AppContext, AppType
from handlers.common import lang_of, reply, reply_error

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
        if not args:
            raise DomainError("settings.usage_settime")
        status = await context.services.rights.status(chat.id, sender.id)
        group_id = await context.services.group_settings.set_time(chat.id, status, " ".join(args))
        await context.services.lessons.reslot_group(group_id)
        view = await context.services.group_settings.view(chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(
        update,
        "settings.time_set",
        time=view.broadcast_time,
        tz=zone_label(view.timezone, lang_of(update)),
        next=local_slot(view.next_slot, view.timezone, lang_of(update)),
    )


async def _skip(update: Update, context: AppContext, cmd: str) -> None:
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        return
    args = context.args or []
    service = context.services.group_settings
    try:
        if not args:
            raise DomainError("settings.usage_skip", cmd=cmd)
        day_text = " ".join(args)
        status = await context.services.rights.status(chat.id, sender.id)
        if cmd == "skip":
            group_id, day = await service.skip(chat.id, status, sender.id, day_text)
        elif cmd == "extra":  # an adjusted working day
            group_id, day = await service.add_extra_day(chat.id, status, sender.id, day_text)
        else:
            group_id, day = await service.unskip(chat.id, status, day_text)
        await context.services.lessons.reslot_group(group_id)
        nxt = await _next_text(update, context, chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    key = {"skip": "settings.skipped", "extra": "settings.extra_set"}.get(cmd, "settings.unskipped")
    await reply(update, key, day=full_day(day, lang_of(update)), next=nxt)


async def skip(update: Update, context: AppContext) -> None:
    await _skip(update, context, "skip")


async def unskip(update: Update, context: AppContext) -> None:
    await _skip(update, context, "unskip")


async def extra(update: Update, context: AppContext) -> None:
    await _skip(update, context, "extra")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("settime", settime, filters=GROUPS), group)
    app.add_handler(CommandHandler("skip", skip, filters=GROUPS), group)
    app.add_handler(CommandHandler("unskip", unskip, filters=GROUPS), group)
    app.add_handler(CommandHandler("extra", extra, filters=GROUPS), group)
