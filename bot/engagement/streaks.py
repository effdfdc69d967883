"""Streaks: the group's broadcast days, each member's run of them, leave not breaking it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.scoring import LeaveRange, Timing, lesson_day, streak
from bot.core.vocabulary import LessonStatus
from storage.models import LeaveDay, Lesson, Listen

# How far back a streak is counted (broadcast days); about a year and a half of workdays.
STREAK_LOOKBACK = 400


class BroadcastDays:
    """Each group's recent broadcast days, kept while no newer lesson has gone out.

    A streak needs them on every press; the newest sent lesson's id, read in the same query
    that validates the press, says whether the copy is still exact.
    """

    def __init__(self) -> None:
        self._days: dict[int, tuple[int, list[datetime]]] = {}

    def slots(self, s: Session, group_id: int, newest: int) -> list[datetime]:
        cached = self._days.get(group_id)
        if cached is not None and cached[0] == newest:
            return cached[1]
        slots = broadcast_slots(s, group_id)
        self._days[group_id] = (newest, slots)
        return slots


def broadcast_slots(s: Session, group_id: int) -> list[datetime]:
    """The group's lessons that went out, newest first, as far back as a streak looks."""
    rows = s.execute(
        select(Lesson.slot_at)
        .where(
            Lesson.group_id == group_id,
            Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
            Lesson.slot_at.is_not(None),
        )
        .order_by(Lesson.slot_at.desc())
        .limit(STREAK_LOOKBACK)
    )
    return [slot for slot in rows.scalars() if slot is not None]


def group_streaks(
    s: Session, group_id: int, zone: str, users: set[int], now: datetime
) -> dict[int, int]:
    """Each member's current streak in a group (reads the group's broadcast days)."""
    return streaks_from(s, group_id, zone, broadcast_slots(s, group_id), users, now)


def streaks_from(
    s: Session,
    group_id: int,
    zone: str,
    slots: list[datetime],
    users: set[int],
    now: datetime,
) -> dict[int, int]:
    if not slots:
        return dict.fromkeys(users, 0)
    days = [lesson_day(slot, zone) for slot in slots]
    heard = s.execute(
        select(Listen.user_id, Lesson.slot_at)
        .join(Lesson, Lesson.id == Listen.lesson_id)
        .where(
            Lesson.group_id == group_id,
            Lesson.slot_at >= slots[-1],
            Listen.user_id.in_(users),
            Listen.timing != str(Timing.LATE),
        )
    )
    listened: defaultdict[int, set[date]] = defaultdict(set)
    for uid, slot in heard.all():
        if slot is not None:
            listened[uid].add(lesson_day(slot, zone))
    leaves = leave_ranges(s, group_id, users, days[-1])
    today = lesson_day(now, zone)
    return {uid: streak(days, listened[uid], leaves[uid], today) for uid in users}


def leave_ranges(
    s: Session, group_id: int, users: set[int], since: date
) -> defaultdict[int, list[LeaveRange]]:
    """Each member's leave since `since`, as the group counts it."""
    rows = s.execute(
        select(LeaveDay.user_id, LeaveDay.start_day, LeaveDay.end_day).where(
            LeaveDay.user_id.in_(users), LeaveDay.end_day >= since, LeaveDay.counts_in(group_id)
        )
    )
    out: defaultdict[int, list[LeaveRange]] = defaultdict(list)
    for uid, start, end in rows.all():
        out[uid].append(LeaveRange(start, end))
    return out
