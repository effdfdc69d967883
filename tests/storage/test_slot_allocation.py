"""Slot allocation under concurrency, on real SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.config import ScheduleSettings
from bot.groups.groups import GroupService
from bot.groups.rights import Rights
from bot.lessons.lessons import LessonService
from storage.db import Database
from storage.repositories import UserInfo
from tests.support.members_day import REPORT


@pytest.mark.both_stores
async def test_uploads_arriving_together_each_get_a_slot_of_their_own(
    db: Database, clock: FakeClock, ogg: Path, tmp_path: Path
) -> None:
    groups = GroupService(db, clock, ScheduleSettings())
    bound = await groups.bind(-100, "支部", "supergroup", None, UserInfo(10, "王书记"), "creator")

    async def no_admins(chat_id: int) -> dict[int, str]:
        return {}  # creating lessons asks nobody's rights

    lessons = LessonService(db, clock, tmp_path, Rights(no_admins, clock))

    async def upload(i: int) -> object:
        incoming = tmp_path / f"incoming-{i}.ogg"
        shutil.copy(ogg, incoming)
        view = await lessons.create(
            group_id=bound.group_id,
            author_id=10,
            title=f"第{i}课",
            report=REPORT,
            processed=incoming,
            original=None,
            source_file_unique_id=None,
        )
        return view.slot_at

    slots = await asyncio.gather(*(upload(i) for i in range(8)))
    assert len(set(slots)) == len(slots), sorted(map(str, slots))
