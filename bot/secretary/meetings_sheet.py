"""The ledger's 三会一课 sheet: each type's held / required this year with its periods'
marks (as /meetings shows them), then each meeting of the year with its 实到率."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bot.core.xlsx_cells import text_cell

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

SHEET_MEETINGS = "三会一课"
TYPE_HEADERS = ("类型", "要求", "已开", "应开", "完成情况")
MEETING_HEADERS = ("日期", "类型", "主题", "应到", "实到", "实到率")


@dataclass(frozen=True)
class MeetingLine:
    day: date
    kind: str  # as people read it: 党小组会（第一党小组）
    title: str
    expected: int
    came: int

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else min(1.0, self.came / self.expected)


@dataclass(frozen=True)
class MeetingsSheet:
    year: int
    # (类型, 要求, 已开, 应开, "Q1✓ Q2✗ Q3✓ Q4…")
    types: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    meetings: list[MeetingLine] = field(default_factory=list)


def write_meetings_sheet(sheet: WriteOnlyWorksheet, data: MeetingsSheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def bold(value: str) -> Cell:
        cell = text_cell(sheet, value)
        cell.font = Font(bold=True)
        return cell

    layout: object = sheet
    for letter, width in zip("ABCDEF", (14, 16, 28, 7, 7, 9), strict=True):
        layout.column_dimensions[letter].width = width  # type: ignore[attr-defined]
    sheet.append([bold(f"{data.year} 年三会一课（✓ 已完成　✗ 已过期未开　… 进行中）")])
    sheet.append([bold(h) for h in TYPE_HEADERS])
    for kind, every, held, required, marks in data.types:
        texts = [text_cell(sheet, kind), text_cell(sheet, every)]
        sheet.append([*texts, held, required, text_cell(sheet, marks)])
    sheet.append([])
    sheet.append([bold(h) for h in MEETING_HEADERS])
    for line in data.meetings:
        if line.rate is None:
            rate = text_cell(sheet, "—")
        else:
            rate = WriteOnlyCell(sheet, value=line.rate)
            rate.number_format = "0.0%"
        sheet.append(
            [
                line.day.isoformat(),
                text_cell(sheet, line.kind),
                text_cell(sheet, line.title),
                line.expected,
                line.came,
                rate,
            ]
        )
