"""`microlesson copy-db`: a populated SQLite database moves to PostgreSQL with equal counts."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from benchmarks.support import ROOT, seed_database
from bot.core.clock import FakeClock
from bot.delivery.deliveries import DeliveryService
from storage.db import Database
from storage.models import Alert, Base, ExtraDay, Group, Listen, SkipDay
from tests.conftest import pg_schema, require_postgres
from tests.support.harness import ADMIN, MEMBER

NOW = datetime(2026, 3, 2, tzinfo=UTC)
pytestmark = pytest.mark.postgres


async def _populated_sqlite(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    await seed_database(url, tmp_path / "lesson.ogg", 40, NOW)
    db = Database(url)
    try:
        assert await DeliveryService(db, FakeClock(NOW)).begin(1) is not None  # 41 ledger rows
        async with db.transaction() as s:
            s.add(SkipDay(group_id=1, day=date(2026, 5, 1), created_by=ADMIN, created_at=NOW))
            s.add(ExtraDay(group_id=1, day=date(2026, 5, 9), created_by=ADMIN, created_at=NOW))
            s.add(Alert(group_id=1, kind="empty_slot", key="2026-03-03", created_at=NOW))
            for uid in range(MEMBER, MEMBER + 12):
                s.add(Listen(lesson_id=1, user_id=uid, source="button", created_at=NOW))
    finally:
        await db.dispose()
    return url


async def _counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.transaction() as s:
            return {
                t.name: int(await s.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
            }
    finally:
        await db.dispose()


async def _copy(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.app.cli",
        "copy-db",
        *args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_copy_db_moves_sqlite_to_postgresql_with_equal_counts(tmp_path: Path) -> None:
    # An empty schema of its own: copy-db migrates it first.
    async with pg_schema(require_postgres()) as url:
        source = await _populated_sqlite(tmp_path)
        code, out, err = await _copy("--from", source, "--to", url)
        assert code == 0, err
        expected = await _counts(source)
        assert expected["deliveries"] == 42 and expected["listens"] == 12  # 40 + secretary + group
        assert await _counts(url) == expected
        assert out.strip().endswith(
            f"copied {sum(expected.values())} rows; every table's count matches"
        )
        # Ids continue after the copied ones (the sequences were moved on).
        db = Database(url)
        try:
            async with db.transaction() as s:
                group = Group(
                    chat_id=-2002,
                    title="第二党支部",
                    chat_type="supergroup",
                    timezone="Asia/Shanghai",
                    broadcast_time="07:30",
                    weekdays="workdays",
                    reminder_time="20:00",
                    created_at=NOW,
                    updated_at=NOW,
                )
                s.add(group)
                await s.flush()
                assert group.id == 2
                lesson = await s.get(Group, 1)
                assert lesson is not None and lesson.bound_at == NOW  # aware UTC survives
        finally:
            await db.dispose()

        # A target with rows is refused (one sentence), unless told to replace them.
        code, _, err = await _copy("--from", source, "--to", url)
        assert code == 1 and "already holds rows" in err and "--replace" in err
        assert len(err.strip().splitlines()) == 1
        code, _, err = await _copy("--from", source, "--to", url, "--replace")
        assert code == 0, err
        assert await _counts(url) == expected
