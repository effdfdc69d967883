"""The ledger as files: CSV (UTF-8 with BOM, so Excel shows Chinese) and XLSX (streamed).

Formula injection: a CSV cell has no type, so Excel would evaluate a note that starts with
= + - @ (or a tab or carriage return); such text cells get the usual leading apostrophe. The
XLSX keeps every text verbatim, written as a string cell, which Excel never evaluates.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.ledger import COLUMNS, TEXT_COLUMNS, LedgerData, SummaryBuilder

if TYPE_CHECKING:  # openpyxl is imported when an XLSX is written (25 MB a CSV does not need)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_AT = frozenset(i for i, name in enumerate(COLUMNS) if name in TEXT_COLUMNS)
SHEET_LEDGER = "学习台账"
SHEET_SUMMARY = "成员汇总"
SHEET_ATTENDANCE = "活动考勤"
ATTENDANCE_HEADERS = (
    "event_id",
    "event_date",
    "event_type",
    "event_title",
    "user_id",
    "member_name",
    "reply",
    "leave_reason",
    "signed_in",
)
SUMMARY_HEADERS = (
    "用户ID",
    "姓名",
    "应学课次",
    "已收听",
    "补学",
    "心得",
    "积分",
    "最长连续",
    "请假天数",
)


def csv_safe(text: str) -> str:
    """Text a spreadsheet will show, not run: a leading apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(data: LedgerData, path: Path) -> int:
    """Write the ledger as CSV; returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for row in data.rows():
            for i in _TEXT_AT:
                text = row[i]
                if isinstance(text, str) and text.startswith(FORMULA_STARTS):
                    row[i] = "'" + text
            out.writerow(row)
            count += 1
    return count


def _xlsx_text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    from openpyxl.cell import WriteOnlyCell  # imported once; later calls find it cached
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters are not allowed in XML; everything else stays as written.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # never a formula, whatever it starts with
    return cell


def _row_writer() -> Callable[[Any, list[Any], int], None]:
    """Writes one ledger row as a <row> element built by lxml in one go.

    openpyxl's own path costs about 10 µs a cell (a Cell object, type checks, one lxml
    context per element): 8-10 s for a year's 850 000 cells. Strings are inline strings
    (t="inlineStr"), never formulas, and numbers are numbers, as openpyxl writes them.
    """
    from lxml.etree import Element, SubElement
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(len(COLUMNS))]
    space = "{http://www.w3.org/XML/1998/namespace}space"

    def write_row(xf: Any, values: list[Any], row_idx: int) -> None:
        r = str(row_idx)
        row = Element("row", r=r)
        for col, value in enumerate(values):
            if value is None or value == "":
                continue  # an empty cell is left out, as openpyxl does
            if isinstance(value, str):
                cell = SubElement(row, "c", r=letters[col] + r, t="inlineStr")
                text = SubElement(SubElement(cell, "is"), "t")
                if value != value.strip():
                    text.set(space, "preserve")
                # Control characters are not allowed in XML; everything else as written.
                text.text = ILLEGAL_CHARACTERS_RE.sub("", value)
            else:
                cell = SubElement(row, "c", r=letters[col] + r)  # t="n" is the default
                SubElement(cell, "v").text = str(value)
        xf.write(row)

    return write_row


def _stream_fast(sheet: WriteOnlyWorksheet) -> bool:
    """Give a write-only sheet the fast row writer; False (openpyxl's own path) if this
    openpyxl does not stream through lxml or no longer has the hooks."""
    import openpyxl

    if not openpyxl.LXML:
        return False
    hooks: Any = sheet  # private openpyxl hooks: the type stubs do not know them
    try:
        hooks._get_writer()
        writer = hooks._writer
        if not callable(getattr(writer, "write_row", None)):
            return False
        # Rows go to the writer as they were appended, not as Cell objects.
        hooks._values_to_row = lambda values, row_idx: values
        writer.write_row = _row_writer()
    except AttributeError:  # pragma: no cover - an openpyxl without these internals
        return False
    return True


def write_xlsx(data: LedgerData, path: Path) -> int:
    """Write the ledger and the per-member summary as XLSX, streaming rows; returns rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ledger = book.create_sheet(SHEET_LEDGER)
    fast = _stream_fast(ledger)
    ledger.append(list(COLUMNS))
    summary = SummaryBuilder()
    count = 0
    for row in data.rows():
        summary.add(row)
        if fast:
            ledger.append(row)
        else:
            # An empty cell is left out of the sheet (None), which also keeps the file small.
            values: list[Any] = [v if v != "" else None for v in row]
            for i in _TEXT_AT:
                if values[i] is not None:
                    values[i] = _xlsx_text(ledger, values[i])
            ledger.append(values)
        count += 1
    sheet = book.create_sheet(SHEET_SUMMARY)
    sheet.append(SUMMARY_HEADERS)
    for m in summary.summaries(data):
        sheet.append(
            [
                m.user_id,
                _xlsx_text(sheet, m.name),
                m.lessons,
                m.listened,
                m.makeup,
                m.notes,
                m.points,
                m.longest_streak,
                m.leave_days,
            ]
        )
    if data.attendance:
        # Activity days of the month: one row per event and member (branch life).
        sheet = book.create_sheet(SHEET_ATTENDANCE)
        sheet.append(ATTENDANCE_HEADERS)
        for a in data.attendance:
            sheet.append(
                [
                    a.event_id,
                    a.day.isoformat(),
                    _xlsx_text(sheet, a.kind),
                    _xlsx_text(sheet, a.title),
                    a.user_id,
                    _xlsx_text(sheet, a.name),
                    a.reply or "",
                    _xlsx_text(sheet, a.reason) if a.reason else None,
                    a.signed_in or "",
                ]
            )
    book.save(path)
    return count


def write_ledger(data: LedgerData, path: Path) -> int:
    """CSV or XLSX, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(data, path)
    if suffix == ".xlsx":
        return write_xlsx(data, path)
    raise ValueError(f"unknown ledger format {suffix!r}: use .csv or .xlsx")
