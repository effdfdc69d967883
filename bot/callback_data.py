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
