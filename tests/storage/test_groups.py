"""Group rows under concurrent updates (real SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.core.clock import FakeClock
from bot.core.config import ScheduleSettings
from bot.groups.groups import GroupService
from storage.db import Database
from storage.models import Group
from storage.repositories import UserInfo


@pytest.mark.both_stores
async def test_the_bot_joining_and_bind_arriving_together_make_one_group_row(
    db: Database, clock: FakeClock
) -> None:
    service = GroupService(db, clock, ScheduleSettings())
    admin = UserInfo(10, "王书记")
    chats = [-1000 - i for i in range(12)]
    await asyncio.gather(
        *(
            call
            for chat in chats
            for call in (
                service.bot_status_changed(chat, "支部", "supergroup", "administrator"),
                service.bind(chat, "支部", "supergroup", None, admin, "creator"),
            )
        )
    )
    async with db.transaction() as s:
        rows = await s.scalar(select(func.count()).select_from(Group))
        bound = await s.scalar(select(func.count()).where(Group.bound.is_(True)))
    assert rows == len(chats) and bound == len(chats)
