"""Listens: the evidence that a member heard a lesson (button, private listen, note…)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from bot.clock import Clock
from storage.db import Database
from storage.models import Lesson, Listen
from storage.repositories import UserInfo, dialect_insert, upsert_member, upsert_membership

ListenResult = Literal["recorded", "already", "unknown"]


class ListenService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def record(self, lesson_id: int, user: UserInfo, source: str) -> ListenResult:
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            if lesson is None or lesson.status not in ("sending", "sent"):
                return "unknown"
            await upsert_member(s, user, now)
            # Pressing the button in the group is proof of presence in it.
            await upsert_membership(s, lesson.group_id, user.user_id, "member", "activity", now)
            already = await s.execute(
                select(Listen.id).where(
                    Listen.lesson_id == lesson_id, Listen.user_id == user.user_id
                )
            )
            if already.first() is not None:
                return "already"
            stmt = dialect_insert(s, Listen).values(
                lesson_id=lesson_id, user_id=user.user_id, source=source, created_at=now
            )
            await s.execute(stmt.on_conflict_do_nothing())
            return "recorded"
