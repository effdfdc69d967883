"""Listens: the evidence that a member heard a lesson, and the points and streak it earns.

Evidence is believed only where it is proof: a press in the group chat on the group's own
lesson message proves presence; a press on a private copy counts for the person that copy was
delivered to (the ledger says so), while they are still in the group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, literal, select, tuple_, union_all
from sqlalchemy.orm import Session, aliased

from bot.core.clock import Clock
from bot.core.config import PointsSettings
from bot.core.scoring import (
    LeaveRange,
    ListenSource,
    PointReason,
    Timing,
    lesson_day,
    listen_points,
    streak,
    timing_of,
)
from bot.core.vocabulary import (
    PRESENT_STATUSES,
    DeliveryStatus,
    LessonStatus,
    PresenceSource,
    TargetKind,
)
from bot.delivery.deliveries import confirm_copy
from bot.engagement.group_commit import GroupCommit
from bot.engagement.points import Award, DailyPoints
from storage.db import Database
from storage.models import Delivery, Group, LeaveDay, Lesson, Listen, Membership, PointEntry
from storage.repositories import UserInfo, dialect_insert, mark_present, upsert_members

# How far back a streak is counted (broadcast days); about a year and a half of workdays.
STREAK_LOOKBACK = 400


class Outcome(StrEnum):
    RECORDED = "recorded"  # new evidence; points as earned
    ALREADY = "already"  # they had already listened; nothing more to earn
    FORGED = "forged"  # the data does not match the message it came from
    NOT_MEMBER = "not_member"  # not (or no longer) in the lesson's group
    GONE = "gone"  # the lesson is not (or not yet) out


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


@dataclass(frozen=True)
class Evidence:
    """Validated evidence that a member heard a lesson (and perhaps wrote a note on it)."""

    lesson_id: int
    group_id: int
    user_id: int
    source: ListenSource
    note: bool = False
    # Share of the lesson heard (the player's evidence), None when the source cannot tell.
    progress: float | None = None


@dataclass(frozen=True)
class Earned:
    outcome: Outcome
    lesson_id: int = 0
    group_id: int = 0
    points: int = 0
    timing: Timing | None = None
    streak: int = 0
    # The daily cap took some or all of what this would have earned.
    capped: bool = False
    # A new listener of the lesson: the live count on the group's button may change.
    new_listener: bool = False
    # A first note on the lesson (points for a note are earned once).
    first_note: bool = False


@dataclass(frozen=True)
class _LessonInfo:
    lesson_id: int
    group_id: int
    group_chat_id: int
    slot_at: datetime
    zone: str
    # The group's newest lesson that went out: keys the cache of its broadcast days.
    newest: int


def _newest_sent() -> Any:
    newer = aliased(Lesson)
    return (
        select(func.max(newer.id))
        .where(
            newer.group_id == Lesson.group_id,
            newer.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
        )
        .scalar_subquery()
    )


def _info(row: Any) -> _LessonInfo:
    lid, gid, chat, slot, zone, newest = row
    return _LessonInfo(lid, gid, chat, slot, zone, int(newest or lid))


_INFO_COLUMNS = (Lesson.id, Lesson.group_id, Group.chat_id, Lesson.slot_at, Group.timezone)


def lesson_infos(s: Session, lesson_ids: set[int]) -> dict[int, _LessonInfo]:
    """Lessons that are out (sending or sent), with their group."""
    if not lesson_ids:
        return {}
    rows = s.execute(
        select(*_INFO_COLUMNS, _newest_sent())
        .join(Group, Group.id == Lesson.group_id)
        .where(
            Lesson.id.in_(lesson_ids), Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT))
        )
    )
    return {row[0]: _info(row) for row in rows.all() if row[3] is not None}


def _read_lesson_messages(
    s: Session,
    pairs: set[tuple[int, int]],
    messages: dict[tuple[int, int], tuple[int, str]],
    infos: dict[int, _LessonInfo],
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


def _confirms_copy(s: Session, p: Press, now: datetime) -> bool:
    """A press on a copy whose send timed out: the message is the proof that it arrived."""
    if p.carried_lesson != p.lesson_id:
        return False
    if not p.in_group and p.chat_id != p.user.user_id:
        return False
    kind = TargetKind.GROUP if p.in_group else TargetKind.PRIVATE
    return confirm_copy(s, p.lesson_id, p.chat_id, kind, p.message_id, now)


class BroadcastDays:
    """Each group's recent broadcast days, kept while no newer lesson has gone out.

    A streak needs them on every press; the newest sent lesson's id, read in the same query
    that validates the press, says whether the copy is still exact.
    """

    def __init__(self) -> None:
        self._days: dict[int, tuple[int, list[datetime]]] = {}

    def slots(self, s: Session, group_id: int, newest: int) -> list[datetime]:
        cached = self._days.get(group_id)
        if cached is not None and cached[0] == newest:
            return cached[1]
        slots = broadcast_slots(s, group_id)
        self._days[group_id] = (newest, slots)
        return slots


def broadcast_slots(s: Session, group_id: int) -> list[datetime]:
    """The group's lessons that went out, newest first, as far back as a streak looks."""
    rows = s.execute(
        select(Lesson.slot_at)
        .where(
            Lesson.group_id == group_id,
            Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
            Lesson.slot_at.is_not(None),
        )
        .order_by(Lesson.slot_at.desc())
        .limit(STREAK_LOOKBACK)
    )
    return [slot for slot in rows.scalars() if slot is not None]


