"""A member's claim of a roster name ("this is me"), which counts once a secretary confirms it;
and linking by the roster's Telegram column when the named account shows up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.vocabulary import ADMIN_STATUSES, PRESENT_STATUSES, ClaimStatus
from bot.groups.secretaries import GroupRef, SecretaryRights, group_ref
from bot.members.roster import entry_row, linked_entry, secretary_entry
from bot.members.roster_file import RosterRow
from storage.db import Database
from storage.models import Group, Member, Membership, RosterClaim, RosterEntry


@dataclass(frozen=True)
class Claim:
    claim_id: int
    group: GroupRef
    entry_id: int
    name: str
    user_id: int
    claimant: str  # the account's display name, for the secretary's message
    secretaries: list[int] = field(default_factory=list)


class RosterClaims:
    def __init__(self, db: Database, clock: Clock, rights: SecretaryRights) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights

    async def _entry(self, s: AsyncSession, user_id: int, entry_id: int) -> RosterEntry:
        return await secretary_entry(s, self._rights, user_id, entry_id)

    async def claimable(self, account: int) -> list[tuple[GroupRef, list[tuple[int, str]]]]:
        """For each bound group the account is in and not yet linked in: the unlinked names."""
        async with self._db.reading() as s:
            groups = (
                await s.scalars(
                    select(Group)
                    .join(Membership, Membership.group_id == Group.id)
                    .where(
                        Membership.user_id == account,
                        Membership.status.in_(PRESENT_STATUSES),
                        Group.bound.is_(True),
                    )
                    .order_by(Group.id)
                )
            ).all()
            out: list[tuple[GroupRef, list[tuple[int, str]]]] = []
            for group in groups:
                if await linked_entry(s, group.id, account) is not None:
                    continue
                names = (
                    await s.execute(
                        select(RosterEntry.id, RosterEntry.name)
                        .where(
                            RosterEntry.group_id == group.id,
                            RosterEntry.user_id.is_(None),
                            RosterEntry.transferred_at.is_(None),
                        )
                        .order_by(RosterEntry.name)
                    )
                ).all()
                if names:
                    out.append((group_ref(group), [(int(i), str(n)) for i, n in names]))
            return out

    async def claim(self, account: int, entry_id: int) -> Claim:
        """Ask the group's secretaries to confirm that this entry is this account."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            entry = await s.get(RosterEntry, entry_id)
            if entry is None or entry.transferred_at is not None:
                raise DomainError("roster.entry_gone")
            if entry.user_id is not None:
                raise DomainError("roster.claim_taken")
            present = await s.scalar(
                select(Membership.status).where(
                    Membership.group_id == entry.group_id, Membership.user_id == account
                )
            )
            if present not in PRESENT_STATUSES:
                raise DomainError("roster.claim_not_member")
            if await linked_entry(s, entry.group_id, account) is not None:
                raise DomainError("roster.claim_already_linked")
            same = await s.scalar(
                select(RosterClaim).where(
                    RosterClaim.entry_id == entry_id,
                    RosterClaim.user_id == account,
                    RosterClaim.status == ClaimStatus.PENDING,
                )
            )
            if same is not None:
                raise DomainError("roster.claim_pending", name=entry.name)
            claim = RosterClaim(
                group_id=entry.group_id,
                entry_id=entry_id,
                user_id=account,
                status=ClaimStatus.PENDING,
                created_at=now,
            )
            s.add(claim)
            await s.flush()
            member = await s.get(Member, account)
            group = await s.get_one(Group, entry.group_id)
            admins = (
                await s.scalars(
                    select(Membership.user_id).where(
                        Membership.group_id == entry.group_id,
                        Membership.status.in_(ADMIN_STATUSES),
                    )
                )
            ).all()
            result = Claim(
                claim.id,
                group_ref(group),
                entry_id,
                entry.name,
                account,
                member.display_name if member else str(account),
            )
        # Only those Telegram says are admins now get the question.
        secretaries = [uid for uid in admins if await self._rights.is_secretary(group.id, uid)]
        return replace(result, secretaries=secretaries)

    async def decide(self, user_id: int, claim_id: int, confirm: bool) -> Claim:
        """A secretary's 确认 / 不是此人; a claim already decided is not decided again."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            claim = await s.get(RosterClaim, claim_id, with_for_update=True)
            if claim is None:
                raise DomainError("roster.entry_gone")
            entry = await self._entry(s, user_id, claim.entry_id)
            if claim.status != ClaimStatus.PENDING:
                raise DomainError("roster.claim_decided")
            if confirm:
                if entry.user_id is not None:
                    raise DomainError("roster.claim_taken")
                if await linked_entry(s, entry.group_id, claim.user_id) is not None:
                    raise DomainError("roster.claim_already_linked")
                entry.user_id = claim.user_id
                entry.updated_at = now
                # Other claims on this name, and this account's other claims in the group, end.
                await s.execute(
                    update(RosterClaim)
                    .where(
                        RosterClaim.status == ClaimStatus.PENDING,
                        RosterClaim.id != claim_id,
                        (RosterClaim.entry_id == entry.id)
                        | (
                            (RosterClaim.user_id == claim.user_id)
                            & (RosterClaim.group_id == entry.group_id)
                        ),
                    )
                    .values(status=ClaimStatus.REJECTED, decided_by=user_id, decided_at=now)
                )
            claim.status = ClaimStatus.CONFIRMED if confirm else ClaimStatus.REJECTED
            claim.decided_by = user_id
            claim.decided_at = now
            member = await s.get(Member, claim.user_id)
            group = await s.get_one(Group, entry.group_id)
            return Claim(
                claim.id,
                group_ref(group),
                entry.id,
                entry.name,
                claim.user_id,
                member.display_name if member else str(claim.user_id),
            )

    # --- linking by the roster's Telegram column when the account shows up

    async def link_named(self, account: int, username: str | None, groups: Sequence[int]) -> int:
        """Link the account to entries whose Telegram cell names it, in these groups, where it
        is not linked yet; returns how many were linked."""
        now = self._clock.now()
        linked = 0
        async with self._db.transaction() as s:
            for group_id in groups:
                linked += await link_by_telegram(s, group_id, account, username, now)
        return linked

    async def own(self, account: int) -> list[tuple[str, RosterRow]]:
        """The account's own entries (group title, entry), for /me: never anyone else's."""
        async with self._db.reading() as s:
            rows = (
                await s.execute(
                    select(Group.title, RosterEntry)
                    .join(RosterEntry, RosterEntry.group_id == Group.id)
                    .where(RosterEntry.user_id == account, RosterEntry.transferred_at.is_(None))
                    .order_by(Group.id)
                )
            ).all()
            return [(str(title), entry_row(entry)) for title, entry in rows]


async def link_by_telegram(
    s: AsyncSession, group_id: int, account: int, username: str | None, now: datetime
) -> int:
    """Link an account that shows up in a group to the entry whose Telegram cell names it.

    One query when nothing names it (a group without a roster included): this runs on every
    presence the bot records."""
    keys = [str(account)] + ([f"@{username.lower()}"] if username else [])
    entry = await s.scalar(
        select(RosterEntry)
        .where(
            RosterEntry.group_id == group_id,
            RosterEntry.user_id.is_(None),
            RosterEntry.transferred_at.is_(None),
            func.lower(RosterEntry.telegram).in_(keys),
        )
        .limit(1)
    )
    if entry is None or await linked_entry(s, group_id, account) is not None:
        return 0
    entry.user_id = account
    entry.updated_at = now
    return 1
