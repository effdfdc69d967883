"""Figures for /report and the month's attendance sheet of the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.branch_life.events.record import Record
from bot.branch_life.events.roll import roll_of
from bot.branch_life.events.views import AttendanceRow, EventFigures
from bot.core.vocabulary import CheckinMethod, ReplyStatus
from storage.db import Database
from storage.models import (
    BranchEvent,
    EventReply,
    Group,
)


class Attendance(Record):
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
        attending = statuses.count(ReplyStatus.ATTEND)
        on_leave = statuses.count(ReplyStatus.LEAVE)
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
            methods.count(CheckinMethod.QR),
            methods.count(CheckinMethod.PROXY),
            methods.count(CheckinMethod.LATE),
            view.number,
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
        roll = await roll_of(s, group_id, [event.id for event in events])
        replies = {
            (r.event_id, r.user_id): r
            for r in (
                await s.execute(
                    select(EventReply).where(EventReply.event_id.in_([e.id for e in events]))
                )
            ).scalars()
        }
        rows = []
        for event in events:
            keys = {p.key for p in roll.expected(event.starts_at, event.kind, event.kind_detail)}
            keys |= {c.key for c in roll.signed_in(event.id)}
            keys |= {u for e, u in replies if e == event.id}
            if event.chair_key is not None:
                keys.add(event.chair_key)
            for key in sorted(keys, key=_order):
                name, fallback = roll.name(key)
                person = roll.people.get(key)
                reply = replies.get((event.id, key))
                signed = roll.checkins.get((event.id, key))
                rows.append(
                    AttendanceRow(
                        event.id,
                        event.starts_at.astimezone(zone).date(),
                        event.kind,
                        event.title,
                        key,
                        name,
                        reply.status if reply else None,
                        reply.reason if reply else None,
                        # The 主持人 is present without signing in.
                        CheckinMethod.CHAIR
                        if key == event.chair_key
                        else signed.method
                        if signed
                        else None,
                        fallback,
                        person.entry_id if person else None,
                    )
                )
        return rows


def _order(key: int) -> tuple[bool, int]:
    """Accounts by id as before, then the roster-only members in the roster's order."""
    return (key < 0, abs(key))
