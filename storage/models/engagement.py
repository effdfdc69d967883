"""What members did with a lesson: listens, notes, points, what the player heard."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.vocabulary import (
    Timing,
)
from storage.models.base import Base, UTCDateTime


class Listen(Base):
    __tablename__ = "listens"
    __table_args__ = (UniqueConstraint("lesson_id", "user_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    # bot.core.scoring.ListenSource: button (group or own private copy), private, note, player.
    source: Mapped[str] = mapped_column(String(16))
    # Share of the lesson heard (0..1) when a player can tell; None when unknown.
    progress: Mapped[float | None] = mapped_column(Float, nullable=True)
    # bot.core.scoring.Timing: on_day, makeup (补学, within the make-up window) or late.
    timing: Mapped[str] = mapped_column(String(8), default=Timing.ON_DAY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    # Kept whole and verbatim (HTML and Markdown included); never rendered with a parse mode.
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    voice_file_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    voice_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # --- secretary's view: marked 精选 by a secretary (shown in the weekly digest).
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    featured_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class PointEntry(Base):
    __tablename__ = "points"
    __table_args__ = (
        UniqueConstraint("user_id", "lesson_id", "reason"),
        Index("ix_points_group_user_created", "group_id", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), nullable=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Mini App: what the player heard of a lesson, merged per member and lesson
class Heard(Base):
    """The seconds of a lesson a member's player actually played (while the page was seen)."""

    __tablename__ = "heard"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    # The page open that may report now ("one device at a time"); a newer open takes over.
    session: Mapped[str] = mapped_column(String(32))
    # The union of heard [start, end) seconds as JSON [[start, end], ...], sorted, disjoint.
    spans: Mapped[str] = mapped_column(Text, default="[]")
    # Merged length / the lesson's duration, 0..1.
    share: Mapped[float] = mapped_column(Float, default=0.0)
    # When the reporting session opened, and the seconds heard by then: the session may add
    # no more than the time since, at the player's fastest speed.
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heard_at_open: Mapped[float] = mapped_column(Float, default=0.0)
    # The reports' pace (one per interval, a burst allowed): a report may come while this is
    # less than a burst's worth of intervals ahead of now. None before the first report.
    reports_paced_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Opened(Base):
    """A member opened a lesson through its link (the group's deep link, the reminder's
    「🎧 去收听」). Not a listen: opening is not hearing, so it earns nothing and counts in no
    listen figure; the report shows it apart as 已打开未确认. The first open is kept."""

    __tablename__ = "lesson_opens"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
