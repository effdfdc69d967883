"""Political birthdays (政治生日): the day a member joined the Party, a greeting on the
anniversary, and a heads-up to the group's secretaries the day before.

The date is personal: only the member and the secretaries of a group they are in see it, and
`/birthday clear` deletes it. Nothing reaches the group unless a secretary chooses so.
Each greeting, heads-up and group post is written to a ledger before it is sent, so none is
sent twice (one that was in flight at a crash is not retried).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.config import hhmm_to_time
from bot.core.errors import DomainError
from bot.core.scoring import lesson_day
from bot.core.vocabulary import BOT_PRESENT_STATUSES, PRESENT_STATUSES, NoticeKind, NoticeStatus
from bot.groups.rights import Rights
from bot.members.lookup import find_member
from storage.db import Database
from storage.models import Birthday, BirthdayNotice, Group, Member, Membership
from storage.repositories import UserInfo, dialect_insert, upsert_member

FIRST_DAY = date(1921, 7, 1)  # nobody joined before the Party was founded


def anniversary(joined: date, year: int) -> date:
    """The anniversary in `year`; 29 February falls on 28 February in a non-leap year."""
    if joined.month == 2 and joined.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return joined.replace(year=year)


def parse_joined(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DomainError("birthday.bad_date") from None
    if day > today:
        raise DomainError("birthday.future")
    if day < FIRST_DAY:
        raise DomainError("birthday.too_old")
    return day


@dataclass(frozen=True)
class BirthdayView:
    user_id: int
    name: str
    joined: date | None
    years: int


@dataclass(frozen=True)
class Notice:
    """A greeting (to the member) or a heads-up (to a secretary) written down, to send now."""

    notice_id: int
    kind: NoticeKind
    chat_id: int
    user_id: int
    name: str
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

    async def _target(self, actor_id: int, who: str) -> int:
        """A member of a group the actor runs (Telegram says who runs it)."""
        who = who.strip()
        async with self._db.reading() as s:
            member = await find_member(
                s, None, who, unknown="birthday.unknown_member", usage="birthday.usage"
            )
            member_id = member.user_id
            shared = await _shared_chats(s, actor_id, member_id)
        if not await self._rights.admin_of(shared, actor_id):
            raise DomainError("birthday.not_your_member", who=who)
        return member_id

    async def set(self, actor: UserInfo, day_text: str, target: str | None = None) -> BirthdayView:
        joined = parse_joined(day_text, self._today())
        user_id = actor.user_id if target is None else await self._target(actor.user_id, target)
        now = self._clock.now()
        async with self._db.transaction() as s:
            await upsert_member(s, actor, now)
            values = {"joined_on": joined, "set_by": actor.user_id, "updated_at": now}
            stmt = dialect_insert(s, Birthday).values(user_id=user_id, **values)
            await s.execute(stmt.on_conflict_do_update(index_elements=["user_id"], set_=values))
            member = await s.get(Member, user_id)
            name = member.display_name if member else str(user_id)
        return BirthdayView(user_id, name, joined, years_since(joined, self._today()))

    async def clear(self, actor: UserInfo, target: str | None = None) -> bool:
        user_id = actor.user_id if target is None else await self._target(actor.user_id, target)
        async with self._db.transaction() as s:
            gone = await s.execute(delete(Birthday).where(Birthday.user_id == user_id))
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    async def show(self, actor_id: int, target: str | None = None) -> BirthdayView:
        user_id = actor_id if target is None else await self._target(actor_id, target)
        async with self._db.reading() as s:
            found = await s.get(Birthday, user_id)
            member = await s.get(Member, user_id)
            name = member.display_name if member else str(user_id)
            if found is None:
                return BirthdayView(user_id, name, None, 0)
            return BirthdayView(
                user_id, name, found.joined_on, years_since(found.joined_on, self._today())
            )

    async def due(self) -> list[Notice]:
        """Greetings and heads-ups due now (in each group's own zone), written to the ledger."""
        now = self._clock.now()
        candidates: list[_Candidate] = []
        async with self._db.reading() as s:
            rows = await s.execute(
                select(Birthday, Member, Group)
                .join(Member, Member.user_id == Birthday.user_id)
                .join(Membership, Membership.user_id == Birthday.user_id)
                .join(Group, Group.id == Membership.group_id)
                .where(
                    Membership.status.in_(PRESENT_STATUSES),
                    Group.bound.is_(True),
                    Group.bot_status.in_(BOT_PRESENT_STATUSES),
                )
                .order_by(Group.id)
            )
            for birthday, member, group in rows.all():
                local = now.astimezone(ZoneInfo(group.timezone))
                if local.time() < self._greeting_time:
                    continue
                today = local.date()
                if (
                    anniversary(birthday.joined_on, today.year) == today
                    and today.year > birthday.joined_on.year
                    and member.started
                    and member.reachable
                ):
                    candidates.append(
                        _Candidate(
                            NoticeKind.GREETING,
                            birthday.user_id,
                            member.display_name,
                            birthday.joined_on,
                            today.year,
                            today,
                            group.id,
                            group.chat_id,
                            group.title,
                        )
                    )
                tomorrow = today + timedelta(days=1)
                if (
                    anniversary(birthday.joined_on, tomorrow.year) == tomorrow
                    and tomorrow.year > birthday.joined_on.year
                ):
                    candidates.append(
                        _Candidate(
                            NoticeKind.HEADSUP,
                            birthday.user_id,
                            member.display_name,
                            birthday.joined_on,
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
                        candidate.year - candidate.joined.year,
                        candidate.day,
                        _is_feb29(candidate.joined)
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
            birthday = await s.get(Birthday, user_id)
            member = await s.get(Member, user_id)
            present = await s.scalar(
                select(Membership.user_id).where(
                    Membership.group_id == group_id,
                    Membership.user_id == user_id,
                    Membership.status.in_(PRESENT_STATUSES),
                )
            )
            if group is None or birthday is None or member is None or present is None:
                raise DomainError("birthday.post_gone")
            chat_id, thread_id, zone = group.chat_id, group.thread_id, group.timezone
            joined, name = birthday.joined_on, member.display_name
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


def _is_feb29(day: date) -> bool:
    return day.month == 2 and day.day == 29


def years_since(joined: date, today: date) -> int:
    """Full years since joining, counting 28 February as the anniversary in non-leap years."""
    years = today.year - joined.year
    return years if anniversary(joined, today.year) <= today else years - 1


async def _shared_chats(s: AsyncSession, actor_id: int, member_id: int) -> list[int]:
    mine = select(Membership.group_id).where(
        Membership.user_id == actor_id, Membership.status.in_(PRESENT_STATUSES)
    )
    rows = await s.execute(
        select(Group.chat_id)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.user_id == member_id,
            Membership.status.in_(PRESENT_STATUSES),
            Membership.group_id.in_(mine),
            Group.bound.is_(True),
        )
        .order_by(Group.id)
    )
    return list(rows.scalars())
