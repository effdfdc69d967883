"""User-facing texts: Simplified Chinese by default, English for English-speaking users.

The texts live beside the feature they belong to, one module a room; this module joins them
and holds the language rules (`lang_for`) and the lookup (`t`)."""

from __future__ import annotations

import string
from datetime import date, datetime
from typing import Any

from bot.core.i18n import (
    audio,
    birthdays,
    chat,
    dates,
    delivery,
    engagement,
    events,
    groups,
    keyboard,
    lessons,
    meetings,
    members,
    notes,
    quiz,
    roster,
    roster_ui,
    secretary,
    start,
    web,
)
from bot.core.i18n.lang import Lang, Texts, plural, short_day


def _join(*rooms: Texts) -> Texts:
    """All rooms' texts in one table; a key defined twice is a mistake caught at import."""
    joined: Texts = {}
    for room in rooms:
        twice = joined.keys() & room.keys()
        if twice:
            raise RuntimeError(f"text keys defined twice: {sorted(twice)}")
        joined.update(room)
    return joined


TEXTS: Texts = _join(
    start.TEXTS,
    chat.TEXTS,
    dates.TEXTS,
    groups.TEXTS,
    lessons.TEXTS,
    audio.TEXTS,
    delivery.TEXTS,
    engagement.TEXTS,
    notes.TEXTS,
    members.TEXTS,
    roster.TEXTS,
    roster_ui.TEXTS,
    secretary.TEXTS,
    quiz.TEXTS,
    birthdays.TEXTS,
    events.TEXTS,
    meetings.TEXTS,
    web.TEXTS,
    keyboard.TEXTS,
)

__all__ = ["TEXTS", "Lang", "lang_for", "plural", "t"]


def lang_for(language_code: str | None) -> Lang:
    """English for users whose Telegram language is English, Chinese for everyone else."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return "zh"


class _Formatter(string.Formatter):
    """str.format, plus counts with their noun: "{points:point|points}" reads "1 point" or
    "2 points" (the English texts that carry counts use it; see `plural`)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return plural(int(value), one, many)
        return str(super().format_field(value, format_spec))


_FORMATTER = _Formatter()


def t(key: str, lang: Lang = "zh", **params: Any) -> str:
    text = TEXTS[key][lang]
    if not params:
        return text
    # A day reads as people read it ("3月5日（周四）"), whoever raised the text.
    shown = {
        name: short_day(value, lang)
        if isinstance(value, date) and not isinstance(value, datetime)
        else value
        for name, value in params.items()
    }
    return _FORMATTER.format(text, **shown)
