"""Multi-step input: the one question the bot is waiting for a person to answer.

A prompt kind is a small frozen dataclass (a subclass of Prompt) holding what the answer is
for: the lesson whose new title is typed, the quiz draft so far, the event whose leave reason
is asked. A person has at most one pending prompt, under one key of their user_data, with the
time it lapses: [chat] prompt_minutes after it was asked (unless its kind says otherwise), on
the injected clock. Asking again replaces it: the newest question is the one answered.

`on_message` (handler group PROMPTS, before study notes and the main group) is the one place
that decides whether a message answers it: a private message, not a command, of a kind the
prompt accepts (text unless it says otherwise), not a reply to a lesson (that is a study note),
before the prompt lapsed. Typed 取消 (退出, 算了, cancel; any width or case), /cancel without
an argument, or the ❌ button under a question of buttons, drops it; /cancel N still cancels
lesson N (handlers.lessons). With nothing pending, 取消 is just a text like any other.

Telegram gives a message one reply_markup, so a question is one of two shapes:
- it wants typing: a ForceReply (`question_markup`, a placeholder hinting the answer), its
  text ending with how to leave (`typed_question`); `ask_typed` does both and asks;
- it wants a button pressed: its buttons, and `cancel_markup(kind, lang)`'s ❌ under them.
The ❌ handler stays for both: old messages in chats still carry the button.

A new kind: a frozen dataclass subclassing Prompt, with a `kind` name (in its ❌ button's
data), `accepts` if it takes more than text, and `answer`, which closes the prompt (`close`)
or asks the next step (`ask`, or `ask_typed`).
"""

from __future__ import annotations

import logging
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar, TypeVar

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.i18n import Lang, t
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_forged, carried_lesson, lang_of, reply

log = logging.getLogger(__name__)

PROMPT_KEY = "prompt"
# Every message a prompt might take; which of them its kind accepts is its own `accepts`.
ANSWERS = (
    filters.ChatType.PRIVATE
    & filters.UpdateType.MESSAGE
    & ((filters.TEXT & ~filters.COMMAND) | filters.VOICE | filters.PHOTO)
)
# Typed alone (after NFKC, trimmed, in any case, a full stop or ! after), these leave the
# pending prompt.
LEAVE_WORDS = frozenset({"取消", "退出", "算了", "cancel"})
# ForceReply.input_field_placeholder: 1-64 characters.
PLACEHOLDER_MAX = 64


class Prompt(ABC):
    """What the bot asked and waits for; subclasses are frozen dataclasses."""

    kind: ClassVar[str]
    # How long it waits; None: [chat] prompt_minutes.
    lifetime: ClassVar[timedelta | None] = None

    def accepts(self, message: Message) -> bool:
        """Whether this message is an answer (a text, unless the kind says otherwise)."""
        return bool(message.text)

    @abstractmethod
    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        """Take the answer: `close` the prompt, `ask` the next step, or leave it open."""


P = TypeVar("P", bound=Prompt)


@dataclass(frozen=True)
class _Pending:
    prompt: Prompt
    until: datetime


def ask(context: AppContext, prompt: Prompt) -> None:
    """From now on (for a while) the person's next message may answer this prompt."""
    services = context.services
    lifetime = prompt.lifetime or timedelta(minutes=services.settings.chat.prompt_minutes)
    context.user_store[PROMPT_KEY] = _Pending(prompt, services.clock.now() + lifetime)


def current(context: AppContext) -> Prompt | None:
    """The pending prompt, or None if there is none or it lapsed."""
    held = context.user_store.get(PROMPT_KEY)
    if not isinstance(held, _Pending):
        return None
    if context.services.clock.now() > held.until:
        close(context, held.prompt)
        return None
    return held.prompt


def pending(context: AppContext, kind: type[P]) -> P | None:
    """The pending prompt if it is of this kind (a button of that kind acts on it)."""
    prompt = current(context)
    return prompt if isinstance(prompt, kind) else None


def close(context: AppContext, prompt: Prompt) -> None:
    """This prompt is answered or called off; one asked since then stays."""
    held = context.user_store.get(PROMPT_KEY)
    if isinstance(held, _Pending) and held.prompt is prompt:
        del context.user_store[PROMPT_KEY]


