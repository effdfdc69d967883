"""三会一课 counted against what is required: each type's periods of a year (month, quarter or
year, as [meetings] says), held / required, ✓ met, ✗ past and missed, … still open; the one
reminder a period ending unmet earns; and the daily lesson a secretary counts as a 党课."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.branch_life.events.kinds import kind_label
from bot.branch_life.events.views import EventFigures
from bot.core.clock import Clock
from bot.core.config import MeetingsSettings
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.vocabulary import AlertKind, EventKind, LessonStatus
from bot.groups.secretaries import GroupRef, Recipient, SecretaryRights, group_ref
from bot.groups.settings import claim_alert
from bot.members.people import people_of
from bot.secretary.meetings_sheet import MeetingLine, MeetingsSheet
from storage.db import Database
from storage.models import BranchEvent, Group, Lesson, PartyLessonMark
from storage.repositories import bound_groups

# The types counted, in the order the table shows them, and their [meetings] key.
COUNTED: tuple[tuple[EventKind, str], ...] = (
    (EventKind.BRANCH_ASSEMBLY, "branch_assembly"),
    (EventKind.COMMITTEE, "committee"),
    (EventKind.GROUP_MEETING, "group_meeting"),
    (EventKind.PARTY_LESSON, "party_lesson"),
    (EventKind.THEME_DAY, "theme_day"),
    (EventKind.LIFE_MEETING, "life_meeting"),
    (EventKind.APPRAISAL, "appraisal"),
)
# 三会一课 proper: what the 机关党委 counts each quarter.
THREE_AND_ONE = frozenset(
    {
        EventKind.BRANCH_ASSEMBLY,
        EventKind.COMMITTEE,
        EventKind.GROUP_MEETING,
        EventKind.PARTY_LESSON,
    }
)
MET, MISSED, OPEN = "met", "unmet", "open"  # ✓, ✗ (past and unmet), …
MARKS = {MET: "✓", MISSED: "✗", OPEN: "…"}


@dataclass(frozen=True)
class Period:
    key: str  # 2026-03, 2026Q1, 2026: the alert ledger's key, and the label's source
    start: date
    end: date  # the day after the last
    held: int
    required: int
    state: str  # MET, MISSED or OPEN

    @property
    def mark(self) -> str:
        return MARKS[self.state]


@dataclass(frozen=True)
class KindYear:
    kind: EventKind
    frequency: str
    periods: list[Period]

    @property
    def held(self) -> int:
        return sum(p.held for p in self.periods)

    @property
    def required(self) -> int:
        return sum(p.required for p in self.periods)


@dataclass(frozen=True)
class YearTable:
    group: GroupRef
    year: int
    rows: list[KindYear]
    party_lessons: dict[str, int]  # quarter → the #N of the daily lesson counted as its 党课


@dataclass(frozen=True)
class MeetingDue:
    """A period about to end unmet: one private reminder to the secretaries."""

    group: GroupRef
    kind: EventKind
    period: Period
    recipients: list[Recipient]
    days_left: int


def periods_of(frequency: str, year: int) -> list[tuple[str, date, date]]:
    if frequency == "month":
        return [
            (f"{year}-{m:02d}", date(year, m, 1), date(year + m // 12, m % 12 + 1, 1))
            for m in range(1, 13)
        ]
    if frequency == "quarter":
        return [
            (f"{year}Q{q}", date(year, 3 * q - 2, 1), date(year + q // 4, (3 * q) % 12 + 1, 1))
            for q in range(1, 5)
        ]
    if frequency == "year":
        return [(str(year), date(year, 1, 1), date(year + 1, 1, 1))]
    return []


def period_label(period: Period, lang: Lang, *, short: bool = False) -> str:
    """Q1, 3月, 全年 in a year's table (short); with the year in a reminder: 2026年Q1."""
    year = "" if short else t("meetings.of_year", lang, year=period.key[:4])
    if "Q" in period.key:
        return t("meetings.quarter", lang, year=year, q=period.key[-1])
    if "-" in period.key:
        return t("meetings.month", lang, year=year, m=int(period.key[-2:]))
    return t("meetings.year", lang, year=year)


def every_text(row: KindYear, lang: Lang) -> str:
    if row.kind == EventKind.GROUP_MEETING and row.frequency == "month":
        return t("meetings.every.group_month", lang)
    return t(f"meetings.every.{row.frequency}", lang)


def marks_text(row: KindYear, lang: Lang) -> str:
    """Q1✓ Q2✗ Q3✓ Q4… (党小组会 with its count where several 党小组 must meet)."""

    def cell(period: Period) -> str:
        shown = f"{period_label(period, lang, short=True)}{period.mark}"
        return shown if period.required == 1 else f"{shown}{period.held}/{period.required}"

    return " ".join(cell(p) for p in row.periods)


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


