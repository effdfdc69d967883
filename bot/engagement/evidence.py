"""Recording evidence: one write path for every listen, note and point, in the caller's
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, literal, select, tuple_, union_all
from sqlalchemy.orm import Session, aliased

from bot.core.config import PointsSettings
from bot.core.scoring import ListenSource, PointReason, Timing, listen_points, timing_of
from bot.core.vocabulary import PRESENT_STATUSES, LessonStatus
from bot.engagement.points import Award, DailyPoints
from bot.engagement.streaks import BroadcastDays, streaks_from
from storage.models import Group, Lesson, Listen, Membership, PointEntry
from storage.repositories import dialect_insert


class Outcome(StrEnum):
    RECORDED = "recorded"  # new evidence; points as earned
    ALREADY = "already"  # they had already listened; nothing more to earn
    FORGED = "forged"  # the data does not match the message it came from
    NOT_MEMBER = "not_member"  # not (or no longer) in the lesson's group
    GONE = "gone"  # the lesson is not (or not yet) out
    STRANGER = "stranger"  # pressed in the group by someone not known to be in it: ask Telegram


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
class LessonInfo:
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


def _info(row: Any) -> LessonInfo:
    lid, gid, chat, slot, zone, newest = row
    return LessonInfo(lid, gid, chat, slot, zone, int(newest or lid))


_INFO_COLUMNS = (Lesson.id, Lesson.group_id, Group.chat_id, Lesson.slot_at, Group.timezone)


def lesson_infos(s: Session, lesson_ids: set[int]) -> dict[int, LessonInfo]:
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


@dataclass
class _Prior:
    had_listen: set[tuple[int, int]]
    had_note: set[tuple[int, int]]


def _prior(s: Session, infos: dict[int, LessonInfo], items: Sequence[Evidence]) -> _Prior:
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
    infos: dict[int, LessonInfo],
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
    points.load(
        {info.group_id: info.zone for info in infos.values()},
        {evidence.user_id for evidence in items},
    )
    results: list[Earned] = []
    listen_rows: list[dict[str, object]] = []
    for evidence in items:
        info = infos.get(evidence.lesson_id)
        if info is None or info.group_id != evidence.group_id:
            results.append(Earned(Outcome.GONE, evidence.lesson_id))
            continue
        key = (evidence.lesson_id, evidence.user_id)
        timing = timing_of(info.slot_at, info.zone, now, rules.makeup_hours)
        listen_rows.append(
            {
                "lesson_id": evidence.lesson_id,
                "user_id": evidence.user_id,
                "source": str(evidence.source),
                "progress": evidence.progress,
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
                _award(info, evidence.user_id, PointReason.LISTEN, listen_points(rules, timing))
            )
            was_capped = got.capped
            earned += got.amount
        first_note = evidence.note and key not in had_note
        if first_note:
            had_note.add(key)
            want = rules.note if timing is not Timing.LATE else 0
            got = points.grant(_award(info, evidence.user_id, PointReason.NOTE, want))
            was_capped = was_capped or got.capped
            earned += got.amount
        results.append(
            Earned(
                Outcome.RECORDED if new_listener or first_note else Outcome.ALREADY,
                evidence.lesson_id,
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
    groups: dict[int, tuple[LessonInfo, set[int]]] = {}
    for evidence in items:
        info = infos.get(evidence.lesson_id)
        if info is not None:
            groups.setdefault(info.group_id, (info, set()))[1].add(evidence.user_id)
    for group_id, (info, users) in groups.items():
        slots = days.slots(s, group_id, info.newest)
        for uid, value in (streaks_from(s, group_id, info.zone, slots, users, now)).items():
            streaks[(group_id, uid)] = value
    return [
        replace(result, streak=streaks.get((result.group_id, evidence.user_id), 0))
        if result.group_id
        else result
        for result, evidence in zip(results, items, strict=True)
    ]


def _award(info: LessonInfo, user_id: int, reason: PointReason, amount: int) -> Award:
    return Award(info.group_id, info.zone, user_id, info.lesson_id, reason, amount)


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
