"""The political birthday each group goes by, and the name it is said under.

A member's own date wins; else one a secretary recorded for the group; else the roster's
入党日期 (花名册) of the entry linked to them in that group. The name is the roster's when the
member is on it, else their Telegram display name (marked as such where a secretary reads it).
Only the member and the group's secretaries are ever told a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from bot.core.vocabulary import BOT_PRESENT_STATUSES, PRESENT_STATUSES
from storage.models import OWN_BIRTHDAY, Birthday, Group, Member, Membership, RosterEntry


@dataclass(frozen=True)
class GroupDate:
    user_id: int
    joined: date
    name: str
    name_is_fallback: bool  # not on the group's roster: the Telegram display name
    started: bool
    reachable: bool
    group: Group


def counts_in(group_id: Any) -> ColumnElement[bool]:
    """SQL: the recorded date a group goes by: the member's own, else the group's."""
    own = aliased(Birthday)
    return or_(
        Birthday.group_id == OWN_BIRTHDAY,
        and_(
            Birthday.group_id == group_id,
            ~exists().where(own.user_id == Birthday.user_id, own.group_id == OWN_BIRTHDAY),
        ),
    )


def _no_recorded_date(user_id: Any, group_id: Any) -> ColumnElement[bool]:
    """SQL: neither the member nor the group recorded a date (the roster's then counts)."""
    return ~exists().where(
        Birthday.user_id == user_id,
        or_(Birthday.group_id == OWN_BIRTHDAY, Birthday.group_id == group_id),
    )


def _entry_of(user_id: Any) -> ColumnElement[bool]:
    return and_(RosterEntry.group_id == Group.id, RosterEntry.user_id == user_id)


async def dates_in_bound_groups(s: AsyncSession) -> list[GroupDate]:
    """Every present member's date, per bound group the bot is in."""
    in_group = and_(
        Membership.status.in_(PRESENT_STATUSES),
        Group.bound.is_(True),
        Group.bot_status.in_(BOT_PRESENT_STATUSES),
    )
    recorded = await s.execute(
        select(Birthday.user_id, Birthday.joined_on, Member, Group, RosterEntry.name)
        .join(Member, Member.user_id == Birthday.user_id)
        .join(Membership, Membership.user_id == Birthday.user_id)
        .join(Group, Group.id == Membership.group_id)
        .outerjoin(RosterEntry, _entry_of(Birthday.user_id))
        .where(in_group, counts_in(Group.id))
    )
    rostered = await s.execute(
        select(RosterEntry.user_id, RosterEntry.joined_party_on, Member, Group, RosterEntry.name)
        .join(Member, Member.user_id == RosterEntry.user_id)
        .join(Group, Group.id == RosterEntry.group_id)
        .join(
            Membership,
            (Membership.user_id == RosterEntry.user_id) & (Membership.group_id == Group.id),
        )
        .where(
            in_group,
            RosterEntry.joined_party_on.is_not(None),
            RosterEntry.transferred_at.is_(None),
            _no_recorded_date(RosterEntry.user_id, Group.id),
        )
    )
    rows: list[Any] = [*recorded.all(), *rostered.all()]
    out = [_date(*row) for row in rows]
    out.sort(key=lambda d: (d.group.id, d.user_id))
    return out


def _date(
    uid: int, joined: date, member: Member, group: Group, entry_name: str | None
) -> GroupDate:
    name, fallback = (member.display_name, True) if entry_name is None else (entry_name, False)
    return GroupDate(uid, joined, name, fallback, member.started, member.reachable, group)


async def group_date(s: AsyncSession, group_id: int, user_id: int) -> tuple[date, str] | None:
    """The date (and the name) one group goes by for one member; None when there is none."""
    joined = await s.scalar(
        select(Birthday.joined_on).where(Birthday.user_id == user_id, counts_in(group_id))
    )
    entry = await s.scalar(
        select(RosterEntry).where(
            RosterEntry.group_id == group_id,
            RosterEntry.user_id == user_id,
            RosterEntry.transferred_at.is_(None),
        )
    )
    if joined is None and entry is not None:
        joined = entry.joined_party_on
    if joined is None:
        return None
    if entry is not None:
        return joined, entry.name
    member = await s.get(Member, user_id)
    return joined, member.display_name if member else str(user_id)
