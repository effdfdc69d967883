"""Pickers: a press that does nothing (a calendar's labels and blanks), and /leave by buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.callback_data.base import fits, read, shape

# --- pickers: a press that does nothing (a calendar's labels and blanks) -------------------
NOOP_PATTERN = r"^nop$"
NOOP = "nop"


# --- /leave by buttons: today, tomorrow or a month calendar, for oneself or (a secretary)
# for a member; the start is chosen, then the end ------------------------------------------
LEAVE_PICK_PATTERN = r"^lv:"
_LEAVE_PICK = shape(r"lv:(?:(p)(\d{1,3})|(s|e)(?:u(\d{1,16}))?(?:f(\d{8}))?:(d\d{8}|m\d{6}|o|c))")


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
        return fits(f"lv:p{pick.page}", _LEAVE_PICK)
    data = "lv:" + ("e" if pick.end else "s")
    if pick.member is not None:
        data += f"u{pick.member}"
    if pick.start is not None:
        data += f"f{pick.start}"
    return fits(f"{data}:{pick.action}", _LEAVE_PICK)


def parse_leave_pick(data: object) -> LeavePick | None:
    match = read(_LEAVE_PICK, data)
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


# --- a typed "#N" that several of the sender's groups have: which one ----------------------
NUMBER_PICK_PATTERN = r"^nb:"
_NUMBER_PICK = shape(r"nb:([a-z]{1,12}):(\d{1,16})")


def number_pick(command: str, item_id: int) -> str:
    return fits(f"nb:{command}:{item_id}", _NUMBER_PICK)


def parse_number_pick(data: object) -> tuple[str, int] | None:
    match = read(_NUMBER_PICK, data)
    return (match.group(1), int(match.group(2))) if match else None
