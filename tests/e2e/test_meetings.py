"""Issue 23, the meeting types: a 支委会 expects only the 支委 (by their roster 职务), a 党小组会
one 党小组; "主题党日活动" is 主题党日; 其他 keeps its own name. Then /meetings counts them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from scheduler.meetings import send_meeting_reminders
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, text_of
from tests.support.members_day import broadcast_now, press
from tests.support.roster_files import roster_xlsx
from tests.support.secretary_view import documents
from tests.support.workbook_view import read_workbook

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def roster_with_duties(bot: RunningBot, members: list[int]) -> None:
    """王建国 书记 (ADMIN), 李红 组织委员, 张三 (no duty), 赵四 (no duty, no Telegram):
    第一党小组 王建国 and 李红, 第二党小组 张三 and 赵四."""
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    rows = [
        ("王建国", "正式党员", "第一党小组", "2001-07-01", "书记", str(ADMIN), ""),
        ("李红", "正式党员", "第一党小组", "2005-07-01", "组织委员", str(members[0]), ""),
        ("张三", "正式党员", "第二党小组", "2010-07-01", "", str(members[1]), ""),
        ("赵四", "预备党员", "第二党小组", "2024-07-01", "", "", ""),
    ]
    imports = bot.services.roster_imports
    preview = await imports.preview(ADMIN, group.id, roster_xlsx(rows))
    await imports.confirm(ADMIN, preview.import_id)


async def expected_names(bot: RunningBot, event_id: int) -> list[str]:
    view = await bot.services.events.record(ADMIN, event_id)
    return sorted(a.name for a in [*view.present, *view.absent])


async def test_a_committee_meeting_expects_only_the_committee(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    await roster_with_duties(bot, m)
    answer = await say(
        double, ADMIN, ADMIN, "/event 2026-03-04 14:30 支委会 研究发展党员 支部办公室"
    )
    assert answer == t("event.created", "zh", n=1, group="第一党支部")
    view = await bot.services.events.record(ADMIN, 1)
    assert view.expected == 2
    assert await expected_names(bot, 1) == ["李红", "王建国"]
    # The day before, only the 支委 who have not answered are reminded (李红; not 张三).
    clock.set(datetime(2026, 3, 3, 14, 30, tzinfo=SHANGHAI))
    cur = double.cursor()
    await bot.services.event_reminders.send_due()
    assert sorted(x.chat_id for x in double.sent[cur:]) == [m[0]]


async def test_a_party_group_meeting_expects_one_party_group(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = await bound_group(bot, double, members=2)
    await roster_with_duties(bot, m)
    # Which 党小组 must be said: the roster has two.
    assert await say(double, ADMIN, ADMIN, "/event 2026-03-04 14:30 党小组会 学习") == t(
        "event.which_party_group", "zh", groups="第一党小组、第二党小组", example="第一党小组"
    )
    cur = double.cursor()
    answer = await say(double, ADMIN, ADMIN, "/event 2026-03-04 14:30 党小组会（第二党小组） 学习")
    assert answer == t("event.created", "zh", n=1, group="第一党支部")
    posted = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    assert text_of(posted).startswith("📅 党小组会（第二党小组）（#1）")
    assert await expected_names(bot, 1) == ["张三", "赵四"]


async def test_kinds_are_matched_tolerantly_and_other_keeps_its_name(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=1)
    cur = double.cursor()
    assert await say(double, ADMIN, ADMIN, "/event 2026-03-04 14:30 主题党日活动 学习党章") == t(
        "event.created", "zh", n=1, group="第一党支部"
    )
    view = await bot.services.events.get(1)
    assert view is not None and view.kind == "主题党日"
    assert await say(double, ADMIN, ADMIN, "/event 2026-03-05 14:30 其他（读书会） 共读") == t(
        "event.created", "zh", n=2, group="第一党支部"
    )
    posted = await double.wait_for(lambda x: x.chat_id == GROUP and "共读" in text_of(x), after=cur)
    assert text_of(posted).startswith("📅 读书会（#2）")
    # With no roster, a 支委会 expects nobody it can tell is a 支委; everyone else is expected.
    assert await say(double, ADMIN, ADMIN, "/event 2026-03-06 14:30 组织生活会 对照检查") == t(
        "event.created", "zh", n=3, group="第一党支部"
    )
    assert (await bot.services.events.record(ADMIN, 3)).expected == 2


async def meeting_reminders(bot: RunningBot, double: TelegramDouble) -> list[str]:
    cur = double.cursor()
    await send_meeting_reminders(bot.app.bot, bot.services.meetings)
    return [text_of(x) for x in double.sent[cur:] if x.chat_id == ADMIN]


async def test_the_year_at_a_glance_with_one_quarter_missed_and_its_reminders(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await bound_group(bot, double, members=1)
    # Q1's 党员大会 is held; Q2 passes without one; Q3's is held.
    await say(double, ADMIN, ADMIN, "/event 2026-03-10 14:30 支部党员大会 一季度")
    clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=SHANGHAI))
    await say(double, ADMIN, ADMIN, "/event 2026-08-10 14:30 党员大会 三季度")
    clock.set(datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI))
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/meetings 2026")
    table = text_of(await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur))
    assert table.startswith("第一党支部 2026 年三会一课")
    assert "支部党员大会（每季度）：已开 2 / 应开 4\nQ1✓ Q2✗ Q3✓ Q4…" in table
    assert "支委会（每月）：已开 0 / 应开 12\n1月✗ 2月✗" in table
    assert "8月✗ 9月… 10月…" in table
    assert "组织生活会（每年）：已开 0 / 应开 1\n全年…" in table

    # The ledger's XLSX: the same table, and each meeting held with its 实到率.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/export 2026-08")
    await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
    sheet = read_workbook(documents(double, ADMIN, cur)[1][1])["三会一课"]
    assert sheet[1][:5] == ["类型", "要求", "已开", "应开", "完成情况"]
    assert ["支部党员大会", "每季度", 2, 4, "Q1✓ Q2✗ Q3✓ Q4…"] in [r[:5] for r in sheet]
    at = [r[0] for r in sheet].index("日期")
    assert sheet[at + 1 :] == [
        ["2026-03-10", "支部党员大会", "一季度", 2, 0, 0],
        ["2026-08-10", "支部党员大会", "三季度", 2, 0, 0],
    ]

    # Fifteen days before Q4 ends: nothing yet; fourteen: one reminder for the 党员大会, once.
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=SHANGHAI))
    assert not any("支部党员大会" in x for x in await meeting_reminders(bot, double))
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=SHANGHAI))
    sent = [x for x in await meeting_reminders(bot, double) if "支部党员大会" in x]
    assert sent == [
        t(
            "meetings.reminder",
            "zh",
            group="第一党支部",
            period="2026年Q4",
            kind="支部党员大会",
            days=14,
        )
    ]
    assert not any("支部党员大会" in x for x in await meeting_reminders(bot, double))


async def test_no_reminder_when_the_period_is_met(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await bound_group(bot, double, members=1)
    clock.set(datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI))
    await say(double, ADMIN, ADMIN, "/event 2026-10-20 14:30 支部党员大会 四季度")
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=SHANGHAI))
    sent = await meeting_reminders(bot, double)
    assert sent  # other types still unmet are reminded of
    assert not any("支部党员大会" in x for x in sent)


async def test_a_daily_lesson_marked_as_the_quarters_party_lesson_counts_and_says_so(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    out = await broadcast_now(bot, double, ogg, "学习党章")
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/meetings")
    table = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert "党课（每季度）：已开 0 / 应开 4\nQ1…" in text_of(table)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, table.message_id, "pk:g:1")
    pick = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(pick) == t("meetings.pick_lesson", "zh")
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, pick.message_id, f"pk:l:{out.lesson_id}")
    done = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(done) == t(
        "meetings.party_lesson_marked", "zh", n=out.lesson_id, quarter="2026Q1"
    )
    text = text_of(await say_and_wait(double, "/meetings"))
    assert "党课（每季度）：已开 1 / 应开 4\nQ1✓" in text
    assert f"计为党课的微党课：2026Q1 第 {out.lesson_id} 课" in text
    # A member may not; an unsent or unknown lesson is refused by name.
    assert await say(double, 20, 20, f"/partylesson {out.lesson_id}") == t(
        "meetings.no_lesson", "zh", n=out.lesson_id
    )
    assert await say(double, ADMIN, ADMIN, "/partylesson 99") == t("meetings.no_lesson", "zh", n=99)


async def say_and_wait(double: TelegramDouble, text: str) -> SentMessage:
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, text)
    return await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
