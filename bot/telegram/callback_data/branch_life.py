"""Buttons of branch life: the quiz, activity days (replies, sign-in, 纪实表, 代签/补签, /event
step by step, 记录人), 政治生日 for a member, the quarter's 党课 mark."""

from __future__ import annotations

from enum import StrEnum

from bot.telegram.callback_data.base import fits, read, shape

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
    CHAIR = "c"  # the next text names the 主持人
    AGENDA = "a"  # the next text is the 议程, an item a line
    GUESTS = "g"  # the next text names the 列席


_QUIZ = shape(rf"qz:(?:c:(\d)|({'|'.join(QuizAction)}))")
_EVENT = shape(r"ev:(a|l):(\d{1,9})")
_QR = shape(r"qr:(\d{1,9})")
_RECORD = shape(rf"rec:([{''.join(RecordAction)}]):(\d{{1,9}})")
_BIRTHDAY = shape(r"bd:(\d{1,9}):(\d{1,16}):(\d{4})")


def quiz_correct(option: int) -> str:
    return fits(f"qz:c:{option}", _QUIZ)


def quiz_action(action: QuizAction) -> str:
    return fits(f"qz:{action}", _QUIZ)


def parse_quiz(data: object) -> int | QuizAction | None:
    """The option pressed as the right one (an int), a step of the draft, or None."""
    match = read(_QUIZ, data)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else QuizAction(match.group(2))


def event_reply(event_id: int, attend: bool) -> str:
    return fits(f"ev:{'a' if attend else 'l'}:{event_id}", _EVENT)


def parse_event_reply(data: object) -> tuple[int, bool] | None:
    match = read(_EVENT, data)
    return None if match is None else (int(match.group(2)), match.group(1) == "a")


def qr_refresh(event_id: int) -> str:
    return fits(f"qr:{event_id}", _QR)


def parse_qr_refresh(data: object) -> int | None:
    match = read(_QR, data)
    return None if match is None else int(match.group(1))


def record_action(event_id: int, action: RecordAction) -> str:
    return fits(f"rec:{action}:{event_id}", _RECORD)


def parse_record_action(data: object) -> tuple[int, RecordAction] | None:
    match = read(_RECORD, data)
    return None if match is None else (int(match.group(2)), RecordAction(match.group(1)))


def birthday_post(group_id: int, user_id: int, year: int) -> str:
    return fits(f"bd:{group_id}:{user_id}:{year}", _BIRTHDAY)


def parse_birthday_post(data: object) -> tuple[int, int, int] | None:
    match = read(_BIRTHDAY, data)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


# --- 代签 / 补签: a person picked from the expected not yet signed in, and the list's pages ---
SIGN_PICK_PATTERN = r"^sf[gop]:"
# The person's key: an account id, or a roster entry's negative id (no account).
_SIGN_PICK = shape(r"sfp:(p|l):(\d{1,9}):(-?\d{1,16})")
_SIGN_PAGE = shape(r"sfg:(p|l):(\d{1,9}):(\d{1,4})")
_SIGN_OPEN = shape(r"sfo:(p|l):(\d{1,9})")
_SIGN_METHODS = {"p": "proxy", "l": "late"}
_SIGN_LETTERS = {method: letter for letter, method in _SIGN_METHODS.items()}


def sign_pick(method: str, event_id: int, key: int) -> str:
    return fits(f"sfp:{_SIGN_LETTERS[method]}:{event_id}:{key}", _SIGN_PICK)


def sign_page(method: str, event_id: int, page: int) -> str:
    return fits(f"sfg:{_SIGN_LETTERS[method]}:{event_id}:{page}", _SIGN_PAGE)


def sign_open(method: str, event_id: int) -> str:
    """The 代签 / 补签 button under the QR code and the 纪实表: opens the list."""
    return fits(f"sfo:{_SIGN_LETTERS[method]}:{event_id}", _SIGN_OPEN)


def parse_sign_open(data: object) -> tuple[str, int] | None:
    match = read(_SIGN_OPEN, data)
    return None if match is None else (_SIGN_METHODS[match.group(1)], int(match.group(2)))


def parse_sign_pick(data: object) -> tuple[str, int, int] | None:
    """(method, event id, person key) of a 代签/补签 pick."""
    match = read(_SIGN_PICK, data)
    if match is None:
        return None
    return _SIGN_METHODS[match.group(1)], int(match.group(2)), int(match.group(3))


def parse_sign_page(data: object) -> tuple[str, int, int] | None:
    """(method, event id, page) of the 代签/补签 list's ◀ ▶."""
    match = read(_SIGN_PAGE, data)
    if match is None:
        return None
    return _SIGN_METHODS[match.group(1)], int(match.group(2)), int(match.group(3))


