"""/committee export: one XLSX, a summary sheet (汇总) and a sheet per branch with its lessons'
figures. Figures only, as the committee's view: no name, no note."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.core.document_text import xml_text
from bot.core.xlsx_cells import text_cell
from bot.secretary.committee import BranchFigures, CommitteeMonth

if TYPE_CHECKING:  # openpyxl is imported when the workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_SUMMARY = "汇总"
SUMMARY_HEADERS = (
    "支部",
    "推送课程",
    "平均参学率",
    "心得",
    "三会一课（当季已开）",
    "三会一课（当季应开）",
    "花名册人数",
    "已关联",
)
LESSON_HEADERS = ("课程", "日期", "标题", "应学", "已学", "参学率", "心得")
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_NOT_IN_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _NOT_IN_NAME.sub("", xml_text(title)).strip() or "支部"
    name, n = base[:31], 2
    while name in taken or name == SHEET_SUMMARY:
        suffix = f"（{n}）"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _rate(value: float | None) -> float | str:
    return "—" if value is None else float(round(value, 4))  # a float: shown as a percent


def _append(sheet: Worksheet, values: Iterable[object]) -> None:
    """A row whose texts are string cells: a branch or lesson title is never a formula."""
    sheet.append([text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def summary_row(branch: BranchFigures) -> list[object]:
    return [
        branch.group.title,
        len(branch.lessons),
        _rate(branch.rate),
        branch.notes,
        branch.meetings_held,
        branch.meetings_required,
        branch.roster,
        branch.linked,
    ]


def build_committee_xlsx(month: CommitteeMonth) -> bytes:
    """The workbook as bytes (CPU work: run it off the event loop)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])
    summary = book.create_sheet(SHEET_SUMMARY)
    _append(summary, [f"{month.name} {month.year}年{month.month}月 各支部学习与三会一课"])
    _append(summary, SUMMARY_HEADERS)
    for branch in month.branches:
        _append(summary, summary_row(branch))
    _append(
        summary,
        [
            "合计",
            month.lessons,
            _rate(month.rate),
            month.notes,
            month.meetings_held,
            month.meetings_required,
            month.roster,
            month.linked,
        ],
    )
    taken: set[str] = set()
    for branch in month.branches:
        sheet = book.create_sheet(_sheet_name(branch.group.title, taken))
        _append(sheet, [f"{branch.group.title} {month.year}年{month.month}月"])
        _append(sheet, LESSON_HEADERS)
        for each in branch.lessons:
            _append(
                sheet,
                [
                    each.lesson_id,
                    each.day.isoformat(),
                    each.title,
                    each.expected,
                    each.listened,
                    _rate(each.rate),
                    each.notes,
                ],
            )
        sheet.append([])
        _append(sheet, ["三会一课（当季）", f"{branch.meetings_held}/{branch.meetings_required}"])
        _append(sheet, ["花名册人数", branch.roster, "已关联", branch.linked])
    for sheet in book.worksheets:
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
