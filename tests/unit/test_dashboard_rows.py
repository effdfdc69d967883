"""The dashboard reads the ledger's rows by column name; a member's cell says heard or not and
how, never the player's share (the ledger file keeps it)."""

from __future__ import annotations

from datetime import date

from bot.secretary.dashboard import (
    FALLBACK,
    KEY,
    Evidence,
    WeekLesson,
    evidence,
    member_lines,
)

ROW = {
    "lesson_id": 7,
    "user_id": 20,
    "member_name": "张伟",
    "status": "listened",
    "listened_via": "player",
    "timing": "on_day",
    "notes": 0,
}


def test_a_members_cell_carries_no_share_of_the_lesson() -> None:
    assert evidence(ROW | {"heard_share": 0.92}) == Evidence("listened", "player", "on_day", 0)
    not_heard = {"status": "not_listened", "listened_via": "", "timing": "", "heard_share": "0.4"}
    assert evidence(ROW | not_heard) == Evidence("not_listened", "", "", 0)


def test_members_are_listed_by_name_with_a_cell_per_lesson() -> None:
    lessons = [WeekLesson(7, date(2026, 3, 2), "a", 1), WeekLesson(8, date(2026, 3, 3), "b", 2)]
    rows = [
        ROW | {"user_id": 21, "member_name": "李娜", "status": "on_leave", "listened_via": ""},
        ROW,
        ROW | {"lesson_id": 8, "status": "not_listened", "listened_via": ""},
    ]
    lines = member_lines(rows, lessons)
    assert [(m.name, m.listened, m.expected) for m in lines] == [("张伟", 1, 2), ("李娜", 0, 0)]
    assert lines[1].cells[1] is None  # no row for that lesson: not in the group then


def test_people_with_no_account_stay_apart_and_count_as_expected() -> None:
    lessons = [WeekLesson(7, date(2026, 3, 2), "a", 1)]
    nobody = {"user_id": "", "listened_via": "", "timing": ""}
    rows = [
        ROW | {KEY: 20, FALLBACK: False},
        # Two roster members with no Telegram account: the user id cell is empty for both.
        ROW | nobody | {KEY: -1, "member_name": "刘芳", "status": "unlinked", FALLBACK: False},
        ROW | nobody | {KEY: -2, "member_name": "陈静", "status": "unlinked", FALLBACK: False},
        ROW | {KEY: 30, "member_name": "小赵", "status": "not_started", FALLBACK: True},
    ]
    lines = {m.name: m for m in member_lines(rows, lessons)}
    assert set(lines) == {"张伟", "刘芳", "陈静", "小赵"}
    assert [(lines[n].listened, lines[n].expected) for n in ("刘芳", "小赵")] == [(0, 1), (0, 1)]
    assert lines["小赵"].name_is_fallback and not lines["刘芳"].name_is_fallback
