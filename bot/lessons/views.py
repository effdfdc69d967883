"""A lesson as the services show it, and the rule for its title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.errors import DomainError
from bot.core.vocabulary import LessonStatus
from storage.models import Group, Lesson

MAX_TITLE = 120


@dataclass(frozen=True)
class LessonView:
    """What the handlers show about a lesson."""

    id: int
    # The number the branch knows it by: "#N" and 第N期 in every message (id stays internal).
    number: int
    group_id: int
    group_title: str
    title: str
    status: LessonStatus
    slot_at: datetime | None
    timezone: str
    duration: float
    voice_file_id: str | None
    audio_path: str
    author_id: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def view_of(lesson: Lesson, group: Group) -> LessonView:
    return LessonView(
        id=lesson.id,
        number=lesson.number,
        group_id=group.id,
        group_title=group.title,
        title=lesson.title,
        status=LessonStatus(lesson.status),
        slot_at=lesson.slot_at,
        timezone=group.timezone,
        duration=lesson.duration_out,
        voice_file_id=lesson.voice_file_id,
        audio_path=lesson.audio_path,
        author_id=lesson.author_id,
    )


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise DomainError("lesson.title_empty")
    if len(title) > MAX_TITLE:
        raise DomainError("lesson.title_too_long", limit=MAX_TITLE)
    return title
