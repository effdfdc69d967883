"""Ledger rules without a database: local times across DST, the month argument, formula-safe
CSV text, the summary's longest streak, per-member columns, awkward text in both files, and
the order members are upserted in."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from bot.core.errors import DomainError
from bot.groups.secretaries import GroupRef
from bot.secretary import ledger_workbook
from bot.secretary.ledger import (
    COL,
    COLUMNS,
    PER_MEMBER_COLUMNS,
    LedgerData,
    LessonInfo,
    ListenInfo,
    MemberInfo,
    NoteInfo,
    Period,
    RowStatus,
    SummaryBuilder,
    parse_month,
)
from bot.secretary.ledger_files import csv_safe, write_csv, write_xlsx
from bot.secretary.ledger_times import LocalTimes
from storage.repositories import UserInfo, upsert_members


def test_local_times_match_zoneinfo_exactly_across_both_berlin_transitions() -> None:
    times = LocalTimes("Europe/Berlin")
    start = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    for minutes in range(0, 60 * 8, 7):
        at = start + timedelta(minutes=minutes)
        raw = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        want = at.astimezone(times._zone).isoformat(timespec="seconds")
        assert times.iso(raw) == want  # SQLite's text
        assert times.iso(at.replace(tzinfo=None)) == want  # PostgreSQL's naive datetime
    autumn = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    for minutes in range(0, 60 * 4, 11):
        at = autumn + timedelta(minutes=minutes)
        raw = at.replace(tzinfo=None).isoformat(sep=" ")
        assert times.iso(raw) == at.astimezone(times._zone).isoformat(timespec="seconds")
    assert LocalTimes("Asia/Shanghai").iso("2026-03-01 16:00:00") == "2026-03-02T00:00:00+08:00"
    assert times.iso(None) == ""


def test_the_month_argument_is_parsed_or_refused_politely() -> None:
    march = parse_month("2026-03")
    assert (march.start.isoformat(), march.end.isoformat(), march.label) == (
        "2026-03-01",
        "2026-04-01",
        "2026-03",
    )
    december = parse_month("2026-12")
    assert december.end.isoformat() == "2027-01-01" and december.days() == 31
    for bad in ("2026-13", "2026-00", "26-03", "2026/03", "march", "1999-01", ""):
        with pytest.raises(DomainError) as err:
            parse_month(bad)
        assert err.value.key == "export.bad_month"


def test_csv_text_that_would_run_as_a_formula_gets_an_apostrophe_only_then() -> None:
    for text in ("=1+1", "+86 138", "-1", "@SUM(A1)", "\t=x", "\r=x"):
        assert csv_safe(text) == "'" + text
    # Full-width signs: spreadsheet software in Chinese turns them into formula starts too.
    for text in ("＝1+1", "＋86 138", "－1", "＠SUM(A1)"):
        assert csv_safe(text) == "'" + text
    for text in ("学习心得 = 收获", "<b>html</b>", "", "1-2"):
        assert csv_safe(text) == text


def _row(user: int, status: RowStatus, timing: str = "", makeup: int = 0) -> list[str | int]:
    row: list[str | int] = ["" for _ in COLUMNS]
    row[COL["user_id"]], row[COL["member_name"]] = user, f"党员{user}"
    row[COL["status"]], row[COL["timing"]], row[COL["makeup"]] = status.value, timing, makeup
    row[COL["points"]] = 1 if status is RowStatus.LISTENED else 0
    row[COL["notes"]] = 0
    return row


def test_the_longest_streak_passes_over_leave_and_breaks_on_a_missed_or_late_lesson() -> None:
    summary = SummaryBuilder()
    listened, leave = RowStatus.LISTENED, RowStatus.ON_LEAVE
    for status, timing in [
        (listened, "on_day"),
        (leave, ""),
        (listened, "makeup"),
        (listened, "on_day"),
        (RowStatus.NOT_LISTENED, ""),
        (listened, "on_day"),
        (listened, "late"),
        (listened, "on_day"),
    ]:
        summary.add(_row(1, status, timing, int(timing == "makeup")), 1)
    summary.add(_row(2, RowStatus.UNREACHABLE), 2)

    class NoLeave:
        def leave_days(self, user_id: int) -> int:
            return 0

    one, two = summary.summaries(NoLeave())  # type: ignore[arg-type]
    assert (one.lessons, one.listened, one.makeup, one.points, one.longest_streak) == (
        8,
        6,
        1,
        6,
        3,
    )
    assert (two.lessons, two.listened, two.longest_streak) == (1, 0, 0)


def test_local_times_match_zoneinfo_in_zones_of_part_hours_and_west_of_utc() -> None:
    # Lord Howe moves by half an hour; Kolkata is +05:30 all year; New York is behind UTC.
    for zone, start in [
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 12, 0, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 10, 3, 12, 0, tzinfo=UTC)),
        ("Asia/Kolkata", datetime(2026, 3, 1, 17, 0, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 3, 8, 4, 0, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 12, 31, 23, 0, tzinfo=UTC)),
    ]:
        times = LocalTimes(zone)
        for minutes in range(0, 60 * 6, 13):
            at = start + timedelta(minutes=minutes, seconds=minutes % 60)
            want = at.astimezone(times._zone).isoformat(timespec="seconds")
            assert times.iso(at.replace(tzinfo=None).isoformat(sep=" ")) == want, (zone, at)
            assert times.iso(at.replace(tzinfo=None)) == want, (zone, at)


def _data(**evidence: object) -> LedgerData:
    """One lesson and two members, with whatever evidence is given."""
    slot = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    lesson = LessonInfo(5, "=学习党章 ", slot, date(2026, 3, 2), 1)
    members = {
        7: MemberInfo("  张三\r\n李四&<王五>\x07", True, True, None, None),
        8: MemberInfo("+86 党员", True, True, None, None),
    }
    group = GroupRef(1, -1001, "第一党支部", "Asia/Shanghai")
    period = Period(date(2026, 3, 1), date(2026, 4, 1), "2026-03")
    data = LedgerData(group, period, [lesson], members, {}, {}, defaultdict(list), {})
    for name, value in evidence.items():
        setattr(data, name, value)
    return data


def test_a_per_member_column_is_read_from_its_map_and_blank_where_there_is_none() -> None:
    data = _data(
        per_member={
            "quiz_answered": {(5, 8): 3},
            "quiz_correct": {(5, 8): 2},
            "heard_share": {(5, 8): "0.93"},
        }
    )
    rows = {int(r[COL["user_id"]]): r for r in data.rows()}
    assert len(rows[7]) == len(COLUMNS) == len(rows[8])
    assert [rows[8][COL[c]] for c in PER_MEMBER_COLUMNS] == [3, 2, "0.93"]
    assert [rows[7][COL[c]] for c in PER_MEMBER_COLUMNS] == ["", "", ""]
    assert COLUMNS[-len(PER_MEMBER_COLUMNS) :] == PER_MEMBER_COLUMNS


def test_the_xlsx_ledger_keeps_awkward_text_exactly_as_openpyxls_own_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = NoteInfo(1, " =1+1 & <b>心得</b>\r\n第二行\x00 ", None, "2026-03-02 01:00:00", True)
    listen = ListenInfo("note", "on_day", "2026-03-02 01:00:00.5")
    data = _data(
        notes=defaultdict(list, {(5, 7): [note]}),
        listens={(5, 7): listen},
        deliveries={(5, 7): ("sent", "2026-03-01 23:30:01.25")},
        points={(5, 7): 3},
    )
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    # Spy: the fast path must really have written the first book, or the comparison below
    # would hold two books from the plain path.
    real_write_fast = ledger_workbook._write_fast
    ran: list[bool] = []

    def spy(sheet: Any, rows: Any) -> bool:
        ran.append(real_write_fast(sheet, rows))
        return ran[-1]

    monkeypatch.setattr(ledger_workbook, "_write_fast", spy)
    assert write_xlsx(data, fast) == 2
    assert ran == [True]
    monkeypatch.setattr(ledger_workbook, "_write_fast", lambda sheet, rows: False)
    assert write_xlsx(data, plain) == 2
    got = [list(r) for r in load_workbook(fast).worksheets[0].iter_rows(values_only=True)]
    assert got == [list(r) for r in load_workbook(plain).worksheets[0].iter_rows(values_only=True)]
    head = {name: i for i, name in enumerate(got[0])}
    assert got[1][head["姓名"]] == "  张三\r\n李四&<王五>"  # the control character dropped
    assert got[1][head["学习心得"]] == " =1+1 & <b>心得</b>\r\n第二行 "
    assert got[1][head["题目"]] == "=学习党章 "  # text, never a formula
    assert got[1][head["送达时间"]] == "2026-03-02 07:30"  # the group's zone, to the minute
    assert got[2][head["姓名"]] == "+86 党员"
    # Excel trims a string's outer spaces unless it is told not to.
    with zipfile.ZipFile(fast) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> =1+1 &amp; &lt;b&gt;' in sheet
    assert '<t xml:space="preserve">  张三&#13;\n李四&amp;&lt;王五&gt;</t>' in sheet


def test_the_csv_has_one_bom_and_guards_formula_text_once_per_cell(tmp_path: Path) -> None:
    data = _data()
    path = tmp_path / "ledger.csv"
    assert write_csv(data, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [r[COL["lesson_title"]] for r in rows[1:]] == ["'=学习党章 "] * 2
    assert rows[2][COL["member_name"]] == "'+86 党员"
    assert rows[1][COL["member_name"]] == "  张三\r\n李四&<王五>\x07"


def test_members_are_upserted_in_user_id_order_so_two_batches_lock_rows_alike() -> None:
    class Recording:
        bind = None  # SQLite's insert; the row order is what matters

        def __init__(self) -> None:
            self.rows: list[dict[str, Any]] = []

        def execute(self, statement: object, rows: list[dict[str, Any]]) -> None:
            self.rows = rows

    session = Recording()
    users = [UserInfo(uid, f"党员{uid}") for uid in (9, 3, 7, 3, 1)]
    upsert_members(cast(Session, session), users, datetime(2026, 3, 5, tzinfo=UTC))

    assert [row["user_id"] for row in session.rows] == [1, 3, 7, 9]
