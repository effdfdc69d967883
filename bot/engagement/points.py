"""Awarding points: the one place where the daily cap is applied.

Every source of points is awarded here: a listen (any source), a first study note, a right quiz
answer and the player's heard bonus. It runs inside the caller's own transaction:

1. the member's day in the group is locked until the transaction ends (PostgreSQL; SQLite has
   one writer at a time), so concurrent transactions award one after another, never both
   from the same total;
2. what the member already earned today in the group is read once (the day is the group's
   local day, `bot.core.scoring.day_bounds`);
3. each award takes what is left under `[points] daily_cap` (the pure rule
   `bot.core.scoring.capped`) and the running total moves with it, so several awards in one
   transaction (a batch of presses) never each see the same total;
4. the rows, one per award and a zero where the cap took everything, are written together.

A row of zero is kept on purpose: it records that the award was made (a note earns once).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.core.config import PointsSettings
from bot.core.scoring import PointReason, capped, day_bounds, lesson_day
from storage.models import PointEntry
from storage.repositories import dialect_insert, lock_member_days


@dataclass(frozen=True)
class Award:
    """Points one source earns before the cap: who, in which group, for what."""

    group_id: int
    zone: str  # the group's zone: where its day ends
    user_id: int
    lesson_id: int | None
    reason: PointReason
    amount: int
    # Several awards of one reason on one lesson: a quiz row names its question's position.
    part: int | None = None


@dataclass(frozen=True)
class Grant:
    """What an award got under the cap."""

    amount: int
    wanted: int

    @property
    def capped(self) -> bool:
        """The cap took some or all of it."""
        return self.amount < self.wanted


def stored_reason(reason: PointReason, part: int | None = None) -> str:
    """The reason as the points table keeps it: "quiz:2" for a quiz's second question."""
    return str(reason) if part is None else f"{reason}:{part}"


class DailyPoints:
    """Points awarded in one transaction, each member's daily cap applied as they go.

    One instance per unit of work, written (`write`) before anything else in the same
    transaction awards points: a second instance reads the table, not the first one's queue.
    """

    def __init__(self, s: Session, rules: PointsSettings, now: datetime) -> None:
        self._s = s
        self._rules = rules
        self._now = now
        self._today: dict[tuple[int, int], int] = {}
        self._rows: list[dict[str, object]] = []

    def load(self, zones: Mapping[int, str], users: Collection[int]) -> None:
        """Lock, then read, today's points of these members in these groups (group id → zone)."""
        wanted = {(gid, uid) for gid in zones for uid in users} - self._today.keys()
        if not wanted:
            return
        days = {gid: lesson_day(self._now, zone) for gid, zone in zones.items()}
        lock_member_days(self._s, [(gid, uid, days[gid]) for gid, uid in wanted])
        windows = []
        for group_id, zone in zones.items():
            start, end = day_bounds(days[group_id], zone)
            members = sorted(uid for gid, uid in wanted if gid == group_id)
            if members:
                windows.append(
                    and_(
                        PointEntry.group_id == group_id,
                        PointEntry.user_id.in_(members),
                        PointEntry.created_at >= start,
                        PointEntry.created_at < end,
                    )
                )
        rows = self._s.execute(
            select(PointEntry.group_id, PointEntry.user_id, func.sum(PointEntry.amount))
            .where(or_(*windows))
            .group_by(PointEntry.group_id, PointEntry.user_id)
        )
        self._today.update(dict.fromkeys(wanted, 0))
        for group_id, user_id, total in rows.all():
            if (group_id, user_id) in wanted:
                self._today[(group_id, user_id)] = int(total or 0)

    def grant(self, award: Award) -> Grant:
        """What is left of the award under the cap, queued for `write`."""
        key = (award.group_id, award.user_id)
        if key not in self._today:
            self.load({award.group_id: award.zone}, {award.user_id})
        got = capped(award.amount, self._today[key], self._rules.daily_cap)
        self._today[key] += got
        self._rows.append(
            {
                "user_id": award.user_id,
                "group_id": award.group_id,
                "lesson_id": award.lesson_id,
                "reason": stored_reason(award.reason, award.part),
                "amount": got,
                "created_at": self._now,
            }
        )
        return Grant(got, award.amount)

    def write(self) -> None:
        """Write the queued rows (one statement, run as executemany for a batch)."""
        if self._rows:
            self._s.execute(
                dialect_insert(self._s, PointEntry.__table__).on_conflict_do_nothing(), self._rows
            )
            self._rows = []


def grant_one(s: Session, rules: PointsSettings, now: datetime, award: Award) -> Grant:
    """One award under the cap, written at once (a quiz answer, a heard bonus)."""
    points = DailyPoints(s, rules, now)
    granted = points.grant(award)
    points.write()
    return granted
