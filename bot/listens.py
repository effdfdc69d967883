"""Listens: the evidence that a member heard a lesson, and the points and streak it earns.

Evidence is believed only where it is proof: a press in the group chat on the group's own
lesson message proves presence; a press on a private copy counts for the person that copy was
delivered to (the ledger says so), while they are still in the group.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import PointsSettings
from bot.deliveries import DELIVERED
from bot.group_commit import GroupCommit
from bot.lessons import SENDING, SENT
from bot.scoring import (
    LeaveRange,
    ListenSource,
    PointReason,
    Timing,
    capped,
    day_bounds,
    lesson_day,
    listen_points,
    streak,
    timing_of,
)
from storage.db import Database
from storage.models import Delivery, Group, LeaveDay, Lesson, Listen, Membership, PointEntry
from storage.repositories import (
    PRESENT_STATUSES,
    UserInfo,
    dialect_insert,
    mark_present,
    upsert_members,
)

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class Evidence:
    """Validated evidence that a member heard a lesson (and perhaps wrote a note on it)."""

    lesson_id: int
    group_id: int
    user_id: int
    source: ListenSource
    note: bool = False


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


async def lesson_infos(s: AsyncSession, lesson_ids: set[int]) -> dict[int, _LessonInfo]:
    if not lesson_ids:
        return {}
    rows = await s.execute(
        select(Lesson.id, Lesson.group_id, Group.chat_id, Lesson.slot_at, Group.timezone)
        .join(Group, Group.id == Lesson.group_id)
        .where(Lesson.id.in_(lesson_ids), Lesson.status.in_((SENDING, SENT)))
    )
    return {
        lid: _LessonInfo(lid, gid, chat, slot, zone)
        for lid, gid, chat, slot, zone in rows.all()
        if slot is not None
    }


async def record_evidence(
    s: AsyncSession, rules: PointsSettings, items: Sequence[Evidence], now: datetime
) -> list[Earned]:
    """Write listens and points for validated evidence, in set-based statements; one result each.

    Points: the first listen of a lesson earns listen points by its timing (on the day,
    make-up, late); a first note earns note points; both within the member's daily cap in
    that group. Items are taken in order, so a double tap in one batch earns once.
    """
    if not items:
        return []
    infos = await lesson_infos(s, {e.lesson_id for e in items})
    users = {e.user_id for e in items}
    lesson_ids = set(infos)
    had_listen: set[tuple[int, int]] = set()
    had_note: set[tuple[int, int]] = set()
    if lesson_ids:
        rows = await s.execute(
            select(PointEntry.lesson_id, PointEntry.user_id, PointEntry.reason).where(
                PointEntry.lesson_id.in_(lesson_ids), PointEntry.user_id.in_(users)
            )
        )
        for lid, uid, reason in rows.all():
            if lid is None:
                continue
            (had_note if reason == PointReason.NOTE else had_listen).add((lid, uid))
        # A listen without a point row (recorded before points existed) still counts as heard.
        heard = await s.execute(
            select(Listen.lesson_id, Listen.user_id).where(
                Listen.lesson_id.in_(lesson_ids), Listen.user_id.in_(users)
            )
        )
        had_listen.update((lid, uid) for lid, uid in heard.all())
    earned_today = await _earned_today(s, infos, items, now)

    results: list[Earned] = []
    listen_rows: list[dict[str, object]] = []
    point_rows: list[dict[str, object]] = []
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
                "timing": str(timing),
                "created_at": now,
            }
        )
        today_key = (info.group_id, e.user_id)
        points = 0
        was_capped = False
        new_listener = key not in had_listen
        if new_listener:
            had_listen.add(key)
            want = listen_points(rules, timing)
            got = capped(want, earned_today[today_key], rules.daily_cap)
            was_capped = got < want
            earned_today[today_key] += got
            points += got
            point_rows.append(_point(info, e.user_id, PointReason.LISTEN, got, now))
        first_note = e.note and key not in had_note
        if first_note:
            had_note.add(key)
            want = rules.note if timing is not Timing.LATE else 0
            got = capped(want, earned_today[today_key], rules.daily_cap)
            was_capped = was_capped or got < want
            earned_today[today_key] += got
            points += got
            point_rows.append(_point(info, e.user_id, PointReason.NOTE, got, now))
        outcome = Outcome.RECORDED if new_listener or first_note else Outcome.ALREADY
        results.append(
            Earned(
                outcome,
                e.lesson_id,
                info.group_id,
                points,
                timing,
                0,
                was_capped,
                new_listener,
                first_note,
            )
        )
    if listen_rows:
        await s.execute(dialect_insert(s, Listen).values(listen_rows).on_conflict_do_nothing())
    if point_rows:
        await s.execute(dialect_insert(s, PointEntry).values(point_rows).on_conflict_do_nothing())
    streaks = await _streaks(s, infos, items, now)
    return [
        _with_streak(r, streaks.get((r.group_id, e.user_id), 0)) if r.group_id else r
        for r, e in zip(results, items, strict=True)
    ]


def _with_streak(result: Earned, value: int) -> Earned:
    return Earned(
        result.outcome,
        result.lesson_id,
        result.group_id,
        result.points,
        result.timing,
        value,
        result.capped,
        result.new_listener,
        result.first_note,
    )


def _point(
    info: _LessonInfo, user_id: int, reason: PointReason, amount: int, now: datetime
) -> dict[str, object]:
    return {
        "user_id": user_id,
        "group_id": info.group_id,
        "lesson_id": info.lesson_id,
        "reason": str(reason),
        "amount": amount,
        "created_at": now,
    }


async def _earned_today(
    s: AsyncSession, infos: dict[int, _LessonInfo], items: Sequence[Evidence], now: datetime
) -> defaultdict[tuple[int, int], int]:
    """Points each (group, member) has earned so far today, in the group's own day."""
    totals: defaultdict[tuple[int, int], int] = defaultdict(int)
    by_group: dict[int, tuple[str, set[int]]] = {}
    for e in items:
        info = infos.get(e.lesson_id)
        if info is not None:
            by_group.setdefault(info.group_id, (info.zone, set()))[1].add(e.user_id)
    for group_id, (zone, users) in by_group.items():
        start, end = day_bounds(lesson_day(now, zone), zone)
        rows = await s.execute(
            select(PointEntry.user_id, func.sum(PointEntry.amount))
            .where(
                PointEntry.group_id == group_id,
                PointEntry.user_id.in_(users),
                PointEntry.created_at >= start,
                PointEntry.created_at < end,
            )
            .group_by(PointEntry.user_id)
        )
        for uid, total in rows.all():
            totals[(group_id, uid)] = int(total or 0)
    return totals


