"""Pure broadcast-slot computation: which local days broadcast, and at which UTC instant."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar

logger = logging.getLogger(__name__)

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = "workdays"
SEARCH_DAYS = 800

_warned_years: set[int] = set()


# --- calendar corrections
@dataclass(frozen=True)
class OfficialCalendar:
    """China's official working days: chinese_calendar's data, corrected by the deployer
    ([calendar] holidays and workdays), for years the package does not know yet."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def covers(self, day: date) -> bool:
        """Whether the official schedule of day's year is known (package or deployer)."""
        return chinese_calendar_covers(day) or day.year in self.own_years

    @property
    def own_years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays | self.workdays)

    def years(self) -> list[int]:
        """Every year whose official schedule is known."""
        return sorted(set(package_years()) | self.own_years)

    def is_workday(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return _is_china_workday(day)

    def first_gap(self, start: date, days: int) -> date | None:
        """The first day in [start, start + days) whose year the calendar does not cover."""
        for offset in range(days):
            day = start + timedelta(days=offset)
            if not self.covers(day):
                return day
        return None


@cache
def package_years() -> tuple[int, ...]:
    """The years chinese_calendar has data for."""
    return tuple(y for y in range(2004, 2101) if chinese_calendar_covers(date(y, 6, 1)))


OFFICIAL = OfficialCalendar()  # no corrections: chinese_calendar alone


@dataclass(frozen=True)
class Schedule:
    """A group's broadcast schedule; skip_days win over extra_days."""

    timezone: str
    broadcast_time: time
    weekdays: frozenset[int] | None
    skip_days: frozenset[date] = frozenset()
    extra_days: frozenset[date] = frozenset()
    calendar: OfficialCalendar = field(default=OFFICIAL)

    def __post_init__(self) -> None:
        """Reject unknown zones, aware broadcast times and out-of-range weekdays."""
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone: {self.timezone!r}") from exc
        if self.broadcast_time.tzinfo is not None:
            raise ValueError("broadcast_time must be a naive local wall time")
        if self.weekdays is not None and not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"weekdays must be within 0..6, got {sorted(self.weekdays)}")

    @property
    def zone(self) -> ZoneInfo:
        """The schedule's time zone."""
        return ZoneInfo(self.timezone)


def parse_weekdays(value: str | list[str]) -> frozenset[int] | None:
    """Parse "workdays" or three-letter day names (list or comma-separated string)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = [item.strip().lower() for item in items]
    if names == [WORKDAYS]:
        return None
    if not names or names == [""]:
        raise ValueError(f"no weekdays given; use names like mon,tue or {WORKDAYS!r}")
    days: set[int] = set()
    for raw, name in zip(items, names, strict=True):
        if name not in WEEKDAY_NAMES:
            raise ValueError(
                f"invalid weekday {raw!r}: expected one of {', '.join(WEEKDAY_NAMES)} "
                f"or {WORKDAYS!r} on its own"
            )
        days.add(WEEKDAY_NAMES.index(name))
    return frozenset(days)


def format_weekdays(days: frozenset[int] | None) -> str:
    """Inverse of parse_weekdays: "mon,tue,..." in week order, or "workdays"."""
    if days is None:
        return WORKDAYS
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def chinese_calendar_covers(day: date) -> bool:
    """Whether chinese_calendar has holiday data for the year of `day`."""
    try:
        chinese_calendar.is_workday(date(day.year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _is_china_workday(day: date) -> bool:
    """China's official working day; Mon–Fri (with a one-time warning) outside the data range."""
    if chinese_calendar_covers(day):
        return bool(chinese_calendar.is_workday(day))
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        logger.warning(
            "chinese_calendar has no data for %d; treating Mon-Fri as workdays", day.year
        )
    return day.weekday() < 5


def is_broadcast_day(schedule: Schedule, day: date) -> bool:
    """Whether the group broadcasts on local date `day`."""
    if day in schedule.skip_days:
        return False
    if day in schedule.extra_days:
        return True
    if schedule.weekdays is None:
        return schedule.calendar.is_workday(day)
    return day.weekday() in schedule.weekdays


def slot_on(schedule: Schedule, day: date) -> datetime:
    """UTC instant of the broadcast time on local `day` (gap → shifted forward, fold → first)."""
    local = datetime.combine(day, schedule.broadcast_time, tzinfo=schedule.zone).replace(fold=0)
    # With fold=0 zoneinfo applies the pre-transition offset, so a time in a
    # spring-forward gap lands after the gap and an ambiguous time picks the first occurrence.
    return local.astimezone(UTC)


def _require_aware(instant: datetime, name: str) -> None:
    """Raise ValueError if `instant` is naive."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {instant!r}")


def local_date(schedule: Schedule, instant: datetime) -> date:
    """The group-local date of an aware instant."""
    _require_aware(instant, "instant")
    return instant.astimezone(schedule.zone).date()


def next_slots(
    schedule: Schedule,
    after: datetime,
    count: int = 1,
    *,
    taken: Collection[datetime] = (),
) -> list[datetime]:
    """The next `count` free broadcast slots strictly after `after`, as aware UTC datetimes."""
    _require_aware(after, "after")
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    for t in taken:
        _require_aware(t, "taken slot")
    taken_set = frozenset(taken)
    found: list[datetime] = []
    day = local_date(schedule, after)
    for _ in range(SEARCH_DAYS):
        if len(found) == count:
            return found
        if is_broadcast_day(schedule, day):
            slot = slot_on(schedule, day)
            if slot > after and slot not in taken_set:
                found.append(slot)
        day += timedelta(days=1)
    if len(found) == count:
        return found
    raise ValueError(
        f"only {len(found)} of {count} broadcast slots found within {SEARCH_DAYS} days "
        f"(weekdays={format_weekdays(schedule.weekdays)!r})"
    )
