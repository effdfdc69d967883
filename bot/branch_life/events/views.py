"""What an activity day looks like to the rest of the bot: kinds, states, views, parsing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.branch_life.events.kinds import kind_label, match_kind
from bot.core.errors import DomainError
from bot.core.vocabulary import EventKind, EventReminderKind
from bot.core.when import fold, parse_day_time
from storage.models import (
    BranchEvent,
    Group,
)

MAX_TITLE = 100
MAX_PLACE = 100
MAX_REASON = 200
MAX_MINUTES = 4000
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class EventView:
    id: int
    group_id: int
    group_chat_id: int
    thread_id: int | None
    group_title: str
    kind: str
    title: str
    place: str | None
    starts_at: datetime
    zone: str
    # The number the branch knows it by: "#N" in every message (the id stays internal).
    number: int
    message_id: int | None = None
    # 党小组会: its 党小组; 其他: the meeting's own name (kinds.match_kind).
    kind_detail: str | None = None

    def local(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.zone))

    @property
    def label(self) -> str:
        """The type as people read it: 党小组会（第一党小组）, or 其他 by its own name."""
        return kind_label(self.kind, self.kind_detail)


@dataclass(frozen=True)
class ReplyResult:
    event: EventView
    attend: bool
    changed: bool


@dataclass(frozen=True)
class ReminderTarget:
    reminder_id: int
    user_id: int
    kind: EventReminderKind
    language_code: str | None
    event: EventView


@dataclass(frozen=True)
class CheckinResult:
    # "ok", "already", "expired", "closed"; "unavailable": no such event, or not the user's
    outcome: str
    event: EventView | None = None


@dataclass(frozen=True)
class Attendee:
    user_id: int  # the person's key: the account, or -entry_id for a roster-only member
    name: str
    method: str | None = None
    by_user: int | None = None
    by_name: str | None = None
    reason: str | None = None
    at: datetime | None = None
    # The name (or the signer's) is a Telegram name, not the roster's: shown marked.
    name_is_fallback: bool = False
    by_is_fallback: bool = False
    # For the absent: what they answered (ReplyStatus attend / leave), None: never answered.
    answer: str | None = None


@dataclass(frozen=True)
class RecordEdit:
    field: str
    old: str | None
    new: str | None
    by_name: str
    at: datetime
    by_is_fallback: bool = False  # a Telegram name, not the roster's: shown marked


@dataclass(frozen=True)
class RecordView:
    """Everything the 纪实表 shows."""

    event: EventView
    expected: int
    present: list[Attendee]
    absent: list[Attendee]  # reason: the leave reason, or None when they never answered
    minutes: str | None
    minutes_voice: str | None
    recorder: str | None
    photos: list[str]
    editable_until: datetime
    history: list[RecordEdit] = field(default_factory=list)
    chair: str | None = None  # the 主持人, counted present (among `present`, method chair)
    agenda: list[str] = field(default_factory=list)  # 议程, an item a line
    guests: str | None = None  # 列席, as written

    @property
    def on_leave(self) -> int:
        return sum(1 for a in self.absent if a.reason is not None)

    @property
    def missing(self) -> int:
        """缺席: expected, not present, not on leave."""
        return len(self.absent) - self.on_leave


@dataclass(frozen=True)
class EventFigures:
    """An event's figures for /report."""

    event_id: int
    kind: str
    title: str
    starts_at: datetime
    expected: int
    attending: int
    on_leave: int
    no_reply: int
    signed_in: int
    by_qr: int
    by_proxy: int
    by_late: int
    number: int  # #N within the group


@dataclass(frozen=True)
class AttendanceRow:
    """One member at one event of the month, for the /export sheet."""

    event_id: int
    day: date
    kind: str
    title: str
    user_id: int  # the person's key: the account, or -entry_id for a roster-only member
    name: str  # the roster's name, else the Telegram name (then name_is_fallback)
    reply: str | None  # attend / leave / None (no answer)
    reason: str | None
    signed_in: str | None  # qr / proxy / late / None
    name_is_fallback: bool = False
    entry_id: int | None = None  # the roster entry, when the person is on the roster


# Quotes a phone may type around a title with spaces: ASCII, Chinese curly, corner brackets.
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f", "'": "'"}


def event_words(text: str) -> list[str]:
    """The words of a typed /event, a quoted title kept whole ("学习 二十大精神")."""
    words: list[str] = []
    i, text = 0, fold(text) if text else ""
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _QUOTES and (end := text.find(_QUOTES[ch], i + 1)) != -1:
            words.append(text[i + 1 : end].strip())
            i = end + 1
        else:
            end = i
            while end < len(text) and not text[end].isspace():
                end += 1
            words.append(text[i:end])
            i = end
    return words


@dataclass(frozen=True)
class EventDraft:
    starts_at: datetime
    kind: EventKind
    title: str
    place: str | None
    kind_detail: str | None = None  # 党小组会: the 党小组; 其他: its name


def parse_event(args: list[str], zone: str, now: datetime) -> EventDraft:
    """/event 日期 时间 类型 标题 [地点], words from `event_words` (a quoted title is one word);
    the date and time as bot.core.when reads them ("3月20日 14：30"), the type as
    kinds.match_kind reads it ("主题党日活动", "党小组会（第一党小组）")."""
    if len(args) < 4:
        raise DomainError("event.usage")
    today = now.astimezone(ZoneInfo(zone)).date()
    try:
        day, clock = parse_day_time(f"{args[0]} {args[1]}", today)
    except DomainError:
        raise DomainError("event.bad_time") from None
    starts = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    matched = match_kind(args[2])
    if matched is None:
        raise DomainError("event.bad_kind", kinds="、".join(EventKind))
    if len(args) > 5:
        # "学习 二十大精神 三楼会议室": which words are the title is anyone's guess; ask.
        raise DomainError("event.quote_title")
    place = args[4] if len(args) == 5 else None
    return check_event(starts, matched.kind, args[3], place, now, matched.detail)


def check_event(
    starts: datetime,
    kind: EventKind,
    title: str,
    place: str | None,
    now: datetime,
    detail: str | None = None,
) -> EventDraft:
    """An event's parts checked, typed or picked: a title, lengths, and a start ahead."""
    title, place = title.strip(), (place or "").strip() or None
    if not title:
        raise DomainError("event.usage")
    if len(title) > MAX_TITLE or (place is not None and len(place) > MAX_PLACE):
        raise DomainError("event.too_long", max=MAX_TITLE)
    starts_utc = starts.astimezone(now.tzinfo)
    if starts_utc <= now:
        raise DomainError("event.in_past")
    if starts_utc - now > timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError("event.too_far")
    return EventDraft(starts_utc, kind, title, place, detail)


def event_view(event: BranchEvent, group: Group) -> EventView:
    return EventView(
        event.id,
        group.id,
        group.chat_id,
        group.thread_id,
        group.title,
        event.kind,
        event.title,
        event.place,
        event.starts_at,
        group.timezone,
        event.number,
        event.message_id,
        event.kind_detail,
    )
