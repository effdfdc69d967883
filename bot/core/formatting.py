"""How times and durations read in each language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Lang, t

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_day(instant: datetime, zone: str, lang: Lang) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    if lang == "en":
        return f"{WEEKDAYS_EN[local.weekday()]} {local:%Y-%m-%d}"
    return f"{local.year}年{local.month}月{local.day}日 周{WEEKDAYS_ZH[local.weekday()]}"


def local_slot(instant: datetime | None, zone: str, lang: Lang) -> str:
    if instant is None:
        return "—"
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local_day(instant, zone, lang)} {local:%H:%M}"


def duration(seconds: float, lang: Lang) -> str:
    total = max(0, round(seconds))
    minutes, secs = divmod(total, 60)
    if lang == "en":
        return f"{minutes}:{secs:02d}"
    return f"{minutes}分{secs:02d}秒" if minutes else f"{secs}秒"


def day_ranges(ranges: list[tuple[date, date]], lang: Lang) -> str:
    """ "2026-03-05、2026-03-09 – 2026-03-11": leave days and the like."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(
        a.isoformat() if a == b else f"{a.isoformat()} – {b.isoformat()}" for a, b in ranges
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
