"""A text cell for a workbook people open in Excel: written as a string, never a formula.

openpyxl turns any str value starting with "=" into a formula; a title, a name or a remark a
member typed ("=HYPERLINK(...)") must stay the text it is. Here for every writer: the ledger's
sheets, the 三会一课 sheet, the committee's workbook and the roster (花名册).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.document_text import xml_text

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet


def text_cell(sheet: Worksheet | WriteOnlyWorksheet, value: str) -> Cell:
    """`value` as a string cell of `sheet` (append it, or put it in a row to append)."""
    from openpyxl.cell import WriteOnlyCell  # imported once; later calls find it cached

    # What XML cannot hold goes, as in the ledger sheet; everything else stays as written.
    cell = WriteOnlyCell(sheet, value=xml_text(value))
    cell.data_type = "s"  # never a formula, whatever it starts with
    return cell
