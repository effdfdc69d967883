"""Rows written straight into a write-only openpyxl sheet's XML: the ledger sheet's fast path.

openpyxl's own path costs about 10 µs a cell (a Cell object, type checks, lxml elements):
8-10 s for a year's 950 000 cells. Here a cell is its column's reference and a cached tail
per distinct value (dates, names, statuses repeat all year). Text is an inline string, never
a formula, as openpyxl writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.document_text import xml_text

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
    """A sheet's rows as <row> XML text, written straight into the sheet's file."""

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


def write_rows_fast(sheet: WriteOnlyWorksheet, rows: Iterable[Iterable[Any]], width: int) -> bool:
    """Write the rows into a write-only sheet's XML ourselves; False (nothing written, the
    sheet still open) if this openpyxl lacks the hooks; an error if it no longer writes an
    empty sheet as one file with an empty <sheetData>.

    The sheet is closed empty first (openpyxl writes its frame: properties, views, margins,
    column widths, none of which depend on the rows), then its file is rewritten with the
    rows inside.
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
    xml = _SheetRows(width)
    with open(out, "w", encoding="utf-8", newline="", buffering=1 << 20) as sheet_file:
        sheet_file.write(parts[0] + "<sheetData>")
        sheet_file.writelines(map(xml.xml, rows))
        sheet_file.write("</sheetData>" + parts[1])
    return True
