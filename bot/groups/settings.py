"""Per-group settings: broadcast time, days off, and the secretary's empty-slot alerts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.calendar import (
    OFFICIAL,
    OfficialCalendar,
    is_broadcast_day,
    local_date,
    next_slots,
)
from bot.core.clock import Clock
from bot.core.config import hhmm_to_time
from bot.core.errors import DomainError
from bot.core.vocabulary import ADMIN_STATUSES, BOT_PRESENT_STATUSES, AlertKind, LessonStatus
from bot.core.when import parse_day, parse_time
from bot.lessons.lessons import group_schedule
from storage.db import Database
from storage.models import Alert, ExtraDay, Group, Lesson, Member, Membership, SkipDay
from storage.repositories import bound_groups, dialect_insert, group_by_chat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupSettingsView:
    group_id: int
    title: str
    timezone: str
    broadcast_time: str
    weekdays: str
    reminder_time: str
    pin: bool
    leaderboard: bool
    skip_days: list[date]
    next_slot: datetime | None
    reminders: bool = True
    evening_line: bool = True
    empty_slot_alert: bool = True


@dataclass(frozen=True)
class CalendarGapNotice:
    group_id: int
    group_title: str
    day: date  # the first day the calendar does not know
    last_year: int  # the last year it knows
    recipients: list[tuple[int, str | None]]


async def _secretaries(s: AsyncSession, group_id: int) -> list[tuple[int, str | None]]:
    """The group's admins who can get a private message."""
    rows = await s.execute(
        select(Member.user_id, Member.language_code)
        .join(Membership, Membership.user_id == Member.user_id)
        .where(
            Membership.group_id == group_id,
            Membership.status.in_(ADMIN_STATUSES),
            Member.started.is_(True),
            Member.reachable.is_(True),
        )
    )
    return [(uid, lang) for uid, lang in rows.all()]


@dataclass(frozen=True)
class EmptySlotAlert:
    group_id: int
    group_title: str
    day: date
    slot_at: datetime
    recipients: list[tuple[int, str | None]]
    timezone: str = "Asia/Shanghai"
    soon: bool = False  # the morning's second alert, half an hour before the slot


async def claim_alert(
    s: AsyncSession, group_id: int, kind: AlertKind, key: str, now: datetime
) -> bool:
    """Write an alert's ledger row; False if it was already there (sent, or being sent)."""
    stmt = (
        dialect_insert(s, Alert)
        .values(group_id=group_id, kind=kind, key=key, created_at=now)
        .on_conflict_do_nothing(index_elements=["group_id", "kind", "key"])
    )
    result = await s.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


def _require_admin(user_status: str | None) -> None:
    """user_status: the admin status Telegram gave (bot.groups.rights), None for a non-admin."""
    if user_status not in ADMIN_STATUSES:
        raise DomainError("settings.not_admin")


# The morning's second alert comes this long before an empty slot.
MORNING_ALERT = timedelta(minutes=30)


def group_today(group: Group, now: datetime) -> date:
    """The group's calendar day now (what a year-less or relative date is read against)."""
    return now.astimezone(ZoneInfo(group.timezone)).date()


