"""The quiz after the lesson (随堂测): questions, the polls that carry them, answers and points.

A member's first answer to a question counts, wherever they gave it (the group's poll or their
private copy's); a right one earns `[points] quiz` under the same daily cap as listening.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, delete, func, select, update

from bot.branch_life.quiz_text import MAX_QUESTIONS, QuestionInput, check_question
from bot.core.clock import Clock
from bot.core.config import PointsSettings, hhmm_to_time
from bot.core.errors import DomainError
from bot.core.scoring import PointReason, lesson_day
from bot.core.vocabulary import PRESENT_STATUSES, DeliveryStatus, LessonStatus, TargetKind
from bot.engagement.points import Award, grant_one
from bot.lessons.lessons import LessonService
from bot.lessons.views import LessonView
from storage.db import Database
from storage.models import (
    Delivery,
    Group,
    Lesson,
    Member,
    Membership,
    QuizAnswer,
    QuizPoll,
    QuizQuestion,
)
from storage.repositories import dialect_insert


@dataclass(frozen=True)
class QuizPollTarget:
    """A poll still to send: the question, where to, and until when it stays open."""

    poll_row: int
    chat_id: int
    thread_id: int | None
    question: str
    options: tuple[str, ...]
    correct: int
    # The language of the chat's reader (the group's is Chinese), for the poll's explanation.
    language_code: str | None = None


@dataclass(frozen=True)
class ClosingPoll:
    poll_row: int
    chat_id: int
    message_id: int
    question_id: int


@dataclass(frozen=True)
class QuizFigure:
    """What the group is told of a lesson's quiz, in its evening line: figures, no names."""

    people: int  # who answered at least one question
    answers: int
    right: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answers) if self.answers else 0


@dataclass(frozen=True)
class AnswerResult:
    counted: bool
    correct: bool = False
    points: int = 0
    user_id: int = 0
    # No poll of ours has this id (yet: its send may still be writing it down).
    unknown: bool = False
    # The group's poll, answered by someone never seen in that group: Telegram is to be asked
    # (getChatMember) whether they are in it; if so, the answer is given again.
    ask_chat: int | None = None


@dataclass(frozen=True)
class QuizMemberResult:
    """One member's quiz results for a lesson (for /report and the ledger)."""

    user_id: int
    name: str
    answered: int
    correct: int
    points: int


