"""Callback data of every button the bot makes: built and parsed here and nowhere else.

Telegram gives a button at most 64 bytes of data, and the data comes back from the client,
where anyone can forge it. So each kind has a builder that refuses to make data its own parser
would not read back, and a parser that reads only exactly that shape (ASCII digits, the whole
string, ≤ 64 bytes) and returns None for anything else. The `*_PATTERN`s only route a press to
its handler (PTB matches them as a prefix); the handler still parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    CHAIR = "c"  # the next text names the 主持人
    AGENDA = "a"  # the next text is the 议程, an item a line
    GUESTS = "g"  # the next text names the 列席


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


# --- /settings by buttons ---------------------------------------------------------------
SETTING_PATTERN = r"^gset:"
_SETTING = _shape(
    r"gset:(?:(open):(time|days|remind)|(back)|(time|remind):(\d{4}|off)"
    r"|(days):(weekdays|daily|workdays)|(line|alert|board):(on|off))"
)


def setting(action: str, value: str = "") -> str:
    """A settings button: ("open", "time"), ("back"), ("time", "0730"), ("line", "off")..."""
    return _fits(f"gset:{action}:{value}" if value else f"gset:{action}", _SETTING)


def parse_setting(data: object) -> tuple[str, str] | None:
    """(action, value) of a settings press; ("back", "") for the way back."""
    match = _read(_SETTING, data)
    if match is None:
        return None
    parts = [part for part in match.groups() if part is not None]
    return (parts[0], parts[1] if len(parts) > 1 else "")


# --- the roster (花名册): the secretary's list and edits, imports, members' claims ----------
ROSTER_PATTERN = r"^ro:"
ROSTER_IMPORT_PATTERN = r"^ri:"
CLAIM_PATTERN = r"^rk:"


class RosterAction(StrEnum):
    GROUP = "g"  # group id: the list's first page
    PAGE = "p"  # group id, page
    CARD = "c"  # entry id
    RENAME = "n"  # entry id: the typed prompt
    MOVE = "m"  # entry id: the 党小组 buttons
    MOVE_TO = "mg"  # entry id, index of the 党小组 in the sorted names
    MOVE_OTHER = "mo"  # entry id: a typed 党小组
    TRANSFER = "t"  # entry id: asks to confirm
    TRANSFER_YES = "ty"  # entry id
    UNLINK = "u"  # entry id
    RELINK = "l"  # entry id: the 未在花名册 accounts to pick from
    LINK_TO = "la"  # entry id, account
    ADD = "a"  # group id: the typed name
    UNROSTERED = "r"  # group id
    UNROSTERED_ADD = "ra"  # group id, account
    UNROSTERED_DISMISS = "rd"  # group id, account
    TEMPLATE = "tp"  # group id
    EXPORT = "x"  # group id


class ImportAction(StrEnum):
    GROUP = "g"  # group id: the file is for this group
    CONFIRM = "y"  # import id
    DISCARD = "n"  # import id


class ClaimAction(StrEnum):
    PICK = "c"  # entry id: "this is me"
    PAGE = "p"  # group id, page of unlinked names
    NONE = "n"  # group id: 都不是
    ASK = "m"  # 0: the 「我是…」 button (every group where they may claim)
    CONFIRM = "y"  # claim id (a secretary)
    REJECT = "r"  # claim id (a secretary)


_ROSTER = _shape(rf"ro:({'|'.join(RosterAction)}):(\d{{1,12}})(?::(\d{{1,16}}))?")
_ROSTER_IMPORT = _shape(rf"ri:({'|'.join(ImportAction)}):(\d{{1,12}})")
_CLAIM = _shape(rf"rk:({'|'.join(ClaimAction)}):(\d{{1,12}})(?::(\d{{1,6}}))?")


def roster(action: RosterAction, first: int, second: int | None = None) -> str:
    tail = "" if second is None else f":{second}"
    return _fits(f"ro:{action}:{first}{tail}", _ROSTER)


def parse_roster(data: object) -> tuple[RosterAction, int, int | None] | None:
    match = _read(_ROSTER, data)
    if match is None:
        return None
    second = int(match.group(3)) if match.group(3) else None
    return RosterAction(match.group(1)), int(match.group(2)), second


def roster_import(action: ImportAction, number: int) -> str:
    return _fits(f"ri:{action}:{number}", _ROSTER_IMPORT)


def parse_roster_import(data: object) -> tuple[ImportAction, int] | None:
    match = _read(_ROSTER_IMPORT, data)
    return None if match is None else (ImportAction(match.group(1)), int(match.group(2)))


def claim(action: ClaimAction, first: int, second: int | None = None) -> str:
    tail = "" if second is None else f":{second}"
    return _fits(f"rk:{action}:{first}{tail}", _CLAIM)


def parse_claim(data: object) -> tuple[ClaimAction, int, int | None] | None:
    match = _read(_CLAIM, data)
    if match is None:
        return None
    second = int(match.group(3)) if match.group(3) else None
    return ClaimAction(match.group(1)), int(match.group(2)), second


# --- pickers: a press that does nothing (a calendar's labels and blanks) -------------------
NOOP_PATTERN = r"^nop$"
NOOP = "nop"


# --- /leave by buttons: today, tomorrow or a month calendar, for oneself or (a secretary)
# for a member; the start is chosen, then the end ------------------------------------------
LEAVE_PICK_PATTERN = r"^lv:"
_LEAVE_PICK = _shape(r"lv:(?:(p)(\d{1,3})|(s|e)(?:u(\d{1,16}))?(?:f(\d{8}))?:(d\d{8}|m\d{6}|o|c))")


@dataclass(frozen=True)
class LeavePick:
    """A press in the leave picker: a page of members, or a step for the start or the end."""

    page: int | None = None  # the member list's page
    end: bool = False  # choosing the end (the start is `start`)
    member: int | None = None  # a member the secretary records leave for
    start: str | None = None  # YYYYMMDD chosen as the start
    # d<YYYYMMDD> a day, m<YYYYMM> a month's calendar, c: this month's calendar,
    # o: the first choices (today, tomorrow, pick a date)
    action: str = ""


def leave_pick(pick: LeavePick) -> str:
    if pick.page is not None:
        return _fits(f"lv:p{pick.page}", _LEAVE_PICK)
    data = "lv:" + ("e" if pick.end else "s")
    if pick.member is not None:
        data += f"u{pick.member}"
    if pick.start is not None:
        data += f"f{pick.start}"
    return _fits(f"{data}:{pick.action}", _LEAVE_PICK)


def parse_leave_pick(data: object) -> LeavePick | None:
    match = _read(_LEAVE_PICK, data)
    if match is None:
        return None
    page, number, which, member, start, action = match.groups()
    if page:
        return LeavePick(page=int(number))
    return LeavePick(
        end=which == "e",
        member=int(member) if member else None,
        start=start,
        action=action,
    )


# --- 代签 / 补签: a person picked from the expected not yet signed in, and the list's pages ---
SIGN_PICK_PATTERN = r"^sf[gop]:"
# The person's key: an account id, or a roster entry's negative id (no account).
_SIGN_PICK = _shape(r"sfp:(p|l):(\d{1,9}):(-?\d{1,16})")
_SIGN_PAGE = _shape(r"sfg:(p|l):(\d{1,9}):(\d{1,4})")
_SIGN_OPEN = _shape(r"sfo:(p|l):(\d{1,9})")
_SIGN_METHODS = {"p": "proxy", "l": "late"}
_SIGN_LETTERS = {method: letter for letter, method in _SIGN_METHODS.items()}


def sign_pick(method: str, event_id: int, key: int) -> str:
    return _fits(f"sfp:{_SIGN_LETTERS[method]}:{event_id}:{key}", _SIGN_PICK)


def sign_page(method: str, event_id: int, page: int) -> str:
    return _fits(f"sfg:{_SIGN_LETTERS[method]}:{event_id}:{page}", _SIGN_PAGE)


def sign_open(method: str, event_id: int) -> str:
    """The 代签 / 补签 button under the QR code and the 纪实表: opens the list."""
    return _fits(f"sfo:{_SIGN_LETTERS[method]}:{event_id}", _SIGN_OPEN)


def parse_sign_open(data: object) -> tuple[str, int] | None:
    match = _read(_SIGN_OPEN, data)
    return None if match is None else (_SIGN_METHODS[match.group(1)], int(match.group(2)))


def parse_sign_pick(data: object) -> tuple[str, int, int] | None:
    """(method, event id, person key) of a 代签/补签 pick."""
    match = _read(_SIGN_PICK, data)
    if match is None:
        return None
    return _SIGN_METHODS[match.group(1)], int(match.group(2)), int(match.group(3))


def parse_sign_page(data: object) -> tuple[str, int, int] | None:
    """(method, event id, page) of the 代签/补签 list's ◀ ▶."""
    match = _read(_SIGN_PAGE, data)
    if match is None:
        return None
    return _SIGN_METHODS[match.group(1)], int(match.group(2)), int(match.group(3))