def cancel_markup(kind: type[Prompt], lang: Lang) -> InlineKeyboardMarkup:
    """The ❌ button under a question."""
    button = InlineKeyboardButton(
        t("button.cancel_prompt", lang), callback_data=callback_data.cancel_prompt(kind.kind)
    )
    return InlineKeyboardMarkup([[button]])


def typed_question(text: str, lang: Lang) -> str:
    """A question that wants typing ends with how to leave it (it has no ❌ button)."""
    return f"{text}\n{t('prompt.leave_hint', lang)}"


def question_markup(placeholder: str) -> ForceReply:
    """The reply field opened under a question that wants typing, hinting the answer."""
    return ForceReply(input_field_placeholder=placeholder[:PLACEHOLDER_MAX])


async def ask_typed(
    context: AppContext, chat_id: int, prompt: Prompt, text: str, placeholder: str, lang: Lang
) -> None:
    """Send a question that wants typing (a ForceReply) and wait for its answer. Asked before
    it is sent (updates run concurrently: an answer may come in before the send returns); a
    question that could not be sent (the person blocked the bot) leaves nothing pending."""
    ask(context, prompt)
    try:
        await context.bot.send_message(
            chat_id, typed_question(text, lang), reply_markup=question_markup(placeholder)
        )
    except TelegramError:
        close(context, prompt)
        raise


def typed_word(text: str | None) -> str:
    """A word typed alone as the house reads it: any width or case, a final 。 or ! dropped."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).strip().rstrip("。.!").strip().lower()


def is_leave_word(text: str | None) -> bool:
    """取消, 退出, 算了 or cancel typed alone, in any width or case."""
    return typed_word(text) in LEAVE_WORDS


async def on_message(update: Update, context: AppContext) -> None:
    """The one place that decides whether a message answers the pending prompt."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if carried_lesson(message.reply_to_message, context.bot.id) is not None:
        return  # a reply to a lesson is a study note, whatever was asked
    held = context.user_store.get(PROMPT_KEY)
    prompt = current(context)
    if prompt is None:
        if isinstance(held, _Pending) and held.prompt.accepts(message):
            # Answered late: say so once; the message goes on to be whatever else it is.
            minutes = context.services.settings.chat.prompt_minutes
            await reply(update, "prompt.expired", minutes=minutes)
        return
    if is_leave_word(message.text):
        close(context, prompt)
        await reply(update, "prompt.cancelled")
        raise ApplicationHandlerStop
    if not prompt.accepts(message):
        return
    await prompt.answer(update, context, message)
    raise ApplicationHandlerStop  # an answer is nothing else: no note, upload or help


async def on_cancel_command(update: Update, context: AppContext) -> None:
    """/cancel alone drops the pending prompt; /cancel N (or nothing pending) goes on to the
    lesson command."""
    if context.args or update.effective_user is None:
        return
    prompt = current(context)
    if prompt is None:
        return
    close(context, prompt)
    await reply(update, "prompt.cancelled")
    raise ApplicationHandlerStop


async def on_cancel_button(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    kind = callback_data.parse_cancel_prompt(query.data)
    if kind is None:
        await answer_forged(update)
        return
    lang = lang_of(update)
    prompt = current(context)
    if prompt is None or prompt.kind != kind:
        # Answered, lapsed, or a newer question replaced it: that one stays.
        await query.answer(t("prompt.nothing_to_cancel", lang))
        return
    close(context, prompt)
    await query.answer(t("prompt.cancelled", lang))
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        log.info("could not take the ❌ button off: %s", exc.message)


def register(app: AppType, group: int) -> None:
    app.add_handler(MessageHandler(ANSWERS, on_message), group)
    app.add_handler(
        CommandHandler("cancel", on_cancel_command, filters=filters.ChatType.PRIVATE), group
    )


def register_cancel_button(app: AppType, group: int) -> None:
    app.add_handler(
        CallbackQueryHandler(on_cancel_button, pattern=callback_data.PROMPT_CANCEL_PATTERN), group
    )
