"""The delivery ledger after a crash or another instance's death, and the schedule's reads of it:
what was in flight goes back to pending, what a dead instance held is taken back, and the
lessons to arm are read from here."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import select, update

from bot.core.clock import Clock
from bot.core.vocabulary import DeliveryStatus, LessonStatus
from bot.delivery.plans import DueLesson
from storage.db import Database
from storage.models import Delivery, Lesson

log = logging.getLogger(__name__)
# How often a broadcasting instance checks its lease, and how long another instance waits
# before taking back the rows of an instance whose lease is gone: several heartbeats, so an
# instance that is alive has fenced its rows (made them uncertain) well before.
LEASE_HEARTBEAT = 1.0
GONE_GRACE = 5 * LEASE_HEARTBEAT


class DeliveryRecovery:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        # Instances seen without their lease, and since when (the event loop's clock).
        self._gone_since: dict[int, float] = {}
        self.gone_grace = GONE_GRACE

    async def recover_in_flight(self) -> int:
        """At start, once: sends left in flight by a crash go back to pending (they may have
        arrived; docs/design.md states that bound). Returns how many.

        On PostgreSQL only the rows of instances that are no longer running: another
        instance may be sending right now (see Database.hold_instance_lock).
        """
        async with self._db.transaction() as s:
            stmt = update(Delivery).where(Delivery.status == DeliveryStatus.IN_FLIGHT)
            if not self._db.is_sqlite:
                live = await self._db.live_instances(s)
                stmt = stmt.where(
                    Delivery.claimed_by.is_(None) | Delivery.claimed_by.not_in(live or {-1})
                )
            result = await s.execute(
                stmt.values(
                    status=DeliveryStatus.PENDING, claimed_by=None, updated_at=self._clock.now()
                )
            )
            count = int(result.rowcount)  # type: ignore[attr-defined]
        if count:
            log.warning("%d sends were in flight at the last stop; they go again", count)
        return count

    async def reclaim_from_gone(self, lesson_id: int) -> tuple[int, bool]:
        """PostgreSQL, while running: sends of this lesson that an instance claimed and then
        died holding (its advisory lock, the lease, is gone) go back to pending, as a restart
        of that instance would have done (the bound in docs/design.md: a send in flight at a
        crash may arrive twice). Without this a surviving instance finishes the broadcast with
        those rows in flight, and the lesson stays LessonStatus.SENDING until some instance
        restarts.

        An instance whose lease is gone may still be running (only its lock's connection
        died): it notices within a heartbeat and turns what it held into uncertain rows. So a
        gone instance's rows are taken back only once it has been seen gone for GONE_GRACE
        seconds. Returns how many were taken back, and whether some wait for their grace."""
        if self._db.is_sqlite:
            return 0, False  # one instance: every row in flight is this process's own
        now = asyncio.get_running_loop().time()
        async with self._db.transaction() as s:
            live = await self._db.live_instances(s)
            if self._db.instance_id not in live:
                # Our own lease is gone (the lock's connection dropped): every instance would
                # look dead, and their live sends would go out twice. Take nothing back.
                log.error("this instance's lease is lost; not taking back other instances' sends")
                return 0, False
            holders = await s.execute(
                select(Delivery.claimed_by)
                .where(
                    Delivery.lesson_id == lesson_id,
                    Delivery.status == DeliveryStatus.IN_FLIGHT,
                    Delivery.claimed_by.is_not(None),
                    Delivery.claimed_by.not_in(live or {-1}),
                )
                .distinct()
            )
            gone = {int(i) for i in holders.scalars() if i is not None}
            for instance in gone:
                self._gone_since.setdefault(instance, now)
            due = {i for i in gone if now - self._gone_since[i] >= self.gone_grace}
            if not due:
                return 0, bool(gone)
            result = await s.execute(
                update(Delivery)
                .where(
                    Delivery.lesson_id == lesson_id,
                    Delivery.status == DeliveryStatus.IN_FLIGHT,
                    Delivery.claimed_by.in_(due),
                )
                .values(
                    status=DeliveryStatus.PENDING, claimed_by=None, updated_at=self._clock.now()
                )
            )
            count = int(result.rowcount)  # type: ignore[attr-defined]
        # Instances taken back from, or no longer holding anything of this lesson, are
        # forgotten (another lesson's would only wait a fresh grace: never sooner).
        for instance in due | (self._gone_since.keys() - gone):
            self._gone_since.pop(instance, None)
        if count:
            log.warning(
                "%d sends of lesson #%s were in flight in an instance that stopped; they go again",
                count,
                lesson_id,
            )
        return count, bool(gone - due)

    async def voice_file_id(self, lesson_id: int) -> str | None:
        """The file_id Telegram gave the lesson's voice, once any send uploaded it."""
        async with self._db.reading() as s:
            return await s.scalar(select(Lesson.voice_file_id).where(Lesson.id == lesson_id))

    async def live_instance_count(self) -> int:
        return await self._db.live_instance_count()

    async def lessons_to_arm(self) -> list[DueLesson]:
        """Every lesson that still has to go out (queued with a slot, or interrupted)."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(Lesson.id, Lesson.slot_at, Lesson.status)
                .where(
                    Lesson.status.in_((LessonStatus.QUEUED, LessonStatus.SENDING)),
                    Lesson.slot_at.is_not(None),
                )
                .order_by(Lesson.slot_at)
            )
            return [
                DueLesson(i, slot, LessonStatus(st)) for i, slot, st in rows if slot is not None
            ]

    async def lesson_slot(self, lesson_id: int) -> DueLesson | None:
        async with self._db.reading() as s:
            lesson = await s.get(Lesson, lesson_id)
            if lesson is None or lesson.slot_at is None:
                return None
            return DueLesson(lesson.id, lesson.slot_at, LessonStatus(lesson.status))

    async def mark_missed(self, lesson_id: int, max_age: timedelta) -> bool:
        """A queued lesson whose slot is older than max_age becomes missed; True if it did."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            result = await s.execute(
                update(Lesson)
                .where(
                    Lesson.id == lesson_id,
                    Lesson.status == LessonStatus.QUEUED,
                    Lesson.slot_at < now - max_age,
                )
                .values(status=LessonStatus.MISSED, slot_manual=False, updated_at=now)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]
