"""往期微党课: a member lists the lessons that went out to their groups (paged buttons, newest
first, 已学 ✓ on what they heard) and gets one sent to them privately.

The copy goes the way a lesson's link sends it (handlers.start): opened is recorded, the
broadcaster sends the private copy once through its ledger, and only the ✅ press on that copy
(or a note, the player) is a listen, timed by the points rules: a lesson of an earlier day
counts as a make-up (补学) or late. A copy they have already is pointed at, not sent again: the
ledger's message is the one whose ✅ counts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.text_limits import clip
from bot.core.when import month_day
from bot.engagement.evidence import Outcome
from bot.lessons.past import PastLesson, PastLessons, PastPage
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, user_info
from handlers.notes import remember_lesson

log = logging.getLogger(__name__)

PAGE = 6
# A button's label: the date, the title cut to fit a phone's width, and 已学 ✓.
TITLE_LIMIT = 18


def past_of(context: AppContext) -> PastLessons:
    services = context.services
    return PastLessons(services.db, services.clock)


def _label(lesson: PastLesson, lang: Lang) -> str:
    issue = t("lesson.issue", lang, n=lesson.number)
    label = f"{issue} {month_day(lesson.day(), lang)} {clip(lesson.title, TITLE_LIMIT)}"
    return f"{label} · {t('past.heard', lang)}" if lesson.heard else label


def page_markup(page: PastPage, lang: Lang) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _label(lesson, lang), callback_data=callback_data.past_lesson(lesson.id)
            )
        ]
        for lesson in page.lessons
    ]
    nav = []
    if page.page > 0:
        nav.append(
            InlineKeyboardButton(
                t("button.past_prev", lang), callback_data=callback_data.past_page(page.page - 1)
            )
        )
    if page.page + 1 < page.pages:
        nav.append(
            InlineKeyboardButton(
                t("button.past_next", lang), callback_data=callback_data.past_page(page.page + 1)
            )
        )
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def page_text(page: PastPage, lang: Lang) -> str:
    return t("past.header", lang, page=page.page + 1, pages=page.pages)


async def show(update: Update, context: AppContext) -> None:
    """The first page of the member's past lessons (the 「往期」 key)."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    page = await past_of(context).page(sender.id, 0, PAGE)
    if not page.lessons:
        await message.reply_text(t("past.none", lang))
        return
    await message.reply_text(page_text(page, lang), reply_markup=page_markup(page, lang))


async def send_lesson(update: Update, context: AppContext, lesson: PastLesson) -> None:
    """The lesson in the member's private chat, as its link sends it; opened, not listened."""
    services, sender = context.services, update.effective_user
    if sender is None:
        return
    lang = lang_of(update)
    opened = await services.listens.open_private(lesson.id, user_info(sender))
    if opened is not Outcome.RECORDED:
        raise DomainError("past.not_yours")
    remember_lesson(
        context,
        lesson.id,
        services.clock.now() + timedelta(hours=services.settings.notes.private_note_hours),
    )
    if await services.broadcaster.private_copy(lesson.id, sender.id):
        return
    # The ledger says they have it: point at that copy (its ✅ is the one that counts).
    held = await past_of(context).private_message(lesson.id, sender.id)
    if held is None:
        await context.bot.send_message(sender.id, t("keyboard.copy_failed", lang, n=lesson.number))
        return
    await context.bot.send_message(
        sender.id,
        t("keyboard.copy_above", lang, n=lesson.number, title=lesson.title),
        reply_parameters=ReplyParameters(held, allow_sending_without_reply=True),
    )


async def on_press(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_past(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    kind, number = parsed
    lang = lang_of(update)
    past = past_of(context)
    if kind == "p":
        page = await past.page(sender.id, number, PAGE)
        try:
            await query.edit_message_text(
                page_text(page, lang), reply_markup=page_markup(page, lang)
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise
        await query.answer()
        return
    lesson = await past.get(sender.id, number)
    try:
        if lesson is None:
            raise DomainError("past.not_yours")
        await send_lesson(update, context, lesson)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    except TelegramError as exc:
        log.info("past lesson #%s not sent to %s: %s", number, sender.id, exc.message)
        await answer_error(
            update, DomainError("keyboard.copy_failed", n=lesson.number if lesson else 0)
        )
        return
    await query.answer()


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_press, pattern=callback_data.PAST_PATTERN), group)
