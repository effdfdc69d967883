"""The daily points cap holds across every source of points, on both databases.

A listen (button press, also several in one batch), a study note, a right quiz answer and the
player's heard bonus all count against one cap per member, group and local day; the group's
own zone decides where the day ends, DST included.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.branch_life.quiz import QuizService
from bot.core.calendar import OfficialCalendar
from bot.core.clock import FakeClock
from bot.core.config import NotesSettings, PointsSettings
from bot.core.scoring import PointReason
from bot.engagement.evidence import Earned, Outcome
from bot.engagement.heard import HeardService
from bot.engagement.listens import ListenService, Press
from bot.engagement.notes import NoteInput, NoteOutcome, NoteService
from bot.engagement.points import Award, DailyPoints, Grant, grant_one
from bot.groups.rights import Rights
from bot.lessons.lessons import LessonService
from storage.db import Database
from storage.models import (
    Delivery,
    Group,
    Lesson,
    Member,
    Membership,
    PointEntry,
    QuizPoll,
    QuizQuestion,
)
from storage.repositories import UserInfo

# The daily cap is a sum read and written in one transaction: the store decides it.
pytestmark = pytest.mark.both_stores

ZONE = "Europe/Berlin"  # 2026-03-29 is 23 hours long there (clocks go forward at 02:00)
CHAT = -1001
USER = 501
RULES = PointsSettings(listen=1, makeup=1, note=2, quiz=1, heard_bonus=1, daily_cap=4)
SECONDS = 12.0


def local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


class World:
    """One group in Berlin, one member, lessons that are out, each with its quiz question."""

    def __init__(self, db: Database, clock: FakeClock, tmp: Path) -> None:
        self.db = db
        self.clock = clock
        self.listens = ListenService(db, clock, RULES)
        self.notes = NoteService(db, clock, NotesSettings(), self.listens)
        rights = Rights(_no_admins, clock)
        lessons = LessonService(db, clock, tmp, rights, OfficialCalendar(frozenset(), frozenset()))
        self.quiz = QuizService(db, clock, lessons, RULES)
        self.heard = HeardService(db, clock, self.listens, RULES, threshold=0.9)
        self.user = UserInfo(USER, "张三")
        self.group_id = 0
        self.message_of: dict[int, int] = {}

    async def seed(self, slots: list[datetime]) -> list[int]:
        now = self.clock.now()
        async with self.db.transaction() as s:
            group = Group(
                chat_id=CHAT,
                title="第一党支部",
                bound=True,
                timezone=ZONE,
                broadcast_time="00:15",
                weekdays="mon,tue,wed,thu,fri,sat,sun",
                reminder_time="23:59",
                created_at=now,
                updated_at=now,
            )
            s.add(group)
            s.add(Member(user_id=USER, first_name="张三", created_at=now, updated_at=now))
            await s.flush()
            self.group_id = group.id
            s.add(Membership(group_id=group.id, user_id=USER, status="member", updated_at=now))
            ids = []
            for i, slot in enumerate(slots):
                lesson = Lesson(
                    group_id=group.id,
                    number=i + 1,
                    author_id=1,
                    title=f"第{i + 1}课",
                    status="sent",
                    slot_at=slot,
                    audio_path="lesson.ogg",
                    duration_in=SECONDS,
                    duration_out=SECONDS,
                    lufs_in=-16.0,
                    lufs_out=-16.0,
                    created_at=now,
                    updated_at=now,
                )
                s.add(lesson)
                await s.flush()
                ids.append(lesson.id)
                self.message_of[lesson.id] = 100 + i
                s.add(
                    Delivery(
                        lesson_id=lesson.id,
                        chat_id=CHAT,
                        kind="group",
                        status="sent",
                        message_id=100 + i,
                        created_at=now,
                        updated_at=now,
                    )
                )
                for position in (1, 2):
                    question = QuizQuestion(
                        lesson_id=lesson.id,
                        position=position,
                        question="党章第几章？",
                        options='["一", "二"]',
                        correct=0,
                        created_by=1,
                        created_at=now,
                    )
                    s.add(question)
                    await s.flush()
                    s.add(
                        QuizPoll(
                            question_id=question.id,
                            chat_id=CHAT,
                            message_id=500 + question.id,
                            poll_id=f"poll-{lesson.id}-{position}",
                            close_at=now + timedelta(days=30),
                            created_at=now,
                        )
                    )
        return ids

    async def press(self, lesson_id: int) -> Earned:
        message = self.message_of[lesson_id]
        return await self.listens.press(Press(CHAT, True, message, lesson_id, self.user, lesson_id))

    async def note(self, lesson_id: int, message_id: int) -> int:
        result = await self.notes.submit(
            NoteInput(
                CHAT,
                True,
                message_id,
                self.user,
                text="今天学习了党章，体会很深，要落实到工作中。",
                reply_to=self.message_of[lesson_id],
                reply_carries=lesson_id,
            )
        )
        assert result.outcome is NoteOutcome.SAVED and result.earned is not None
        return result.earned.points

    async def answer(self, lesson_id: int, position: int) -> int:
        result = await self.quiz.answer(f"poll-{lesson_id}-{position}", USER, [0])
        assert result.counted and result.correct
        return result.points

    async def hear_all(self, lesson_id: int) -> int:
        session = await self.heard.open_session(USER, lesson_id)
        self.clock.advance(timedelta(seconds=SECONDS / 2))  # played at 2x
        result = await self.heard.report(USER, lesson_id, session, [[0, SECONDS]])
        assert result.listened
        return result.points

    async def earned_between(self, start: datetime, end: datetime) -> int:
        async with self.db.reading() as s:
            total = await s.scalar(
                select(func.coalesce(func.sum(PointEntry.amount), 0)).where(
                    PointEntry.user_id == USER,
                    PointEntry.created_at >= start,
                    PointEntry.created_at < end,
                )
            )
        return int(total or 0)

    async def reasons(self) -> set[str]:
        async with self.db.reading() as s:
            return set((await s.execute(select(PointEntry.reason))).scalars())


async def _no_admins(chat_id: int) -> dict[int, str]:
    return {}


async def test_the_daily_cap_holds_across_listen_note_quiz_and_player_and_resets_next_local_day(
    db: Database, tmp_path: Path
) -> None:
    # 00:30 in Berlin is still the previous day in UTC: the group's zone decides the day.
    clock = FakeClock(local(29, 0, 30))
    world = World(db, clock, tmp_path)
    first, second, third, next_day = await world.seed(
        [local(29, 0, 15), local(29, 0, 20), local(29, 0, 25), local(30, 0, 5)]
    )

    assert await world.answer(first, 1) == 1  # quiz: 1 of 4
    pressed = await world.press(first)  # listen: 2 of 4
    assert (pressed.outcome, pressed.points, pressed.capped) == (Outcome.RECORDED, 1, False)
    assert await world.note(second, 900) == 2  # a listen and a note would be 3; 2 are left
    # Late in the same (23-hour) local day, everything left is capped to nothing.
    clock.set(local(29, 23, 30))
    assert await world.hear_all(third) == 0  # a player listen and its bonus
    assert await world.answer(first, 2) == 0
    assert await world.earned_between(local(29, 0, 0), local(30, 0, 0)) == RULES.daily_cap

    # 00:10 the next local day is the same UTC date as 23:30 was: the cap starts afresh.
    clock.set(local(30, 0, 10))
    assert clock.now().date() == local(29, 23, 30).date()
    assert (await world.press(next_day)).points == 1
    assert await world.answer(next_day, 1) == 1
    assert await world.hear_all(next_day) == 1  # the listen was pressed already; the bonus
    assert await world.earned_between(local(30, 0, 0), local(31, 0, 0)) == 3

    # Every row's reason is a PointReason (a quiz row names its question after a colon).
    assert {reason.split(":")[0] for reason in await world.reasons()} <= set(PointReason)
    assert f"{PointReason.QUIZ}:1" in await world.reasons()


async def test_presses_in_one_batch_share_the_cap_instead_of_each_seeing_the_same_total(
    db: Database, tmp_path: Path
) -> None:
    clock = FakeClock(local(29, 9, 0))
    world = World(db, clock, tmp_path)
    lessons = await world.seed([local(29, 8, m) for m in range(6)])
    assert await world.answer(lessons[0], 1) == 1

    # Six presses arrive together: one GroupCommit batch, one transaction.
    earned = await asyncio.gather(*(world.press(lesson) for lesson in lessons))

    assert [e.points for e in earned] == [1, 1, 1, 0, 0, 0]
    assert [e.capped for e in earned] == [False, False, False, True, True, True]
    assert await world.earned_between(local(29, 0, 0), local(30, 0, 0)) == RULES.daily_cap


async def test_awards_in_one_transaction_share_a_running_total_and_later_ones_read_it_back(
    db: Database, tmp_path: Path
) -> None:

    clock = FakeClock(local(29, 9, 0))
    world = World(db, clock, tmp_path)
    await world.seed([])

    def work(s: Session) -> tuple[list[Grant], Grant]:
        points = DailyPoints(s, RULES, clock.now())
        quiz = [
            points.grant(Award(world.group_id, ZONE, USER, None, PointReason.QUIZ, 3, part=n))
            for n in (1, 2)
        ]
        points.write()
        bonus = Award(world.group_id, ZONE, USER, None, PointReason.HEARD, 1)
        return quiz, grant_one(s, RULES, clock.now(), bonus)

    quiz, bonus = await db.run_in_transaction(work)

    assert [(g.amount, g.capped) for g in quiz] == [(3, False), (1, True)]
    assert (bonus.amount, bonus.capped) == (0, True)
    assert await world.reasons() == {"quiz:1", "quiz:2", "heard"}


async def test_twenty_concurrent_awards_for_one_member_never_pass_the_cap(
    db: Database, tmp_path: Path
) -> None:
    # Yesterday's lessons heard this morning: make-ups, each from a unit of work of its own, as
    # several instances (or a press, a note and a quiz answer at once) would run them.
    clock = FakeClock(local(29, 9, 0))
    world = World(db, clock, tmp_path)
    lessons = await world.seed([local(28, 8, m) for m in range(20)])

    async def one(i: int, lesson_id: int) -> int:
        if i % 3 == 0:
            own = ListenService(db, clock, RULES)
            press = Press(CHAT, True, world.message_of[lesson_id], lesson_id, world.user, lesson_id)
            return (await own.press(press)).points
        if i % 3 == 1:
            return (await world.quiz.answer(f"poll-{lesson_id}-1", USER, [0])).points
        notes = NoteService(db, clock, NotesSettings(), ListenService(db, clock, RULES))
        result = await notes.submit(
            NoteInput(
                CHAT,
                True,
                900 + i,
                world.user,
                text="今天学习了党章，体会很深，要落实到工作中。",
                reply_to=world.message_of[lesson_id],
                reply_carries=lesson_id,
            )
        )
        assert result.earned is not None
        return result.earned.points

    granted = await asyncio.gather(*(one(i, lesson) for i, lesson in enumerate(lessons)))

    earned = await world.earned_between(local(29, 0, 0), local(30, 0, 0))
    assert (sum(granted), earned) == (RULES.daily_cap, RULES.daily_cap), granted
