"""Announcing an activity day, members' replies (参加/请假), and the reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.branch_life.events.base import EventBase, is_present
from bot.branch_life.events.kinds import expects
from bot.branch_life.events.views import (
    MAX_REASON,
    EventView,
    ReminderTarget,
    ReplyResult,
    event_view,
    parse_event,
)
from bot.core.errors import DomainError
from bot.core.vocabulary import (
    PRESENT_STATUSES,
    EventKind,
    EventReminderKind,
    MemberStatus,
    PresenceSource,
    ReminderStatus,
    ReplyStatus,
)
from bot.members.people import people_of
from storage.models import (
    BranchEvent,
    EventReminder,
    EventReply,
    Group,
    LeaveDay,
    Member,
    Membership,
)
from storage.repositories import (
    UserInfo,
    dialect_insert,
    lock_group,
    next_number,
    upsert_member,
    upsert_membership,
)


async def _checked_detail(
    s: AsyncSession, group_id: int, kind: EventKind, detail: str | None
) -> str | None:
    """党小组会 names one of the roster's 党小组 (when the roster has any); 其他 keeps its name."""
    if kind != EventKind.GROUP_MEETING:
        return detail
    groups = sorted({p.party_group for p in await people_of(s, group_id) if p.party_group})
    if not groups:
        return None  # no 党小组 on the roster: the whole branch meets as one
    if detail not in groups:
        raise DomainError("event.which_party_group", groups="、".join(groups), example=groups[0])
    return detail


class Answers(EventBase):
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
            group = await lock_group(s, group_id)  # numbered one at a time within the group
            if group is None:  # pragma: no cover - groups are never deleted
                raise DomainError("event.group_not_bound")
            draft = parse_event(args, group.timezone, now)
            detail = await _checked_detail(s, group.id, draft.kind, draft.kind_detail)
            await upsert_member(s, actor, now)
            event = BranchEvent(
                group_id=group.id,
                number=await next_number(s, BranchEvent, group.id),
                kind=draft.kind,
                kind_detail=detail,
                title=draft.title,
                place=draft.place,
                starts_at=draft.starts_at,
                created_by=actor.user_id,
                created_at=now,
            )
            s.add(event)
            await s.flush()
            return event_view(event, group)

    async def set_message(self, event_id: int, message_id: int) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(BranchEvent).where(BranchEvent.id == event_id).values(message_id=message_id)
            )

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
                await upsert_membership(
                    s, group.id, user.user_id, MemberStatus.MEMBER, PresenceSource.BUTTON, now
                )
            elif not await is_present(s, group.id, user.user_id):
                raise DomainError("event.not_member")
            status = ReplyStatus.ATTEND if attend else ReplyStatus.LEAVE
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
            return ReplyResult(event_view(event, group), attend, changed)

    async def set_reason(self, event_id: int, user_id: int, reason: str) -> None:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DomainError("event.bad_reason", max=MAX_REASON)
        async with self._db.transaction() as s:
            found = await s.get(EventReply, (event_id, user_id))
            if found is None or found.status != ReplyStatus.LEAVE:
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
                kind: EventReminderKind | None = None
                if event.hour_reminded_at is None and event.starts_at - now <= timedelta(hours=1):
                    kind = EventReminderKind.HOUR_BEFORE
                    event.hour_reminded_at = now
                    event.day_reminded_at = event.day_reminded_at or now
                elif event.day_reminded_at is None:
                    kind = EventReminderKind.DAY_BEFORE
                    event.day_reminded_at = now
                if kind is not None:
                    await self._write_ledger(s, event, group, kind, now)
            pending = await s.execute(
                select(EventReminder, Member.language_code, BranchEvent, Group)
                .join(BranchEvent, BranchEvent.id == EventReminder.event_id)
                .join(Group, Group.id == BranchEvent.group_id)
                .outerjoin(Member, Member.user_id == EventReminder.user_id)
                .where(EventReminder.status == ReminderStatus.PENDING, BranchEvent.starts_at > now)
                .order_by(EventReminder.id)
            )
            return [
                ReminderTarget(r.id, r.user_id, EventReminderKind(r.kind), lang, event_view(e, g))
                for r, lang, e, g in pending.all()
            ]

    async def _write_ledger(
        self,
        s: AsyncSession,
        event: BranchEvent,
        group: Group,
        kind: EventReminderKind,
        now: datetime,
    ) -> None:
        day = event.starts_at.astimezone(ZoneInfo(group.timezone)).date()
        # Only those the meeting's type expects (支委会: the 支委; 党小组会: its 党小组).
        expected = [
            p.user_id
            for p in await people_of(s, group.id)
            if p.user_id is not None
            and expects(event.kind, event.kind_detail, p.duty, p.party_group)
        ]
        members = await s.execute(
            select(Member.user_id)
            .join(Membership, Membership.user_id == Member.user_id)
            .where(
                Membership.group_id == group.id,
                Membership.status.in_(PRESENT_STATUSES),
                Member.user_id.in_(expected),
                Member.started.is_(True),
                Member.reachable.is_(True),
                # Whoever announced the day is not told he has not replied to it.
                Member.user_id != event.created_by,
                ~exists().where(
                    EventReply.event_id == event.id, EventReply.user_id == Member.user_id
                ),
                ~exists().where(
                    LeaveDay.user_id == Member.user_id,
                    LeaveDay.start_day <= day,
                    LeaveDay.end_day >= day,
                    LeaveDay.counts_in(group.id),
                ),
            )
        )
        rows = [
            {
                "event_id": event.id,
                "user_id": uid,
                "kind": kind,
                "status": ReminderStatus.PENDING,
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
            new = ReminderStatus.SKIPPED if answered is not None else ReminderStatus.IN_FLIGHT
            done = await s.execute(
                update(EventReminder)
                .where(
                    EventReminder.id == target.reminder_id,
                    EventReminder.status == ReminderStatus.PENDING,
                )
                .values(status=new)
            )
            return bool(done.rowcount) and new == ReminderStatus.IN_FLIGHT  # type: ignore[attr-defined]

    async def settle_reminder(
        self, reminder_id: int, status: ReminderStatus, error: str | None = None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(EventReminder)
                .where(EventReminder.id == reminder_id)
                .values(
                    status=status,
                    error=error[:500] if error else None,
                    sent_at=self._clock.now() if status == ReminderStatus.DELIVERED else None,
                )
            )

    # -- sign-in
