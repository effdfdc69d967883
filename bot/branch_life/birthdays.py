"""Political birthdays (政治生日): the day a member joined the Party, a greeting on the
anniversary, and a heads-up to the group's secretaries the day before.

The date a member records is theirs: no secretary sees or changes it (the secretaries of
their groups are still told, the day before, that it is tomorrow), and `/birthday clear`
deletes it. For a member with no date of their own, a secretary may record one: it belongs
to the secretary's group, counts there alone, and only that group's secretaries see it.
Nothing reaches the group unless a secretary chooses so.
Each greeting, heads-up and group post is written to a ledger before it is sent, so none is
sent twice (one that was in flight at a crash is not retried).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.branch_life.anniversary import anniversary, is_feb29, parse_joined, years_since
from bot.branch_life.birthday_dates import dates_in_bound_groups, group_date
from bot.core.clock import Clock
from bot.core.config import hhmm_to_time
from bot.core.errors import DomainError
from bot.core.scoring import lesson_day
from bot.core.vocabulary import PRESENT_STATUSES, NoticeKind, NoticeStatus
from bot.groups.rights import Rights
from bot.members.lookup import find_member
from storage.db import Database
from storage.models import (
    OWN_BIRTHDAY,
    Birthday,
    BirthdayNotice,
    Group,
    Member,
    Membership,
    RosterEntry,
)
from storage.repositories import UserInfo, dialect_insert, upsert_member


@dataclass(frozen=True)
class BirthdayView:
    user_id: int
    name: str
    joined: date | None
    years: int
    # Asked by a secretary about a member who recorded their own date: not theirs to see.
    private: bool = False


@dataclass(frozen=True)
class Notice:
    """A greeting (to the member) or a heads-up (to a secretary) written down, to send now."""

    notice_id: int
    kind: NoticeKind
    chat_id: int
    user_id: int
    name: str
    # Not on the group's roster: a Telegram display name, marked where a secretary reads it.
    name_is_fallback: bool
    years: int
    day: date
    # 29 February greeted on 28 February (this year has no 29 February).
    leap_moved: bool
    language_code: str | None
    group_id: int
    group_title: str
    year: int


@dataclass(frozen=True)
class GroupPost:
    notice_id: int
    chat_id: int
    thread_id: int | None
    name: str
    years: int


@dataclass(frozen=True)
class _Candidate:
    kind: NoticeKind
    user_id: int
    name: str
    name_is_fallback: bool
    joined: date
    year: int
    day: date
    group_id: int
    chat_id: int
    group_title: str


class BirthdayService:
    def __init__(
        self, db: Database, clock: Clock, rights: Rights, zone: str, greeting_time: str
    ) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights
        self._zone = zone  # "today" for checking a typed date is not in the future
        self._greeting_time = hhmm_to_time(greeting_time)

    def _today(self) -> date:
        return lesson_day(self._clock.now(), self._zone)

    async def _target(self, actor_id: int, who: str) -> tuple[int, list[int]]:
        """The member named, and the bound groups (ids) both are in that the actor runs
        (Telegram says who runs them); refused when there is none."""
        who = who.strip()
        async with self._db.reading() as s:
            member = await find_member(
                s, None, who, unknown="birthday.unknown_member", usage="birthday.usage"
            )
            member_id = member.user_id
            shared = await _shared_groups(s, actor_id, member_id)
        chats = await self._rights.admin_of(list(shared), actor_id)
        if not chats:
            raise DomainError("birthday.not_your_member", who=who)
        return member_id, [shared[chat] for chat in chats]

    async def set(self, actor: UserInfo, day_text: str, target: str | None = None) -> BirthdayView:
        """The actor's own date; or (secretary) a date for a member with none of their own,
        recorded for each group both are in that the secretary runs."""
        joined = parse_joined(day_text, self._today())
        user_id, groups = actor.user_id, [OWN_BIRTHDAY]
        if target is not None:
            user_id, groups = await self._target(actor.user_id, target)
        now = self._clock.now()
        async with self._db.transaction() as s:
            await upsert_member(s, actor, now)
            name = await _name(s, user_id)
            if target is not None and await _has_own(s, user_id):
                raise DomainError("birthday.members_own", name=name)
            values = {"joined_on": joined, "set_by": actor.user_id, "updated_at": now}
            for group_id in groups:
                stmt = dialect_insert(s, Birthday).values(
                    user_id=user_id, group_id=group_id, **values
                )
                await s.execute(
                    stmt.on_conflict_do_update(index_elements=["user_id", "group_id"], set_=values)
                )
        return BirthdayView(user_id, name, joined, years_since(joined, self._today()))

    async def clear(self, actor: UserInfo, target: str | None = None) -> bool:
        """Every date on record about the actor (their own and any group's); or (secretary)
        the date their groups recorded for a member with none of their own."""
        if target is None:
            async with self._db.transaction() as s:
                gone = await s.execute(delete(Birthday).where(Birthday.user_id == actor.user_id))
                return bool(gone.rowcount)  # type: ignore[attr-defined]
        user_id, groups = await self._target(actor.user_id, target)
        async with self._db.transaction() as s:
            if await _has_own(s, user_id):
                raise DomainError("birthday.members_own", name=await _name(s, user_id))
            gone = await s.execute(
                delete(Birthday).where(Birthday.user_id == user_id, Birthday.group_id.in_(groups))
            )
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    async def show(self, actor_id: int, target: str | None = None) -> BirthdayView:
        """The actor's date: their own, else one a secretary recorded for them; or (secretary)
        the date their group recorded for a member, never the member's own. With none, the
        roster's 入党日期 (only ever shown to the member and their groups' secretaries)."""
        user_id = actor_id
        groups: list[int] = []
        mine: ColumnElement[bool] = true()  # about themselves: any date on record
        if target is not None:
            user_id, groups = await self._target(actor_id, target)
            mine = Birthday.group_id.in_(groups)
        async with self._db.reading() as s:
            name = await _name(s, user_id)
            if target is not None and await _has_own(s, user_id):
                return BirthdayView(user_id, name, None, 0, private=True)
            found = await s.scalar(
                select(Birthday)
                .where(Birthday.user_id == user_id, mine)
                .order_by(Birthday.group_id)
                .limit(1)
            )
            joined = found.joined_on if found is not None else None
            if joined is None:  # the roster's 入党日期 then (the member's, or their groups')
                in_groups = RosterEntry.group_id.in_(groups) if target is not None else true()
                joined = await s.scalar(
                    select(RosterEntry.joined_party_on)
                    .where(
                        RosterEntry.user_id == user_id,
                        RosterEntry.joined_party_on.is_not(None),
                        RosterEntry.transferred_at.is_(None),
                        in_groups,
                    )
                    .order_by(RosterEntry.group_id)
                    .limit(1)
                )
            if joined is None:
                return BirthdayView(user_id, name, None, 0)
            return BirthdayView(user_id, name, joined, years_since(joined, self._today()))

    async def due(self) -> list[Notice]:
        """Greetings and heads-ups due now (in each group's own zone), written to the ledger."""
        now = self._clock.now()
        candidates: list[_Candidate] = []
        async with self._db.reading() as s:
            dates = await dates_in_bound_groups(s)
        for found in dates:
            group = found.group
            local = now.astimezone(ZoneInfo(group.timezone))
            if local.time() < self._greeting_time:
                continue
            today = local.date()
            joined = found.joined
            if (
                anniversary(joined, today.year) == today
                and today.year > joined.year
                and found.started
                and found.reachable
            ):
                candidates.append(
                    _Candidate(
                        NoticeKind.GREETING,
                        found.user_id,
                        found.name,
                        False,  # said to the member themselves: never marked
                        joined,
                        today.year,
                        today,
                        group.id,
                        group.chat_id,
                        group.title,
                    )
                )
            tomorrow = today + timedelta(days=1)
            if anniversary(joined, tomorrow.year) == tomorrow and tomorrow.year > joined.year:
                candidates.append(
                    _Candidate(
                        NoticeKind.HEADSUP,
                        found.user_id,
                        found.name,
                        found.name_is_fallback,
                        joined,
                        tomorrow.year,
                        tomorrow,
                        group.id,
                        group.chat_id,
                        group.title,
                    )
                )
        # Who runs each group is Telegram's answer, asked with no transaction open.
        wanted: list[tuple[_Candidate, int]] = []
        for candidate in candidates:
            if candidate.kind == NoticeKind.GREETING:
                wanted.append((candidate, candidate.user_id))
                continue
            admins = await self._rights.admins(candidate.chat_id)
            wanted += [(candidate, admin) for admin in sorted(admins) if admin != candidate.user_id]
        return await self._write(wanted, now)

    async def _write(self, wanted: list[tuple[_Candidate, int]], now: datetime) -> list[Notice]:
        out: list[Notice] = []
        async with self._db.transaction() as s:
            for candidate, chat_id in wanted:
                inserted = await s.execute(
                    dialect_insert(s, BirthdayNotice)
                    .values(
                        user_id=candidate.user_id,
                        year=candidate.year,
                        kind=candidate.kind,
                        chat_id=chat_id,
                        status=NoticeStatus.IN_FLIGHT,
                        created_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=["user_id", "year", "kind", "chat_id"])
                    .returning(BirthdayNotice.id)
                )
                notice_id = inserted.scalar()
                if notice_id is None:
                    continue  # already sent (a greeting goes once a year whatever the groups)
                lang = await s.scalar(select(Member.language_code).where(Member.user_id == chat_id))
                out.append(
                    Notice(
                        int(notice_id),
                        candidate.kind,
                        chat_id,
                        candidate.user_id,
                        candidate.name,
                        candidate.name_is_fallback,
                        candidate.year - candidate.joined.year,
                        candidate.day,
                        is_feb29(candidate.joined)
                        and (candidate.day.month, candidate.day.day) == (2, 28),
                        lang,
                        candidate.group_id,
                        candidate.group_title,
                        candidate.year,
                    )
                )
        return out

    async def settle(
        self, notice_id: int, status: NoticeStatus, unreachable_user: int | None = None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(BirthdayNotice).where(BirthdayNotice.id == notice_id).values(status=status)
            )
            if unreachable_user is not None:
                await s.execute(
                    update(Member)
                    .where(Member.user_id == unreachable_user)
                    .values(reachable=False, updated_at=self._clock.now())
                )

    async def claim_group_post(
        self, secretary_id: int, group_id: int, user_id: int, year: int
    ) -> GroupPost:
        """The secretary chose to greet the member in the group: once, on the day or the eve."""
        now = self._clock.now()
        async with self._db.reading() as s:
            group = await s.get(Group, group_id)
            found = await group_date(s, group_id, user_id)
            present = await s.scalar(
                select(Membership.user_id).where(
                    Membership.group_id == group_id,
                    Membership.user_id == user_id,
                    Membership.status.in_(PRESENT_STATUSES),
                )
            )
            if group is None or found is None or present is None:
                raise DomainError("birthday.post_gone")
            chat_id, thread_id, zone = group.chat_id, group.thread_id, group.timezone
            joined, name = found
        if not await self._rights.is_admin(chat_id, secretary_id):
            raise DomainError("birthday.post_not_admin")
        today = now.astimezone(ZoneInfo(zone)).date()
        day = anniversary(joined, year)
        if day not in (today, today + timedelta(days=1)):
            raise DomainError("birthday.post_gone")
        async with self._db.transaction() as s:
            inserted = await s.execute(
                dialect_insert(s, BirthdayNotice)
                .values(
                    user_id=user_id,
                    year=year,
                    kind=NoticeKind.GROUP_POST,
                    chat_id=chat_id,
                    status=NoticeStatus.IN_FLIGHT,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["user_id", "year", "kind", "chat_id"])
                .returning(BirthdayNotice.id)
            )
            notice_id = inserted.scalar()
        if notice_id is None:
            raise DomainError("birthday.post_already")
        return GroupPost(int(notice_id), chat_id, thread_id, name, year - joined.year)


async def _has_own(s: AsyncSession, user_id: int) -> bool:
    """Whether the member recorded a date themselves."""
    return await s.get(Birthday, (user_id, OWN_BIRTHDAY)) is not None


async def _name(s: AsyncSession, user_id: int) -> str:
    member = await s.get(Member, user_id)
    return member.display_name if member else str(user_id)


async def _shared_groups(s: AsyncSession, actor_id: int, member_id: int) -> dict[int, int]:
    """The bound groups both are in: chat id → group id."""
    mine = select(Membership.group_id).where(
        Membership.user_id == actor_id, Membership.status.in_(PRESENT_STATUSES)
    )
    rows = await s.execute(
        select(Group.chat_id, Group.id)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.user_id == member_id,
            Membership.status.in_(PRESENT_STATUSES),
            Membership.group_id.in_(mine),
            Group.bound.is_(True),
        )
        .order_by(Group.id)
    )
    return {chat: group for chat, group in rows.all()}
