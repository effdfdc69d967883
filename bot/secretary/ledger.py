"""The study ledger (学习台账): one row per lesson and member, read from the members' record.

Evidence levels stay apart: a private copy delivered (or uncertain), a listen with its source
and timing, a note. A member who could not be reached, was on leave, or is no longer in the
group is never counted as "did not listen".

Who is in the record is bot.members.people's answer (the roster, once the group has one), and
`member_name` is the plain name: the roster's, or the Telegram display name for someone not on
it. The CSV is a machine contract and carries it plain; whatever a person reads (the report,
the dashboard, the digest, the XLSX) marks a display name with i18n `roster.fallback_name`
from MemberInfo.name_is_fallback. A roster entry with no account has an empty `user_id`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from bot.core.errors import DomainError
from bot.core.scoring import Timing
from bot.core.vocabulary import DeliveryStatus
from bot.groups.secretaries import GroupRef
from bot.secretary.ledger_times import LocalTimes, RawTime

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

# The contract's columns first, then how and whether it was a make-up, then the rest
# (built row by row in LedgerData.rows, in this order).
EVIDENCE_COLUMNS = (
    "lesson_id",
    "lesson_date",
    "lesson_title",
    "user_id",
    "member_name",
    "delivered_at",
    "listened_at",
    "reflection",
    "reflection_at",
    "points",
    "listened_via",
    "timing",
    "makeup",
    "status",
    "delivery",
    "notes",
    "featured",
    # The group's number of the lesson (#N, 第N期); lesson_id is the database's, across groups.
    "lesson_number",
)
# Columns holding one value per lesson and member, looked up in LedgerData.per_member[name]
# ("" where there is none): a new such column is its name here, and its loader fills the map.
PER_MEMBER_COLUMNS = (
    # branch life: the lesson's quiz, if it had one (questions answered, answered right).
    "quiz_answered",
    "quiz_correct",
    # Mini App: the share of the lesson the player heard (0.00-1.00), "" when none.
    "heard_share",
)
COLUMNS = EVIDENCE_COLUMNS + PER_MEMBER_COLUMNS
# Columns holding free text people wrote (guarded against formula injection in CSV).
TEXT_COLUMNS = frozenset({"lesson_title", "member_name", "reflection"})


class RowStatus(StrEnum):
    """Where a member stands on a lesson; only NOT_LISTENED means "could have, did not"."""

    LISTENED = "listened"
    NOT_LISTENED = "not_listened"
    # 已打开未确认: opened the lesson's link, never confirmed (no press, note, quiz, player).
    # Not a listen: counted like NOT_LISTENED, shown apart.
    OPENED = "opened"
    ON_LEAVE = "on_leave"
    UNLINKED = "unlinked"  # 未关联: on the roster, no Telegram account linked
    NOT_STARTED = "not_started"  # 未开通推送: the account never opened the private chat
    UNREACHABLE = "unreachable"  # 无法送达: blocked the bot, or the copy bounced
    LEFT = "left"  # no longer in the group (left the chat, or 转出 on the roster)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    label: str

    def days(self) -> int:
        return (self.end - self.start).days


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, end, f"{year:04d}-{month:02d}")


def parse_month(text: str) -> Period:
    """ "2026-03" → March 2026; a polite refusal for anything else."""
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise DomainError("export.bad_month")
    return month_period(int(match.group(1)), int(match.group(2)))


# A ledger row is a list in COLUMNS order (50 000 rows a year: no object per row).
LedgerRow = list[str | int]
COL = {name: i for i, name in enumerate(COLUMNS)}
_USER, _NAME, _STATUS = COL["user_id"], COL["member_name"], COL["status"]
_NOTES, _POINTS, _MAKEUP, _TIMING = COL["notes"], COL["points"], COL["makeup"], COL["timing"]
_REFLECTION, _REFLECTION_AT, _FEATURED = COL["reflection"], COL["reflection_at"], COL["featured"]


@dataclass(frozen=True, slots=True)
class LessonInfo:
    lesson_id: int
    title: str
    slot_at: datetime
    day: date
    number: int  # within the group: #N, 第N期


class ListenInfo(NamedTuple):  # a tuple: 40 000 of them are made for a year
    source: str
    timing: str
    at: RawTime


class NoteInfo(NamedTuple):
    note_id: int
    text: str | None
    voice_seconds: int | None
    at: RawTime
    featured: bool


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A person in the group's record, keyed in LedgerData.members by bot.members.people's
    Person.key: the user id, or the negative roster entry id for someone with no account."""

    name: str
    reachable: bool  # started the bot and not known to be blocked
    present: bool  # in the group now
    joined_at: datetime | None
    left_at: datetime | None
    # From the roster (花名册): "" when the group has none or the person is not on it.
    category: str = ""  # PartyCategory value
    party_group: str = ""
    # Not on the roster: `name` is the Telegram display name (shown marked as such).
    name_is_fallback: bool = False
    contact: str = "ok"  # bot.members.people.Contact: ok, unlinked, not_started, blocked


