"""Lessons: intake into a group's queue, slots, and the secretary's queue commands."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.calendar import (
    OFFICIAL,
    OfficialCalendar,
    Schedule,
    local_date,
    next_slots,
    parse_weekdays,
)
from bot.core.clock import Clock
from bot.core.config import hhmm_to_time
from bot.core.errors import DomainError
from bot.core.vocabulary import LessonStatus
from bot.core.when import parse_day_time, year_day
from bot.groups.rights import Rights
from bot.lessons.views import LessonView, clean_title, view_of
from storage.db import Database
from storage.models import ExtraDay, Group, Lesson, SkipDay
from storage.repositories import groups_of_member, lock_group, next_number

if TYPE_CHECKING:  # the audio pipeline (numpy) is not needed to read lessons
    from bot.audio import AudioReport

log = logging.getLogger(__name__)


class LessonListener(Protocol):
    """Told when a lesson's slot or status changes (the scheduler re-arms its job)."""

    def lesson_changed(self, lesson_id: int) -> None: ...


async def group_schedule(
    session: AsyncSession, group: Group, calendar: OfficialCalendar = OFFICIAL
) -> Schedule:
    skips = await session.execute(select(SkipDay.day).where(SkipDay.group_id == group.id))
    extras = await session.execute(select(ExtraDay.day).where(ExtraDay.group_id == group.id))
    return Schedule(
        timezone=group.timezone,
        broadcast_time=hhmm_to_time(group.broadcast_time),
        weekdays=parse_weekdays(group.weekdays),
        skip_days=frozenset(skips.scalars()),
        extra_days=frozenset(extras.scalars()),
        calendar=calendar,
    )


async def taken_slots(
    session: AsyncSession, group_id: int, exclude: int | None = None
) -> set[datetime]:
    rows = await session.execute(
        select(Lesson.slot_at).where(
            Lesson.group_id == group_id,
            Lesson.status.in_((LessonStatus.QUEUED, LessonStatus.SENDING, LessonStatus.SENT)),
            Lesson.slot_at.is_not(None),
            Lesson.id != (exclude or -1),
        )
    )
    return {slot for slot in rows.scalars() if slot is not None}


