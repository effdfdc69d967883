"""Ledger rules without a database: local times across DST, the month argument, formula-safe
CSV text, and the summary's longest streak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import DomainError
from bot.ledger import COL, COLUMNS, LocalTimes, RowStatus, SummaryBuilder, parse_month
from bot.ledger_files import csv_safe


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
        summary.add(_row(1, status, timing, int(timing == "makeup")))
    summary.add(_row(2, RowStatus.UNREACHABLE))

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