@dataclass
class _Prior:
    had_listen: set[tuple[int, int]]
    had_note: set[tuple[int, int]]


def _prior(s: Session, infos: dict[int, _LessonInfo], items: Sequence[Evidence]) -> _Prior:
    """In one query: who already listened, and who already wrote a note."""
    prior = _Prior(set(), set())
    users = {e.user_id for e in items}
    lesson_ids = {e.lesson_id for e in items if e.lesson_id in infos}
    if not lesson_ids:
        return prior
    listened: Any = select(
        literal("listen").label("kind"),
        Listen.lesson_id.label("lesson_id"),
        Listen.user_id.label("user_id"),
    ).where(Listen.lesson_id.in_(lesson_ids), Listen.user_id.in_(users))
    noted = select(literal("note"), PointEntry.lesson_id, PointEntry.user_id).where(
        PointEntry.lesson_id.in_(lesson_ids),
        PointEntry.user_id.in_(users),
        PointEntry.reason == str(PointReason.NOTE),
    )
    for kind, lid, uid in (s.execute(union_all(listened, noted))).all():
        (prior.had_listen if kind == "listen" else prior.had_note).add((lid, uid))
    return prior


def record_evidence(
    s: Session,
    rules: PointsSettings,
    items: Sequence[Evidence],
    now: datetime,
    infos: dict[int, _LessonInfo],
    days: BroadcastDays,
    points: DailyPoints | None = None,
) -> list[Earned]:
    """Write listens and points for validated evidence, in set-based statements; one result each.

    Points: the first listen of a lesson earns listen points by its timing (on the day,
    make-up, late); a first note earns note points; both awarded by `DailyPoints` under the
    member's daily cap in that group. Items are taken in order, so a double tap in one batch
    earns once. A caller that awards more in the same transaction passes its own `points`.
    """
    if not items:
        return []
    prior = _prior(s, infos, items)
    had_listen, had_note = prior.had_listen, prior.had_note
    if points is None:
        points = DailyPoints(s, rules, now)
    points.load({info.group_id: info.zone for info in infos.values()}, {e.user_id for e in items})
    results: list[Earned] = []
    listen_rows: list[dict[str, object]] = []
    for e in items:
        info = infos.get(e.lesson_id)
        if info is None or info.group_id != e.group_id:
            results.append(Earned(Outcome.GONE, e.lesson_id))
            continue
        key = (e.lesson_id, e.user_id)
        timing = timing_of(info.slot_at, info.zone, now, rules.makeup_hours)
        listen_rows.append(
            {
                "lesson_id": e.lesson_id,
                "user_id": e.user_id,
                "source": str(e.source),
                "progress": e.progress,
                "timing": str(timing),
                "created_at": now,
            }
        )
        earned = 0
        was_capped = False
        new_listener = key not in had_listen
        if new_listener:
            had_listen.add(key)
            got = points.grant(
                _award(info, e.user_id, PointReason.LISTEN, listen_points(rules, timing))
            )
            was_capped = got.capped
            earned += got.amount
        first_note = e.note and key not in had_note
        if first_note:
            had_note.add(key)
            want = rules.note if timing is not Timing.LATE else 0
            got = points.grant(_award(info, e.user_id, PointReason.NOTE, want))
            was_capped = was_capped or got.capped
            earned += got.amount
        results.append(
            Earned(
                Outcome.RECORDED if new_listener or first_note else Outcome.ALREADY,
                e.lesson_id,
                info.group_id,
                points=earned,
                timing=timing,
                capped=was_capped,
                new_listener=new_listener,
                first_note=first_note,
            )
        )
    # Compiled once and run as executemany, whatever the batch size.
    if listen_rows:
        s.execute(dialect_insert(s, Listen.__table__).on_conflict_do_nothing(), listen_rows)
    points.write()
    streaks: dict[tuple[int, int], int] = {}
    groups: dict[int, tuple[_LessonInfo, set[int]]] = {}
    for e in items:
        info = infos.get(e.lesson_id)
        if info is not None:
            groups.setdefault(info.group_id, (info, set()))[1].add(e.user_id)
    for group_id, (info, users) in groups.items():
        slots = days.slots(s, group_id, info.newest)
        for uid, value in (streaks_from(s, group_id, info.zone, slots, users, now)).items():
            streaks[(group_id, uid)] = value
    return [
        replace(r, streak=streaks.get((r.group_id, e.user_id), 0)) if r.group_id else r
        for r, e in zip(results, items, strict=True)
    ]


