"""Lessons, their deliveries and the evening reminders."""

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
    DeliveryStatus,
    LessonStatus,
    ReminderStatus,
)
from storage.models.base import Base, UTCDateTime


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (
        Index("ix_lessons_status_slot", "status", "slot_at"),
        Index("uq_lessons_group_number", "group_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # The number the branch knows it by (第N期, "#N"): counted within the group. Nullable only
    # because SQLite cannot make an added column NOT NULL in place; every row has one.
    number: Mapped[int] = mapped_column(Integer, nullable=True)
    author_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(255))
    # LessonStatus: queued → sending → sent; or cancelled; or missed (slot passed while down);
    # or held (its group was unbound).
    status: Mapped[str] = mapped_column(String(16), default=LessonStatus.QUEUED)
    slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set by /schedule: the slot stays put when the group's broadcast time changes.
    slot_manual: Mapped[bool] = mapped_column(default=False)
    audio_path: Mapped[str] = mapped_column(String(512))
    original_path: Mapped[str | None] = mapped_column(String(512), nullable=True)
    duration_in: Mapped[float] = mapped_column(Float)
    duration_out: Mapped[float] = mapped_column(Float)
    lufs_in: Mapped[float] = mapped_column(Float)
    lufs_out: Mapped[float] = mapped_column(Float)
    # Telegram file_id of the uploaded voice note, reused for every other send.
    voice_file_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    source_file_unique_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the evening reminder's recipients were written down (reminders table).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("lesson_id", "chat_id"),
        # A button press names its message: find the delivery it belongs to.
        Index("ix_deliveries_chat_message", "chat_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # TargetKind: group or private; user_id is set for private deliveries.
    kind: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # DeliveryStatus: pending → sending → sent | unreachable | failed | uncertain
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # --- several instances: which running instance holds this row in flight
    claimed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Reminder(Base):
    """The evening reminder ledger: one row per (lesson, chat), so none is sent twice."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("lesson_id", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # TargetKind: group (the team figure) or private (the nudge); user_id set for private ones.
    kind: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # ReminderStatus: pending → sending → sent | unreachable | failed | skipped
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
