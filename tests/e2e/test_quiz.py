"""The quiz after the lesson end to end: attached, sent as quiz polls, answered, scored once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from handlers.prompts import typed_question
from scheduler import branch_life
from storage.models import QuizAnswer
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
    start_bot,
    text_of,
)
from tests.support.members_day import points, press, queue_lesson

QUIZ = "/quiz {n}\n1. 党的十八大在哪一年召开？\nA. 2012 *\nB. 2017\nC. 2022"


async def answers(bot: RunningBot) -> set[tuple[int, int, bool, int]]:
    async with bot.services.db.reading() as s:
        rows = await s.execute(
            select(QuizAnswer.user_id, QuizAnswer.option, QuizAnswer.correct, QuizAnswer.points)
        )
        return {(u, o, bool(c), p) for u, o, c, p in rows.all()}


@pytest.mark.both_stores
async def test_quiz_goes_out_as_quiz_polls_and_each_member_is_scored_once(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path, clock: FakeClock
) -> None:
    # With [quiz] in_group the group gets the polls too (by default only private chats do:
    # tests/e2e/test_quiz_evening.py), and an answer counts once wherever it was given.
    settings = settings_for(double, db_url, tmp_path / "audio", quiz={"in_group": True})
    async with running_bot(double, settings, clock) as bot:
        await _scored_once(bot, double, ogg, clock)


async def _scored_once(
    bot: RunningBot, double: TelegramDouble, ogg: Path, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    lesson = await queue_lesson(bot, ogg)
    answer = await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson))
    assert answer == t("quiz.attached", "zh", n=lesson, count=1)

    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")
    await double.wait_until(lambda: sum(x.method == "sendPoll" for x in double.sent[cur:]) == 4)
    polls = {msg.chat_id: msg for msg in double.sent[cur:] if msg.method == "sendPoll"}
    assert set(polls) == {GROUP, ADMIN, *m}
    calls = double.calls_to("sendPoll")
    assert len(calls) == 4
    for call in calls:
        assert call.params["type"] == "quiz"
        assert call.params["is_anonymous"] is False
        assert call.params["correct_option_ids"] == [0]
        assert [o["text"] for o in call.params["options"]] == ["2012", "2017", "2022"]

    # m[0] answers right in the group, then again on their private copy: scored once.
    double.answer_poll(m[0], GROUP, polls[GROUP].message_id, 0)
    double.answer_poll(m[0], m[0], polls[m[0]].message_id, 0)
    # m[1] answers wrong in private.
    double.answer_poll(m[1], m[1], polls[m[1]].message_id, 2)

    async def both_answered() -> bool:
        return len(await answers(bot)) == 2

    await eventually(both_answered)
    await settled(bot)  # m[0]'s second answer has been handled too
    await double.wait_for(lambda msg: msg.chat_id == m[0] and "随堂测答对了" in text_of(msg))
    assert await answers(bot) == {(m[0], 0, True, 1), (m[1], 2, False, 0)}
    told = [x for x in double.sent_to(m[0]) if "随堂测答对了" in text_of(x)]
    assert len(told) == 1
    assert await points(bot, m[0]) == 1
    assert await points(bot, m[1]) == 0
    results = await bot.services.quiz.results_for_lesson(lesson)
    assert [(r.user_id, r.answered, r.correct, r.points) for r in results] == [
        (m[0], 1, 1, 1),
        (m[1], 1, 0, 0),
    ]

    # Nothing closes before the reminder time (20:00 in Shanghai); then every poll is stopped,
    # and the group is told nothing of it on its own (the figures go in the evening line).
    assert await bot.services.quiz_sender.close_due() == 0
    clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    cur = double.cursor()
    assert await bot.services.quiz_sender.close_due() == 4
    assert {c.params["chat_id"] for c in double.calls_to("stopPoll")} == {GROUP, ADMIN, *m}
    assert await bot.services.quiz_sender.close_due() == 0
    assert [x for x in double.sent[cur:] if x.chat_id == GROUP] == []
    figure = await bot.services.quiz.figure(lesson)
    assert figure is not None and (figure.people, figure.answers, figure.right) == (2, 2, 1)


async def test_quiz_entered_step_by_step_with_buttons(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, f"/quiz {lesson}") == typed_question(
        t("quiz.ask_question", "zh", i=1), "zh"
    )
    assert await say(double, ADMIN, ADMIN, "入党誓词共有多少字？") == typed_question(
        t("quiz.ask_options", "zh", min=2, max=10), "zh"
    )
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "80 字\n100 字")
    pick = await double.wait_for(lambda msg: msg.chat_id == ADMIN, after=cur)
    assert text_of(pick) == t("quiz.ask_correct", "zh")
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, pick.message_id, "qz:c:0")
    saved = await double.wait_for(lambda msg: msg.chat_id == ADMIN, after=cur)
    assert text_of(saved) == t("quiz.question_saved", "zh", i=1, right="A")
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, saved.message_id, "qz:done")
    done = await double.wait_for(lambda msg: msg.chat_id == ADMIN, after=cur)
    assert text_of(done) == t("quiz.attached", "zh", n=lesson, count=1)
    assert await bot.services.quiz.questions(lesson) == 1


async def test_quiz_refuses_outsiders_and_bad_input(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=1)
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, m[0], m[0], QUIZ.format(n=lesson)) == t(
        "lesson.not_yours", "zh", n=lesson
    )
    assert await say(double, ADMIN, ADMIN, "/quiz") == t("quiz.usage", "zh")
    assert await say(double, ADMIN, ADMIN, f"/quiz {lesson}\n随便写点") == t(
        "quiz.bad_format", "zh"
    )
    no_right = f"/quiz {lesson}\n1. 题目\nA. 甲\nB. 乙"
    assert await say(double, ADMIN, ADMIN, no_right) == t("quiz.no_correct", "zh")
    four = QUIZ.format(n=lesson) + "".join(f"\n{i}. 题\nA. 甲 *\nB. 乙" for i in (2, 3, 4))
    assert await say(double, ADMIN, ADMIN, four) == t("quiz.count", "zh", max=3)
    en = 31
    double.add_user(en, "Ann", language_code="en")
    assert await say(double, en, en, "/quiz") == t("quiz.usage", "en")
    assert await bot.services.quiz.questions(lesson) == 0


@pytest.mark.both_stores
async def test_polls_still_close_at_reminder_time_after_a_restart(
    double: TelegramDouble, settings: Settings, clock: FakeClock, ogg: Path
) -> None:
    first = await start_bot(double, settings, clock)
    await bound_group(first, double)
    lesson = await queue_lesson(first, ogg)
    await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson))
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")
    await double.wait_until(lambda: sum(x.method == "sendPoll" for x in double.sent[cur:]) == 1)
    await settled(first)
    await first.stop()

    clock.set(datetime(2026, 3, 2, 12, 30, tzinfo=UTC))  # the bot was down at 20:00
    second = await start_bot(double, settings, clock)
    try:
        await branch_life.tick(second.services)  # what the job runs: closing time is read back
        assert [c.params["chat_id"] for c in double.calls_to("stopPoll")] == [ADMIN]
    finally:
        await second.stop()


@pytest.mark.both_stores
async def test_a_right_answer_is_capped_like_listening(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", points={"daily_cap": 1})
    async with running_bot(double, settings, clock) as bot:
        m = await bound_group(bot, double, members=1)
        lesson = await queue_lesson(bot, ogg)
        await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson))
        cur = double.cursor()
        await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")
        await double.wait_until(lambda: sum(x.method == "sendPoll" for x in double.sent[cur:]) == 2)
        poll = next(x for x in double.sent[cur:] if x.method == "sendPoll" and x.chat_id == m[0])
        voice = next(x for x in double.sent[cur:] if x.method == "sendVoice" and x.chat_id == GROUP)
        await press(double, GROUP, m[0], voice.message_id, f"listen:{lesson}")  # the cap: 1
        double.answer_poll(m[0], m[0], poll.message_id, 0)

        async def answered() -> bool:
            return len(await answers(bot)) == 1

        await eventually(answered)
        assert await answers(bot) == {(m[0], 0, True, 0)}
        assert await points(bot, m[0]) == 1


@pytest.mark.both_stores
async def test_an_answer_that_beats_the_polls_own_reply_still_counts(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=1)
    lesson = await queue_lesson(bot, ogg)
    await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson))
    # Telegram shows the member's poll, but its answer to sendPoll is slow to reach the bot.
    release = double.hold_answers("sendPoll", m[0])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson}")
    poll = await double.wait_for(lambda x: x.method == "sendPoll" and x.chat_id == m[0], after=cur)
    double.answer_poll(m[0], m[0], poll.message_id, 0)
    await double.wait_until(lambda: not double.pending_updates)  # the bot has the answer

    async def handled_early() -> bool:
        return bot.app.update_queue.empty()

    await eventually(handled_early)
    release.set()

    async def answered() -> bool:
        return len(await answers(bot)) == 1

    await eventually(answered)
    assert await points(bot, m[0]) == 1
