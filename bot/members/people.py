"""Who belongs to a group, and by what name: the one read every count and every name follows.

Once a group has a roster (花名册), the roster is the truth: each entry is a person, linked to a
Telegram account or not (未关联), named as the roster writes them. Accounts in the group that no
entry names are 未在花名册: still counted, under their Telegram name marked as a fallback, until
a secretary adds or dismisses them. A group without a roster is what the bot can see, as before.

`Person.key` is the one number a person goes by in a group's record: the account's user id when
one is known, else the negative roster entry id (an entry without an account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Executable, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.core.formatting import person_name
from bot.core.vocabulary import PRESENT_STATUSES, RosterStanding
from storage.models import Member, Membership, RosterEntry

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


class Contact:
    """Whether the bot can write to a person in private, said apart for the report."""

    OK = "ok"
    UNLINKED = "unlinked"  # 未关联: no Telegram account linked
    NOT_STARTED = "not_started"  # 未开通推送: the account never opened the private chat
    BLOCKED = "blocked"  # 无法送达: the account blocked the bot (or the copy bounced)


@dataclass(frozen=True, slots=True)
class Person:
    key: int  # user_id when an account is known, else -entry_id
    entry_id: int | None
    user_id: int | None
    name: str
    # True: not on the roster, so the name is the Telegram display name (shown marked).
    name_is_fallback: bool
    standing: RosterStanding
    contact: str  # Contact.*
    category: str = ""  # PartyCategory value or ""
    party_group: str = ""
    duty: str = ""
    joined_party_on: date | None = None
    # The stretch in which they are expected: None at either end is open.
    since: datetime | None = None
    until: datetime | None = None
    # In the Telegram group now (as last seen); a roster member may have left the chat.
    in_chat: bool = False

    def expected_at(self, instant: datetime) -> bool:
        """Whether they belonged at that instant (counted in 应学 for a lesson then)."""
        return (self.since is None or self.since <= instant) and (
            self.until is None or self.until > instant
        )

    @property
    def active(self) -> bool:
        """Expected from now on (not 转出, not gone from the chat)."""
        return self.until is None


def entry_key(entry_id: int) -> int:
    return -entry_id


def _contact(user_id: int | None, started: bool | None, reachable: bool | None) -> str:
    if user_id is None:
        return Contact.UNLINKED
    if not started:
        return Contact.NOT_STARTED
    return Contact.OK if reachable else Contact.BLOCKED


def _roster_query(group_id: int) -> Executable:
    return (
        select(
            RosterEntry,
            Member.started,
            Member.reachable,
            Membership.status,
            Membership.joined_at,
        )
        .outerjoin(Member, Member.user_id == RosterEntry.user_id)
        .outerjoin(
            Membership,
            (Membership.user_id == RosterEntry.user_id) & (Membership.group_id == group_id),
        )
        .where(RosterEntry.group_id == group_id)
        .order_by(RosterEntry.party_group, RosterEntry.id)
    )


def _unrostered_query(group_id: int) -> Executable:
    rostered = select(RosterEntry.user_id).where(
        RosterEntry.group_id == group_id, RosterEntry.user_id.is_not(None)
    )
    return (
        select(
            Member.user_id,
            Member.first_name,
            Member.last_name,
            Member.username,
            Member.started,
            Member.reachable,
            Membership.status,
            Membership.joined_at,
            Membership.left_at,
        )
        .join(Membership, Membership.user_id == Member.user_id)
        .where(
            Membership.group_id == group_id,
            Membership.roster_dismissed_at.is_(None),
            Member.user_id.not_in(rostered),
        )
        .order_by(Member.user_id)
    )


def _from_entry(row: Any) -> Person:
    entry: RosterEntry = row[0]
    started, reachable, status, joined_at = row[1:]
    created = entry.created_at
    if entry.user_id is None or status is None:
        # Unlinked, or linked to an account the group never saw (no Membership row): from
        # when they were put on the roster.
        since: datetime | None = created
    elif joined_at is None:  # a member from before join times were kept: always expected
        since = None
    else:  # linked: from when they were first seen in the chat, or put on the roster
        since = min(joined_at, created)
    return Person(
        key=entry.user_id if entry.user_id is not None else entry_key(entry.id),
        entry_id=entry.id,
        user_id=entry.user_id,
        name=entry.name,
        name_is_fallback=False,
        standing=RosterStanding.LINKED if entry.user_id is not None else RosterStanding.UNLINKED,
        contact=_contact(entry.user_id, started, reachable),
        category=entry.category,
        party_group=entry.party_group,
        duty=entry.duty,
        joined_party_on=entry.joined_party_on,
        since=since,
        until=entry.transferred_at,
        in_chat=status in PRESENT_STATUSES,
    )


def _from_account(row: Any) -> Person:
    uid, first, last, username, started, reachable, status, joined_at, left_at = row
    present = status in PRESENT_STATUSES
    return Person(
        key=uid,
        entry_id=None,
        user_id=uid,
        name=person_name(first, last, username, uid),
        name_is_fallback=True,
        standing=RosterStanding.UNROSTERED,
        contact=_contact(uid, started, reachable),
        since=joined_at,
        # Gone at a time nobody saw: not expected on any lesson.
        until=None if present else (left_at or NEVER),
        in_chat=present,
    )


async def people_of(s: AsyncSession, group_id: int) -> list[Person]:
    """Everyone who belongs or belonged to the group: roster entries first, then 未在花名册."""
    roster = [_from_entry(row) for row in (await s.execute(_roster_query(group_id))).all()]
    others = [_from_account(row) for row in (await s.execute(_unrostered_query(group_id))).all()]
    return roster + others


def people_of_sync(s: Session, group_id: int) -> list[Person]:
    """`people_of` for the reads that run off the event loop (the ledger)."""
    roster = [_from_entry(row) for row in s.execute(_roster_query(group_id)).all()]
    others = [_from_account(row) for row in s.execute(_unrostered_query(group_id)).all()]
    return roster + others
