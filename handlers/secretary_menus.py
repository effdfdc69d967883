"""The secretary's keys that need a group: 报告 (the latest lesson's report) and 活动 (the
group's activity days, each with its 纪实表 and sign-in code). A secretary of several groups
picks the group once, by button; every press is checked again by the service it reaches."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.branch_life.events.upcoming import upcoming_events
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.when import short_day_time
from bot.groups.secretaries import GroupRef
from bot.lessons.past import PastLessons
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply_error
from handlers.meeting_record import record_buttons, record_text
from handlers.report import show_reports


async def ask_group(message: Message, which: str, groups: list[GroupRef], lang: Lang) -> None:
    rows = [
        [
            InlineKeyboardButton(
                group.title or str(group.chat_id),
                callback_data=callback_data.menu_group(which, group.group_id),
            )
        ]
        for group in groups
    ]
    key = "keyboard.pick_group_report" if which == "r" else "keyboard.pick_group_events"
    await message.reply_text(t(key, lang), reply_markup=InlineKeyboardMarkup(rows))


async def report_for(update: Update, context: AppContext, group_id: int) -> None:
    """The report of the group's latest lesson (the report service checks the secretary)."""
    services = context.services
    lesson_id = await PastLessons(services.db, services.clock).latest_of_group(group_id)
    if lesson_id is None:
        raise DomainError("report.no_lesson")
    await show_reports(update, context, lesson_id)


def _event_buttons(event_id: int, lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button.menu_record", lang),
                    callback_data=callback_data.menu_event("r", event_id),
                ),
                InlineKeyboardButton(
                    t("button.menu_signin", lang),
                    callback_data=callback_data.menu_event("s", event_id),
                ),
            ]
        ]
    )


async def show_events(context: AppContext, chat_id: int, group: GroupRef, lang: Lang) -> None:
    """The group's activity days from a week ago on, each with its buttons."""
    events = await upcoming_events(
        context.services.db, group.group_id, context.services.clock.now()
    )
    if not events:
        await context.bot.send_message(
            chat_id, t("keyboard.events_none", lang, group=group.title or str(group.chat_id))
        )
        return
    for view in events:
        line = t(
            "keyboard.event_line",
            lang,
            n=view.number,
            kind=view.kind,
            title=view.title,
            when=short_day_time(view.local(), lang),
        )
        await context.bot.send_message(chat_id, line, reply_markup=_event_buttons(view.id, lang))


async def on_group(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_menu_group(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    which, group_id = parsed
    lang = lang_of(update)
    try:
        groups = await context.services.secretaries.groups_of(sender.id)
        group = next((g for g in groups if g.group_id == group_id), None)
        if group is None:
            raise DomainError("report.not_secretary")
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    try:
        if which == "r":
            await report_for(update, context, group_id)
        else:
            await show_events(context, sender.id, group, lang)
    except DomainError as exc:
        await reply_error(update, exc)  # the press is answered: the refusal is a message


async def on_event(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_menu_event(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    action, event_id = parsed
    lang = lang_of(update)
    events = context.services.events
    try:
        if action == "r":
            record = await events.record(sender.id, event_id)
            await query.answer()
            await context.bot.send_message(
                sender.id, record_text(record, lang), reply_markup=record_buttons(event_id, lang)
            )
        else:
            view = await events.open_signin(sender.id, event_id)
            await query.answer()
            await context.services.signin_qr.show(sender.id, view, lang)
    except DomainError as exc:
        await answer_error(update, exc)


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_group, pattern=callback_data.MENU_GROUP_PATTERN), group)
    app.add_handler(CallbackQueryHandler(on_event, pattern=callback_data.MENU_EVENT_PATTERN), group)