# --- /event step by step: the type, the date (calendar), the time, 跳过 the place ----------
EVENT_DRAFT_PATTERN = r"^evw:"
_EVENT_DRAFT = shape(r"evw:(g\d{1,12}|k\d|d\d{8}|c|m\d{6}|t\d{4}|skip)")


def event_draft(step: str) -> str:
    """g<group id>, k<type index>, d<YYYYMMDD>, c (calendar), m<YYYYMM>, t<HHMM>, skip (no
    place)."""
    return fits(f"evw:{step}", _EVENT_DRAFT)


def parse_event_draft(data: object) -> str | None:
    match = read(_EVENT_DRAFT, data)
    return None if match is None else match.group(1)


# --- a paged list of people (记录人, 政治生日): open it, turn a page, pick someone ---------
class ListPress(StrEnum):
    """A press in a paged list of people: the button that opens the list (a new message, at
    the page it carries), a page turned in place, or a person picked."""

    OPEN = "open"
    TURN = "turn"
    PICK = "pick"


# The list's own ◀ ▶ have data of their own ("g"), so a page turn edits the list while the
# button that opens it ("p", as it was before the turns had theirs) sends it.
_LIST_PRESS = {"p": ListPress.OPEN, "g": ListPress.TURN}


# --- the 纪实表's 记录人 picked from the group's people: a page of the list, or one person --
RECORDER_PATTERN = r"^rc[pgs]:"
_RECORDER = shape(r"rc([pgs]):(\d{1,9}):(-?\d{1,16})")


def recorder_page(event_id: int, page: int) -> str:
    """The 纪实表's 「✍️ 记录人」: the list, from this page, as a new message."""
    return fits(f"rcp:{event_id}:{page}", _RECORDER)


def recorder_turn(event_id: int, page: int) -> str:
    """The list's ◀ ▶: this page, in place."""
    return fits(f"rcg:{event_id}:{page}", _RECORDER)


def recorder_set(event_id: int, key: int) -> str:
    """`key`: the person's (an account id, or -entry_id for one with no account)."""
    return fits(f"rcs:{event_id}:{key}", _RECORDER)


def parse_recorder(data: object) -> tuple[ListPress, int, int] | None:
    """(what was pressed, event id, page or person key)."""
    match = read(_RECORDER, data)
    if match is None:
        return None
    press = _LIST_PRESS.get(match.group(1), ListPress.PICK)
    return press, int(match.group(2)), int(match.group(3))


# --- 政治生日 for a member: a page of the secretary's members, or one of them --------------
BIRTHDAY_PICK_PATTERN = r"^bd[pgm]:"
_BIRTHDAY_PICK = shape(r"bd([pgm]):(\d{1,16})")


def birthday_page(page: int) -> str:
    """「👥 为成员登记」 under /birthday: the list, from this page, as a new message."""
    return fits(f"bdp:{page}", _BIRTHDAY_PICK)


def birthday_turn(page: int) -> str:
    """The list's ◀ ▶: this page, in place."""
    return fits(f"bdg:{page}", _BIRTHDAY_PICK)


def birthday_member(user_id: int) -> str:
    return fits(f"bdm:{user_id}", _BIRTHDAY_PICK)


def parse_birthday_pick(data: object) -> tuple[ListPress, int] | None:
    """(what was pressed, the page or the member's id)."""
    match = read(_BIRTHDAY_PICK, data)
    if match is None:
        return None
    return _LIST_PRESS.get(match.group(1), ListPress.PICK), int(match.group(2))


# --- 三会一课: a daily lesson counted as the quarter's 党课 --------------------------------
PARTY_LESSON_PATTERN = r"^pk:"
_PARTY_LESSONS = shape(r"pk:g:(\d{1,12})")  # the quarter's sent lessons of a group, to pick
_PARTY_LESSON = shape(r"pk:l:(\d{1,9})")  # this lesson is the quarter's 党课


def party_lessons(group_id: int) -> str:
    return fits(f"pk:g:{group_id}", _PARTY_LESSONS)


def party_lesson(lesson_id: int) -> str:
    return fits(f"pk:l:{lesson_id}", _PARTY_LESSON)


def parse_party_lesson(data: object) -> tuple[str, int] | None:
    """("g", group id) to list the lessons, ("l", lesson id) to mark one; None otherwise."""
    for kind, form in (("g", _PARTY_LESSONS), ("l", _PARTY_LESSON)):
        match = read(form, data)
        if match is not None:
            return kind, int(match.group(1))
    return None
