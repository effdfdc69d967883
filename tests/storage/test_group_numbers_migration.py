"""Migration 0018 on both stores: lessons and events already kept are numbered within their
group, in the order they were made, and the numbers go again on the way down."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.core.clock import FakeClock
from storage.db import Database, alembic_config
from tests.support.old_schema import insert_group, insert_member

SECRETARY = 7


def _to(revision: str, down: bool = False) -> Any:
    def move(connection: Any) -> None:
        (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)

    return move


def _count(connection: Any, table: str) -> int:
    return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar())  # noqa: S608


def _columns(connection: Any, table: str) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns(table)}


@pytest.mark.both_stores
async def test_0018_numbers_what_each_group_already_has_in_the_order_it_was_made(
    db_url: str, clock: FakeClock
) -> None:
    db = Database(db_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0017"))
        now = clock.now().replace(tzinfo=None)
        async with db.transaction() as s:
            first = await insert_group(s, -100, clock.now())
            second = await insert_group(s, -200, clock.now())
            # Interleaved: the database's ids run 1..5 across both groups.
            for group_id in (first, second, first, second, first):
                await s.execute(
                    text(
                        "INSERT INTO lessons (group_id, author_id, title, status, slot_manual,"
                        " audio_path, duration_in, duration_out, lufs_in, lufs_out,"
                        " created_at, updated_at)"
                        " VALUES (:g, :by, 't', 'sent', false, '', 1, 1, -16, -16, :now, :now)"
                    ),
                    {"g": group_id, "by": SECRETARY, "now": now},
                )
            # A child row under each lesson and event: a table copied and dropped on SQLite
            # would take them with it (ON DELETE CASCADE).
            await s.execute(
                text(
                    "INSERT INTO deliveries (lesson_id, chat_id, kind, status, attempts,"
                    " created_at, updated_at)"
                    " SELECT id, -100, 'group', 'sent', 1, :now, :now FROM lessons"
                ),
                {"now": now},
            )
            await insert_member(s, SECRETARY, "王书记", clock.now())
            for group_id in (second, first):
                await s.execute(
                    text(
                        "INSERT INTO branch_events (group_id, kind, title, starts_at,"
                        " created_by, created_at)"
                        " VALUES (:g, '党课', 't', :now, :by, :now)"
                    ),
                    {"g": group_id, "by": SECRETARY, "now": now},
                )
            await s.execute(
                text(
                    "INSERT INTO event_replies (event_id, user_id, status, updated_at)"
                    " SELECT id, :by, 'attend', :now FROM branch_events"
                ),
                {"by": SECRETARY, "now": now},
            )
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0018"))
            assert await conn.run_sync(_count, "deliveries") == 5
            assert await conn.run_sync(_count, "event_replies") == 2
        async with db.transaction() as s:
            lessons = (
                await s.execute(text("SELECT group_id, number FROM lessons ORDER BY id"))
            ).all()
            events = (
                await s.execute(text("SELECT group_id, number FROM branch_events ORDER BY id"))
            ).all()
        assert [tuple(r) for r in lessons] == [
            (first, 1),
            (second, 1),
            (first, 2),
            (second, 2),
            (first, 3),
        ]
        assert [tuple(r) for r in events] == [(second, 1), (first, 1)]
        async with db.engine.begin() as conn:
            await conn.run_sync(_to("0017", down=True))
            assert "number" not in await conn.run_sync(_columns, "lessons")
            assert "number" not in await conn.run_sync(_columns, "branch_events")
            # Nothing else went with them (no table was copied and dropped).
            assert await conn.run_sync(_count, "lessons") == 5
            assert await conn.run_sync(_count, "deliveries") == 5
            assert await conn.run_sync(_count, "event_replies") == 2
    finally:
        await db.dispose()
