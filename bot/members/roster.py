"""The roster (花名册) as a secretary keeps it: the list, edits by buttons, links, 未在花名册.

Only a group's secretaries read or change its roster (members see their own entry in /me).
Imports are in bot.members.roster_import, members' claims of a name in bot.members.claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.vocabulary import ClaimStatus
from bot.groups.secretaries import GroupRef, SecretaryRights, group_ref
from bot.members.people import Person, people_of
from bot.members.roster_file import (
    FIELD_LIMIT,
    NAME_LIMIT,
    RosterRow,
    clean,
)
from storage.db import Database
from storage.models import Group, Membership, RosterClaim, RosterEntry

PAGE_SIZE = 10


@dataclass(frozen=True)
class RosterPage:
    group: GroupRef
    people: list[Person]
    page: int
    pages: int
    total: int
    unlinked: int
    unrostered: int


def normalise_name(text: str) -> str:
    return re.sub(r"\s+", " ", clean(text))


def entry_row(entry: RosterEntry) -> RosterRow:
    return RosterRow(
        name=entry.name,
        category=entry.category,
        party_group=entry.party_group,
        joined_party_on=entry.joined_party_on.isoformat() if entry.joined_party_on else "",
        duty=entry.duty,
        telegram=entry.telegram,
        remark=entry.remark,
    )


async def secretary_group(
    db: Database, rights: SecretaryRights, user_id: int, group_id: int
) -> GroupRef:
    """The group, if this user is its secretary now; a polite refusal otherwise."""
    if not await rights.is_secretary(group_id, user_id):
        raise DomainError("roster.not_secretary")
    async with db.reading() as s:
        group = await s.get(Group, group_id)
    if group is None:
        raise DomainError("roster.not_secretary")
    return group_ref(group)


async def secretary_entry(
    s: AsyncSession, rights: SecretaryRights, user_id: int, entry_id: int
) -> RosterEntry:
    """A roster entry, if this user is a secretary of its group now; a polite refusal else."""
    entry = await s.get(RosterEntry, entry_id)
    if entry is None:
        raise DomainError("roster.entry_gone")
    if not await rights.is_secretary(entry.group_id, user_id):
        raise DomainError("roster.not_secretary")
    return entry


async def linked_entry(s: AsyncSession, group_id: int, account: int) -> RosterEntry | None:
    """The entry an account is linked to in a group, if any."""
    return await s.scalar(
        select(RosterEntry).where(RosterEntry.group_id == group_id, RosterEntry.user_id == account)
    )


class RosterService:
    def __init__(self, db: Database, clock: Clock, rights: SecretaryRights) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights

    async def _group(self, user_id: int, group_id: int) -> GroupRef:
        return await secretary_group(self._db, self._rights, user_id, group_id)

    async def groups(self, user_id: int) -> list[GroupRef]:
        """The groups whose roster this user keeps (their bound groups as a secretary)."""
        return await self._rights.groups_of(user_id)

    # --- reading

    async def page(self, user_id: int, group_id: int, page: int = 0) -> RosterPage:
        """The roster as the secretary sees it: active people, paged, then the counts."""
        group = await self._group(user_id, group_id)
        async with self._db.reading() as s:
            everyone = [p for p in await people_of(s, group_id) if p.active]
        pages = max(1, -(-len(everyone) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        return RosterPage(
            group,
            everyone[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
            page,
            pages,
            len(everyone),
            sum(1 for p in everyone if p.entry_id is not None and p.user_id is None),
            sum(1 for p in everyone if p.entry_id is None),
        )

    async def rows(self, user_id: int | None, group_id: int) -> list[RosterRow]:
        """The active roster in the import form (for export); `user_id` None: the CLI."""
        if user_id is not None:
            await self._group(user_id, group_id)
        async with self._db.reading() as s:
            entries = (
                await s.scalars(
                    select(RosterEntry)
                    .where(RosterEntry.group_id == group_id, RosterEntry.transferred_at.is_(None))
                    .order_by(RosterEntry.party_group, RosterEntry.id)
                )
            ).all()
            return [entry_row(entry) for entry in entries]

    # --- edits by a secretary

    async def _entry(self, s: AsyncSession, user_id: int, entry_id: int) -> RosterEntry:
        return await secretary_entry(s, self._rights, user_id, entry_id)

    @staticmethod
    def _checked_name(text: str) -> str:
        name = normalise_name(text)
        if not name:
            raise DomainError("roster.name_empty")
        if len(name) > NAME_LIMIT:
            raise DomainError("roster.name_too_long", limit=NAME_LIMIT)
        return name

    async def add(
        self, user_id: int, group_id: int, name: str, *, account: int | None = None
    ) -> Person:
        """A new entry (optionally for an account seen in the group, 未在花名册)."""
        await self._group(user_id, group_id)
        name = self._checked_name(name)
        now = self._clock.now()
        async with self._db.transaction() as s:
            same = await s.scalar(
                select(RosterEntry.id).where(
                    RosterEntry.group_id == group_id,
                    RosterEntry.name == name,
                    RosterEntry.transferred_at.is_(None),
                )
            )
            if same is not None:
                raise DomainError("roster.name_taken", name=name)
            if account is not None and await linked_entry(s, group_id, account) is not None:
                raise DomainError("roster.account_taken")
            entry = RosterEntry(
                group_id=group_id,
                name=name,
                category="",
                party_group="",
                duty="",
                telegram="",
                remark="",
                user_id=account,
                created_at=now,
                updated_at=now,
            )
            s.add(entry)
            await s.flush()
            entry_id = entry.id
        return await self.person(user_id, entry_id)

    async def group_of(self, user_id: int, entry_id: int) -> int:
        """The group an entry is in (checked: this user keeps its roster)."""
        async with self._db.reading() as s:
            return (await self._entry(s, user_id, entry_id)).group_id

    async def person(self, user_id: int, entry_id: int) -> Person:
        async with self._db.reading() as s:
            entry = await self._entry(s, user_id, entry_id)
            group_id = entry.group_id
            found = [p for p in await people_of(s, group_id) if p.entry_id == entry_id]
        return found[0]

    async def rename(self, user_id: int, entry_id: int, name: str) -> Person:
        name = self._checked_name(name)
        async with self._db.transaction() as s:
            entry = await self._entry(s, user_id, entry_id)
            same = await s.scalar(
                select(RosterEntry.id).where(
                    RosterEntry.group_id == entry.group_id,
                    RosterEntry.name == name,
                    RosterEntry.id != entry_id,
                    RosterEntry.transferred_at.is_(None),
                )
            )
            if same is not None:
                raise DomainError("roster.name_taken", name=name)
            entry.name = name
            entry.updated_at = self._clock.now()
        return await self.person(user_id, entry_id)

    async def party_groups(self, user_id: int, group_id: int) -> list[str]:
        """The 党小组 names in use, for the move buttons."""
        await self._group(user_id, group_id)
        async with self._db.reading() as s:
            names = await s.scalars(
                select(RosterEntry.party_group)
                .where(RosterEntry.group_id == group_id, RosterEntry.party_group != "")
                .distinct()
                .order_by(RosterEntry.party_group)
            )
            return list(names)

    async def move(self, user_id: int, entry_id: int, party_group: str) -> Person:
        party_group = normalise_name(party_group)
        if len(party_group) > FIELD_LIMIT:
            raise DomainError("roster.name_too_long", limit=FIELD_LIMIT)
        async with self._db.transaction() as s:
            entry = await self._entry(s, user_id, entry_id)
            entry.party_group = party_group
            entry.updated_at = self._clock.now()
        return await self.person(user_id, entry_id)

    async def transfer_out(self, user_id: int, entry_id: int) -> Person:
        """转出: kept in the history, no longer expected from now on."""
        async with self._db.transaction() as s:
            entry = await self._entry(s, user_id, entry_id)
            if entry.transferred_at is None:
                entry.transferred_at = self._clock.now()
                entry.updated_at = entry.transferred_at
        return await self.person(user_id, entry_id)

    async def unlink(self, user_id: int, entry_id: int) -> Person:
        async with self._db.transaction() as s:
            entry = await self._entry(s, user_id, entry_id)
            entry.user_id = None
            entry.updated_at = self._clock.now()
        return await self.person(user_id, entry_id)

    async def link(self, user_id: int, entry_id: int, account: int) -> Person:
        """Link an account to an entry (a secretary's correction); the account must be in the
        group (seen there, not dismissed), and not linked to another entry there. The buttons
        offer only such accounts: any other is a stale or forged press."""
        async with self._db.transaction() as s:
            entry = await self._entry(s, user_id, entry_id)
            member = await s.get(Membership, (entry.group_id, account))
            if member is None or member.roster_dismissed_at is not None:
                raise DomainError("roster.ui.stale")
            other = await linked_entry(s, entry.group_id, account)
            if other is not None and other.id != entry_id:
                raise DomainError("roster.account_taken_by", name=other.name)
            entry.user_id = account
            entry.updated_at = self._clock.now()
            await s.execute(
                update(RosterClaim)
                .where(RosterClaim.entry_id == entry_id, RosterClaim.status == ClaimStatus.PENDING)
                .values(
                    status=ClaimStatus.REJECTED, decided_by=user_id, decided_at=entry.updated_at
                )
            )
        return await self.person(user_id, entry_id)

    # --- 未在花名册

    async def unrostered(self, user_id: int, group_id: int) -> list[Person]:
        await self._group(user_id, group_id)
        async with self._db.reading() as s:
            return [p for p in await people_of(s, group_id) if p.entry_id is None and p.active]

    async def dismiss(self, user_id: int, group_id: int, account: int) -> None:
        """Not one of the branch's members (a guest in the chat): no longer counted."""
        await self._group(user_id, group_id)
        async with self._db.transaction() as s:
            await s.execute(
                update(Membership)
                .where(Membership.group_id == group_id, Membership.user_id == account)
                .values(roster_dismissed_at=self._clock.now())
            )
