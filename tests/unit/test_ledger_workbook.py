"""The people's workbook from a ledger with a roster: 姓名 · 类别 · 党小组 first (a display name
marked （昵称）), the roster's statuses in Chinese, 成员汇总 by 党小组, 课程汇总's figures and
the sentence against the same data's CSV, 活动考勤 in Chinese, and one 党小组's ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from bot.branch_life.events.views import AttendanceRow
from bot.groups.secretaries import GroupRef
from bot.secretary.ledger import (
    LedgerData,
    LessonInfo,
    ListenInfo,
    MemberInfo,
    NoteInfo,
    Period,
    RowStatus,
)
from bot.secretary.ledger_figures import (
    for_party_group,
    ledger_figures,
    party_group_order,
    summary_sentence,
)
from bot.secretary.ledger_files import write_csv
from bot.secretary.ledger_times import RawTime
from bot.secretary.ledger_workbook import STATUS_WORDS, write_workbook
from tests.support.secretary_view import read_csv
from tests.support.workbook_view import (
    LEDGER_HEADERS,
    LESSON_HEADERS,
    STATUS,
    as_workbook_row,
    ledger_dicts,
    lesson_figures,
    month_sentence,
    read_workbook,
)

GROUP = GroupRef(1, -1001, "第一党支部", "Asia/Shanghai")
MARCH = Period(date(2026, 3, 1), date(2026, 4, 1), "2026-03")
PEOPLE = {
    # key: (name, category, party group, fallback name, reachable)
    101: ("张伟", "full", "第一党小组", False, True),
    102: ("李娜", "probationary", "第二党小组", False, True),
    103: ("🌸静待花开", "", "", True, True),
    -7: ("王芳", "full", "第一党小组", False, False),  # on the roster, no Telegram
    104: ("赵强", "full", "第三党小组", False, False),  # blocked the bot
}
PERSON = {
    101: ("张伟", "正式党员", "第一党小组"),
    102: ("李娜", "预备党员", "第二党小组"),
    103: ("🌸静待花开（昵称）", "", ""),
    -7: ("王芳", "正式党员", "第一党小组"),
    104: ("赵强", "正式党员", "第三党小组"),
}


def _data() -> LedgerData:
    """Two lessons in March 2026 (07:30 Shanghai); 张伟 listens on the day and writes, 李娜 makes
    up the second, the nickname listens on the player, 王芳 has no account, 赵强 blocked us."""
    lessons = [
        # The database's ids (11, 12) are not the branch's numbers (第1期, 第2期).
        LessonInfo(11, "学习党章", datetime(2026, 3, 1, 23, 30, tzinfo=UTC), date(2026, 3, 2), 1),
        LessonInfo(12, "两个确立", datetime(2026, 3, 2, 23, 30, tzinfo=UTC), date(2026, 3, 3), 2),
    ]
    members = {
        key: MemberInfo(
            name,
            reachable,
            True,
            None,
            None,
            category=category,
            party_group=party_group,
            name_is_fallback=fallback,
            contact={-7: "unlinked", 104: "blocked"}.get(key, "ok"),
        )
        for key, (name, category, party_group, fallback, reachable) in PEOPLE.items()
    }
    sent = "2026-03-01 23:30:02.5"
    deliveries: dict[tuple[int, int], tuple[str, RawTime | None]] = {
        (lid, uid): ("sent", sent) for lid in (11, 12) for uid in (101, 102, 103)
    }
    listens = {
        (11, 101): ListenInfo("note", "on_day", "2026-03-02 00:05:09"),
        (12, 101): ListenInfo("button", "on_day", "2026-03-03 01:00:00"),
        (12, 102): ListenInfo("private", "makeup", "2026-03-04 02:15:00"),
        (11, 103): ListenInfo("player", "on_day", "2026-03-02 12:00:00"),
    }
    notes = defaultdict(
        list, {(11, 101): [NoteInfo(1, "不忘初心", None, "2026-03-02 00:05:09", True)]}
    )
    points = {key: 1 for key in listens} | {(11, 101): 3}
    data = LedgerData(GROUP, MARCH, lessons, members, deliveries, listens, notes, points)
    data.leaves[102] = [(date(2026, 3, 2), date(2026, 3, 2))]
    data.per_member = {"heard_share": {(11, 103): "0.93"}}
    data.attendance = [
        AttendanceRow(
            5, date(2026, 3, 6), "主题党日", "重温入党誓词", 101, "张伟", "attend", None, "qr"
        ),
        AttendanceRow(
            5, date(2026, 3, 6), "主题党日", "重温入党誓词", 102, "李娜", "leave", "出差", None
        ),
        AttendanceRow(
            5, date(2026, 3, 6), "主题党日", "重温入党誓词", 104, "赵强", None, None, None
        ),
    ]
    return data


def _both(
    data: LedgerData, tmp_path: Path, party_group: str | None = None
) -> tuple[list[dict[str, str]], dict[str, list[list[object]]]]:
    csv_path, xlsx_path = tmp_path / "l.csv", tmp_path / "l.xlsx"
    write_csv(data, csv_path)
    write_workbook(data, xlsx_path, party_group)
    return read_csv(csv_path.read_bytes()), read_workbook(xlsx_path.read_bytes())


def test_the_workbook_names_people_by_the_roster_in_chinese_and_matches_the_csv(
    tmp_path: Path,
) -> None:
    rows, book = _both(_data(), tmp_path)
    assert list(book) == ["学习台账", "成员汇总", "课程汇总", "活动考勤"]
    ledger = book["学习台账"]
    assert [str(h) for h in ledger[0]] == LEDGER_HEADERS
    got = ledger_dicts(ledger)
    # Who each row is about (Person.key): an entry with no account has no user id cell.
    keys = [key for key, _ in _data().keyed_rows()]
    assert got == [as_workbook_row(r, PERSON[key]) for key, r in zip(keys, rows, strict=True)]
    first = got[0]  # 王芳 (key -7) sorts first: no account, no copy
    assert (first["姓名"], first["类别"], first["党小组"], first["期数"]) == (
        "王芳",
        "正式党员",
        "第一党小组",
        "第1期",
    )
    zhang = next(r for r in got if r["姓名"] == "张伟" and r["期数"] == "第1期")
    assert (zhang["收听时间"], zhang["送达时间"], zhang["心得时间"]) == (
        "2026-03-02 08:05",
        "2026-03-02 07:30",
        "2026-03-02 08:05",
    )
    assert (zhang["状态"], zhang["收听方式"], zhang["收听时段"], zhang["精选"]) == (
        "已学",
        "心得",
        "当天",
        "精选",
    )
    li = next(r for r in got if r["姓名"] == "李娜" and r["期数"] == "第2期")
    assert (li["状态"], li["收听时段"], li["收听方式"]) == ("已学", "补学", "私聊")
    assert {r["状态"] for r in got} >= {"已学", "未学", "请假", "无法送达"}
    nick = next(r for r in got if r["期数"] == "第1期" and r["姓名"].endswith("（昵称）"))
    assert nick["播放器收听比例"] == "93%"
    # No Telegram id anywhere in the workbook.
    cells = {str(v) for sheet in book.values() for row in sheet for v in row}
    assert not {"101", "102", "103", "104", "-7"} & cells


def test_the_summaries_open_with_the_sentence_and_count_as_the_csv_does(tmp_path: Path) -> None:
    rows, book = _both(_data(), tmp_path)
    sentence = month_sentence(rows, "第一党支部")
    # 应学: everyone but 李娜 on leave for #11 (王芳 and 赵强 included); 已学 2 of 4, 2 of 5.
    assert sentence == (
        "2026年3月 第一党支部 共推送微党课 2 期，应学 5 人，平均参学率 45%，提交学习心得 1 篇。"
    )
    lessons = book["课程汇总"]
    assert lessons[0][0] == sentence
    assert lessons[1] == LESSON_HEADERS
    assert lessons[2:] == lesson_figures(rows)
    assert lessons[2:] == [
        ["第1期", "2026-03-02", "学习党章", 4, 2, 0, 1, 0.5],
        ["第2期", "2026-03-03", "两个确立", 5, 2, 1, 0, 0.4],
    ]
    summary = book["成员汇总"]
    assert summary[0][0] == sentence
    assert summary[1] == [
        *("姓名", "类别", "党小组", "应学", "已学", "补学", "参学率", "心得", "积分"),
        *("最长连续", "请假天数"),
    ]
    # 党小组 by 党小组 in their numbers' order (not 一 三 二), those with none last.
    assert [row[:3] for row in summary[2:]] == [
        ["张伟", "正式党员", "第一党小组"],
        ["王芳", "正式党员", "第一党小组"],
        ["李娜", "预备党员", "第二党小组"],
        ["赵强", "正式党员", "第三党小组"],
        ["🌸静待花开（昵称）", None, None],
    ]
    # 参学率 a number (shown as 100%), so it sorts and sums.
    assert summary[2][3:] == [2, 2, 0, 1, 1, 4, 2, 0]
    assert summary[4][3:] == [1, 1, 1, 1, 0, 1, 1, 1]
    assert summary[5][3:7] == [2, 0, 0, 0]
    attendance = book["活动考勤"]
    assert attendance[0][:9] == [
        *("姓名", "类别", "党小组", "日期", "类型", "活动", "回复", "请假事由", "签到"),
    ]
    assert attendance[1][:9] == [
        *("张伟", "正式党员", "第一党小组", "2026-03-06", "主题党日", "重温入党誓词", "参加"),
        *(None, "扫码签到"),
    ]
    assert attendance[2][6:9] == ["请假", "出差", None]  # on leave: no 未签到
    assert attendance[3][6:9] == ["未回复", None, "未签到"]


def test_the_sentence_is_said_in_the_readers_language() -> None:
    figures = ledger_figures(_data())
    assert summary_sentence(figures, "en") == (
        "March 2026, 第一党支部: micro-lessons sent 2, members expected 5, "
        "average participation 45%, study notes 1."
    )
    empty = _data()
    empty.lessons = []
    assert summary_sentence(ledger_figures(empty), "zh") == "2026年3月 第一党支部 没有推送微党课。"


def test_one_party_groups_ledger_keeps_only_its_peoples_rows(tmp_path: Path) -> None:
    data = for_party_group(_data(), "第一党小组")
    rows, book = _both(data, tmp_path, "第一党小组")
    assert {r["member_name"] for r in rows} == {"张伟", "王芳"}
    assert {r["姓名"] for r in ledger_dicts(book["学习台账"])} == {"张伟", "王芳"}
    assert [row[0] for row in book["活动考勤"][1:]] == ["张伟"]
    sentence = month_sentence(rows, "第一党支部 第一党小组")
    assert sentence == (
        "2026年3月 第一党支部 第一党小组 共推送微党课 2 期，应学 2 人，平均参学率 50%，"
        "提交学习心得 1 篇。"
    )
    assert book["成员汇总"][0][0] == book["课程汇总"][0][0] == sentence
    assert [row[0] for row in book["成员汇总"][2:]] == ["张伟", "王芳"]
    assert for_party_group(_data(), "第九党小组").members == {}


def test_every_status_has_its_chinese_word_and_the_roster_three_stay_apart() -> None:
    assert {status.value: STATUS_WORDS[status] for status in RowStatus} == STATUS
    assert STATUS["unlinked"] == "未关联"
    assert STATUS["not_started"] == "未开通推送"
    assert STATUS["unreachable"] == "无法送达"


def test_party_groups_are_listed_by_their_numbers() -> None:
    names = ["第三党小组", "第十一党小组", "第一党小组", "第十党小组", "第二党小组", "第2党小组"]
    assert sorted(names, key=party_group_order) == [
        *("第一党小组", "第二党小组", "第2党小组", "第三党小组", "第十党小组", "第十一党小组"),
    ]