# --- study notes: 「✍️ 写心得」 under a lesson, and the question about a message sent without
# a reply (提交 / 不是 / 作为新课程上传; the content waits in the pending question, not here).
WRITE_NOTE_PATTERN = r"^wn:"
NOTE_OFFER_PATTERN = r"^no:"
_WRITE_NOTE = _shape(r"wn:(\d{1,9})")
_NOTE_OFFER = _shape(r"no:([snu])")


def write_note(lesson_id: int) -> str:
    """At most 12 bytes: "wn:" and a lesson id of up to 9 digits."""
    return _fits(f"wn:{lesson_id}", _WRITE_NOTE)


def parse_write_note(data: object) -> int | None:
    match = _read(_WRITE_NOTE, data)
    return int(match.group(1)) if match else None


def note_offer(choice: str) -> str:
    """s: submit as a note, n: not a note, u: upload as a new lesson (an admin's voice)."""
    return _fits(f"no:{choice}", _NOTE_OFFER)


def parse_note_offer(data: object) -> str | None:
    match = _read(_NOTE_OFFER, data)
    return match.group(1) if match else None


# --- the private keyboard (handlers.keyboard, handlers.past_lessons) -----------------------
# 往期: a page of past lessons (p) or one lesson sent privately (l).
PAST_PATTERN = r"^pl:"
_PAST = _shape(r"pl:([pl]):(\d{1,9})")
# A secretary of several groups picks the group for 报告 (r) or 活动 (a).
MENU_GROUP_PATTERN = r"^km:"
_MENU_GROUP = _shape(r"km:([ra]):(\d{1,9})")
# An activity day from the 活动 list: its 纪实表 (r) or its sign-in QR code (s).
MENU_EVENT_PATTERN = r"^ke:"
_MENU_EVENT = _shape(r"ke:([rs]):(\d{1,9})")


