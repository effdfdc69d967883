"""/settings in a bound group: what the group's settings are, and a button for each of them.

Anyone may look; only the group's admins' presses change anything (Telegram is asked who is
an admin at the press). A change is confirmed with its new value in words, and the message
shows the settings as they are now. Broadcast time and days move the queued lessons.
"""

from __future__ import annotations

from datetime import date

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import local_slot, zone_label
from bot.core.i18n import Lang, t
from bot.core.vocabulary import ADMIN_STATUSES
from bot.core.when import short_day
from bot.groups.settings import GroupSettingsView
from bot.groups.switches import (
    BROADCAST_TIMES,
    DAY_CHOICES,
    OFF,
    ON,
    REMINDER_TIMES,
    Setting,
    compact,
)
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, is_group, lang_of, reply_error

GROUPS = filters.ChatType.GROUPS


def _on_off(on: bool, lang: Lang) -> str:
    return t("settings.on" if on else "settings.off", lang)


def _days(weekdays: str, lang: Lang) -> str:
    for choice, stored in DAY_CHOICES.items():
        if weekdays == stored:
            return t(f"settings.days_{choice}", lang)
    return weekdays


def _day_list(days: list[date], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(short_day(d, lang) for d in days)


def _reminder(view: GroupSettingsView, lang: Lang) -> str:
    return view.reminder_time if view.reminders else t("settings.off", lang)


def settings_text(view: GroupSettingsView, lang: Lang) -> str:
    return t(
        "settings.view",
        lang,
        title=view.title,
        time=view.broadcast_time,
        tz=zone_label(view.timezone, lang),
        days=_days(view.weekdays, lang),
        reminder=_reminder(view, lang),
        line=_on_off(view.evening_line, lang),
        alert=_on_off(view.empty_slot_alert, lang),
        pin=t("settings.yes" if view.pin else "settings.no", lang),
        board=_on_off(view.leaderboard, lang),
        skips=_day_list(view.skip_days, lang) or t("settings.none", lang),
        next=local_slot(view.next_slot, view.timezone, lang),
    )


def _button(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback_data.setting(action, value))


def _toggle(key: str, action: str, on: bool, lang: Lang) -> InlineKeyboardButton:
    return _button(t(key, lang, state=_on_off(on, lang)), action, OFF if on else ON)


def main_markup(view: GroupSettingsView, lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t("button.set_time", lang, time=view.broadcast_time), "open", "time"),
                _button(
                    t("button.set_days", lang, days=_days(view.weekdays, lang)), "open", "days"
                ),
            ],
            [
                _button(t("button.set_remind", lang, time=_reminder(view, lang)), "open", "remind"),
                _toggle("button.set_line", "line", view.evening_line, lang),
            ],
            [
                _toggle("button.set_alert", "alert", view.empty_slot_alert, lang),
                _toggle("button.set_board", "board", view.leaderboard, lang),
            ],
        ]
    )


def _grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def sub_markup(menu: str, view: GroupSettingsView, lang: Lang) -> InlineKeyboardMarkup:
    """The choices of one setting, the current one marked ✓, and the way back."""
    rows: list[list[InlineKeyboardButton]]
    if menu == "time":
        rows = _grid(
            [
                _button(("✓ " if hhmm == view.broadcast_time else "") + hhmm, "time", compact(hhmm))
                for hhmm in BROADCAST_TIMES
            ],
            3,
        )
    elif menu == "days":
        rows = [
            [
                _button(
                    ("✓ " if view.weekdays == stored else "") + t(f"settings.days_{choice}", lang),
                    "days",
                    choice,
                )
            ]
            for choice, stored in DAY_CHOICES.items()
        ]
    else:
        current = view.reminder_time if view.reminders else None
        rows = _grid(
            [
                _button(("✓ " if hhmm == current else "") + hhmm, "remind", compact(hhmm))
                for hhmm in REMINDER_TIMES
            ],
            4,
        )
        rows.append(
            [
                _button(
                    ("✓ " if current is None else "") + t("button.remind_off", lang), "remind", OFF
                )
            ]
        )
    rows.append([_button(t("button.back", lang), "back")])
    return InlineKeyboardMarkup(rows)


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
    text = settings_text(view, lang) + "\n" + t("settings.hint", lang)
    await message.reply_text(text, reply_markup=main_markup(view, lang))


def _changed_text(setting: Setting, view: GroupSettingsView, lang: Lang) -> str:
    """The new value in words, for the press's answer."""
    if setting is Setting.TIME:
        return t("settings.time_now", lang, time=view.broadcast_time)
    if setting is Setting.DAYS:
        return t("settings.days_now", lang, days=_days(view.weekdays, lang))
    if setting is Setting.REMIND:
        return t("settings.remind_now", lang, time=_reminder(view, lang))
    if setting is Setting.LINE:
        return t("settings.line_now", lang, state=_on_off(view.evening_line, lang))
    if setting is Setting.ALERT:
        return t("settings.alert_now", lang, state=_on_off(view.empty_slot_alert, lang))
    return t("settings.board_on" if view.leaderboard else "settings.board_off", lang)


async def on_press(update: Update, context: AppContext) -> None:
    query = update.callback_query
    await _pressed(update, context, callback_data.parse_setting(query.data if query else None))


async def on_board(update: Update, context: AppContext) -> None:
    """The leaderboard button of a /settings message sent before the menu had buttons for
    everything: it still works, as the menu's own leaderboard button does."""
    query = update.callback_query
    on = callback_data.parse_board(query.data if query else None)
    await _pressed(update, context, None if on is None else (Setting.BOARD, ON if on else OFF))


async def _pressed(update: Update, context: AppContext, parsed: tuple[str, str] | None) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    message = query.message
    if parsed is None or message is None or not is_group(message.chat):
        await answer_forged(update)
        return
    action, value = parsed
    chat_id = message.chat.id
    services = context.services
    try:
        status = await services.rights.status(chat_id, sender.id)
        if action in ("open", "back"):
            # Looking at the choices changes nothing, but only admins may make them.
            if action == "open" and status not in ADMIN_STATUSES:
                raise DomainError("settings.not_admin")
            view = await services.group_settings.view(chat_id)
            markup = main_markup(view, lang) if action == "back" else sub_markup(value, view, lang)
            # The menu is changed before the press is answered: the next press finds it.
            await _edit(query, settings_text(view, lang), markup)
            await query.answer()
            return
        setting = Setting(action)
        group_id = await services.switches.change(chat_id, status, setting, value)
        if setting in (Setting.TIME, Setting.DAYS):
            await services.lessons.reslot_group(group_id)
        view = await services.group_settings.view(chat_id)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await _edit(query, settings_text(view, lang), main_markup(view, lang))
    await query.answer(_changed_text(setting, view, lang))


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        # Pressed twice: the message already says so.
        if "not modified" not in exc.message.lower():
            raise


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("settings", settings, filters=GROUPS), group)
    app.add_handler(CallbackQueryHandler(on_press, pattern=callback_data.SETTING_PATTERN), group)
    app.add_handler(CallbackQueryHandler(on_board, pattern=callback_data.BOARD_PATTERN), group)
