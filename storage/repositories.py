"""Queries and upserts shared by the services; they never commit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.core.vocabulary import ADMIN_STATUSES, PRESENT_STATUSES, MemberStatus, PresenceSource
from storage.models import Group, Member, Membership

# Membership sources that are Telegram's own word on the status (others are inferences).
TELEGRAM_SAYS = (PresenceSource.CHAT_MEMBER, PresenceSource.GET_CHAT_MEMBER)


@dataclass(frozen=True)
class UserInfo:
    """What Telegram tells about a person, as plain values."""

    user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


# Advisory-lock namespace of a member's points on one day ("mp"), taken per transaction.
POINTS_LOCK_SPACE = 0x6D70


def dialect_insert(session: AsyncSession | Session, table: Any) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _member_day_key(group_id: int, user_id: int, day: date) -> int:
    """A signed 32-bit key for (group, member, local day); a collision only serialises more."""
    digest = hashlib.blake2b(f"{group_id}:{user_id}:{day.isoformat()}".encode(), digest_size=4)
    return int.from_bytes(digest.digest(), "big", signed=True)


def lock_member_days(s: Session, days: Iterable[tuple[int, int, date]]) -> None:
    """Hold each (group, member, local day) until the transaction ends (PostgreSQL).

    Whoever reads a member's points of the day and then adds to them holds this first, so two
    transactions never both read the same total. The keys are taken in ascending order in one
    statement (a volatile function in the select list runs after ORDER BY), so transactions
    locking several members wait for each other instead of deadlocking. SQLite runs one writer
    at a time already.
    """
    if s.bind is None or s.bind.dialect.name != "postgresql":
        return
    keys = sorted({_member_day_key(*day) for day in days})
    if keys:
        s.execute(
            text(
                "SELECT pg_advisory_xact_lock(:space, k) "
                "FROM unnest(CAST(:keys AS integer[])) AS k ORDER BY k"
            ),
            {"space": POINTS_LOCK_SPACE, "keys": keys},
        )


async def upsert_member(session: AsyncSession, user: UserInfo, now: datetime) -> Member:
    """Insert the member or refresh their name and language; race-free on both databases."""
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "language_code": user.language_code,
        "updated_at": now,
    }
    stmt = dialect_insert(session, Member).values(
        user_id=user.user_id,
        started=False,
        subscribed=False,
        reachable=True,
        created_at=now,
        **values,
    )
    stmt = stmt.on_conflict_do_update(index_elements=[Member.user_id], set_=values)
    await session.execute(stmt)
    member = await session.get(Member, user.user_id, populate_existing=True)
    if member is None:  # pragma: no cover - the upsert just wrote it
        raise RuntimeError("member vanished after upsert")
    return member


async def upsert_membership(
    session: AsyncSession,
    group_id: int,
    user_id: int,
    status: str,
    source: PresenceSource,
    now: datetime,
) -> None:
    gone = status not in PRESENT_STATUSES
    stmt = dialect_insert(session, Membership).values(
        group_id=group_id,
        user_id=user_id,
        status=status,
        source=source,
        updated_at=now,
        joined_at=now,
        left_at=now if gone else None,
    )
    new_status: Any = status
    if status == MemberStatus.MEMBER and source not in TELEGRAM_SAYS:
        # "Seen writing in the group" must not demote a known admin; Telegram saying so does.
        new_status = case((Membership.status.in_(ADMIN_STATUSES), Membership.status), else_=status)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Membership.group_id, Membership.user_id],
        set_={"status": new_status, "source": source, "updated_at": now, **_stay(gone, now)},
    )
    await session.execute(stmt)


def _stay(gone: bool, now: Any) -> dict[str, Any]:
    """Secretary's view: the join and leave times an upsert sets (old values on the right).

    Leaving keeps the first leave time; coming back after leaving starts a new stay.
    """
    table = Membership.__table__
    if gone:
        return {"left_at": func.coalesce(table.c.left_at, now)}
    return {
        "joined_at": case((table.c.left_at.is_not(None), now), else_=table.c.joined_at),
        "left_at": None,
    }


def upsert_members(session: Session, users: list[UserInfo], now: datetime) -> None:
    """upsert_member for many at once: one statement compiled once, run as executemany.

    Rows go in user id order, as in `mark_present`: two transactions upserting overlapping
    members lock their rows in the same order and wait for each other instead of deadlocking.
    """
    if not users:
        return
    unique = {user.user_id: user for user in users}
    table = Member.__table__
    stmt = dialect_insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.user_id],
        set_={
            "first_name": stmt.excluded.first_name,
            "last_name": stmt.excluded.last_name,
            "username": stmt.excluded.username,
            "language_code": stmt.excluded.language_code,
            "updated_at": stmt.excluded.updated_at,
        },
    )
    session.execute(
        stmt,
        [
            {
                "user_id": user.user_id,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "username": user.username,
                "language_code": user.language_code,
                "started": False,
                "subscribed": False,
                "reachable": True,
                "stopped_at": None,
                "unreachable_reason": None,
                "created_at": now,
                "updated_at": now,
            }
            for _, user in sorted(unique.items())
        ],
    )


def mark_present(
    session: Session, pairs: list[tuple[int, int]], source: PresenceSource, now: datetime
) -> None:
    """Record (group_id, user_id) pairs as present members, never demoting an admin."""
    if not pairs:
        return
    table = Membership.__table__
    stmt = dialect_insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.group_id, table.c.user_id],
        set_={
            # Spelled out: an IN list would be an "expanding" parameter, which executemany refuses.
            "status": case(
                (or_(*(table.c.status == a for a in ADMIN_STATUSES)), table.c.status),
                else_=stmt.excluded.status,
            ),
            "source": stmt.excluded.source,
            "updated_at": stmt.excluded.updated_at,
            **_stay(False, stmt.excluded.updated_at),
        },
    )
    session.execute(
        stmt,
        [
            {
                "group_id": group_id,
                "user_id": user_id,
                "status": MemberStatus.MEMBER,
                "source": source,
                "updated_at": now,
                "joined_at": now,
                "left_at": None,
            }
            for group_id, user_id in sorted(set(pairs))
        ],
    )


async def lock_group(session: AsyncSession, group_id: int) -> Group | None:
    """The group's row, locked until the transaction ends: slots and numbers are handed out
    one at a time.

    PostgreSQL: SELECT … FOR UPDATE. SQLite: every writer already holds the database's one
    write lock from BEGIN IMMEDIATE.
    """
    return await session.get(Group, group_id, with_for_update=True)


async def next_number(session: AsyncSession, model: Any, group_id: int) -> int:
    """The next number within a group (lessons' and events' #N).

    The caller holds the group locked (lock_group); the unique index on (group_id, number) is
    the last word either way.
    """
    highest = await session.scalar(select(func.max(model.number)).where(model.group_id == group_id))
    return int(highest or 0) + 1


async def group_by_chat(session: AsyncSession, chat_id: int) -> Group | None:
    return (
        await session.execute(select(Group).where(Group.chat_id == chat_id))
    ).scalar_one_or_none()


async def bound_groups(session: AsyncSession) -> list[Group]:
    rows = await session.execute(select(Group).where(Group.bound.is_(True)).order_by(Group.id))
    return list(rows.scalars())


async def groups_of_member(
    session: AsyncSession,
    user_id: int,
    statuses: tuple[str, ...] = PRESENT_STATUSES,
    *,
    bound_only: bool = True,
) -> list[Group]:
    """Bound groups (or all known ones) in which the member is present (or admin, with
    ADMIN_STATUSES)."""
    conditions = [Membership.user_id == user_id, Membership.status.in_(statuses)]
    if bound_only:
        conditions.append(Group.bound.is_(True))
    rows = await session.execute(
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(*conditions)
        .order_by(Group.id)
    )
    return list(rows.scalars())
