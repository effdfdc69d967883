"""Text someone typed that starts with "=" stays text in every workbook people open: the
三会一课 sheet, the committee's workbook and the roster (花名册), which reads back the same."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.groups.secretaries import GroupRef
from bot.members.roster_file import RosterRow, read_roster, write_roster_xlsx
from bot.secretary.committee import BranchFigures, CommitteeMonth, LessonFigures
from bot.secretary.committee_workbook import build_committee_xlsx
from bot.secretary.meetings_sheet import MeetingLine, MeetingsSheet, write_meetings_sheet

LINK = '=HYPERLINK("https://example.com","点这里")'


def _types_of(book_bytes: bytes, text: str) -> set[str]:
    """The cell types ("s" a string, "f" a formula) of every cell in the book starting `text`."""
    book = load_workbook(io.BytesIO(book_bytes))
    return {
        str(cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(text)
    }


def test_a_meetings_title_or_party_group_starting_with_equals_is_text(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("三会一课")
    data = MeetingsSheet(
        2026,
        types=[(f"党小组会（{LINK}）", "每月", 1, 3, "Q1✓")],
        meetings=[MeetingLine(date(2026, 3, 10), f"党小组会（{LINK}）", LINK, 5, 4)],
    )
    write_meetings_sheet(sheet, data)
    path = tmp_path / "m.xlsx"
    book.save(path)
    assert _types_of(path.read_bytes(), LINK) == {"s"}
    assert _types_of(path.read_bytes(), "党小组会（=") == {"s"}


def test_a_branch_or_lesson_title_starting_with_equals_is_text_in_the_committees_book() -> None:
    branch = BranchFigures(
        GroupRef(1, -1001, LINK, "Asia/Shanghai"),
        [LessonFigures(7, date(2026, 3, 2), LINK, 4, 2, 1)],
        1,
        3,
        4,
        3,
    )
    data = build_committee_xlsx(CommitteeMonth("机关党委", 2026, 3, [branch]))
    assert _types_of(data, LINK) == {"s"}
    summary = [list(r) for r in load_workbook(io.BytesIO(data))["汇总"].iter_rows(values_only=True)]
    assert summary[2][:2] == [LINK, 1]


def test_a_roster_with_a_name_and_remark_starting_with_equals_round_trips_as_text(
    tmp_path: Path,
) -> None:
    rows = [RosterRow(name="=1+1", party_group="=A1", duty="=B2", remark=LINK)]
    path = tmp_path / "花名册.xlsx"
    assert write_roster_xlsx(rows, path) == 1
    data = path.read_bytes()
    assert _types_of(data, "=") == {"s"}
    assert read_roster(data).rows == rows
