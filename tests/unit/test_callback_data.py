"""Callback data: every builder's output reads back to what it was built from, fits Telegram's
64 bytes and is routed by its pattern; data a client forged reads as None."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.telegram import callback_data as cd
from bot.telegram.callback_data import LessonAction, ListPress, QuizAction, RecordAction

SLOT = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
BIG = 999_999_999  # nine digits: the largest lesson or event id a button carries

# (data built, its parser, what the parser must give back, the pattern that routes it)
ROUND_TRIPS: list[tuple[str, Callable[[object], object], object, str]] = [
    (cd.listen(7), cd.parse_listen, 7, cd.LISTEN_PATTERN),
    (cd.listen(BIG), cd.parse_listen, BIG, cd.LISTEN_PATTERN),
    (cd.board(True), cd.parse_board, True, cd.BOARD_PATTERN),
    (cd.board(False), cd.parse_board, False, cd.BOARD_PATTERN),
    *[
        (cd.lesson_action(a, 12), cd.parse_lesson_action, (a, 12), cd.LESSON_PATTERN)
        for a in LessonAction
    ],
    (cd.use_slot(12, SLOT), cd.parse_use_slot, (12, SLOT), cd.LESSON_PATTERN),
    (cd.pick_group(3), cd.parse_pick_group, 3, cd.PICK_PATTERN),
    (
        cd.number_pick("sendnow", BIG),
        cd.parse_number_pick,
        ("sendnow", BIG),
        cd.NUMBER_PICK_PATTERN,
    ),
    (cd.cancel_prompt("title"), cd.parse_cancel_prompt, "title", cd.PROMPT_CANCEL_PATTERN),
    (cd.feature(10**11, True), cd.parse_feature, (10**11, True), cd.FEATURE_PATTERN),
    (cd.feature(5, False), cd.parse_feature, (5, False), cd.FEATURE_PATTERN),
    (cd.export(4, "2026-03"), cd.parse_export, (4, "2026-03"), cd.EXPORT_PATTERN),
    (cd.quiz_correct(0), cd.parse_quiz, 0, cd.QUIZ_PATTERN),
    (cd.quiz_correct(9), cd.parse_quiz, 9, cd.QUIZ_PATTERN),
    *[(cd.quiz_action(a), cd.parse_quiz, a, cd.QUIZ_PATTERN) for a in QuizAction],
    (cd.event_reply(8, True), cd.parse_event_reply, (8, True), cd.EVENT_PATTERN),
    (cd.event_reply(8, False), cd.parse_event_reply, (8, False), cd.EVENT_PATTERN),
    (cd.qr_refresh(BIG), cd.parse_qr_refresh, BIG, cd.QR_PATTERN),
    *[
        (cd.record_action(6, a), cd.parse_record_action, (6, a), cd.RECORD_PATTERN)
        for a in RecordAction
    ],
    (
        cd.birthday_post(BIG, 10**15, 2026),
        cd.parse_birthday_post,
        (BIG, 10**15, 2026),
        cd.BIRTHDAY_PATTERN,
    ),
    (cd.recorder_page(BIG, 0), cd.parse_recorder, (ListPress.OPEN, BIG, 0), cd.RECORDER_PATTERN),
    (cd.recorder_turn(6, 2), cd.parse_recorder, (ListPress.TURN, 6, 2), cd.RECORDER_PATTERN),
    (cd.recorder_set(6, -40), cd.parse_recorder, (ListPress.PICK, 6, -40), cd.RECORDER_PATTERN),
    (cd.birthday_page(0), cd.parse_birthday_pick, (ListPress.OPEN, 0), cd.BIRTHDAY_PICK_PATTERN),
    (cd.birthday_turn(3), cd.parse_birthday_pick, (ListPress.TURN, 3), cd.BIRTHDAY_PICK_PATTERN),
    (
        cd.birthday_member(10**15),
        cd.parse_birthday_pick,
        (ListPress.PICK, 10**15),
        cd.BIRTHDAY_PICK_PATTERN,
    ),
    (cd.past_page(0), cd.parse_past, ("p", 0), cd.PAST_PATTERN),
    (cd.past_lesson(BIG), cd.parse_past, ("l", BIG), cd.PAST_PATTERN),
    (cd.menu_group("r", 3), cd.parse_menu_group, ("r", 3), cd.MENU_GROUP_PATTERN),
    (cd.menu_group("a", BIG), cd.parse_menu_group, ("a", BIG), cd.MENU_GROUP_PATTERN),
    (cd.menu_event("r", 6), cd.parse_menu_event, ("r", 6), cd.MENU_EVENT_PATTERN),
    (cd.menu_event("s", BIG), cd.parse_menu_event, ("s", BIG), cd.MENU_EVENT_PATTERN),
]
PATTERNS = sorted({pattern for *_, pattern in ROUND_TRIPS})
PARSERS = list({id(parse): parse for _, parse, _, _ in ROUND_TRIPS}.values())


@pytest.mark.parametrize(("data", "parse", "value", "pattern"), ROUND_TRIPS)
def test_what_a_builder_makes_reads_back_fits_and_reaches_its_handler_only(
    data: str, parse: Callable[[object], object], value: object, pattern: str
) -> None:
    assert parse(data) == value
    assert len(data.encode()) <= cd.MAX_BYTES
    assert [p for p in PATTERNS if re.match(p, data)] == [pattern]


@pytest.mark.parametrize(("data", "parse", "value", "pattern"), ROUND_TRIPS)
def test_no_other_parser_reads_a_buttons_data(
    data: str, parse: Callable[[object], object], value: object, pattern: str
) -> None:
    # Lesson buttons and free slots share one handler, which tries both parsers.
    shared = {cd.parse_lesson_action, cd.parse_use_slot}
    others = [p for p in PARSERS if p is not parse and not {p, parse} <= shared]
    assert [p for p in others if p(data) is not None] == []
    if parse in shared:
        assert [p for p in shared - {parse} if p(data) is not None] == []


FORGED = [
    None,
    7,
    b"listen:7",
    "",
    "listen:",
    "listen:-7",
    "listen:+7",
    "listen:7 ",
    "listen:7\n",  # re's "$" would have let this one through
    " listen:7",
    "listen:07x",
    "listen:1234567890",  # ten digits: not a lesson the database can hold
    "listen:²",
    "listen:７",  # a full-width digit
    "listen:٣",  # an Arabic-Indic digit: int() would read it
    "LISTEN:7",
    "board:maybe",
    "now:",
    "now:1:2",
    "delete:1",
    "slot:1:",
    "slot:1:1234567890123",
    "slot:1:999999999999",  # a Unix time in the year 33658: no datetime reads it
    "pick:-5",
    "pick:abc",
    "px:",
    "px:Title",
    "px:" + "a" * 21,
    "feat:1:2",
    "exp:1:2026-13",
    "exp:1:2026-00",
    "exp:1:26-03",
    "qz:c:10",
    "qz:c:-1",
    "qz:submit",
    "ev:x:1",
    "qr:",
    "rec:z:1",
    "rec:m:",
    "bd:1:2:26",
    "bd:1:12345678901234567:2026",
    "listen:1" + "0" * 70,  # over Telegram's 64 bytes
]


@pytest.mark.parametrize("data", FORGED, ids=[repr(d) for d in FORGED])
def test_forged_data_is_refused_by_every_parser(data: object) -> None:
    assert [p for p in PARSERS if p(data) is not None] == []


@pytest.mark.parametrize(
    "build",
    [
        lambda: cd.listen(-1),
        lambda: cd.listen(10**9),
        lambda: cd.lesson_action(LessonAction.RENAME, 10**9),
        lambda: cd.pick_group(-3),
        lambda: cd.cancel_prompt("Title!"),
        lambda: cd.cancel_prompt("x" * 40),
        lambda: cd.quiz_correct(10),
        lambda: cd.export(1, "March"),
        lambda: cd.birthday_post(1, 2, 26),
        lambda: cd.past_lesson(10**9),
        lambda: cd.menu_group("x", 1),
        lambda: cd.menu_event("r", -1),
    ],
)
def test_a_builder_refuses_to_make_data_its_parser_would_not_read(
    build: Callable[[], str],
) -> None:
    with pytest.raises(ValueError, match="not valid callback data"):
        build()


def test_no_two_kinds_of_button_share_a_prefix() -> None:
    """PTB routes a press by its pattern's prefix: two kinds with one prefix would take each
    other's presses (past lessons and the 党课 mark once both used "pl:")."""
    patterns = {
        name: value
        for name, value in vars(cd).items()
        if name.endswith("_PATTERN") and isinstance(value, str)
    }
    prefixes = [value.lstrip("^").rstrip("$") for value in patterns.values()]
    clashes = {
        (a, b)
        for a in prefixes
        for b in prefixes
        if a != b and (a.startswith(b) or b.startswith(a))
    }
    assert len(set(prefixes)) == len(prefixes), sorted(prefixes)
    assert clashes == set()
