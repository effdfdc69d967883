"""/settime /settings /skip /unskip /extra in a bound group."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import local_slot
from bot.core.i18n import Lang, t
from bot.core.when import full_day
from bot.groups.settings import GroupSettingsView
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply, reply_error

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
        tz=view.timezone,
        next=local_slot(view.next_slot, view.timezone, lang_of(update)),
    )


def _settings_text(view: GroupSettingsView, lang: Lang) -> str:
    days = t("settings.workdays", lang) if view.weekdays == "workdays" else view.weekdays
    return t(
        "settings.view",
        lang,
        title=view.title,
        time=view.broadcast_time,
        tz=view.timezone,
        days=days,
        reminder=view.reminder_time,
        pin=t("settings.yes" if view.pin else "settings.no", lang),
        board=t("settings.on" if view.leaderboard else "settings.off", lang),
        skips=", ".join(d.isoformat() for d in view.skip_days) or t("settings.none", lang),
        next=local_slot(view.next_slot, view.timezone, lang),
    )


def _settings_markup(view: GroupSettingsView, lang: Lang) -> InlineKeyboardMarkup:
    """One button: turn the leaderboard on (or off); only admins' presses take effect."""
    key = "button.board_off" if view.leaderboard else "button.board_on"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(key, lang), callback_data=callback_data.board(not view.leaderboard)
                )
            ]
        ]
    )


async def settings(update: Update, context: AppContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    lang = lang_of(update)
    try:
        view = await context.services.group_settings.view(chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await message.reply_text(_settings_text(view, lang), reply_markup=_settings_markup(view, lang))


async def on_board(update: Update, context: AppContext) -> None:
    """The settings message's leaderboard button; the presser's rights are Telegram's answer."""
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    on = callback_data.parse_board(query.data)
    message = query.message
    if on is None or message is None or not is_group(message.chat):
        await answer_forged(update)
        return
    service = context.services.group_settings
    try:
        status = await context.services.rights.status(message.chat.id, sender.id)
        await service.set_leaderboard(message.chat.id, status, on)
        view = await service.view(message.chat.id)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer(t("settings.board_on" if on else "settings.board_off", lang))
    try:
        await query.edit_message_text(
            _settings_text(view, lang), reply_markup=_settings_markup(view, lang)
        )
    except BadRequest as exc:
        # Pressed twice: the message already says so.
        if "not modified" not in exc.message.lower():
            raise


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
    app.add_handler(CommandHandler("settings", settings, filters=GROUPS), group)
    app.add_handler(CommandHandler("skip", skip, filters=GROUPS), group)
    app.add_handler(CommandHandler("unskip", unskip, filters=GROUPS), group)
    app.add_handler(CommandHandler("extra", extra, filters=GROUPS), group)
    app.add_handler(CallbackQueryHandler(on_board, pattern=callback_data.BOARD_PATTERN), group)
