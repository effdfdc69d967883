"""/quiz N: the secretary attaches a quiz to a lesson (one message, or step by step with
buttons); poll_answer updates are scored by bot.branch_life.quiz."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, PollAnswerHandler, filters

from bot.branch_life.quiz_text import (
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    QuestionInput,
    parse_quiz_text,
)
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.numbers import Numbered
from bot.telegram import callback_data
from bot.telegram.callback_data import QuizAction
from bot.telegram.context import AppContext, AppType
from handlers.common import (
    answer_error,
    answer_forged,
    lang_of,
    member_status,
    reply,
    reply_error,
    user_info,
)
from handlers.numbered import resolve, typed_number
from handlers.prompts import Prompt, ask, ask_typed, close, pending

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE


class Step(Enum):
    QUESTION = "question"  # the next text is a question
    OPTIONS = "options"  # the next text is its options, one a line
    CORRECT = "correct"  # a button says which option is right
    NEXT = "next"  # buttons: another question, done, or cancel


@dataclass(frozen=True)
class QuizDraft(Prompt):
    """/quiz N without the questions: the quiz so far, asked for step by step."""

    lesson_id: int
    number: int  # the lesson's #N in its group, for what is said
    questions: tuple[QuestionInput, ...] = ()
    step: Step = Step.QUESTION
    question: str = ""
    options: tuple[str, ...] = ()
    kind: ClassVar[str] = "quiz"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        """The text typed while the draft is open: its next question or options."""
        lang = lang_of(update)
        text = (message.text or "").strip()
        if self.step is Step.QUESTION:
            if len(text) > MAX_QUESTION_CHARS:
                await reply(update, "quiz.bad_question", max=MAX_QUESTION_CHARS)
                return
            await ask_typed(
                context,
                message.chat.id,
                replace(self, question=text, step=Step.OPTIONS),
                t("quiz.ask_options", lang, min=MIN_OPTIONS, max=MAX_OPTIONS),
                t("quiz.options_hint", lang),
                lang,
            )
            return
        if self.step is Step.OPTIONS:
            options = tuple(line.strip() for line in text.splitlines() if line.strip())
            if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or any(
                len(option) > MAX_OPTION_CHARS for option in options
            ):
                await reply(update, "quiz.bad_options", min=MIN_OPTIONS, max=MAX_OPTIONS)
                return
            ask(context, replace(self, options=options, step=Step.CORRECT))
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            f"{chr(65 + i)}. {option}"[:60],
                            callback_data=callback_data.quiz_correct(i),
                        )
                    ]
                    for i, option in enumerate(options)
                ]
            )
            await message.reply_text(t("quiz.ask_correct", lang), reply_markup=markup)
            return
        await reply(update, "quiz.press_button")


async def quiz(update: Update, context: AppContext) -> None:
    """/quiz N, then the questions on the following lines (or step by step)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    head, _, rest = message.text.partition("\n")
    parts = head.split(maxsplit=2)
    body = "\n".join(p for p in (parts[2] if len(parts) > 2 else "", rest) if p.strip())
    try:
        number = typed_number(parts[1:], "quiz.usage")
        lesson_id = await resolve(
            update, context, Numbered.LESSON, number, "quiz", [body], _quiz_for
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if lesson_id is not None:
        await _quiz_for(update, context, lesson_id, [body])


async def _quiz_for(update: Update, context: AppContext, lesson_id: int, rest: list[str]) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    body = rest[0] if rest else ""
    service = context.services.quiz
    try:
        view = await service.check_lesson(sender.id, lesson_id)  # theirs, not out yet
        if body.strip():
            questions = await service.attach(sender.id, lesson_id, parse_quiz_text(body))
            draft = pending(context, QuizDraft)
            if draft is not None:
                close(context, draft)
            await reply(update, "quiz.attached", n=view.number, count=len(questions))
            return
    except DomainError as exc:
        await reply_error(update, exc)
        return
    lang = lang_of(update)
    await ask_typed(
        context,
        message.chat.id,
        QuizDraft(lesson_id, view.number),
        t("quiz.ask_question", lang, i=1),
        t("quiz.question_hint", lang),
        lang,
    )


def _next_buttons(count: int, lang: Lang) -> InlineKeyboardMarkup:
    actions = [QuizAction.MORE] if count < MAX_QUESTIONS else []
    actions += [QuizAction.DONE, QuizAction.CANCEL]
    labels = {
        QuizAction.MORE: "button.quiz_more",
        QuizAction.DONE: "button.quiz_done",
        QuizAction.CANCEL: "button.quiz_cancel",
    }
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(labels[a], lang), callback_data=callback_data.quiz_action(a))
                for a in actions
            ]
        ]
    )


async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    parsed = callback_data.parse_quiz(query.data)
    draft = pending(context, QuizDraft)
    if parsed is None:
        await answer_forged(update)
        return
    if draft is None:
        await answer_error(update, DomainError("quiz.no_draft"))
        return
    chat_id = query.message.chat.id if query.message is not None else sender.id
    if isinstance(parsed, int):
        if draft.step is not Step.CORRECT or not 0 <= parsed < len(draft.options):
            await answer_forged(update)
            return
        done = QuestionInput(draft.question, draft.options, parsed)
        draft = replace(
            draft, questions=(*draft.questions, done), question="", options=(), step=Step.NEXT
        )
        ask(context, draft)
        await query.answer()
        count = len(draft.questions)
        await context.bot.send_message(
            chat_id,
            t("quiz.question_saved", lang, i=count, right=chr(65 + parsed)),
            reply_markup=_next_buttons(count, lang),
        )
        return
    if parsed is QuizAction.CANCEL:
        close(context, draft)
        await query.answer()
        await context.bot.send_message(chat_id, t("quiz.cancelled", lang))
        return
    if draft.step is not Step.NEXT:
        await answer_error(update, DomainError("quiz.press_later"))
        return
    if parsed is QuizAction.MORE:
        if len(draft.questions) >= MAX_QUESTIONS:
            await answer_error(update, DomainError("quiz.count", max=MAX_QUESTIONS))
            return
        await query.answer()
        await ask_typed(
            context,
            chat_id,
            replace(draft, step=Step.QUESTION),
            t("quiz.ask_question", lang, i=len(draft.questions) + 1),
            t("quiz.question_hint", lang),
            lang,
        )
        return
    try:
        saved = await context.services.quiz.attach(
            sender.id, draft.lesson_id, list(draft.questions)
        )
    except DomainError as exc:
        await answer_error(update, exc)
        return
    close(context, draft)
    await query.answer()
    await context.bot.send_message(
        chat_id, t("quiz.attached", lang, n=draft.number, count=len(saved))
    )


async def on_poll_answer(update: Update, context: AppContext) -> None:
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return  # an anonymous voter (a channel) is nobody we can score
    services = context.services
    result = await services.quiz_sender.answer(
        answer.poll_id, answer.user.id, list(answer.option_ids)
    )
    if result.ask_chat is not None:
        # A group member the bot has not met yet: Telegram says whether they are in the group
        # (asked once; a "no" is remembered by the probe, so more answers cost no call).
        fetch = partial(member_status, context)
        if await services.presence.in_group(result.ask_chat, user_info(answer.user), fetch):
            result = await services.quiz_sender.answer(
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
