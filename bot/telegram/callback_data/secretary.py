"""Buttons of the secretary's tools: 精选, the /export pickers, /settings, the roster (花名册)
and its imports and claims, the 机关党委's workbook."""

from __future__ import annotations

from enum import StrEnum

from bot.telegram.callback_data.base import fits, read, shape

# --- secretary's view: 精选 (featured note) and the /export group picker --------------------
FEATURE_PATTERN = r"^feat:"
EXPORT_PATTERN = r"^exp:"
_FEATURE = shape(r"feat:(\d{1,12}):([01])")
_EXPORT = shape(r"exp:(\d{1,12}):(\d{4})-(\d{2})")
EXPORT_PARTY_PATTERN = r"^exg:"
# A 党小组 by its place in the group's sorted list (0: the whole branch): a name may not fit.
_EXPORT_PARTY = shape(r"exg:(\d{1,12}):(\d{4})-(\d{2}):(\d{1,3})")


def feature(note_id: int, on: bool) -> str:
    """The button that marks a note 精选 (on) or takes the mark away (off)."""
    return fits(f"feat:{note_id}:{int(on)}", _FEATURE)


def parse_feature(data: object) -> tuple[int, bool] | None:
    match = read(_FEATURE, data)
    return None if match is None else (int(match.group(1)), match.group(2) == "1")


def export(group_id: int, month: str) -> str:
    return fits(f"exp:{group_id}:{month}", _EXPORT)


def parse_export(data: object) -> tuple[int, str] | None:
    """(group id, "YYYY-MM") of a group picked for /export."""
    match = read(_EXPORT, data)
    if match is None or not 1 <= int(match.group(3)) <= 12:
        return None
    return int(match.group(1)), f"{match.group(2)}-{match.group(3)}"


def export_party(group_id: int, month: str, index: int) -> str:
    return fits(f"exg:{group_id}:{month}:{index}", _EXPORT_PARTY)


def parse_export_party(data: object) -> tuple[int, str, int] | None:
    """(group id, "YYYY-MM", 党小组 index, 0 for the whole branch) picked for /export."""
    match = read(_EXPORT_PARTY, data)
    if match is None or not 1 <= int(match.group(3)) <= 12:
        return None
    return int(match.group(1)), f"{match.group(2)}-{match.group(3)}", int(match.group(4))


# --- /settings by buttons ---------------------------------------------------------------
SETTING_PATTERN = r"^gset:"
_SETTING = shape(
    r"gset:(?:(open):(time|days|remind)|(back)|(time|remind):(\d{4}|off)"
    r"|(days):(weekdays|daily|workdays)|(line|alert|board):(on|off))"
)


def setting(action: str, value: str = "") -> str:
    """A settings button: ("open", "time"), ("back"), ("time", "0730"), ("line", "off")..."""
    return fits(f"gset:{action}:{value}" if value else f"gset:{action}", _SETTING)


def parse_setting(data: object) -> tuple[str, str] | None:
    """(action, value) of a settings press; ("back", "") for the way back."""
    match = read(_SETTING, data)
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


_ROSTER = shape(rf"ro:({'|'.join(RosterAction)}):(\d{{1,12}})(?::(\d{{1,16}}))?")
_ROSTER_IMPORT = shape(rf"ri:({'|'.join(ImportAction)}):(\d{{1,12}})")
_CLAIM = shape(rf"rk:({'|'.join(ClaimAction)}):(\d{{1,12}})(?::(\d{{1,6}}))?")


def roster(action: RosterAction, first: int, second: int | None = None) -> str:
    tail = "" if second is None else f":{second}"
    return fits(f"ro:{action}:{first}{tail}", _ROSTER)


def parse_roster(data: object) -> tuple[RosterAction, int, int | None] | None:
    match = read(_ROSTER, data)
    if match is None:
        return None
    second = int(match.group(3)) if match.group(3) else None
    return RosterAction(match.group(1)), int(match.group(2)), second


def roster_import(action: ImportAction, number: int) -> str:
    return fits(f"ri:{action}:{number}", _ROSTER_IMPORT)


def parse_roster_import(data: object) -> tuple[ImportAction, int] | None:
    match = read(_ROSTER_IMPORT, data)
    return None if match is None else (ImportAction(match.group(1)), int(match.group(2)))


def claim(action: ClaimAction, first: int, second: int | None = None) -> str:
    tail = "" if second is None else f":{second}"
    return fits(f"rk:{action}:{first}{tail}", _CLAIM)


def parse_claim(data: object) -> tuple[ClaimAction, int, int | None] | None:
    match = read(_CLAIM, data)
    if match is None:
        return None
    second = int(match.group(3)) if match.group(3) else None
    return ClaimAction(match.group(1)), int(match.group(2)), second


# --- the 机关党委: its month's workbook ------------------------------------------------------
COMMITTEE_PATTERN = r"^cm:"
_COMMITTEE = shape(r"cm:x:(\d{4})-(\d{2})")


def committee_export(year: int, month: int) -> str:
    return fits(f"cm:x:{year:04d}-{month:02d}", _COMMITTEE)


def parse_committee_export(data: object) -> tuple[int, int] | None:
    match = read(_COMMITTEE, data)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))
