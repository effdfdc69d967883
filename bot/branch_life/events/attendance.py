"""Figures for /report and the month's attendance sheet of the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.branch_life.events.record import Record
from bot.branch_life.events.views import AttendanceRow, EventFigures
from bot.core.vocabulary import PRESENT_STATUSES, CheckinMethod, ReplyStatus
from storage.db import Database
from storage.models import (
    BranchEvent,
    EventCheckin,
    EventReply,
    Group,
    Member,
    Membership,
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
        event_ids = [event.id for event in events]
        members = {
            member.user_id: member.display_name
            for member in (
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
        for member in (
            await s.execute(select(Member).where(Member.user_id.in_(missing)))
        ).scalars():
            members[member.user_id] = member.display_name
        rows = []
        for event in events:
            for uid in sorted(people):
                reply = replies.get((event.id, uid))
                rows.append(
                    AttendanceRow(
                        event.id,
                        event.starts_at.astimezone(zone).date(),
                        event.kind,
                        event.title,
                        uid,
                        members.get(uid, str(uid)),
                        reply.status if reply else None,
                        reply.reason if reply else None,
                        checkins.get((event.id, uid)),
                    )
                )
        return rows
