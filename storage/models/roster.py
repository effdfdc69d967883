"""The branch's roster (花名册): real names, members without Telegram, claims of a name."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.vocabulary import ClaimStatus
from storage.models.base import Base, UTCDateTime


class RosterEntry(Base):
    """One person on a group's roster; `user_id` once a Telegram account is linked to them."""

    __tablename__ = "roster_entries"
    __table_args__ = (
        # One entry per account in a group (NULLs, the unlinked, are not compared).
        Index("uq_roster_entries_group_user", "group_id", "user_id", unique=True),
        Index("ix_roster_entries_group_name", "group_id", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))  # 姓名, as the branch writes it
    category: Mapped[str] = mapped_column(String(16), default="")  # PartyCategory or ""
    party_group: Mapped[str] = mapped_column(String(64), default="")  # 党小组
    joined_party_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 入党日期
    duty: Mapped[str] = mapped_column(String(64), default="")  # 职务 (书记, 组织委员…)
    telegram: Mapped[str] = mapped_column(String(64), default="")  # as the file gave it
    remark: Mapped[str] = mapped_column(Text, default="")  # 备注
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.user_id", ondelete="SET NULL"), nullable=True
    )
    # 转出: kept in the history, no longer expected from this time on.
    transferred_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventRosterCheckin(Base):
    """A 代签 / 补签 for a roster entry with no Telegram account (EventCheckin needs one).

    Read through the entry: once the entry is linked, the check-in counts for that account."""

    __tablename__ = "event_roster_checkins"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("branch_events.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("roster_entries.id", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[str] = mapped_column(String(8))  # CheckinMethod: proxy or late
    by_user: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterClaim(Base):
    """A member said "this name is me"; it counts only once a secretary confirms it."""

    __tablename__ = "roster_claims"
    __table_args__ = (Index("ix_roster_claims_entry", "entry_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("roster_entries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.PENDING)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterImport(Base):
    """An import previewed and waiting for the secretary's confirmation.

    Only the rows as understood are kept (never the file), and only until confirmed,
    cancelled or stale."""

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    rows: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
