"""Tests for bot.core.calendar (explicit instants, no clock)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone

import chinese_calendar
import pytest

from bot.core import calendar as slots
from bot.core.calendar import (
    Schedule,
    chinese_calendar_covers,
    format_weekdays,
    is_broadcast_day,
    local_date,
    next_slots,
    parse_weekdays,
    slot_on,
)

MON_FRI = frozenset(range(5))
SHANGHAI = Schedule("Asia/Shanghai", time(7, 30), MON_FRI)
BERLIN = Schedule("Europe/Berlin", time(7, 30), frozenset(range(7)))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    """Aware UTC datetime shorthand."""
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _reset_warnings() -> Iterator[None]:
    """Let every test observe the once-per-year fallback warning afresh."""
    slots._warned_years.clear()
    yield
    slots._warned_years.clear()


# --- parse / format -------------------------------------------------------


def test_parse_weekdays_names_case_insensitive() -> None:
    assert parse_weekdays(["Mon", "TUE", "wed"]) == frozenset({0, 1, 2})
    assert parse_weekdays(["sun", "sat", "sun"]) == frozenset({5, 6})
    assert parse_weekdays("mon, fri") == frozenset({0, 4})


def test_parse_weekdays_workdays() -> None:
    assert parse_weekdays("workdays") is None
    assert parse_weekdays("Workdays") is None
    assert parse_weekdays(["workdays"]) is None


@pytest.mark.parametrize("bad", ["monday", "xyz", ""])
def test_parse_weekdays_rejects_bad_item_and_names_it(bad: str) -> None:
    with pytest.raises(ValueError, match=repr(bad)):
        parse_weekdays(["mon", bad])


@pytest.mark.parametrize("empty", [[], "", "  "])
def test_parse_weekdays_rejects_empty(empty: str | list[str]) -> None:
    with pytest.raises(ValueError, match="no weekdays"):
        parse_weekdays(empty)


def test_parse_weekdays_rejects_workdays_mixed_with_names() -> None:
    with pytest.raises(ValueError, match="'workdays'"):
        parse_weekdays(["mon", "workdays"])


def test_format_weekdays_roundtrip() -> None:
    assert format_weekdays(MON_FRI) == "mon,tue,wed,thu,fri"
    assert format_weekdays(frozenset({6, 1})) == "tue,sun"
    assert format_weekdays(None) == "workdays"
    for days in (MON_FRI, frozenset({1, 3}), frozenset(range(7)), None):
        assert parse_weekdays(format_weekdays(days)) == days


# --- Schedule validation ----------------------------------------------------


def test_schedule_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="timezone"):
        Schedule("Mars/Olympus", time(7, 30), MON_FRI)
    with pytest.raises(ValueError, match="weekdays"):
        Schedule("UTC", time(7, 30), frozenset({7}))
    with pytest.raises(ValueError, match="naive"):
        Schedule("UTC", time(7, 30, tzinfo=UTC), MON_FRI)


# --- basic slots ------------------------------------------------------------


def test_shanghai_slot_is_previous_day_utc() -> None:
    assert slot_on(SHANGHAI, date(2025, 6, 10)) == utc(2025, 6, 9, 23, 30)


def test_day_boundary_strictly_after() -> None:
    # Tuesday 2025-06-10 07:30 Shanghai == 2025-06-09 23:30 UTC
    just_before = utc(2025, 6, 9, 23, 29, 59)
    assert next_slots(SHANGHAI, just_before) == [utc(2025, 6, 9, 23, 30)]
    exactly = utc(2025, 6, 9, 23, 30)
    assert next_slots(SHANGHAI, exactly) == [utc(2025, 6, 10, 23, 30)]


def test_friday_evening_goes_to_monday() -> None:
    friday_evening = utc(2025, 6, 13, 12, 0)  # Fri 20:00 Shanghai
    assert next_slots(SHANGHAI, friday_evening) == [utc(2025, 6, 15, 23, 30)]  # Mon 07:30


def test_tue_thu() -> None:
    sched = Schedule("Asia/Shanghai", time(7, 30), parse_weekdays(["tue", "thu"]))
    got = next_slots(sched, utc(2025, 6, 9, 0, 0), count=3)  # Mon 08:00 local
    assert got == [utc(2025, 6, 9, 23, 30), utc(2025, 6, 11, 23, 30), utc(2025, 6, 16, 23, 30)]
    assert [local_date(sched, s).weekday() for s in got] == [1, 3, 1]


def test_count_three_increasing_and_aware_utc() -> None:
    got = next_slots(SHANGHAI, utc(2025, 6, 11, 0, 0), count=3)
    assert len(got) == 3
    assert got == sorted(got) and len(set(got)) == 3
    assert all(s.tzinfo is UTC for s in got)
    assert next_slots(SHANGHAI, utc(2025, 6, 11, 0, 0), count=0) == []


def test_after_in_other_offset_is_accepted() -> None:
    after = datetime(2025, 6, 10, 7, 29, tzinfo=timezone(timedelta(hours=8)))
    assert next_slots(SHANGHAI, after) == [utc(2025, 6, 9, 23, 30)]


def test_naive_after_raises() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_slots(SHANGHAI, datetime(2025, 6, 10, 7, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(SHANGHAI, datetime(2025, 6, 10, 7, 0))  # noqa: DTZ001


def test_negative_count_raises() -> None:
    with pytest.raises(ValueError, match="count"):
        next_slots(SHANGHAI, utc(2025, 6, 10), count=-1)


def test_no_weekdays_terminates_with_error() -> None:
    sched = Schedule("Asia/Shanghai", time(7, 30), frozenset())
    with pytest.raises(ValueError, match="0 of 1"):
        next_slots(sched, utc(2025, 6, 10))


def test_extra_day_only_schedule() -> None:
    sched = Schedule(
        "Asia/Shanghai", time(7, 30), frozenset(), extra_days=frozenset({date(2025, 7, 1)})
    )
    assert next_slots(sched, utc(2025, 6, 10)) == [utc(2025, 6, 30, 23, 30)]


# --- skip / taken -----------------------------------------------------------


def test_skip_days_are_skipped() -> None:
    sched = Schedule(
        "Asia/Shanghai", time(7, 30), MON_FRI, skip_days=frozenset({date(2025, 6, 10)})
    )
    assert not is_broadcast_day(sched, date(2025, 6, 10))
    assert next_slots(sched, utc(2025, 6, 9, 12)) == [utc(2025, 6, 10, 23, 30)]  # Wed


def test_skip_day_wins_over_extra_day() -> None:
    day = date(2025, 6, 14)  # Saturday
    sched = Schedule(
        "Asia/Shanghai",
        time(7, 30),
        MON_FRI,
        skip_days=frozenset({day}),
        extra_days=frozenset({day, date(2025, 6, 15)}),
    )
    assert not is_broadcast_day(sched, day)
    assert is_broadcast_day(sched, date(2025, 6, 15))


def test_taken_slots_are_skipped() -> None:
    taken = {utc(2025, 6, 9, 23, 30), utc(2025, 6, 10, 23, 30)}
    got = next_slots(SHANGHAI, utc(2025, 6, 9, 12), count=2, taken=taken)
    assert got == [utc(2025, 6, 11, 23, 30), utc(2025, 6, 12, 23, 30)]


def test_taken_compares_instants_not_representation() -> None:
    cst = timezone(timedelta(hours=8))
    taken = [datetime(2025, 6, 10, 7, 30, tzinfo=cst)]
    assert next_slots(SHANGHAI, utc(2025, 6, 9, 12), taken=taken) == [utc(2025, 6, 10, 23, 30)]


# --- DST (Europe/Berlin) ----------------------------------------------------


def test_berlin_offset_changes_across_spring_forward() -> None:
    # 2025-03-30 is the last Sunday of March
    got = next_slots(BERLIN, utc(2025, 3, 29, 0, 0), count=3)
    assert got == [utc(2025, 3, 29, 6, 30), utc(2025, 3, 30, 5, 30), utc(2025, 3, 31, 5, 30)]


def test_berlin_offset_changes_across_fall_back() -> None:
    # 2025-10-26 is the last Sunday of October
    got = next_slots(BERLIN, utc(2025, 10, 25, 0, 0), count=3)
    assert got == [utc(2025, 10, 25, 5, 30), utc(2025, 10, 26, 6, 30), utc(2025, 10, 27, 6, 30)]


def test_berlin_time_in_spring_gap_moves_forward() -> None:
    sched = Schedule("Europe/Berlin", time(2, 30), frozenset(range(7)))
    slot = slot_on(sched, date(2025, 3, 30))
    assert slot == utc(2025, 3, 30, 1, 30)  # 03:30 CEST
    assert slot.astimezone(sched.zone).time() == time(3, 30)
    assert next_slots(sched, utc(2025, 3, 29, 12), count=2) == [
        utc(2025, 3, 30, 1, 30),
        utc(2025, 3, 31, 0, 30),
    ]


def test_berlin_time_in_fold_takes_first_occurrence() -> None:
    sched = Schedule("Europe/Berlin", time(2, 30), frozenset(range(7)))
    assert slot_on(sched, date(2025, 10, 26)) == utc(2025, 10, 26, 0, 30)  # 02:30 CEST
    # already past the first 02:30 (between the two occurrences): next is Monday
    assert next_slots(sched, utc(2025, 10, 26, 0, 45)) == [utc(2025, 10, 27, 1, 30)]


# --- far-off offsets ----------------------------------------------------------


def test_kiritimati_local_date_ahead_of_utc() -> None:
    sched = Schedule("Pacific/Kiritimati", time(7, 30), MON_FRI)
    after = utc(2025, 6, 8, 12, 0)  # Sunday UTC == Monday 02:00 local
    assert local_date(sched, after) == date(2025, 6, 9)
    assert next_slots(sched, after) == [utc(2025, 6, 8, 17, 30)]  # Monday 07:30 local


def test_gmt_minus_12_local_date_behind_utc() -> None:
    sched = Schedule("Etc/GMT+12", time(20, 0), MON_FRI)
    after = utc(2025, 6, 14, 5, 0)  # Saturday UTC == Friday 17:00 local
    assert local_date(sched, after) == date(2025, 6, 13)
    assert next_slots(sched, after) == [utc(2025, 6, 14, 8, 0)]  # Friday 20:00 local
    assert next_slots(sched, utc(2025, 6, 14, 8, 0)) == [utc(2025, 6, 17, 8, 0)]  # Mon local


# --- China workdays -----------------------------------------------------------

WORKDAYS = Schedule("Asia/Shanghai", time(7, 30), None)


def test_chinese_calendar_range() -> None:
    assert chinese_calendar_covers(date(2004, 1, 1))
    assert chinese_calendar_covers(date(2026, 12, 31))
    assert not chinese_calendar_covers(date(2003, 12, 31))
    assert not chinese_calendar_covers(date(2027, 1, 1))


def test_national_day_holiday_skipped_and_adjusted_sunday_worked() -> None:
    assert date(2025, 9, 28).weekday() == 6 and chinese_calendar.is_workday(date(2025, 9, 28))
    assert is_broadcast_day(WORKDAYS, date(2025, 9, 28))
    for d in range(1, 9):
        assert not is_broadcast_day(WORKDAYS, date(2025, 10, d))
    got = next_slots(WORKDAYS, utc(2025, 9, 26, 12), count=4)  # after Fri 26 Sep slot
    assert [local_date(WORKDAYS, s) for s in got] == [
        date(2025, 9, 28),  # Sunday, adjusted working day
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
    ]
    assert got[0] == utc(2025, 9, 27, 23, 30)


def test_adjusted_working_saturday() -> None:
    assert date(2025, 10, 11).weekday() == 5
    assert is_broadcast_day(WORKDAYS, date(2025, 10, 11))
    assert not is_broadcast_day(WORKDAYS, date(2025, 10, 12))


def test_workdays_fallback_outside_data_range_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.core.calendar"):
        # 2027-01-04 is a Monday; 2027-01-09 a Saturday
        assert is_broadcast_day(WORKDAYS, date(2027, 1, 4))
        assert not is_broadcast_day(WORKDAYS, date(2027, 1, 9))
        got = next_slots(WORKDAYS, utc(2027, 1, 8, 12), count=2)  # Fri evening local
    assert [local_date(WORKDAYS, s) for s in got] == [date(2027, 1, 11), date(2027, 1, 12)]
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1


def test_workdays_search_crosses_into_uncovered_year() -> None:
    got = next_slots(WORKDAYS, utc(2026, 12, 31, 12), count=1)  # Thu 31 Dec 20:00 local
    assert local_date(WORKDAYS, got[0]) == date(2027, 1, 1)  # Fri, Mon–Fri fallback
