"""Study notes: a reply to the lesson (group or private copy), text or voice; the 「✍️ 写心得」
prompt and private messages sent without a reply go through handlers.note_prompt to the same
`store`. Acknowledged quietly: a reaction in the group and a private reply, never one group
message per note. A voice note counts by the speech in it (bot.audio.speech)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from telegram import Message, ReactionTypeEmoji, Update, User
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.audio.speech import UnreadableClip, speech_seconds
from bot.core.i18n import t
from bot.engagement.notes import NoteInput, NoteOutcome, NoteResult
from bot.telegram.context import AppContext, AppType
from handlers.common import carried_lesson, is_group, lang_of, user_info
from handlers.listen import gains_text

log = logging.getLogger(__name__)

# Not a prompt (handlers.prompts): no question waits for an answer, it lasts hours
# ([notes] private_note_hours) and stays beside whatever the bot asks meanwhile. It only says
# which lesson a private message sent without a reply is asked about (handlers.note_prompt).
HINT_KEY = "lesson_hint"


@dataclass(frozen=True)
class LessonHint:
    """The lesson whose link the member opened: private text is asked about as a note on it."""

    lesson_id: int
    until: datetime


def remember_lesson(context: AppContext, lesson_id: int, until: datetime) -> None:
    """After the lesson's link: what the member writes in private is asked about as a note on
    it, for a while."""
    context.user_store[HINT_KEY] = LessonHint(lesson_id, until)


def opened_lesson(context: AppContext) -> int | None:
    hint = context.user_store.get(HINT_KEY)
    if not isinstance(hint, LessonHint):
        return None
    if context.services.clock.now() > hint.until:
        context.user_store.pop(HINT_KEY, None)
        return None
    return hint.lesson_id


def _seconds(value: int | timedelta) -> int:
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


def _reply_to_bot(message: Message, bot_id: int) -> int | None:
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return None
    return replied.message_id


async def measured(context: AppContext, note: NoteInput) -> NoteInput:
    """A voice note with its seconds of speech (bot.audio.speech), measured on the downloaded
    clip in the audio pool; as it was when the clip is too short to matter or cannot be read."""
    if note.voice_file_id is None:
        return note
    settings = context.services.settings.notes
    if (note.voice_seconds or 0) < settings.min_voice_seconds:
        return note  # too short by its length already: nothing to download
    jobs = context.services.intake.jobs
    path = context.services.intake.new_download_path(".ogg")
    try:
        tg_file = await context.bot.get_file(note.voice_file_id)
        await tg_file.download_to_drive(path)
        ffmpeg = jobs.settings.ffmpeg
        speech = await jobs.run(partial(speech_seconds, path, ffmpeg))
    except (TelegramError, OSError, UnreadableClip) as exc:
        # Judged by its length, as before: a note is not lost because it could not be measured.
        log.warning("could not measure the speech in a voice note: %s", exc)
        return note
    finally:
        path.unlink(missing_ok=True)
    return replace(note, speech_seconds=speech)


async def store(update: Update, context: AppContext, note: NoteInput) -> NoteResult:
    """Measure (a voice), store and acknowledge a note; the one path every note takes."""
    message = update.effective_message
    result = await context.services.notes.submit(await measured(context, note))
    if result.outcome is not NoteOutcome.NOT_A_LESSON and message is not None:
        await acknowledge(update, context, message, result, note)
    return result


def note_input(message: Message, sender: User, **where: int | None) -> NoteInput:
    voice = message.voice
    return NoteInput(
        chat_id=message.chat.id,
        in_group=is_group(message.chat),
        message_id=message.message_id,
        user=user_info(sender),
        text=message.text,
        voice_file_id=voice.file_id if voice else None,
        voice_seconds=_seconds(voice.duration) if voice else None,
        **where,
    )


async def on_message(update: Update, context: AppContext) -> None:
    """A reply to a lesson (group or private copy) is a note on it. Private messages sent
    without a reply are asked about (handlers.note_prompt), never taken silently."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None or sender.is_bot:
        return
    reply_to = _reply_to_bot(message, context.bot.id)
    if reply_to is None:
        return
    note = note_input(
        message,
        sender,
        reply_to=reply_to,
        reply_carries=carried_lesson(message.reply_to_message, context.bot.id),
    )
    # Which lesson is decided before the download: a reply to anything else costs nothing.
    result = await store(update, context, note)
    if result.outcome is NoteOutcome.NOT_A_LESSON:
        return
    raise ApplicationHandlerStop


async def acknowledge(
    update: Update, context: AppContext, message: Message, result: NoteResult, note: NoteInput
) -> None:
    in_group = note.in_group
    lang = lang_of(update)
    settings = context.services.settings.notes
    if result.outcome is NoteOutcome.SAVED and result.earned is not None:
        earned = result.earned
        if earned.first_note:
            text = t("note.saved", lang, n=result.number, earned=gains_text(earned, lang))
        else:
            text = t("note.saved_again", lang, n=result.number)
        if in_group:
            await _react(context, message)
            await _tell_privately(context, message, text)
        else:
            await message.reply_text(text)
        return
    if in_group:
        return  # short replies, edits and the rest stay quiet in the group
    key = {
        NoteOutcome.UPDATED: "note.updated",
        NoteOutcome.NOT_MEMBER: "note.not_member",
        NoteOutcome.GONE: "note.gone",
    }.get(result.outcome)
    if result.outcome is NoteOutcome.SILENT:
        await message.reply_text(t("note.voice_silent", lang, min=settings.min_voice_seconds))
    elif result.outcome is NoteOutcome.TOO_SHORT:
        if note.voice_file_id is not None:
            await message.reply_text(
                t("note.voice_too_short", lang, min=settings.min_voice_seconds)
            )
        else:
            await message.reply_text(t("note.too_short", lang, min=settings.min_chars))
    elif key is not None:
        await message.reply_text(t(key, lang, n=result.number))


async def _react(context: AppContext, message: Message) -> None:
    try:
        await context.bot.set_message_reaction(
            message.chat.id, message.message_id, ReactionTypeEmoji("👍")
        )
    except TelegramError as exc:
        # Some groups allow no reactions; the private reply still says it was received.
        log.info("could not react to a note in %s: %s", message.chat.id, exc.message)


async def _tell_privately(context: AppContext, message: Message, text: str) -> None:
    if message.from_user is None:
        return
    try:
        await context.bot.send_message(message.from_user.id, text)
    except Forbidden:
        pass  # never started the bot, or blocked it: the reaction is the acknowledgement
    except TelegramError as exc:
        log.info("could not confirm a note to %s: %s", message.from_user.id, exc.message)


def register(app: AppType, group: int) -> None:
    notes = (filters.TEXT & ~filters.COMMAND) | filters.VOICE
    app.add_handler(MessageHandler(notes, on_message), group)
