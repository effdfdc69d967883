"""The 机关党委's view over its branches: each branch's month in figures (lessons pushed, average
参学率, notes, 三会一课 held / required this quarter, the roster's size and how many are
linked) and a total. Figures only: the committee never sees a name, a note or a member's points.

Each lesson's figures are the branch's own ledger figures (bot.secretary.ledger_figures: 应学
leaves out 请假 and 已退群或转出, 心得 counts notes), read in one pass off the event loop, so
the committee and the branch's XLSX always agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.clock import Clock
from bot.core.config import CommitteeSettings
from bot.core.errors import DomainError
from bot.groups.secretaries import GroupRef, group_ref
from bot.secretary.ledger import LedgerData, Period, month_period
from bot.secretary.ledger_figures import ledger_figures
from bot.secretary.ledger_reads import load_ledger
from storage.db import Database
from storage.models import Group, RosterEntry
from storage.repositories import bound_groups

# The 三会一课 held / required of a group in the quarter of a month (group, year, month):
# bot.branch_life.meetings.
QuarterCounts = Callable[[int, int, int], Awaitable[tuple[int, int]]]


@dataclass(frozen=True)
class LessonFigures:
    lesson_id: int
    day: date
    title: str
    expected: int
    listened: int
    notes: int

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else self.listened / self.expected


@dataclass(frozen=True)
class BranchFigures:
    group: GroupRef
    lessons: list[LessonFigures]
    meetings_held: int
    meetings_required: int
    roster: int
    linked: int

    @property
    def rate(self) -> float | None:
        """Average 参学率: the mean of the month's lessons' (each as /report gives it)."""
        rates = [r for r in (each.rate for each in self.lessons) if r is not None]
        return sum(rates) / len(rates) if rates else None

    @property
    def notes(self) -> int:
        return sum(each.notes for each in self.lessons)


@dataclass(frozen=True)
class CommitteeMonth:
    name: str
    year: int
    month: int
    branches: list[BranchFigures] = field(default_factory=list)

    @property
    def lessons(self) -> int:
        return sum(len(b.lessons) for b in self.branches)

    @property
    def rate(self) -> float | None:
        rates = [r for r in (b.rate for b in self.branches) if r is not None]
        return sum(rates) / len(rates) if rates else None

    @property
    def notes(self) -> int:
        return sum(b.notes for b in self.branches)

    @property
    def meetings_held(self) -> int:
        return sum(b.meetings_held for b in self.branches)

    @property
    def meetings_required(self) -> int:
        return sum(b.meetings_required for b in self.branches)

    @property
    def roster(self) -> int:
        return sum(b.roster for b in self.branches)

    @property
    def linked(self) -> int:
        return sum(b.linked for b in self.branches)


def parse_month(text: str) -> tuple[int, int] | None:
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    year, month = int(parts[0]), int(parts[1])
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


class CommitteeService:
    def __init__(
        self, db: Database, clock: Clock, settings: CommitteeSettings, quarter: QuarterCounts
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._quarter = quarter

    @property
    def name(self) -> str:
        return self._settings.name

    def is_admin(self, user_id: int) -> bool:
        return user_id in self._settings.admins

    def check(self, user_id: int) -> None:
        if not self.is_admin(user_id):
            raise DomainError("committee.not_admin", name=self._settings.name)

    async def month(
        self, user_id: int, year: int | None = None, month: int | None = None
    ) -> CommitteeMonth:
        """Every branch's month (this month unless one is named), for a committee admin only."""
        self.check(user_id)
        now = self._clock.now()
        async with self._db.reading() as s:
            groups = [
                g
                for g in await bound_groups(s)
                if not self._settings.groups or g.chat_id in self._settings.groups
            ]
        if year is None or month is None:
            local = now.astimezone(ZoneInfo(groups[0].timezone)) if groups else now
            year, month = local.year, local.month
        branches = [await self._branch(g, year, month) for g in groups]
        return CommitteeMonth(self._settings.name, year, month, branches)

    async def _branch(self, group: Group, year: int, month: int) -> BranchFigures:
        ref = group_ref(group)
        data, roster, linked = await self._db.read_sync(
            lambda s: _branch_read(s, ref, month_period(year, month))
        )
        lessons = {lesson.lesson_id: lesson for lesson in data.lessons}
        figures = [
            LessonFigures(
                each.lesson_id,
                lessons[each.lesson_id].day,
                lessons[each.lesson_id].title,
                each.expected,
                each.listened,
                each.notes,
            )
            for each in ledger_figures(data).lessons
        ]
        held, required = await self._quarter(group.id, year, month)
        return BranchFigures(ref, figures, held, required, roster, linked)


def _branch_read(s: Session, group: GroupRef, period: Period) -> tuple[LedgerData, int, int]:
    """The month's ledger and the roster's size and linked entries, in one read."""
    data = load_ledger(s, group, period)
    current = RosterEntry.group_id == group.group_id, RosterEntry.transferred_at.is_(None)
    roster = s.scalar(select(func.count()).where(*current))
    linked = s.scalar(select(func.count()).where(*current, RosterEntry.user_id.is_not(None)))
    return data, int(roster or 0), int(linked or 0)
