"""Leave (请假): days on which a member is not reminded, not counted missing, keeps the streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.scoring import lesson_day
from bot.core.vocabulary import PRESENT_STATUSES
from bot.core.when import fold, parse_day, parse_days
from bot.groups.rights import Rights
from bot.members.lookup import find_member
from bot.members.people import Person, people_of
from storage.db import Database
from storage.models import Group, LeaveDay, Member, Membership
from storage.repositories import UserInfo, upsert_member

MAX_DAYS = 92  # a season: longer absences are a matter for the secretary, not a command
MAX_DAYS_BACK = 7  # a leave may be entered late, but not rewrite old records


@dataclass(frozen=True)
class LeaveView:
    user_id: int
    name: str
    start: date
    end: date


def parse_leave_days(args: list[str], today: date) -> tuple[date, date]:
    """A day or a range as typed (bot.core.when): "明天", "3月5日至7日", "3月5日 3月7日",
    "2026-03-05 2026-03-07"; a date without a year may lie in the last MAX_DAYS_BACK days."""
    if not args:
        raise DomainError("leave.usage")
    since = today - timedelta(days=MAX_DAYS_BACK)
    start = end = None
    if len(args) == 2:  # two dates side by side: start and end
        try:
            start, end = (parse_day(arg, today, since=since) for arg in args)
        except DomainError:
            start = end = None
    if start is None or end is None:
        start, end = parse_days(" ".join(args), today, since=since)
    if end < start:
        raise DomainError("leave.end_before_start")
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError("leave.too_long", days=MAX_DAYS)
    return start, end


class LeaveService:
    def __init__(self, db: Database, clock: Clock, zone: str, rights: Rights) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights
        # Leave days are calendar days; "today" is judged in the deployment's default zone.
        self._zone = zone

    def _today(self) -> date:
        return lesson_day(self._clock.now(), self._zone)

    async def add(self, actor: UserInfo, args: list[str], target: str | None = None) -> LeaveView:
        """Record leave for the actor, which counts in all their groups; or (secretary) for a
        member of a bound group the secretary runs, which counts in that group alone (one row
        for each such group both are in)."""
        start, end = parse_leave_days(args, self._today())
        if start < self._today() - timedelta(days=MAX_DAYS_BACK):
            raise DomainError("leave.too_old", days=MAX_DAYS_BACK)
        target_id: int | None = None
        groups: list[int | None] = [None]  # the actor's own leave: counts in every group
        if target is not None:
            # Telegram is asked outside the transaction: no lock is held while it answers.
            async with self._db.reading() as s:
                target_id, shared = await self._shared_groups(s, actor.user_id, target)
            chats = await self._rights.admin_of(list(shared), actor.user_id)
            if not chats:
                raise DomainError("leave.not_your_member", who=target.strip())
            groups = [shared[chat] for chat in chats]
        now = self._clock.now()
        async with self._db.transaction() as s:
            member = await upsert_member(s, actor, now)
            if target_id is not None:
                found = await s.get(Member, target_id)
                if found is None:  # pragma: no cover - members are never deleted
                    raise DomainError("leave.unknown_member", who=str(target))
                member = found
            for group_id in groups:
                s.add(
                    LeaveDay(
                        user_id=member.user_id,
                        start_day=start,
                        end_day=end,
                        created_by=actor.user_id,
                        created_at=now,
                        group_id=group_id,
                    )
                )
            name = member.display_name
            if target_id is not None:  # the roster's name where the group has one
                people = await people_of(s, groups[0]) if groups[0] is not None else []
                name = next((p.name for p in people if p.user_id == target_id), name)
            return LeaveView(member.user_id, name, start, end)

    @staticmethod
    async def _shared_groups(
        s: AsyncSession, secretary_id: int, target: str
    ) -> tuple[int, dict[int, int]]:
        """The target member's id, and the bound groups both are in, chat id → group id
        (candidates only: whether the secretary runs one is Telegram's answer)."""
        member = await find_member(
            s, None, target, unknown="leave.unknown_member", usage="leave.usage"
        )
        mine = select(Membership.group_id).where(
            Membership.user_id == secretary_id, Membership.status.in_(PRESENT_STATUSES)
        )
        shared = await s.execute(
            select(Group.chat_id, Group.id)
            .join(Membership, Membership.group_id == Group.id)
            .where(
                Membership.user_id == member.user_id,
                Membership.status.in_(PRESENT_STATUSES),
                Membership.group_id.in_(mine),
                Group.bound.is_(True),
            )
            .order_by(Group.id)
        )
        return member.user_id, {chat: group for chat, group in shared.all()}

    def today(self) -> date:
        """The day a picker starts from (the deployment's zone, as leave days are read)."""
        return self._today()

    async def _pickable_people(self, secretary_id: int) -> dict[int, Person]:
        """The people (with accounts) of the bound groups Telegram says the secretary runs."""
        async with self._db.reading() as s:
            groups = (
                await s.execute(
                    select(Group.chat_id, Group.id)
                    .join(Membership, Membership.group_id == Group.id)
                    .where(
                        Membership.user_id == secretary_id,
                        Membership.status.in_(PRESENT_STATUSES),
                        Group.bound.is_(True),
                    )
                    .order_by(Group.id)
                )
            ).all()
        chats = set(await self._rights.admin_of([chat for chat, _ in groups], secretary_id))
        found: dict[int, Person] = {}
        async with self._db.reading() as s:
            for chat, group_id in groups:
                if chat not in chats:
                    continue
                for person in await people_of(s, group_id):
                    if person.user_id is not None and person.active:
                        found.setdefault(person.user_id, person)
        return found

    async def pickable(self, secretary_id: int) -> list[tuple[int, str]]:
        """Members a secretary may record leave for, by name: accounts in the bound groups
        Telegram says they run (roster names where there is a roster), the secretary last."""
        found = await self._pickable_people(secretary_id)
        names = {uid: person.name for uid, person in found.items()}
        return sorted(names.items(), key=lambda item: (item[0] == secretary_id, item[1]))

    async def named(self, secretary_id: int, name: str) -> list[Person]:
        """The members a typed name means among those the secretary may name (the roster's
        name, or the Telegram name of one not on it); full-width forms folded."""
        wanted = fold(name)
        found = await self._pickable_people(secretary_id)
        return [p for p in found.values() if p.name == wanted]

    async def upcoming(self, user_id: int) -> list[tuple[date, date]]:
        async with self._db.reading() as s:
            rows = await s.execute(
                select(LeaveDay.start_day, LeaveDay.end_day)
                .where(LeaveDay.user_id == user_id, LeaveDay.end_day >= self._today())
                .order_by(LeaveDay.start_day)
            )
            return [(a, b) for a, b in rows.all()]
