"""Activity days (主题党日, 支部党员大会, 党小组会, 党课): replies, reminders, sign-in and the
纪实表 (meeting record) with its history. Who may run an event is Telegram's answer (rights)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import BranchLifeSettings
from bot.errors import DomainError
from bot.lessons import LessonService
from bot.rights import Rights
from bot.signin_codes import SigninCodes
from storage.db import Database
from storage.models import (
    BranchEvent,
    EventCheckin,
    EventPhoto,
    EventRecordEdit,
    EventReminder,
    EventReply,
    Group,
    LeaveDay,
    Member,
    Membership,
)
from storage.repositories import (
    PRESENT_STATUSES,
    UserInfo,
    dialect_insert,
    upsert_member,
    upsert_membership,
)

EVENT_KINDS = ("主题党日", "支部党员大会", "党小组会", "党课")
ATTEND, LEAVE = "attend", "leave"
QR, PROXY, LATE = "qr", "proxy", "late"
MAX_TITLE = 100
MAX_PLACE = 100
MAX_REASON = 200
MAX_MINUTES = 4000
MAX_DAYS_AHEAD = 366
MAX_USER_ID_DIGITS = 16
PENDING, SENDING, SENT, FAILED, UNREACHABLE, SKIPPED = (
    "pending",
    "sending",
    "sent",
    "failed",
    "unreachable",
    "skipped",
)


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
    message_id: int | None = None

    def local(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.zone))


@dataclass(frozen=True)
class ReplyResult:
    event: EventView
    attend: bool
    changed: bool


@dataclass(frozen=True)
class ReminderTarget:
    reminder_id: int
    user_id: int
    kind: str
    language_code: str | None
    event: EventView


@dataclass(frozen=True)
class CheckinResult:
    outcome: str  # "ok", "already", "expired", "closed", "not_member", "unknown"
    event: EventView | None = None


@dataclass(frozen=True)
class Attendee:
    user_id: int
    name: str
    method: str | None = None
    by_user: int | None = None
    by_name: str | None = None
    reason: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class RecordEdit:
    field: str
    old: str | None
    new: str | None
    by_name: str
    at: datetime


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


@dataclass(frozen=True)
class AttendanceRow:
    """One member at one event of the month, for the /export sheet."""

    event_id: int
    day: date
    kind: str
    title: str
    user_id: int
    name: str
    reply: str | None  # attend / leave / None (no answer)
    reason: str | None
    signed_in: str | None  # qr / proxy / late / None


def parse_event(args: list[str], zone: str, now: datetime) -> tuple[datetime, str, str, str | None]:
    """/event YYYY-MM-DD HH:MM 类型 标题 [地点]"""
    if len(args) < 4:
        raise DomainError("event.usage")
    try:
        day = date.fromisoformat(args[0])
        hours, minutes = (int(p) for p in args[1].split(":"))
        starts = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(zone))
    except ValueError:
        raise DomainError("event.bad_time") from None
    kind = args[2]
    if kind not in EVENT_KINDS:
        raise DomainError("event.bad_kind", kinds="、".join(EVENT_KINDS))
    title = args[3].strip()
    place = " ".join(args[4:]).strip() or None
    if len(title) > MAX_TITLE or (place is not None and len(place) > MAX_PLACE):
        raise DomainError("event.too_long", max=MAX_TITLE)
    starts_utc = starts.astimezone(now.tzinfo)
    if starts_utc <= now:
        raise DomainError("event.in_past")
    if starts_utc - now > timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError("event.too_far")
    return starts_utc, kind, title, place


def _view(e: BranchEvent, g: Group) -> EventView:
    return EventView(
        e.id,
        g.id,
        g.chat_id,
        g.thread_id,
        g.title,
        e.kind,
        e.title,
        e.place,
        e.starts_at,
        g.timezone,
        e.message_id,
    )


class EventService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rights: Rights,
        lessons: LessonService,
        settings: BranchLifeSettings,
        codes: SigninCodes,
    ) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights
        self._lessons = lessons
        self._settings = settings
        self.codes = codes

    # -- announcing and answering
    async def create(self, actor: UserInfo, args: list[str], chat_id: int | None) -> EventView:
        """In a group: that group (its admins only). In private: the one group they run."""
        if chat_id is not None:
            async with self._db.reading() as s:
                group = (
                    await s.execute(select(Group).where(Group.chat_id == chat_id))
                ).scalar_one_or_none()
                group_id = group.id if group is not None and group.bound else None
            if group_id is None:
                raise DomainError("event.group_not_bound")
            if not await self._rights.is_admin(chat_id, actor.user_id):
                raise DomainError("event.not_admin")
        else:
            groups = await self._lessons.secretary_groups(actor.user_id)
            if not groups:
                raise DomainError("event.not_secretary")
            if len(groups) > 1:
                raise DomainError("event.which_group")
            group_id = groups[0].id
        now = self._clock.now()
        async with self._db.transaction() as s:
            group = await s.get(Group, group_id)
            if group is None:  # pragma: no cover - groups are never deleted
                raise DomainError("event.group_not_bound")
            starts, kind, title, place = parse_event(args, group.timezone, now)
            await upsert_member(s, actor, now)
            event = BranchEvent(
                group_id=group.id,
                kind=kind,
                title=title,
                place=place,
                starts_at=starts,
                created_by=actor.user_id,
                created_at=now,
            )
            s.add(event)
            await s.flush()
            return _view(event, group)

    async def set_message(self, event_id: int, message_id: int) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(BranchEvent).where(BranchEvent.id == event_id).values(message_id=message_id)
            )

    async def get(self, event_id: int) -> EventView | None:
        async with self._db.reading() as s:
            row = (
                await s.execute(
                    select(BranchEvent, Group)
                    .join(Group, Group.id == BranchEvent.group_id)
                    .where(BranchEvent.id == event_id)
                )
            ).first()
            return None if row is None else _view(*row)

    async def reply(
        self,
        event_id: int,
        user: UserInfo,
        attend: bool,
        chat_id: int,
        message_id: int,
        *,
        carried: bool = False,
    ) -> ReplyResult:
        """参加 / 请假: on the group's event message (proves presence), or in their own private
        chat (a reminder) while they are a member; anything else is forged.

        `carried`: the pressed message itself (as Telegram describes it) bears this button; it
        stands in for the message id while the announcement's id is still being written.
        """
        now = self._clock.now()
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(BranchEvent, Group)
                    .join(Group, Group.id == BranchEvent.group_id)
                    .where(BranchEvent.id == event_id)
                )
            ).first()
            if row is None:
                raise DomainError("button.forged")
            event, group = row
            in_group = chat_id == group.chat_id
            known = event.message_id == message_id or (event.message_id is None and carried)
            if in_group and not known:
                raise DomainError("button.forged")
            if not in_group and chat_id != user.user_id:
                raise DomainError("button.forged")
            if event.starts_at <= now:
                raise DomainError("event.started")
            await upsert_member(s, user, now)
            if in_group:
                await upsert_membership(s, group.id, user.user_id, "member", "button", now)
            elif not await _present(s, group.id, user.user_id):
                raise DomainError("event.not_member")
            status = ATTEND if attend else LEAVE
            old = await s.get(EventReply, (event_id, user.user_id))
            changed = old is None or old.status != status
            values = {"status": status, "updated_at": now}
            if attend:
                values["reason"] = None
            stmt = dialect_insert(s, EventReply).values(
                event_id=event_id, user_id=user.user_id, status=status, updated_at=now
            )
            await s.execute(
                stmt.on_conflict_do_update(index_elements=["event_id", "user_id"], set_=values)
            )
            return ReplyResult(_view(event, group), attend, changed)

    async def set_reason(self, event_id: int, user_id: int, reason: str) -> None:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DomainError("event.bad_reason", max=MAX_REASON)
        async with self._db.transaction() as s:
            found = await s.get(EventReply, (event_id, user_id))
            if found is None or found.status != LEAVE:
                raise DomainError("event.no_leave")
            found.reason = reason
            found.updated_at = self._clock.now()

    # -- reminders for those who have not answered
    async def reminders_due(self) -> list[ReminderTarget]:
        """The day before and one hour before: a ledger row per member who has not answered."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            rows = await s.execute(
                select(BranchEvent, Group)
                .join(Group, Group.id == BranchEvent.group_id)
                .where(
                    BranchEvent.starts_at > now,
                    BranchEvent.starts_at <= now + timedelta(days=1),
                    Group.bound.is_(True),
                )
                .order_by(BranchEvent.id)
            )
            events = rows.all()
            for event, group in events:
                kind: str | None = None
                if event.hour_reminded_at is None and event.starts_at - now <= timedelta(hours=1):
                    kind = "hour"
                    event.hour_reminded_at = now
                    event.day_reminded_at = event.day_reminded_at or now
                elif event.day_reminded_at is None:
                    kind = "day"
                    event.day_reminded_at = now
                if kind is not None:
                    await self._write_ledger(s, event, group, kind, now)
            pending = await s.execute(
                select(EventReminder, Member.language_code, BranchEvent, Group)
                .join(BranchEvent, BranchEvent.id == EventReminder.event_id)
                .join(Group, Group.id == BranchEvent.group_id)
                .outerjoin(Member, Member.user_id == EventReminder.user_id)
                .where(EventReminder.status == PENDING, BranchEvent.starts_at > now)
                .order_by(EventReminder.id)
            )
            return [
                ReminderTarget(r.id, r.user_id, r.kind, lang, _view(e, g))
                for r, lang, e, g in pending.all()
            ]

    async def _write_ledger(
        self, s: AsyncSession, event: BranchEvent, group: Group, kind: str, now: datetime
    ) -> None:
        day = event.starts_at.astimezone(ZoneInfo(group.timezone)).date()
        members = await s.execute(
            select(Member.user_id)
            .join(Membership, Membership.user_id == Member.user_id)
            .where(
                Membership.group_id == group.id,
                Membership.status.in_(PRESENT_STATUSES),
                Member.started.is_(True),
                Member.reachable.is_(True),
                ~exists().where(
                    EventReply.event_id == event.id, EventReply.user_id == Member.user_id
                ),
                ~exists().where(
                    LeaveDay.user_id == Member.user_id,
                    LeaveDay.start_day <= day,
                    LeaveDay.end_day >= day,
                ),
            )
        )
        rows = [
            {
                "event_id": event.id,
                "user_id": uid,
                "kind": kind,
                "status": PENDING,
                "created_at": now,
            }
            for uid in members.scalars()
        ]
        if rows:
            await s.execute(
                dialect_insert(s, EventReminder)
                .values(rows)
                .on_conflict_do_nothing(index_elements=["event_id", "user_id", "kind"])
            )

    async def claim_reminder(self, target: ReminderTarget) -> bool:
        """In flight now; False if settled, or they answered meanwhile."""
        async with self._db.transaction() as s:
            answered = await s.get(EventReply, (target.event.id, target.user_id))
            new = SKIPPED if answered is not None else SENDING
            done = await s.execute(
                update(EventReminder)
                .where(EventReminder.id == target.reminder_id, EventReminder.status == PENDING)
                .values(status=new)
            )
            return bool(done.rowcount) and new == SENDING  # type: ignore[attr-defined]

    async def settle_reminder(
        self, reminder_id: int, status: str, error: str | None = None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(EventReminder)
                .where(EventReminder.id == reminder_id)
                .values(
                    status=status,
                    error=error[:500] if error else None,
                    sent_at=self._clock.now() if status == SENT else None,
                )
            )

    # -- sign-in
    async def authorize(self, actor_id: int, event_id: int) -> EventView:
        view = await self.get(event_id)
        if view is None:
            raise DomainError("event.not_found", n=event_id)
        if not await self._rights.is_admin(view.group_chat_id, actor_id):
            raise DomainError("event.not_yours", n=event_id)
        return view

    def signin_open(self, view: EventView, at: datetime) -> bool:
        opens = view.starts_at - timedelta(minutes=self._settings.signin_open_minutes)
        closes = view.starts_at + timedelta(minutes=self._settings.signin_close_minutes)
        return opens <= at <= closes

    async def open_signin(self, actor_id: int, event_id: int) -> EventView:
        view = await self.authorize(actor_id, event_id)
        if not self.signin_open(view, self._clock.now()):
            raise DomainError(
                "event.signin_closed",
                n=event_id,
                before=self._settings.signin_open_minutes,
            )
        return view

    async def set_qr_message(
        self, event_id: int, chat_id: int | None, message_id: int | None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(BranchEvent)
                .where(BranchEvent.id == event_id)
                .values(qr_chat_id=chat_id, qr_message_id=message_id)
            )

    async def qr_messages(self) -> list[tuple[EventView, int, int]]:
        """Sign-in QR messages on show: (event, chat, message)."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(BranchEvent, Group)
                .join(Group, Group.id == BranchEvent.group_id)
                .where(BranchEvent.qr_message_id.is_not(None))
                .order_by(BranchEvent.id)
            )
            return [
                (_view(e, g), int(e.qr_chat_id or 0), int(e.qr_message_id or 0))
                for e, g in rows.all()
            ]

    async def check_in(self, event_id: int, code: str, user: UserInfo) -> CheckinResult:
        now = self._clock.now()
        view = await self.get(event_id)
        if view is None:
            return CheckinResult("unknown")
        if not self.signin_open(view, now):
            return CheckinResult("closed", view)
        if not self.codes.valid(event_id, code, now):
            return CheckinResult("expired", view)
        async with self._db.transaction() as s:
            await upsert_member(s, user, now)
            if not await _present(s, view.group_id, user.user_id):
                return CheckinResult("not_member", view)
            done = await s.execute(
                dialect_insert(s, EventCheckin)
                .values(
                    event_id=event_id,
                    user_id=user.user_id,
                    method=QR,
                    by_user=user.user_id,
                    reason=None,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
            )
            return CheckinResult("ok" if done.rowcount else "already", view)  # type: ignore[attr-defined]

    async def sign_for(
        self, actor_id: int, event_id: int, who: str, reason: str, method: str
    ) -> tuple[EventView, str]:
        """代签 (during sign-in) or 补签 (after the start, while the record is editable)."""
        view = await self.authorize(actor_id, event_id)
        now = self._clock.now()
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DomainError("event.bad_reason", max=MAX_REASON)
        if method == PROXY and not self.signin_open(view, now):
            raise DomainError("event.proxy_closed", n=event_id)
        if method == LATE and not (view.starts_at <= now <= self.editable_until(view)):
            raise DomainError("event.late_closed", n=event_id, days=self._settings.record_edit_days)
        async with self._db.transaction() as s:
            member = await _find_member(s, who)
            if member is None or not await _present(s, view.group_id, member.user_id):
                raise DomainError("event.unknown_member", who=who)
            done = await s.execute(
                dialect_insert(s, EventCheckin)
                .values(
                    event_id=event_id,
                    user_id=member.user_id,
                    method=method,
                    by_user=actor_id,
                    reason=reason,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
            )
            if not done.rowcount:  # type: ignore[attr-defined]
                raise DomainError("event.already_signed", name=member.display_name)
            return view, member.display_name

    # -- the 纪实表
    def editable_until(self, view: EventView) -> datetime:
        return view.starts_at + timedelta(days=self._settings.record_edit_days)

    async def may_record(self, actor_id: int, event_id: int) -> EventView:
        """The group's admins, or the 记录人 they named, may keep the record."""
        view = await self.get(event_id)
        if view is None:
            raise DomainError("event.not_found", n=event_id)
        async with self._db.reading() as s:
            recorder = await s.scalar(
                select(BranchEvent.recorder_id).where(BranchEvent.id == event_id)
            )
        if recorder == actor_id:
            return view
        return await self.authorize(actor_id, event_id)

    async def record(self, actor_id: int, event_id: int) -> RecordView:
        view = await self.may_record(actor_id, event_id)
        return await self._record(view)

    async def _record(self, view: EventView) -> RecordView:
        async with self._db.reading() as s:
            event = await s.get(BranchEvent, view.id)
            if event is None:  # pragma: no cover - events are never deleted
                raise DomainError("event.not_found", n=view.id)
            members = {
                m.user_id: m.display_name
                for m in (
                    await s.execute(
                        select(Member)
                        .join(Membership, Membership.user_id == Member.user_id)
                        .where(
                            Membership.group_id == view.group_id,
                            Membership.status.in_(PRESENT_STATUSES),
                        )
                        .order_by(Member.user_id)
                    )
                ).scalars()
            }
            checkins = {
                c.user_id: c
                for c in (
                    await s.execute(select(EventCheckin).where(EventCheckin.event_id == view.id))
                ).scalars()
            }
            replies = {
                r.user_id: r
                for r in (
                    await s.execute(select(EventReply).where(EventReply.event_id == view.id))
                ).scalars()
            }
            names = dict(members)
            extra = set(checkins) | {c.by_user for c in checkins.values()}
            for m in (
                await s.execute(select(Member).where(Member.user_id.in_(extra - set(names))))
            ).scalars():
                names[m.user_id] = m.display_name
            present = [
                Attendee(
                    uid,
                    names.get(uid, str(uid)),
                    c.method,
                    c.by_user,
                    names.get(c.by_user, str(c.by_user)),
                    c.reason,
                    c.created_at,
                )
                for uid, c in sorted(checkins.items())
            ]
            absent = [
                Attendee(
                    uid,
                    name,
                    reason=(replies[uid].reason or "")
                    if uid in replies and replies[uid].status == LEAVE
                    else None,
                )
                for uid, name in members.items()
                if uid not in checkins
            ]
            photos = list(
                (
                    await s.execute(
                        select(EventPhoto.file_id)
                        .where(EventPhoto.event_id == view.id)
                        .order_by(EventPhoto.id)
                    )
                ).scalars()
            )
            edits = (
                await s.execute(
                    select(EventRecordEdit, Member)
                    .outerjoin(Member, Member.user_id == EventRecordEdit.edited_by)
                    .where(EventRecordEdit.event_id == view.id)
                    .order_by(EventRecordEdit.id)
                )
            ).all()
            history = [
                RecordEdit(
                    e.field, e.old, e.new, m.display_name if m else str(e.edited_by), e.created_at
                )
                for e, m in edits
            ]
            return RecordView(
                view,
                len(members),
                present,
                absent,
                event.minutes,
                event.minutes_voice,
                event.recorder,
                photos,
                self.editable_until(view),
                history,
            )

    async def edit_record(
        self, actor_id: int, event_id: int, field_name: str, value: str | None
    ) -> None:
        """Change the minutes (text or voice) or the 记录人 within the edit days; keep history.

        Only an admin names the 记录人: "@username" or an id makes that member the recorder, who
        may then write the minutes and add photos too; any other text is just a name.
        """
        if field_name == "recorder":
            view = await self.authorize(actor_id, event_id)
        else:
            view = await self.may_record(actor_id, event_id)
        now = self._clock.now()
        if now > self.editable_until(view):
            raise DomainError(
                "event.record_locked", n=event_id, days=self._settings.record_edit_days
            )
        if field_name == "minutes" and value is not None and len(value) > MAX_MINUTES:
            raise DomainError("event.minutes_too_long", max=MAX_MINUTES)
        if field_name == "recorder" and (not value or len(value) > 64):
            raise DomainError("event.bad_recorder")
        async with self._db.transaction() as s:
            event = await s.get(BranchEvent, event_id)
            if event is None:  # pragma: no cover - checked by authorize
                raise DomainError("event.not_found", n=event_id)
            if field_name == "recorder" and value is not None:
                named = (
                    await _find_member(s, value) if value[:1] == "@" or value.isdigit() else None
                )
                if named is not None and await _present(s, view.group_id, named.user_id):
                    event.recorder_id = named.user_id
                    value = named.display_name
                elif value[:1] == "@":
                    raise DomainError("event.unknown_member", who=value)
                else:
                    event.recorder_id = None
            old = getattr(event, field_name)
            if old == value:
                return
            setattr(event, field_name, value)
            s.add(
                EventRecordEdit(
                    event_id=event_id,
                    field=field_name,
                    old=old,
                    new=value,
                    edited_by=actor_id,
                    created_at=now,
                )
            )

    async def add_photo(self, actor_id: int, event_id: int, file_id: str) -> int:
        view = await self.may_record(actor_id, event_id)
        now = self._clock.now()
        if now > self.editable_until(view):
            raise DomainError(
                "event.record_locked", n=event_id, days=self._settings.record_edit_days
            )
        async with self._db.transaction() as s:
            s.add(EventPhoto(event_id=event_id, file_id=file_id, added_by=actor_id, created_at=now))
            s.add(
                EventRecordEdit(
                    event_id=event_id,
                    field="photo",
                    old=None,
                    new=file_id,
                    edited_by=actor_id,
                    created_at=now,
                )
            )
            await s.flush()
            count = await s.scalar(select(func.count()).where(EventPhoto.event_id == event_id))
            return int(count or 0)

    # -- for the coordinator: /report and /export
    async def report_figures(self, event_id: int) -> EventFigures | None:
        """The event's figures: expected, answers, sign-ins by method."""
        view = await self.get(event_id)
        if view is None:
            return None
        record = await self._record(view)
        async with self._db.reading() as s:
            statuses = list(
                (
                    await s.execute(
                        select(EventReply.status).where(EventReply.event_id == event_id)
                    )
                ).scalars()
            )
        attending = statuses.count(ATTEND)
        on_leave = statuses.count(LEAVE)
        methods = [a.method for a in record.present]
        return EventFigures(
            event_id,
            view.kind,
            view.title,
            view.starts_at,
            record.expected,
            attending,
            on_leave,
            max(0, record.expected - attending - on_leave),
            len(record.present),
            methods.count(QR),
            methods.count(PROXY),
            methods.count(LATE),
        )

    async def recent_figures(self, group_id: int) -> EventFigures | None:
        """For /report: the group's activity day nearest to now, within two weeks either way."""
        now = self._clock.now()
        window = timedelta(days=14)
        event_id: int | None = None
        async with self._db.reading() as s:
            rows = (
                await s.execute(
                    select(BranchEvent.id, BranchEvent.starts_at).where(
                        BranchEvent.group_id == group_id,
                        BranchEvent.starts_at >= now - window,
                        BranchEvent.starts_at <= now + window,
                    )
                )
            ).all()
        if rows:
            event_id = min(rows, key=lambda r: abs(r[1] - now))[0]
        return None if event_id is None else await self.report_figures(int(event_id))

    async def month_rows(self, group_id: int, year: int, month: int) -> list[AttendanceRow]:
        """Every event of the month (group's zone) × every member who was expected or came."""
        return await month_attendance(self._db, group_id, year, month)


