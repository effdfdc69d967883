"""What every part of the activity-day service shares: lookups, rights, time windows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.branch_life.events.views import EventView, event_view
from bot.branch_life.signin_codes import SigninCodes
from bot.core.clock import Clock
from bot.core.config import BranchLifeSettings
from bot.core.errors import DomainError
from bot.core.vocabulary import PRESENT_STATUSES
from bot.groups.rights import Rights
from bot.lessons.lessons import LessonService
from storage.db import Database
from storage.models import (
    BranchEvent,
    Group,
    Membership,
)


class EventBase:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rights: Rights,
        lessons: LessonService,
        settings: BranchLifeSettings,
        codes: SigninCodes,
    ) -> None:
        self._db = db
        self._clock = clock
        self._rights = rights
        self._lessons = lessons
        self._settings = settings
        self.codes = codes

    async def get(self, event_id: int) -> EventView | None:
        async with self._db.reading() as s:
            row = (
                await s.execute(
                    select(BranchEvent, Group)
                    .join(Group, Group.id == BranchEvent.group_id)
                    .where(BranchEvent.id == event_id)
                )
            ).first()
            return None if row is None else event_view(*row)

    async def authorize(self, actor_id: int, event_id: int) -> EventView:
        view = await self.get(event_id)
        if view is None:
            raise DomainError("event.not_found", n=event_id)
        if not await self._rights.is_admin(view.group_chat_id, actor_id):
            raise DomainError("event.not_yours", n=view.number)
        return view

    def signin_open(self, view: EventView, moment: datetime) -> bool:
        opens = view.starts_at - timedelta(minutes=self._settings.signin_open_minutes)
        closes = view.starts_at + timedelta(minutes=self._settings.signin_close_minutes)
        return opens <= moment <= closes

    def editable_until(self, view: EventView) -> datetime:
        return view.starts_at + timedelta(days=self._settings.record_edit_days)


async def is_present(s: AsyncSession, group_id: int, user_id: int) -> bool:
    found = await s.scalar(
        select(Membership.user_id).where(
            Membership.group_id == group_id,
            Membership.user_id == user_id,
            Membership.status.in_(PRESENT_STATUSES),
        )
    )
    return found is not None
