"""Migration 0008 on both stores: leave and political birthdays a secretary recorded before it
go to the groups in which that secretary was an admin and the member present; the member's own
stay their own; a record whose recorder ran no shared group is dropped."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.core.vocabulary import PresenceSource
from storage.db import Database, alembic_config
from storage.repositories import upsert_membership
from tests.support.old_schema import insert_group

SECRETARY, MEMBER, OWN, STRANGER = 7, 8, 9, 10


def _to(revision: str) -> Any:
    def upgrade(connection: Any) -> None:
        command.upgrade(alembic_config(connection), revision)

    return upgrade


def _down_to(revision: str) -> Any:
    def downgrade(connection: Any) -> None:
        command.downgrade(alembic_config(connection), revision)

    return downgrade


@pytest.mark.both_stores
async def test_records_made_for_another_member_go_to_the_recorders_groups(
    db_url: str, clock: FakeClock
) -> None:
    db = Database(db_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0007"))
        now = clock.now()
        async with db.transaction() as s:
            groups = []
            for chat_id in (-100, -200):
                groups.append(await insert_group(s, chat_id, now))
            # Raw SQL: the ORM's Member has columns later migrations add (greeted_at, 0011).
            for uid in (SECRETARY, MEMBER, OWN, STRANGER):
                await s.execute(
                    text(
                        "INSERT INTO members (user_id, first_name, started, subscribed,"
                        " reachable, created_at, updated_at)"
                        " VALUES (:u, :name, false, false, true, :now, :now)"
                    ),
                    {"u": uid, "name": f"党员{uid}", "now": now.replace(tzinfo=None)},
                )
            for gid in groups:  # the member is in both groups, the secretary runs the first
                await upsert_membership(s, gid, MEMBER, "member", PresenceSource.ACTIVITY, now)
            await upsert_membership(
                s, groups[0], SECRETARY, "administrator", PresenceSource.BIND, now
            )
            leave = (
                "INSERT INTO leaves (user_id, start_day, end_day, created_by, created_at)"
                " VALUES (:u, :d, :d, :by, :now)"
            )
            birthday = (
                "INSERT INTO birthdays (user_id, joined_on, set_by, updated_at)"
                " VALUES (:u, :d, :by, :now)"
            )
            day = date(2026, 3, 5)
            stored = now.replace(tzinfo=None)  # raw SQL: naive UTC, as UTCDateTime stores it
            for sql, user, by in [
                (leave, MEMBER, SECRETARY),  # recorded by the first group's secretary
                (leave, OWN, OWN),  # the member's own
                (leave, MEMBER, STRANGER),  # by someone who runs no group the member is in
                (birthday, MEMBER, SECRETARY),
                (birthday, OWN, OWN),
                (birthday, STRANGER, SECRETARY),  # not in the secretary's group
            ]:
                await s.execute(text(sql), {"u": user, "d": day, "by": by, "now": stored})
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("head"))
        async with db.reading() as s:
            leaves = (
                await s.execute(text("SELECT user_id, group_id FROM leaves ORDER BY user_id"))
            ).all()
            birthdays = (
                await s.execute(text("SELECT user_id, group_id FROM birthdays ORDER BY user_id"))
            ).all()
        assert [tuple(r) for r in leaves] == [(MEMBER, groups[0]), (OWN, None)]
        assert [tuple(r) for r in birthdays] == [(MEMBER, groups[0]), (OWN, 0)]
        # And back: one date per member again.
        async with db.engine.begin() as conn:
            await conn.run_sync(_down_to("0007"))
        async with db.reading() as s:
            kept = (await s.execute(text("SELECT user_id FROM birthdays ORDER BY user_id"))).all()
        assert [r[0] for r in kept] == [MEMBER, OWN]
    finally:
        await db.dispose()
