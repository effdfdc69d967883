"""The vocabulary: stored words pinned to their values, and no product module spelling one."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from bot.core.vocabulary import (
    ADMIN_STATUSES,
    BOT_PRESENT_STATUSES,
    PRESENT_STATUSES,
    AlertKind,
    ChatType,
    CheckinMethod,
    DeliveryStatus,
    EventKind,
    EventReminderKind,
    LessonStatus,
    ListenSource,
    MemberStatus,
    NoticeKind,
    NoticeStatus,
    PresenceSource,
    ReminderStatus,
    ReplyStatus,
    TargetKind,
    Timing,
)

ROOT = Path(__file__).resolve().parents[2]

# What the database holds. Renaming a member means updating this table; changing a value
# means a data migration, so a test failing here is a question to ask, not a line to edit.
STORED: dict[type[StrEnum], dict[str, str]] = {
    LessonStatus: {
        "QUEUED": "queued",
        "SENDING": "sending",
        "SENT": "sent",
        "CANCELLED": "cancelled",
        "MISSED": "missed",
        "HELD": "held",
    },
    DeliveryStatus: {
        "PENDING": "pending",
        "IN_FLIGHT": "sending",
        "DELIVERED": "sent",
        "UNREACHABLE": "unreachable",
        "FAILED": "failed",
        "UNCERTAIN": "uncertain",
    },
    ReminderStatus: {
        "PENDING": "pending",
        "IN_FLIGHT": "sending",
        "DELIVERED": "sent",
        "UNREACHABLE": "unreachable",
        "FAILED": "failed",
        "SKIPPED": "skipped",
    },
    NoticeStatus: {
        "IN_FLIGHT": "sending",
        "DELIVERED": "sent",
        "UNREACHABLE": "unreachable",
        "FAILED": "failed",
    },
    TargetKind: {"GROUP": "group", "PRIVATE": "private"},
    NoticeKind: {"GREETING": "greeting", "HEADSUP": "headsup", "GROUP_POST": "group"},
    EventReminderKind: {"DAY_BEFORE": "day", "HOUR_BEFORE": "hour"},
    ReplyStatus: {"ATTEND": "attend", "LEAVE": "leave"},
    CheckinMethod: {"QR": "qr", "PROXY": "proxy", "LATE": "late", "CHAIR": "chair"},
    EventKind: {
        "THEME_DAY": "主题党日",
        "BRANCH_ASSEMBLY": "支部党员大会",
        "GROUP_MEETING": "党小组会",
        "PARTY_LESSON": "党课",
        "COMMITTEE": "支委会",
        "LIFE_MEETING": "组织生活会",
        "APPRAISAL": "民主评议党员",
        "OTHER": "其他",
    },
    AlertKind: {
        "DIGEST": "digest",
        "CALENDAR_GAP": "calendar_gap",
        "EMPTY_SLOT": "empty_slot",
        "MEETING_DUE": "meeting_due",
    },
    MemberStatus: {
        "CREATOR": "creator",
        "ADMINISTRATOR": "administrator",
        "MEMBER": "member",
        "RESTRICTED": "restricted",
        "LEFT": "left",
        "KICKED": "kicked",
    },
    PresenceSource: {
        "CHAT_MEMBER": "chat_member",
        "GET_CHAT_MEMBER": "get_chat_member",
        "SERVICE_MESSAGE": "service_message",
        "ACTIVITY": "activity",
        "JOIN_COMMAND": "join_command",
        "BIND": "bind",
        "BUTTON": "button",
        "NOTE": "note",
    },
    ChatType: {"GROUP": "group", "SUPERGROUP": "supergroup"},
    ListenSource: {"BUTTON": "button", "PRIVATE": "private", "NOTE": "note", "PLAYER": "player"},
    Timing: {"ON_DAY": "on_day", "MAKEUP": "makeup", "LATE": "late"},
}


@pytest.mark.parametrize("family", list(STORED), ids=lambda family: family.__name__)
def test_each_member_keeps_the_value_the_database_holds(family: type[StrEnum]) -> None:
    assert {member.name: member.value for member in family} == STORED[family]


def test_the_member_groups_hold_the_statuses_they_name() -> None:
    assert set(ADMIN_STATUSES) == {"creator", "administrator"}
    assert set(PRESENT_STATUSES) == {"creator", "administrator", "member", "restricted"}
    assert set(BOT_PRESENT_STATUSES) == {"member", "administrator"}


def test_a_lesson_sending_and_a_delivery_sending_are_two_words_stored_alike() -> None:
    """Same stored text, two meanings: each family reads it as its own member."""
    lesson, delivery = LessonStatus("sending"), DeliveryStatus("sending")
    assert lesson is LessonStatus.SENDING
    assert delivery is DeliveryStatus.IN_FLIGHT
    assert not isinstance(lesson, DeliveryStatus)


# --- the scan: a stored word written as a literal where a status or kind is compared or set

# Which families a name may hold, by the name's last word (bot_status, user_status, kind, ...).
STATUS_FAMILIES = (
    LessonStatus,
    DeliveryStatus,
    ReminderStatus,
    NoticeStatus,
    ReplyStatus,
    MemberStatus,
)
KIND_FAMILIES = (TargetKind, NoticeKind, EventReminderKind, EventKind, AlertKind)
FAMILIES_BY_WORD: dict[str, tuple[type[StrEnum], ...]] = {
    "status": STATUS_FAMILIES,
    "statuses": STATUS_FAMILIES,
    "kind": KIND_FAMILIES,
    "kinds": KIND_FAMILIES,
    "source": (PresenceSource, ListenSource),
    "method": (CheckinMethod,),
    "timing": (Timing,),
    "chat_type": (ChatType,),
}
ALL_FAMILIES = tuple(STORED)
MEMBERS = {(member.name, member.value) for family in ALL_FAMILIES for member in family}
CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")

PRODUCT = ("bot", "handlers", "scheduler", "web", "storage")
NOT_SCANNED = (
    "storage/migrations",  # a migration keeps the words of its day
    "bot/core/vocabulary.py",
    "bot/sandbox/double",  # plays Telegram: its words are the Bot API's
)


def _values_for(name: str | None) -> set[str]:
    if name is None:
        return set()
    name = name.lower()
    families = FAMILIES_BY_WORD.get(name) or FAMILIES_BY_WORD.get(name.rsplit("_", 1)[-1], ())
    return {member.value for family in families for member in family}


def _name_of(node: ast.expr) -> str | None:
    """The word a status-holding expression is known by: x.status, status, row["status"]."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return str(node.slice.value)
    return None


