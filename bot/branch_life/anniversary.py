"""A political birthday's dates: the day someone joined, its anniversary in a year (29 February
falls on the 28th), and the years since."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.core.errors import DomainError
from bot.core.when import fold, parse_day

_YEAR = re.compile(r"\d{4}")
FIRST_DAY = date(1921, 7, 1)  # nobody joined before the Party was founded


def anniversary(joined: date, year: int) -> date:
    """The anniversary in `year`; 29 February falls on 28 February in a non-leap year."""
    if is_feb29(joined) and not calendar.isleap(year):
        return date(year, 2, 28)
    return joined.replace(year=year)


def parse_joined(text: str, today: date) -> date:
    """A date of joining as typed (bot.core.when: 1998年7月1日, 1998-7-1, １９９８．７．１);
    it looks back and must name its year: "7月1日" alone could be any year."""
    if not _YEAR.search(fold(text)):
        raise DomainError("birthday.bad_date")
    try:
        day = parse_day(text, today, ahead=False)
    except DomainError:
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
