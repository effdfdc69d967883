"""Buttons of the lesson and the member's day: ✅ 已收听, the queue's lesson buttons, a
prompt's ❌, 「✍️ 写心得」 and the note question, the private keyboard's menus and 往期."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from bot.telegram.callback_data.base import fits, read, shape

# --- the lesson's "✅ 已收听" button, and the group's settings ------------------------------
LISTEN_PATTERN = r"^listen:"
BOARD_PATTERN = r"^board:"
_LISTEN = shape(r"listen:(\d{1,9})")
_BOARD = shape(r"board:(on|off)")


def listen(lesson_id: int) -> str:
    return fits(f"listen:{lesson_id}", _LISTEN)


def parse_listen(data: object) -> int | None:
    """The lesson id of a "✅ 已收听" press, or None for data that is not one."""
    match = read(_LISTEN, data)
    return int(match.group(1)) if match else None


def board(on: bool) -> str:
    return fits(f"board:{'on' if on else 'off'}", _BOARD)


def parse_board(data: object) -> bool | None:
    match = read(_BOARD, data)
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
_LESSON = shape(rf"({'|'.join(LessonAction)}):(\d{{1,9}})")
_SLOT = shape(r"slot:(\d{1,9}):(\d{1,12})")
_PICK = shape(r"pick:(\d{1,12})")


def lesson_action(action: LessonAction, lesson_id: int) -> str:
    return fits(f"{action}:{lesson_id}", _LESSON)


def parse_lesson_action(data: object) -> tuple[LessonAction, int] | None:
    match = read(_LESSON, data)
    return None if match is None else (LessonAction(match.group(1)), int(match.group(2)))


def use_slot(lesson_id: int, slot: datetime) -> str:
    """The button that moves a lesson to a free slot (the slot as a Unix time)."""
    return fits(f"slot:{lesson_id}:{int(slot.timestamp())}", _SLOT)


def parse_use_slot(data: object) -> tuple[int, datetime] | None:
    match = read(_SLOT, data)
    if match is None:
        return None
    try:
        slot = datetime.fromtimestamp(int(match.group(2)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None  # past the year 9999 (or the platform's clock): no slot we ever offered
    return int(match.group(1)), slot


MOVE_PATTERN = r"^mv:"
_MOVE = shape(r"mv:(\d{1,9}):(\d{1,12})")


def move_lesson(lesson_id: int, group_id: int) -> str:
    """The button that moves a lesson to another group its secretary runs."""
    return fits(f"mv:{lesson_id}:{group_id}", _MOVE)


def parse_move_lesson(data: object) -> tuple[int, int] | None:
    match = read(_MOVE, data)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def pick_group(group_id: int) -> str:
    """The group an upload goes to, when its secretary runs several."""
    return fits(f"pick:{group_id}", _PICK)


def parse_pick_group(data: object) -> int | None:
    match = read(_PICK, data)
    return None if match is None else int(match.group(1))


# --- a prompt's ❌ button: drop the question the bot is waiting for an answer to -----------
PROMPT_CANCEL_PATTERN = r"^px:"
_PROMPT_CANCEL = shape(r"px:([a-z_]{1,20})")


def cancel_prompt(kind: str) -> str:
    """Names the prompt's kind: a stale button under an older, other question drops nothing."""
    return fits(f"px:{kind}", _PROMPT_CANCEL)


def parse_cancel_prompt(data: object) -> str | None:
    match = read(_PROMPT_CANCEL, data)
    return None if match is None else match.group(1)


# --- study notes: 「✍️ 写心得」 under a lesson, and the question about a message sent without
# a reply (提交 / 不是 / 作为新课程上传; the content waits in the pending question, not here).
WRITE_NOTE_PATTERN = r"^wn:"
NOTE_OFFER_PATTERN = r"^no:"
_WRITE_NOTE = shape(r"wn:(\d{1,9})")
_NOTE_OFFER = shape(r"no:([snu])")


def write_note(lesson_id: int) -> str:
    """At most 12 bytes: "wn:" and a lesson id of up to 9 digits."""
    return fits(f"wn:{lesson_id}", _WRITE_NOTE)


def parse_write_note(data: object) -> int | None:
    match = read(_WRITE_NOTE, data)
    return int(match.group(1)) if match else None


def note_offer(choice: str) -> str:
    """s: submit as a note, n: not a note, u: upload as a new lesson (an admin's voice)."""
    return fits(f"no:{choice}", _NOTE_OFFER)


def parse_note_offer(data: object) -> str | None:
    match = read(_NOTE_OFFER, data)
    return match.group(1) if match else None


# --- the private keyboard (handlers.keyboard, handlers.past_lessons) -----------------------
# 往期: a page of past lessons (p) or one lesson sent privately (l).
PAST_PATTERN = r"^pl:"
_PAST = shape(r"pl:([pl]):(\d{1,9})")
# A secretary of several groups picks the group for 报告 (r) or 活动 (a).
MENU_GROUP_PATTERN = r"^km:"
_MENU_GROUP = shape(r"km:([ra]):(\d{1,9})")
# An activity day from the 活动 list: its 纪实表 (r) or its sign-in QR code (s).
MENU_EVENT_PATTERN = r"^ke:"
_MENU_EVENT = shape(r"ke:([rs]):(\d{1,9})")


def past_page(page: int) -> str:
    return fits(f"pl:p:{page}", _PAST)


def past_lesson(lesson_id: int) -> str:
    return fits(f"pl:l:{lesson_id}", _PAST)


def parse_past(data: object) -> tuple[str, int] | None:
    """("p", page) or ("l", lesson id), or None for data that is not one."""
    match = read(_PAST, data)
    return (match.group(1), int(match.group(2))) if match else None


def menu_group(key: str, group_id: int) -> str:
    return fits(f"km:{key}:{group_id}", _MENU_GROUP)


def parse_menu_group(data: object) -> tuple[str, int] | None:
    match = read(_MENU_GROUP, data)
    return (match.group(1), int(match.group(2))) if match else None


def menu_event(action: str, event_id: int) -> str:
    return fits(f"ke:{action}:{event_id}", _MENU_EVENT)


def parse_menu_event(data: object) -> tuple[str, int] | None:
    match = read(_MENU_EVENT, data)
    return (match.group(1), int(match.group(2))) if match else None
