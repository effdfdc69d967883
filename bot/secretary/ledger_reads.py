"""The ledger's reads: the month's rows straight from the driver, local times worked out once
per hour, and the service that runs them off the event loop."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Executable, String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from bot.core.scoring import day_bounds, lesson_day
from bot.core.vocabulary import LessonStatus, TargetKind
from bot.groups.secretaries import GroupRef
from bot.members.people import Contact, people_of_sync
from bot.secretary.ledger import LedgerData, LessonInfo, ListenInfo, MemberInfo, NoteInfo, Period
from storage.db import Database
from storage.models import (
    Delivery,
    Heard,
    LeaveDay,
    Lesson,
    Listen,
    Note,
    Opened,
    PointEntry,
    QuizAnswer,
    QuizQuestion,
)


def _raw(column: Any) -> Any:
    """A time column without SQLAlchemy's per-row parsing (a year's ledger has 150 000)."""
    return type_coerce(column, String)


def _driver_rows(conn: Connection, statement: Executable) -> list[Any]:
    """The rows as the driver gives them (tuples; asyncpg's records): for the big reads, where
    SQLAlchemy's Row objects cost more than the query. Only for columns that need no result
    processing (ints, text, and times through _raw)."""
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a year's rows are read or written: they make no
    cycles, and a collection every 700 new tuples costs a tenth of the export. Left alone if
    someone else paused it (it is one switch for the whole process)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_ledger(
    s: Session, group: GroupRef, period: Period, lesson_id: int | None = None
) -> LedgerData:
    """Read one group's record for a period (or for one lesson) in a handful of queries."""
    with collector_paused():
        return _load_ledger(s, group, period, lesson_id)


def _load_ledger(s: Session, group: GroupRef, period: Period, lesson_id: int | None) -> LedgerData:
    # Core on the session's connection: the ORM's result machinery costs a third more.
    conn = s.connection()
    zone = group.timezone
    start = day_bounds(period.start, zone)[0]
    end = day_bounds(period.end, zone)[0]
    lesson_q = select(Lesson.id, Lesson.title, Lesson.slot_at, Lesson.number).where(
        Lesson.group_id == group.group_id,
        Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
        Lesson.slot_at >= start,
        Lesson.slot_at < end,
    )
    if lesson_id is not None:
        lesson_q = lesson_q.where(Lesson.id == lesson_id)
    lessons = [
        LessonInfo(lid, title, slot, lesson_day(slot, zone), number)
        for lid, title, slot, number in conn.execute(lesson_q.order_by(Lesson.slot_at, Lesson.id))
        if slot is not None
    ]
    data = LedgerData(group, period, lessons, {}, {}, {}, defaultdict(list), {})
    if not lessons:
        return data
    ids = [ls.lesson_id for ls in lessons]
    delivery_rows = _driver_rows(
        conn,
        select(Delivery.lesson_id, Delivery.user_id, Delivery.status, _raw(Delivery.sent_at)).where(
            Delivery.lesson_id.in_(ids), Delivery.kind == TargetKind.PRIVATE
        ),
    )
    data.deliveries = {
        (lid, uid): (delivery_status, sent_at)
        for lid, uid, delivery_status, sent_at in delivery_rows
        if uid is not None
    }
    listen_rows = _driver_rows(
        conn,
        select(
            Listen.lesson_id,
            Listen.user_id,
            Listen.source,
            Listen.timing,
            _raw(Listen.created_at),
            Listen.id,
        ).where(Listen.lesson_id.in_(ids)),
    )
    # The first listen (the one that earned the points) wins: latest first, so it is written
    # last (sorted here, not by ORDER BY: cheaper than SQLite's sort).
    listen_rows.sort(key=itemgetter(4, 5), reverse=True)
    data.listens = {
        (lid, uid): ListenInfo(source, timing, heard_at)
        for lid, uid, source, timing, heard_at, _ in listen_rows
    }
    data.opens = {
        (lid, uid)
        for lid, uid in _driver_rows(
            conn, select(Opened.lesson_id, Opened.user_id).where(Opened.lesson_id.in_(ids))
        )
    }
    note_rows = _driver_rows(
        conn,
        select(
            Note.lesson_id,
            Note.user_id,
            Note.id,
            Note.text,
            Note.voice_seconds,
            _raw(Note.created_at),
            Note.featured_at.is_not(None),
        )
        .where(Note.lesson_id.in_(ids))
        .order_by(Note.created_at, Note.id),
    )
    for lid, uid, nid, text, secs, written_at, featured in note_rows:
        data.notes[(lid, uid)].append(NoteInfo(nid, text, secs, written_at, bool(featured)))
    # Summed here, not by GROUP BY: three times faster on SQLite for a year's rows.
    point_rows = _driver_rows(
        conn,
        select(PointEntry.lesson_id, PointEntry.user_id, PointEntry.amount).where(
            PointEntry.group_id == group.group_id, PointEntry.lesson_id.in_(ids)
        ),
    )
    points: defaultdict[tuple[int, int], int] = defaultdict(int)
    for lid, uid, amount in point_rows:
        if lid is not None:
            points[(lid, uid)] += amount
    data.points = dict(points)
    # The roster decides who is in the record (bot.members.people): evidence from an account
    # that does not belong (dismissed, or never a member) adds no row.
    for person in people_of_sync(s, group.group_id):
        data.members[person.key] = MemberInfo(
            person.name,
            person.contact == Contact.OK,
            person.active,
            person.since,
            person.until,
            category=person.category,
            party_group=person.party_group,
            name_is_fallback=person.name_is_fallback,
            contact=person.contact,
        )
    leave_rows = conn.execute(
        select(LeaveDay.user_id, LeaveDay.start_day, LeaveDay.end_day).where(
            LeaveDay.user_id.in_([key for key in data.members if key > 0]),
            LeaveDay.end_day >= period.start,
            LeaveDay.start_day < period.end,
            LeaveDay.counts_in(group.group_id),
        )
    )
    for uid, start_day, end_day in leave_rows:
        data.leaves[uid].append((start_day, end_day))
    quiz_rows = conn.execute(
        select(
            QuizQuestion.lesson_id,
            QuizAnswer.user_id,
            func.count(),
            func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
        )
        .join(QuizQuestion, QuizQuestion.id == QuizAnswer.question_id)
        .where(QuizQuestion.lesson_id.in_(ids))
        .group_by(QuizQuestion.lesson_id, QuizAnswer.user_id)
    )
    for lid, uid, answered, right in quiz_rows:
        data.quiz[(lid, uid)] = (int(answered), int(right or 0))
    data.per_member["quiz_answered"] = {key: count for key, (count, _) in data.quiz.items()}
    data.per_member["quiz_correct"] = {key: count for key, (_, count) in data.quiz.items()}
    heard_rows = conn.execute(
        select(Heard.lesson_id, Heard.user_id, Heard.share).where(Heard.lesson_id.in_(ids))
    )
    data.per_member["heard_share"] = {(lid, uid): f"{share:.2f}" for lid, uid, share in heard_rows}
    return data


# The month's attendance at activity days (bot.branch_life.events.EventService.month_rows).
AttendanceFetch = Callable[[int, int, int], Awaitable[list[Any]]]
# The year's 三会一课 sheet (bot.branch_life.meetings.MeetingsService.sheet): group, year.
MeetingsFetch = Callable[[int, int], Awaitable[Any]]


class LedgerService:
    def __init__(
        self,
        db: Database,
        attendance: AttendanceFetch | None = None,
        meetings: MeetingsFetch | None = None,
    ) -> None:
        self._db = db
        self._attendance = attendance
        self._meetings = meetings

    async def load(self, group: GroupRef, period: Period, *, sheets: bool = False) -> LedgerData:
        """Off the event loop: a year of rows takes a while to read. `sheets`: with the month's
        activity days and the year's 三会一课 too, which only the workbook shows."""
        data = await self._db.read_sync(lambda s: load_ledger(s, group, period))
        if not sheets:
            return data
        if self._attendance is not None and period.days() <= 31:
            data.attendance = await self._attendance(
                group.group_id, period.start.year, period.start.month
            )
        if self._meetings is not None:
            data.meetings = await self._meetings(group.group_id, period.start.year)
        return data
