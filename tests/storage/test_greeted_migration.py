"""Migration 0011 on both stores: who had started the bot counts as greeted, and going back
keeps every member and what hangs on them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from bot.core.clock import FakeClock
from storage.db import Database
from tests.storage.test_group_authority_migration import _down_to, _to


@pytest.mark.both_stores
async def test_started_members_count_as_greeted_and_the_way_back_keeps_them(
    db_url: str, clock: FakeClock
) -> None:
    db = Database(db_url)
    now = clock.now().replace(tzinfo=None)  # raw SQL: naive UTC, as UTCDateTime stores it
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0009"))
        async with db.transaction() as s:
            for uid, started in ((1, True), (2, False)):
                await s.execute(
                    text(
                        "INSERT INTO members (user_id, first_name, started, subscribed,"
                        " reachable, created_at, updated_at)"
                        " VALUES (:u, 'x', :started, false, true, :now, :now)"
                    ),
                    {"u": uid, "started": started, "now": now},
                )
            await s.execute(
                text(
                    "INSERT INTO birthdays (user_id, group_id, joined_on, set_by, updated_at)"
                    " VALUES (1, 0, :d, 1, :now)"
                ),
                {"d": date(2001, 7, 1), "now": now},
            )
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0011"))
        async with db.reading() as s:
            rows = await s.execute(text("SELECT user_id, greeted_at FROM members ORDER BY 1"))
            greeted = {uid: at is not None for uid, at in rows.all()}
        assert greeted == {1: True, 2: False}
        async with db.engine.begin() as conn:
            await conn.run_sync(_down_to("0009"))
        async with db.reading() as s:
            assert await s.scalar(text("SELECT count(*) FROM members")) == 2
            assert await s.scalar(text("SELECT count(*) FROM birthdays")) == 1
    finally:
        await db.dispose()
