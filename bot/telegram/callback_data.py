"""Callback data of the members' buttons: built and parsed in one place (≤ 64 bytes each)."""

from __future__ import annotations

import re
from datetime import datetime

_LISTEN = re.compile(r"^listen:(\d{1,9})$")
_BOARD = re.compile(r"^board:(on|off)$")

LISTEN_PATTERN = r"^listen:"
BOARD_PATTERN = r"^board:"


def listen(lesson_id: int) -> str:
    return f"listen:{lesson_id}"


def parse_listen(data: str | None) -> int | None:
    """The lesson id of a "✅ 已收听" press, or None for data that is not one."""
    match = _LISTEN.match(data or "")
    return int(match.group(1)) if match else None


def use_slot(lesson_id: int, slot: datetime) -> str:
    """The button that moves a lesson to a free slot (the slot as a Unix time)."""
    return f"slot:{lesson_id}:{int(slot.timestamp())}"


def board(on: bool) -> str:
    return f"board:{'on' if on else 'off'}"


def parse_board(data: str | None) -> bool | None:
    match = _BOARD.match(data or "")
    return None if match is None else match.group(1) == "on"


# --- secretary's view: 精选 (featured note) and the /export group picker --------------------
_FEATURE = re.compile(r"^feat:(\d{1,12}):([01])$")
_EXPORT = re.compile(r"^exp:(\d{1,12}):(\d{4})-(\d{2})$")

FEATURE_PATTERN = r"^feat:"
EXPORT_PATTERN = r"^exp:"


def feature(note_id: int, on: bool) -> str:
    """The button that marks a note 精选 (on) or takes the mark away (off)."""
    return f"feat:{note_id}:{int(on)}"


def parse_feature(data: str | None) -> tuple[int, bool] | None:
    match = _FEATURE.match(data or "")
    return None if match is None else (int(match.group(1)), match.group(2) == "1")


def export(group_id: int, month: str) -> str:
    return f"exp:{group_id}:{month}"


def parse_export(data: str | None) -> tuple[int, str] | None:
    """(group id, "YYYY-MM") of a group picked for /export."""
    match = _EXPORT.match(data or "")
    if match is None or not 1 <= int(match.group(3)) <= 12:
        return None
    return int(match.group(1)), f"{match.group(2)}-{match.group(3)}"


# --- branch life (issue 12): the quiz entry, event replies, sign-in QR, 纪实表, birthdays.

QUIZ_PATTERN = r"^qz:"
EVENT_PATTERN = r"^ev:"
QR_PATTERN = r"^qr:"
RECORD_PATTERN = r"^rec:"
BIRTHDAY_PATTERN = r"^bd:"

_QUIZ = re.compile(r"^qz:(?:(c):(\d)|(more|done|cancel))$")
_EVENT = re.compile(r"^ev:(a|l):(\d{1,9})$")
_QR = re.compile(r"^qr:(\d{1,9})$")
_RECORD = re.compile(r"^rec:(m|p|x):(\d{1,9})$")
_BIRTHDAY = re.compile(r"^bd:(\d{1,9}):(\d{1,16}):(\d{4})$")


def quiz_correct(option: int) -> str:
    return f"qz:c:{option}"


def quiz_action(action: str) -> str:
    return f"qz:{action}"


def parse_quiz(data: str | None) -> tuple[str, int] | None:
    """("c", option) for "this option is right", or (action, -1) for more/done/cancel."""
    match = _QUIZ.match(data or "")
    if match is None:
        return None
    if match.group(1):
        return "c", int(match.group(2))
    return match.group(3), -1


def event_reply(event_id: int, attend: bool) -> str:
    return f"ev:{'a' if attend else 'l'}:{event_id}"


def parse_event_reply(data: str | None) -> tuple[int, bool] | None:
    match = _EVENT.match(data or "")
    return None if match is None else (int(match.group(2)), match.group(1) == "a")


def qr_refresh(event_id: int) -> str:
    return f"qr:{event_id}"


def parse_qr_refresh(data: str | None) -> int | None:
    match = _QR.match(data or "")
    return None if match is None else int(match.group(1))


def record_action(event_id: int, action: str) -> str:
    """m: the next text or voice is the minutes; p: the next photos are attached; x: export."""
    return f"rec:{action}:{event_id}"


def parse_record_action(data: str | None) -> tuple[int, str] | None:
    match = _RECORD.match(data or "")
    return None if match is None else (int(match.group(2)), match.group(1))


def birthday_post(group_id: int, user_id: int, year: int) -> str:
    return f"bd:{group_id}:{user_id}:{year}"


def parse_birthday_post(data: str | None) -> tuple[int, int, int] | None:
    match = _BIRTHDAY.match(data or "")
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))