def past_page(page: int) -> str:
    return _fits(f"pl:p:{page}", _PAST)


def past_lesson(lesson_id: int) -> str:
    return _fits(f"pl:l:{lesson_id}", _PAST)


def parse_past(data: object) -> tuple[str, int] | None:
    """("p", page) or ("l", lesson id), or None for data that is not one."""
    match = _read(_PAST, data)
    return (match.group(1), int(match.group(2))) if match else None


def menu_group(key: str, group_id: int) -> str:
    return _fits(f"km:{key}:{group_id}", _MENU_GROUP)


def parse_menu_group(data: object) -> tuple[str, int] | None:
    match = _read(_MENU_GROUP, data)
    return (match.group(1), int(match.group(2))) if match else None


def menu_event(action: str, event_id: int) -> str:
    return _fits(f"ke:{action}:{event_id}", _MENU_EVENT)


def parse_menu_event(data: object) -> tuple[str, int] | None:
    match = _read(_MENU_EVENT, data)
    return (match.group(1), int(match.group(2))) if match else None


# --- /event step by step: the type, the date (calendar), the time, 跳过 the place ----------
EVENT_DRAFT_PATTERN = r"^evw:"
_EVENT_DRAFT = _shape(r"evw:(k\d|d\d{8}|c|m\d{6}|t\d{4}|skip)")


