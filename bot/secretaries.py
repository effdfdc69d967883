"""Who is a group's secretary (书记): an admin of the bound group.

The secretary's view (report, ledger, featured notes, digest) asks only this service. Today it
reads the admin flags the database keeps (chat_member updates keep them current when the bot
is an admin); a live rights check can replace it here without touching its callers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from storage.db import Database
from storage.models import Group, Member, Membership
from storage.repositories import ADMIN_STATUSES, groups_of_member


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


class SecretaryRights:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def groups_of(self, user_id: int) -> list[GroupRef]:
        """Bound groups this user is a secretary of (the one rights decision of this feature)."""
        async with self._db.reading() as s:
            return [group_ref(g) for g in await groups_of_member(s, user_id, ADMIN_STATUSES)]

    async def is_secretary(self, group_id: int, user_id: int) -> bool:
        return any(g.group_id == group_id for g in await self.groups_of(user_id))

    async def recipients(self, group_id: int) -> list[Recipient]:
        """The group's secretaries the bot can write to (digest recipients)."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(Member.user_id, Member.language_code)
                .join(Membership, Membership.user_id == Member.user_id)
                .where(
                    Membership.group_id == group_id,
                    Membership.status.in_(ADMIN_STATUSES),
                    Member.started.is_(True),
                    Member.reachable.is_(True),
                )
                .order_by(Member.user_id)
            )
            return [Recipient(uid, lang) for uid, lang in rows.all()]
