"""How times and durations read in each language."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Lang, plural, t
from bot.core.when import short_day, short_day_time

__all__ = [
    "day_ranges",
    "duration",
    "local_day",
    "local_slot",
    "person_name",
    "plural",
    "shown_name",
    "zone_label",
]

# The zone the branch lives in reads as people say it; any other keeps its tz name.
_ZONE_NAMES: dict[str, dict[Lang, str]] = {
    "Asia/Shanghai": {"zh": "北京时间", "en": "Beijing time"},
}


def zone_label(zone: str, lang: Lang) -> str:
    """The zone as a text shows it in "07:30（北京时间）": every {tz} goes through here."""
    return _ZONE_NAMES.get(zone, {}).get(lang, zone)


def local_day(instant: datetime, zone: str, lang: Lang) -> str:
    """The instant's local date: "3月4日（周三）" / "Wed 4 Mar"."""
    return short_day(instant.astimezone(ZoneInfo(zone)).date(), lang)


def local_slot(instant: datetime | None, zone: str, lang: Lang) -> str:
    """The instant's local date and time: "3月4日（周三）14:30" / "Wed 4 Mar 14:30"."""
    if instant is None:
        return "—"
    return short_day_time(instant.astimezone(ZoneInfo(zone)), lang)


def duration(seconds: float, lang: Lang) -> str:
    total = max(0, round(seconds))
    minutes, secs = divmod(total, 60)
    if lang == "en":
        return f"{minutes}:{secs:02d}"
    return f"{minutes}分{secs:02d}秒" if minutes else f"{secs}秒"


def day_ranges(ranges: list[tuple[date, date]], lang: Lang) -> str:
    """Leave days and the like: "3月5日（周四）、3月9日（周一）至3月11日（周三）"."""
    sep, to = ("、", "至") if lang == "zh" else (", ", " – ")
    return sep.join(
        short_day(a, lang) if a == b else f"{short_day(a, lang)}{to}{short_day(b, lang)}"
        for a, b in ranges
    )


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" or ch == "·" for ch in text)


def person_name(first: str | None, last: str | None, username: str | None, user_id: int) -> str:
    """A Telegram account's display name: "张伟" for a Chinese name split as first "伟" and
    last "张" (surname first, no space), "Wei Zhang" otherwise; the username or id if blank."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and _is_cjk(first) and _is_cjk(last):
        return last + first
    name = " ".join(part for part in (first, last) if part)
    return name or username or str(user_id)


def shown_name(name: str, fallback: bool, lang: Lang) -> str:
    """A person's name as a reader sees it: the roster's as it is, a Telegram display name
    (someone not on the roster) marked as such ("老王（昵称）")."""
    return t("roster.fallback_name", lang, name=name) if fallback else name


# Characters no file name may hold on a phone or a PC, and runs of space.
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def file_part(text: str, fallback: str, limit: int = 40) -> str:
    """A piece of a file name people see (a group's title, a 党小组): safe on every system."""
    return _UNSAFE_IN_FILE_NAMES.sub("_", text).strip("_")[:limit] or fallback