# A person the bot could not reach, by bot.members.people.Contact: 未关联, 未开通推送, 无法送达
# (an account that could be written to but whose copy bounced is 无法送达 too).
_CANNOT_REACH = {
    "unlinked": RowStatus.UNLINKED,
    "not_started": RowStatus.NOT_STARTED,
    "blocked": RowStatus.UNREACHABLE,
}
# The statuses a lesson expects an answer from (应学 less leave and gone): 参学率's denominator.
# 未关联 counts, so the rate is honest about the branch's coverage.
EXPECTED_STATUSES = frozenset(
    {
        RowStatus.LISTENED,
        RowStatus.NOT_LISTENED,
        RowStatus.OPENED,
        RowStatus.UNLINKED,
        RowStatus.NOT_STARTED,
        RowStatus.UNREACHABLE,
    }
)


@dataclass(slots=True)
class Entry:
    """One member on one lesson, as evidence (not yet formatted)."""

    lesson: LessonInfo
    user_id: int
    member: MemberInfo
    status: RowStatus
    delivery: str  # the private copy's ledger status, "" when none was due
    delivered_at: RawTime | None
    listen: ListenInfo | None
    notes: list[NoteInfo]
    points: int


def note_text(note: NoteInfo) -> str:
    """The note verbatim; a voice note as a marker with its length."""
    if note.text is not None:
        return note.text
    return f"[语音 {note.voice_seconds or 0} 秒]"


