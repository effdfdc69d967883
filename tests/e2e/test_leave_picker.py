"""/leave by buttons: a member picks today, tomorrow or a day of the calendar, then the end;
a secretary picks a member from a list first. What is stored is what the buttons said."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import LeaveDay
from tests.support.harness import ADMIN, RunningBot, bound_group, text_of
from tests.support.members_day import press


async def _ask(double: TelegramDouble, user: int) -> int:
    cur = double.cursor()
    double.user_sends(user, user, "/leave")
    asked = await double.wait_for(
        lambda m: m.chat_id == user and "请假从哪天开始" in text_of(m), after=cur
    )
    return asked.message_id


def _buttons(double: TelegramDouble, chat: int, message_id: int) -> dict[str, str]:
    message = double.world.message(chat, message_id)
    assert message is not None
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def _leaves(bot: RunningBot) -> list[tuple[int, date, date, int | None]]:
    async with bot.services.db.reading() as s:
        rows = await s.execute(
            select(LeaveDay.user_id, LeaveDay.start_day, LeaveDay.end_day, LeaveDay.group_id)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def test_a_member_takes_leave_from_the_calendar_without_typing_a_date(
    bot: RunningBot, double: TelegramDouble
) -> None:
    [member] = await bound_group(bot, double, members=1)
    asked = await _ask(double, member)
    buttons = _buttons(double, member, asked)
    assert {"今天", "明天", "📅 选日期"} <= set(buttons)
    assert "👥 为成员登记请假" not in buttons  # a member records only their own
    await press(double, member, member, asked, buttons["📅 选日期"])
    # Monday 2026-03-02: the calendar of March, days from a week back on.
    calendar = _buttons(double, member, asked)
    assert "2026年3月" in calendar and "5" in calendar
    await press(double, member, member, asked, calendar["5"])
    message = double.world.message(member, asked)
    assert message is not None and "从 2026年3月5日 周四 开始" in message["text"]
    end = _buttons(double, member, asked)
    assert "就这一天" in end
    answer = await press(double, member, member, asked, end["6"])
    assert answer == t("leave.done_self", "zh", days="3月5日（周四）至3月6日（周五）")
    assert await _leaves(bot) == [(member, date(2026, 3, 5), date(2026, 3, 6), None)]


async def test_a_secretary_records_leave_for_a_member_picked_by_name(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=2)
    asked = await _ask(double, ADMIN)
    await press(double, ADMIN, ADMIN, asked, _buttons(double, ADMIN, asked)["👥 为成员登记请假"])
    names = _buttons(double, ADMIN, asked)
    assert "党员1" in names and "王书记" in names
    await press(double, ADMIN, ADMIN, asked, names["党员1"])
    await press(double, ADMIN, ADMIN, asked, _buttons(double, ADMIN, asked)["明天"])
    answer = await press(double, ADMIN, ADMIN, asked, _buttons(double, ADMIN, asked)["就这一天"])
    assert answer == t("leave.done_other", "zh", name="党员1", days="3月3日（周二）")
    [(user, start, end, group_id)] = await _leaves(bot)
    assert (user, start, end) == (members[1], date(2026, 3, 3), date(2026, 3, 3))
    assert group_id is not None  # a secretary's record counts in that group alone


async def test_a_forged_member_in_the_picker_is_refused(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=1)
    asked = await _ask(double, members[0])
    forged = f"lv:eu{ADMIN}f20260303:d20260303"
    answer = await press(double, members[0], members[0], asked, forged, check=False)
    assert answer == t("leave.not_your_member", "zh", who=str(ADMIN))
    assert await _leaves(bot) == []
