"""Groups, members and who belongs where; the group's calendar days and alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    or_,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from bot.core.formatting import person_name
from bot.core.vocabulary import (
    ChatType,
    MemberStatus,
    PresenceSource,
)
from storage.models.base import Base, UTCDateTime


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    chat_type: Mapped[str] = mapped_column(String(16), default=ChatType.GROUP)
    # Whether the bot is still in the chat: a MemberStatus (member, administrator, left, kicked).
    bot_status: Mapped[str] = mapped_column(String(16), default=MemberStatus.MEMBER)
    bound: Mapped[bool] = mapped_column(default=False)
    bound_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Forum topic in which /bind was sent; lessons go there.
    thread_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    timezone: Mapped[str] = mapped_column(String(64))
    broadcast_time: Mapped[str] = mapped_column(String(5))
    weekdays: Mapped[str] = mapped_column(String(64))
    reminder_time: Mapped[str] = mapped_column(String(5))
    pin_broadcast: Mapped[bool] = mapped_column(default=False)
    # The opt-in points leaderboard (/rank); off unless the group's admins turn it on.
    leaderboard: Mapped[bool] = mapped_column(default=False)
    # /settings by buttons: the evening's private nudges, the group's evening line (the team
    # figure), and the secretary's alert that a broadcast day has no lesson queued.
    reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    evening_line: Mapped[bool] = mapped_column(default=True, server_default=true())
    empty_slot_alert: Mapped[bool] = mapped_column(default=True, server_default=true())
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Member(Base):
    __tablename__ = "members"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    last_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # Started the bot in private chat (so the bot may write to them).
    started: Mapped[bool] = mapped_column(default=False)
    # Wants the morning push in private chat (/start subscribes, /stop unsubscribes).
    subscribed: Mapped[bool] = mapped_column(default=False)
    # False after a 403 (blocked / never started) until they start the bot again.
    reachable: Mapped[bool] = mapped_column(default=True)
    unreachable_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Set by /stop: a lesson deep link then sends that lesson without subscribing again.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the full greeting was given: later /starts get one line.
    greeted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def display_name(self) -> str:
        return person_name(self.first_name, self.last_name, self.username, self.user_id)


class Membership(Base):
    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    # MemberStatus: Telegram's status as last seen (creator, administrator, member, left, ...).
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.MEMBER)
    # PresenceSource: how we know (chat_member, service_message, activity, join_command, ...).
    source: Mapped[str] = mapped_column(String(32), default=PresenceSource.ACTIVITY)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # --- secretary's view (ledger): when the bot first knew them present, and when they left.
    # NULL joined_at: known before join times were kept. Rejoining starts a new stay.
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A secretary said this account is not one of the branch's members (未在花名册, dismissed):
    # no longer counted. Adding them to the roster, or a new stay, undoes it.
    roster_dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LeaveDay(Base):
    """A member's leave (请假): not reminded, not counted missing, streak kept.

    The member's own leave (`group_id` NULL) counts in every group they are in; leave a
    secretary recorded for them belongs to that secretary's group and counts there alone."""

    __tablename__ = "leaves"
    __table_args__ = (Index("ix_leaves_user_start", "user_id", "start_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    # Days in the member's groups' own calendars, both ends included.
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), nullable=True
    )

    @classmethod
    def counts_in(cls, group_id: Any) -> ColumnElement[bool]:
        """SQL: the leave counts in the group: the member's own, or recorded for that group."""
        return or_(cls.group_id.is_(None), cls.group_id == group_id)


class SkipDay(Base):
    __tablename__ = "skip_days"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- calendar corrections
class ExtraDay(Base):
    """An adjusted working day (调休上班) a group broadcasts on, set with /extra."""

    __tablename__ = "extra_days"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Alert(Base):
    """Secretary alerts already sent, so a restart does not repeat them."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("group_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # AlertKind
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
