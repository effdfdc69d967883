"""User-facing texts: Simplified Chinese by default, English for English-speaking users.

The texts live beside the feature they belong to, one module a room; this module joins them
and holds the language rules (`lang_for`) and the lookup (`t`)."""

from __future__ import annotations

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
from bot.core.i18n.lang import Lang, Texts


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

__all__ = ["TEXTS", "Lang", "lang_for", "t"]


def lang_for(language_code: str | None) -> Lang:
    """English for users whose Telegram language is English, Chinese for everyone else."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return "zh"


def t(key: str, lang: Lang = "zh", **params: Any) -> str:
    text = TEXTS[key][lang]
    return text.format(**params) if params else text
