"""Callback data of every button the bot makes: built and parsed here and nowhere else.

Telegram gives a button at most 64 bytes of data, and the data comes back from the client,
where anyone can forge it. So each kind has a builder that refuses to make data its own parser
would not read back, and a parser that reads only exactly that shape (ASCII digits, the whole
string, ≤ 64 bytes) and returns None for anything else. The `*_PATTERN`s only route a press to
its handler (PTB matches them as a prefix); the handler still parses.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum

MAX_BYTES = 64


def _fits(data: str, shape: re.Pattern[str]) -> str:
    """Data a builder made, checked against its own parser's shape and Telegram's limit."""
    if len(data.encode()) > MAX_BYTES or shape.fullmatch(data) is None:
        raise ValueError(f"not valid callback data: {data!r}")
    return data


def _read(shape: re.Pattern[str], data: object) -> re.Match[str] | None:
    """The client's data, if it is exactly one of ours."""
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    return shape.fullmatch(data)


def _shape(pattern: str) -> re.Pattern[str]:
    # ASCII: "\d" would otherwise take full-width and other scripts' digits.
    return re.compile(pattern, re.ASCII)


# --- the lesson's "✅ 已收听" button, and the group's settings ------------------------------
LISTEN_PATTERN = r"^listen:"
BOARD_PATTERN = r"^board:"
_LISTEN = _shape(r"listen:(\d{1,9})")
_BOARD = _shape(r"board:(on|off)")


def listen(lesson_id: int) -> str:
    return _fits(f"listen:{lesson_id}", _LISTEN)


def parse_listen(data: object) -> int | None:
    """The lesson id of a "✅ 已收听" press, or None for data that is not one."""
    match = _read(_LISTEN, data)
    return int(match.group(1)) if match else None


def board(on: bool) -> str:
    return _fits(f"board:{'on' if on else 'off'}", _BOARD)


def parse_board(data: object) -> bool | None:
    match = _read(_BOARD, data)
    return None if match is None else match.group(1) == "on"


# --- the secretary's queue: a lesson's buttons, a free slot, the group an upload goes to ----
class LessonAction(StrEnum):
    SEND_NOW = "now"
    RESCHEDULE = "resched"
    RENAME = "rename"
    CANCEL = "cancel"


# The lesson's buttons and the free slots offered for it go to one handler.
LESSON_PATTERN = rf"^({'|'.join(LessonAction)}|slot):"
PICK_PATTERN = r"^pick:"
_LESSON = _shape(rf"({'|'.join(LessonAction)}):(\d{{1,9}})")
_SLOT = _shape(r"slot:(\d{1,9}):(\d{1,12})")
_PICK = _shape(r"pick:(\d{1,12})")


def lesson_action(action: LessonAction, lesson_id: int) -> str:
    return _fits(f"{action}:{lesson_id}", _LESSON)


def parse_lesson_action(data: object) -> tuple[LessonAction, int] | None:
    match = _read(_LESSON, data)
    return None if match is None else (LessonAction(match.group(1)), int(match.group(2)))


def use_slot(lesson_id: int, slot: datetime) -> str:
    """The button that moves a lesson to a free slot (the slot as a Unix time)."""
    return _fits(f"slot:{lesson_id}:{int(slot.timestamp())}", _SLOT)