def _award(info: _LessonInfo, user_id: int, reason: PointReason, amount: int) -> Award:
    return Award(info.group_id, info.zone, user_id, info.lesson_id, reason, amount)


def group_streaks(
    s: Session, group_id: int, zone: str, users: set[int], now: datetime
) -> dict[int, int]:
    """Each member's current streak in a group (reads the group's broadcast days)."""
    return streaks_from(s, group_id, zone, broadcast_slots(s, group_id), users, now)


def streaks_from(
    s: Session,
    group_id: int,
    zone: str,
    slots: list[datetime],
    users: set[int],
    now: datetime,
) -> dict[int, int]:
    if not slots:
        return dict.fromkeys(users, 0)
    days = [lesson_day(slot, zone) for slot in slots]
    heard = s.execute(
        select(Listen.user_id, Lesson.slot_at)
        .join(Lesson, Lesson.id == Listen.lesson_id)
        .where(
            Lesson.group_id == group_id,
            Lesson.slot_at >= slots[-1],
            Listen.user_id.in_(users),
            Listen.timing != str(Timing.LATE),
        )
    )
    listened: defaultdict[int, set[date]] = defaultdict(set)
    for uid, slot in heard.all():
        if slot is not None:
            listened[uid].add(lesson_day(slot, zone))
    leaves = leave_ranges(s, users, days[-1])
    today = lesson_day(now, zone)
    return {uid: streak(days, listened[uid], leaves[uid], today) for uid in users}


