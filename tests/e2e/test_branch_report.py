"""Branch life in the secretary's view: quiz results and activity days in /report and /export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    settled,
    text_of,
)
from tests.support.members_day import press, queue_lesson
from tests.support.secretary_view import documents, read_csv
from tests.support.workbook_view import ledger_dicts, read_workbook

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUIZ = "/quiz {n}\n1. 党的十八大在哪一年召开？\nA. 2012 *\nB. 2017"


@pytest.mark.both_stores
async def test_quiz_results_and_the_activity_day_show_in_report_and_export(
    bot: RunningBot, double: TelegramDouble, ogg: Path, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson)) == t(
        "quiz.attached", "zh", n=lesson, count=1
    )
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")
    # The polls go to private chats only ([quiz] in_group is off by default).
    await double.wait_until(lambda: sum(x.method == "sendPoll" for x in double.sent[cur:]) == 3)
    polls = {x.chat_id: x for x in double.sent[cur:] if x.method == "sendPoll"}
    double.answer_poll(m[0], m[0], polls[m[0]].message_id, 0)  # right
    double.answer_poll(m[1], m[1], polls[m[1]].message_id, 1)  # wrong

    async def both_answered() -> bool:
        return len(await bot.services.quiz.results_for_lesson(lesson)) == 2

    await eventually(both_answered)

    # An activity day two days later: one attends, one asks for leave.
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-04 14:30 主题党日 学习党章 三楼会议室")
    posted = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    await press(double, GROUP, m[0], posted.message_id, "ev:a:1")
    await press(double, GROUP, m[1], posted.message_id, "ev:l:1")
    await settled(bot)
    assert await say(double, m[1], m[1], "出差在外") == t("event.reason_saved", "zh")

    # In the group: figures only.
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/report")
    await settled(bot)
    group_texts = [text_of(x) for x in double.sent[cur:] if x.chat_id == GROUP]
    assert any(
        t("report.quiz", "zh", questions=1, answered=2, all_right=1) in x for x in group_texts
    )
    event_lines = [x for x in group_texts if x.startswith("📅 活动 #1“学习党章”")]
    assert len(event_lines) == 1
    assert "参加 1 · 请假 1" in event_lines[0]
    assert not any("党员0" in x or "党员1" in x for x in group_texts)  # nobody named

    # In private, for the secretary: who got it right.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/report")
    await settled(bot)
    private = "\n".join(text_of(x) for x in double.sent[cur:] if x.chat_id == ADMIN)
    # No roster here: Telegram names, marked as such.
    results = "党员0（昵称） 1/1、党员1（昵称） 0/1"
    assert t("report.quiz_names", "zh", results=results) in private
    assert "📅 活动 #1“学习党章”" in private

    # The month's ledger: quiz columns per member, and a sheet of the activity day.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-03")
    await settled(bot)
    (_, csv_bytes), (_, xlsx) = documents(double, ADMIN, cur)
    quiz = {r["user_id"]: (r["quiz_answered"], r["quiz_correct"]) for r in read_csv(csv_bytes)}
    assert quiz[str(m[0])] == ("1", "1") and quiz[str(m[1])] == ("1", "0")
    assert quiz[str(ADMIN)] == ("", "")
    # The workbook says the same by name, and the activity day in Chinese.
    book = read_workbook(xlsx)
    ledger = ledger_dicts(book["学习台账"])
    assert {r["姓名"]: (r["答题数"], r["答对数"]) for r in ledger} == {
        # No roster: Telegram names, marked as such.
        "王书记（昵称）": ("", ""),
        "党员0（昵称）": ("1", "1"),
        "党员1（昵称）": ("1", "0"),
    }
    assert list(book)[3] == "活动考勤"
    sheet = book["活动考勤"]
    by_name = {r[0]: r for r in sheet[1:]}
    assert by_name["党员0（昵称）"][6] == "参加"
    assert by_name["党员1（昵称）"][6] == "请假" and by_name["党员1（昵称）"][7] == "出差在外"
    assert sheet[1][3] == datetime(2026, 3, 4, tzinfo=SHANGHAI).date().isoformat()
