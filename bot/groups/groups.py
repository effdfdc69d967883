"""Groups: the bot joining and leaving, binding, migration, and who is in them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.config import ScheduleSettings
from bot.core.errors import DomainError
from bot.core.vocabulary import (
    ADMIN_STATUSES,
    BOT_PRESENT_STATUSES,
    PRESENT_STATUSES,
    ChatType,
    LessonStatus,
    MemberStatus,
    PresenceSource,
)
from bot.members.claims import link_by_telegram
from storage.db import Database
from storage.models import Delivery, Group, Lesson, Member, Membership
from storage.repositories import (
    UserInfo,
    bound_groups,
    dialect_insert,
    group_by_chat,
    upsert_member,
    upsert_membership,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BindResult:
    group_id: int
    already: bool
    broadcast_time: str
    timezone: str


class GroupService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        defaults: ScheduleSettings,
        binders: frozenset[int] = frozenset(),
    ) -> None:
        self._db = db
        self._clock = clock
        self._defaults = defaults
        self._binders = binders

    async def _group_row(self, s: AsyncSession, chat_id: int, title: str, chat_type: str) -> Group:
        """The group's row, created if new; race-free when two updates arrive at once."""
        now = self._clock.now()
        days = self._defaults.weekdays
        stmt = dialect_insert(s, Group).values(
            chat_id=chat_id,
            title=title,
            chat_type=chat_type,
            bot_status=MemberStatus.MEMBER,
            bound=False,
            timezone=self._defaults.timezone,
            broadcast_time=self._defaults.broadcast_time,
            weekdays=days if isinstance(days, str) else ",".join(days),
            reminder_time=self._defaults.reminder_time,
            pin_broadcast=self._defaults.pin_broadcast,
            leaderboard=False,
            created_at=now,
            updated_at=now,
        )
        await s.execute(stmt.on_conflict_do_nothing(index_elements=[Group.chat_id]))
        group = await group_by_chat(s, chat_id)
        if group is None:  # pragma: no cover - just inserted
            raise RuntimeError("group vanished after insert")
        return group

    async def bot_status_changed(
        self, chat_id: int, title: str, chat_type: str, status: str
    ) -> None:
        """Record the bot being added to, promoted in, or removed from a group."""
        async with self._db.transaction() as s:
            group = await self._group_row(s, chat_id, title, chat_type)
            group.bot_status = status
            group.title = title or group.title
            group.chat_type = chat_type
            group.updated_at = self._clock.now()
            if status in BOT_PRESENT_STATUSES:
                group.unreachable_since = None
        log.info("bot status in chat %s is now %s", chat_id, status)

    async def bind(
        self,
        chat_id: int,
        title: str,
        chat_type: str,
        thread_id: int | None,
        user: UserInfo,
        user_status: str | None,
    ) -> BindResult:
        """Bind the group; only its admins (and, if configured, only listed binders) may.

        user_status: the admin status Telegram gave (bot.groups.rights), None for a non-admin.
        """
        if self._binders and user.user_id not in self._binders:
            raise DomainError("bind.not_binder")
        if user_status is None or user_status not in ADMIN_STATUSES:
            raise DomainError("bind.not_admin")
        now = self._clock.now()
        async with self._db.transaction() as s:
            group = await self._group_row(s, chat_id, title, chat_type)
            already = group.bound
            group.bound = True
            group.title = title or group.title
            group.chat_type = chat_type
            if group.bot_status in (MemberStatus.LEFT, MemberStatus.KICKED):
                group.bot_status = MemberStatus.MEMBER
            if not already:
                group.bound_by = user.user_id
                group.bound_at = now
            group.thread_id = thread_id
            group.updated_at = now
            await s.flush()
            await upsert_member(s, user, now)
            await upsert_membership(
                s, group.id, user.user_id, user_status, PresenceSource.BIND, now
            )
            return BindResult(group.id, already, group.broadcast_time, group.timezone)

    async def unbind(
        self, chat_id: int, user: UserInfo, user_status: str | None
    ) -> list[tuple[int, str]]:
        """Unbind the group and hold the lessons it had queued, so that none of them goes out to
        the group or its subscribers; returns those lessons as (number, title).

        Held, not cancelled: the secretary still lists and cancels them (the scheduler re-reads a
        lesson's status before sending, and re-arms only queued ones at start)."""
        if self._binders and user.user_id not in self._binders:
            raise DomainError("bind.not_binder")
        if user_status not in ADMIN_STATUSES:
            raise DomainError("bind.not_admin")
        now = self._clock.now()
        async with self._db.transaction() as s:
            group = await group_by_chat(s, chat_id)
            if group is None or not group.bound:
                raise DomainError("unbind.not_bound")
            group.bound = False
            group.updated_at = now
            rows = await s.execute(
                update(Lesson)
                .where(
                    Lesson.group_id == group.id,
                    Lesson.status.in_((LessonStatus.QUEUED, LessonStatus.MISSED)),
                )
                .values(status=LessonStatus.HELD, slot_manual=False, updated_at=now)
                .returning(Lesson.number, Lesson.title)
            )
            held = sorted((number, title) for number, title in rows.all())
        log.info("group %s unbound; %s queued lessons held", chat_id, len(held))
        return held

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move a group (and its delivery ledger) to its new supergroup id; True if moved."""
        async with self._db.transaction() as s:
            group = await group_by_chat(s, old_chat_id)
            if group is None:
                return False
            stray = await group_by_chat(s, new_chat_id)
            if stray is not None and stray.id != group.id:
                # A row made for the new id before the migration notice arrived: fold it in.
                await s.execute(delete(Membership).where(Membership.group_id == stray.id))
                await s.delete(stray)
                await s.flush()
            group.chat_id = new_chat_id
            group.chat_type = ChatType.SUPERGROUP
            group.updated_at = self._clock.now()
            await s.execute(
                update(Delivery).where(Delivery.chat_id == old_chat_id).values(chat_id=new_chat_id)
            )
        log.info("group %s migrated to %s", old_chat_id, new_chat_id)
        return True

    async def record_presence(
        self, chat_id: int, user: UserInfo, status: str, source: PresenceSource
    ) -> None:
        """Remember that a person is (or no longer is) in a known group."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            group = await group_by_chat(s, chat_id)
            if group is None:
                return
            await upsert_member(s, user, now)
            await upsert_membership(s, group.id, user.user_id, status, source, now)
            if status in PRESENT_STATUSES:
                # The roster's Telegram column may name this account: linked as it shows up.
                await link_by_telegram(s, group.id, user.user_id, user.username, now)

    async def join(self, chat_id: int, user: UserInfo) -> str:
        """/join: add the sender to a bound group's roster; returns the group's title."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            group = await group_by_chat(s, chat_id)
            if group is None or not group.bound:
                raise DomainError("settings.not_bound")
            await upsert_member(s, user, now)
            await upsert_membership(
                s, group.id, user.user_id, MemberStatus.MEMBER, PresenceSource.JOIN_COMMAND, now
            )
            await link_by_telegram(s, group.id, user.user_id, user.username, now)
            return group.title

    async def record_presence_by_id(self, group_id: int, user_id: int, status: str) -> None:
        """Record a status Telegram reported for a member already known by id."""
        async with self._db.transaction() as s:
            if await s.get(Member, user_id) is None:
                return
            await upsert_membership(
                s, group_id, user_id, status, PresenceSource.GET_CHAT_MEMBER, self._clock.now()
            )

    async def recorded_admins(self, chat_id: int) -> dict[int, str]:
        """The group's admins as last recorded (a hint: bot.groups.rights asks Telegram first)."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(Membership.user_id, Membership.status)
                .join(Group, Group.id == Membership.group_id)
                .where(Group.chat_id == chat_id, Membership.status.in_(ADMIN_STATUSES))
            )
            return {user_id: status for user_id, status in rows.all()}

    async def get(self, chat_id: int) -> Group | None:
        async with self._db.reading() as s:
            return await group_by_chat(s, chat_id)

    async def bound(self) -> list[Group]:
        async with self._db.reading() as s:
            return await bound_groups(s)
