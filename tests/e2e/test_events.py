"""Activity days end to end: replies and the leave reason, reminders only to those who have not
answered, QR sign-in (an expired code refused), 代签/补签, the 纪实表 and its export."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from docx import Document

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram.event_notices import qr_png
from handlers.prompts import typed_question
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import press

SHANGHAI = ZoneInfo("Asia/Shanghai")
BOT_LINK = "https://t.me/microlesson_test_bot?start="
STRANGER = 4242


def at(clock: FakeClock, when: str) -> None:
    clock.set(datetime.fromisoformat(when).replace(tzinfo=SHANGHAI))


async def announce(double: TelegramDouble, text: str) -> int:
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, text)
    posted = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert text_of(posted).startswith("📅"), text_of(posted)
    return posted.message_id


async def reminders(bot: RunningBot, double: TelegramDouble) -> list[int]:
    cur = double.cursor()
    await bot.services.event_reminders.send_due()
    return sorted(m.chat_id for m in double.sent[cur:])


async def test_replies_leave_reason_and_reminders_only_to_those_who_have_not_answered(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=3)
    msg = await announce(double, "/event 2026-03-04 14:30 主题党日 学习党章 三楼会议室")
    assert await press(double, GROUP, m[0], msg, "ev:a:1") == t(
        "event.attend_recorded", "zh", title="学习党章"
    )
    cur = double.cursor()
    assert await press(double, GROUP, m[1], msg, "ev:l:1") == t("event.leave_recorded", "zh")
    ask = await double.wait_for(lambda x: x.chat_id == m[1], after=cur)
    assert text_of(ask) == typed_question(
        t("event.ask_reason", "zh", kind="主题党日", title="学习党章"), "zh"
    )
    assert await say(double, m[1], m[1], "出差在外") == t("event.reason_saved", "zh")
    assert await press(double, GROUP, m[0], msg, "ev:a:9", check=False) == t("button.forged", "zh")

    at(clock, "2026-03-03 14:00")  # more than a day before: nothing
    assert await reminders(bot, double) == []
    at(clock, "2026-03-03 14:30")
    assert await reminders(bot, double) == [m[2]]  # not ADMIN, who announced it
    assert await reminders(bot, double) == []
    nudge = double.sent_to(m[2])[-1]
    assert "明天有主题党日“学习党章”" in text_of(nudge)
    assert await press(double, m[2], m[2], nudge.message_id, "ev:a:1") == t(
        "event.attend_recorded", "zh", title="学习党章"
    )
    at(clock, "2026-03-04 13:30")
    assert await reminders(bot, double) == []
    figures = await bot.services.events.report_figures(1)
    assert figures is not None
    assert (figures.expected, figures.attending, figures.on_leave, figures.no_reply) == (4, 2, 1, 1)


async def test_event_refuses_outsiders_and_bad_arguments(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=1)
    assert await say(double, GROUP, m[0], "/event 2026-03-04 14:30 党课 标题") == t(
        "event.not_admin", "zh"
    )
    assert await say(double, GROUP, ADMIN, "/event 2026-03-04") == t("event.usage", "zh")
    assert await say(double, GROUP, ADMIN, "/event 2026-03-04 14:30 开会 标题") == t(
        "event.bad_kind",
        "zh",
        kinds="主题党日、支部党员大会、党小组会、党课、支委会、组织生活会、民主评议党员、其他",
    )
    assert await say(double, GROUP, ADMIN, "/event 2026-02-30 14:30 党课 标题") == t(
        "event.bad_time", "zh"
    )
    assert await say(double, GROUP, ADMIN, "/event 2026-03-01 14:30 党课 标题") == t(
        "event.in_past", "zh"
    )
    assert await say(double, m[0], m[0], "/event 2026-03-04 14:30 党课 标题") == t(
        "event.not_secretary", "zh"
    )
    assert await say(double, m[0], m[0], "/signin 1") == t("event.not_found", "zh", n=1)
    assert await say(double, m[0], m[0], "/signfor") == t("event.usage_signfor", "zh")
    assert await say(double, m[0], m[0], "/record x") == t("event.usage_record", "zh")
    double.add_user(31, "Ann", language_code="en")
    assert await say(double, 31, 31, "/signin") == t("event.usage_signin", "en")
    # In private, a secretary of one group announces there.
    cur = double.cursor()
    answer = await say(double, ADMIN, ADMIN, "/event 2026-03-04 14:30 党课 学习党史")
    assert answer == t("event.created", "zh", n=1, group="第一党支部")
    await double.wait_for(lambda x: x.chat_id == GROUP and "学习党史" in text_of(x), after=cur)
    assert await say(double, m[0], m[0], "/signin 1") == t("event.not_yours", "zh", n=1)


async def test_qr_sign_in_proxy_and_late_sign_in_the_record_and_its_export(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=4)
    event_msg = await announce(double, "/event 2026-03-02 09:00 支部党员大会 选举支委 党员活动室")
    assert await press(double, GROUP, m[3], event_msg, "ev:l:1") == t("event.leave_recorded", "zh")
    assert await say(double, m[3], m[3], "在外地学习") == t("event.reason_saved", "zh")

    # 08:00, an hour before: sign-in is open. The secretary's QR encodes the current link.
    codes = bot.services.events.codes
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signin 1")
    qr = await double.wait_for(lambda x: x.method == "sendPhoto", after=cur)
    first_link = BOT_LINK + codes.payload(1, clock.now())
    assert double.world.files[str(qr.file_id)].data == qr_png(first_link)
    double.open_link(m[0], first_link)
    await double.wait_for(
        lambda x: x.chat_id == m[0] and text_of(x) == t("event.checkin_ok", "zh", title="选举支委")
    )

    # 30 s later the code changes: the photo is replaced; the previous code still counts.
    clock.advance(timedelta(seconds=30))
    assert await bot.services.signin_qr.rotate_all() == 1
    assert await bot.services.signin_qr.rotate_all() == 0
    edit = double.edits[-1]
    assert edit.method == "editMessageMedia"
    new_link = BOT_LINK + codes.payload(1, clock.now())
    assert new_link != first_link
    assert double.world.files[str(edit.file_id)].data == qr_png(new_link)
    assert await open_and_read(double, m[1], first_link) == t(
        "event.checkin_ok", "zh", title="选举支委"
    )
    # Another 30 s: a photo of the first code, sent out of the room, is now useless.
    clock.advance(timedelta(seconds=30))
    assert await open_and_read(double, m[2], first_link) == t("event.checkin_expired", "zh")
    forged = BOT_LINK + "s1_AAAAAAAAAAAA"
    assert await open_and_read(double, m[2], forged) == t("event.checkin_expired", "zh")
    assert await open_and_read(double, m[0], new_link) == t(
        "event.checkin_already", "zh", title="选举支委"
    )

    # 代签 for a member without a phone, with the reason; not twice; not by a member.
    m2 = m[2]
    assert await say(double, ADMIN, ADMIN, f"/signfor 1 {m2} 手机没电") == t(
        "event.signed_for", "zh", name="党员2（昵称）", n=1
    )
    assert await say(double, ADMIN, ADMIN, f"/signfor 1 {m2} 再签一次") == t(
        "event.already_signed", "zh", name="党员2"
    )
    assert await say(double, m[0], m[0], f"/signfor 1 {m2} 帮忙") == t("event.not_yours", "zh", n=1)
    # 补签 after the start, for the secretary who came late.
    at(clock, "2026-03-02 10:30")
    assert await say(double, ADMIN, ADMIN, f"/latesign 1 {ADMIN} 会后补签") == t(
        "event.late_signed", "zh", name="王书记（昵称）", n=1
    )
    # The sign-in code is withdrawn once sign-in closes (three hours after the start).
    at(clock, "2026-03-02 12:01")
    await bot.services.signin_qr.rotate_all()
    assert any(c.params["message_id"] == qr.message_id for c in double.calls_to("deleteMessage"))

    # The 纪实表: recorder, minutes and a photo, each kept in its history.
    await say(double, ADMIN, ADMIN, "/record 1 记录人 张三")
    record = await minutes_and_photo(bot, double)
    text = text_of(record)
    assert "应到 5 人，实到 4 人" in text
    # Nobody is on a roster here: each name is a Telegram name, marked as one.
    assert "党员2（昵称）（代签：王书记（昵称），手机没电）" in text
    assert "王书记（昵称）（补签：王书记（昵称），会后补签）" in text
    assert "党员3（昵称）（请假：在外地学习）" in text
    assert "记录人：张三" in text and "会议纪要：学习了选举办法" in text and "照片：1 张" in text
    assert "已修改 3 次" in text

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1")
    doc_msg = await double.wait_for(lambda x: x.method == "sendDocument", after=cur)
    data = double.world.files[str(doc_msg.file_id)].data
    assert data is not None
    document = Document(io.BytesIO(data))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "学习了选举办法" in cells and "张三" in cells
    assert any("党员2（昵称）（代签：王书记（昵称），手机没电）" in c for c in cells)
    assert any("党员3（昵称）（在外地学习）" in c for c in cells)  # 请假人员
    assert len(document.inline_shapes) == 1  # the photo is in the document

    # Minutes as a voice note are kept beside the text (and in the history); no lesson upload.
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:m:1")
    await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", b"OggS-voice", duration=20)
    saved = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(saved) == t("event.minutes_saved", "zh", n=1)
    await settled(bot)
    assert [x for x in double.sent[cur:] if x.chat_id == ADMIN] == [saved]
    view = await bot.services.events.record(ADMIN, 1)
    assert view.minutes_voice is not None and len(view.history) == 4

    # Past the edit days the record is locked.
    at(clock, "2026-03-10 09:01")
    assert await say(double, ADMIN, ADMIN, "/record 1 纪要 改一下") == t(
        "event.record_locked", "zh", n=1, days=7
    )
    # The month's sheet rows for /export.
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    rows = await bot.services.events.month_rows(group.id, 2026, 3)
    by_user = {r.user_id: (r.reply, r.reason, r.signed_in) for r in rows}
    assert by_user == {
        ADMIN: (None, None, "late"),
        m[0]: (None, None, "qr"),
        m[1]: (None, None, "qr"),
        m[2]: (None, None, "proxy"),
        m[3]: ("leave", "在外地学习", None),
    }
    assert await bot.services.events.month_rows(group.id, 2026, 4) == []


async def test_a_sign_in_link_tells_a_stranger_nothing(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    """Outside the event's group, a live link, a closed one and one of no event all get the
    same answer: no title, and no way to tell which ids exist."""
    m = await bound_group(bot, double, members=1)
    await announce(double, "/event 2026-03-02 09:00 支部党员大会 讨论张三同志转正问题 党员活动室")
    double.add_user(STRANGER, "陌生人")
    codes = bot.services.events.codes
    neutral = t("event.checkin_unavailable", "zh")
    assert (
        await open_and_read(double, STRANGER, BOT_LINK + codes.payload(1, clock.now())) == neutral
    )
    assert (
        await open_and_read(double, STRANGER, BOT_LINK + codes.payload(9, clock.now())) == neutral
    )
    at(clock, "2026-03-05 09:00")
    closed = BOT_LINK + codes.payload(1, clock.now())
    assert await open_and_read(double, STRANGER, closed) == neutral
    # A member of the group is still told that sign-in is closed, and for what.
    assert await open_and_read(double, m[0], closed) == t(
        "event.checkin_closed", "zh", title="讨论张三同志转正问题"
    )


async def test_a_recorder_who_leaves_the_group_loses_the_record(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    await announce(double, "/event 2026-03-04 14:30 党小组会 学习讨论")
    assert "记录人：党员0" in await say(double, ADMIN, ADMIN, f"/record 1 记录人 {m[0]}")
    assert "会议纪要：第一稿" in await say(double, m[0], m[0], "/record 1 纪要 第一稿")
    double.user_leaves(GROUP, m[0])
    await settled(bot)
    not_yours = t("event.not_yours", "zh", n=1)
    assert await say(double, m[0], m[0], "/record 1 纪要 离开后改写") == not_yours
    assert await say(double, m[0], m[0], "/record 1") == not_yours
    record = await say(double, ADMIN, ADMIN, "/record 1")
    assert "会议纪要：第一稿" in record and "记录人：党员0" in record


async def open_and_read(double: TelegramDouble, user_id: int, link: str) -> str:
    cur = double.cursor()
    double.open_link(user_id, link)
    answer = await double.wait_for(lambda x: x.chat_id == user_id, after=cur)
    return text_of(answer)


async def minutes_and_photo(bot: RunningBot, double: TelegramDouble) -> SentMessage:
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    record = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:m:1")
    await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert await say(double, ADMIN, ADMIN, "学习了选举办法") == t("event.minutes_saved", "zh", n=1)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:p:1")
    await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "photo", qr_png("photo of the meeting"))
    saved = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(saved) == t("event.photo_saved", "zh", n=1, count=1)
    await settled(bot)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    return await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)


async def test_a_named_recorder_writes_the_minutes_and_nobody_else(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    double.world.users[m[0]].username = "zhang_san"
    await say(double, m[0], m[0], "/start")  # the bot learns the username
    await announce(double, "/event 2026-03-04 14:30 党小组会 学习讨论")
    record = await say(double, ADMIN, ADMIN, "/record 1 记录人 @zhang_san")
    assert "记录人：党员0" in record
    assert "会议纪要：讨论了三个问题" in await say(
        double, m[0], m[0], "/record 1 纪要 讨论了三个问题"
    )
    not_yours = t("event.not_yours", "zh", n=1)
    assert await say(double, m[1], m[1], "/record 1 纪要 我也来写") == not_yours
    assert await say(double, m[0], m[0], "/record 1 记录人 @someone") == not_yours
    assert await say(double, ADMIN, ADMIN, "/record 1 记录人 @nobody") == t(
        "event.unknown_member", "zh", who="@nobody"
    )
