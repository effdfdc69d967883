"""Texts the bot builds from many or long parts stay within Telegram's limits.

The double refuses a message over 4096 UTF-16 code units as Telegram does, and the fixture
fails any test that made such a call; these tests push each list the bot prints to its size.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from docx import Document

from bot.core.i18n import t
from bot.core.when import short_day
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.entities import utf16_len
from storage.models import LeaveDay
from tests.support.harness import (
    ADMIN,
    GROUP,
    MEMBER,
    RunningBot,
    bound_group,
    say,
    setup_group,
    text_of,
)
from tests.support.members_day import broadcast_now, press, queue_lesson

LONG_TITLE = "学习贯彻党的二十大精神专题微党课" * 7 + "第"  # 120 characters, the most allowed
# Telegram allows 64 characters in a first name and 64 in a last name.
FIRST, LAST = "欧阳" * 32, "诸葛" * 32


async def test_a_long_queue_is_listed_in_several_messages_each_within_the_limit(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    setup_group(double)
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    titles = [f"{i:02d}{LONG_TITLE[2:]}" for i in range(1, 41)]
    for title in titles:
        await queue_lesson(bot, ogg, title=title)

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/lessons")
    await double.wait_until(
        lambda: sum(text_of(m).count("“") for m in double.sent_to(ADMIN)[-10:]) >= 40,
        timeout=10,
    )
    parts = [m for m in double.sent[cur:] if m.chat_id == ADMIN]
    assert len(parts) > 1
    assert all(utf16_len(text_of(m)) <= 4096 for m in parts)
    listing = "\n".join(text_of(m) for m in parts)
    assert listing.startswith(t("lesson.list_header", "zh"))
    assert [line.split("“")[1].split("”")[0] for line in listing.splitlines()[1:]] == titles


async def test_the_leaderboard_of_long_names_fits_in_one_message(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = setup_group(double, members=10)
    for uid in members:
        user = double.world.users[uid]
        user.first_name, user.last_name = f"{uid}{FIRST[2:]}", LAST
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    out = await broadcast_now(bot, double, ogg)
    for uid in members:
        await press(double, GROUP, uid, out.group_message.message_id, "listen:1")
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/settings")
    view = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    await press(double, GROUP, ADMIN, view.message_id, "gset:board:on")

    board = await say(double, GROUP, ADMIN, "/rank")

    assert utf16_len(board) <= 4096
    lines = board.splitlines()
    for uid in members:
        # Each member is there in all three lists, recognisable by the start of the name.
        assert sum(1 for line in lines if f"{uid}欧阳" in line) == 3, board


async def test_a_long_unknown_name_in_leave_is_echoed_shortened(
    bot: RunningBot, double: TelegramDouble
) -> None:
    setup_group(double)
    who = "@" + "x" * 4074
    command = f"/leave {who} 2026-03-05"
    assert utf16_len(command) <= 4096  # a message a person can send
    answer = await say(double, ADMIN, ADMIN, command)
    assert utf16_len(answer) <= 4096
    assert answer.startswith("找不到成员 @xxxx") and "…" in answer
    assert answer.endswith("或发送 /leave 从名单里选。")


async def _a_year_of_leave(bot: RunningBot, double: TelegramDouble, member: int) -> list[date]:
    """The member's own /leave for 2 March, then one day off in two for 700 more days
    ("3月3日（周二）" is short: it takes this many to pass one message)."""
    assert (await say(double, member, member, "/leave 2026-03-02")).startswith("已登记请假")
    first = date(2026, 3, 3)
    days = [first + timedelta(days=2 * i) for i in range(700)]
    now = datetime(2026, 3, 2, tzinfo=UTC)
    async with bot.services.db.transaction() as s:
        s.add_all(
            LeaveDay(user_id=member, start_day=d, end_day=d, created_by=member, created_at=now)
            for d in days
        )
    return days


async def test_a_long_list_of_leave_days_comes_in_parts_with_every_day(
    bot: RunningBot, double: TelegramDouble
) -> None:
    setup_group(double, members=1)
    member = MEMBER
    days = await _a_year_of_leave(bot, double, member)

    cur = double.cursor()
    double.user_sends(member, member, "/leave")
    question = t("leave.pick_start", "zh")  # then the buttons to take more leave
    await double.wait_for(lambda m: m.chat_id == member and text_of(m) == question, after=cur)
    parts = [text_of(m) for m in double.sent[cur:] if m.chat_id == member][:-1]
    assert len(parts) > 1 and all(utf16_len(p) <= 4096 for p in parts)
    listed = "".join(parts)
    assert listed.startswith("您登记的请假：3月2日（周一）、3月3日（周二）、")
    assert all(short_day(d, "zh") in listed for d in days)


async def test_me_with_a_long_leave_list_comes_in_parts(
    bot: RunningBot, double: TelegramDouble
) -> None:
    (member,) = await bound_group(bot, double, members=1)
    days = await _a_year_of_leave(bot, double, member)
    cur = double.cursor()
    double.user_sends(member, member, "/me")
    footnote = t("me.footnote", "zh")
    await double.wait_for(lambda m: m.chat_id == member and footnote in text_of(m), after=cur)
    parts = [text_of(m) for m in double.sent[cur:] if m.chat_id == member]
    assert len(parts) > 1 and all(utf16_len(p) <= 4096 for p in parts)
    whole = "".join(parts)
    assert "📊 我的学习 · 第一党支部" in whole and all(short_day(d, "zh") in whole for d in days)


async def test_long_minutes_leave_the_record_and_its_docx_within_reach(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=2)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-04 14:30 党小组会 学习讨论")
    await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    minutes = ("讨论了三个问题，" * 500)[:3989] + "完"
    assert len(minutes) == 3990
    assert await say(double, ADMIN, ADMIN, f"/record 1 纪要 {minutes}") != ""

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    record = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert utf16_len(text_of(record)) <= 4096
    assert text_of(record).startswith(t("event.record", "zh").split(" ·")[0])
    assert t("event.rec_clipped", "zh") in text_of(record)
    buttons = [b for row in (record.reply_markup or {})["inline_keyboard"] for b in row]
    assert {"callback_data": "rec:x:1", "text": t("button.rec_export", "zh")} in buttons

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1")
    sent = await double.wait_for(lambda m: m.method == "sendDocument", after=cur)
    data = double.world.files[str(sent.file_id)].data
    assert data is not None
    document = Document(io.BytesIO(data))
    assert minutes in [c.text for table in document.tables for row in table.rows for c in row.cells]