async def _streaks(
    s: AsyncSession, infos: dict[int, _LessonInfo], items: Sequence[Evidence], now: datetime
) -> dict[tuple[int, int], int]:
    by_group: dict[int, tuple[str, set[int]]] = {}
    for e in items:
        info = infos.get(e.lesson_id)
        if info is not None:
            by_group.setdefault(info.group_id, (info.zone, set()))[1].add(e.user_id)
    out: dict[tuple[int, int], int] = {}
    for group_id, (zone, users) in by_group.items():
        for uid, value in (await group_streaks(s, group_id, zone, users, now)).items():
            out[(group_id, uid)] = value
    return out


async def group_streaks(
    s: AsyncSession, group_id: int, zone: str, users: set[int], now: datetime
) -> dict[int, int]:
    """Each member's current streak in a group."""
    rows = await s.execute(
        select(Lesson.slot_at)
        .where(
            Lesson.group_id == group_id,
            Lesson.status.in_((SENDING, SENT)),
            Lesson.slot_at.is_not(None),
        )
        .order_by(Lesson.slot_at.desc())
        .limit(STREAK_LOOKBACK)
    )
    slots = [slot for slot in rows.scalars() if slot is not None]
    if not slots:
        return dict.fromkeys(users, 0)
    days = [lesson_day(slot, zone) for slot in slots]
    oldest = slots[-1]
    heard = await s.execute(
        select(Listen.user_id, Lesson.slot_at)
        .join(Lesson, Lesson.id == Listen.lesson_id)
        .where(
            Lesson.group_id == group_id,
            Lesson.slot_at >= oldest,
            Listen.user_id.in_(users),
            Listen.timing != str(Timing.LATE),
        )
    )
    listened: defaultdict[int, set[date]] = defaultdict(set)
    for uid, slot in heard.all():
        if slot is not None:
            listened[uid].add(lesson_day(slot, zone))
    leaves = await leave_ranges(s, users, days[-1])
    today = lesson_day(now, zone)
    return {uid: streak(days, listened[uid], leaves[uid], today) for uid in users}


