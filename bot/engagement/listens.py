"""Listens: the evidence that a member heard a lesson, and the points and streak it earns.

Evidence is believed only where it is proof: a press in the group chat on the group's own
lesson message counts from someone known to be in the group (a stranger is asked about with
Telegram once, by the caller); a press on a private copy counts for the person that copy was
delivered to (the ledger says so), while they are still in the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from bot.core.clock import Clock
from bot.core.config import PointsSettings
from bot.core.scoring import ListenSource
from bot.core.vocabulary import (
    PRESENT_STATUSES,
    DeliveryStatus,
    LessonStatus,
    PresenceSource,
    TargetKind,
)
from bot.delivery.deliveries import confirm_copy
from bot.engagement.evidence import (
    _INFO_COLUMNS,
    Earned,
    Evidence,
    LessonInfo,
    Outcome,
    _info,
    _newest_sent,
    lesson_infos,
    present_pairs,
    record_evidence,
)
from bot.engagement.group_commit import GroupCommit
from bot.engagement.points import DailyPoints
from bot.engagement.streaks import BroadcastDays
from storage.db import Database
from storage.models import Delivery, Group, Lesson, Listen, Membership, Opened
from storage.repositories import UserInfo, dialect_insert, mark_present, upsert_members


@dataclass(frozen=True)
class Press:
    """A press of "✅ 已收听", as plain values."""

    chat_id: int
    in_group: bool
    message_id: int
    lesson_id: int
    user: UserInfo
    # The lesson whose "listened" button the pressed voice message itself carries (Telegram
    # says what the message is; only the callback data comes from the client).
    carried_lesson: int | None = None


def _read_lesson_messages(
    s: Session,
    pairs: set[tuple[int, int]],
    messages: dict[tuple[int, int], tuple[int, str]],
    infos: dict[int, LessonInfo],
) -> None:
    """Which lesson each (chat, message) carries, with its group, in one query."""
    if not pairs:
        return
    rows = s.execute(
        select(Delivery.chat_id, Delivery.message_id, Delivery.kind, *_INFO_COLUMNS)
        .add_columns(_newest_sent())
        .join(Lesson, Lesson.id == Delivery.lesson_id)
        .join(Group, Group.id == Lesson.group_id)
        .where(
            tuple_(Delivery.chat_id, Delivery.message_id).in_(pairs),
            Delivery.status == DeliveryStatus.DELIVERED,
            Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
        )
    )
    for row in rows.all():
        found_info = _info(row[3:])
        messages[(row[0], row[1])] = (found_info.lesson_id, row[2])
        infos[found_info.lesson_id] = found_info


def _confirms_copy(s: Session, press: Press, now: datetime) -> bool:
    """A press on a copy whose send timed out: the message is the proof that it arrived."""
    if press.carried_lesson != press.lesson_id:
        return False
    if not press.in_group and press.chat_id != press.user.user_id:
        return False
    kind = TargetKind.GROUP if press.in_group else TargetKind.PRIVATE
    return confirm_copy(s, press.lesson_id, press.chat_id, kind, press.message_id, now)


class ListenService:
    def __init__(self, db: Database, clock: Clock, rules: PointsSettings) -> None:
        self._db = db
        self._clock = clock
        self._rules = rules
        self._presses: GroupCommit[Press, Earned] = GroupCommit(self._record_presses)
        self.days = BroadcastDays()

    def record_in(
        self,
        s: Session,
        items: Sequence[Evidence],
        now: datetime,
        infos: dict[int, LessonInfo],
        points: DailyPoints | None = None,
    ) -> list[Earned]:
        """record_evidence inside the caller's own (synchronous) transaction."""
        return record_evidence(s, self._rules, items, now, infos, self.days, points)

    async def press(self, press: Press) -> Earned:
        """A press of "✅ 已收听"; presses that arrive together share one transaction."""
        return await self._presses.submit(press)

    async def _record_presses(self, presses: Sequence[Press]) -> list[Earned]:
        now = self._clock.now()
        return await self._db.run_in_transaction(
            lambda s: self._record_presses_in(s, list(presses), now)
        )

    def _record_presses_in(self, s: Session, presses: list[Press], now: datetime) -> list[Earned]:
        messages: dict[tuple[int, int], tuple[int, str]] = {}
        infos: dict[int, LessonInfo] = {}
        _read_lesson_messages(
            s, {(press.chat_id, press.message_id) for press in presses}, messages, infos
        )
        unsure = {
            (press.chat_id, press.message_id)
            for press in presses
            if (press.chat_id, press.message_id) not in messages and _confirms_copy(s, press, now)
        }
        _read_lesson_messages(s, unsure, messages, infos)
        verdicts: list[Earned | Evidence] = []
        for press in presses:
            found = messages.get((press.chat_id, press.message_id))
            info = infos.get(press.lesson_id)
            kind = TargetKind.GROUP if press.in_group else TargetKind.PRIVATE
            # A private copy is pressed in its owner's own chat, by its owner.
            not_theirs = not press.in_group and press.chat_id != press.user.user_id
            if (
                found is None
                or found != (press.lesson_id, kind)
                or not_theirs
                or info is None
                or (press.in_group and info.group_chat_id != press.chat_id)
            ):
                verdicts.append(Earned(Outcome.FORGED, press.lesson_id))
            else:
                verdicts.append(
                    Evidence(
                        press.lesson_id, info.group_id, press.user.user_id, ListenSource.BUTTON
                    )
                )
        # A press in the group chat counts from someone known to be in the group: a public
        # group's lesson, or a forwarded one, can be pressed by anyone. The caller asks
        # Telegram about a stranger (once) and presses again when they are in it.
        known = present_pairs(
            s,
            {
                (verdict.group_id, verdict.user_id)
                for press, verdict in zip(presses, verdicts, strict=True)
                if press.in_group and isinstance(verdict, Evidence)
            },
        )
        for i, (press, verdict) in enumerate(zip(presses, verdicts, strict=True)):
            if (
                press.in_group
                and isinstance(verdict, Evidence)
                and (verdict.group_id, verdict.user_id) not in known
            ):
                verdicts[i] = Earned(Outcome.STRANGER, verdict.lesson_id, verdict.group_id)
        group_presses = [
            (press, verdict)
            for press, verdict in zip(presses, verdicts, strict=True)
            if press.in_group and isinstance(verdict, Evidence)
        ]
        upsert_members(s, [press.user for press, _ in group_presses], now)
        mark_present(
            s,
            [(verdict.group_id, verdict.user_id) for _, verdict in group_presses],
            PresenceSource.BUTTON,
            now,
        )
        # A press on a private copy counts only while they are still in the group.
        private = {
            (verdict.group_id, verdict.user_id)
            for press, verdict in zip(presses, verdicts, strict=True)
            if not press.in_group and isinstance(verdict, Evidence)
        }
        present = present_pairs(s, private)
        evidence: list[Evidence] = []
        for i, (press, verdict) in enumerate(zip(presses, verdicts, strict=True)):
            if isinstance(verdict, Evidence):
                if not press.in_group and (verdict.group_id, verdict.user_id) not in present:
                    verdicts[i] = Earned(Outcome.NOT_MEMBER, verdict.lesson_id, verdict.group_id)
                else:
                    evidence.append(verdict)
        recorded = iter(record_evidence(s, self._rules, evidence, now, infos, self.days))
        return [
            next(recorded) if isinstance(verdict, Evidence) else verdict for verdict in verdicts
        ]

    async def open_private(self, lesson_id: int, user: UserInfo) -> Outcome:
        """The member opened the lesson in private chat through its link. Opening is not
        hearing: it is kept as *opened* (lesson_opens), earns nothing and is no listen; the
        ✅ press, a note, a right quiz answer or the player's heard share are what count."""
        now = self._clock.now()

        def work(s: Session) -> Outcome:
            info = lesson_infos(s, {lesson_id}).get(lesson_id)
            if info is None:
                return Outcome.GONE
            if not present_pairs(s, {(info.group_id, user.user_id)}):
                return Outcome.NOT_MEMBER
            s.execute(
                dialect_insert(s, Opened.__table__).on_conflict_do_nothing(),
                [{"lesson_id": lesson_id, "user_id": user.user_id, "created_at": now}],
            )
            return Outcome.RECORDED

        return await self._db.run_in_transaction(work)

    async def listener_count(self, lesson_id: int) -> tuple[int, int, int] | None:
        """(group chat id, group message id, present members who listened) for the live count."""
        async with self._db.reading() as s:
            row = (
                await s.execute(
                    select(Delivery.chat_id, Delivery.message_id, Lesson.group_id)
                    .join(Lesson, Lesson.id == Delivery.lesson_id)
                    .where(
                        Delivery.lesson_id == lesson_id,
                        Delivery.kind == TargetKind.GROUP,
                        Delivery.status == DeliveryStatus.DELIVERED,
                    )
                )
            ).first()
            if row is None:
                return None
            chat_id, message_id, group_id = row
            if message_id is None:
                return None
            count = await s.scalar(
                select(func.count(func.distinct(Listen.user_id)))
                .join(
                    Membership,
                    and_(Membership.user_id == Listen.user_id, Membership.group_id == group_id),
                )
                .where(Listen.lesson_id == lesson_id, Membership.status.in_(PRESENT_STATUSES))
            )
            return int(chat_id), int(message_id), int(count or 0)
