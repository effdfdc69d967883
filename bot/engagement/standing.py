"""A member's own standing (/me) and the opt-in leaderboard (/rank)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.scoring import PointReason, day_bounds, lesson_day, month_start, week_start
from bot.core.vocabulary import PRESENT_STATUSES, LessonStatus
from bot.engagement.streaks import group_streaks
from storage.db import Database
from storage.models import Group, Lesson, Listen, Member, Membership, PointEntry, RosterEntry
from storage.repositories import group_by_chat, groups_of_member

TOP = 10


@dataclass(frozen=True)
class MyStanding:
    group_title: str
    total: int
    week_points: int
    streak: int
    week_lessons: int
    week_listened: int
    week_notes: int
    # Rank by all-time points among the group's members, only where the leaderboard is on.
    rank: int | None
    ranked: int


# (name, name_is_fallback, points): the roster's name when linked, else the Telegram display
# name (shown marked).
Ranked = tuple[str, bool, int]


@dataclass(frozen=True)
class Ranking:
    group_title: str
    week: list[Ranked]
    month: list[Ranked]
    all_time: list[Ranked]


async def _points_by_member(
    s: AsyncSession, group_id: int, since: datetime | None
) -> dict[int, int]:
    """Points of the group's present members since an instant (all time with None)."""
    query = (
        select(PointEntry.user_id, func.sum(PointEntry.amount))
        .join(
            Membership,
            (Membership.user_id == PointEntry.user_id) & (Membership.group_id == group_id),
        )
        .where(PointEntry.group_id == group_id, Membership.status.in_(PRESENT_STATUSES))
        .group_by(PointEntry.user_id)
    )
    if since is not None:
        query = query.where(PointEntry.created_at >= since)
    rows = await s.execute(query)
    return {uid: int(total or 0) for uid, total in rows.all()}


def _rank_of(points: dict[int, int], user_id: int) -> int:
    """Competition rank: members with equal points share a place."""
    mine = points.get(user_id, 0)
    return 1 + sum(1 for p in points.values() if p > mine)


class StandingService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def _starts(self, zone: str) -> tuple[date, datetime, datetime]:
        today = lesson_day(self._clock.now(), zone)
        return (
            today,
            day_bounds(week_start(today), zone)[0],
            day_bounds(month_start(today), zone)[0],
        )

    async def mine(self, user_id: int) -> list[MyStanding]:
        """The member's points, streak and week in each bound group they are in."""
        now = self._clock.now()
        out: list[MyStanding] = []
        async with self._db.reading() as s:
            for group in await groups_of_member(s, user_id):
                _today, week_from, _month_from = self._starts(group.timezone)
                all_time = await _points_by_member(s, group.id, None)
                week = await _points_by_member(s, group.id, week_from)
                zone, gid = group.timezone, group.id
                streaks = await s.run_sync(
                    lambda ss: group_streaks(ss, gid, zone, {user_id}, now)  # noqa: B023
                )
                lessons = list(
                    (
                        await s.execute(
                            select(Lesson.id).where(
                                Lesson.group_id == group.id,
                                Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
                                Lesson.slot_at >= week_from,
                                Lesson.slot_at <= now,
                            )
                        )
                    ).scalars()
                )
                listened = await s.scalar(
                    select(func.count(func.distinct(Listen.lesson_id))).where(
                        Listen.user_id == user_id, Listen.lesson_id.in_(lessons)
                    )
                )
                notes = await s.scalar(
                    select(func.count()).where(
                        PointEntry.user_id == user_id,
                        PointEntry.reason == str(PointReason.NOTE),
                        PointEntry.lesson_id.in_(lessons),
                    )
                )
                members = await s.scalar(
                    select(func.count()).where(
                        Membership.group_id == group.id, Membership.status.in_(PRESENT_STATUSES)
                    )
                )
                out.append(
                    MyStanding(
                        group_title=group.title,
                        total=all_time.get(user_id, 0),
                        week_points=week.get(user_id, 0),
                        streak=streaks.get(user_id, 0),
                        week_lessons=len(lessons),
                        week_listened=int(listened or 0),
                        week_notes=int(notes or 0),
                        rank=_rank_of(all_time, user_id) if group.leaderboard else None,
                        ranked=int(members or 0),
                    )
                )
        return out

    async def ranking(self, chat_id: int) -> Ranking:
        """The group's top members this week, this month and in all; only if it opted in."""
        async with self._db.reading() as s:
            group = await group_by_chat(s, chat_id)
            if group is None or not group.bound:
                raise DomainError("settings.not_bound")
            if not group.leaderboard:
                raise DomainError("rank.off")
            _today, week_from, month_from = self._starts(group.timezone)
            periods = [
                await self._top(s, group, week_from),
                await self._top(s, group, month_from),
                await self._top(s, group, None),
            ]
            return Ranking(group.title, *periods)

    async def _top(self, s: AsyncSession, group: Group, since: datetime | None) -> list[Ranked]:
        points = await _points_by_member(s, group.id, since)
        best = sorted(
            ((total, uid) for uid, total in points.items() if total > 0),
            key=lambda x: (-x[0], x[1]),
        )
        best = best[:TOP]
        if not best:
            return []
        uids = [u for _, u in best]
        accounts = await s.execute(select(Member).where(Member.user_id.in_(uids)))
        names = {member.user_id: (member.display_name, True) for member in accounts.scalars()}
        rostered = await s.execute(
            select(RosterEntry.user_id, RosterEntry.name).where(
                RosterEntry.group_id == group.id, RosterEntry.user_id.in_(uids)
            )
        )
        for uid, name in rostered.all():
            if uid is not None:
                names[uid] = (name, False)
        return [(*names.get(uid, (str(uid), True)), total) for total, uid in best]
