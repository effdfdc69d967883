"""The evening reminder: who gets a nudge, once per lesson, and the team's figure.

Its ledger (the reminders table) is written once per lesson, at the group's reminder time,
and each row is claimed before its send: after a crash the rest goes out and nothing is sent
twice. A send interrupted by the crash is not retried (a lost nudge is better than two).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.config import hhmm_to_time
from bot.core.scoring import day_bounds, lesson_day
from bot.core.vocabulary import (
    BOT_PRESENT_STATUSES,
    PRESENT_STATUSES,
    DeliveryStatus,
    LessonStatus,
    ReminderStatus,
    TargetKind,
)
from bot.members.people import people_of
from storage.db import Database
from storage.models import Delivery, Group, LeaveDay, Lesson, Listen, Member, Membership, Reminder
from storage.repositories import dialect_insert

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderTarget:
    reminder_id: int
    chat_id: int
    user_id: int | None
    kind: TargetKind
    language_code: str | None = None
    # Their private copy of the lesson, to reply to.
    copy_message_id: int | None = None


@dataclass(frozen=True)
class ReminderPlan:
    lesson_id: int
    title: str
    group_chat_id: int
    thread_id: int | None
    targets: list[ReminderTarget]
    number: int  # "#N" within the group (lesson_id stays internal)


@dataclass(frozen=True)
class TeamFigure:
    listened: int
    expected: int


def _on_leave(user_col: Any, group_id: int, day: date) -> Any:
    """SQL: the member is on leave that day, as the group counts leave."""
    return exists().where(
        LeaveDay.user_id == user_col,
        LeaveDay.start_day <= day,
        LeaveDay.end_day >= day,
        LeaveDay.counts_in(group_id),
    )


class ReminderService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def due(self) -> list[ReminderPlan]:
        """Lessons whose reminder time has come today, with what is left to send."""
        now = self._clock.now()
        plans: list[ReminderPlan] = []
        async with self._db.transaction() as s:
            groups = await s.execute(
                select(Group).where(
                    Group.bound.is_(True), Group.bot_status.in_(BOT_PRESENT_STATUSES)
                )
            )
            for group in groups.scalars():
                local_now = now.astimezone(ZoneInfo(group.timezone))
                if local_now.time() < hhmm_to_time(group.reminder_time):
                    continue
                start, end = day_bounds(local_now.date(), group.timezone)
                query = (
                    select(Lesson)
                    .where(
                        Lesson.group_id == group.id,
                        Lesson.status == LessonStatus.SENT,
                        Lesson.slot_at >= start,
                        Lesson.slot_at < end,
                    )
                    .order_by(Lesson.id)
                )
                if not self._db.is_sqlite:
                    # Several instances: one writes the ledger while the other
                    # waits, then both send its rows, each row claimed by one of them.
                    query = query.with_for_update()
                lessons = await s.execute(query)
                for lesson in lessons.scalars():
                    if lesson.reminded_at is None:
                        await self._write_ledger(s, lesson, group, now)
                        lesson.reminded_at = now
                    plan = await self._plan(s, lesson, group)
                    if plan.targets:
                        plans.append(plan)
        return plans

    async def _write_ledger(
        self, s: AsyncSession, lesson: Lesson, group: Group, now: datetime
    ) -> None:
        day = lesson_day(lesson.slot_at or now, group.timezone)
        members = await s.execute(
            select(Member.user_id)
            .join(Membership, Membership.user_id == Member.user_id)
            .where(
                Membership.group_id == group.id,
                Membership.status.in_(PRESENT_STATUSES),
                Member.subscribed.is_(True),
                Member.started.is_(True),
                Member.reachable.is_(True),
                # The secretary who recorded the lesson is not nudged to hear his own voice.
                Member.user_id != lesson.author_id,
                ~exists().where(Listen.lesson_id == lesson.id, Listen.user_id == Member.user_id),
                ~_on_leave(Member.user_id, group.id, day),
            )
            .order_by(Member.user_id)
        )
        # What the group's /settings turned off is never written, so never sent.
        rows: list[dict[str, object]] = []
        if group.evening_line:
            rows.append({"chat_id": group.chat_id, "kind": TargetKind.GROUP, "user_id": None})
        rows += [
            {"chat_id": uid, "kind": TargetKind.PRIVATE, "user_id": uid}
            for uid in (members.scalars() if group.reminders else ())
        ]
        if not rows:
            return
        stmt = dialect_insert(s, Reminder).values(
            [
                {**r, "lesson_id": lesson.id, "status": ReminderStatus.PENDING, "created_at": now}
                for r in rows
            ]
        )
        await s.execute(stmt.on_conflict_do_nothing(index_elements=["lesson_id", "chat_id"]))
        log.info(
            "reminder for lesson #%s: %d private nudges",
            lesson.id,
            sum(r["kind"] == TargetKind.PRIVATE for r in rows),
        )

    async def _plan(self, s: AsyncSession, lesson: Lesson, group: Group) -> ReminderPlan:
        rows = await s.execute(
            select(Reminder, Member.language_code, Delivery.message_id)
            .outerjoin(Member, Member.user_id == Reminder.user_id)
            .outerjoin(
                Delivery,
                (Delivery.lesson_id == Reminder.lesson_id)
                & (Delivery.chat_id == Reminder.chat_id)
                & (Delivery.status == DeliveryStatus.DELIVERED),
            )
            .where(Reminder.lesson_id == lesson.id, Reminder.status == ReminderStatus.PENDING)
            .order_by(Reminder.kind, Reminder.id)
        )
        targets = [
            ReminderTarget(r.id, r.chat_id, r.user_id, TargetKind(r.kind), lang, copy_id)
            for r, lang, copy_id in rows.all()
        ]
        return ReminderPlan(
            lesson.id, lesson.title, group.chat_id, group.thread_id, targets, lesson.number
        )

    async def claim(self, target: ReminderTarget, lesson_id: int) -> bool:
        """Mark a nudge as in flight; False if it is settled, or they have listened since."""
        async with self._db.transaction() as s:
            if target.user_id is not None:
                heard = await s.execute(
                    select(Listen.id).where(
                        Listen.lesson_id == lesson_id, Listen.user_id == target.user_id
                    )
                )
                if heard.first() is not None:
                    await s.execute(
                        update(Reminder)
                        .where(
                            Reminder.id == target.reminder_id,
                            Reminder.status == ReminderStatus.PENDING,
                        )
                        .values(status=ReminderStatus.SKIPPED)
                    )
                    return False
            result = await s.execute(
                update(Reminder)
                .where(Reminder.id == target.reminder_id, Reminder.status == ReminderStatus.PENDING)
                .values(status=ReminderStatus.IN_FLIGHT)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def settle(
        self, target: ReminderTarget, status: ReminderStatus, error: str | None = None
    ) -> None:
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(
                update(Reminder)
                .where(Reminder.id == target.reminder_id)
                .values(
                    status=status,
                    error=error[:500] if error else None,
                    sent_at=now if status == ReminderStatus.DELIVERED else None,
                )
            )
            if status == ReminderStatus.UNREACHABLE and target.user_id is not None:
                await s.execute(
                    update(Member)
                    .where(Member.user_id == target.user_id)
                    .values(reachable=False, unreachable_reason=error, updated_at=now)
                )

    async def team_figure(self, lesson_id: int) -> TeamFigure:
        """People who listened, out of those expected, as the roster counts them
        (bot.members.people, the ledger's 应学): everyone who belonged at the lesson and still
        does, less those on leave that day who have not listened; a listener always counts."""
        async with self._db.reading() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = await s.get(Group, lesson.group_id) if lesson else None
            if lesson is None or group is None:
                return TeamFigure(0, 0)
            slot = lesson.slot_at or self._clock.now()
            day = lesson_day(slot, group.timezone)
            heard = set(
                (await s.execute(select(Listen.user_id).where(Listen.lesson_id == lesson_id)))
                .scalars()
                .all()
            )
            away = set(
                (
                    await s.execute(
                        select(LeaveDay.user_id).where(
                            LeaveDay.start_day <= day,
                            LeaveDay.end_day >= day,
                            LeaveDay.counts_in(group.id),
                        )
                    )
                )
                .scalars()
                .all()
            )
            listened = expected = 0
            for person in await people_of(s, group.id):
                if person.user_id is not None and person.user_id in heard:
                    listened += 1
                    expected += 1
                elif person.active and person.expected_at(slot) and person.user_id not in away:
                    expected += 1
            return TeamFigure(listened, expected)