class QuizService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        lessons: LessonService,
        rules: PointsSettings,
        *,
        in_group: bool = False,
    ) -> None:
        self._db = db
        self._clock = clock
        self._lessons = lessons
        self._rules = rules
        # [quiz] in_group: polls in the group too, not only in private chats.
        self._in_group = in_group

    async def attach(
        self, user_id: int, lesson_id: int, questions: list[QuestionInput]
    ) -> list[QuestionInput]:
        """Attach (or replace) a queued lesson's questions; its group's secretary only."""
        view = await self._lessons.get(user_id, lesson_id)  # refuses outsiders
        if view.status != LessonStatus.QUEUED:
            raise DomainError("quiz.already_out", n=view.number)
        if not 1 <= len(questions) <= MAX_QUESTIONS:
            raise DomainError("quiz.count", max=MAX_QUESTIONS)
        checked = [check_question(question) for question in questions]
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(delete(QuizQuestion).where(QuizQuestion.lesson_id == lesson_id))
            for i, question in enumerate(checked, start=1):
                s.add(
                    QuizQuestion(
                        lesson_id=lesson_id,
                        position=i,
                        question=question.question,
                        options=json.dumps(list(question.options), ensure_ascii=False),
                        correct=question.correct,
                        created_by=user_id,
                        created_at=now,
                    )
                )
        return checked

    async def check_lesson(self, user_id: int, lesson_id: int) -> LessonView:
        """Before the step-by-step entry: the lesson is theirs and not out yet."""
        view = await self._lessons.get(user_id, lesson_id)
        if view.status != LessonStatus.QUEUED:
            raise DomainError("quiz.already_out", n=view.number)
        return view

    async def plan_polls(self, lesson_id: int) -> list[QuizPollTarget]:
        """After the broadcast: one poll per question for each private copy the lesson reached
        (and for the group, with `[quiz] in_group`): where the lesson went, its quiz follows.

        The rows are written before any send; a row whose send was interrupted is not sent
        again (a missing poll is better than two of the same question).
        """
        now = self._clock.now()
        async with self._db.transaction() as s:
            lesson = await s.get(Lesson, lesson_id)
            group = await s.get(Group, lesson.group_id) if lesson else None
            if lesson is None or group is None:
                return []
            questions = list(
                (
                    await s.execute(
                        select(QuizQuestion)
                        .where(QuizQuestion.lesson_id == lesson_id)
                        .order_by(QuizQuestion.position)
                    )
                ).scalars()
            )
            if not questions:
                return []
            delivered = (
                select(Delivery.chat_id, Member.language_code)
                .outerjoin(Member, Member.user_id == Delivery.user_id)
                .where(
                    Delivery.lesson_id == lesson_id,
                    Delivery.status == DeliveryStatus.DELIVERED,
                )
                .order_by(Delivery.kind, Delivery.chat_id)
            )
            if not self._in_group:
                # A poll in the group shows everyone who chose what: private chats only.
                delivered = delivered.where(Delivery.kind == TargetKind.PRIVATE)
            languages = {chat: lang for chat, lang in (await s.execute(delivered)).all()}
            chats = list(languages)
            close_at = closing_time(lesson.slot_at or now, group.timezone, group.reminder_time)
            close_at = max(close_at, now + timedelta(minutes=30))
            rows = [
                {
                    "question_id": question.id,
                    "chat_id": chat,
                    "close_at": close_at,
                    "created_at": now,
                }
                for question in questions
                for chat in chats
            ]
            if not rows:
                return []
            stmt = dialect_insert(s, QuizPoll).values(rows)
            # Only the rows this call wrote are sent: a chat already planned is never sent twice.
            inserted = await s.execute(
                stmt.on_conflict_do_nothing(index_elements=["question_id", "chat_id"]).returning(
                    QuizPoll.id
                )
            )
            mine = set(inserted.scalars())
            fresh = await s.execute(
                select(QuizPoll, QuizQuestion)
                .join(QuizQuestion, QuizQuestion.id == QuizPoll.question_id)
                .where(QuizPoll.id.in_(mine))
                .order_by(QuizPoll.chat_id, QuizQuestion.position)
            )
            return [
                QuizPollTarget(
                    poll.id,
                    poll.chat_id,
                    group.thread_id if poll.chat_id == group.chat_id else None,
                    question.question,
                    tuple(json.loads(question.options)),
                    question.correct,
                    languages.get(poll.chat_id),
                )
                for poll, question in fresh.all()
            ]

    async def poll_sent(self, poll_row: int, message_id: int, poll_id: str) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(QuizPoll)
                .where(QuizPoll.id == poll_row)
                .values(message_id=message_id, poll_id=poll_id)
            )

    async def answer(self, poll_id: str, user_id: int, option_ids: list[int]) -> AnswerResult:
        """A poll_answer: counted once per member and question, scored under the daily cap."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(QuizPoll, QuizQuestion, Lesson, Group)
                    .join(QuizQuestion, QuizQuestion.id == QuizPoll.question_id)
                    .join(Lesson, Lesson.id == QuizQuestion.lesson_id)
                    .join(Group, Group.id == Lesson.group_id)
                    .where(QuizPoll.poll_id == poll_id)
                )
            ).first()
            if row is None:
                return AnswerResult(False, unknown=True)
            if not option_ids:
                return AnswerResult(False)  # a retracted vote (quizzes take none)
            poll, question, lesson, group = row
            if poll.closed_at is not None:
                return AnswerResult(False)
            status = await s.scalar(
                select(Membership.status).where(
                    Membership.group_id == group.id, Membership.user_id == user_id
                )
            )
            if status is None and poll.chat_id == group.chat_id:
                return AnswerResult(False, ask_chat=group.chat_id)
            if status not in PRESENT_STATUSES or await s.get(Member, user_id) is None:
                return AnswerResult(False)  # only the group's own members are scored
            right = option_ids[0] == question.correct
            inserted = await s.execute(
                dialect_insert(s, QuizAnswer)
                .values(
                    question_id=question.id,
                    user_id=user_id,
                    option=option_ids[0],
                    correct=right,
                    points=0,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["question_id", "user_id"])
            )
            if not inserted.rowcount:  # type: ignore[attr-defined]
                return AnswerResult(False, user_id=user_id)
            got = 0
            if right:
                award = Award(
                    group.id,
                    group.timezone,
                    user_id,
                    lesson.id,
                    PointReason.QUIZ,
                    self._rules.quiz,
                    part=question.position,
                )
                granted = await s.run_sync(grant_one, self._rules, now, award)
                got = granted.amount
                await s.execute(
                    update(QuizAnswer)
                    .where(QuizAnswer.question_id == question.id, QuizAnswer.user_id == user_id)
                    .values(points=got)
                )
            return AnswerResult(True, right, got, user_id)

    async def closing(self) -> list[ClosingPoll]:
        """Polls whose closing time has come; each is marked closed before stopPoll is asked."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            rows = (
                await s.execute(
                    select(QuizPoll)
                    .where(
                        QuizPoll.close_at <= now,
                        QuizPoll.closed_at.is_(None),
                        QuizPoll.message_id.is_not(None),
                    )
                    .order_by(QuizPoll.id)
                )
            ).scalars()
            out = []
            for poll in rows:
                poll.closed_at = now
                if poll.message_id is not None:
                    out.append(
                        ClosingPoll(poll.id, poll.chat_id, int(poll.message_id), poll.question_id)
                    )
            return out

    async def still_open(self, lesson_id: int) -> bool:
        """Whether a poll of the lesson's quiz still takes answers (its figures are not final)."""
        async with self._db.reading() as s:
            found = await s.scalar(
                select(QuizPoll.id)
                .join(QuizQuestion, QuizQuestion.id == QuizPoll.question_id)
                .where(
                    QuizQuestion.lesson_id == lesson_id,
                    QuizPoll.closed_at.is_(None),
                    # A poll whose send failed is never closed: it holds nothing up.
                    QuizPoll.message_id.is_not(None),
                )
                .limit(1)
            )
            return found is not None

    async def figure(self, lesson_id: int) -> QuizFigure | None:
        """The lesson's quiz in figures (None: it has no quiz): who answered, how many right."""
        async with self._db.reading() as s:
            if not await s.scalar(select(func.count()).where(QuizQuestion.lesson_id == lesson_id)):
                return None
            row = (
                await s.execute(
                    select(
                        func.count(func.distinct(QuizAnswer.user_id)),
                        func.count(),
                        func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
                    )
                    .join(QuizQuestion, QuizQuestion.id == QuizAnswer.question_id)
                    .where(QuizQuestion.lesson_id == lesson_id)
                )
            ).one()
            people, answers, right = row
            return QuizFigure(int(people or 0), int(answers or 0), int(right or 0))

    async def questions(self, lesson_id: int) -> int:
        async with self._db.reading() as s:
            n = await s.scalar(select(func.count()).where(QuizQuestion.lesson_id == lesson_id))
            return int(n or 0)

    # -- for the coordinator: /report and the ledger show quiz results per member
    async def results_for_lesson(self, lesson_id: int) -> list[QuizMemberResult]:
        """Per member who answered: questions answered, answered right, points earned."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(
                    QuizAnswer.user_id,
                    func.count(),
                    func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
                    func.sum(QuizAnswer.points),
                )
                .join(QuizQuestion, QuizQuestion.id == QuizAnswer.question_id)
                .where(QuizQuestion.lesson_id == lesson_id)
                .group_by(QuizAnswer.user_id)
                .order_by(QuizAnswer.user_id)
            )
            found = rows.all()
            names = {
                m.user_id: m.display_name
                for m in (
                    await s.execute(select(Member).where(Member.user_id.in_([r[0] for r in found])))
                ).scalars()
            }
            return [
                QuizMemberResult(uid, names.get(uid, str(uid)), int(n), int(c or 0), int(p or 0))
                for uid, n, c, p in found
            ]


def closing_time(slot_at: datetime, zone: str, reminder_time: str) -> datetime:
    """The group's reminder time on the lesson's local day (the quiz closes then)."""
    day = lesson_day(slot_at, zone)
    local = datetime.combine(day, hhmm_to_time(reminder_time), tzinfo=ZoneInfo(zone))
    return local.astimezone(slot_at.tzinfo)
