"""The private chat's keyboard: every key does what its command does, with no syntax.

Members: 今日微党课 · 写心得 · 我的学习 · 往期 · 请假. A secretary (runs a bound group, as
Telegram says) gets a second row: 待推送 · 报告 · 台账 · 活动. It comes with the greeting,
/start and /help in private chat, and stays (is_persistent).

A key arrives as a plain text message. Its handler group (dispatch KEYS) runs before the
pending prompt, the study notes and the 「作为心得提交？」 question, and stops the update: a
key press is never a note, a title or an answer. Both languages' labels are keys for everyone
(a keyboard sent before the language changed still works).
"""

from __future__ import annotations

from telegram import (
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.text_limits import split_lines
from bot.core.vocabulary import LessonStatus
from bot.core.when import full_day
from bot.telegram.context import AppContext, AppType
from handlers import leave_picker, me, past_lessons
from handlers.common import lang_of, reply_error
from handlers.export import export_private
from handlers.intake import lesson_buttons
from handlers.lessons import slot_text
from handlers.note_prompt import ask_note
from handlers.secretary_menus import ask_group, report_for, show_events

LANGS: tuple[Lang, ...] = ("zh", "en")
MEMBER_KEYS = ("key.today", "key.note", "key.me", "key.past", "key.leave")
SECRETARY_KEYS = ("key.queue", "key.report", "key.ledger", "key.events")
# Every label in every language, to its key.
LABELS: dict[str, str] = {
    t(key, lang): key for key in MEMBER_KEYS + SECRETARY_KEYS for lang in LANGS
}
# Enough of a queue to act on from the keyboard; /lessons lists the whole of it.
QUEUE_SHOWN = 10


def markup(lang: Lang, secretary: bool) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(t(key, lang)) for key in MEMBER_KEYS]]
    if secretary:
        rows.append([KeyboardButton(t(key, lang)) for key in SECRETARY_KEYS])
    return ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t("keyboard.placeholder", lang),
    )


async def runs_a_group(context: AppContext, user_id: int) -> bool:
    """A secretary: an admin of a bound group, as Telegram says (asked only of recorded admins)."""
    secretaries = context.services.secretaries
    if not await secretaries.recorded_admin(user_id):
        return False  # most people: no call to Telegram
    try:
        return bool(await secretaries.groups_of(user_id))
    except DomainError:
        return False  # Telegram not reachable: the member's keys still come


async def markup_for(context: AppContext, user_id: int, lang: Lang) -> ReplyKeyboardMarkup:
    return markup(lang, await runs_a_group(context, user_id))


async def reply_keyed(update: Update, context: AppContext, text: str) -> Message | None:
    """A reply in private chat that carries the keyboard (on its last part)."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return None
    keys = await markup_for(context, sender.id, lang_of(update))
    parts = split_lines(text.split("\n"))
    sent = None
    for i, part in enumerate(parts):
        sent = await message.reply_text(part, reply_markup=keys if i == len(parts) - 1 else None)
    return sent


async def _today(update: Update, context: AppContext, message: Message, lang: Lang) -> None:
    past = past_lessons.past_of(context)
    lesson = await past.latest(message.chat.id)
    if lesson is None:
        await message.reply_text(t("keyboard.no_lesson", lang))
        return
    if not past.is_today(lesson):
        await message.reply_text(t("keyboard.not_today", lang, day=full_day(lesson.day(), lang)))
    await past_lessons.send_lesson(update, context, lesson)


async def _note(update: Update, context: AppContext, message: Message, lang: Lang) -> None:
    lesson = await past_lessons.past_of(context).latest(message.chat.id)
    if lesson is None or not await ask_note(update, context, lesson.id):
        await message.reply_text(t("keyboard.no_lesson", lang))


async def _queue(update: Update, context: AppContext, message: Message, lang: Lang) -> None:
    """/lessons with each lesson's buttons (推送 now, another time, rename, cancel)."""
    views = await context.services.lessons.queue(message.chat.id)
    if not views:
        await message.reply_text(t("keyboard.queue_empty", lang))
        return
    await message.reply_text(t("lesson.list_header", lang))
    for view in views[:QUEUE_SHOWN]:
        line = t(
            "lesson.list_item",
            lang,
            n=view.number,
            title=view.title,
            group=view.group_title,
            slot=slot_text(view, lang),
        )
        # One going out now can no longer be changed: no buttons that would only refuse.
        markup = None if view.status == LessonStatus.SENDING else lesson_buttons(view.id, lang)
        await message.reply_text(line, reply_markup=markup)
    if len(views) > QUEUE_SHOWN:
        await message.reply_text(t("keyboard.queue_more", lang, count=len(views) - QUEUE_SHOWN))


async def _secretary(
    update: Update, context: AppContext, message: Message, key: str, lang: Lang
) -> None:
    groups = await context.services.secretaries.groups_of(message.chat.id)
    if not groups:
        raise DomainError("report.not_secretary")
    which = "r" if key == "key.report" else "a"
    if len(groups) > 1:
        await ask_group(message, which, groups, lang)
    elif which == "r":
        await report_for(update, context, groups[0].group_id)
    else:
        await show_events(context, message.chat.id, groups[0], lang)


async def on_key(update: Update, context: AppContext) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None or message.text is None:
        return
    key, lang = LABELS[message.text], lang_of(update)
    try:
        if key == "key.today":
            await _today(update, context, message, lang)
        elif key == "key.note":
            await _note(update, context, message, lang)
        elif key == "key.me":
            await me.me(update, context)
        elif key == "key.past":
            await past_lessons.show(update, context)
        elif key == "key.leave":
            await leave_picker.ask(update, context)
        elif key == "key.queue":
            await _queue(update, context, message, lang)
        elif key == "key.ledger":
            await export_private(update, context)
        else:
            await _secretary(update, context, message, key, lang)
    except DomainError as exc:
        await reply_error(update, exc)
    raise ApplicationHandlerStop  # a key is nothing else: no answer, note or hint


def register(app: AppType, group: int) -> None:
    keys = filters.Text(list(LABELS))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & keys, on_key), group
    )