def leave_ranges(s: Session, users: set[int], since: date) -> defaultdict[int, list[LeaveRange]]:
    rows = s.execute(
        select(LeaveDay.user_id, LeaveDay.start_day, LeaveDay.end_day).where(
            LeaveDay.user_id.in_(users), LeaveDay.end_day >= since
        )
    )
    out: defaultdict[int, list[LeaveRange]] = defaultdict(list)
    for uid, start, end in rows.all():
        out[uid].append(LeaveRange(start, end))
    return out


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
        infos: dict[int, _LessonInfo],
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
        infos: dict[int, _LessonInfo] = {}
        _read_lesson_messages(s, {(p.chat_id, p.message_id) for p in presses}, messages, infos)
        unsure = {
            (p.chat_id, p.message_id)
            for p in presses
            if (p.chat_id, p.message_id) not in messages and _confirms_copy(s, p, now)
        }
        _read_lesson_messages(s, unsure, messages, infos)
        verdicts: list[Earned | Evidence] = []
        for p in presses:
            found = messages.get((p.chat_id, p.message_id))
            info = infos.get(p.lesson_id)
            kind = TargetKind.GROUP if p.in_group else TargetKind.PRIVATE
            # A private copy is pressed in its owner's own chat, by its owner.
            not_theirs = not p.in_group and p.chat_id != p.user.user_id
            if (
                found is None
                or found != (p.lesson_id, kind)
                or not_theirs
                or info is None
                or (p.in_group and info.group_chat_id != p.chat_id)
            ):
                verdicts.append(Earned(Outcome.FORGED, p.lesson_id))
            else:
                verdicts.append(
                    Evidence(p.lesson_id, info.group_id, p.user.user_id, ListenSource.BUTTON)
                )
        # A press in the group chat proves presence in it.
        group_presses = [
            (p, v)
            for p, v in zip(presses, verdicts, strict=True)
            if p.in_group and isinstance(v, Evidence)
        ]
        upsert_members(s, [p.user for p, _ in group_presses], now)
        mark_present(
            s, [(v.group_id, v.user_id) for _, v in group_presses], PresenceSource.BUTTON, now
        )
        # A press on a private copy counts only while they are still in the group.
        private = {
            (v.group_id, v.user_id)
            for p, v in zip(presses, verdicts, strict=True)
            if not p.in_group and isinstance(v, Evidence)
        }
        present = present_pairs(s, private)
        evidence: list[Evidence] = []
        for i, (p, v) in enumerate(zip(presses, verdicts, strict=True)):
            if isinstance(v, Evidence):
                if not p.in_group and (v.group_id, v.user_id) not in present:
                    verdicts[i] = Earned(Outcome.NOT_MEMBER, v.lesson_id, v.group_id)
                else:
                    evidence.append(v)
        recorded = iter(record_evidence(s, self._rules, evidence, now, infos, self.days))
        return [next(recorded) if isinstance(v, Evidence) else v for v in verdicts]

    async def open_private(self, lesson_id: int, user: UserInfo) -> Earned:
        """The member opened the lesson in private chat through its link: a private listen."""
        now = self._clock.now()

        def work(s: Session) -> Earned:
            infos = lesson_infos(s, {lesson_id})
            info = infos.get(lesson_id)
            if info is None:
                return Earned(Outcome.GONE, lesson_id)
            if not present_pairs(s, {(info.group_id, user.user_id)}):
                return Earned(Outcome.NOT_MEMBER, lesson_id, info.group_id)
            evidence = Evidence(lesson_id, info.group_id, user.user_id, ListenSource.PRIVATE)
            return record_evidence(s, self._rules, [evidence], now, infos, self.days)[0]

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


def present_pairs(s: Session, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (group_id, user_id) pairs are present members now."""
    if not pairs:
        return set()
    rows = s.execute(
        select(Membership.group_id, Membership.user_id).where(
            tuple_(Membership.group_id, Membership.user_id).in_(pairs),
            Membership.status.in_(PRESENT_STATUSES),
        )
    )
    return {(g, u) for g, u in rows.all()}
