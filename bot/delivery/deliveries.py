"""The delivery ledger: one row per (lesson, chat), so a broadcast resumes and never repeats."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.core.vocabulary import PRESENT_STATUSES, DeliveryStatus, LessonStatus, TargetKind
from bot.delivery.plans import BroadcastPlan, SentCopy, Target, plan_of
from bot.delivery.recovery import DeliveryRecovery
from storage.models import Delivery, Group, Lesson, Member, Membership
from storage.repositories import dialect_insert

log = logging.getLogger(__name__)


def confirm_copy(
    s: Session, lesson_id: int, chat_id: int, kind: TargetKind, message_id: int, now: datetime
) -> bool:
    """A member acted on a copy the ledger is unsure of: it did arrive, as this message.

    Telegram shows a press or a reply only on a message the bot really sent, and the caller
    checked that the message carries this lesson's own button, so the row can be closed.
    """
    result = s.execute(
        update(Delivery)
        .where(
            Delivery.lesson_id == lesson_id,
            Delivery.chat_id == chat_id,
            Delivery.kind == kind,
            # In flight too: members see a message before Telegram's late answer reaches us.
            Delivery.status.in_((DeliveryStatus.UNCERTAIN, DeliveryStatus.IN_FLIGHT)),
            Delivery.message_id.is_(None),
        )
        # When it was claimed, or gave up waiting: the closest known time to its arrival.
        .values(
            status=DeliveryStatus.DELIVERED,
            message_id=message_id,
            sent_at=Delivery.updated_at,
            updated_at=now,
        )
    )
    confirmed = bool(getattr(result, "rowcount", 0))
    if confirmed:
        log.info(
            "uncertain copy of #%s in %s confirmed as message %s", lesson_id, chat_id, message_id
        )
    return confirmed


class DeliveryService(DeliveryRecovery):
    """Planning, claiming and settling the sends of a lesson (recovery and the schedule's reads
    come from DeliveryRecovery)."""

    async def begin(self, lesson_id: int) -> BroadcastPlan | None:
        """Mark the lesson as sending, write the ledger rows once, return what is left to send."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id, with_for_update=not self._db.is_sqlite)
            if lesson is None or lesson.status not in (LessonStatus.QUEUED, LessonStatus.SENDING):
                return None
            group = await s.get(Group, lesson.group_id)
            if group is None:
                return None
            if lesson.status == LessonStatus.QUEUED and not group.bound:
                # Unbinding holds a group's queued lessons; one queued since must not go out.
                log.warning("lesson #%s not sent: its group is no longer bound", lesson_id)
                return None
            if lesson.status == LessonStatus.QUEUED:
                lesson.status = LessonStatus.SENDING
                lesson.updated_at = now
                await self._write_ledger(s, lesson, group, now)
            # Columns, not ORM rows: ten thousand Delivery objects in the session were a good
            # part of the bot's peak memory (benchmarks/bench_scale.py).
            rows = await s.execute(
                select(
                    Delivery.id,
                    Delivery.chat_id,
                    Delivery.user_id,
                    Delivery.kind,
                    Member.language_code,
                )
                .outerjoin(Member, Member.user_id == Delivery.user_id)
                .where(Delivery.lesson_id == lesson_id, Delivery.status == DeliveryStatus.PENDING)
                .order_by(Delivery.id)
            )
            group_target: Target | None = None
            privates: list[Target] = []
            for d_id, chat_id, user_id, kind, language_code in rows.all():
                target = Target(d_id, chat_id, user_id, TargetKind(kind), language_code)
                if kind == TargetKind.GROUP:
                    group_target = target
                else:
                    privates.append(target)
            return plan_of(lesson, group, group_target, privates, now)

    async def begin_private_copy(self, lesson_id: int, user_id: int) -> BroadcastPlan | None:
        """A member asked for a lesson in private (deep link): one ledger row, sent once."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            if lesson is None or lesson.status not in (LessonStatus.SENDING, LessonStatus.SENT):
                return None
            group = await s.get(Group, lesson.group_id)
            member = await s.get(Member, user_id)
            if group is None or member is None:
                return None
            present = await s.execute(
                select(Membership.user_id).where(
                    Membership.group_id == group.id,
                    Membership.user_id == user_id,
                    Membership.status.in_(PRESENT_STATUSES),
                )
            )
            if present.first() is None:
                return None
            stmt = dialect_insert(s, Delivery).values(
                lesson_id=lesson.id,
                chat_id=user_id,
                kind=TargetKind.PRIVATE,
                user_id=user_id,
                status=DeliveryStatus.PENDING,
                attempts=0,
                created_at=now,
                updated_at=now,
            )
            await s.execute(stmt.on_conflict_do_nothing(index_elements=["lesson_id", "chat_id"]))
            row = (
                await s.execute(
                    select(Delivery).where(
                        Delivery.lesson_id == lesson.id, Delivery.chat_id == user_id
                    )
                )
            ).scalar_one()
            if row.status in (DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE):
                # They just opened the chat: a copy that could not go before may go now.
                row.status = DeliveryStatus.PENDING
            elif row.status != DeliveryStatus.PENDING:
                return None  # delivered, or on its way right now: never a second copy
            target = Target(row.id, user_id, user_id, TargetKind.PRIVATE, member.language_code)
            return plan_of(lesson, group, None, [target], now)

    async def _write_ledger(
        self, s: AsyncSession, lesson: Lesson, group: Group, now: datetime
    ) -> None:
        rows: list[dict[str, object]] = [
            {
                "chat_id": group.chat_id,
                "kind": TargetKind.GROUP,
                "user_id": None,
                "status": DeliveryStatus.PENDING,
            }
        ]
        members = await s.execute(
            select(Member.user_id, Member.reachable)
            .join(Membership, Membership.user_id == Member.user_id)
            .where(
                Membership.group_id == group.id,
                Membership.status.in_(PRESENT_STATUSES),
                Member.subscribed.is_(True),
                Member.started.is_(True),
            )
            .order_by(Member.user_id)
        )
        for user_id, reachable in members:
            rows.append(
                {
                    "chat_id": user_id,
                    "kind": TargetKind.PRIVATE,
                    "user_id": user_id,
                    # Known to be unreachable: recorded honestly, not attempted.
                    "status": DeliveryStatus.PENDING if reachable else DeliveryStatus.UNREACHABLE,
                }
            )
        # One statement run for many rows (executemany), not one VALUES list of ten thousand
        # rows: compiling that held every bound value at once, the broadcast's memory peak.
        stmt = dialect_insert(s, Delivery).on_conflict_do_nothing(
            index_elements=["lesson_id", "chat_id"]
        )
        await s.execute(
            stmt,
            [
                {**row, "lesson_id": lesson.id, "attempts": 0, "created_at": now, "updated_at": now}
                for row in rows
            ],
        )

    async def claim(self, target: Target) -> bool:
        """Mark a send as in flight; False if someone else already settled it."""
        async with self._db.transaction() as s:
            result = await s.execute(
                update(Delivery)
                # Only from pending: a row in flight belongs to whoever claimed it.
                .where(Delivery.id == target.delivery_id, Delivery.status == DeliveryStatus.PENDING)
                .values(
                    status=DeliveryStatus.IN_FLIGHT,
                    attempts=Delivery.attempts + 1,
                    updated_at=self._clock.now(),
                    claimed_by=self._db.instance_id,
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    # --- several instances: instances split a broadcast's private sends
    async def claim_batch(self, lesson_id: int, limit: int) -> list[Target]:
        """Claim up to `limit` pending private sends of a lesson, marked in flight.

        PostgreSQL: FOR UPDATE SKIP LOCKED, so another instance claiming at the same moment
        takes the next rows instead of waiting for these. SQLite: BEGIN IMMEDIATE already
        makes every writer take its turn (in the writer thread: no trip through the loop).
        """
        now = self._clock.now()
        is_sqlite = self._db.is_sqlite
        instance_id = self._db.instance_id

        def work(s: Session) -> list[Target]:
            query = (
                select(Delivery.id, Delivery.chat_id, Delivery.user_id, Member.language_code)
                .outerjoin(Member, Member.user_id == Delivery.user_id)
                .where(
                    Delivery.lesson_id == lesson_id,
                    Delivery.status == DeliveryStatus.PENDING,
                    Delivery.kind == TargetKind.PRIVATE,
                )
                .order_by(Delivery.id)
                .limit(limit)
            )
            if not is_sqlite:
                query = query.with_for_update(skip_locked=True, of=Delivery)
            rows = s.execute(query).all()
            if not rows:
                return []
            s.execute(
                update(Delivery)
                .where(Delivery.id.in_([r[0] for r in rows]))
                .values(
                    status=DeliveryStatus.IN_FLIGHT,
                    attempts=Delivery.attempts + 1,
                    updated_at=now,
                    claimed_by=instance_id,
                )
            )
            return [
                Target(d_id, chat, uid, TargetKind.PRIVATE, lang) for d_id, chat, uid, lang in rows
            ]

        return await self._db.run_in_transaction(work)

    async def lease_held(self) -> bool:
        return await self._db.lease_held()

    async def take_new_lease(self, unsent: list[int]) -> int:
        """The lease was lost: fence what was held under the old id, then take a new lease."""
        await self.fence_lost_lease(self._db.instance_id, unsent)
        return await self._db.renew_instance_lock()

    async def fence_lost_lease(self, old_id: int, unsent: list[int]) -> tuple[int, int]:
        """This instance's lease was lost while it held sends under `old_id`: claimed rows it
        never handed to Telegram go back to pending; every other row it still has in flight
        becomes uncertain (it may have arrived), never free to send again. Another instance,
        seeing `old_id` gone, then finds nothing of it to take back. Returns (returned,
        uncertain)."""
        now = self._clock.now()

        def work(s: Session) -> tuple[int, int]:
            held = (Delivery.claimed_by == old_id) & (Delivery.status == DeliveryStatus.IN_FLIGHT)
            back = 0
            if unsent:
                back = s.execute(
                    update(Delivery)
                    .where(held, Delivery.id.in_(unsent))
                    .values(status=DeliveryStatus.PENDING, claimed_by=None, updated_at=now)
                ).rowcount  # type: ignore[attr-defined]
            fenced = s.execute(
                update(Delivery)
                .where(held)
                .values(
                    status=DeliveryStatus.UNCERTAIN,
                    error="in flight when this instance lost its lease",
                    updated_at=now,
                )
            ).rowcount  # type: ignore[attr-defined]
            return int(back), int(fenced)

        returned, fenced = await self._db.run_in_transaction(work)
        log.warning(
            "lease of instance %s lost: %d claimed sends returned, %d in flight now uncertain",
            old_id,
            returned,
            fenced,
        )
        return returned, fenced

    async def record_sent(self, lesson_id: int, copies: list[SentCopy]) -> None:
        """Copies Telegram accepted, written in one transaction (a broadcast's hot path: one
        commit per send was most of its time). Until written they stay in flight, which is
        what a crash meanwhile finds, as with a single send."""
        if not copies:
            return
        now = self._clock.now()
        file_id = next((copy.file_id for copy in copies if copy.file_id), None)

        def work(s: Session) -> None:
            s.execute(
                update(Delivery),
                [
                    {
                        "id": copy.delivery_id,
                        "status": DeliveryStatus.DELIVERED,
                        "message_id": copy.message_id,
                        "sent_at": now,
                        "updated_at": now,
                        "error": None,
                    }
                    for copy in copies
                ],
            )
            if file_id:
                s.execute(
                    update(Lesson)
                    .where(Lesson.id == lesson_id, Lesson.voice_file_id.is_(None))
                    .values(voice_file_id=file_id)
                )

        await self._db.run_in_transaction(work)

    async def delivered(
        self, target: Target, message_id: int, lesson_id: int, file_id: str | None
    ) -> None:
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(
                update(Delivery)
                .where(Delivery.id == target.delivery_id)
                .values(
                    status=DeliveryStatus.DELIVERED,
                    message_id=message_id,
                    sent_at=now,
                    updated_at=now,
                    error=None,
                )
            )
            if file_id:
                await s.execute(
                    update(Lesson)
                    .where(Lesson.id == lesson_id, Lesson.voice_file_id.is_(None))
                    .values(voice_file_id=file_id)
                )

    async def unreachable(self, target: Target, reason: str) -> None:
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(
                update(Delivery)
                .where(Delivery.id == target.delivery_id)
                .values(status=DeliveryStatus.UNREACHABLE, error=reason, updated_at=now)
            )
            if target.user_id is not None:
                await s.execute(
                    update(Member)
                    .where(Member.user_id == target.user_id)
                    .values(reachable=False, unreachable_reason=reason, updated_at=now)
                )

    async def failed(self, target: Target, reason: str) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(Delivery)
                # A member may already have pressed the copy while its answer was late.
                .where(
                    Delivery.id == target.delivery_id, Delivery.status == DeliveryStatus.IN_FLIGHT
                )
                .values(
                    status=DeliveryStatus.FAILED, error=reason[:500], updated_at=self._clock.now()
                )
            )

    async def uncertain(self, target: Target, reason: str) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(Delivery)
                # A member may already have pressed the copy while its answer was late.
                .where(
                    Delivery.id == target.delivery_id, Delivery.status == DeliveryStatus.IN_FLIGHT
                )
                .values(
                    status=DeliveryStatus.UNCERTAIN,
                    error=reason[:500],
                    updated_at=self._clock.now(),
                )
            )

    async def finish(self, lesson_id: int) -> dict[str, int]:
        """Close the broadcast when nothing is pending; return the ledger's counts."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            rows = await s.execute(
                select(Delivery.status, func.count())
                .where(Delivery.lesson_id == lesson_id)
                .group_by(Delivery.status)
            )
            counts: dict[str, int] = {status: int(n) for status, n in rows.all()}
            if not counts.get(DeliveryStatus.PENDING) and not counts.get(DeliveryStatus.IN_FLIGHT):
                await s.execute(
                    update(Lesson)
                    .where(Lesson.id == lesson_id, Lesson.status == LessonStatus.SENDING)
                    .values(status=LessonStatus.SENT, sent_at=now, updated_at=now)
                )
            return counts