def _literals(node: ast.expr | None) -> Iterator[tuple[int, str]]:
    """(line, text) of each string it may be: "x", ("x", "y"), "x" if c else "y", default="x"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _literals(element)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.Call) and _name_of(node.func) == "mapped_column":
        for keyword in node.keywords:
            if keyword.arg == "default":
                yield from _literals(keyword.value)


def _signatures(trees: list[ast.Module]) -> dict[str, list[list[str]]]:
    """Positional parameter names of every function and dataclass, by name (self dropped)."""
    found: dict[str, list[list[str]]] = defaultdict(list)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                found[node.name].append(names[1:] if names[:1] in (["self"], ["cls"]) else names)
            elif isinstance(node, ast.ClassDef) and any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list
            ):
                fields = [
                    s.target.id
                    for s in node.body
                    if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                ]
                found[node.name].append(fields)
    return found


def _raw_words(
    tree: ast.Module, signatures: dict[str, list[list[str]]]
) -> Iterator[tuple[int, str, str]]:
    """(line, word, where) for each stored word spelled as a literal in a status position."""

    def check(name: str | None, value: ast.expr | None) -> Iterator[tuple[int, str, str]]:
        allowed = _values_for(name)
        for line, text in _literals(value):
            if text in allowed:
                yield line, text, str(name)

    # Module constants that copy a member: QUEUED = "queued", ADMIN_STATUSES = (...).
    for statement in tree.body:
        if not isinstance(statement, ast.Assign | ast.AnnAssign) or statement.value is None:
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            pairs: list[tuple[ast.expr, ast.expr]] = [(target, statement.value)]
            if isinstance(target, ast.Tuple) and isinstance(statement.value, ast.Tuple):
                pairs = list(zip(target.elts, statement.value.elts, strict=False))
            for name_node, value in pairs:
                name = _name_of(name_node)
                if name is None or not CONSTANT_NAME.match(name):
                    continue
                for line, text in _literals(value):
                    if (name, text) in MEMBERS or text in _values_for(name):
                        yield line, text, name

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for side in sides:
                for other in sides:
                    if other is not side:
                        yield from check(_name_of(side), other)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "in_":
                for arg in node.args:
                    yield from check(_name_of(node.func.value), arg)
            for keyword in node.keywords:
                yield from check(keyword.arg, keyword.value)
            callee = _name_of(node.func)
            candidates = signatures.get(callee or "", [])
            for index, arg in enumerate(node.args):
                if isinstance(arg, ast.Starred):
                    break
                names = {params[index] if index < len(params) else None for params in candidates}
                if len(names) == 1:  # every definition by that name agrees on the parameter
                    yield from check(names.pop(), arg)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                yield from check(_name_of(target), node.value)
        elif isinstance(node, ast.AnnAssign):
            yield from check(_name_of(node.target), node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield from check(key.value, value)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = [*node.args.posonlyargs, *node.args.args]
            defaults = list(node.args.defaults)
            for param, default in zip(
                positional[len(positional) - len(defaults) :], defaults, strict=True
            ):
                yield from check(param.arg, default)
            for param, kw_default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                yield from check(param.arg, kw_default)


def _product_files() -> list[Path]:
    files = [
        path
        for top in PRODUCT
        for path in sorted((ROOT / top).rglob("*.py"))
        if not path.relative_to(ROOT).as_posix().startswith(NOT_SCANNED)
    ]
    assert len(files) > 100  # the scan looked where the product is
    return files


def scan(sources: dict[str, str]) -> list[str]:
    trees = {where: ast.parse(text) for where, text in sources.items()}
    signatures = _signatures(list(trees.values()))
    return [
        f"{where}:{line}: {word!r} as {name}"
        for where, tree in trees.items()
        for line, word, name in sorted(set(_raw_words(tree, signatures)))
    ]


def test_no_product_module_spells_a_stored_status_or_kind_itself() -> None:
    """Use the vocabulary's members: a typo in a raw word is a silent, always-false query."""
    sources = {p.relative_to(ROOT).as_posix(): p.read_text("utf-8") for p in _product_files()}
    assert scan(sources) == []


