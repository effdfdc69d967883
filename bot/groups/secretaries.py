"""Who is a group's secretary (书记): an admin of the bound group.

The secretary's view (report, ledger, featured notes, digest) asks only this service, and it
asks Telegram through the one rights cache (bot.groups.rights): the database only names candidates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from bot.core.vocabulary import ADMIN_STATUSES
from bot.groups.rights import Rights, RightsUnavailable
from storage.db import Database
from storage.models import Group, Member, Membership
from storage.repositories import groups_of_member


@dataclass(frozen=True)
class GroupRef:
    """A bound group as the secretary's view needs it."""

    group_id: int
    chat_id: int
    title: str
    timezone: str


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language_code: str | None


def group_ref(group: Group) -> GroupRef:
    return GroupRef(group.id, group.chat_id, group.title, group.timezone)


log = logging.getLogger(__name__)


class SecretaryRights:
    def __init__(self, db: Database, rights: Rights) -> None:
        self._db = db
        self._rights = rights

    async def groups_of(self, user_id: int) -> list[GroupRef]:
        """Bound groups this user is a secretary of, as Telegram says."""
        async with self._db.reading() as s:
            candidates = [group_ref(g) for g in await groups_of_member(s, user_id)]
        admin_of = set(await self._rights.admin_of((g.chat_id for g in candidates), user_id))
        return [g for g in candidates if g.chat_id in admin_of]

    async def recorded_admin(self, user_id: int) -> bool:
        """Whether the database saw them as an admin of a bound group (no call to Telegram)."""
        async with self._db.reading() as s:
            return bool(await groups_of_member(s, user_id, ADMIN_STATUSES))

    async def is_secretary(self, group_id: int, user_id: int) -> bool:
        async with self._db.reading() as s:
            chat_id = await s.scalar(
                select(Group.chat_id).where(Group.id == group_id, Group.bound.is_(True))
            )
        return chat_id is not None and await self._rights.is_admin(chat_id, user_id)

    async def recipients(self, group_id: int) -> list[Recipient]:
        """The group's secretaries the bot can write to (digest recipients)."""
        async with self._db.reading() as s:
            chat_id = await s.scalar(select(Group.chat_id).where(Group.id == group_id))
        # Telegram is asked outside the read, which would otherwise wait on the network.
        admins: set[int] | None = None
        if chat_id is not None:
            try:
                admins = set(await self._rights.admins(chat_id))
            except RightsUnavailable:
                # A scheduled digest cannot ask again later: the recorded admins stand in.
                log.info("digest for group %s: Telegram not reachable, recorded admins", group_id)
        query = (
            select(Member.user_id, Member.language_code)
            .join(Membership, Membership.user_id == Member.user_id)
            .where(
                Membership.group_id == group_id,
                Member.started.is_(True),
                Member.reachable.is_(True),
            )
            .order_by(Member.user_id)
        )
        if admins is None:
            query = query.where(Membership.status.in_(ADMIN_STATUSES))
        else:
            query = query.where(Member.user_id.in_(admins))
        async with self._db.reading() as s:
            rows = await s.execute(query)
            return [Recipient(uid, lang) for uid, lang in rows.all()]
