"""Roster files as a secretary makes them in Excel: an XLSX (or a GBK CSV) with a header row."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook

HEADER = ("姓名", "类别", "党小组", "入党日期", "职务", "Telegram", "备注")


def thirty_with_three_bad() -> list[Sequence[object]]:
    """30 rows: 27 good (one with an Excel date cell, one with 2019年7月1日), 3 bad (no name,
    an unknown category, a date that is no date)."""
    rows: list[Sequence[object]] = []
    for i in range(1, 28):
        joined: object = f"2010-0{1 + i % 9}-1{i % 10}"
        if i == 5:
            joined = date(2015, 7, 1)
        if i == 6:
            joined = "2019年7月1日"
        rows.append(
            (
                f"党员{i:02d}",
                "预备党员" if i % 10 == 0 else "正式党员",
                f"第{1 + i % 3}党小组",
                joined,
                "书记" if i == 1 else "",
                "",
                "",
            )
        )
    rows.insert(10, ("", "正式党员", "第一党小组", "2010-01-01", "", "", "姓名漏填"))
    rows.insert(20, ("错类别", "群众", "第二党小组", "2011-02-02", "", "", ""))
    rows.insert(25, ("错日期", "正式党员", "第三党小组", "去年七月", "", "", ""))
    return rows


def roster_xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roster_csv(rows: Sequence[Sequence[object]], encoding: str = "gb18030") -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
