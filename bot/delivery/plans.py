"""What a broadcast is planned in: its targets, the copies Telegram accepted, the plan, and a
lesson's slot as the scheduler sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.vocabulary import LessonStatus, TargetKind
from storage.models import Group, Lesson


@dataclass(frozen=True)
class Target:
    delivery_id: int
    chat_id: int
    user_id: int | None
    kind: TargetKind
    language_code: str | None = None


@dataclass(frozen=True)
class SentCopy:
    """A copy Telegram accepted, waiting to be written to the ledger."""

    delivery_id: int
    message_id: int
    file_id: str | None


@dataclass(frozen=True)
class BroadcastPlan:
    lesson_id: int
    number: int  # "#N" / 第N期 within the group (lesson_id stays internal)
    group_id: int
    group_chat_id: int
    group_title: str
    thread_id: int | None
    pin: bool
    title: str
    slot_at: datetime
    timezone: str
    duration: float
    audio_path: str
    voice_file_id: str | None
    author_id: int
    group_target: Target | None
    private_targets: list[Target]


@dataclass(frozen=True)
class DueLesson:
    lesson_id: int
    slot_at: datetime
    status: LessonStatus


def plan_of(
    lesson: Lesson,
    group: Group,
    group_target: Target | None,
    privates: list[Target],
    now: datetime,
) -> BroadcastPlan:
    return BroadcastPlan(
        lesson_id=lesson.id,
        number=lesson.number,
        group_id=group.id,
        group_chat_id=group.chat_id,
        group_title=group.title,
        thread_id=group.thread_id,
        pin=group.pin_broadcast,
        title=lesson.title,
        slot_at=lesson.slot_at or now,
        timezone=group.timezone,
        duration=lesson.duration_out,
        audio_path=lesson.audio_path,
        voice_file_id=lesson.voice_file_id,
        author_id=lesson.author_id,
        group_target=group_target,
        private_targets=privates,
    )
