"""The forgiving date and time reader: every form people type, accepted or refused, in one table.

"Today" is Thursday 2026-03-05 (and, for a year-less date, the next such date counts)."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.core.errors import DomainError
from bot.core.when import full_day, parse_day, parse_day_time, parse_days, parse_time

TODAY = date(2026, 3, 5)  # a Thursday

DAYS = [
    ("2026-03-05", date(2026, 3, 5)),
    ("2026-3-5", date(2026, 3, 5)),
    ("2026/3/5", date(2026, 3, 5)),
    ("2026.3.5", date(2026, 3, 5)),
    ("2026年3月5日", date(2026, 3, 5)),
    ("2026 年 3 月 5 日", date(2026, 3, 5)),
    ("２０２６－０３－０９", date(2026, 3, 9)),  # full-width digits and dash
    ("20260309", date(2026, 3, 9)),
    ("3月9日", date(2026, 3, 9)),
    ("3月9号", date(2026, 3, 9)),
    ("３月９日", date(2026, 3, 9)),
    ("3.9", date(2026, 3, 9)),
    ("3/9", date(2026, 3, 9)),
    ("3月5日", date(2026, 3, 5)),  # today is the next such date
    ("3月4日", date(2027, 3, 4)),  # yesterday's date without a year: next year's
    ("1月2日", date(2027, 1, 2)),
    ("2月29日", date(2028, 2, 29)),  # the next leap year
    ("今天", date(2026, 3, 5)),
    ("明天", date(2026, 3, 6)),
    ("后天", date(2026, 3, 7)),
    ("大后天", date(2026, 3, 8)),
    ("昨天", date(2026, 3, 4)),
    ("tomorrow", date(2026, 3, 6)),
    ("下周一", date(2026, 3, 9)),
    ("下周日", date(2026, 3, 15)),
    ("下星期三", date(2026, 3, 11)),
    ("周四", date(2026, 3, 5)),  # today included
    ("周五", date(2026, 3, 6)),
    ("星期一", date(2026, 3, 9)),
    ("礼拜天", date(2026, 3, 8)),
    ("本周二", date(2026, 3, 3)),
    ("这周六", date(2026, 3, 7)),
    ("上周五", date(2026, 2, 27)),
]
BAD_DAYS = ["", "abc", "2026-02-29", "2026-13-01", "13月1日", "2月30日", "3月", "32日", "下周八"]


@pytest.mark.parametrize(("text", "expected"), DAYS)
def test_a_date_as_typed_is_understood(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", BAD_DAYS)
def test_what_is_no_date_is_refused_naming_it(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_day(text, TODAY)
    assert refused.value.key == "when.bad_date"


def test_looking_back_a_date_without_a_year_is_the_latest_up_to_today() -> None:
    assert parse_day("3月4日", TODAY, ahead=False) == date(2026, 3, 4)
    assert parse_day("7月1日", TODAY, ahead=False) == date(2025, 7, 1)
    assert parse_day("3月5日", TODAY, ahead=False) == TODAY


TIMES = [
    ("07:30", time(7, 30)),
    ("7:30", time(7, 30)),
    ("07：30", time(7, 30)),  # the input method's full-width colon
    ("０７：３０", time(7, 30)),
    ("0730", time(7, 30)),
    ("7点", time(7, 0)),
    ("7点半", time(7, 30)),
    ("7点15分", time(7, 15)),
    ("7点15", time(7, 15)),
    ("19点", time(19, 0)),
    ("8时", time(8, 0)),
    ("下午2点半", time(14, 30)),
    ("晚上8点", time(20, 0)),
    ("上午9点", time(9, 0)),
    ("下午14:30", time(14, 30)),
    ("0:00", time(0, 0)),
]
BAD_TIMES = ["", "25:00", "7:60", "7点60分", "七点", "noon", "24:00", "7"]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_a_time_as_typed_is_understood(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", BAD_TIMES)
def test_what_is_no_time_is_refused_naming_it(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_time(text)
    assert refused.value.key == "when.bad_time"


RANGES = [
    ("3月9日-3月11日", (date(2026, 3, 9), date(2026, 3, 11))),
    ("3月9日至11日", (date(2026, 3, 9), date(2026, 3, 11))),
    ("3月9日到3月11日", (date(2026, 3, 9), date(2026, 3, 11))),
    ("2026-03-09~2026-03-11", (date(2026, 3, 9), date(2026, 3, 11))),
    ("2026-03-09 - 2026-03-11", (date(2026, 3, 9), date(2026, 3, 11))),
    ("明天至下周一", (date(2026, 3, 6), date(2026, 3, 9))),
    ("12月30日至1月2日", (date(2026, 12, 30), date(2027, 1, 2))),
    ("2026-03-09", (date(2026, 3, 9), date(2026, 3, 9))),  # one day is a range of one
    ("3月9日", (date(2026, 3, 9), date(2026, 3, 9))),
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_a_range_as_typed_is_understood(text: str, expected: tuple[date, date]) -> None:
    assert parse_days(text, TODAY) == expected


def test_a_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        parse_days("2026-03-11至2026-03-09", TODAY)
    assert refused.value.key == "when.end_before_start"


DAY_TIMES = [
    ("明天 7:30", (date(2026, 3, 6), time(7, 30))),
    ("3月9日 14：30", (date(2026, 3, 9), time(14, 30))),
    ("3月9日下午2点半", (date(2026, 3, 9), time(14, 30))),
    ("2026-3-9 07：30", (date(2026, 3, 9), time(7, 30))),
    ("下周一 9点", (date(2026, 3, 9), time(9, 0))),
    ("明天晚上8点", (date(2026, 3, 6), time(20, 0))),
]


@pytest.mark.parametrize(("text", "expected"), DAY_TIMES)
def test_a_date_and_time_as_typed_are_understood(text: str, expected: tuple[date, time]) -> None:
    assert parse_day_time(text, TODAY) == expected


@pytest.mark.parametrize("text", ["明天", "7:30", "3月9日 25:00", "hello 7:30"])
def test_a_date_and_time_missing_either_is_refused(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_day_time(text, TODAY)
    assert refused.value.key == "when.bad_day_time"


def test_the_understood_date_is_echoed_in_full() -> None:
    assert full_day(date(2026, 3, 5), "zh") == "2026年3月5日 周四"
    assert full_day(date(2026, 3, 5), "en") == "Thu 5 Mar 2026"
