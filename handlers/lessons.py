"""The secretary's queue: /lessons /sendnow /schedule /cancel /title and the lesson buttons."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import local_slot
from bot.core.i18n import Lang, t
from bot.core.text_limits import split_lines
from bot.core.vocabulary import LessonStatus
from bot.groups.numbers import Numbered
from bot.lessons.views import LessonView
from bot.telegram import callback_data
from bot.telegram.callback_data import LessonAction
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error
from handlers.numbered import numbered_command
from handlers.prompts import Prompt, ask_typed, close

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
LESSON = Numbered.LESSON


def slot_text(view: LessonView, lang: Lang) -> str:
    if view.status == LessonStatus.MISSED:
        return t("lesson.status_missed", lang)
    if view.status == LessonStatus.SENDING:
        return t("lesson.status_sending", lang)
    if view.status == LessonStatus.HELD:
        return t("lesson.status_held", lang)
    return local_slot(view.slot_at, view.timezone, lang)


async def list_lessons(update: Update, context: AppContext) -> None:
    if update.effective_user is None or update.effective_message is None:
        return
    lang = lang_of(update)
    try:
        views = await context.services.lessons.queue(update.effective_user.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if not views:
        await reply(update, "lesson.list_empty")
        return
    lines = [t("lesson.list_header", lang)] + [
        t(
            "lesson.list_item",
            lang,
            n=view.number,
            title=view.title,
            group=view.group_title,
            slot=slot_text(view, lang),
        )
        for view in views
    ]
    # A month's queue of long titles is more than one message holds: send it in parts.
    for part in split_lines(lines):
        await update.effective_message.reply_text(part)


async def _send_now(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    if update.effective_user is None:
        return
    try:
        view = await context.services.lessons.send_now(update.effective_user.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "lesson.sending_now", n=view.number)


async def _schedule(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    if update.effective_user is None:
        return
    try:
        view = await context.services.lessons.reschedule(
            update.effective_user.id, lesson_id, " ".join(rest)
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(
        update,
        "lesson.rescheduled",
        n=view.number,
        slot=local_slot(view.slot_at, view.timezone, lang_of(update)),
    )


async def _cancel(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    if update.effective_user is None:
        return
    try:
        view = await context.services.lessons.cancel(update.effective_user.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "lesson.cancel_done", n=view.number, title=view.title)


async def _title(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    if update.effective_user is None:
        return
    try:
        view = await context.services.lessons.rename(
            update.effective_user.id, lesson_id, " ".join(rest)
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await reply(update, "lesson.renamed", n=view.number, title=view.title)


send_now = numbered_command("sendnow", LESSON, _send_now, "lesson.usage_n", cmd="sendnow")
schedule = numbered_command("schedule", LESSON, _schedule, "lesson.usage_schedule", min_args=2)
cancel = numbered_command("cancel", LESSON, _cancel, "lesson.usage_n", cmd="cancel")
title = numbered_command("title", LESSON, _title, "lesson.usage_title", min_args=2)


@dataclass(frozen=True)
class TitlePrompt(Prompt):
    """改标题 pressed: the next text is the lesson's new title."""

    lesson_id: int
    kind: ClassVar[str] = "title"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        if update.effective_user is None:
            return
        try:
            view = await context.services.lessons.rename(
                update.effective_user.id, self.lesson_id, message.text or ""
            )
        except DomainError as exc:
            await reply_error(update, exc)  # still open: the next text may fit
            return
        close(context, self)
        await reply(update, "lesson.renamed", n=view.number, title=view.title)


async def _move(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    """/move N: buttons of the other bound groups the sender runs."""
    if update.effective_user is None or update.effective_message is None:
        return
    lang = lang_of(update)
    lessons = context.services.lessons
    try:
        view = await lessons.get(update.effective_user.id, lesson_id)
        targets = await lessons.move_targets(update.effective_user.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if not targets:
        await reply(update, "lesson.move_no_group", n=view.number)
        return
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    g.title or str(g.chat_id),
                    callback_data=callback_data.move_lesson(lesson_id, g.id),
                )
            ]
            for g in targets
        ]
    )
    await update.effective_message.reply_text(
        t("lesson.move_pick", lang, n=view.number), reply_markup=markup
    )


move = numbered_command("move", LESSON, _move, "lesson.usage_n", cmd="move")


async def on_move(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_move_lesson(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    n, group_id = parsed
    lang = lang_of(update)
    try:
        view = await context.services.lessons.move_to_group(sender.id, n, group_id)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    if query.message is not None:
        slot = local_slot(view.slot_at, view.timezone, lang)
        await context.bot.send_message(
            query.message.chat.id,
            t(
                "lesson.moved",
                lang,
                n=view.number,
                title=view.title,
                group=view.group_title,
                slot=slot,
            ),
        )


async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    lessons = context.services.lessons
    slot = callback_data.parse_use_slot(query.data)
    spent = False  # the card's buttons can do nothing more once it is sent or cancelled
    pressed = callback_data.parse_lesson_action(query.data)
    try:
        if slot is not None:
            n, when = slot
            view = await lessons.reschedule_at(sender.id, n, when)
            text = t(
                "lesson.rescheduled",
                lang,
                n=view.number,
                slot=local_slot(view.slot_at, view.timezone, lang),
            )
        elif pressed is None:
            await answer_forged(update)
            return
        else:
            action, n = pressed
            if action is LessonAction.SEND_NOW:
                view = await lessons.send_now(sender.id, n)
                text = t("lesson.sending_now", lang, n=view.number)
                spent = True
            elif action is LessonAction.CANCEL:
                view = await lessons.cancel(sender.id, n)
                text = t("lesson.cancel_done", lang, n=view.number, title=view.title)
                spent = True
            elif action is LessonAction.RENAME:
                view = await lessons.editable(sender.id, n)
                await query.answer()
                if query.message is not None:
                    await ask_typed(
                        context,
                        query.message.chat.id,
                        TitlePrompt(n),
                        t("intake.waiting_title", lang, n=view.number),
                        t("intake.title_hint", lang),
                        lang,
                    )
                return
            else:
                slots = await lessons.free_slots(sender.id, n)
                view = await lessons.get(sender.id, n)
                slots_markup = InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                local_slot(s, view.timezone, lang),
                                callback_data=callback_data.use_slot(n, s),
                            )
                        ]
                        for s in slots
                    ]
                )
                await query.answer()
                if query.message is not None:
                    await context.bot.send_message(
                        query.message.chat.id,
                        t("lesson.pick_slot", lang, n=view.number),
                        reply_markup=slots_markup,
                    )
                return
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, text)
    if spent:
        try:
            await query.edit_message_reply_markup(None)
        except BadRequest as exc:  # too old to edit: its buttons still only refuse
            log.info("lesson card's buttons not taken off: %s", exc.message)


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("lessons", list_lessons, filters=PRIVATE), group)
    app.add_handler(CommandHandler("sendnow", send_now, filters=PRIVATE), group)
    app.add_handler(CommandHandler("schedule", schedule, filters=PRIVATE), group)
    app.add_handler(CommandHandler("cancel", cancel, filters=PRIVATE), group)
    app.add_handler(CommandHandler("move", move, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_move, pattern=callback_data.MOVE_PATTERN), group)
    app.add_handler(CommandHandler("title", title, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_button, pattern=callback_data.LESSON_PATTERN), group)
