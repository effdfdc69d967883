"""The secretary's typed forms as a phone's Chinese input method writes them: full-width
digits and colons, dates in words, a title with spaces in quotes, a kind named loosely, a
member named by their roster name."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from handlers.prompts import typed_question
from storage.models import Birthday, BranchEvent, LeaveDay
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import press

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _events(bot: RunningBot) -> list[tuple[str, str, str | None, datetime]]:
    async with bot.services.db.reading() as s:
        rows = (await s.execute(select(BranchEvent).order_by(BranchEvent.id))).scalars()
        return [(e.kind, e.title, e.place, e.starts_at) for e in rows]


async def _leaves(bot: RunningBot) -> list[tuple[int, date, date]]:
    async with bot.services.db.reading() as s:
        rows = await s.execute(select(LeaveDay.user_id, LeaveDay.start_day, LeaveDay.end_day))
        return [(u, a, b) for u, a, b in rows.all()]


async def test_event_takes_a_full_width_time_a_quoted_title_and_a_kind_named_loosely(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends(
        GROUP, ADMIN, "/event 3月20日 １４：３０ 主题党日活动 “学习 二十大精神” 三楼会议室"
    )
    posted = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert text_of(posted).startswith("📅"), text_of(posted)
    [(kind, title, place, starts)] = await _events(bot)
    assert (kind, title, place) == ("主题党日", "学习 二十大精神", "三楼会议室")
    assert starts == datetime(2026, 3, 20, 14, 30, tzinfo=SHANGHAI)


async def test_event_with_an_unquoted_title_of_several_words_asks_for_quotes(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    answer = await say(
        double, GROUP, ADMIN, "/event 2026-03-20 14:30 主题党日 学习 二十大精神 三楼会议室"
    )
    assert answer == t("event.quote_title", "zh")
    assert await _events(bot) == []  # never a title "学习" and a place "二十大精神 三楼会议室"


async def test_birthday_takes_a_chinese_date_and_refuses_one_without_a_year(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    assert await say(double, ADMIN, ADMIN, "/birthday １９９８年７月１日") == t(
        "birthday.saved", "zh", name="王书记", day="1998年7月1日", years=27
    )
    assert await say(double, ADMIN, ADMIN, "/birthday 7月1日") == t("birthday.bad_date", "zh")
    async with bot.services.db.reading() as s:
        assert [b.joined_on for b in (await s.execute(select(Birthday))).scalars()] == [
            date(1998, 7, 1)
        ]


async def test_leave_for_a_member_named_by_their_roster_name(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    await bot.services.roster.add(ADMIN, 1, "张三", account=m[0])
    assert await say(double, ADMIN, ADMIN, "/leave 张三 3月９日") == t(
        "leave.done_other", "zh", name="张三", days="3月9日（周一）"
    )
    assert await _leaves(bot) == [(m[0], date(2026, 3, 9), date(2026, 3, 9))]
    assert await say(double, ADMIN, ADMIN, "/leave 李四 3月9日") == t(
        "leave.unknown_member", "zh", who="李四"
    )
    # A name alone: the day is picked by buttons, for that member.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/leave 张三")
    asked = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(asked) == t("leave.pick_start", "zh")
    assert asked.reply_markup is not None
    days = {
        b["text"]: b["callback_data"] for row in asked.reply_markup["inline_keyboard"] for b in row
    }
    await press(double, ADMIN, ADMIN, asked.message_id, days["明天"])
    end = double.world.message(ADMIN, asked.message_id)
    assert end is not None
    only = {
        b["text"]: b["callback_data"] for row in end["reply_markup"]["inline_keyboard"] for b in row
    }
    answer = await press(double, ADMIN, ADMIN, asked.message_id, only["就这一天"])
    assert answer == t("leave.done_other", "zh", name="张三", days="3月3日（周二）")
    assert (m[0], date(2026, 3, 3), date(2026, 3, 3)) in await _leaves(bot)


async def test_leave_for_a_name_two_members_share_asks_which_by_buttons(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    # 党员1 is m[0]'s name on the roster and m[1]'s name in Telegram (not on the roster).
    await bot.services.roster.add(ADMIN, 1, "党员1", account=m[0])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/leave 党员1 明天")
    asked = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(asked) == t("leave.which_member", "zh", name="党员1", days="3月3日（周二）")
    assert asked.reply_markup is not None
    rows = asked.reply_markup["inline_keyboard"]
    by_label = {row[0]["text"]: row[0]["callback_data"] for row in rows}
    # The roster's 党员1, and the one known only by that Telegram name (marked as one).
    assert set(by_label) == {"党员1", t("roster.fallback_name", "zh", name="党员1")}
    assert await _leaves(bot) == []  # nothing until one is pressed
    answer = await press(double, ADMIN, ADMIN, asked.message_id, by_label["党员1（昵称）"])
    assert answer == t("leave.done_other", "zh", name="党员1", days="3月3日（周二）")
    assert await _leaves(bot) == [(m[1], date(2026, 3, 3), date(2026, 3, 3))]


async def _recorder_id(bot: RunningBot) -> int | None:
    async with bot.services.db.reading() as s:
        return await s.scalar(select(BranchEvent.recorder_id).where(BranchEvent.id == 1))


async def test_the_recorder_named_by_roster_name_may_write_the_minutes(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=1)
    await bot.services.roster.add(ADMIN, 1, "张三", account=m[0])
    await say(double, GROUP, ADMIN, "/event 2026-03-04 14:30 党小组会 学习讨论")
    assert "记录人：张三" in await say(double, ADMIN, ADMIN, "/record 1 记录人 张三")
    assert await _recorder_id(bot) == m[0]
    assert "会议纪要：第一稿" in await say(double, m[0], m[0], "/record 1 纪要 第一稿")


async def test_the_recorder_picked_from_the_list_under_the_record(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    await bot.services.roster.add(ADMIN, 1, "张三", account=m[1])
    await say(double, GROUP, ADMIN, "/event 2026-03-04 14:30 党小组会 学习讨论")
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    record = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert record.reply_markup is not None
    buttons = {
        b["text"]: b["callback_data"] for row in record.reply_markup["inline_keyboard"] for b in row
    }
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, buttons["✍️ 记录人"])
    listed = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(listed) == t("event.pick_recorder", "zh", n=1)
    assert listed.reply_markup is not None
    names = {
        b["text"]: b["callback_data"] for row in listed.reply_markup["inline_keyboard"] for b in row
    }
    assert "张三" in names
    answer = await press(double, ADMIN, ADMIN, listed.message_id, names["张三"])
    assert answer == t("event.recorder_set", "zh", name="张三", n=1)
    assert await _recorder_id(bot) == m[1]
    assert "记录人：张三" in await say(double, ADMIN, ADMIN, "/record 1")


async def test_the_recorder_list_turns_its_pages_in_place(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=9)  # ten to list: two pages
    await say(double, GROUP, ADMIN, "/event 2026-03-04 14:30 党小组会 学习讨论")
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    record = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert record.reply_markup is not None
    buttons = {
        b["text"]: b["callback_data"] for row in record.reply_markup["inline_keyboard"] for b in row
    }
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, buttons["✍️ 记录人"])
    listed = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert listed.reply_markup is not None
    turn = {b["text"]: b["callback_data"] for b in listed.reply_markup["inline_keyboard"][-1]}
    sent, edits = len(double.sent), len(double.edits)
    await press(double, ADMIN, ADMIN, listed.message_id, turn[t("button.page_next", "zh")])
    await double.wait_until(lambda: len(double.edits) > edits)
    await settled(bot)
    assert len(double.sent) == sent  # no second list
    page_two = double.world.message(ADMIN, listed.message_id)
    assert page_two is not None
    rows = page_two["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in rows[-1]] == [t("button.page_prev", "zh")]


async def test_a_recorder_name_two_share_asks_which(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    # 党员1 is m[0]'s name on the roster and m[1]'s name in Telegram.
    await bot.services.roster.add(ADMIN, 1, "党员1", account=m[0])
    await say(double, GROUP, ADMIN, "/event 2026-03-04 14:30 党小组会 学习讨论")
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1 记录人 党员1")
    asked = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(asked) == t("event.which_recorder", "zh", name="党员1")
    assert asked.reply_markup is not None
    rows = asked.reply_markup["inline_keyboard"]
    assert len(rows) == 2
    assert await _recorder_id(bot) is None
    await press(double, ADMIN, ADMIN, asked.message_id, rows[0][0]["callback_data"])
    assert await _recorder_id(bot) in (m[0], m[1])


async def _birthdays(bot: RunningBot) -> list[tuple[int, date]]:
    async with bot.services.db.reading() as s:
        rows = (await s.execute(select(Birthday).order_by(Birthday.user_id))).scalars()
        return [(b.user_id, b.joined_on) for b in rows]


async def test_birthday_for_a_member_named_by_their_roster_name(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=1)
    await bot.services.roster.add(ADMIN, 1, "张三", account=m[0])
    assert await say(double, ADMIN, ADMIN, "/birthday 张三 2010年3月3日") == t(
        "birthday.saved_for", "zh", name="张三", day="2010年3月3日", years=15
    )
    assert await _birthdays(bot) == [(m[0], date(2010, 3, 3))]
    shown = await say(double, ADMIN, ADMIN, "/birthday 张三")
    assert shown == t("birthday.show", "zh", name="张三", day="2010年3月3日", years=15)
    assert await say(double, ADMIN, ADMIN, "/birthday 李四 2010-03-03") == t(
        "birthday.unknown_member", "zh", who="李四"
    )


async def test_birthday_for_a_member_picked_from_the_list(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    await bot.services.roster.add(ADMIN, 1, "张三", account=m[1])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/birthday")
    own = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert own.reply_markup is not None
    [[button]] = own.reply_markup["inline_keyboard"]
    assert button["text"] == t("birthday.for_member", "zh")
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, own.message_id, button["callback_data"])
    listed = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(listed) == t("birthday.pick_member", "zh")
    assert listed.reply_markup is not None
    names = {
        b["text"]: b["callback_data"] for row in listed.reply_markup["inline_keyboard"] for b in row
    }
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, listed.message_id, names["张三"])
    asked = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(asked) == typed_question(t("birthday.ask_date_for", "zh", name="张三"), "zh")
    assert await say(double, ADMIN, ADMIN, "２０１０年３月３日") == t(
        "birthday.saved_for", "zh", name="张三", day="2010年3月3日", years=15
    )
    assert await _birthdays(bot) == [(m[1], date(2010, 3, 3))]


async def test_the_birthday_member_list_turns_its_pages_in_place(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=9)  # ten to list: two pages
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/birthday")
    own = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert own.reply_markup is not None
    [[button]] = own.reply_markup["inline_keyboard"]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, own.message_id, button["callback_data"])
    listed = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert listed.reply_markup is not None
    turn = {b["text"]: b["callback_data"] for b in listed.reply_markup["inline_keyboard"][-1]}
    sent, edits = len(double.sent), len(double.edits)
    await press(double, ADMIN, ADMIN, listed.message_id, turn[t("button.page_next", "zh")])
    await double.wait_until(lambda: len(double.edits) > edits)
    await settled(bot)
    assert len(double.sent) == sent  # no second list
    page_two = double.world.message(ADMIN, listed.message_id)
    assert page_two is not None
    rows = page_two["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in rows[-1]] == [t("button.page_prev", "zh")]
    assert len(rows) == 1 + 2  # the two on page two, then ◀


async def test_a_member_gone_since_the_birthday_list_was_sent_is_refused_by_name_not_id(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)  # no roster: the group's accounts listed
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/birthday")
    own = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert own.reply_markup is not None
    [[button]] = own.reply_markup["inline_keyboard"]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, own.message_id, button["callback_data"])
    listed = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert listed.reply_markup is not None
    names = {
        b["text"]: b["callback_data"] for row in listed.reply_markup["inline_keyboard"] for b in row
    }
    double.user_leaves(GROUP, m[1])
    await settled(bot)
    sent = len(double.sent)
    answer = await press(double, ADMIN, ADMIN, listed.message_id, names["党员1"])
    assert answer == t("birthday.member_gone", "zh")
    await settled(bot)
    assert len(double.sent) == sent  # no question, and no Telegram id shown
    assert await _birthdays(bot) == []
