"""Pure reads run in read-only transactions: on SQLite they never wait for the write lock, on
PostgreSQL a write inside one is refused."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from bot.core.calendar import OfficialCalendar
from bot.core.clock import FakeClock
from bot.core.config import ScheduleSettings
from bot.delivery.deliveries import DeliveryService
from bot.groups.groups import GroupService
from bot.groups.rights import Rights
from bot.lessons.lessons import LessonService
from storage.db import Database
from storage.models import Group
from tests.conftest import pg_schema, require_postgres

# Far below SQLite's busy timeout (30 s): a read that waits for the writer fails here at once.
WAIT_SECONDS = 3.0
NOW = datetime(2026, 3, 2, tzinfo=UTC)


async def _no_admins(_chat_id: int) -> dict[int, str]:
    return {}


def _reads(db: Database, tmp_path: Path) -> dict[str, Callable[[], Awaitable[object]]]:
    clock = FakeClock(NOW)
    groups = GroupService(db, clock, ScheduleSettings())
    rights = Rights(_no_admins, clock)
    lessons = LessonService(db, clock, tmp_path, rights, OfficialCalendar())
    deliveries = DeliveryService(db, clock)
    return {
        "recorded_admins": lambda: groups.recorded_admins(-100),
        "groups.get": lambda: groups.get(-100),
        "lessons.info": lambda: lessons.info(1),
        "voice_file_id": lambda: deliveries.voice_file_id(1),
        "lessons_to_arm": deliveries.lessons_to_arm,
        "lesson_slot": lambda: deliveries.lesson_slot(1),
    }


async def test_pure_reads_do_not_wait_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "reads.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await db.migrate()
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another writer holds the lock, as a batch of presses
        for name, read in _reads(db, tmp_path).items():
            try:
                await asyncio.wait_for(read(), WAIT_SECONDS)
            except TimeoutError:
                pytest.fail(f"{name} waited for SQLite's write lock")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        await db.dispose()


@pytest.mark.postgres
async def test_a_write_inside_a_read_only_transaction_is_refused_on_postgresql() -> None:
    async with pg_schema(require_postgres()) as url:
        db = Database(url)
        try:
            await db.migrate()
            with pytest.raises(DBAPIError, match="read-only"):
                async with db.reading() as s:
                    await s.execute(
                        insert(Group).values(
                            chat_id=-1,
                            title="x",
                            timezone="Asia/Shanghai",
                            broadcast_time="07:30",
                            weekdays="mon",
                            reminder_time="20:00",
                            created_at=NOW,
                            updated_at=NOW,
                        )
                    )
        finally:
            await db.dispose()
