"""Migration 0010 on both stores: the check-ins kept by roster entry (代签 / 补签 for a member
without Telegram) come and go without touching the check-ins kept by account."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.core.clock import FakeClock
from bot.core.vocabulary import PresenceSource
from storage.db import Database, alembic_config
from storage.repositories import upsert_membership
from tests.support.old_schema import insert_group, insert_member

SECRETARY = 7


def _to(revision: str, down: bool = False) -> Any:
    def move(connection: Any) -> None:
        (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)

    return move


def _tables(connection: Any) -> set[str]:
    return set(inspect(connection).get_table_names())


@pytest.mark.both_stores
async def test_roster_checkins_table_comes_and_goes_with_0010(
    db_url: str, clock: FakeClock
) -> None:
    db = Database(db_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0009"))
            assert "event_roster_checkins" not in await conn.run_sync(_tables)
        now = clock.now()
        async with db.transaction() as s:
            group_id = await insert_group(s, -100, now)
            await insert_member(s, SECRETARY, "王书记", now)
            await upsert_membership(
                s, group_id, SECRETARY, "administrator", PresenceSource.BIND, now
            )
            stamp = {"g": group_id, "now": now.replace(tzinfo=None), "by": SECRETARY}
            await s.execute(
                text(
                    "INSERT INTO roster_entries (group_id, name, category, party_group, duty,"
                    " telegram, remark, created_at, updated_at)"
                    " VALUES (:g, '张三', '', '', '', '', '', :now, :now)"
                ),
                stamp,
            )
            await s.execute(
                text(
                    "INSERT INTO branch_events (group_id, kind, title, starts_at, created_by,"
                    " created_at) VALUES (:g, '党课', '学习党章', :now, :by, :now)"
                ),
                stamp,
            )
            entry_id = await s.scalar(text("SELECT id FROM roster_entries"))
            event_id = await s.scalar(text("SELECT id FROM branch_events"))
            ids = {"e": event_id, "r": entry_id, "by": SECRETARY}
            await s.execute(
                text(
                    "INSERT INTO event_checkins (event_id, user_id, method, by_user, created_at)"
                    " VALUES (:e, :by, 'qr', :by, :now)"
                ),
                {**ids, "now": now.replace(tzinfo=None)},
            )
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0010"))
        stored = now.replace(tzinfo=None)  # raw SQL: naive UTC, as UTCDateTime stores it
        async with db.transaction() as s:
            await s.execute(
                text(
                    "INSERT INTO event_roster_checkins"
                    " (event_id, entry_id, method, by_user, reason, created_at)"
                    " VALUES (:e, :r, 'proxy', :by, '没带手机', :now)"
                ),
                {**ids, "now": stored},
            )
        async with db.reading() as s:
            rows = (
                await s.execute(text("SELECT entry_id, method, reason FROM event_roster_checkins"))
            ).all()
        assert [tuple(r) for r in rows] == [(ids["r"], "proxy", "没带手机")]
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0009", down=True))
            assert "event_roster_checkins" not in await conn.run_sync(_tables)
        async with db.reading() as s:
            kept = (await s.execute(text("SELECT user_id, method FROM event_checkins"))).all()
        assert [tuple(r) for r in kept] == [(SECRETARY, "qr")]
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("head"))
            assert "event_roster_checkins" in await conn.run_sync(_tables)
    finally:
        await db.dispose()
