"""SQLAlchemy models: groups, members, memberships, lessons, deliveries, listens, notes, points."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.core.vocabulary import (
    ChatType,
    DeliveryStatus,
    LessonStatus,
    MemberStatus,
    NoticeStatus,
    PresenceSource,
    ReminderStatus,
    Timing,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or (self.username or str(self.user_id))


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


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (Index("ix_lessons_status_slot", "status", "slot_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(255))
    # LessonStatus: queued → sending → sent; or cancelled; or missed (slot passed while down).
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
    # --- several instances (issue 11): which running instance holds this row in flight
    claimed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


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


class LeaveDay(Base):
    """A member's leave (请假): not reminded, not counted missing, streak kept."""

    __tablename__ = "leaves"
    __table_args__ = (Index("ix_leaves_user_start", "user_id", "start_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("members.user_id", ondelete="CASCADE"))
    # Days in the member's groups' own calendars, both ends included.
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


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


class SkipDay(Base):
    __tablename__ = "skip_days"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- calendar corrections (issue 11)
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


# --- branch life (issue 12): the quiz after the lesson, political birthdays, activity days.


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


class Birthday(Base):
    """The day a member joined the Party (政治生日): seen only by them and their secretaries."""

    __tablename__ = "birthdays"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("members.user_id", ondelete="CASCADE"), primary_key=True
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

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # EventKind
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


# --- Mini App (issue 13): what the player heard of a lesson, merged per member and lesson
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