PLANTED = """
QUEUED = "queued"
ADMIN_STATUSES = ("creator", "administrator")
ATTEND, LEAVE = "attend", "leave"

@dataclass(frozen=True)
class Target:
    delivery_id: int
    kind: str

def upsert(session, group_id, status, source): ...

class Members:
    def record(self, chat_id, status): ...

def planted(lesson, target, row, s, members, kind: str = "group"):
    s.where(Delivery.status == "pending", Lesson.status.in_(("cancelled", "sending")))
    if target.kind != "private" and row["status"] in ("sent", "failed"):
        lesson.status = "missed"
    update(Group).values(bot_status="kicked")
    kind = "greeting" if lesson else "headsup"
    values = {"kind": "day", "status": "uncertain"}
    Target(1, "hour")
    upsert(s, 1, "member", "activity")
    members.record(2, "left")
    status: Mapped[str] = mapped_column(String(16), default="skipped")
    late = listen.timing == "late" or checkin.method == "proxy"
    group.chat_type = "supergroup"
"""


def test_the_scan_finds_a_raw_word_in_each_position_a_status_takes() -> None:
    found = [line.split(": ", 1)[1] for line in scan({"planted.py": PLANTED})]
    assert sorted(found) == sorted(
        [
            "'queued' as QUEUED",
            "'creator' as ADMIN_STATUSES",
            "'administrator' as ADMIN_STATUSES",
            "'attend' as ATTEND",
            "'leave' as LEAVE",
            "'group' as kind",
            "'pending' as status",
            "'cancelled' as status",
            "'sending' as status",
            "'private' as kind",
            "'sent' as status",
            "'failed' as status",
            "'missed' as status",
            "'kicked' as bot_status",
            "'greeting' as kind",
            "'headsup' as kind",
            "'day' as kind",
            "'uncertain' as status",
            "'hour' as kind",
            "'member' as status",
            "'activity' as source",
            "'left' as status",
            "'skipped' as status",
            "'late' as timing",
            "'proxy' as method",
            "'supergroup' as chat_type",
        ]
    )


LOOKALIKES = """
HELP = t("lesson.status_sending", lang)
API_PATH = "bot"

def fine(chat, row, kind, members):
    if chat.type == Chat.GROUP:  # Telegram's own word, from telegram.constants
        return
    if kind == "listen" or kind == "m4a":  # a query's own tag, an audio format
        return
    members.mark_unreachable(1, "blocked")  # a reason, free text
    payload = {"group": row.title, "sent": True}  # JSON keys
    handler = CommandHandler("leave", leave)
"""


def test_the_scan_leaves_words_that_are_not_statuses_alone() -> None:
    assert scan({"lookalikes.py": LOOKALIKES}) == []
