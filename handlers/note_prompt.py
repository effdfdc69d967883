"""「✍️ 写心得」 from the player: t.me/<bot>?start=n<N> asks, in private chat, for a note on lesson
N (a ForceReply question, so the client opens the reply box), and the answer, text or voice,
is stored as a note on N, whichever lesson came last."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from telegram import ForceReply, Message, Update

from bot.core.i18n import t
from bot.engagement.heard import HeardReason, HeardRefused
from bot.engagement.notes import NoteInput, NoteOutcome
from bot.telegram.context import AppContext
from handlers.common import lang_of, reply, user_info
from handlers.notes import _acknowledge
from handlers.prompts import Prompt, ask, close

_NOTE_LINK = re.compile(r"^n(\d{1,9})$")
# A note takes a while to think over; the question waits as long as a link's note hint
# ([notes] private_note_hours by default), not the few minutes of a typed command's question.
NOTE_PROMPT_LIFETIME = timedelta(hours=24)


def note_payload(arg: str) -> int | None:
    """The lesson of a /start n<N> payload, or None."""
    match = _NOTE_LINK.match(arg)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class NotePrompt(Prompt):
    """The member asked to write a note on this lesson: the next text or voice is it."""

    lesson_id: int
    kind: ClassVar[str] = "note"
    lifetime: ClassVar[timedelta | None] = NOTE_PROMPT_LIFETIME

    def accepts(self, message: Message) -> bool:
        return bool(message.text) or message.voice is not None

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        voice = message.voice
        duration = voice.duration if voice else None
        result = await context.services.notes.submit(
            NoteInput(
                chat_id=message.chat.id,
                in_group=False,
                message_id=message.message_id,
                user=user_info(sender),
                text=message.text,
                voice_file_id=voice.file_id if voice else None,
                voice_seconds=(
                    int(duration.total_seconds()) if isinstance(duration, timedelta) else duration
                ),
                lesson_hint=self.lesson_id,
            )
        )
        if result.outcome is not NoteOutcome.TOO_SHORT:
            close(context, self)  # too short: still open, the next try may do
        await _acknowledge(update, context, message, result, in_group=False)


async def ask_note(update: Update, context: AppContext, lesson_id: int) -> None:
    """/start n<N>: the question, for a lesson that is out to a group the member is in."""
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    try:
        lesson = await context.services.heard.lesson(sender.id, lesson_id)
    except HeardRefused as exc:
        key = "start.lesson_not_member" if exc.reason is HeardReason.NOT_MEMBER else None
        await reply(update, key or "start.lesson_unknown", n=lesson_id)
        return
    lang = lang_of(update)
    ask(context, NotePrompt(lesson_id))
    minimum = context.services.settings.notes.min_chars
    await message.reply_text(
        t("note.link_prompt", lang, n=lesson_id, title=lesson.title, min=minimum),
        reply_markup=ForceReply(input_field_placeholder=t("note.link_placeholder", lang)),
    )
