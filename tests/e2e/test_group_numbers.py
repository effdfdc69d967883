"""Numbers a branch recognises: each group counts its own lessons (#N, 第N期) and events, the
commands take that number, and a number several of the secretary's groups have is asked by
buttons; the database's id stays in buttons and links only."""

from __future__ import annotations

from pathlib import Path

from bot.core.i18n import t
from bot.core.vocabulary import LessonStatus
from bot.sandbox.double import TelegramDouble
from storage.models import Lesson
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    text_of,
)
from tests.support.members_day import broadcast_now, lesson_sent, press, queue_lesson

OTHER = -2002


async def _second_group(bot: RunningBot, double: TelegramDouble) -> None:
    double.add_group(OTHER, "第二党支部", type="supergroup")
    double.set_member(OTHER, ADMIN, "creator")
    double.add_bot_to_group(OTHER, ADMIN)
    await say(double, OTHER, ADMIN, "/bind")


async def _status(bot: RunningBot, lesson_id: int) -> str:
    async with bot.services.db.reading() as s:
        lesson = await s.get(Lesson, lesson_id)
    assert lesson is not None
    return lesson.status


async def test_a_second_groups_first_lesson_is_its_first_and_goes_out_as_such(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    first = await queue_lesson(bot, ogg, title="学习党章")
    await queue_lesson(bot, ogg, title="两个确立")
    theirs = await queue_lesson(bot, ogg, title="第二支部的课", chat_id=OTHER)
    view = await bot.services.lessons.get(ADMIN, theirs)
    assert (view.id, view.number) == (3, 1)  # the third lesson kept, the group's first

    # Sent now: the group's caption and the secretary's reply say #1, never the id 3.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    asked = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    buttons = [b for row in (asked.reply_markup or {})["inline_keyboard"] for b in row]
    assert buttons[1]["text"] == "第二党支部：#1“第二支部的课”"
    await press(double, ADMIN, ADMIN, asked.message_id, buttons[1]["callback_data"])
    await eventually(lesson_sent(bot, theirs), timeout=10)
    assert t("lesson.sending_now", "zh", n=1) in [
        text_of(m) for m in double.sent[cur:] if m.chat_id == ADMIN
    ]
    (voice,) = [m for m in double.sent[cur:] if m.method == "sendVoice" and m.chat_id == OTHER]
    assert text_of(voice).startswith("📚 微党课 #1“第二支部的课”（第1期）")
    assert "#3" not in text_of(voice)
    assert await _status(bot, first) == LessonStatus.QUEUED


async def test_a_number_two_groups_have_is_asked_by_buttons_and_only_the_one_picked_changes(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    ours = await queue_lesson(bot, ogg, title="学习党章")
    theirs = await queue_lesson(bot, ogg, title="第二支部的课", chat_id=OTHER)

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/cancel １")  # full-width, as a Chinese keyboard types it
    asked = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(asked) == t("number.pick", "zh", n=1)
    buttons = [b for row in (asked.reply_markup or {})["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == [
        "第一党支部：#1“学习党章”",
        "第二党支部：#1“第二支部的课”",
    ]
    assert await _status(bot, ours) == await _status(bot, theirs) == LessonStatus.QUEUED

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, asked.message_id, buttons[1]["callback_data"])
    done = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(done) == t("lesson.cancel_done", "zh", n=1, title="第二支部的课")
    assert await _status(bot, theirs) == LessonStatus.CANCELLED
    assert await _status(bot, ours) == LessonStatus.QUEUED
    # Pressed again: the command was carried out once, the buttons are spent.
    again = await press(
        double, ADMIN, ADMIN, asked.message_id, buttons[0]["callback_data"], check=False
    )
    assert again == t("number.pick_gone", "zh")
    assert await _status(bot, ours) == LessonStatus.QUEUED


async def test_a_schedule_picked_by_button_keeps_what_was_typed_after_the_number(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    await queue_lesson(bot, ogg, title="学习党章")
    theirs = await queue_lesson(bot, ogg, title="第二支部的课", chat_id=OTHER)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/schedule 1 3月10日 09：15")
    asked = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    buttons = [b for row in (asked.reply_markup or {})["inline_keyboard"] for b in row]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, asked.message_id, buttons[1]["callback_data"])
    done = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(done).startswith("已将 #1 改到 3月10日")
    view = await bot.services.lessons.get(ADMIN, theirs)
    assert view.slot_at is not None
    local = view.slot_at.astimezone(view.zone)
    assert (local.month, local.day, local.hour, local.minute) == (3, 10, 9, 15)


async def test_in_a_group_chat_a_number_is_that_groups_and_an_unknown_one_is_refused(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    await queue_lesson(bot, ogg, title="学习党章")  # the first group's #1, not sent
    await broadcast_now(bot, double, ogg, title="第二支部的课", chat_id=OTHER)
    # The second group's own #1, not asked which group: its figures, under its title.
    answer = await say(double, OTHER, ADMIN, "/report 1")
    assert answer.startswith("📋 第二党支部 · 课程 #1“第二支部的课”"), answer
    # In the first group, #1 is its own lesson, which has not gone out.
    assert await say(double, GROUP, ADMIN, "/report 1") == t("report.lesson_not_found", "zh", n=1)
    assert await say(double, GROUP, ADMIN, "/report 2") == t("report.lesson_not_found", "zh", n=2)
    assert await say(double, ADMIN, ADMIN, "/cancel 9") == t("lesson.not_found", "zh", n=9)


async def test_an_older_which_group_question_cannot_carry_out_a_newer_command(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    await queue_lesson(bot, ogg, title="学习党章")
    theirs = await queue_lesson(bot, ogg, title="第二支部的课", chat_id=OTHER)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/schedule 1 3月10日 09:15")
    first = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/schedule 1 3月12日 10:00")
    await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    before = (await bot.services.lessons.get(ADMIN, theirs)).slot_at
    old = [b for row in (first.reply_markup or {})["inline_keyboard"] for b in row][1]
    answer = await press(double, ADMIN, ADMIN, first.message_id, old["callback_data"], check=False)
    assert answer == t("number.pick_gone", "zh")
    assert (await bot.services.lessons.get(ADMIN, theirs)).slot_at == before


async def test_a_second_groups_first_event_is_its_number_1_in_the_post_and_the_record(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=1)
    await _second_group(bot, double)
    await say(double, GROUP, ADMIN, "/event 3月20日 14:30 主题党日 学习党章")
    cur = double.cursor()
    double.user_sends(OTHER, ADMIN, "/event 3月21日 09:00 党课 第二支部的党课")
    posted = await double.wait_for(lambda m: m.chat_id == OTHER, after=cur)
    # The second event kept (id 2), the second group's first: #1.
    assert text_of(posted).startswith("📅 党课（#1）：第二支部的党课"), text_of(posted)

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    asked = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(asked) == t("number.pick", "zh", n=1)
    buttons = [b for row in (asked.reply_markup or {})["inline_keyboard"] for b in row]
    assert buttons[1]["text"] == "第二党支部：#1“第二支部的党课”"
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, asked.message_id, buttons[1]["callback_data"])
    record = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(record).startswith("纪实表 · 活动 #1\n类型：党课\n主题：第二支部的党课")
