"""往期微党课: the lessons that went out to a member's groups, newest first, and what they heard.

Only groups the member is in now (present in the membership); a lesson is past once it went
out (sending or sent). Whether they heard it is a listen row, whatever its timing: a make-up
listen is a listen. Reading only: sending a copy goes through the broadcaster's ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.vocabulary import (
    PRESENT_STATUSES,
    DeliveryStatus,
    LessonStatus,
    TargetKind,
)
from storage.db import Database
from storage.models import Delivery, Group, Lesson, Listen, Membership

_OUT = (LessonStatus.SENDING, LessonStatus.SENT)


@dataclass(frozen=True)
class PastLesson:
    id: int
    group_id: int
    group_title: str
    title: str
    went_out: datetime
    timezone: str
    heard: bool
    number: int  # #N, 第N期 within the group

    def day(self) -> date:
        return self.went_out.astimezone(ZoneInfo(self.timezone)).date()


@dataclass(frozen=True)
class PastPage:
    lessons: list[PastLesson]
    page: int
    pages: int


def _theirs(user_id: int) -> Select[Lesson, Group]:
    """Lessons that went out to a group the user is in now, newest first."""
    return (
        select(Lesson, Group)
        .join(Group, Group.id == Lesson.group_id)
        .join(
            Membership,
            (Membership.group_id == Group.id) & (Membership.user_id == user_id),
        )
        .where(Lesson.status.in_(_OUT), Membership.status.in_(PRESENT_STATUSES))
        .order_by(func.coalesce(Lesson.slot_at, Lesson.sent_at).desc(), Lesson.id.desc())
    )


async def _heard(s: AsyncSession, user_id: int, lesson_ids: list[int]) -> set[int]:
    if not lesson_ids:
        return set()
    rows = await s.scalars(
        select(Listen.lesson_id).where(Listen.user_id == user_id, Listen.lesson_id.in_(lesson_ids))
    )
    return set(rows)


def _past(lesson: Lesson, group: Group, heard: set[int]) -> PastLesson:
    went_out = lesson.slot_at or lesson.sent_at or lesson.created_at
    return PastLesson(
        lesson.id,
        group.id,
        group.title,
        lesson.title,
        went_out,
        group.timezone,
        lesson.id in heard,
        lesson.number,
    )


class PastLessons:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def page(self, user_id: int, page: int, size: int) -> PastPage:
        """One page of the member's past lessons (the last page if `page` is beyond it)."""
        async with self._db.reading() as s:
            total = int(
                await s.scalar(select(func.count()).select_from(_theirs(user_id).subquery())) or 0
            )
            pages = max(1, -(-total // size))
            page = max(0, min(page, pages - 1))
            rows = (await s.execute(_theirs(user_id).offset(page * size).limit(size))).all()
            heard = await _heard(s, user_id, [lesson.id for lesson, _ in rows])
        return PastPage([_past(lesson, group, heard) for lesson, group in rows], page, pages)

    async def latest(self, user_id: int) -> PastLesson | None:
        """The newest lesson out to any of the member's groups."""
        found = await self.page(user_id, 0, 1)
        return found.lessons[0] if found.lessons else None

    async def get(self, user_id: int, lesson_id: int) -> PastLesson | None:
        """The lesson if it went out to a group the member is in now; None otherwise."""
        async with self._db.reading() as s:
            row = (await s.execute(_theirs(user_id).where(Lesson.id == lesson_id))).first()
            if row is None:
                return None
            heard = await _heard(s, user_id, [lesson_id])
        return _past(row[0], row[1], heard)

    def is_today(self, lesson: PastLesson) -> bool:
        zone = ZoneInfo(lesson.timezone)
        return lesson.day() == self._clock.now().astimezone(zone).date()

    async def latest_of_group(self, group_id: int) -> int | None:
        """The newest lesson that went out to this group (the secretary's 报告 key)."""
        async with self._db.reading() as s:
            return await s.scalar(
                select(Lesson.id)
                .where(Lesson.group_id == group_id, Lesson.status.in_(_OUT))
                .order_by(func.coalesce(Lesson.slot_at, Lesson.sent_at).desc(), Lesson.id.desc())
                .limit(1)
            )

    async def private_message(self, lesson_id: int, user_id: int) -> int | None:
        """The message id of the private copy they have already, if the ledger has one."""
        async with self._db.reading() as s:
            return await s.scalar(
                select(Delivery.message_id).where(
                    Delivery.lesson_id == lesson_id,
                    Delivery.chat_id == user_id,
                    Delivery.kind == TargetKind.PRIVATE,
                    Delivery.status == DeliveryStatus.DELIVERED,
                )
            )
