"""The ledger as files: CSV (UTF-8 with BOM, so Excel shows Chinese), the machine contract
with the English column names of bot.secretary.ledger.COLUMNS and ISO times; the XLSX for
people is bot.secretary.ledger_workbook.

Formula injection: a CSV cell has no type, so Excel would evaluate a note that starts with
= + - @ (or a tab or carriage return); such text cells get the usual leading apostrophe. The
XLSX keeps every text verbatim, written as a string cell, which Excel never evaluates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.secretary.ledger import COLUMNS, LedgerData
from bot.secretary.ledger_reads import collector_paused
from bot.secretary.ledger_workbook import write_workbook, write_xlsx

__all__ = ["FORMULA_STARTS", "csv_safe", "write_csv", "write_ledger", "write_xlsx"]

# Full-width signs too: spreadsheet software set up for Chinese input reads them as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


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


def write_ledger(data: LedgerData, path: Path, party_group: str | None = None) -> int:
    """CSV or XLSX, by the file's suffix (`party_group`: the 党小组 the data was cut to, named
    in the workbook's sentence)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(data, path)
    if suffix == ".xlsx":
        return write_workbook(data, path, party_group).rows
    raise ValueError(f"unknown ledger format {suffix!r}: use .csv or .xlsx")
