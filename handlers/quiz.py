"""/quiz N: the secretary attaches a quiz to a lesson (one message, or step by step with
buttons); poll_answer updates are scored by bot.branch_life.quiz."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.branch_life.quiz import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    QuestionInput,
    parse_quiz_text,
)
from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.telegram import callback_data
from bot.telegram.callback_data import QuizAction
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
QUIZ_DRAFT = "quiz_draft"
_LESSON_N = re.compile(r"^#?(\d{1,9})$")


def _draft(context: AppContext) -> dict[str, Any] | None:
    value = context.user_store.get(QUIZ_DRAFT)
    return value if isinstance(value, dict) else None


async def quiz(update: Update, context: AppContext) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None or not message.text:
        return
    head, _, rest = message.text.partition("\n")
    parts = head.split(maxsplit=2)
    if len(parts) < 2 or not _LESSON_N.match(parts[1]):
        await reply(update, "quiz.usage")
        return
    lesson_id = int(parts[1].lstrip("#"))
    body = "\n".join(p for p in (parts[2] if len(parts) > 2 else "", rest) if p.strip())
    service = context.services.quiz
    try:
        if body.strip():
            questions = await service.attach(sender.id, lesson_id, parse_quiz_text(body))
            context.user_store.pop(QUIZ_DRAFT, None)
            await reply(update, "quiz.attached", n=lesson_id, count=len(questions))
            return
        await service.check_lesson(sender.id, lesson_id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    context.user_store[QUIZ_DRAFT] = {"lesson": lesson_id, "questions": [], "step": "question"}
    await reply(update, "quiz.ask_question", i=1)


async def draft_text(update: Update, context: AppContext) -> None:
    """While a draft is open, what the secretary types is its next question or options."""
    message, draft = update.effective_message, _draft(context)
    if message is None or draft is None or not message.text:
        return
    lang = lang_of(update)
    text = message.text.strip()
    if draft["step"] == "question":
        if len(text) > 300:
            await reply(update, "quiz.bad_question", max=300)
            raise ApplicationHandlerStop
        draft["question"] = text
        draft["step"] = "options"
        await reply(update, "quiz.ask_options", min=MIN_OPTIONS, max=MAX_OPTIONS)
        raise ApplicationHandlerStop
    if draft["step"] == "options":
        options = [line.strip() for line in text.splitlines() if line.strip()]
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or any(len(o) > 100 for o in options):
            await reply(update, "quiz.bad_options", min=MIN_OPTIONS, max=MAX_OPTIONS)
            raise ApplicationHandlerStop
        draft["options"] = options
        draft["step"] = "correct"
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        f"{chr(65 + i)}. {o}"[:60], callback_data=callback_data.quiz_correct(i)
                    )
                ]
                for i, o in enumerate(options)
            ]
        )
        await message.reply_text(t("quiz.ask_correct", lang), reply_markup=markup)
        raise ApplicationHandlerStop
    await reply(update, "quiz.press_button")
    raise ApplicationHandlerStop


async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_quiz(query.data)
    draft = _draft(context)
    if parsed is None:
        await answer_forged(update)
        return
    if draft is None:
        await query.answer(t("quiz.no_draft", lang), show_alert=True)
        return
    chat_id = query.message.chat.id if query.message is not None else sender.id
    if isinstance(parsed, int):
        option = parsed
        options = draft.get("options") or []
        if draft["step"] != "correct" or not 0 <= option < len(options):
            await answer_forged(update)
            return
        draft["questions"].append(
            {"question": draft.pop("question"), "options": draft.pop("options"), "correct": option}
        )
        draft["step"] = "next"
        await query.answer()
        count = len(draft["questions"])
        row = []
        if count < MAX_QUESTIONS:
            row.append(
                InlineKeyboardButton(
                    t("button.quiz_more", lang),
                    callback_data=callback_data.quiz_action(QuizAction.MORE),
                )
            )
        row.append(
            InlineKeyboardButton(
                t("button.quiz_done", lang),
                callback_data=callback_data.quiz_action(QuizAction.DONE),
            )
        )
        row.append(
            InlineKeyboardButton(
                t("button.quiz_cancel", lang),
                callback_data=callback_data.quiz_action(QuizAction.CANCEL),
            )
        )
        await context.bot.send_message(
            chat_id,
            t("quiz.question_saved", lang, i=count, right=chr(65 + option)),
            reply_markup=InlineKeyboardMarkup([row]),
        )
        return
    if parsed is QuizAction.CANCEL:
        context.user_store.pop(QUIZ_DRAFT, None)
        await query.answer()
        await context.bot.send_message(chat_id, t("quiz.cancelled", lang))
        return
    if draft["step"] != "next":
        await query.answer(t("quiz.press_later", lang), show_alert=True)
        return
    if parsed is QuizAction.MORE:
        if len(draft["questions"]) >= MAX_QUESTIONS:
            await query.answer(t("quiz.count", lang, max=MAX_QUESTIONS), show_alert=True)
            return
        draft["step"] = "question"
        await query.answer()
        await context.bot.send_message(
            chat_id, t("quiz.ask_question", lang, i=len(draft["questions"]) + 1)
        )
        return
    questions = [
        QuestionInput(q["question"], tuple(q["options"]), int(q["correct"]))
        for q in draft["questions"]
    ]
    try:
        saved = await context.services.quiz.attach(sender.id, int(draft["lesson"]), questions)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    context.user_store.pop(QUIZ_DRAFT, None)
    await query.answer()
    await context.bot.send_message(
        chat_id, t("quiz.attached", lang, n=draft["lesson"], count=len(saved))
    )


async def on_poll_answer(update: Update, context: AppContext) -> None:
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return  # an anonymous voter (a channel) is nobody we can score
    result = await context.services.quiz_sender.answer(
        answer.poll_id, answer.user.id, list(answer.option_ids)
    )
    if result.counted and result.correct and result.points > 0:
        lang = lang_of(update)
        try:
            await context.bot.send_message(
                answer.user.id, t("quiz.right_points", lang, points=result.points)
            )
        except TelegramError as exc:
            # Answered in the group without ever starting the bot: the points still count.
            log.info("quiz points not told to %s: %s", answer.user.id, exc.message)


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("quiz", quiz, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_button, pattern=callback_data.QUIZ_PATTERN), group)
    app.add_handler(PollAnswerHandler(on_poll_answer), group)


def register_draft_input(app: AppType, group: int) -> None:
    app.add_handler(
        MessageHandler(
            PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, draft_text
        ),
        group,
    )
