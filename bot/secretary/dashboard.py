"""The secretary's dashboard: one group's week at a glance, for its secretaries only.

A read model over the ledger (bot.secretary.ledger, through its public rows), with the week's
figures computed as the weekly digest computes them (bot.secretary.digest). The ledger's rows are
read by column name.

A member's own progress is theirs: each member's cell says heard or not heard (and how), never
the player's share of the lesson, which the ledger file keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.scoring import lesson_day, week_start
from bot.groups.secretaries import GroupRef, SecretaryRights
from bot.secretary.digest import WeekFigures, compose
from bot.secretary.ledger import COLUMNS, EXPECTED_STATUSES, LedgerData, Period, RowStatus
from bot.secretary.ledger_reads import LedgerService

# The latest notes the page lists; the ledger has them all.
MAX_NOTES = 10
NOTE_EXCERPT = 300

# A ledger row by column name; and, beside the columns, who the row is about (KEY:
# bot.members.people's Person.key) and whether their name is a Telegram display name
# (FALLBACK: not on the roster, shown marked).
Row = Mapping[str, object]
KEY, FALLBACK = "_key", "_name_is_fallback"


@dataclass(frozen=True)
class DayBar:
    day: date
    lessons: int
    listened: int
    expected: int


@dataclass(frozen=True)
class WeekLesson:
    lesson_id: int
    day: date
    title: str
    number: int  # #N within the group


@dataclass(frozen=True)
class Evidence:
    """How one member stands on one lesson, as the ledger records it."""

    status: str  # a RowStatus value
    via: str  # the first listen's source, "" when none
    timing: str  # on_day / makeup / late, "" when none
    notes: int


@dataclass(frozen=True)
class MemberLine:
    user_id: int  # Person.key: negative for a roster entry with no account
    name: str
    name_is_fallback: bool
    # One per lesson of the week, in lesson order; None: not in the group for that lesson.
    cells: list[Evidence | None]
    listened: int
    expected: int


@dataclass(frozen=True)
class NoteItem:
    name: str
    name_is_fallback: bool
    lesson_id: int
    day: str
    text: str  # verbatim (HTML included): the page shows it as text
    at: str
    featured: bool
    number: int  # the lesson's #N within the group


@dataclass(frozen=True)
class Dashboard:
    group: GroupRef
    groups: list[GroupRef]
    start: date  # Monday of this week, in the group's zone
    today: date
    this_week: WeekFigures
    last_week: WeekFigures
    days: list[DayBar]  # Monday to Sunday
    lessons: list[WeekLesson]
    members: list[MemberLine]  # by name: the table is evidence, not a ranking
    notes: list[NoteItem]  # latest first, this week and last
    month: str  # the month the ledger button sends by default (YYYY-MM)
    last_month: str


def rows_of(data: LedgerData) -> Iterable[Row]:
    """The ledger's rows as dicts by column name, with who each is about (KEY, FALLBACK)."""
    members = data.members
    for key, row in data.keyed_rows():
        out: dict[str, object] = dict(zip(COLUMNS, row, strict=False))
        out[KEY] = key
        out[FALLBACK] = members[key].name_is_fallback
        yield out


def _int(value: object) -> int:
    try:
        return int(str(value or 0))
    except ValueError:
        return 0


def _due(status: str) -> tuple[int, int]:
    """(listened, expected), as the digest counts: leave and gone are not expected."""
    if status == RowStatus.LISTENED:
        return 1, 1
    return (0, 1) if status in EXPECTED_STATUSES else (0, 0)


def evidence(row: Row) -> Evidence:
    return Evidence(
        status=str(row.get("status", "")),
        via=str(row.get("listened_via", "") or ""),
        timing=str(row.get("timing", "") or ""),
        notes=_int(row.get("notes")),
    )


