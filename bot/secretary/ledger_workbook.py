"""The ledger as a workbook for people (XLSX): Chinese headers and values, local times as
"2026-03-02 07:00", the member's 姓名 · 类别 · 党小组 first and no Telegram id.

Sheets: 学习台账 (one row per lesson and member), 成员汇总 (per member), 课程汇总 (per lesson),
活动考勤 (the month's activity days, when there were any), 三会一课 (the year's meetings
against what is required, each with its 实到率). Each summary sheet opens with the
period's sentence (bot.secretary.ledger_figures, where 应学 and 参学率 are defined).

The CSV (bot.secretary.ledger_files) stays the machine contract, in English. The XLSX keeps
every text verbatim, written as a string cell, which Excel never evaluates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.i18n import t
from bot.core.scoring import ListenSource, Timing
from bot.core.vocabulary import CheckinMethod, DeliveryStatus, PartyCategory, ReplyStatus
from bot.core.xlsx_cells import text_cell
from bot.secretary.ledger import COLUMNS, LedgerData, LedgerRow, MemberInfo, RowStatus
from bot.secretary.ledger import SummaryBuilder as MemberTotals
from bot.secretary.ledger_figures import (
    FiguresBuilder,
    LedgerFigures,
    party_group_order,
    summary_sentence,
)
from bot.secretary.ledger_reads import collector_paused
from bot.secretary.meetings_sheet import SHEET_MEETINGS, write_meetings_sheet
from bot.secretary.xlsx_rows import write_rows_fast

if TYPE_CHECKING:  # openpyxl is imported when an XLSX is written (25 MB a CSV does not need)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

SHEET_LEDGER = "学习台账"
SHEET_SUMMARY = "成员汇总"
SHEET_LESSONS = "课程汇总"
SHEET_ATTENDANCE = "活动考勤"

STATUS_WORDS = {
    RowStatus.LISTENED: "已学",
    RowStatus.NOT_LISTENED: "未学",
    RowStatus.OPENED: "已打开未确认",
    RowStatus.ON_LEAVE: "请假",
    RowStatus.UNLINKED: "未关联",
    RowStatus.NOT_STARTED: "未开通推送",
    RowStatus.UNREACHABLE: "无法送达",
    RowStatus.LEFT: "已退群或转出",
}
# As /report names them.
SOURCE_WORDS = {
    ListenSource.BUTTON: "按钮",
    ListenSource.PRIVATE: "私聊",
    ListenSource.NOTE: "心得",
    ListenSource.PLAYER: "播放器",
}
TIMING_WORDS = {Timing.ON_DAY: "当天", Timing.MAKEUP: "补学", Timing.LATE: "逾期"}
DELIVERY_WORDS = {
    DeliveryStatus.PENDING: "待发送",
    DeliveryStatus.IN_FLIGHT: "发送中",
    DeliveryStatus.DELIVERED: "已送达",
    DeliveryStatus.UNREACHABLE: "无法送达",
    DeliveryStatus.FAILED: "发送失败",
    DeliveryStatus.UNCERTAIN: "不确定",
}
CATEGORY_WORDS: dict[str, str] = {
    PartyCategory.FULL: "正式党员",
    PartyCategory.PROBATIONARY: "预备党员",
}
REPLY_WORDS = {ReplyStatus.ATTEND: "参加", ReplyStatus.LEAVE: "请假"}
SIGN_IN_WORDS: dict[str, str] = {
    CheckinMethod.QR: "扫码签到",
    CheckinMethod.PROXY: "代签",
    CheckinMethod.LATE: "补签",
    CheckinMethod.CHAIR: "主持人",
}

PERSON_HEADERS = ("姓名", "类别", "党小组")
# 学习台账: the person, the lesson, where they stand, then the evidence.
LEDGER_HEADERS = (
    *PERSON_HEADERS,
    *("期数", "课程日期", "题目", "状态", "收听方式", "收听时段", "收听时间"),
    *("私聊推送", "送达时间", "积分", "心得篇数", "学习心得", "心得时间", "精选"),
    *("答题数", "答对数", "播放器收听比例"),
)
_FROM_ROW = itemgetter(
    *(
        COLUMNS.index(name)
        for name in (
            *("lesson_number", "lesson_date", "lesson_title", "status", "listened_via", "timing"),
            *("listened_at", "delivery", "delivered_at", "points", "notes", "reflection"),
            *("reflection_at", "featured", "quiz_answered", "quiz_correct", "heard_share"),
        )
    )
)
SUMMARY_HEADERS = (
    *PERSON_HEADERS,
    *("应学", "已学", "补学", "参学率", "心得", "积分", "最长连续", "请假天数"),
)
LESSON_HEADERS = ("期数", "日期", "题目", "应学", "已学", "补学", "心得", "参学率")
ATTENDANCE_HEADERS = (
    *PERSON_HEADERS,
    *("日期", "类型", "活动", "回复", "请假事由", "签到"),
)
_WIDTHS = {SHEET_LEDGER: (12, 10, 12, 7, 11, 24, 10, 9, 9, 17, 9, 17, 6, 8, 40, 17, 6)}


def local_time(iso: str) -> str:
    """ "2026-03-02T07:00:00+08:00" (already in the group's zone) → "2026-03-02 07:00"."""
    return iso[:10] + " " + iso[11:16] if iso else ""


def person_cells(member: MemberInfo | None, fallback: str = "") -> tuple[str, str, str]:
    """姓名 (a display name marked （昵称）), 类别, 党小组."""
    if member is None:
        return (fallback, "", "")
    name = member.name
    if member.name_is_fallback:
        name = t("roster.fallback_name", "zh", name=name)
    return (name, CATEGORY_WORDS.get(member.category, member.category), member.party_group)


def _share(value: str | int) -> str:
    return f"{round(float(value) * 100)}%" if value != "" else ""


def _people_row(data: LedgerData) -> Callable[[int, LedgerRow], list[Any]]:
    """A ledger row (COLUMNS order, English) as the workbook's row; words and persons cached."""
    people: dict[int, tuple[str, str, str]] = {}
    shares: dict[str | int, str] = {}
    when = local_time

    def convert(key: int, row: LedgerRow) -> list[Any]:
        # By Person.key: an entry with no account has an empty user id cell.
        person = people.get(key)
        if person is None:
            person = people[key] = person_cells(data.members.get(key))
        (number, day, title, status, via, timing, listened_at) = (cells := _FROM_ROW(row))[:7]
        (delivery, delivered_at, points, notes, reflection, reflection_at) = cells[7:13]
        (featured, answered, correct, heard) = cells[13:]
        share = shares.get(heard)
        if share is None:
            share = shares[heard] = _share(heard)
        return [
            *person,
            f"第{number}期",
            day,
            title,
            STATUS_WORDS.get(status, status),
            SOURCE_WORDS.get(via, via),
            TIMING_WORDS.get(timing, timing),
            when(str(listened_at)),
            DELIVERY_WORDS.get(delivery, delivery),
            when(str(delivered_at)),
            points,
            notes or "",
            reflection,
            when(str(reflection_at)),
            "精选" if featured else "",
            answered,
            correct,
            share,
        ]

    return convert


def _bold(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    from openpyxl.styles import Font

    cell = text_cell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def _rate(sheet: WriteOnlyWorksheet, rate: float | None) -> Cell | str:
    """参学率 as a number shown as 86% (it sorts and sums as one); — when nobody was due."""
    from openpyxl.cell import WriteOnlyCell

    if rate is None:
        return text_cell(sheet, "—")
    cell = WriteOnlyCell(sheet, value=rate)
    cell.number_format = "0%"
    return cell


def _texts(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    return [
        text_cell(sheet, v) if isinstance(v, str) and v else (None if v == "" else v)
        for v in values
    ]


def _write_fast(sheet: WriteOnlyWorksheet, rows: Iterable[Iterable[Any]]) -> bool:
    """The ledger sheet's rows by the fast path (bot.secretary.xlsx_rows); False if this
    openpyxl lacks its hooks (then openpyxl's own path writes them)."""
    return write_rows_fast(sheet, rows, len(LEDGER_HEADERS))


def _write_plain(sheet: WriteOnlyWorksheet, rows: Iterable[list[Any]]) -> None:
    """openpyxl's own path (slow, but needs none of its internals)."""
    sheet.append(list(LEDGER_HEADERS))
    for row in rows:
        sheet.append(_texts(sheet, row))


def _ledger_rows(
    data: LedgerData, totals: MemberTotals, figures: FiguresBuilder
) -> Iterator[list[Any]]:
    """The workbook's ledger rows, each counted into the summaries on its way out."""
    convert = _people_row(data)
    add_member, add_figures = totals.add, figures.add
    for key, row in data.keyed_rows():
        add_member(row, key)
        add_figures(row, key)
        yield convert(key, row)


def _widths(sheet: WriteOnlyWorksheet, widths: Iterable[int]) -> None:
    """Columns wide enough for their Chinese headers, and a printout that is one page wide,
    landscape, as a branch files it (all of it in the sheet's frame, before any row)."""
    from openpyxl.utils import get_column_letter

    layout: Any = sheet  # a write-only sheet has these; the stubs do not say so
    for i, width in enumerate(widths, start=1):
        layout.column_dimensions[get_column_letter(i)].width = width
    layout.page_setup.orientation = "landscape"
    layout.page_setup.paperSize = 9  # A4
    layout.sheet_properties.pageSetUpPr.fitToPage = True
    layout.page_setup.fitToWidth, layout.page_setup.fitToHeight = 1, 0


def write_workbook(data: LedgerData, path: Path, party_group: str | None = None) -> LedgerFigures:
    """Write the workbook, streaming the ledger's rows; returns the period's figures."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ledger = book.create_sheet(SHEET_LEDGER)
    _widths(ledger, _WIDTHS[SHEET_LEDGER])
    ledger.freeze_panes = "D2"
    totals, builder = MemberTotals(), FiguresBuilder(data, party_group)
    rows = _ledger_rows(data, totals, builder)
    with collector_paused():
        if not _write_fast(ledger, _headed(rows)):
            _write_plain(ledger, rows)
    figures = builder.figures()
    sentence = summary_sentence(figures, "zh")
    _member_sheet(book.create_sheet(SHEET_SUMMARY), data, totals, builder, sentence)
    _lesson_sheet(book.create_sheet(SHEET_LESSONS), data, figures, sentence)
    if data.attendance:
        _attendance_sheet(book.create_sheet(SHEET_ATTENDANCE), data)
    if data.meetings is not None:
        write_meetings_sheet(book.create_sheet(SHEET_MEETINGS), data.meetings)
    book.save(path)
    return figures


def _headed(rows: Iterator[list[Any]]) -> Iterator[Iterable[Any]]:
    yield LEDGER_HEADERS
    yield from rows


def _member_sheet(
    sheet: WriteOnlyWorksheet,
    data: LedgerData,
    totals: MemberTotals,
    builder: FiguresBuilder,
    sentence: str,
) -> None:
    _widths(sheet, (12, 10, 12, 7, 7, 7, 8, 7, 7, 9, 9))
    sheet.append([_bold(sheet, sentence)])
    sheet.append([_bold(sheet, header) for header in SUMMARY_HEADERS])
    # 党小组 by 党小组 (those with none last), each in the order the read gave its people.
    order = {key: i for i, key in enumerate(data.members)}
    members = data.members

    def place(uid: int) -> tuple[bool, tuple[tuple[str, int], ...], int]:
        party_group = members[uid].party_group if uid in members else ""
        return (not party_group, party_group_order(party_group), order.get(uid, 0))

    expected = builder.expected_of
    for member in sorted(totals.summaries(data), key=lambda m: place(m.key)):
        due = expected.get(member.key, 0)
        rate = member.listened / due if due else None
        cells = (
            *person_cells(data.members.get(member.key), member.name),
            *(due, member.listened, member.makeup, None, member.notes),
            *(member.points, member.longest_streak, member.leave_days),
        )
        row = _texts(sheet, cells)
        row[6] = _rate(sheet, rate)
        sheet.append(row)


def _lesson_sheet(
    sheet: WriteOnlyWorksheet, data: LedgerData, figures: LedgerFigures, sentence: str
) -> None:
    _widths(sheet, (7, 11, 28, 7, 7, 7, 7, 8))
    sheet.append([_bold(sheet, sentence)])
    sheet.append([_bold(sheet, header) for header in LESSON_HEADERS])
    lessons = {lesson.lesson_id: lesson for lesson in data.lessons}
    for each in figures.lessons:
        lesson = lessons[each.lesson_id]
        cells = (
            *(f"第{lesson.number}期", lesson.day.isoformat(), lesson.title),
            *(each.expected, each.listened, each.makeup, each.notes),
        )
        sheet.append([*_texts(sheet, cells), _rate(sheet, each.rate)])


def _attendance_sheet(sheet: WriteOnlyWorksheet, data: LedgerData) -> None:
    """Activity days of the month: one row per event and member (branch life)."""
    _widths(sheet, (12, 10, 12, 11, 12, 24, 7, 20, 9))
    sheet.append([_bold(sheet, header) for header in ATTENDANCE_HEADERS])
    for row in data.attendance:
        cells = (
            *person_cells(data.members.get(row.user_id), row.name),
            *(row.day.isoformat(), row.kind, row.title),
            REPLY_WORDS.get(row.reply, "未回复") if row.reply else "未回复",
            row.reason or "",
            _signed_in(row.signed_in, row.reply),
        )
        sheet.append(_texts(sheet, cells))


def _signed_in(method: str | None, reply: str | None) -> str:
    """扫码签到 / 代签 / 补签; 未签到 for someone expected who did not come (blank on leave)."""
    if method:
        return SIGN_IN_WORDS.get(method, method)
    return "" if reply == ReplyStatus.LEAVE else "未签到"


def write_xlsx(data: LedgerData, path: Path) -> int:
    """Write the workbook; returns the ledger sheet's rows."""
    return write_workbook(data, path).rows
