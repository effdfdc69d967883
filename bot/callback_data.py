"""Callback data of the members' buttons: built and parsed in one place (≤ 64 bytes each)."""

from __future__ import annotations

import re

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
