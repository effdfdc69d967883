"""A note always finds its lesson, without Telegram's reply gesture.

- 「✍️ 写心得」 under a private copy or the evening reminder opens a `NotePrompt` for that
  lesson: the next text or voice in private chat is the note (the question is a ForceReply).
  Other entry points (the Mini App's `n<N>` link) reuse `ask_note`.
- Text or voice sent in private without a reply, within [notes] private_note_hours of a
  lesson delivered to the member (or after opening its link), is asked about once: 「作为对
  #N 的学习心得提交？」 [提交] [不是]. The message waits in the `NoteOffer` and is stored only on
  [提交]; nothing is lost and nothing is turned into something else.
- An admin's voice note in that window is asked 「作为学习心得」 / 「作为新课程上传」 before
  anything is queued; outside it (the secretary's usual upload) it goes to intake untouched.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.engagement.heard import HeardReason, HeardRefused
from bot.engagement.notes import NoteInput, NoteOutcome, note_length
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply
from handlers.intake import Upload, take_upload, upload_of
from handlers.notes import note_input, opened_lesson, store
from handlers.numbered import lesson_number
from handlers.prompts import Prompt, ask, close, pending, question_markup, typed_question

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# 「✍️ 写心得」 in the Mini App: t.me/<bot>?start=n<N>.
_NOTE_LINK = re.compile(r"^n(\d{1,9})$")


def note_payload(arg: str) -> int | None:
    """The lesson of a /start n<N> payload, or None."""
    match = _NOTE_LINK.match(arg)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class NotePrompt(Prompt):
    """「✍️ 写心得」 was pressed: the next private text or voice is a note on this lesson."""

    lesson_id: int
    kind: ClassVar[str] = "note"
    # Writing a note takes longer than typing a title.
    lifetime: ClassVar[timedelta | None] = timedelta(hours=1)

    def accepts(self, message: Message) -> bool:
        return bool(message.text) or message.voice is not None

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        if update.effective_user is None:
            return
        note = note_input(message, update.effective_user, lesson_hint=self.lesson_id)
        result = await store(update, context, note)
        if result.outcome not in (NoteOutcome.TOO_SHORT, NoteOutcome.SILENT):
            close(context, self)  # a note too short may be tried again while it is open


@dataclass(frozen=True)
class NoteOffer(Prompt):
    """A message sent without a reply that may be a note: kept here until a button says."""

    lesson_id: int
    note: NoteInput
    # An admin's voice note: it may be a new lesson instead.
    upload: Upload | None = None
    kind: ClassVar[str] = "note_offer"

    def accepts(self, message: Message) -> bool:
        return False  # the buttons answer

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        return None  # never called: accepts no message


async def ask_note(update: Update, context: AppContext, lesson_id: int) -> bool:
    """Open the note prompt for a lesson that is out; False (and a polite word) if it is not."""
    chat, lang = update.effective_chat, lang_of(update)
    heading = await context.services.notes.lesson_heading(lesson_id)
    if heading is None or chat is None:
        return False
    number, title = heading
    ask(context, NotePrompt(lesson_id))
    min_chars = context.services.settings.notes.min_chars
    await context.bot.send_message(
        chat.id,
        typed_question(
            t(
                "note.prompt",
                lang,
                n=number,
                title=title,
                min=min_chars,
            ),
            lang,
        ),
        reply_markup=question_markup(t("note.hint", lang)),
    )
    return True


async def open_note_link(update: Update, context: AppContext, lesson_id: int) -> None:
    """/start n<N> from the player: the question only, for a lesson out to the member's group."""
    sender = update.effective_user
    if sender is None:
        return
    try:
        await context.services.heard.lesson(sender.id, lesson_id)
    except HeardRefused as exc:
        key = "start.lesson_not_member" if exc.reason is HeardReason.NOT_MEMBER else None
        number = await lesson_number(context, lesson_id)
        await reply(update, key or "start.lesson_unknown", n=number)
        return
    await ask_note(update, context, lesson_id)


async def on_write_note(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    lesson_id = callback_data.parse_write_note(query.data)
    if lesson_id is None:
        await answer_forged(update)
        return
    if not await ask_note(update, context, lesson_id):
        await answer_error(update, DomainError("note.prompt_gone"))
        return
    await query.answer()


def _offer_markup(lang: Lang, admin: bool) -> InlineKeyboardMarkup:
    yes, other = (
        ("button.note_as_note", "button.note_as_lesson")
        if admin
        else (
            "button.note_submit",
            "button.note_not",
        )
    )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(yes, lang), callback_data=callback_data.note_offer("s")),
                InlineKeyboardButton(
                    t(other, lang), callback_data=callback_data.note_offer("u" if admin else "n")
                ),
            ]
        ]
    )


async def on_private(update: Update, context: AppContext) -> None:
    """Text or voice in private chat that nothing took as an answer or a reply-note."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None or sender.is_bot:
        return
    if message.reply_to_message is not None or message.forward_origin is not None:
        # A reply to something else of the bot's, or someone else's words: not asked about.
        return
    services = context.services
    if message.text is not None and note_length(message.text) < services.settings.notes.min_chars:
        return  # a word or two is no note: the private-text hint answers it
    lesson_id = await services.notes.candidate(
        sender.id, opened_lesson(context), voice=message.voice is not None
    )
    if lesson_id is None:
        return  # no lesson it could be about: an upload, or the hint, as before
    upload = None
    if message.voice is not None and await services.lessons.secretary_groups(sender.id):
        upload = upload_of(message)
    ask(context, NoteOffer(lesson_id, note_input(message, sender), upload))
    lang = lang_of(update)
    key = "note.offer_admin" if upload is not None else "note.offer"
    await message.reply_text(
        t(key, lang, n=await lesson_number(context, lesson_id)),
        reply_markup=_offer_markup(lang, upload is not None),
    )
    raise ApplicationHandlerStop  # asked: not queued, not answered with a hint


async def on_offer(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    choice = callback_data.parse_note_offer(query.data)
    if choice is None:
        await answer_forged(update)
        return
    offer = pending(context, NoteOffer)
    if offer is None:
        await query.answer(t("note.offer_expired", lang_of(update)))
        return
    close(context, offer)
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        log.info("could not take the note question's buttons off: %s", exc.message)
    if choice == "s":
        await store(update, context, replace(offer.note, lesson_hint=offer.lesson_id))
    elif choice == "u" and offer.upload is not None:
        await take_upload(update, context, offer.upload)
    else:
        await reply(update, "note.offer_declined")


def register_private(app: AppType, group: int) -> None:
    notes = (filters.TEXT & ~filters.COMMAND) | filters.VOICE
    app.add_handler(MessageHandler(PRIVATE & notes, on_private), group)


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CallbackQueryHandler(on_write_note, pattern=callback_data.WRITE_NOTE_PATTERN), group
    )
    app.add_handler(CallbackQueryHandler(on_offer, pattern=callback_data.NOTE_OFFER_PATTERN), group)