@dataclass
class LedgerData:
    """Everything the ledger needs for one group and period, read in a few queries."""

    group: GroupRef
    period: Period
    lessons: list[LessonInfo]
    members: dict[int, MemberInfo]
    deliveries: dict[tuple[int, int], tuple[str, RawTime | None]]
    listens: dict[tuple[int, int], ListenInfo]
    notes: defaultdict[tuple[int, int], list[NoteInfo]]
    points: dict[tuple[int, int], int]
    leaves: defaultdict[int, list[tuple[date, date]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (lesson, user) pairs that opened the lesson's link (bot.engagement.listens.open_private)
    opens: set[tuple[int, int]] = field(default_factory=set)
    # (lesson, user) -> (quiz questions answered, answered right)
    quiz: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # PER_MEMBER_COLUMNS' values: column name -> (lesson, user) -> cell
    per_member: dict[str, dict[tuple[int, int], str | int]] = field(default_factory=dict)
    # The month's activity days and who came: rows of bot.branch_life.events.AttendanceRow.
    attendance: list[Any] = field(default_factory=list)
    # The year's 三会一课 (bot.secretary.meetings_sheet.MeetingsSheet), for its sheet.
    meetings: Any = None

    def on_leave(self, user_id: int, day: date) -> bool:
        return any(a <= day <= b for a, b in self.leaves.get(user_id, ()))

    def leave_days(self, user_id: int) -> int:
        """Days of the period on which the member was on leave (overlaps counted once)."""
        days: set[date] = set()
        for a, b in self.leaves.get(user_id, ()):
            day = max(a, self.period.start)
            while day <= b and day < self.period.end:
                days.add(day)
                day += timedelta(days=1)
        return len(days)

    def _walk(self) -> Iterator[tuple[Any, ...]]:
        """Lesson by lesson, member by member (by Person.key): (lesson, key, member, status,
        delivery, delivered_at, listen, notes, points) as a tuple (cheap: once per row)."""
        evidence: defaultdict[int, set[int]] = defaultdict(set)
        for keys in (self.deliveries, self.listens, self.notes, self.points, self.opens):
            for lesson_id, user_id in keys:
                evidence[lesson_id].add(user_id)
        members, deliveries, listens = self.members, self.deliveries, self.listens
        notes, points, leaves, opens = self.notes, self.points, self.leaves, self.opens
        no_delivery: tuple[str, None] = ("", None)
        no_notes: list[NoteInfo] = []
        stays = [(uid, m.joined_at, m.left_at) for uid, m in members.items()]
        for lesson in self.lessons:
            lid, slot = lesson.lesson_id, lesson.slot_at
            users = set(evidence.get(lid, ()))
            users.update(
                uid
                for uid, joined, left in stays
                if (joined is None or joined <= slot) and (left is None or left > slot)
            )
            for uid in sorted(users):
                member = members.get(uid)
                if member is None:
                    continue
                key = (lid, uid)
                delivery, delivered_at = deliveries.get(key, no_delivery)
                listen = listens.get(key)
                if listen is not None:
                    status = RowStatus.LISTENED
                elif not member.present:
                    status = RowStatus.LEFT
                elif uid in leaves and self.on_leave(uid, lesson.day):
                    status = RowStatus.ON_LEAVE
                elif key in opens:
                    status = RowStatus.OPENED
                elif member.reachable and delivery != DeliveryStatus.UNREACHABLE:
                    status = RowStatus.NOT_LISTENED
                else:  # why the bot could not reach them, said apart
                    status = _CANNOT_REACH.get(member.contact, RowStatus.UNREACHABLE)
                yield (
                    lesson,
                    uid,
                    member,
                    status,
                    delivery,
                    delivered_at if delivery == DeliveryStatus.DELIVERED else None,
                    listen,
                    notes.get(key, no_notes),
                    points.get(key, 0),
                )

    def entries(self) -> Iterator[Entry]:
        """Lesson by lesson, member by member (by user id)."""
        for item in self._walk():
            yield Entry(*item)

    def rows(self, text: Callable[[str], str] | None = None) -> Iterator[LedgerRow]:
        """The ledger's rows, in COLUMNS order; `text` (if given) is applied to every free-text
        cell (the CSV's formula guard), once per lesson title and member name."""
        for _, row in self.keyed_rows(text):
            yield row

    def keyed_rows(
        self, text: Callable[[str], str] | None = None
    ) -> Iterator[tuple[int, LedgerRow]]:
        """`rows()`, each with who it is about (Person.key: an entry with no account has no
        user id cell, but has a key)."""
        same: Callable[[str], str] = text or str
        iso = LocalTimes(self.group.timezone).iso
        names = {uid: same(m.name) for uid, m in self.members.items()}
        makeup = Timing.MAKEUP.value
        per_member = [self.per_member.get(name, {}) for name in PER_MEMBER_COLUMNS]
        keyed: set[tuple[int, int]] = set().union(*per_member)
        blank = [""] * len(per_member)
        current: LessonInfo | None = None
        lid, number, day, title = 0, 0, "", ""
        for lesson, uid, _, status, delivery, delivered_at, listen, notes, pts in self._walk():
            if lesson is not current:  # rows come lesson by lesson: its cells once
                current = lesson
                lid, number = lesson.lesson_id, lesson.number
                day, title = lesson.day.isoformat(), same(lesson.title)
            # A roster entry with no account (negative key) has no user id to give.
            user: int | str = uid if uid > 0 else ""
            row: LedgerRow = [lid, day, title, user, names[uid], iso(delivered_at)]
            if listen is None:
                row += ("", "", "", pts, "", "", 0)
            else:
                row += (iso(listen.at), "", "", pts, listen.source, listen.timing)
                row.append(int(listen.timing == makeup))
            row += (status._value_, delivery, 0, 0, number)
            if notes:
                row[_REFLECTION] = same("\n\n".join(note_text(note) for note in notes))
                row[_REFLECTION_AT] = iso(notes[0].at)
                row[_NOTES] = len(notes)
                row[_FEATURED] = int(any(note.featured for note in notes))
            key = (lid, uid)
            row += [values.get(key, "") for values in per_member] if key in keyed else blank
            yield uid, row


@dataclass
class MemberSummary:
    user_id: int | None  # None: a roster entry with no account (未关联)
    name: str
    lessons: int = 0
    listened: int = 0
    makeup: int = 0
    notes: int = 0
    points: int = 0
    longest_streak: int = 0
    leave_days: int = 0
    key: int = 0  # Person.key (negative: a roster entry with no account)
    _run: int = 0


class SummaryBuilder:
    """Per-member totals, fed with the ledger's rows in lesson order while they stream out."""

    def __init__(self) -> None:
        # By Person.key: an entry with no account has no user id, but has a key.
        self._members: dict[int, MemberSummary] = {}

    def add(self, row: LedgerRow, key: int) -> None:
        member = self._members.get(key)
        if member is None:
            uid = int(row[_USER]) if row[_USER] != "" else None
            member = self._members[key] = MemberSummary(uid, str(row[_NAME]), key=key)
        status = row[_STATUS]
        member.lessons += 1
        member.notes += int(row[_NOTES])
        member.points += int(row[_POINTS])
        if status == RowStatus.LISTENED:
            member.listened += 1
            member.makeup += int(row[_MAKEUP])
        # A streak runs over lessons heard on the day or made up; leave passes over, as in /me.
        if status == RowStatus.LISTENED and row[_TIMING] != Timing.LATE:
            member._run += 1
            member.longest_streak = max(member.longest_streak, member._run)
        elif status != RowStatus.ON_LEAVE:
            member._run = 0

    def summaries(self, data: LedgerData) -> list[MemberSummary]:
        out = sorted(self._members.values(), key=lambda m: (m.key < 0, abs(m.key)))
        for member in out:
            member.leave_days = 0 if member.key < 0 else data.leave_days(member.key)
        return out