def parse_use_slot(data: object) -> tuple[int, datetime] | None:
    match = _read(_SLOT, data)
    if match is None:
        return None
    try:
        slot = datetime.fromtimestamp(int(match.group(2)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None  # past the year 9999 (or the platform's clock): no slot we ever offered
    return int(match.group(1)), slot


MOVE_PATTERN = r"^mv:"
_MOVE = _shape(r"mv:(\d{1,9}):(\d{1,12})")


def move_lesson(lesson_id: int, group_id: int) -> str:
    """The button that moves a lesson to another group its secretary runs."""
    return _fits(f"mv:{lesson_id}:{group_id}", _MOVE)


def parse_move_lesson(data: object) -> tuple[int, int] | None:
    match = _read(_MOVE, data)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def pick_group(group_id: int) -> str:
    """The group an upload goes to, when its secretary runs several."""
    return _fits(f"pick:{group_id}", _PICK)


def parse_pick_group(data: object) -> int | None:
    match = _read(_PICK, data)
    return None if match is None else int(match.group(1))


# --- a prompt's ❌ button: drop the question the bot is waiting for an answer to -----------
PROMPT_CANCEL_PATTERN = r"^px:"
_PROMPT_CANCEL = _shape(r"px:([a-z_]{1,20})")


def cancel_prompt(kind: str) -> str:
    """Names the prompt's kind: a stale button under an older, other question drops nothing."""
    return _fits(f"px:{kind}", _PROMPT_CANCEL)


def parse_cancel_prompt(data: object) -> str | None:
    match = _read(_PROMPT_CANCEL, data)
    return None if match is None else match.group(1)


# --- secretary's view: 精选 (featured note) and the /export group picker --------------------
FEATURE_PATTERN = r"^feat:"
EXPORT_PATTERN = r"^exp:"
_FEATURE = _shape(r"feat:(\d{1,12}):([01])")
_EXPORT = _shape(r"exp:(\d{1,12}):(\d{4})-(\d{2})")
EXPORT_PARTY_PATTERN = r"^exg:"
# A 党小组 by its place in the group's sorted list (0: the whole branch): a name may not fit.
_EXPORT_PARTY = _shape(r"exg:(\d{1,12}):(\d{4})-(\d{2}):(\d{1,3})")


def feature(note_id: int, on: bool) -> str:
    """The button that marks a note 精选 (on) or takes the mark away (off)."""
    return _fits(f"feat:{note_id}:{int(on)}", _FEATURE)


def parse_feature(data: object) -> tuple[int, bool] | None:
    match = _read(_FEATURE, data)
    return None if match is None else (int(match.group(1)), match.group(2) == "1")


def export(group_id: int, month: str) -> str:
    return _fits(f"exp:{group_id}:{month}", _EXPORT)


def parse_export(data: object) -> tuple[int, str] | None:
    """(group id, "YYYY-MM") of a group picked for /export."""
    match = _read(_EXPORT, data)
    if match is None or not 1 <= int(match.group(3)) <= 12:
        return None
    return int(match.group(1)), f"{match.group(2)}-{match.group(3)}"


def export_party(group_id: int, month: str, index: int) -> str:
    return _fits(f"exg:{group_id}:{month}:{index}", _EXPORT_PARTY)


def parse_export_party(data: object) -> tuple[int, str, int] | None:
    """(group id, "YYYY-MM", 党小组 index, 0 for the whole branch) picked for /export."""
    match = _read(_EXPORT_PARTY, data)
    if match is None or not 1 <= int(match.group(3)) <= 12:
        return None
    return int(match.group(1)), f"{match.group(2)}-{match.group(3)}", int(match.group(4))


# --- branch life: the quiz entry, event replies, sign-in QR, 纪实表, birthdays -------------
QUIZ_PATTERN = r"^qz:"
EVENT_PATTERN = r"^ev:"
QR_PATTERN = r"^qr:"
RECORD_PATTERN = r"^rec:"
BIRTHDAY_PATTERN = r"^bd:"


class QuizAction(StrEnum):
    MORE = "more"
    DONE = "done"
    CANCEL = "cancel"


class RecordAction(StrEnum):
    MINUTES = "m"  # the next text or voice is the minutes
    PHOTOS = "p"  # the next photos are attached
    EXPORT = "x"  # the 纪实表 as a document


_QUIZ = _shape(rf"qz:(?:c:(\d)|({'|'.join(QuizAction)}))")
_EVENT = _shape(r"ev:(a|l):(\d{1,9})")
_QR = _shape(r"qr:(\d{1,9})")
_RECORD = _shape(rf"rec:([{''.join(RecordAction)}]):(\d{{1,9}})")
_BIRTHDAY = _shape(r"bd:(\d{1,9}):(\d{1,16}):(\d{4})")


def quiz_correct(option: int) -> str:
    return _fits(f"qz:c:{option}", _QUIZ)


def quiz_action(action: QuizAction) -> str:
    return _fits(f"qz:{action}", _QUIZ)


def parse_quiz(data: object) -> int | QuizAction | None:
    """The option pressed as the right one (an int), a step of the draft, or None."""
    match = _read(_QUIZ, data)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else QuizAction(match.group(2))


def event_reply(event_id: int, attend: bool) -> str:
    return _fits(f"ev:{'a' if attend else 'l'}:{event_id}", _EVENT)


def parse_event_reply(data: object) -> tuple[int, bool] | None:
    match = _read(_EVENT, data)
    return None if match is None else (int(match.group(2)), match.group(1) == "a")


def qr_refresh(event_id: int) -> str:
    return _fits(f"qr:{event_id}", _QR)


def parse_qr_refresh(data: object) -> int | None:
    match = _read(_QR, data)
    return None if match is None else int(match.group(1))


def record_action(event_id: int, action: RecordAction) -> str:
    return _fits(f"rec:{action}:{event_id}", _RECORD)


def parse_record_action(data: object) -> tuple[int, RecordAction] | None:
    match = _read(_RECORD, data)
    return None if match is None else (int(match.group(2)), RecordAction(match.group(1)))


def birthday_post(group_id: int, user_id: int, year: int) -> str:
    return _fits(f"bd:{group_id}:{user_id}:{year}", _BIRTHDAY)


def parse_birthday_post(data: object) -> tuple[int, int, int] | None:
    match = _read(_BIRTHDAY, data)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))
