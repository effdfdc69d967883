"""Issue 23, the 纪实表 as it is filed: the 主持人 present without scanning, 记录人, 议程, 列席,
应到/实到/请假/缺席 from the roster; text minutes (a recording only beside them, "附录音");
the DOCX refused until text minutes exist; "（未回复）" for who never answered; the buttons
「确认参加」/「请假」 and the QR caption that names the scanner."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from tests.e2e.test_meetings import roster_with_duties
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import press

SHANGHAI = ZoneInfo("Asia/Shanghai")


def labels(message: SentMessage) -> list[str]:
    markup = message.reply_markup or {}
    return [b["text"] for row in markup["inline_keyboard"] for b in row]


def docx_rows(data: bytes) -> dict[str, str]:
    """The 纪实表's two-column table: label → value, as python-docx reads it."""
    table = Document(io.BytesIO(data)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


async def record_message(double: TelegramDouble) -> SentMessage:
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    return await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)


async def test_the_chair_is_present_without_scanning_and_the_docx_is_filed_as_such(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    await roster_with_duties(bot, m)  # 王建国 (ADMIN), 李红 m[0], 张三 m[1], 赵四 (no Telegram)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-02 09:00 支部党员大会 选举支委 党员活动室")
    posted = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    assert labels(posted) == ["确认参加", "请假"]
    assert await press(double, GROUP, m[1], posted.message_id, "ev:l:1") == t(
        "event.leave_recorded", "zh"
    )
    assert await say(double, m[1], m[1], "出差") == t("event.reason_saved", "zh")

    # Sign-in: the caption names the scanner; 李红 scans; the secretary chairs and never scans.
    clock.set(datetime(2026, 3, 2, 8, 30, tzinfo=SHANGHAI))
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signin 1")
    qr = await double.wait_for(lambda x: x.method == "sendPhoto", after=cur)
    assert "请用手机相机或 Telegram 扫码（微信扫一扫无法打开）" in str(qr.caption)
    link = "https://t.me/microlesson_test_bot?start=" + bot.services.events.codes.payload(
        1, clock.now()
    )
    cur = double.cursor()
    double.open_link(m[0], link)
    await double.wait_for(lambda x: x.chat_id == m[0], after=cur)

    assert await say(double, ADMIN, ADMIN, "/record 1 主持人 王建国") != ""
    assert await say(double, ADMIN, ADMIN, "/record 1 记录人 李红") != ""
    await say(double, ADMIN, ADMIN, "/record 1 议程 传达上级精神\n选举支部委员")
    await say(double, ADMIN, ADMIN, "/record 1 列席 机关党委 刘主任")
    text = text_of(await record_message(double))
    assert "主持人：王建国" in text and "王建国（主持人）" in text
    assert "代签" not in text  # not signed in by himself, on his own behalf
    assert "应到 4 人，实到 2 人，请假 1 人，缺席 1 人" in text
    assert "赵四（未回复）" in text and "张三（请假：出差）" in text

    # No written minutes yet: the DOCX is refused, with what to do.
    record = await record_message(double)
    assert await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1") == t(
        "event.docx_needs_minutes", "zh", n=1
    )
    # A recording alone is still no record.
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:m:1")
    await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", b"OggS-voice", duration=20)
    await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    await settled(bot)
    assert await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1") == t(
        "event.docx_needs_minutes", "zh", n=1
    )
    # The text minutes: now it is filed, the recording noted beside them.
    await say(double, ADMIN, ADMIN, "/record 1 纪要 选举产生新一届支委")
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1")
    doc = await double.wait_for(lambda x: x.method == "sendDocument", after=cur)
    data = double.world.files[str(doc.file_id)].data
    assert data is not None
    rows = docx_rows(data)
    assert rows["主持人"] == "王建国" and rows["记录人"] == "李红"
    assert (rows["应到人数"], rows["实到人数"], rows["请假人数"], rows["缺席人数"]) == (
        "4",
        "2",
        "1",
        "1",
    )
    assert rows["出席人员"] == "王建国（主持人）、李红"
    assert rows["请假人员"] == "张三（出差）"
    assert rows["缺席人员"] == "赵四（未回复）"
    assert rows["列席人员"] == "机关党委 刘主任"
    assert rows["会议议程"] == "1. 传达上级精神\n2. 选举支部委员"
    assert rows["会议纪要"] == "选举产生新一届支委\n（附录音）"