async def _year_rows(
    s: AsyncSession, group: Group, year: int, settings: MeetingsSettings, now: datetime
) -> tuple[list[KindYear], dict[str, int]]:
    zone = ZoneInfo(group.timezone)
    today = now.astimezone(zone).date()
    start = datetime(year, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    # Held: the meeting's time has come (a meeting announced for later is not held yet).
    events = (
        await s.execute(
            select(BranchEvent.kind, BranchEvent.kind_detail, BranchEvent.starts_at).where(
                BranchEvent.group_id == group.id,
                BranchEvent.starts_at >= start,
                BranchEvent.starts_at < end,
                BranchEvent.starts_at <= now,
            )
        )
    ).all()
    held = [(kind, detail, at.astimezone(zone).date()) for kind, detail, at in events]
    marks = {
        quarter: (number, sent)
        for quarter, number, sent in (
            await s.execute(
                select(PartyLessonMark.quarter, Lesson.number, Lesson.sent_at)
                .join(Lesson, Lesson.id == PartyLessonMark.lesson_id)
                .where(PartyLessonMark.group_id == group.id)
            )
        ).all()
        if quarter.startswith(str(year))
    }
    for _, sent in marks.values():
        if sent is not None:
            held.append((EventKind.PARTY_LESSON, None, sent.astimezone(zone).date()))
    party_groups = sorted({p.party_group for p in await people_of(s, group.id) if p.party_group})
    rows = []
    for kind, key in COUNTED:
        frequency = getattr(settings, key)
        periods = []
        for period_key, first, after in periods_of(frequency, year):
            inside = [(k, d) for k, d, day in held if k == kind and first <= day < after]
            if kind == EventKind.GROUP_MEETING and party_groups:
                # Once for each 党小组: a group counts when it met at least once.
                required = len(party_groups)
                count = len({d for _, d in inside if d in party_groups})
            else:
                required, count = 1, len(inside)
            state = MET if count >= required else MISSED if after <= today else OPEN
            periods.append(Period(period_key, first, after, count, required, state))
        rows.append(KindYear(kind, frequency, periods))
    return rows, {q: number for q, (number, _) in marks.items()}


class MeetingsService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        secretaries: SecretaryRights,
        settings: MeetingsSettings,
        figures: Callable[[int], Awaitable[EventFigures | None]],
    ) -> None:
        self._db = db
        self._clock = clock
        self._secretaries = secretaries
        self._settings = settings
        self._figures = figures  # an event's 应到 / 实到, as /report counts them

    async def sheet(self, group_id: int, year: int) -> MeetingsSheet:
        """The ledger's 三会一课 sheet: the year's table, then each meeting held, 实到率."""
        table = await self.year_table(group_id, year)
        types = [
            (str(row.kind), every_text(row, "zh"), row.held, row.required, marks_text(row, "zh"))
            for row in table.rows
            if row.periods
        ]
        now = self._clock.now()
        zone = ZoneInfo(table.group.timezone)
        start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
        async with self._db.reading() as s:
            events = (
                await s.execute(
                    select(BranchEvent)
                    .where(
                        BranchEvent.group_id == group_id,
                        BranchEvent.starts_at >= start,
                        BranchEvent.starts_at < end,
                        BranchEvent.starts_at <= now,
                    )
                    .order_by(BranchEvent.starts_at, BranchEvent.id)
                )
            ).scalars()
            held = [(e.id, e.starts_at, kind_label(e.kind, e.kind_detail), e.title) for e in events]
        lines = []
        for event_id, at, label, title in held:
            figures = await self._figures(event_id)
            expected, came = (0, 0) if figures is None else (figures.expected, figures.signed_in)
            lines.append(MeetingLine(at.astimezone(zone).date(), label, title, expected, came))
        return MeetingsSheet(year, types, lines)

    async def for_secretary(self, user_id: int, year: int | None) -> list[YearTable]:
        """/meetings [YYYY]: a table for each group the user runs."""
        groups = await self._secretaries.groups_of(user_id)
        if not groups:
            raise DomainError("meetings.not_secretary")
        now = self._clock.now()
        if year is None:
            year = now.astimezone(ZoneInfo(groups[0].timezone)).year
        if not 2000 <= year <= 2100:
            raise DomainError("meetings.usage")
        return [await self.year_table(g.group_id, year) for g in groups]

    async def year_table(self, group_id: int, year: int) -> YearTable:
        now = self._clock.now()
        async with self._db.reading() as s:
            group = await s.get(Group, group_id)
            if group is None:  # pragma: no cover - groups are never deleted
                raise DomainError("meetings.not_secretary")
            rows, marks = await _year_rows(s, group, year, self._settings, now)
            return YearTable(group_ref(group), year, rows, marks)

    async def quarter_counts(self, group_id: int, year: int, month: int) -> tuple[int, int]:
        """The 三会一课 held / required in the quarter of that month (for the 机关党委): a
        monthly type counts the quarter's three months, those still to come among them."""
        now = self._clock.now()
        async with self._db.reading() as s:
            group = await s.get(Group, group_id)
            if group is None:  # pragma: no cover - groups are never deleted
                return 0, 0
            rows, _ = await _year_rows(s, group, year, self._settings, now)
        first = date(year, 3 * ((month - 1) // 3) + 1, 1)
        held = required = 0
        for row in rows:
            if row.kind not in THREE_AND_ONE:
                continue
            for period in row.periods:
                # The quarter's own months, or the quarter itself.
                if first <= period.start and period.end <= _next_quarter(first):
                    held += min(period.held, period.required)
                    required += period.required
        return held, required

    async def quarter_lessons(self, user_id: int, group_id: int) -> list[tuple[int, int, str]]:
        """The daily lessons sent this quarter (id, #N, title), newest first, to pick the 党课."""
        if not await self._secretaries.is_secretary(group_id, user_id):
            raise DomainError("meetings.not_secretary")
        now = self._clock.now()
        async with self._db.reading() as s:
            group = await s.get(Group, group_id)
            if group is None:  # pragma: no cover - groups are never deleted
                raise DomainError("meetings.not_secretary")
            zone = ZoneInfo(group.timezone)
            today = now.astimezone(zone).date()
            first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            start = datetime(first.year, first.month, 1, tzinfo=zone)
            rows = await s.execute(
                select(Lesson.id, Lesson.number, Lesson.title)
                .where(
                    Lesson.group_id == group_id,
                    Lesson.status == LessonStatus.SENT,
                    Lesson.sent_at >= start,
                )
                .order_by(Lesson.sent_at.desc())
                .limit(10)
            )
            return [(lesson_id, number, title) for lesson_id, number, title in rows.all()]

    async def mark_party_lesson(self, user_id: int, lesson_id: int) -> tuple[str, int]:
        """Count a sent daily lesson as its quarter's 党课 (replacing another one so counted);
        the quarter and the lesson's #N."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = None if lesson is None else await s.get(Group, lesson.group_id)
            if lesson is None or group is None:
                raise DomainError("meetings.no_lesson", n=lesson_id)
        if not await self._secretaries.is_secretary(group.id, user_id):
            raise DomainError("meetings.no_lesson", n=lesson.number)
        if lesson.status != LessonStatus.SENT or lesson.sent_at is None:
            raise DomainError("meetings.lesson_not_sent", n=lesson.number)
        quarter = quarter_of(lesson.sent_at.astimezone(ZoneInfo(group.timezone)).date())
        async with self._db.transaction() as s:
            mark = await s.get(PartyLessonMark, (group.id, quarter))
            if mark is None:
                s.add(
                    PartyLessonMark(
                        group_id=group.id,
                        quarter=quarter,
                        lesson_id=lesson_id,
                        marked_by=user_id,
                        marked_at=now,
                    )
                )
            else:
                mark.lesson_id, mark.marked_by, mark.marked_at = lesson_id, user_id, now
        return quarter, lesson.number

    async def reminders_due(self) -> list[MeetingDue]:
        """Periods that end within [meetings] remind_days unmet: each once (the alert ledger)."""
        now = self._clock.now()
        due: list[tuple[GroupRef, EventKind, Period]] = []
        async with self._db.transaction() as s:
            for group in await bound_groups(s):
                today = now.astimezone(ZoneInfo(group.timezone)).date()
                rows, _ = await _year_rows(s, group, today.year, self._settings, now)
                for row in rows:
                    for period in _ending(row.periods, today, self._settings.remind_days):
                        key = f"{row.kind}:{period.key}"
                        if await claim_alert(s, group.id, AlertKind.MEETING_DUE, key, now):
                            due.append((group_ref(group), row.kind, period))
        return [
            MeetingDue(
                g,
                kind,
                period,
                await self._secretaries.recipients(g.group_id),
                (period.end - now.astimezone(ZoneInfo(g.timezone)).date()).days,
            )
            for g, kind, period in due
        ]


def _ending(periods: Sequence[Period], today: date, days: int) -> list[Period]:
    return [
        p
        for p in periods
        if p.state == OPEN and p.start <= today < p.end and p.end - today <= timedelta(days=days)
    ]


def _next_quarter(first: date) -> date:
    return date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
