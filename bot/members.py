"""Members: starting the bot, private-push subscriptions, reachability."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from storage.db import Database
from storage.models import Member
from storage.repositories import UserInfo, groups_of_member, upsert_member


@dataclass(frozen=True)
class StartResult:
    subscribed: bool
    group_titles: list[str]


class MemberService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def start(self, user: UserInfo) -> StartResult:
        """The user opened the private chat: reachable again, subscribed if in a bound group."""
        now = self._clock.now()
        async with self._db.transaction() as s:
            member = await upsert_member(s, user, now)
            member.started = True
            member.reachable = True
            member.unreachable_reason = None
            groups = await groups_of_member(s, user.user_id)
            if groups:
                member.subscribed = True
            return StartResult(member.subscribed, [g.title for g in groups])

    async def touch(self, user: UserInfo) -> None:
        """Remember the person's name and language."""
        async with self._db.transaction() as s:
            await upsert_member(s, user, self._clock.now())

    async def stop(self, user: UserInfo) -> bool:
        """Turn private pushes off; False if they were not on."""
        async with self._db.transaction() as s:
            member = await upsert_member(s, user, self._clock.now())
            was = member.subscribed
            member.subscribed = False
            return was

    async def mark_unreachable(self, user_id: int, reason: str) -> None:
        async with self._db.transaction() as s:
            member = await s.get(Member, user_id)
            if member is not None:
                member.reachable = False
                member.unreachable_reason = reason
                member.updated_at = self._clock.now()

    async def language(self, user_id: int) -> str | None:
        async with self._db.transaction() as s:
            member = await s.get(Member, user_id)
            return member.language_code if member else None