class GroupSettingsService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        alert_time: str,
        calendar: OfficialCalendar = OFFICIAL,
    ) -> None:
        self._db = db
        self._clock = clock
        self._alert_time: time = hhmm_to_time(alert_time)
        self._calendar = calendar  # [calendar] corrections

    async def _bound(self, chat_id: int) -> Group:
        async with self._db.reading() as s:
            group = await group_by_chat(s, chat_id)
        if group is None or not group.bound:
            raise DomainError("settings.not_bound")
        return group

    async def view(self, chat_id: int) -> GroupSettingsView:
        group = await self._bound(chat_id)
        async with self._db.reading() as s:
            schedule = await group_schedule(s, group, self._calendar)
        today = local_date(schedule, self._clock.now())
        try:
            upcoming = next_slots(schedule, self._clock.now())[0]
        except ValueError:
            upcoming = None
        return GroupSettingsView(
            group_id=group.id,
            title=group.title,
            timezone=group.timezone,
            broadcast_time=group.broadcast_time,
            weekdays=group.weekdays,
            reminder_time=group.reminder_time,
            pin=group.pin_broadcast,
            leaderboard=group.leaderboard,
            skip_days=sorted(d for d in schedule.skip_days if d >= today),
            next_slot=upcoming,
            reminders=group.reminders,
            evening_line=group.evening_line,
            empty_slot_alert=group.empty_slot_alert,
        )

    async def set_time(self, chat_id: int, user_status: str | None, value: str) -> int:
        """Change the broadcast time (HH:MM, group's zone); returns the group id."""
        _require_admin(user_status)
        parsed = parse_time(value)
        group = await self._bound(chat_id)
        async with self._db.transaction() as s:
            fresh = await s.get(Group, group.id)
            if fresh is None:  # pragma: no cover - just read
                raise DomainError("settings.not_bound")
            fresh.broadcast_time = f"{parsed:%H:%M}"
            fresh.updated_at = self._clock.now()
        return group.id

    async def skip(
        self, chat_id: int, user_status: str | None, user_id: int, day_text: str
    ) -> tuple[int, date]:
        """A day off for the group's broadcast; returns the group id and the day understood."""
        _require_admin(user_status)
        group = await self._bound(chat_id)
        day = parse_day(day_text, group_today(group, self._clock.now()))
        async with self._db.transaction() as s:
            schedule = await group_schedule(s, group, self._calendar)
        if day < local_date(schedule, self._clock.now()):
            raise DomainError("settings.day_in_past")
        try:
            async with self._db.transaction() as s:
                s.add(
                    SkipDay(
                        group_id=group.id, day=day, created_by=user_id, created_at=self._clock.now()
                    )
                )
        except IntegrityError:
            raise DomainError("settings.already_skipped", day=day) from None
        return group.id, day

    async def unskip(
        self, chat_id: int, user_status: str | None, day_text: str
    ) -> tuple[int, date]:
        _require_admin(user_status)
        group = await self._bound(chat_id)
        day = parse_day(day_text, group_today(group, self._clock.now()))
        async with self._db.transaction() as s:
            result = await s.execute(
                delete(SkipDay).where(SkipDay.group_id == group.id, SkipDay.day == day)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                raise DomainError("settings.not_skipped", day=day)
        return group.id, day

    # --- calendar corrections
    async def add_extra_day(
        self, chat_id: int, user_status: str | None, user_id: int, day_text: str
    ) -> tuple[int, date]:
        """An adjusted working day (调休上班): the group broadcasts that day after all."""
        _require_admin(user_status)
        group = await self._bound(chat_id)
        day = parse_day(day_text, group_today(group, self._clock.now()))
        async with self._db.transaction() as s:
            schedule = await group_schedule(s, group, self._calendar)
        if day < local_date(schedule, self._clock.now()):
            raise DomainError("settings.day_in_past")
        if day in schedule.extra_days:
            raise DomainError("settings.already_extra", day=day)
        if is_broadcast_day(schedule, day):
            raise DomainError("settings.extra_not_needed", day=day)
        async with self._db.transaction() as s:
            # A day off set with /skip gives way: the admin says the group works that day.
            await s.execute(delete(SkipDay).where(SkipDay.group_id == group.id, SkipDay.day == day))
            s.add(
                ExtraDay(
                    group_id=group.id, day=day, created_by=user_id, created_at=self._clock.now()
                )
            )
        return group.id, day

    async def calendar_gap_notices_due(self, horizon_days: int = 30) -> list[CalendarGapNotice]:
        """Groups on "workdays" whose next `horizon_days` leave the calendar's data: their
        secretaries are told once per group and year (the alerts ledger keeps it to once)."""
        now = self._clock.now()
        due: list[CalendarGapNotice] = []
        async with self._db.transaction() as s:
            for group in await bound_groups(s):
                if group.weekdays != "workdays" or group.bot_status not in BOT_PRESENT_STATUSES:
                    continue
                schedule = await group_schedule(s, group, self._calendar)
                gap = self._calendar.first_gap(local_date(schedule, now), horizon_days)
                if gap is None:
                    continue
                if not await claim_alert(s, group.id, AlertKind.CALENDAR_GAP, str(gap.year), now):
                    continue
                known = [y for y in self._calendar.years() if y < gap.year]
                due.append(
                    CalendarGapNotice(
                        group.id,
                        group.title,
                        gap,
                        known[-1] if known else gap.year - 1,
                        await _secretaries(s, group.id),
                    )
                )
        return due

    def _alert_key(
        self, local_now: datetime, day: date, slot: datetime, now: datetime
    ) -> str | None:
        """When an empty slot is worth an alert: the evening before (from the alert time), and
        once more in the half hour before the slot; the key keeps each to once."""
        if (day - local_now.date()).days == 1 and local_now.time() >= self._alert_time:
            return day.isoformat()
        if day == local_now.date() and slot - MORNING_ALERT <= now < slot:
            return f"{day.isoformat()}-am"
        return None

    async def empty_slot_alerts_due(self) -> list[EmptySlotAlert]:
        """Groups whose next broadcast slot has no lesson, the evening before and again half an
        hour before it, each alert once; none where the group turned the alert off."""
        now = self._clock.now()
        due: list[EmptySlotAlert] = []
        async with self._db.transaction() as s:
            for group in await bound_groups(s):
                if group.bot_status not in BOT_PRESENT_STATUSES or not group.empty_slot_alert:
                    continue
                schedule = await group_schedule(s, group, self._calendar)
                local_now = now.astimezone(schedule.zone)
                try:
                    slot = next_slots(schedule, now)[0]
                except ValueError:
                    continue
                day = local_date(schedule, slot)
                key = self._alert_key(local_now, day, slot, now)
                if key is None:
                    continue
                booked = await s.execute(
                    select(Lesson.id).where(
                        Lesson.group_id == group.id,
                        Lesson.slot_at == slot,
                        Lesson.status.in_((LessonStatus.QUEUED, LessonStatus.SENDING)),
                    )
                )
                if booked.first() is not None:
                    continue
                # The ledger row is the claim: with several instances only the one whose
                # insert lands sends the alert.
                if not await claim_alert(s, group.id, AlertKind.EMPTY_SLOT, key, now):
                    continue
                admins = await s.execute(
                    select(Member.user_id, Member.language_code)
                    .join(Membership, Membership.user_id == Member.user_id)
                    .where(
                        Membership.group_id == group.id,
                        Membership.status.in_(ADMIN_STATUSES),
                        Member.started.is_(True),
                        Member.reachable.is_(True),
                    )
                )
                due.append(
                    EmptySlotAlert(
                        group.id,
                        group.title,
                        day,
                        slot,
                        [(uid, lang) for uid, lang in admins.all()],
                        group.timezone,
                        soon=key.endswith("-am"),
                    )
                )
        return due
