"""The ledger as files: CSV (UTF-8 with BOM, so Excel shows Chinese) and XLSX (streamed).

Formula injection: a CSV cell has no type, so Excel would evaluate a note that starts with
= + - @ (or a tab or carriage return); such text cells get the usual leading apostrophe. The
XLSX keeps every text verbatim, written as a string cell, which Excel never evaluates.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.document_text import xml_text
from bot.secretary.ledger import COLUMNS, TEXT_COLUMNS, LedgerData, LedgerRow, SummaryBuilder
from bot.secretary.ledger_reads import collector_paused

if TYPE_CHECKING:  # openpyxl is imported when an XLSX is written (25 MB a CSV does not need)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Full-width signs too: spreadsheet software set up for Chinese input reads them as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
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
    counted = _Counted(data.rows(text=csv_safe))
    # The BOM written once by hand: utf-8-sig would run its Python-level encoder on every row.
    with (
        collector_paused(),
        path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as csv_file,
    ):
        csv_file.write("\ufeff")
        out = csv.writer(csv_file)
        out.writerow(COLUMNS)
        out.writerows(counted)
    return counted.count


class _Counted:
    """An iterator that counts what passes through it (csv.writerows does not say)."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self._rows:
            self.count += 1
            yield row


def _xlsx_text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    from openpyxl.cell import WriteOnlyCell  # imported once; later calls find it cached

    # What XML cannot hold goes, as in the ledger sheet; everything else stays as written.
    cell = WriteOnlyCell(sheet, value=xml_text(value))
    cell.data_type = "s"  # never a formula, whatever it starts with
    return cell


# What XML text must escape (a carriage return too, or a reader would turn it into a newline).
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


# SpreadsheetML's inline-string element (<is>), named once.
_INLINE = "is"


def _cell_tail(value: object) -> str:
    """A cell's XML after its reference: an inline string (never a formula) or a number,
    as openpyxl writes them."""
    if isinstance(value, bool):
        value = int(value)  # 1 and True share a cache entry: the same number either way
    if isinstance(value, str):
        text = xml_text(value).translate(_XML_ESCAPES)
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'" t="inlineStr"><{_INLINE}><t{space}>{text}</t></{_INLINE}></c>'
    return f'"><v>{value}</v></c>'  # t="n" is the default


class _SheetRows:
    """The ledger sheet's rows as <row> XML text, written straight into the sheet's file.

    openpyxl's own path costs about 10 µs a cell (a Cell object, type checks, lxml elements):
    8-10 s for a year's 950 000 cells. Here a cell is its column's reference and a cached
    tail per distinct value (dates, names, statuses repeat all year).
    """

    def __init__(self, width: int) -> None:
        from openpyxl.utils import get_column_letter

        self._refs = ['<c r="' + get_column_letter(i + 1) for i in range(width)]
        self._tails: dict[object, str] = {}
        self.row_idx = 0

    def xml(self, values: Iterable[Any]) -> str:
        self.row_idx += 1
        row_number = str(self.row_idx)
        tails = self._tails
        parts = ['<row r="', row_number, '">']
        for ref, value in zip(self._refs, values, strict=False):
            if value is None or value == "":
                continue  # an empty cell is left out, as openpyxl does
            tail = tails.get(value)
            if tail is None:
                if len(tails) > 200_000:
                    tails.clear()
                tail = tails[value] = _cell_tail(value)
            parts += (ref, row_number, tail)
        parts.append("</row>")
        return "".join(parts)


_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def _write_fast(sheet: WriteOnlyWorksheet, rows: Iterable[Iterable[Any]]) -> bool:
    """Write the rows into a write-only sheet's XML ourselves; False (nothing written, the
    sheet still open) if this openpyxl lacks the hooks; an error if it no longer writes an
    empty sheet as one file with an empty <sheetData>.

    The sheet is closed empty first (openpyxl writes its frame: properties, views, margins,
    none of which depend on the rows), then its file is rewritten with the rows inside.
    """
    hooks: Any = sheet  # private openpyxl hooks: the type stubs do not know them
    try:
        hooks._get_writer()
        out = hooks._writer.out
        if not isinstance(out, str):
            return False
        sheet.close()
    except AttributeError:  # pragma: no cover - an openpyxl without these internals
        return False
    frame = Path(out).read_text(encoding="utf-8")
    parts = _SHEET_DATA.split(frame)
    if len(parts) != 2:  # pragma: no cover - a frame we do not know how to fill
        raise RuntimeError("openpyxl wrote an unexpected empty sheet")
    xml = _SheetRows(len(COLUMNS))
    with open(out, "w", encoding="utf-8", newline="", buffering=1 << 20) as sheet_file:
        sheet_file.write(parts[0] + "<sheetData>")
        sheet_file.writelines(map(xml.xml, rows))
        sheet_file.write("</sheetData>" + parts[1])
    return True


def _summed(data: LedgerData, summary: SummaryBuilder) -> Iterator[LedgerRow]:
    """The ledger's rows, each added to the summary on its way out."""
    add = summary.add
    for row in data.rows():
        add(row)
        yield row


def _write_plain(sheet: WriteOnlyWorksheet, rows: Iterable[LedgerRow]) -> None:
    """openpyxl's own path (slow, but needs none of its internals)."""
    sheet.append(list(COLUMNS))
    for row in rows:
        # An empty cell is left out of the sheet (None), which also keeps the file small.
        values: list[Any] = [v if v != "" else None for v in row]
        for i in _TEXT_AT:
            if values[i] is not None:
                values[i] = _xlsx_text(sheet, values[i])
        sheet.append(values)


def write_xlsx(data: LedgerData, path: Path) -> int:
    """Write the ledger and the per-member summary as XLSX, streaming rows; returns rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ledger = book.create_sheet(SHEET_LEDGER)
    summary = SummaryBuilder()
    counted = _Counted(_summed(data, summary))
    with collector_paused():
        if not _write_fast(ledger, itertools.chain([COLUMNS], counted)):
            _write_plain(ledger, counted)
    sheet = book.create_sheet(SHEET_SUMMARY)
    sheet.append(SUMMARY_HEADERS)
    for member in summary.summaries(data):
        sheet.append(
            [
                member.user_id,
                _xlsx_text(sheet, member.name),
                member.lessons,
                member.listened,
                member.makeup,
                member.notes,
                member.points,
                member.longest_streak,
                member.leave_days,
            ]
        )
    if data.attendance:
        # Activity days of the month: one row per event and member (branch life).
        sheet = book.create_sheet(SHEET_ATTENDANCE)
        sheet.append(ATTENDANCE_HEADERS)
        for row in data.attendance:
            sheet.append(
                [
                    row.event_id,
                    row.day.isoformat(),
                    _xlsx_text(sheet, row.kind),
                    _xlsx_text(sheet, row.title),
                    row.user_id,
                    _xlsx_text(sheet, row.name),
                    row.reply or "",
                    _xlsx_text(sheet, row.reason) if row.reason else None,
                    row.signed_in or "",
                ]
            )
    book.save(path)
    return counted.count


def write_ledger(data: LedgerData, path: Path) -> int:
    """CSV or XLSX, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(data, path)
    if suffix == ".xlsx":
        return write_xlsx(data, path)
    raise ValueError(f"unknown ledger format {suffix!r}: use .csv or .xlsx")
