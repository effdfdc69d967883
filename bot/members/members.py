"""Members: starting the bot, private-push subscriptions, reachability."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock
from bot.members.claims import link_by_telegram
from storage.db import Database
from storage.models import Member
from storage.repositories import UserInfo as UserInfo  # the handlers' view of a person
from storage.repositories import groups_of_member, upsert_member


@dataclass(frozen=True)
class StartResult:
    subscribed: bool
    group_titles: list[str]
    # Said /stop earlier and came back through a lesson's link: pushes stay off.
    stopped: bool = False
    # The first /start that is not a lesson's link: the full greeting, given only this once.
    greet: bool = False


class MemberService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def start(self, user: UserInfo, *, lesson_link: bool = False) -> StartResult:
        """The user opened the private chat: reachable again, subscribed if in a bound group.

        A lesson's link (`/start l<N>`) does not undo a /stop; only a plain /start does.
        The full greeting is due once, on the first start that is not a lesson's link.
        """
        now = self._clock.now()
        async with self._db.transaction() as s:
            member = await upsert_member(s, user, now)
            member.started = True
            member.reachable = True
            member.unreachable_reason = None
            groups = await groups_of_member(s, user.user_id)
            for group in groups:  # named in a roster's Telegram column: linked on /start
                await link_by_telegram(s, group.id, user.user_id, user.username, now)
            stopped = member.stopped_at is not None
            if lesson_link and stopped:
                return StartResult(False, [group.title for group in groups], stopped=True)
            greet = not lesson_link and member.greeted_at is None
            if greet:
                member.greeted_at = now
            if groups:
                member.subscribed = True
                member.stopped_at = None
            return StartResult(member.subscribed, [group.title for group in groups], greet=greet)

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
            member.stopped_at = self._clock.now()
            return was

    async def mark_unreachable(self, user_id: int, reason: str) -> None:
        async with self._db.transaction() as s:
            member = await s.get(Member, user_id)
            if member is not None:
                member.reachable = False
                member.unreachable_reason = reason
                member.updated_at = self._clock.now()

    async def language(self, user_id: int) -> str | None:
        async with self._db.reading() as s:
            member = await s.get(Member, user_id)
            return member.language_code if member else None