def event_draft(step: str) -> str:
    """k<type index>, d<YYYYMMDD>, c (calendar), m<YYYYMM>, t<HHMM>, skip (no place)."""
    return _fits(f"evw:{step}", _EVENT_DRAFT)


def parse_event_draft(data: object) -> str | None:
    match = _read(_EVENT_DRAFT, data)
    return None if match is None else match.group(1)


# --- the 纪实表's 记录人 picked from the group's people: a page of the list, or one person --
RECORDER_PATTERN = r"^rc[ps]:"
_RECORDER = _shape(r"rc([ps]):(\d{1,9}):(-?\d{1,16})")


def recorder_page(event_id: int, page: int) -> str:
    return _fits(f"rcp:{event_id}:{page}", _RECORDER)


def recorder_set(event_id: int, key: int) -> str:
    """`key`: the person's (an account id, or -entry_id for one with no account)."""
    return _fits(f"rcs:{event_id}:{key}", _RECORDER)


def parse_recorder(data: object) -> tuple[bool, int, int] | None:
    """(is a page, event id, page or person key)."""
    match = _read(_RECORDER, data)
    if match is None:
        return None
    return match.group(1) == "p", int(match.group(2)), int(match.group(3))


# --- 政治生日 for a member: a page of the secretary's members, or one of them --------------
BIRTHDAY_PICK_PATTERN = r"^bd[pm]:"
_BIRTHDAY_PICK = _shape(r"bd([pm]):(\d{1,16})")


def birthday_page(page: int) -> str:
    return _fits(f"bdp:{page}", _BIRTHDAY_PICK)


def birthday_member(user_id: int) -> str:
    return _fits(f"bdm:{user_id}", _BIRTHDAY_PICK)


def parse_birthday_pick(data: object) -> tuple[bool, int] | None:
    """(is a page, the page or the member's id)."""
    match = _read(_BIRTHDAY_PICK, data)
    if match is None:
        return None
    return match.group(1) == "p", int(match.group(2))


# --- 三会一课: a daily lesson counted as the quarter's 党课 --------------------------------
PARTY_LESSON_PATTERN = r"^pk:"
_PARTY_LESSONS = _shape(r"pk:g:(\d{1,12})")  # the quarter's sent lessons of a group, to pick
_PARTY_LESSON = _shape(r"pk:l:(\d{1,9})")  # this lesson is the quarter's 党课


def party_lessons(group_id: int) -> str:
    return _fits(f"pk:g:{group_id}", _PARTY_LESSONS)


def party_lesson(lesson_id: int) -> str:
    return _fits(f"pk:l:{lesson_id}", _PARTY_LESSON)


def parse_party_lesson(data: object) -> tuple[str, int] | None:
    """("g", group id) to list the lessons, ("l", lesson id) to mark one; None otherwise."""
    for kind, shape in (("g", _PARTY_LESSONS), ("l", _PARTY_LESSON)):
        match = _read(shape, data)
        if match is not None:
            return kind, int(match.group(1))
    return None


# --- the 机关党委: its month's workbook ------------------------------------------------------
COMMITTEE_PATTERN = r"^cm:"
_COMMITTEE = _shape(r"cm:x:(\d{4})-(\d{2})")


def committee_export(year: int, month: int) -> str:
    return _fits(f"cm:x:{year:04d}-{month:02d}", _COMMITTEE)


def parse_committee_export(data: object) -> tuple[int, int] | None:
    match = _read(_COMMITTEE, data)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))
