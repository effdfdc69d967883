"""/event step by step in private chat: the type by a button, the day from the calendar, the
time by a button or typed with a full-width colon, a title with spaces, the place or 跳过.
Nothing is stored until the last step; the draft is a prompt like any other."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from handlers.prompts import typed_question
from storage.models import BranchEvent
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, text_of
from tests.support.members_day import press

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _buttons(message: SentMessage) -> dict[str, str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


async def _events(bot: RunningBot) -> list[tuple[str, str, str | None, datetime]]:
    async with bot.services.db.reading() as s:
        rows = (await s.execute(select(BranchEvent).order_by(BranchEvent.id))).scalars()
        return [(e.kind, e.title, e.place, e.starts_at) for e in rows]


async def _next_question(double: TelegramDouble, cur: int) -> SentMessage:
    return await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.method == "sendMessage", after=cur
    )


async def _tap(double: TelegramDouble, question: SentMessage, label: str) -> SentMessage:
    """Press a button of the question; the next question it brings."""
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, question.message_id, _buttons(question)[label])
    return await _next_question(double, cur)


async def test_a_theme_day_created_step_by_step_with_buttons(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/event")
    kinds = await _next_question(double, cur)
    assert text_of(kinds) == t("event.wizard_kind", "zh")
    assert {"主题党日", "支部党员大会", "党小组会", "党课", "❌ 取消"} <= set(_buttons(kinds))

    day = await _tap(double, kinds, "主题党日")
    assert text_of(day) == t("event.wizard_day", "zh", kind="主题党日")
    # 选日期: the calendar replaces the buttons of the same message; 20 is pressed.
    await press(double, ADMIN, ADMIN, day.message_id, _buttons(day)["📅 选日期"])
    calendar = double.world.message(ADMIN, day.message_id)
    assert calendar is not None
    days = {
        b["text"]: b["callback_data"]
        for row in calendar["reply_markup"]["inline_keyboard"]
        for b in row
    }
    assert "2026年3月" in days
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, day.message_id, days["20"])
    hour = await _next_question(double, cur)
    assert text_of(hour) == t("event.wizard_time", "zh", day="2026年3月20日 周五")

    title = await _tap(double, hour, "14:30")
    assert text_of(title) == typed_question(t("event.wizard_title", "zh"), "zh")
    assert (title.reply_markup or {}).get("force_reply") is True
    assert await _events(bot) == []  # nothing stored before the last step

    assert await say(double, ADMIN, ADMIN, "学习 二十大精神") == t("event.wizard_place", "zh")
    place = double.sent_to(ADMIN)[-1]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, place.message_id, _buttons(place)["跳过"])
    posted = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert text_of(posted).startswith("📅")
    assert await _events(bot) == [
        ("主题党日", "学习 二十大精神", None, datetime(2026, 3, 20, 14, 30, tzinfo=SHANGHAI))
    ]


async def test_steps_may_be_typed_forgivingly_and_the_draft_expires(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await bound_group(bot, double)
    assert await say(double, ADMIN, ADMIN, "/event") == t("event.wizard_kind", "zh")
    assert await say(double, ADMIN, ADMIN, "党小组会议") == t(
        "event.wizard_day", "zh", kind="党小组会"
    )
    assert await say(double, ADMIN, ADMIN, "3月5日") == t(
        "event.wizard_time", "zh", day="2026年3月5日 周四"
    )
    assert await say(double, ADMIN, ADMIN, "下午２：３０") == typed_question(
        t("event.wizard_title", "zh"), "zh"
    )
    assert await say(double, ADMIN, ADMIN, "学习讨论") == t("event.wizard_place", "zh")
    clock.advance(timedelta(minutes=11))
    assert await say(double, ADMIN, ADMIN, "三楼会议室") == t("prompt.expired", "zh", minutes=10)
    assert await _events(bot) == []


async def test_a_typed_place_ends_the_steps(bot: RunningBot, double: TelegramDouble) -> None:
    await bound_group(bot, double)
    for text in ("/event", "党课", "明天", "9:00", "学习党史"):
        await say(double, ADMIN, ADMIN, text)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "三楼 会议室")
    await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert await _events(bot) == [
        ("党课", "学习党史", "三楼 会议室", datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI))
    ]


async def test_a_typed_skip_is_the_skip_button(bot: RunningBot, double: TelegramDouble) -> None:
    await bound_group(bot, double)
    for text in ("/event", "党课", "明天", "9:00", "学习党史"):
        await say(double, ADMIN, ADMIN, text)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, " 跳过 ")
    await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert await _events(bot) == [
        ("党课", "学习党史", None, datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI))
    ]


async def test_the_cancel_button_of_a_step_of_buttons_still_leaves_the_draft(
    bot: RunningBot, double: TelegramDouble
) -> None:
    """A step of buttons keeps its ❌ (a question that wants typing is a ForceReply instead)."""
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/event")
    kinds = await _next_question(double, cur)
    assert _buttons(kinds)["❌ 取消"] == callback_data.cancel_prompt("event_draft")
    qid = double.press_button(ADMIN, ADMIN, kinds.message_id, _buttons(kinds)["❌ 取消"])
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("prompt.cancelled", "zh")
    # Left: a type typed now is just a text.
    assert await say(double, ADMIN, ADMIN, "党课") != t("event.wizard_day", "zh", kind="党课")
    assert await _events(bot) == []


async def test_a_start_already_past_is_refused_at_its_step(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)  # the clock: Monday 2 March 2026, morning
    for text in ("/event", "主题党日", "今天"):
        await say(double, ADMIN, ADMIN, text)
    assert await say(double, ADMIN, ADMIN, "6:00") == t("event.in_past", "zh")
    # Still at the time step: a later time goes on.
    assert await say(double, ADMIN, ADMIN, "晚上8点") == typed_question(
        t("event.wizard_title", "zh"), "zh"
    )


async def test_a_secretary_of_two_groups_picks_the_group_first_and_it_goes_there(
    bot: RunningBot, double: TelegramDouble
) -> None:
    other = -2002
    await bound_group(bot, double)
    double.add_group(other, "第二党支部", type="supergroup")
    double.set_member(other, ADMIN, "creator")
    double.add_bot_to_group(other, ADMIN)
    await say(double, other, ADMIN, "/bind")

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/event")
    which = await _next_question(double, cur)
    assert text_of(which) == t("event.wizard_group", "zh")
    assert {"第一党支部", "第二党支部", "❌ 取消"} == set(_buttons(which))
    # Typed instead of pressed: asked again, nothing else taken.
    assert await say(double, ADMIN, ADMIN, "主题党日") == t("event.wizard_group", "zh")

    kinds = await _tap(double, which, "第二党支部")
    assert text_of(kinds) == t("event.wizard_kind", "zh")
    day = await _tap(double, kinds, "党课")
    hour = await _tap(double, day, "明天")
    title = await _tap(double, hour, "14:30")
    assert (title.reply_markup or {}).get("force_reply") is True
    assert await say(double, ADMIN, ADMIN, "学习党章") == t("event.wizard_place", "zh")
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "三楼会议室")
    posted = await double.wait_for(lambda m: m.chat_id in (GROUP, other), after=cur)
    assert posted.chat_id == other  # the group picked, not the first one
    said = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(said) == t("event.created", "zh", n=1, group="第二党支部")
    assert [(kind, title) for kind, title, _, _ in await _events(bot)] == [("党课", "学习党章")]
