"""The activity days a secretary's 「活动」 key lists: the group's coming ones, and those of
the last days whose 纪实表 may still be written."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.branch_life.events.views import EventView, event_view
from storage.db import Database
from storage.models import BranchEvent, Group

# An activity day stays on the list a while after it began: its 纪实表 is written afterwards.
RECENT = timedelta(days=7)


async def upcoming_events(
    db: Database, group_id: int, now: datetime, limit: int = 5
) -> list[EventView]:
    """The group's activity days from a week ago on, soonest first."""
    async with db.reading() as s:
        rows = await s.execute(
            select(BranchEvent, Group)
            .join(Group, Group.id == BranchEvent.group_id)
            .where(BranchEvent.group_id == group_id, BranchEvent.starts_at >= now - RECENT)
            .order_by(BranchEvent.starts_at, BranchEvent.id)
            .limit(limit)
        )
        return [event_view(event, group) for event, group in rows.all()]
