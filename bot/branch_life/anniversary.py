"""A political birthday's dates: the day someone joined, its anniversary in a year (29 February
falls on the 28th), and the years since."""

from __future__ import annotations

import calendar
from datetime import date

from bot.core.errors import DomainError

FIRST_DAY = date(1921, 7, 1)  # nobody joined before the Party was founded


def anniversary(joined: date, year: int) -> date:
    """The anniversary in `year`; 29 February falls on 28 February in a non-leap year."""
    if is_feb29(joined) and not calendar.isleap(year):
        return date(year, 2, 28)
    return joined.replace(year=year)


def parse_joined(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DomainError("birthday.bad_date") from None
    if day > today:
        raise DomainError("birthday.future")
    if day < FIRST_DAY:
        raise DomainError("birthday.too_old")
    return day


def is_feb29(day: date) -> bool:
    return day.month == 2 and day.day == 29


def years_since(joined: date, today: date) -> int:
    """Full years since joining, counting 28 February as the anniversary in non-leap years."""
    years = today.year - joined.year
    return years if anniversary(joined, today.year) <= today else years - 1