async def leave_ranges(
    s: AsyncSession, users: set[int], since: date
) -> defaultdict[int, list[LeaveRange]]:
    rows = await s.execute(
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

    async def press(self, press: Press) -> Earned:
        """A press of "✅ 已收听"; presses that arrive together share one transaction."""
        return await self._presses.submit(press)

    async def _record_presses(self, presses: Sequence[Press]) -> list[Earned]:
        now = self._clock.now()
        async with self._db.transaction() as s:
            pairs = {(p.chat_id, p.message_id) for p in presses}
            rows = await s.execute(
                select(Delivery.chat_id, Delivery.message_id, Delivery.lesson_id, Delivery.kind)
                .where(tuple_(Delivery.chat_id, Delivery.message_id).in_(pairs))
                .where(Delivery.status == DELIVERED)
            )
            messages = {(chat, mid): (lid, kind) for chat, mid, lid, kind in rows.all()}
            infos = await lesson_infos(s, {p.lesson_id for p in presses})
            verdicts: list[Earned | Evidence] = []
            for p in presses:
                found = messages.get((p.chat_id, p.message_id))
                info = infos.get(p.lesson_id)
                kind = "group" if p.in_group else "private"
                # A private copy is pressed in its owner's own chat, by its owner.
                not_theirs = not p.in_group and p.chat_id != p.user.user_id
                if found is None or found != (p.lesson_id, kind) or not_theirs:
                    verdicts.append(Earned(Outcome.FORGED, p.lesson_id))
                elif info is None:
                    verdicts.append(Earned(Outcome.GONE, p.lesson_id))
                elif p.in_group and info.group_chat_id != p.chat_id:
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
            await upsert_members(s, [p.user for p, _ in group_presses], now)
            await mark_present(
                s, [(v.group_id, v.user_id) for _, v in group_presses], "button", now
            )
            # A press on a private copy counts only while they are still in the group.
            private = [
                v
                for p, v in zip(presses, verdicts, strict=True)
                if not p.in_group
                if isinstance(v, Evidence)
            ]
            present = await present_pairs(s, {(v.group_id, v.user_id) for v in private})
            evidence: list[Evidence] = []
            for i, (p, v) in enumerate(zip(presses, verdicts, strict=True)):
                if isinstance(v, Evidence):
                    if not p.in_group and (v.group_id, v.user_id) not in present:
                        verdicts[i] = Earned(Outcome.NOT_MEMBER, v.lesson_id, v.group_id)
                    else:
                        evidence.append(v)
            recorded = iter(await record_evidence(s, self._rules, evidence, now))
            return [next(recorded) if isinstance(v, Evidence) else v for v in verdicts]

    async def open_private(self, lesson_id: int, user: UserInfo) -> Earned:
        """The member opened the lesson in private chat through its link: a private listen."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            infos = await lesson_infos(s, {lesson_id})
            info = infos.get(lesson_id)
            if info is None:
                return Earned(Outcome.GONE, lesson_id)
            if not await present_pairs(s, {(info.group_id, user.user_id)}):
                return Earned(Outcome.NOT_MEMBER, lesson_id, info.group_id)
            evidence = Evidence(lesson_id, info.group_id, user.user_id, ListenSource.PRIVATE)
            return (await record_evidence(s, self._rules, [evidence], now))[0]

    async def listener_count(self, lesson_id: int) -> tuple[int, int, int] | None:
        """(group chat id, group message id, present members who listened) for the live count."""
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(Delivery.chat_id, Delivery.message_id, Lesson.group_id)
                    .join(Lesson, Lesson.id == Delivery.lesson_id)
                    .where(
                        Delivery.lesson_id == lesson_id,
                        Delivery.kind == "group",
                        Delivery.status == DELIVERED,
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


async def present_pairs(s: AsyncSession, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (group_id, user_id) pairs are present members now."""
    if not pairs:
        return set()
    rows = await s.execute(
        select(Membership.group_id, Membership.user_id).where(
            tuple_(Membership.group_id, Membership.user_id).in_(pairs),
            Membership.status.in_(PRESENT_STATUSES),
        )
    )
    return {(g, u) for g, u in rows.all()}
