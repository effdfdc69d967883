"""The two languages the bot speaks, and the shape of a text table."""

from datetime import date
from typing import Literal

Lang = Literal["zh", "en"]
Texts = dict[str, dict[Lang, str]]

WEEKDAY_CHARS = "一二三四五六日"


def short_day(day: date, lang: Lang) -> str:
    """A date in running text: "3月4日（周三）"; English "Wed 4 Mar". A date passed to `t`
    as a parameter reads this way too, so a refusal naming a day needs no language."""
    if lang == "en":
        return day.strftime("%a %-d %b")
    return f"{day.month}月{day.day}日（周{WEEKDAY_CHARS[day.weekday()]}）"


def plural(count: int, one: str, many: str | None = None) -> str:
    """An English count with its noun: "1 point", "2 points"; `many` for irregular nouns
    ("person", "people"). Chinese needs none: "{n} 分" reads right for every n."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
