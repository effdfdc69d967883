"""Storage on real SQLite (and PostgreSQL where marked both_stores): migrations, UTC round trips,
upserts, constraints."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.clock import FakeClock
from bot.core.vocabulary import PresenceSource
from storage.db import Database
from storage.models import Base, Delivery, Group, Lesson, Member, Membership
from storage.repositories import UserInfo, upsert_member, upsert_membership

EXPECTED_TABLES = {
    "groups",
    "members",
    "memberships",
    "lessons",
    "deliveries",
    "listens",
    "notes",
    "points",
    "skip_days",
    "alerts",
    "leaves",
    "reminders",
    "alembic_version",
}


def _schema_drift(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, Base.metadata))


def _group(now: datetime, chat_id: int = -100) -> Group:
    return Group(
        chat_id=chat_id,
        title="党支部",
        timezone="Asia/Shanghai",
        broadcast_time="07:30",
        weekdays="mon,tue,wed,thu,fri",
        reminder_time="20:00",
        created_at=now,
        updated_at=now,
    )


@pytest.mark.both_stores
async def test_migrations_create_every_table_and_are_idempotent(db: Database) -> None:
    await db.migrate()  # second run is a no-op
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert tables >= EXPECTED_TABLES


@pytest.mark.both_stores
async def test_migrations_build_exactly_the_schema_the_models_describe(db: Database) -> None:
    async with db.engine.connect() as conn:
        drift = await conn.run_sync(_schema_drift)
    assert drift == []


@pytest.mark.both_stores
async def test_datetimes_come_back_aware_utc(db: Database, clock: FakeClock) -> None:
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2026, 3, 2, 7, 30, tzinfo=shanghai)
    async with db.transaction() as s:
        group = _group(clock.now())
        group.bound_at = moment
        s.add(group)
    async with db.transaction() as s:
        stored = (await s.execute(select(Group))).scalar_one()
    assert stored.bound_at == moment
    assert stored.bound_at is not None and stored.bound_at.utcoffset() == timedelta(0)
    assert stored.bound_at.hour == 23


@pytest.mark.both_stores
async def test_upsert_member_refreshes_names_without_duplicates(
    db: Database, clock: FakeClock
) -> None:
    async with db.transaction() as s:
        await upsert_member(s, UserInfo(7, "王", language_code="zh-hans"), clock.now())
    async with db.transaction() as s:
        await upsert_member(s, UserInfo(7, "王芳", language_code="en"), clock.now())
    async with db.transaction() as s:
        members = list((await s.execute(select(Member))).scalars())
    assert [(m.user_id, m.first_name, m.language_code) for m in members] == [(7, "王芳", "en")]


@pytest.mark.both_stores
async def test_activity_does_not_demote_a_known_admin(db: Database, clock: FakeClock) -> None:
    async with db.transaction() as s:
        group = _group(clock.now())
        s.add(group)
        await s.flush()
        await upsert_member(s, UserInfo(7, "王"), clock.now())
        await upsert_membership(s, group.id, 7, "administrator", PresenceSource.BIND, clock.now())
    async with db.transaction() as s:
        await upsert_membership(s, group.id, 7, "member", PresenceSource.ACTIVITY, clock.now())
        await upsert_membership(s, group.id, 7, "member", PresenceSource.ACTIVITY, clock.now())
    async with db.transaction() as s:
        row = (await s.execute(select(Membership))).scalar_one()
    assert row.status == "administrator"


@pytest.mark.both_stores
async def test_one_delivery_per_lesson_and_chat(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    async with db.transaction() as s:
        group = _group(now)
        s.add(group)
        await s.flush()
        lesson = Lesson(
            group_id=group.id,
            number=1,
            author_id=1,
            title="t",
            audio_path="a.ogg",
            duration_in=1,
            duration_out=1,
            lufs_in=-20,
            lufs_out=-16,
            created_at=now,
            updated_at=now,
        )
        s.add(lesson)
        await s.flush()
        s.add(
            Delivery(
                lesson_id=lesson.id,
                chat_id=5,
                kind="private",
                user_id=5,
                created_at=now,
                updated_at=now,
            )
        )
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            s.add(
                Delivery(
                    lesson_id=lesson.id,
                    chat_id=5,
                    kind="private",
                    user_id=5,
                    created_at=now,
                    updated_at=now,
                )
            )
    async with db.transaction() as s:
        count = (await s.execute(text("SELECT count(*) FROM deliveries"))).scalar_one()
    assert count == 1


@pytest.mark.both_stores
async def test_foreign_keys_are_enforced(db: Database, clock: FakeClock) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            s.add(
                Membership(
                    group_id=999, user_id=999, status="member", source="x", updated_at=clock.now()
                )
            )


@pytest.mark.both_stores
async def test_a_failed_transaction_stores_nothing(db: Database, clock: FakeClock) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as s:
            s.add(_group(clock.now()))
            await s.flush()
            raise RuntimeError("crash half-way")
    async with db.transaction() as s:
        assert (await s.execute(select(Group))).first() is None


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with db.transaction() as s:
            s.add(_group(datetime(2026, 1, 1)))  # noqa: DTZ001 - the point of the test


async def test_a_reader_never_waits_for_a_write_in_progress(db: Database, clock: FakeClock) -> None:
    # SQLite only (the default store): PostgreSQL readers never wait for writers.
    assert db.is_sqlite
    writing, release = threading.Event(), threading.Event()

    def hold_the_write_lock(s: Session) -> None:
        s.add(_group(clock.now()))
        s.flush()
        writing.set()
        release.wait(10)

    writer = asyncio.ensure_future(db.run_in_transaction(hold_the_write_lock))
    try:
        assert await asyncio.to_thread(writing.wait, 10)

        async def read() -> int:
            async with db.reading() as s:
                return int(await s.scalar(select(func.count()).select_from(Group)) or 0)

        assert await asyncio.wait_for(read(), timeout=5) == 0  # the write is not committed yet
    finally:
        release.set()
        await writer
    async with db.reading() as s:
        assert await s.scalar(select(func.count()).select_from(Group)) == 1
