"""The quiz goes to members in private by default ([quiz] in_group), its polls carry the right
answer, and the group sees figures only: one evening line with the quiz folded in, counted as
the roster counts (people_of), and nothing at all when the secretary turned the line off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from scheduler import branch_life
from storage.models import Group, QuizAnswer
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    running_bot,
    say,
    settings_for,
    settled,
    text_of,
)
from tests.support.members_day import broadcast_now, press, queue_lesson

# Monday 2026-03-02 in Shanghai (UTC+8): 20:00, the default reminder time (the polls close).
EVENING = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
QUIZ = (
    "/quiz {n}\n1. 党的十八大在哪一年召开？\nA. 2012 *\nB. 2017\nC. 2022"
    "\n2. 入党誓词共有多少字？\nA. 80 字 *\nB. 100 字"
)


async def _send_with_quiz(
    bot: RunningBot, double: TelegramDouble, ogg: Path, chats: list[int]
) -> int:
    """Queue a lesson with a two-question quiz and send it; wait until each of `chats` has
    both polls."""
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson)) == t(
        "quiz.attached", "zh", n=lesson, count=2
    )
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")

    def each_has_both() -> bool:
        polls = [x.chat_id for x in double.sent[cur:] if x.method == "sendPoll"]
        return all(polls.count(chat) == 2 for chat in chats)

    await double.wait_until(each_has_both)
    await settled(bot)
    return lesson


def _poll_chats(double: TelegramDouble) -> list[int]:
    return sorted(c.params["chat_id"] for c in double.calls_to("sendPoll"))


def _poll(double: TelegramDouble, chat_id: int, question: str) -> int:
    """The message id of the poll with that question in that chat."""
    return next(
        x.message_id
        for x in double.sent
        if x.method == "sendPoll"
        and x.chat_id == chat_id
        and str(x.message.get("poll", {}).get("question", "")).startswith(question)
    )


async def _answered(bot: RunningBot, n: int) -> None:
    async def check() -> bool:
        async with bot.services.db.reading() as s:
            return len((await s.execute(select(QuizAnswer.id))).all()) == n

    await eventually(check)


async def _evening(bot: RunningBot, clock: FakeClock, at: datetime = EVENING) -> None:
    """What the jobs run at the reminder time: the branch-life tick, then the reminders."""
    clock.set(at)
    await branch_life.tick(bot.services)
    await bot.services.reminders.send_due()


def _group_texts(double: TelegramDouble, after: int) -> list[str]:
    return [text_of(m) for m in double.sent[after:] if m.chat_id == GROUP]


async def test_quiz_polls_go_to_private_chats_only_by_default(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=2)
    await _send_with_quiz(bot, double, ogg, [ADMIN, *m])
    assert _poll_chats(double) == sorted([ADMIN, ADMIN, *m, *m])
    assert GROUP not in _poll_chats(double)
    for call in double.calls_to("sendPoll"):
        assert call.params["type"] == "quiz"
        assert call.params["is_anonymous"] is False  # answers arrive as poll_answer updates


async def test_with_in_group_the_group_gets_the_polls_too(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", quiz={"in_group": True})
    async with running_bot(double, settings, clock) as bot:
        m = await bound_group(bot, double, members=1)
        await _send_with_quiz(bot, double, ogg, [GROUP, ADMIN, *m])
        assert _poll_chats(double) == sorted([GROUP, GROUP, ADMIN, ADMIN, *m, *m])


async def test_the_poll_carries_the_right_answer_as_its_explanation(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=1)
    await _send_with_quiz(bot, double, ogg, [ADMIN, *m])
    explained = {
        (c.params["chat_id"], c.params["question"][:3]): c.params.get("explanation")
        for c in double.calls_to("sendPoll")
    }
    first, second = (
        t("quiz.explanation", "zh", right="2012"),
        t("quiz.explanation", "zh", right="80 字"),
    )
    assert explained == {
        (ADMIN, "党的十"): first,
        (m[0], "党的十"): first,
        (ADMIN, "入党誓"): second,
        (m[0], "入党誓"): second,
    }
    # Telegram keeps it with the poll: shown after a wrong pick, or on the lamp icon.
    poll_id = _poll(double, m[0], "党的十")
    stored = double.world.message(m[0], poll_id)
    assert stored is not None and stored["poll"]["explanation"] == first


async def test_the_group_gets_one_evening_line_with_the_quiz_figures(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    lesson = await _send_with_quiz(bot, double, ogg, [ADMIN, a, b])
    # a: both right; b: one right, one wrong; ADMIN does not answer. 3 of 4 answers right.
    double.answer_poll(a, a, _poll(double, a, "党的十"), 0)
    double.answer_poll(a, a, _poll(double, a, "入党誓"), 0)
    double.answer_poll(b, b, _poll(double, b, "党的十"), 0)
    double.answer_poll(b, b, _poll(double, b, "入党誓"), 1)
    await _answered(bot, 4)
    await settled(bot)

    cur = double.cursor()
    await _evening(bot, clock)
    await _evening(bot, clock, EVENING + timedelta(minutes=1))  # the next runs add nothing
    # Nobody pressed ✅ (an answer is not a listen); expected: ADMIN, a, b.
    line = t("reminder.group", "zh", n=lesson, listened=0, expected=3) + t(
        "quiz.evening_figure", "zh", people=2, percent=75
    )
    assert _group_texts(double, cur) == [line]
    assert len(double.calls_to("stopPoll")) == 6  # every private poll closed


async def test_a_quiz_nobody_answered_is_said_so_in_the_evening_line(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=1)
    lesson = await _send_with_quiz(bot, double, ogg, [ADMIN, *m])
    cur = double.cursor()
    await _evening(bot, clock)
    line = t("reminder.group", "zh", n=lesson, listened=0, expected=2)
    assert _group_texts(double, cur) == [line + t("quiz.evening_none", "zh")]


async def test_with_the_evening_line_off_nothing_goes_to_the_group(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/settings")
    view = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    await press(double, GROUP, ADMIN, view.message_id, "gset:line:off")
    await _send_with_quiz(bot, double, ogg, [ADMIN, a, b])
    double.answer_poll(a, a, _poll(double, a, "党的十"), 0)
    await _answered(bot, 1)
    await settled(bot)

    cur = double.cursor()
    await _evening(bot, clock)
    assert _group_texts(double, cur) == []
    assert len(double.calls_to("stopPoll")) == 6  # the quiz still closes


async def test_the_evening_line_waits_for_a_late_lessons_quiz_to_close(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a = (await bound_group(bot, double, members=1))[0]
    clock.set(EVENING + timedelta(minutes=30))  # sent at 20:30: its polls stay open until 21:00
    lesson = await _send_with_quiz(bot, double, ogg, [ADMIN, a])
    cur = double.cursor()
    await _evening(bot, clock, EVENING + timedelta(minutes=31))
    assert _group_texts(double, cur) == []  # the quiz is still open
    double.answer_poll(a, a, _poll(double, a, "党的十"), 1)
    await _answered(bot, 1)
    await settled(bot)

    await _evening(bot, clock, EVENING + timedelta(minutes=61))
    line = t("reminder.group", "zh", n=lesson, listened=0, expected=2) + t(
        "quiz.evening_figure", "zh", people=1, percent=0
    )
    assert _group_texts(double, cur) == [line]


async def test_the_evening_line_counts_people_as_the_roster_does(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    async with bot.services.db.reading() as s:
        group_id = await s.scalar(select(Group.id).where(Group.chat_id == GROUP))
    assert group_id is not None
    roster = bot.services.roster
    # Two people on the roster with no Telegram account (未关联) belong; b, dismissed from
    # the 未在花名册, does not. ADMIN and a are still counted, under their Telegram names.
    await roster.add(ADMIN, group_id, "王强")
    await roster.add(ADMIN, group_id, "李华")
    await roster.dismiss(ADMIN, group_id, b)
    out = await broadcast_now(bot, double, ogg)
    await press(double, GROUP, a, out.group_message.message_id, f"listen:{out.lesson_id}")

    cur = double.cursor()
    await _evening(bot, clock)
    assert _group_texts(double, cur) == [
        t("reminder.group", "zh", n=out.lesson_id, listened=1, expected=4)
    ]
