"""A month calendar of inline buttons: the date picker every flow that asks a date can use.

The flow gives a function that makes each button's data from what it shows (a day, another
month); days outside the allowed range are blanks that do nothing when pressed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from telegram import InlineKeyboardButton

from bot.core.i18n import Lang, t
from bot.telegram import callback_data

Row = list[InlineKeyboardButton]
WEEKDAYS = {"zh": "一二三四五六日", "en": "MTWTFSS"}


def _noop(text: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback_data.NOOP)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_rows(
    year: int,
    month: int,
    first: date,
    last: date,
    lang: Lang,
    day_data: Callable[[date], str],
    month_data: Callable[[int, int], str],
) -> list[Row]:
    """The calendar of one month: ◀ month ▶, the weekdays, then the days (Monday first);
    only days from `first` to `last` can be pressed, and only months holding some of them."""
    previous, following = shift_month(year, month, -1), shift_month(year, month, 1)
    can_back = date(*previous, calendar.monthrange(*previous)[1]) >= first
    can_forward = date(*following, 1) <= last
    title = f"{year}年{month}月" if lang == "zh" else date(year, month, 1).strftime("%b %Y")
    rows: list[Row] = [
        [
            InlineKeyboardButton("◀", callback_data=month_data(*previous))
            if can_back
            else _noop(" "),
            _noop(title),
            InlineKeyboardButton("▶", callback_data=month_data(*following))
            if can_forward
            else _noop(" "),
        ],
        [_noop(ch) for ch in WEEKDAYS[lang]],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: Row = []
        for day in week:
            if day.month != month or not first <= day <= last:
                row.append(_noop(" "))
            else:
                row.append(InlineKeyboardButton(str(day.day), callback_data=day_data(day)))
        rows.append(row)
    return rows


def quick_rows(
    today: date, lang: Lang, day_data: Callable[[date], str], calendar_data: str
) -> list[Row]:
    """今天 · 明天 · 选日期: the first choices wherever a date is asked."""
    return [
        [
            InlineKeyboardButton(t("picker.today", lang), callback_data=day_data(today)),
            InlineKeyboardButton(
                t("picker.tomorrow", lang), callback_data=day_data(today + timedelta(days=1))
            ),
            InlineKeyboardButton(t("picker.choose", lang), callback_data=calendar_data),
        ]
    ]