async def _present(s: AsyncSession, group_id: int, user_id: int) -> bool:
    found = await s.scalar(
        select(Membership.user_id).where(
            Membership.group_id == group_id,
            Membership.user_id == user_id,
            Membership.status.in_(PRESENT_STATUSES),
        )
    )
    return found is not None


async def _find_member(s: AsyncSession, who: str) -> Member | None:
    who = who.strip()
    if who.startswith("@") and len(who) > 1:
        query = select(Member).where(func.lower(Member.username) == who[1:].lower())
    elif who.isdigit() and len(who) <= MAX_USER_ID_DIGITS:
        query = select(Member).where(Member.user_id == int(who))
    else:
        return None
    return (await s.execute(query)).scalars().first()


async def month_attendance(
    db: Database, group_id: int, year: int, month: int
) -> list[AttendanceRow]:
    """Every event of the month (group's zone) × every member who was expected or came."""
    async with db.reading() as s:
        group = await s.get(Group, group_id)
        if group is None:
            return []
        zone = ZoneInfo(group.timezone)
        start = datetime(year, month, 1, tzinfo=zone)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        events = list(
            (
                await s.execute(
                    select(BranchEvent)
                    .where(
                        BranchEvent.group_id == group_id,
                        BranchEvent.starts_at >= start,
                        BranchEvent.starts_at < end,
                    )
                    .order_by(BranchEvent.starts_at, BranchEvent.id)
                )
            ).scalars()
        )
        event_ids = [e.id for e in events]
        members = {
            m.user_id: m.display_name
            for m in (
                await s.execute(
                    select(Member)
                    .join(Membership, Membership.user_id == Member.user_id)
                    .where(
                        Membership.group_id == group_id,
                        Membership.status.in_(PRESENT_STATUSES),
                    )
                )
            ).scalars()
        }
        replies = {
            (r.event_id, r.user_id): r
            for r in (
                await s.execute(select(EventReply).where(EventReply.event_id.in_(event_ids)))
            ).scalars()
        }
        checkins = {
            (c.event_id, c.user_id): c.method
            for c in (
                await s.execute(select(EventCheckin).where(EventCheckin.event_id.in_(event_ids)))
            ).scalars()
        }
        people = set(members) | {u for _, u in replies} | {u for _, u in checkins}
        missing = people - set(members)
        for m in (await s.execute(select(Member).where(Member.user_id.in_(missing)))).scalars():
            members[m.user_id] = m.display_name
        rows = []
        for e in events:
            for uid in sorted(people):
                reply = replies.get((e.id, uid))
                rows.append(
                    AttendanceRow(
                        e.id,
                        e.starts_at.astimezone(zone).date(),
                        e.kind,
                        e.title,
                        uid,
                        members.get(uid, str(uid)),
                        reply.status if reply else None,
                        reply.reason if reply else None,
                        checkins.get((e.id, uid)),
                    )
                )
        return rows
