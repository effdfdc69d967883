"""Importing a roster file: a preview of what it would change, then the secretary's confirmation.

Only the rows as understood are kept (never the file), and only until the secretary confirms,
cancels, or a day passes; nothing in the roster changes before the confirmation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.groups.secretaries import GroupRef, SecretaryRights, group_ref
from bot.members.roster import entry_row, secretary_group
from bot.members.roster_file import BadRow, RosterRow, read_roster
from storage.db import Database
from storage.models import Group, Member, RosterEntry, RosterImport

# A previewed import waits this long for its confirmation.
IMPORT_LIFETIME = timedelta(hours=24)
# Who previewed an import from the command line (a Telegram user id is never 0).
OPERATOR = 0


@dataclass(frozen=True)
class Preview:
    import_id: int
    group: GroupRef
    new: list[RosterRow]
    changed: list[tuple[RosterRow, list[str]]]  # the row and the fields it changes
    unchanged: int
    bad: list[BadRow]
    absent: int  # entries on the roster the file does not list (left as they are)


@dataclass(frozen=True)
class Applied:
    group: GroupRef
    added: int
    changed: int
    linked: int


def _changes(entry: RosterEntry, row: RosterRow) -> list[str]:
    """The fields the row would change; an empty Telegram cell keeps the account linked."""
    now = entry_row(entry)
    fields = [
        name
        for name in ("category", "party_group", "joined_party_on", "duty", "remark")
        if getattr(now, name) != getattr(row, name)
    ]
    if row.telegram and row.telegram.lower() != now.telegram.lower():
        fields.append("telegram")
    if entry.transferred_at is not None:
        fields.append("restored")
    return fields


async def _find_account(s: AsyncSession, telegram: str) -> int | None:
    """The account a roster's Telegram cell names, if the bot has met it."""
    if telegram.isdigit():
        uid = int(telegram)
        return uid if await s.get(Member, uid) is not None else None
    username = telegram.lstrip("@").lower()
    rows = (
        await s.execute(
            select(Member.user_id, Member.updated_at)
            .where(func.lower(Member.username) == username)
            .order_by(Member.updated_at.desc())
            .limit(2)
        )
    ).all()
    if not rows or (len(rows) == 2 and rows[0][1] == rows[1][1]):
        return None  # unknown, or two seen holding it at once: the secretary links by hand
    return int(rows[0][0])


class RosterImports:
    def __init__(self, db: Database, clock: Clock, rights: SecretaryRights) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights

    async def _group(self, user_id: int | None, group_id: int) -> GroupRef:
        if user_id is not None:
            return await secretary_group(self._db, self._rights, user_id, group_id)
        async with self._db.reading() as s:  # the operator at the command line
            group = await s.get(Group, group_id)
        if group is None:
            raise DomainError("roster.not_secretary")
        return group_ref(group)

    async def preview(self, user_id: int | None, group_id: int, data: bytes) -> Preview:
        """Read the file and say what confirming it would do; nothing in the roster changes.
        `user_id` None: the operator (the CLI), who needs no secretary's rights."""
        group = await self._group(user_id, group_id)
        user_id = OPERATOR if user_id is None else user_id
        parsed = await asyncio.to_thread(read_roster, data)  # openpyxl on up to 1 MB
        if not parsed.rows and not parsed.bad:
            raise DomainError("roster.file_empty")
        now = self._clock.now()
        async with self._db.transaction() as s:
            await s.execute(
                delete(RosterImport).where(
                    (RosterImport.created_at < now - IMPORT_LIFETIME)
                    | ((RosterImport.group_id == group_id) & (RosterImport.user_id == user_id))
                )
            )
            entries = await self._entries_by_name(s, group_id)
            new: list[RosterRow] = []
            changed: list[tuple[RosterRow, list[str]]] = []
            unchanged = 0
            for row in parsed.rows:
                entry = entries.get(row.name)
                if entry is None:
                    new.append(row)
                elif fields := _changes(entry, row):
                    changed.append((row, fields))
                else:
                    unchanged += 1
            listed = {row.name for row in parsed.rows}
            absent = sum(
                1 for name, e in entries.items() if name not in listed and e.transferred_at is None
            )
            pending = RosterImport(
                group_id=group_id,
                user_id=user_id,
                rows=[row.as_dict() for row in parsed.rows],
                created_at=now,
            )
            s.add(pending)
            await s.flush()
            return Preview(pending.id, group, new, changed, unchanged, parsed.bad, absent)

    @staticmethod
    async def _entries_by_name(s: AsyncSession, group_id: int) -> dict[str, RosterEntry]:
        entries = (
            await s.scalars(
                select(RosterEntry)
                .where(RosterEntry.group_id == group_id)
                .order_by(RosterEntry.transferred_at.is_not(None), RosterEntry.id)
            )
        ).all()
        by_name: dict[str, RosterEntry] = {}
        for entry in entries:  # an active entry wins over a transferred one of the same name
            by_name.setdefault(entry.name, entry)
        return by_name

    async def confirm(self, user_id: int | None, import_id: int) -> Applied:
        """Store a previewed import: new entries added, changed ones updated, accounts linked."""
        async with self._db.reading() as s:
            pending = await s.get(RosterImport, import_id)
            group_id = pending.group_id if pending is not None else None
        by = OPERATOR if user_id is None else user_id
        if pending is None or group_id is None or pending.user_id != by:
            raise DomainError("roster.import_gone")
        group = await self._group(user_id, group_id)
        now = self._clock.now()
        added = changed = linked = 0
        async with self._db.transaction() as s:
            pending = await s.get(RosterImport, import_id, with_for_update=True)
            if pending is None or pending.created_at < now - IMPORT_LIFETIME:
                raise DomainError("roster.import_gone")
            rows = [RosterRow.from_dict(values) for values in pending.rows]
            await s.delete(pending)
            entries = await self._entries_by_name(s, group_id)
            taken = set(
                (
                    await s.scalars(
                        select(RosterEntry.user_id).where(
                            RosterEntry.group_id == group_id, RosterEntry.user_id.is_not(None)
                        )
                    )
                ).all()
            )
            for row in rows:
                entry = entries.get(row.name)
                if entry is None:
                    entry = RosterEntry(group_id=group_id, name=row.name, created_at=now)
                    s.add(entry)
                    added += 1
                elif _changes(entry, row):
                    changed += 1
                else:
                    continue
                entry.category = row.category
                entry.party_group = row.party_group
                entry.joined_party_on = (
                    date.fromisoformat(row.joined_party_on) if row.joined_party_on else None
                )
                entry.duty = row.duty
                entry.remark = row.remark
                entry.transferred_at = None
                entry.updated_at = now
                if row.telegram:
                    entry.telegram = row.telegram
                    account = await _find_account(s, row.telegram)
                    if account is not None and account not in taken and entry.user_id is None:
                        entry.user_id = account
                        taken.add(account)
                        linked += 1
            await s.flush()
        return Applied(group, added, changed, linked)

    async def discard(self, user_id: int, import_id: int) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                delete(RosterImport).where(
                    RosterImport.id == import_id, RosterImport.user_id == user_id
                )
            )
