"""The dashboard reads the ledger's rows by column name; a member's cell says heard or not and
how, never the player's share (the ledger file keeps it)."""

from __future__ import annotations

from datetime import date

from bot.secretary.dashboard import Evidence, WeekLesson, evidence, member_lines

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
    lessons = [WeekLesson(7, date(2026, 3, 2), "a"), WeekLesson(8, date(2026, 3, 3), "b")]
    rows = [
        ROW | {"user_id": 21, "member_name": "李娜", "status": "on_leave", "listened_via": ""},
        ROW,
        ROW | {"lesson_id": 8, "status": "not_listened", "listened_via": ""},
    ]
    lines = member_lines(rows, lessons)
    assert [(m.name, m.listened, m.expected) for m in lines] == [("张伟", 1, 2), ("李娜", 0, 0)]
    assert lines[1].cells[1] is None  # no row for that lesson: not in the group then