class LessonService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        audio_dir: Path,
        rights: Rights,
        calendar: OfficialCalendar = OFFICIAL,
    ) -> None:
        self._db = db
        self._clock = clock
        self._audio_dir = audio_dir
        self._rights = rights
        self._calendar = calendar  # [calendar] corrections
        self._listeners: list[LessonListener] = []

    def add_listener(self, listener: LessonListener) -> None:
        self._listeners.append(listener)

    def _changed(self, lesson_id: int) -> None:
        for listener in self._listeners:
            listener.lesson_changed(lesson_id)

    @property
    def audio_dir(self) -> Path:
        return self._audio_dir

    async def secretary_groups(self, user_id: int, *, bound_only: bool = True) -> list[Group]:
        """Bound groups (or all, unbound ones too) the user runs, as Telegram says (the database
        only names candidates)."""
        async with self._db.reading() as s:
            candidates = await groups_of_member(s, user_id, bound_only=bound_only)
        admin_of = set(await self._rights.admin_of((g.chat_id for g in candidates), user_id))
        return [g for g in candidates if g.chat_id in admin_of]

    async def create(
        self,
        *,
        group_id: int,
        author_id: int,
        title: str | None,
        report: AudioReport,
        processed: Path,
        original: Path | None,
        source_file_unique_id: str | None,
    ) -> LessonView:
        """Queue a processed recording in the group's next free slot; files move in atomically."""
        now = self._clock.now()
        final_paths: list[Path] = []
        try:
            async with self._db.transaction() as s:
                group = await lock_group(s, group_id)
                if group is None or not group.bound:
                    raise DomainError("lesson.group_gone")
                schedule = await group_schedule(s, group, self._calendar)
                slot = next_slots(schedule, now, taken=await taken_slots(s, group.id))[0]
                lesson = Lesson(
                    group_id=group.id,
                    number=await next_number(s, Lesson, group.id),
                    author_id=author_id,
                    title=clean_title(title) if title and title.strip() else "",
                    status=LessonStatus.QUEUED,
                    slot_at=slot,
                    audio_path="",
                    duration_in=report.duration_in,
                    duration_out=report.duration_out,
                    lufs_in=report.lufs_in,
                    lufs_out=report.lufs_out,
                    source_file_unique_id=source_file_unique_id,
                    created_at=now,
                    updated_at=now,
                )
                if not lesson.title:
                    lesson.title = f"微党课 {year_day(local_date(schedule, slot), 'zh')}"
                s.add(lesson)
                await s.flush()
                final = self._audio_dir / f"lesson-{lesson.id}.ogg"
                os.replace(processed, final)
                final_paths.append(final)
                lesson.audio_path = str(final)
                if original is not None:
                    kept = self._audio_dir / f"lesson-{lesson.id}-original{original.suffix}"
                    os.replace(original, kept)
                    final_paths.append(kept)
                    lesson.original_path = str(kept)
                view = view_of(lesson, group)
        except BaseException:
            # The row was rolled back: do not leave its files behind.
            for path in final_paths:
                path.unlink(missing_ok=True)
            raise
        log.info("lesson #%s queued for group %s at %s", view.id, group_id, view.slot_at)
        self._changed(view.id)
        return view

    async def _authorize(self, user_id: int, lesson_id: int, *, to_send: bool = False) -> None:
        """The lesson exists and Telegram says the user runs its group.

        A group's secretary keeps the lessons of a group that was unbound (to list, read, rename
        or cancel them); only what would send one there (`to_send`) needs the group bound.
        Asked before the write transaction opens, so no lock is held while Telegram answers.
        """
        async with self._db.reading() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = await s.get(Group, lesson.group_id) if lesson is not None else None
        if lesson is None or group is None:
            raise DomainError("lesson.not_found", n=lesson_id)
        if not await self._rights.is_admin(group.chat_id, user_id):
            raise DomainError("lesson.not_yours", n=lesson.number)
        if to_send and not group.bound:
            raise DomainError("lesson.group_unbound", n=lesson.number)

    @staticmethod
    async def _owned(s: AsyncSession, lesson_id: int) -> tuple[Lesson, Group]:
        """The lesson and its group, after _authorize."""
        lesson = await s.get(Lesson, lesson_id)
        group = await s.get(Group, lesson.group_id) if lesson is not None else None
        if lesson is None or group is None:  # pragma: no cover - lessons are never deleted
            raise DomainError("lesson.not_found", n=lesson_id)
        return lesson, group

    @staticmethod
    def _require_editable(lesson: Lesson) -> None:
        if lesson.status in (LessonStatus.SENDING, LessonStatus.SENT):
            raise DomainError("lesson.already_sent", n=lesson.number)
        if lesson.status == LessonStatus.CANCELLED:
            raise DomainError("lesson.cancelled", n=lesson.number)

    async def get(self, user_id: int, lesson_id: int) -> LessonView:
        await self._authorize(user_id, lesson_id)
        async with self._db.reading() as s:
            lesson, group = await self._owned(s, lesson_id)
            return view_of(lesson, group)

    async def set_voice_file_id(self, lesson_id: int, file_id: str) -> None:
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            if lesson is not None and lesson.voice_file_id is None:
                lesson.voice_file_id = file_id

    async def queue(self, user_id: int) -> list[LessonView]:
        """The user's groups' lessons that are still to go out, soonest first; and those held
        when their group was unbound."""
        groups = {g.id: g for g in await self.secretary_groups(user_id, bound_only=False)}
        if not groups:
            raise DomainError("intake.not_secretary")
        async with self._db.reading() as s:
            rows = await s.execute(
                select(Lesson)
                .where(
                    Lesson.group_id.in_(groups),
                    Lesson.status.in_(
                        (
                            LessonStatus.QUEUED,
                            LessonStatus.SENDING,
                            LessonStatus.MISSED,
                            LessonStatus.HELD,
                        )
                    ),
                )
                .order_by(Lesson.slot_at.is_(None), Lesson.slot_at, Lesson.id)
            )
            return [view_of(lesson, groups[lesson.group_id]) for lesson in rows.scalars()]

    async def send_now(self, user_id: int, lesson_id: int) -> LessonView:
        await self._authorize(user_id, lesson_id, to_send=True)
        async with self._db.transaction() as s:
            lesson, group = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            lesson.status = LessonStatus.QUEUED
            lesson.slot_at = self._clock.now()
            lesson.slot_manual = True
            lesson.updated_at = self._clock.now()
            view = view_of(lesson, group)
        self._changed(lesson_id)
        return view

    async def reschedule(self, user_id: int, lesson_id: int, when_local: str) -> LessonView:
        """Move a lesson to a date and time as typed ("2026-3-5 07：30", "明天 7点半"), in its
        group's zone."""
        async with self._db.reading() as s:
            zone = await s.scalar(
                select(Group.timezone)
                .join(Lesson, Lesson.group_id == Group.id)
                .where(Lesson.id == lesson_id)
            )
        if zone is None:
            raise DomainError("lesson.not_found", n=lesson_id)
        today = self._clock.now().astimezone(ZoneInfo(zone)).date()
        day, at = parse_day_time(when_local, today)
        return await self._move(user_id, lesson_id, naive=datetime.combine(day, at))

    async def reschedule_at(self, user_id: int, lesson_id: int, slot: datetime) -> LessonView:
        """Move a lesson to an instant (a slot offered on a button)."""
        return await self._move(user_id, lesson_id, instant=slot)

    async def _move(
        self,
        user_id: int,
        lesson_id: int,
        *,
        naive: datetime | None = None,
        instant: datetime | None = None,
    ) -> LessonView:
        await self._authorize(user_id, lesson_id, to_send=True)
        async with self._db.transaction() as s:
            lesson, group = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            await lock_group(s, group.id)
            now = self._clock.now()
            if naive is not None:
                instant = naive.replace(tzinfo=ZoneInfo(group.timezone))
            if instant is None:  # pragma: no cover - callers give one
                raise ValueError("no time given")
            slot = instant.astimezone(now.tzinfo)
            if slot <= now:
                raise DomainError("lesson.in_past")
            if slot in await taken_slots(s, group.id, exclude=lesson.id):
                raise DomainError("lesson.slot_taken")
            lesson.status = LessonStatus.QUEUED
            lesson.slot_at = slot
            lesson.slot_manual = True
            lesson.updated_at = now
            view = view_of(lesson, group)
        self._changed(lesson_id)
        return view

    async def move_targets(self, user_id: int, lesson_id: int) -> list[Group]:
        """The other bound groups the user runs, where the lesson may move."""
        await self._authorize(user_id, lesson_id)
        async with self._db.reading() as s:
            lesson, _ = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            current = lesson.group_id
        return [g for g in await self.secretary_groups(user_id) if g.id != current]

    async def move_to_group(self, user_id: int, lesson_id: int, group_id: int) -> LessonView:
        """Move a lesson (one held when its group was unbound, say) to another bound group the
        user runs, into that group's next free slot."""
        await self._authorize(user_id, lesson_id)
        if group_id not in {g.id for g in await self.secretary_groups(user_id)}:
            raise DomainError("lesson.move_not_yours")
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson, _ = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            group = await lock_group(s, group_id)
            if group is None or not group.bound:
                raise DomainError("lesson.move_not_yours")
            schedule = await group_schedule(s, group, self._calendar)
            if lesson.group_id != group.id:
                # It takes the new group's next number: numbers count within a group.
                lesson.number = await next_number(s, Lesson, group.id)
            lesson.group_id = group.id
            lesson.slot_at = next_slots(schedule, now, taken=await taken_slots(s, group.id))[0]
            lesson.slot_manual = False
            lesson.status = LessonStatus.QUEUED
            lesson.updated_at = now
            view = view_of(lesson, group)
        log.info("lesson #%s moved to group %s at %s", lesson_id, group_id, view.slot_at)
        self._changed(lesson_id)
        return view

    async def free_slots(self, user_id: int, lesson_id: int, count: int = 3) -> list[datetime]:
        """Other slots the lesson could move to (not the one it has): refused, as the move
        would be, for a lesson that went out or was cancelled."""
        await self._authorize(user_id, lesson_id, to_send=True)
        async with self._db.reading() as s:
            lesson, group = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            schedule = await group_schedule(s, group, self._calendar)
            taken = await taken_slots(s, group.id)
            if lesson.slot_at is not None:  # held or missed: its slot is not counted above
                taken.add(lesson.slot_at)
            return next_slots(schedule, self._clock.now(), count, taken=taken)

    async def editable(self, user_id: int, lesson_id: int) -> LessonView:
        """The lesson, if it can still be changed (before asking for a new title)."""
        await self._authorize(user_id, lesson_id)
        async with self._db.reading() as s:
            lesson, group = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            return view_of(lesson, group)

    async def info(self, lesson_id: int) -> LessonView | None:
        """A lesson for the scheduler's own messages (no permission check)."""
        async with self._db.reading() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = await s.get(Group, lesson.group_id) if lesson else None
            return view_of(lesson, group) if lesson and group else None

    async def free_slots_for(self, lesson_id: int, count: int) -> list[datetime]:
        async with self._db.reading() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = await s.get(Group, lesson.group_id) if lesson else None
            if lesson is None or group is None:
                return []
            schedule = await group_schedule(s, group, self._calendar)
            taken = await taken_slots(s, group.id, exclude=lesson.id)
            return next_slots(schedule, self._clock.now(), count, taken=taken)

    async def cancel(self, user_id: int, lesson_id: int) -> LessonView:
        await self._authorize(user_id, lesson_id)
        async with self._db.transaction() as s:
            lesson, group = await self._owned(s, lesson_id)
            self._require_editable(lesson)
            lesson.status = LessonStatus.CANCELLED
            lesson.updated_at = self._clock.now()
            view = view_of(lesson, group)
        self._changed(lesson_id)
        return view

    async def rename(self, user_id: int, lesson_id: int, title: str) -> LessonView:
        await self._authorize(user_id, lesson_id)
        async with self._db.transaction() as s:
            lesson, group = await self._owned(s, lesson_id)
            if lesson.status == LessonStatus.CANCELLED:
                raise DomainError("lesson.cancelled", n=lesson.number)
            lesson.title = clean_title(title)
            lesson.updated_at = self._clock.now()
            return view_of(lesson, group)

    async def reslot_group(self, group_id: int) -> Sequence[int]:
        """After a schedule change, move automatically placed lessons to the new slots."""
        async with self._db.transaction() as s:
            group = await lock_group(s, group_id)
            if group is None:
                return []
            schedule = await group_schedule(s, group, self._calendar)
            rows = await s.execute(
                select(Lesson)
                .where(Lesson.group_id == group_id, Lesson.status == LessonStatus.QUEUED)
                .order_by(Lesson.slot_at, Lesson.id)
            )
            lessons = list(rows.scalars())
            manual = {ls.slot_at for ls in lessons if ls.slot_manual and ls.slot_at}
            taken: set[datetime] = set(manual)
            moved: list[int] = []
            for lesson in lessons:
                if lesson.slot_manual:
                    continue
                slot = next_slots(schedule, self._clock.now(), taken=taken)[0]
                taken.add(slot)
                if slot != lesson.slot_at:
                    lesson.slot_at = slot
                    lesson.updated_at = self._clock.now()
                    moved.append(lesson.id)
        for lesson_id in moved:
            self._changed(lesson_id)
        return moved
