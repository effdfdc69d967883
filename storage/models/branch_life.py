"""Branch life: the quiz after the lesson, political birthdays, activity days."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.vocabulary import (
    NoticeStatus,
    ReminderStatus,
)
from storage.models.base import Base, UTCDateTime


# --- branch life: the quiz after the lesson, political birthdays, activity days.
class QuizQuestion(Base):
    """One multiple-choice question attached to a lesson (one to three per lesson)."""

    __tablename__ = "quiz_questions"
    __table_args__ = (UniqueConstraint("lesson_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(300))
    # The options as a JSON list of strings (2 to 10, as Telegram allows).
    options: Mapped[str] = mapped_column(Text)
    correct: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuizPoll(Base):
    """A quiz poll sent for a question into one chat (the group, or a member's private chat)."""

    __tablename__ = "quiz_polls"
    __table_args__ = (UniqueConstraint("question_id", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    poll_id: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuizAnswer(Base):
    """A member's first answer to a question, wherever they answered it; scored once."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    option: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column()
    points: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


OWN_BIRTHDAY = 0  # birthdays.group_id of the date a member recorded themselves


class Birthday(Base):
    """The day a member joined the Party (政治生日).

    The member's own date (`group_id` 0) is theirs: no secretary sees or changes it. For a
    member with no date of their own, a secretary may record one for their group: it belongs
    to that group, and only that group's secretaries see it."""

    __tablename__ = "birthdays"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    # 0: the member's own; otherwise groups.id of the group whose secretary recorded it.
    group_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, default=OWN_BIRTHDAY, server_default="0"
    )
    joined_on: Mapped[date] = mapped_column(Date)
    set_by: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BirthdayNotice(Base):
    """Greetings and heads-ups already sent: one per (member, year, kind, chat)."""

    __tablename__ = "birthday_notices"
    __table_args__ = (UniqueConstraint("user_id", "year", "kind", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    # NoticeKind: greeting (to the member), headsup (to a secretary), group (posted by choice).
    kind: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # NoticeStatus: claimed as sending, then sent | unreachable | failed
    status: Mapped[str] = mapped_column(String(16), default=NoticeStatus.IN_FLIGHT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BranchEvent(Base):
    """An activity day (主题党日, 支部党员大会, 党小组会, 党课) and its 纪实表."""

    __tablename__ = "branch_events"
    __table_args__ = (Index("uq_branch_events_group_number", "group_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # The number the branch knows it by (第N次, "#N"), counted within the group (see Lesson).
    number: Mapped[int] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # EventKind
    # 党小组会: the 党小组 it expects; 其他: the meeting's own name.
    kind_detail: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str] = mapped_column(String(255))
    place: Mapped[str | None] = mapped_column(String(255), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # When the "not answered yet" reminders' ledger was written (day before, hour before).
    day_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hour_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The sign-in QR message in the secretary's private chat, rotated while sign-in is open.
    qr_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    qr_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # The 纪实表: minutes (text, or a voice note's file id) and who took them.
    minutes: Mapped[str | None] = mapped_column(Text, nullable=True)
    minutes_voice: Mapped[str | None] = mapped_column(String(255), nullable=True)
    recorder: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A 记录人 named by @username or id may write the minutes and add photos themselves.
    recorder_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # The 纪实表 as filed: the 主持人 (a Person.key; present without signing in) and their name,
    # the 议程 (one item a line) and the 列席 (guests, as written).
    chair_key: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    chair: Mapped[str | None] = mapped_column(String(64), nullable=True)
    agenda: Mapped[str | None] = mapped_column(Text, nullable=True)
    guests: Mapped[str | None] = mapped_column(Text, nullable=True)


class EventReply(Base):
    """A member's 参加 / 请假 for an event (the newest answer stands)."""

    __tablename__ = "event_replies"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("branch_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    # ReplyStatus: attend or leave
    status: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventReminder(Base):
    """The event reminder ledger: one row per (event, member, kind), claimed before its send."""

    __tablename__ = "event_reminders"
    __table_args__ = (UniqueConstraint("event_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("branch_events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    # EventReminderKind: day (the day before) or hour (one hour before)
    kind: Mapped[str] = mapped_column(String(8))
    # ReminderStatus: pending → sending → sent | unreachable | failed | skipped
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class EventCheckin(Base):
    """A sign-in: by QR code, or by the secretary (代签 / 补签) with who, when and why."""

    __tablename__ = "event_checkins"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("branch_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
    )
    # CheckinMethod: qr, proxy (代签) or late (补签)
    method: Mapped[str] = mapped_column(String(8))
    by_user: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventPhoto(Base):
    __tablename__ = "event_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("branch_events.id", ondelete="CASCADE"))
    file_id: Mapped[str] = mapped_column(String(255))
    added_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PartyLessonMark(Base):
    """A daily lesson the secretary counts as a quarter's 党课 (one a quarter, e.g. "2026Q1")."""

    __tablename__ = "party_lesson_marks"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[str] = mapped_column(String(8), primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    marked_by: Mapped[int] = mapped_column(BigInteger)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventRecordEdit(Base):
    """The 纪实表's history: every change of a field, with its old and new value."""

    __tablename__ = "event_record_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("branch_events.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    edited_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
