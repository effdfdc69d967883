"""A month in a branch for the secretary's-view tests: two lessons, every kind of evidence, a
member on leave, one who joins and one who leaves in the middle; and the ledger's files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, eventually, say, settled
from tests.support.members_day import (
    broadcast_now,
    listens,
    membership,
    open_and_confirm,
    press,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
HTML_NOTE = '<b>学习心得</b>：坚定理想信念 & <a href="x">为人民服务</a> <script>'
FORMULA_NOTE = "=SUM(A1:A9) 这是我对第二课的学习体会"
LATE_JOINER = 23


@dataclass
class Month:
    """What the test did, and when (the record must say exactly this)."""

    members: list[int]
    lesson1: int
    lesson2: int
    times: dict[str, datetime]


def iso(at: datetime) -> str:
    return at.astimezone(SHANGHAI).isoformat(timespec="seconds")


async def live_a_month(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> Month:
    """Admin 10 and members 20, 21, 22 subscribed; 23 joins on day 2; 20 leaves on day 2."""
    members = await bound_group(bot, double, members=3)
    a, b, c = members
    times: dict[str, datetime] = {}
    # Day 1 (Mon 2026-03-02): c is on leave today.
    assert await say(double, c, c, "/leave 2026-03-02") == t(
        "leave.done_self", "zh", days="3月2日（周一）"
    )
    clock.advance(timedelta(minutes=1))
    times["sent1"] = clock.now()
    one = await broadcast_now(bot, double, ogg, title="学习党章")
    clock.advance(timedelta(minutes=5))
    times["press_a1"] = clock.now()
    await press(double, GROUP, a, one.group_message.message_id, f"listen:{one.lesson_id}")
    clock.advance(timedelta(minutes=7))
    times["note_b1"] = clock.now()
    cur = double.cursor()
    double.user_sends(GROUP, b, HTML_NOTE, reply_to_message_id=one.group_message.message_id)
    await double.wait_for(lambda m: m.chat_id == b, after=cur)

    # Day 2 (Tue 2026-03-03): 23 joins before the lesson; a leaves after it, not having listened.
    clock.set(datetime(2026, 3, 3, 7, 30, tzinfo=SHANGHAI))
    double.add_user(LATE_JOINER, "新党员")
    double.user_joins(GROUP, LATE_JOINER)

    async def joined() -> bool:
        return await membership(bot, LATE_JOINER) == "member"

    await eventually(joined)
    clock.advance(timedelta(minutes=1))
    times["sent2"] = clock.now()
    two = await broadcast_now(bot, double, ogg, title="学习“两个确立”")
    clock.advance(timedelta(minutes=3))
    times["press_late_joiner"] = clock.now()
    await press(double, GROUP, LATE_JOINER, two.group_message.message_id, f"listen:{two.lesson_id}")
    clock.advance(timedelta(minutes=4))
    times["note_b2"] = clock.now()
    cur = double.cursor()
    double.user_sends(GROUP, b, FORMULA_NOTE, reply_to_message_id=two.group_message.message_id)
    await double.wait_for(lambda m: m.chat_id == b, after=cur)
    clock.advance(timedelta(hours=2))
    double.user_leaves(GROUP, a)

    async def left() -> bool:
        return await membership(bot, a) == "left"

    await eventually(left)
    # Day 3 (Wed): c makes up lesson 2 through its link in private chat (opened, then ✅).
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI))
    times["makeup_c2"] = clock.now()
    await open_and_confirm(bot, double, c, two.lesson_id)

    async def made_up() -> bool:
        return (c, "button", "makeup") in await listens(bot, two.lesson_id)

    await eventually(made_up)
    await settled(bot)
    return Month(members, one.lesson_id, two.lesson_id, times)


def expected_rows(month: Month) -> list[dict[str, str]]:
    """The ledger the month must produce, row by row (lesson, then user id)."""
    a, b, c = month.members
    tm = month.times
    l1, l2 = str(month.lesson1), str(month.lesson2)
    blank = {"listened_at": "", "reflection": "", "reflection_at": "", "listened_via": ""}
    blank |= {"timing": "", "makeup": "0", "notes": "0", "featured": "0", "points": "0"}
    blank |= {"quiz_answered": "", "quiz_correct": ""}  # no quiz this month
    blank |= {"heard_share": ""}  # nobody used the Mini App player

    def row(lesson: str, uid: int, name: str, **cells: str) -> dict[str, str]:
        sent = tm["sent1"] if lesson == l1 else tm["sent2"]
        base = {
            "lesson_id": lesson,
            # The month's two lessons are the group's first two: 第1期 and 第2期.
            "lesson_number": "1" if lesson == l1 else "2",
            "lesson_date": "2026-03-02" if lesson == l1 else "2026-03-03",
            "lesson_title": "学习党章" if lesson == l1 else "学习“两个确立”",
            "user_id": str(uid),
            "member_name": name,
            "delivery": "sent",
            "delivered_at": iso(sent),
            **blank,
        }
        return base | cells

    return [
        row(l1, ADMIN, "王书记", status="not_listened"),
        row(
            l1,
            a,
            "党员0",
            status="listened",
            listened_at=iso(tm["press_a1"]),
            listened_via="button",
            timing="on_day",
            points="1",
        ),
        row(
            l1,
            b,
            "党员1",
            status="listened",
            listened_at=iso(tm["note_b1"]),
            listened_via="note",
            timing="on_day",
            reflection=HTML_NOTE,
            reflection_at=iso(tm["note_b1"]),
            notes="1",
            points="3",
        ),
        row(l1, c, "党员2", status="on_leave"),
        row(l2, ADMIN, "王书记", status="not_listened"),
        # Left after the lesson went out, without listening: "left", not "did not listen".
        row(l2, a, "党员0", status="left"),
        row(
            l2,
            b,
            "党员1",
            status="listened",
            listened_at=iso(tm["note_b2"]),
            listened_via="note",
            timing="on_day",
            reflection=FORMULA_NOTE,
            reflection_at=iso(tm["note_b2"]),
            notes="1",
            points="3",
        ),
        row(
            l2,
            c,
            "党员2",
            status="listened",
            listened_at=iso(tm["makeup_c2"]),
            listened_via="button",
            timing="makeup",
            makeup="1",
            points="1",
        ),
        # Joined on day 2 and never started the bot: no private copy was due.
        row(
            l2,
            LATE_JOINER,
            "新党员",
            status="listened",
            listened_at=iso(tm["press_late_joiner"]),
            listened_via="button",
            timing="on_day",
            points="1",
            delivery="",
            delivered_at="",
        ),
    ]


def documents(double: TelegramDouble, chat_id: int, after: int) -> list[tuple[SentMessage, bytes]]:
    """The documents the bot sent to a chat since a cursor, with their bytes."""
    out = []
    for m in double.sent[after:]:
        if m.chat_id == chat_id and m.method == "sendDocument" and m.file_id:
            data = double.world.files[m.file_id].data
            assert data is not None
            out.append((m, data))
    return out


def file_name(message: SentMessage) -> str:
    return str(message.message["document"].get("file_name", ""))


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> tuple[list[dict[str, str]], list[list[object]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    ledger, summary = book.worksheets[:2]
    rows = [list(r) for r in ledger.iter_rows(values_only=True)]
    header = [str(h) for h in rows[0]]
    out = [
        # Trailing empty cells are not stored: a row may be shorter than the header.
        {
            h: "" if v is None else str(v)
            for h, v in zip(header, r + [None] * len(header), strict=False)
        }
        for r in rows[1:]
    ]
    return out, [list(r) for r in summary.iter_rows(values_only=True)]


def xlsx_types(data: bytes, text: str) -> set[str]:
    """The cell types of every ledger cell holding this text ("s": a string, "f": a formula)."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    found = set()
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in (text, text.removeprefix("=")):
                found.add(str(cell.data_type))
    return found
