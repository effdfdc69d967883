"""The people's workbook (XLSX) as a secretary reads it, and what it must say, worked out here
from the same data's CSV rows (the machine contract) with the words spelled out plainly."""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import load_workbook

STATUS = {
    "listened": "已学",
    "not_listened": "未学",
    "on_leave": "请假",
    "unlinked": "未关联",
    "not_started": "未开通推送",
    "unreachable": "无法送达",
    "left": "已退群或转出",
    "opened": "已打开未确认",
}
VIA = {"button": "按钮", "private": "私聊", "note": "心得", "player": "播放器", "": ""}
TIMING = {"on_day": "当天", "makeup": "补学", "late": "逾期", "": ""}
DELIVERY = {"sent": "已送达", "unreachable": "无法送达", "uncertain": "不确定", "": ""}
LEDGER_HEADERS = [
    *("姓名", "类别", "党小组", "期数", "课程日期", "题目", "状态", "收听方式", "收听时段"),
    *("收听时间", "私聊推送", "送达时间", "积分", "心得篇数", "学习心得", "心得时间", "精选"),
    *("答题数", "答对数", "播放器收听比例"),
]
LESSON_HEADERS = ["期数", "日期", "题目", "应学", "已学", "补学", "心得", "参学率"]


def minute(iso: str) -> str:
    """ "2026-03-02T07:31:05+08:00" → "2026-03-02 07:31" (the local time, to the minute)."""
    return f"{iso[:10]} {iso[11:16]}" if iso else ""


def as_workbook_row(
    row: Mapping[str, str], person: tuple[str, str, str] | None = None, *, fallback: bool = False
) -> dict[str, str]:
    """What the workbook's 学习台账 must hold for one CSV row (person: 姓名, 类别, 党小组;
    fallback: not on a roster, so the Telegram name the CSV gives, marked as such)."""
    marked = row["member_name"] + ("（昵称）" if fallback else "")
    name, category, party_group = person or (marked, "", "")
    share = row["heard_share"]
    return {
        "姓名": name,
        "类别": category,
        "党小组": party_group,
        "期数": f"第{row['lesson_number']}期",
        "课程日期": row["lesson_date"],
        "题目": row["lesson_title"],
        "状态": STATUS[row["status"]],
        "收听方式": VIA[row["listened_via"]],
        "收听时段": TIMING[row["timing"]],
        "收听时间": minute(row["listened_at"]),
        "私聊推送": DELIVERY[row["delivery"]],
        "送达时间": minute(row["delivered_at"]),
        "积分": row["points"],
        "心得篇数": "" if row["notes"] == "0" else row["notes"],
        "学习心得": row["reflection"],
        "心得时间": minute(row["reflection_at"]),
        "精选": "精选" if row["featured"] == "1" else "",
        "答题数": row["quiz_answered"],
        "答对数": row["quiz_correct"],
        "播放器收听比例": f"{round(float(share) * 100)}%" if share else "",
    }


def lesson_figures(rows: list[dict[str, str]]) -> list[list[object]]:
    """课程汇总 from the CSV: 应学 leaves out 请假 and 已退群或转出; 参学率 = 已学 / 应学."""
    out: list[list[object]] = []
    for lesson_id in dict.fromkeys(r["lesson_id"] for r in rows):
        mine = [r for r in rows if r["lesson_id"] == lesson_id]
        expected = [r for r in mine if r["status"] not in ("on_leave", "left")]
        listened = [r for r in expected if r["status"] == "listened"]
        makeup = sum(int(r["makeup"]) for r in listened)
        notes = sum(int(r["notes"]) for r in mine)
        rate = len(listened) / len(expected) if expected else "—"  # a number shown as 0%
        first = mine[0]
        out.append(
            [
                *(f"第{first['lesson_number']}期", first["lesson_date"], first["lesson_title"]),
                *(len(expected), len(listened), makeup, notes, rate),
            ]
        )
    return out


def month_sentence(rows: list[dict[str, str]], who: str, month: str = "2026年3月") -> str:
    """The first line of each summary sheet, from the CSV."""
    lessons = lesson_figures(rows)
    people = {r["user_id"] for r in rows if r["status"] not in ("on_leave", "left")}
    rates = [float(str(each[-1])) for each in lessons if each[3]]
    rate = round(100 * sum(rates) / len(rates))
    notes = sum(int(r["notes"]) for r in rows)
    return (
        f"{month} {who} 共推送微党课 {len(lessons)} 期，应学 {len(people)} 人，"
        f"平均参学率 {rate}%，提交学习心得 {notes} 篇。"
    )


def read_workbook(data: bytes) -> dict[str, list[list[object]]]:
    """Every sheet's rows, by sheet name (trailing empty cells padded with None)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    out: dict[str, list[list[object]]] = {}
    for sheet in book.worksheets:
        rows: list[list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
        width = max((len(r) for r in rows), default=0)
        out[sheet.title] = [r + [None] * (width - len(r)) for r in rows]
    return out


def ledger_dicts(sheet: list[list[object]]) -> list[dict[str, str]]:
    """学习台账 as dicts of text by header ("" for an empty cell)."""
    header = [str(h) for h in sheet[0]]
    return [
        {h: "" if v is None else str(v) for h, v in zip(header, r, strict=False)} for r in sheet[1:]
    ]
