"""The words the bot stores: every status and kind column's values, one enum per family.

The values are what the database holds, so renaming a member is free but changing a value
is a data migration (tests/unit/test_vocabulary.py pins them). Two families may share a word
with different meanings, e.g. a lesson "sending" (its broadcast is under way) and a delivery
"sending" (one copy is in flight): each family has its own enum, so the two never mix by
accident. A StrEnum member equals its value, so rows read back as plain strings compare
equal to the members.
"""

from __future__ import annotations

from enum import StrEnum

# Point reasons, listen sources and timings are pure scoring rules and live beside them;
# they are part of this vocabulary too.
from bot.core.scoring import ListenSource, PointReason, Timing

__all__ = [
    "ADMIN_STATUSES",
    "BOT_PRESENT_STATUSES",
    "PRESENT_STATUSES",
    "AlertKind",
    "ChatType",
    "CheckinMethod",
    "DeliveryStatus",
    "EventKind",
    "EventReminderKind",
    "LessonStatus",
    "ListenSource",
    "MemberStatus",
    "NoticeKind",
    "NoticeStatus",
    "PointReason",
    "PresenceSource",
    "ReminderStatus",
    "ReplyStatus",
    "TargetKind",
    "Timing",
]


class LessonStatus(StrEnum):
    """lessons.status: queued → sending → sent; or cancelled; or missed; or held."""

    QUEUED = "queued"
    SENDING = "sending"  # its broadcast is under way (copies may still be pending)
    SENT = "sent"  # its broadcast is over, whatever became of each copy
    CANCELLED = "cancelled"
    MISSED = "missed"  # the slot passed while the bot was down
    HELD = "held"  # its group was unbound: never sent there; its secretary may cancel it


class DeliveryStatus(StrEnum):
    """deliveries.status, one copy of a lesson in one chat: pending → sending → the rest."""

    PENDING = "pending"
    IN_FLIGHT = "sending"  # claimed by an instance, the send not yet answered
    DELIVERED = "sent"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    # Telegram may have the message, but the ledger could not confirm it: not sent again.
    UNCERTAIN = "uncertain"


class ReminderStatus(StrEnum):
    """reminders.status and event_reminders.status: a reminder's send-once ledger row."""

    PENDING = "pending"
    IN_FLIGHT = "sending"
    DELIVERED = "sent"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    SKIPPED = "skipped"  # no longer needed when its turn came (listened, or answered)


class NoticeStatus(StrEnum):
    """birthday_notices.status: the row is claimed as in flight, then closed."""

    IN_FLIGHT = "sending"
    DELIVERED = "sent"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


class TargetKind(StrEnum):
    """deliveries.kind and reminders.kind: where a copy goes (user_id set for private)."""

    GROUP = "group"
    PRIVATE = "private"


class NoticeKind(StrEnum):
    """birthday_notices.kind."""

    GREETING = "greeting"  # to the member
    HEADSUP = "headsup"  # to a secretary
    GROUP_POST = "group"  # posted in the group, by the member's choice


class EventReminderKind(StrEnum):
    """event_reminders.kind: which of an event's two reminders."""

    DAY_BEFORE = "day"
    HOUR_BEFORE = "hour"


class ReplyStatus(StrEnum):
    """event_replies.status: a member's 参加 / 请假 (the newest answer stands)."""

    ATTEND = "attend"
    LEAVE = "leave"


class CheckinMethod(StrEnum):
    """event_checkins.method."""

    QR = "qr"  # scanned the rotating code in the room
    PROXY = "proxy"  # 代签: signed in by a secretary during the meeting
    LATE = "late"  # 补签: signed in by a secretary afterwards
    CHAIR = "chair"  # the 主持人: present without signing in (read from branch_events.chair_key)


class EventKind(StrEnum):
    """branch_events.kind: the activity days (三会一课 and the rest), stored as their names;
    typed in /event, matched tolerantly by bot.branch_life.events.kinds.match_kind."""

    THEME_DAY = "主题党日"
    BRANCH_ASSEMBLY = "支部党员大会"
    GROUP_MEETING = "党小组会"
    PARTY_LESSON = "党课"
    COMMITTEE = "支委会"
    LIFE_MEETING = "组织生活会"
    APPRAISAL = "民主评议党员"
    OTHER = "其他"  # with a free name (branch_events.kind_name)


class AlertKind(StrEnum):
    """alerts.kind: secretary alerts sent once per (group, kind, key)."""

    DIGEST = "digest"  # the weekly digest; key: the week
    CALENDAR_GAP = "calendar_gap"  # next year's official calendar is missing; key: the year
    EMPTY_SLOT = "empty_slot"  # nothing queued for a broadcast day; key: the day
    MEETING_DUE = "meeting_due"  # a 三会一课 period ends unmet soon; key: "类型:period"


class MemberStatus(StrEnum):
    """memberships.status and groups.bot_status: Telegram's chat member status, as last seen."""

    CREATOR = "creator"
    ADMINISTRATOR = "administrator"
    MEMBER = "member"
    RESTRICTED = "restricted"
    LEFT = "left"
    KICKED = "kicked"


ADMIN_STATUSES = (MemberStatus.CREATOR, MemberStatus.ADMINISTRATOR)
PRESENT_STATUSES = (*ADMIN_STATUSES, MemberStatus.MEMBER, MemberStatus.RESTRICTED)
# The bot is never a group's creator nor restricted: in the group means one of these.
BOT_PRESENT_STATUSES = (MemberStatus.MEMBER, MemberStatus.ADMINISTRATOR)


class PartyCategory(StrEnum):
    """roster_entries.category: 类别 on the roster (empty when the roster does not say)."""

    FULL = "full"  # 正式党员
    PROBATIONARY = "probationary"  # 预备党员


class RosterStanding(StrEnum):
    """How a person stands towards the group's roster (花名册)."""

    LINKED = "linked"  # on the roster and linked to a Telegram account
    UNLINKED = "unlinked"  # 未关联: on the roster, no Telegram account linked
    UNROSTERED = "unrostered"  # 未在花名册: in the Telegram group, not on the roster


class ClaimStatus(StrEnum):
    """roster_claims.status: a member's "this name is me", until a secretary decides."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class PresenceSource(StrEnum):
    """memberships.source: how the bot knows a person's status in a group."""

    CHAT_MEMBER = "chat_member"  # Telegram's chat_member update
    GET_CHAT_MEMBER = "get_chat_member"  # Telegram's answer when asked
    SERVICE_MESSAGE = "service_message"  # "X joined" / "X left" in the group
    ACTIVITY = "activity"  # wrote in the group, or added the bot
    JOIN_COMMAND = "join_command"  # /join
    BIND = "bind"  # bound the group as its admin
    BUTTON = "button"  # pressed a lesson's or an event's button in the group
    NOTE = "note"  # wrote a study note in the group


class ChatType(StrEnum):
    """groups.chat_type: Telegram's type of a group chat, as stored."""

    GROUP = "group"
    SUPERGROUP = "supergroup"
