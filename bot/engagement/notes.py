"""Study notes (学习心得): a reply to a lesson, as text or voice, kept whole and verbatim."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.clock import Clock
from bot.core.config import NotesSettings
from bot.core.scoring import ListenSource
from bot.core.vocabulary import DeliveryStatus, LessonStatus, PresenceSource, TargetKind
from bot.delivery.deliveries import confirm_copy
from bot.engagement.evidence import Earned, Evidence, lesson_infos, present_pairs
from bot.engagement.listens import ListenService
from storage.db import Database
from storage.models import Delivery, Lesson, Note
from storage.repositories import UserInfo, mark_present, upsert_members

log = logging.getLogger(__name__)


class NoteOutcome(StrEnum):
    SAVED = "saved"  # a new note
    UPDATED = "updated"  # an edit of a stored note
    TOO_SHORT = "too_short"  # a reply, but too short to be a note
    SILENT = "silent"  # a voice note long enough, but with too little speech in it
    NOT_A_LESSON = "not_a_lesson"  # not a reply to a lesson message (nor a private note)
    NOT_MEMBER = "not_member"  # no longer in the lesson's group
    GONE = "gone"


@dataclass(frozen=True)
class NoteInput:
    """A message that may be a study note, as plain values."""

    chat_id: int
    in_group: bool
    message_id: int
    user: UserInfo
    text: str | None = None
    voice_file_id: str | None = None
    voice_seconds: int | None = None
    # Seconds of speech in the voice (bot.audio.speech), None when it could not be measured.
    speech_seconds: float | None = None
    # The message it replies to, if any.
    reply_to: int | None = None
    # The lesson whose button that replied-to voice message carries (Telegram's own copy).
    reply_carries: int | None = None
    # Private chat: the lesson a note written without a reply is for (the 「✍️ 写心得」 prompt's,
    # or the one the member agreed to when asked).
    lesson_hint: int | None = None


@dataclass(frozen=True)
class NoteResult:
    outcome: NoteOutcome
    lesson_id: int = 0
    earned: Earned | None = None
    number: int = 0  # the lesson's #N in its group, for what is said


def note_length(text: str) -> int:
    """Characters that carry meaning: whitespace does not count."""
    return sum(1 for ch in text if not ch.isspace())


class NoteService:
    def __init__(
        self, db: Database, clock: Clock, settings: NotesSettings, listens: ListenService
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._listens = listens

    def long_enough(self, note: NoteInput) -> bool:
        if note.voice_file_id is not None:
            # By the speech it holds; by its length only when that could not be measured.
            heard = note.speech_seconds if note.speech_seconds is not None else note.voice_seconds
            return (heard or 0) >= self._settings.min_voice_seconds
        return note_length(note.text or "") >= self._settings.min_chars

    async def lesson_heading(self, lesson_id: int) -> tuple[int, str] | None:
        """The #N and title of a lesson that is out (a note can be written on it), else None."""
        async with self._db.reading() as s:
            row = (
                await s.execute(
                    select(Lesson.number, Lesson.title).where(
                        Lesson.id == lesson_id,
                        Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
                    )
                )
            ).first()
            return None if row is None else (int(row[0]), str(row[1]))

    async def candidate(self, user_id: int, opened: int | None, *, voice: bool) -> int | None:
        """The lesson a private message sent without a reply may be a note on: the one whose
        link they opened, else the newest delivered to them within [notes]
        private_note_hours. For a voice, never the sender's own lesson: the secretary's next
        recording is an upload, not a note on the lesson he made."""
        since = self._clock.now() - timedelta(hours=self._settings.private_note_hours)
        async with self._db.reading() as s:
            if opened is not None:
                author = await s.scalar(select(Lesson.author_id).where(Lesson.id == opened))
                if author is not None and not (voice and author == user_id):
                    return opened
            query = (
                select(Delivery.lesson_id)
                .join(Lesson, Lesson.id == Delivery.lesson_id)
                .where(
                    Delivery.kind == TargetKind.PRIVATE,
                    Delivery.user_id == user_id,
                    Delivery.status == DeliveryStatus.DELIVERED,
                    Delivery.sent_at >= since,
                )
                .order_by(Delivery.sent_at.desc(), Delivery.lesson_id.desc())
                .limit(1)
            )
            if voice:
                query = query.where(Lesson.author_id != user_id)
            found = await s.scalar(query)
            return None if found is None else int(found)

    def _lesson_of(self, s: Session, note: NoteInput, now: datetime) -> int | None:
        """The lesson a message is about: the lesson message it replies to, or the hint."""
        if note.reply_to is not None:
            query = select(Delivery.lesson_id, Delivery.kind, Delivery.user_id).where(
                Delivery.chat_id == note.chat_id,
                Delivery.message_id == note.reply_to,
                Delivery.status == DeliveryStatus.DELIVERED,
            )
            row = s.execute(query).first()
            if row is None and note.reply_carries is not None:
                # A reply to a copy whose send timed out proves that it arrived.
                copy_kind = TargetKind.GROUP if note.in_group else TargetKind.PRIVATE
                if confirm_copy(s, note.reply_carries, note.chat_id, copy_kind, note.reply_to, now):
                    row = s.execute(query).first()
            if row is not None:
                lesson_id, kind, user_id = row
                if note.in_group and kind == TargetKind.GROUP:
                    return int(lesson_id)
                if (
                    not note.in_group
                    and kind == TargetKind.PRIVATE
                    and user_id == note.user.user_id
                ):
                    return int(lesson_id)
            return None
        if not note.in_group and note.lesson_hint is not None:
            return note.lesson_hint
        return None

    async def submit(self, note: NoteInput) -> NoteResult:
        """Store a new or edited note, count it as a listen, award note points once."""
        now = self._clock.now()
        result = await self._db.run_in_transaction(lambda s: self._submit(s, note, now))
        if result.outcome is NoteOutcome.SAVED:
            log.info("note on lesson #%s from %s stored", result.lesson_id, note.user.user_id)
        return result

    def _submit(self, s: Session, note: NoteInput, now: datetime) -> NoteResult:
        result = self._store(s, note, now)
        if not result.lesson_id:
            return result
        number = s.scalar(select(Lesson.number).where(Lesson.id == result.lesson_id))
        return replace(result, number=number or 0)

    def _store(self, s: Session, note: NoteInput, now: datetime) -> NoteResult:
        lesson_id = self._lesson_of(s, note, now)
        if lesson_id is None:
            return NoteResult(NoteOutcome.NOT_A_LESSON)
        if not self.long_enough(note):
            silent = (
                note.voice_file_id is not None
                and note.speech_seconds is not None
                and (note.voice_seconds or 0) >= self._settings.min_voice_seconds
            )
            return NoteResult(NoteOutcome.SILENT if silent else NoteOutcome.TOO_SHORT, lesson_id)
        infos = lesson_infos(s, {lesson_id})
        info = infos.get(lesson_id)
        if info is None:
            return NoteResult(NoteOutcome.GONE, lesson_id)
        pair = (info.group_id, note.user.user_id)
        if note.in_group:
            # Writing in the group proves presence in it.
            upsert_members(s, [note.user], now)
            mark_present(s, [pair], PresenceSource.NOTE, now)
        elif not present_pairs(s, {pair}):
            return NoteResult(NoteOutcome.NOT_MEMBER, lesson_id)
        stored = s.execute(
            select(Note).where(Note.chat_id == note.chat_id, Note.message_id == note.message_id)
        ).scalar_one_or_none()
        if stored is not None:
            stored.text = note.text
            stored.voice_file_id = note.voice_file_id
            stored.voice_seconds = note.voice_seconds
            stored.edited_at = now
            return NoteResult(NoteOutcome.UPDATED, lesson_id)
        s.add(
            Note(
                lesson_id=lesson_id,
                user_id=note.user.user_id,
                chat_id=note.chat_id,
                message_id=note.message_id,
                text=note.text,
                voice_file_id=note.voice_file_id,
                voice_seconds=note.voice_seconds,
                created_at=now,
            )
        )
        s.flush()
        evidence = Evidence(
            lesson_id, info.group_id, note.user.user_id, ListenSource.NOTE, note=True
        )
        earned = self._listens.record_in(s, [evidence], now, infos)[0]
        return NoteResult(NoteOutcome.SAVED, lesson_id, earned)
