"""Issue 23, the 机关党委: /committee over three branches, each branch's figures as its own
/report gives them; a committee admin who runs no branch sees figures and no names; a branch
secretary not on the committee is refused; /committee export is one XLSX, a sheet a branch."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.core.clock import FakeClock
from bot.core.config import CommitteeSettings, Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.e2e.test_meetings import roster_with_duties
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import broadcast_now, press
from tests.support.secretary_view import documents

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAIR = 90  # the committee's admin: in no branch group
BRANCHES = ((-1002, 11, "第二党支部", 31), (-1003, 12, "第三党支部", 41))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    committee = CommitteeSettings(name="机关党委", admins=[CHAIR])
    return settings.model_copy(update={"committee": committee})


async def three_branches(bot: RunningBot, double: TelegramDouble, ogg: Path) -> list[int]:
    """第一党支部 (two members), 第二 and 第三 (one each); a lesson in each, some listened to,
    one note in the first. Returns the lesson ids, one a branch."""
    m = await bound_group(bot, double, members=2)
    await roster_with_duties(bot, m)  # four on the roster, three linked
    for chat, admin, title, member in BRANCHES:
        double.add_user(admin, f"{title}书记")
        double.add_user(member, f"{title}党员")
        double.add_group(chat, title, type="supergroup")
        double.set_member(chat, admin, "creator")
        double.set_member(chat, member, "member")
        double.add_bot_to_group(chat, admin)
        await say(double, chat, admin, "/bind")
        for uid in (admin, member):
            await say(double, uid, uid, "/start")
    double.add_user(CHAIR, "刘主任")
    first = await broadcast_now(bot, double, ogg, "学习党章")
    await press(double, GROUP, m[0], first.group_message.message_id, f"listen:{first.lesson_id}")
    cur = double.cursor()
    double.user_sends(
        GROUP, m[1], "认真学习党章，受益匪浅。", reply_to_message_id=first.group_message.message_id
    )
    await double.wait_for(lambda x: x.chat_id == m[1], after=cur)
    ids = [first.lesson_id]
    for chat, admin, _, member in BRANCHES:
        out = await broadcast_now(bot, double, ogg, "学习党史", chat_id=chat, author=admin)
        if chat == BRANCHES[0][0]:
            await press(
                double, chat, member, out.group_message.message_id, f"listen:{out.lesson_id}"
            )
        ids.append(out.lesson_id)
    await settled(bot)
    return ids


async def test_the_committee_sees_three_branches_as_their_own_reports_give_them_and_no_names(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    lessons = await three_branches(bot, double, ogg)
    await say(double, ADMIN, ADMIN, "/event 2026-03-10 14:30 支部党员大会 一季度")
    clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=SHANGHAI))

    cur = double.cursor()
    double.user_sends(CHAIR, CHAIR, "/committee")
    answer = await double.wait_for(lambda x: x.chat_id == CHAIR, after=cur)
    text = text_of(answer)
    lines = text.split("\n")
    assert lines[0] == t("committee.header", "zh", name="机关党委", year=2026, month=3)
    # Each branch's line: its lesson's figures as its own /report has them.
    chats = [GROUP, *(chat for chat, *_ in BRANCHES)]
    titles = ["第一党支部", *(title for _, _, title, _ in BRANCHES)]
    rates, notes = [], 0
    for chat, title, lesson_id, line in zip(chats, titles, lessons, lines[1:4], strict=True):
        report = await bot.services.report.for_group_chat(chat, lesson_id)
        rate = report.listened / report.expected
        rates.append(rate)
        notes += report.wrote
        held = 1 if chat == GROUP else 0
        assert line == t(
            "committee.branch",
            "zh",
            group=title,
            lessons=1,
            rate=f"{rate:.0%}",
            notes=report.wrote,
            held=held,
            # Q1: 党员大会 1, 支委会 3, 党课 1, 党小组会 3 (twice over for two 党小组)
            required=11 if chat == GROUP else 8,
            roster=4 if chat == GROUP else 0,
            linked=3 if chat == GROUP else 0,
        )
    assert rates == [2 / 4, 1 / 2, 0.0]  # a note counts as listening; 赵四 has no account
    assert lines[4] == t(
        "committee.total",
        "zh",
        branches=3,
        lessons=3,
        rate=f"{sum(rates) / 3:.0%}",
        notes=notes,
        held=1,
        required=27,
        roster=4,
        linked=3,
    )
    assert notes == 1
    # Figures only: no member's, secretary's or note's words.
    for word in ("李红", "张三", "赵四", "王建国", "党员0", "书记", "受益匪浅", "刘主任"):
        assert word not in text

    # The workbook: a summary sheet and a sheet a branch, the same figures, no names.
    cur = double.cursor()
    await press(double, CHAIR, CHAIR, answer.message_id, "cm:x:2026-03")
    await double.wait_until(lambda: len(documents(double, CHAIR, cur)) == 1)
    message, data = documents(double, CHAIR, cur)[0]
    assert message.message["document"]["file_name"] == "机关党委-2026-03.xlsx"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "第一党支部", "第二党支部", "第三党支部"]
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    assert summary[2] == ["第一党支部", 1, 0.5, 1, 1, 11, 4, 3]
    assert summary[5] == ["合计", 3, round(sum(rates) / 3, 4), 1, 1, 27, 4, 3]
    second = [list(r) for r in book["第二党支部"].iter_rows(values_only=True)]
    assert second[2][:2] == [lessons[1], "2026-03-02"] and second[2][3:] == [2, 1, 0.5, 0]
    cells = " ".join(str(c) for sheet in book for r in sheet.iter_rows(values_only=True) for c in r)
    for word in ("李红", "张三", "赵四", "王建国", "党员0", "受益匪浅"):
        assert word not in cells
    # The typed way to the same workbook.
    cur = double.cursor()
    double.user_sends(CHAIR, CHAIR, "/committee export 2026-03")
    await double.wait_until(lambda: len(documents(double, CHAIR, cur)) == 1)


async def test_a_branch_secretary_not_on_the_committee_is_refused(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=1)
    refused = t("committee.not_admin", "zh", name="机关党委")
    assert await say(double, ADMIN, ADMIN, "/committee") == refused
    assert await say(double, ADMIN, ADMIN, "/committee export 2026-03") == refused
    assert await press(double, ADMIN, ADMIN, 1, "cm:x:2026-03", check=False) == refused
