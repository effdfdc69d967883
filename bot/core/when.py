"""Dates and times as people type them on a phone with a Chinese input method.

One forgiving reader for every command and prompt. Full-width digits and punctuation are
folded first (NFKC: "０７：３０" is "07:30"). Understood:

- dates: 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, 3月5日 (or 号),
  3.5, 3/5, 今天 明天 后天 大后天 昨天 前天, 周四 / 星期四 / 礼拜四 (the next one, today
  included), 本周四 / 这周四, 下周一, 上周五; English today, tomorrow, yesterday;
- times: 07:30, 7:30, 0730, 7点, 7点半, 7点15分, 7时, 19点, 下午2点半 / 晚上8点 (12 added);
- ranges: 3月5日-3月7日, 3月5日至7日, 3月5日到3月7日, 2026-03-05~2026-03-07;
- a date and a time: 明天 7:30, 3月5日 14：30, 3月5日下午2点半.

A date without a year is the next such date (today included) when looking ahead, the latest
one up to today when looking back (`ahead=False`, for 补签 or a date of birth). Whatever is
understood is echoed in full by `full_day` ("2026年3月5日 周四"), so a wrong guess shows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from bot.core.errors import DomainError
from bot.core.i18n import Lang
from bot.core.i18n.lang import WEEKDAY_CHARS
from bot.core.i18n.lang import short_day as short_day  # one form, told in bot.core.i18n

_WEEKDAY_ALIASES = {"天": "日", "七": "日"}
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
}
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[./]\s*(\d{1,2}))")
_DAY_ONLY = re.compile(r"(\d{1,2})\s*[日号]?")
_WEEKDAY = re.compile(r"(上|下|本|这)?\s*(?:个)?\s*(?:周|星期|礼拜)([一二三四五六日天七])")
_CLOCK = re.compile(r"(\d{1,2})\s*:\s*(\d{2})")
_HHMM = re.compile(r"(\d{2})(\d{2})")
_CHINESE_TIME = re.compile(r"(\d{1,2})\s*[点时]\s*(?:(半)|(\d{1,2})\s*分?)?")
_PERIOD = re.compile(r"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里)")
_AFTERNOON = {"中午", "下午", "傍晚", "晚上", "夜里"}
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|～|—|–|--|-)\s*")


def fold(text: str) -> str:
    """Full-width forms folded, spaces at the ends gone (the one normalisation)."""
    return unicodedata.normalize("NFKC", text).strip()


def _refuse_day(text: str) -> DomainError:
    return DomainError("when.bad_date", text=text[:30])


def _year_for(month: int, day: int, today: date, ahead: bool) -> date:
    """A year-less date: the next one from today (ahead), or the latest up to today
    (2月29日 looks up to four years away for a leap year)."""
    step = 1 if ahead else -1
    for offset in range(5):
        try:
            candidate = date(today.year + step * offset, month, day)
        except ValueError:
            continue
        if (candidate >= today) if ahead else (candidate <= today):
            return candidate
    raise ValueError("no such date")


def _weekday(match: re.Match[str], today: date) -> date:
    which, char = match.group(1), _WEEKDAY_ALIASES.get(match.group(2), match.group(2))
    target = WEEKDAY_CHARS.index(char)
    monday = today - timedelta(days=today.weekday())
    if which == "下":
        return monday + timedelta(days=7 + target)
    if which == "上":
        return monday - timedelta(days=7 - target)
    if which in ("本", "这"):
        return monday + timedelta(days=target)
    return today + timedelta(days=(target - today.weekday()) % 7)


def parse_day(text: str, today: date, *, ahead: bool = True, since: date | None = None) -> date:
    """One date; a DomainError("when.bad_date") naming the text otherwise. `since`: looking
    ahead, a year-less date from this day on (a leave may start a few days back)."""
    folded = fold(text)
    cleaned = re.sub(r"\s+", "", folded).lower()
    try:
        day = _day(cleaned, today, ahead, since or today)
    except ValueError:
        day = None
    if day is None:
        raise _refuse_day(folded)
    return day


def _day(text: str, today: date, ahead: bool, since: date) -> date | None:
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    if match := _FULL.fullmatch(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _COMPACT.fullmatch(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH_DAY.fullmatch(text):
        month, day = int(match.group(1)), int(match.group(2) or match.group(3))
        date(2000, month, day)  # 2000 is a leap year: refuses only what is never a date
        return _year_for(month, day, since if ahead else today, ahead)
    if match := _WEEKDAY.fullmatch(text):
        return _weekday(match, today)
    return None


def parse_time(text: str) -> time:
    """One time of day; a DomainError("when.bad_time") naming the text otherwise."""
    folded = fold(text)
    cleaned = re.sub(r"\s+", "", folded)
    result = _time(cleaned)
    if result is None:
        raise DomainError("when.bad_time", text=folded[:30])
    return result


def _time(text: str) -> time | None:
    period = None
    if match := _PERIOD.match(text):
        period, text = match.group(1), text[match.end() :]
    if (match := _CLOCK.fullmatch(text)) or (match := _HHMM.fullmatch(text)):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := _CHINESE_TIME.fullmatch(text):
        hour = int(match.group(1))
        minute = 30 if match.group(2) else int(match.group(3) or 0)
    else:
        return None
    if period in _AFTERNOON and 1 <= hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def parse_days(
    text: str, today: date, *, ahead: bool = True, since: date | None = None
) -> tuple[date, date]:
    """A date or a range of dates (both ends included); the end may leave out the year and
    month it shares with the start ("3月5日至7日")."""
    folded = fold(text)
    compact = re.sub(r"\s+", "", folded)
    # A range splits on its separator, but "2026-03-05" holds dashes of its own.
    for part in _split_range(compact):
        first, second = part
        try:
            start = parse_day(first, today, ahead=ahead, since=since)
            end = _range_end(second, start, today, ahead)
        except DomainError:
            continue
        if end < start:
            raise DomainError("when.end_before_start", start=first, end=second)
        return start, end
    day = parse_day(folded, today, ahead=ahead, since=since)
    return day, day


def _split_range(text: str) -> list[tuple[str, str]]:
    out = []
    for match in _RANGE_SEP.finditer(text):
        first, second = text[: match.start()], text[match.end() :]
        if first and second:
            out.append((first, second))
    return out


def _range_end(text: str, start: date, today: date, ahead: bool) -> date:
    """The end of a range: a whole date, or a day (of the start's month) or 月日 of its year."""
    lowered = text.lower()
    if _FULL.fullmatch(lowered) or _COMPACT.fullmatch(lowered) or lowered in _RELATIVE:
        return parse_day(text, today, ahead=ahead)
    if _WEEKDAY.fullmatch(lowered):
        return parse_day(text, today, ahead=ahead)
    try:
        if match := _MONTH_DAY.fullmatch(lowered):
            month, day = int(match.group(1)), int(match.group(2) or match.group(3))
            end = date(start.year, month, day)
            return end if end >= start else date(start.year + 1, month, day)
        if match := _DAY_ONLY.fullmatch(lowered):
            return date(start.year, start.month, int(match.group(1)))
    except ValueError:
        pass
    raise _refuse_day(text)


def parse_day_time(text: str, today: date, *, ahead: bool = True) -> tuple[date, time]:
    """A date and a time, with or without a space between ("3月5日下午2点半")."""
    folded = fold(text)
    compact = re.sub(r"\s+", " ", folded)
    # Split where the time begins: the last space, or where a period or clock form starts.
    candidates: list[int] = [i for i, ch in enumerate(compact) if ch == " "]
    candidates += [m.start() for m in _PERIOD.finditer(compact)]
    candidates += [m.start() for m in re.finditer(r"\d{1,2}\s*[:点时]", compact)]
    for at in sorted(set(candidates), reverse=True):
        day_text, time_text = compact[:at].strip(), compact[at:].strip()
        if not day_text or not time_text:
            continue
        try:
            return parse_day(day_text, today, ahead=ahead), parse_time(time_text)
        except DomainError:
            continue
    raise DomainError("when.bad_day_time", text=folded[:40])


def full_day(day: date, lang: Lang) -> str:
    """The date in full, as the answer echoes it: "2026年3月5日 周四" / "Thu 5 Mar 2026"."""
    if lang == "en":
        return day.strftime("%a %-d %b %Y")
    return f"{day.year}年{day.month}月{day.day}日 周{WEEKDAY_CHARS[day.weekday()]}"


def month_day(day: date, lang: Lang) -> str:
    """A date without its weekday, for spans like a week: "3月2日" / "2 Mar"."""
    return f"{day.month}月{day.day}日" if lang == "zh" else day.strftime("%-d %b")


def year_day(day: date, lang: Lang) -> str:
    """A date of record, with its year and no weekday (入党日期): "2010年7月1日" / "1 Jul 2010"."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%-d %b %Y")


def short_day_time(instant: datetime, lang: Lang) -> str:
    """A local time in Chinese texts: "3月4日（周三）14:30"; English "Wed 4 Mar 14:30"."""
    return f"{short_day(instant.date(), lang)}{'' if lang == 'zh' else ' '}{instant:%H:%M}"