def member_lines(rows: Iterable[Row], lessons: list[WeekLesson]) -> list[MemberLine]:
    column = {ls.lesson_id: i for i, ls in enumerate(lessons)}
    names: dict[int, tuple[str, bool]] = {}
    cells: dict[int, list[Evidence | None]] = {}
    for row in rows:
        uid, lid = _int(row.get(KEY, row.get("user_id"))), _int(row.get("lesson_id"))
        if lid not in column:
            continue
        names[uid] = (str(row.get("member_name", uid)), bool(row.get(FALLBACK, False)))
        line = cells.setdefault(uid, [None] * len(lessons))
        line[column[lid]] = evidence(row)
    out = []
    for uid, line in cells.items():
        counts = [_due(c.status) for c in line if c is not None]
        out.append(
            MemberLine(
                uid,
                *names[uid],
                line,
                listened=sum(h for h, _ in counts),
                expected=sum(d for _, d in counts),
            )
        )
    return sorted(out, key=lambda m: (m.name, m.user_id))


def latest_notes(rows: Iterable[Row]) -> list[NoteItem]:
    found = [
        NoteItem(
            name=str(row.get("member_name", "")),
            name_is_fallback=bool(row.get(FALLBACK, False)),
            lesson_id=_int(row.get("lesson_id")),
            day=str(row.get("lesson_date", "")),
            text=_excerpt(str(row["reflection"])),
            at=str(row.get("reflection_at", "")),
            featured=bool(_int(row.get("featured"))),
            number=_int(row.get("lesson_number")),
        )
        for row in rows
        if row.get("reflection")
    ]
    # ISO times in one zone sort as they happened.
    found.sort(key=lambda n: (n.at, n.lesson_id), reverse=True)
    return found[:MAX_NOTES]


def _excerpt(text: str) -> str:
    return text if len(text) <= NOTE_EXCERPT else text[:NOTE_EXCERPT] + "…"


def week_days(start: date, data: LedgerData, bars: list[tuple[date, int, int]]) -> list[DayBar]:
    counted = {day: (heard, due) for day, heard, due in bars}
    lessons: dict[date, int] = {}
    for ls in data.lessons:
        lessons[ls.day] = lessons.get(ls.day, 0) + 1
    out = []
    for i in range(7):
        day = start + timedelta(days=i)
        heard, due = counted.get(day, (0, 0))
        out.append(DayBar(day, lessons.get(day, 0), heard, due))
    return out


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class DashboardService:
    def __init__(self, ledger: LedgerService, clock: Clock, rights: SecretaryRights) -> None:
        self._ledger = ledger
        self._clock = clock
        self._rights = rights

    async def group_of(self, user_id: int, group_id: int | None) -> tuple[GroupRef, list[GroupRef]]:
        """The group asked for (or the first) among those this user is a secretary of,
        as Telegram says; a polite refusal for anyone else, the same whether it exists."""
        groups = await self._rights.groups_of(user_id)
        mine = [g for g in groups if group_id is None or g.group_id == group_id]
        if not mine:
            raise DomainError("web.dash.not_secretary")
        return mine[0], groups

    async def week(self, user_id: int, group_id: int | None) -> Dashboard:
        group, groups = await self.group_of(user_id, group_id)
        today = lesson_day(self._clock.now(), group.timezone)
        start = week_start(today)
        this = await self._ledger.load(group, Period(start, start + timedelta(days=7), ""))
        last = await self._ledger.load(group, Period(start - timedelta(days=7), start, ""))
        digest = compose(this, last)
        lessons = [WeekLesson(ls.lesson_id, ls.day, ls.title, ls.number) for ls in this.lessons]
        this_rows, last_rows = list(rows_of(this)), list(rows_of(last))
        first_of_month = today.replace(day=1)
        return Dashboard(
            group=group,
            groups=groups,
            start=start,
            today=today,
            this_week=digest.this_week,
            last_week=digest.last_week,
            days=week_days(start, this, digest.days),
            lessons=lessons,
            members=member_lines(this_rows, lessons),
            notes=latest_notes([*this_rows, *last_rows]),
            month=_month(today),
            last_month=_month(first_of_month - timedelta(days=1)),
        )
