"""/report: one lesson's record at a glance, and the secretary's 精选 (featured) notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.scoring import Timing, lesson_day
from bot.core.vocabulary import PRESENT_STATUSES, DeliveryStatus, LessonStatus
from bot.groups.secretaries import GroupRef, SecretaryRights, group_ref
from bot.secretary.ledger import Period, RowStatus, note_text
from bot.secretary.ledger_reads import load_ledger
from storage.db import Database
from storage.models import Lesson, Membership, Note, QuizQuestion
from storage.repositories import group_by_chat

# Notes listed (each with its 精选 button) in one private report; the ledger has them all.
MAX_NOTES = 20
NOTE_EXCERPT = 300


# A person as the report names them: (name, name_is_fallback), marked by the presenter in
# the reader's language (bot.core.formatting.shown_name).
Name = tuple[str, bool]


@dataclass(frozen=True)
class NoteLine:
    note_id: int
    name: Name
    text: str
    featured: bool


@dataclass(frozen=True)
class LessonReport:
    group: GroupRef
    lesson_id: int
    number: int  # #N within the group
    title: str
    day: date
    # 应学: the people the record expects on this lesson (on the roster, or in the group and
    # not dismissed, when it went out), those with no account (未关联) included.
    expected: int
    # Private copies: delivered, uncertain (a send timed out after it went out), failed.
    delivered: int
    uncertain: int
    failed: int
    listened: int
    by_source: dict[str, int]
    makeup: int
    late: int
    wrote: int
    not_listened: int
    # Opened the link, never confirmed: not a listen, not among not_listened either.
    opened: int
    on_leave: int
    unlinked: int  # 未关联: on the roster, no account
    not_started: int  # 未开通推送: never opened the private chat
    unreachable: int  # 无法送达: blocked the bot, or the copy bounced
    left: int
    # Present members the bot knows of (roster coverage, against getChatMemberCount).
    known: int
    names: dict[str, list[Name]] = field(default_factory=dict)
    notes: list[NoteLine] = field(default_factory=list)
    more_notes: int = 0
    # The lesson's quiz (branch life): questions, members who answered, who got all right;
    # and per member "name right/answered", for the secretary only.
    quiz_questions: int = 0
    quiz_answered: int = 0
    quiz_all_right: int = 0
    quiz_results: list[tuple[Name, int, int]] = field(default_factory=list)


async def _latest_lesson(s: AsyncSession, group_id: int) -> int | None:
    return await s.scalar(
        select(Lesson.id)
        .where(
            Lesson.group_id == group_id,
            Lesson.status.in_((LessonStatus.SENDING, LessonStatus.SENT)),
        )
        .order_by(Lesson.slot_at.desc(), Lesson.id.desc())
        .limit(1)
    )


async def build_report(s: AsyncSession, group: GroupRef, lesson_id: int) -> LessonReport | None:
    lesson = await s.get(Lesson, lesson_id)
    if lesson is None or lesson.slot_at is None or lesson.group_id != group.group_id:
        return None
    day = lesson_day(lesson.slot_at, group.timezone)
    period = Period(day, day + timedelta(days=1), "")
    data = await s.run_sync(lambda ss: load_ledger(ss, group, period, lesson_id))
    if not data.lessons:
        return None  # not out yet
    statuses: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    copies: Counter[str] = Counter()
    names: dict[str, list[Name]] = {}
    makeup = late = wrote = 0
    notes: list[NoteLine] = []
    total_notes = 0
    for entry in data.entries():
        statuses[entry.status] += 1
        copies[entry.delivery] += 1
        key = str(entry.status)
        if entry.listen is not None:
            sources[entry.listen.source] += 1
            key = f"via:{entry.listen.source}"
            makeup += entry.listen.timing == Timing.MAKEUP
            late += entry.listen.timing == Timing.LATE
        name = (entry.member.name, entry.member.name_is_fallback)
        names.setdefault(key, []).append(name)
        if entry.notes:
            wrote += 1
        for note in entry.notes:
            total_notes += 1
            if len(notes) < MAX_NOTES:
                text = note_text(note)
                if len(text) > NOTE_EXCERPT:
                    text = text[:NOTE_EXCERPT] + "…"
                notes.append(NoteLine(note.note_id, name, text, note.featured))
    known = await s.scalar(
        select(func.count()).where(
            Membership.group_id == group.group_id, Membership.status.in_(PRESENT_STATUSES)
        )
    )
    questions = int(
        await s.scalar(
            select(func.count())
            .select_from(QuizQuestion)
            .where(QuizQuestion.lesson_id == lesson_id)
        )
        or 0
    )
    # Only the people the record follows (a dismissed account's answers are not theirs).
    quiz_results = [
        ((data.members[uid].name, data.members[uid].name_is_fallback), right, answered)
        for (lid, uid), (answered, right) in sorted(data.quiz.items())
        if lid == lesson_id and uid in data.members
    ]
    return LessonReport(
        group=group,
        lesson_id=lesson.id,
        number=lesson.number,
        title=lesson.title,
        day=day,
        expected=sum(statuses.values()),
        delivered=copies[DeliveryStatus.DELIVERED],
        uncertain=copies[DeliveryStatus.UNCERTAIN],
        failed=copies[DeliveryStatus.FAILED],
        listened=statuses[RowStatus.LISTENED],
        by_source=dict(sources),
        makeup=makeup,
        late=late,
        wrote=wrote,
        not_listened=statuses[RowStatus.NOT_LISTENED],
        opened=statuses[RowStatus.OPENED],
        on_leave=statuses[RowStatus.ON_LEAVE],
        unlinked=statuses[RowStatus.UNLINKED],
        not_started=statuses[RowStatus.NOT_STARTED],
        unreachable=statuses[RowStatus.UNREACHABLE],
        left=statuses[RowStatus.LEFT],
        known=int(known or 0),
        names=names,
        notes=notes,
        more_notes=total_notes - len(notes),
        quiz_questions=questions,
        quiz_answered=len(quiz_results),
        quiz_all_right=sum(1 for _, right, _ in quiz_results if right == questions),
        quiz_results=quiz_results,
    )


class ReportService:
    def __init__(self, db: Database, clock: Clock, rights: SecretaryRights) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights

    async def for_group_chat(self, chat_id: int, lesson_id: int | None) -> LessonReport:
        """The figures for the group itself (the handler names nobody)."""
        async with self._db.reading() as s:
            group = await group_by_chat(s, chat_id)
            if group is None or not group.bound:
                raise DomainError("settings.not_bound")
            ref = group_ref(group)
            return await self._one(s, ref, lesson_id)

    async def _one(self, s: AsyncSession, group: GroupRef, lesson_id: int | None) -> LessonReport:
        wanted = lesson_id if lesson_id is not None else await _latest_lesson(s, group.group_id)
        if wanted is None:
            raise DomainError("report.no_lesson")
        report = await build_report(s, group, wanted)
        if report is None:
            number = await s.scalar(select(Lesson.number).where(Lesson.id == wanted))
            raise DomainError("report.lesson_not_found", n=number)
        return report

    async def for_secretary(self, user_id: int, lesson_id: int | None) -> list[LessonReport]:
        """Named reports, only on the groups this user is a secretary of."""
        groups = await self._rights.groups_of(user_id)
        if not groups:
            raise DomainError("report.not_secretary")
        async with self._db.reading() as s:
            if lesson_id is not None:
                owner = (
                    await s.execute(
                        select(Lesson.group_id, Lesson.number).where(Lesson.id == lesson_id)
                    )
                ).first()
                mine = [g for g in groups if owner is not None and g.group_id == owner[0]]
                if not mine:
                    # #N of a group they are in but do not run: none of theirs went out as #N.
                    number = owner[1] if owner is not None else lesson_id
                    raise DomainError("report.lesson_not_found", n=number)
                return [await self._one(s, mine[0], lesson_id)]
            reports: list[LessonReport] = []
            for group in groups:
                latest = await _latest_lesson(s, group.group_id)
                if latest is None:
                    continue
                report = await build_report(s, group, latest)
                if report is not None:
                    reports.append(report)
            if not reports:
                raise DomainError("report.no_lesson")
            return reports

    async def set_featured(self, user_id: int, note_id: int, on: bool) -> None:
        """Mark a note 精选 (or unmark it); only a secretary of the note's group may."""
        async with self._db.reading() as s:
            group_id = await s.scalar(
                select(Lesson.group_id)
                .join(Note, Note.lesson_id == Lesson.id)
                .where(Note.id == note_id)
            )
        if group_id is None or not await self._rights.is_secretary(group_id, user_id):
            raise DomainError("report.feature_refused")
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(
                update(Note)
                .where(Note.id == note_id)
                .values(featured_at=now if on else None, featured_by=user_id if on else None)
            )
