"""Asking Telegram whether someone is in the bound groups, when the database does not know."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.core.vocabulary import PRESENT_STATUSES, PresenceSource
from bot.groups.groups import GroupService
from storage.repositories import UserInfo

# (chat_id, user_id) -> the person's status there ("left" when Telegram cannot say).
StatusFetch = Callable[[int, int], Awaitable[str]]

ASK_AGAIN_AFTER = timedelta(minutes=10)
REMEMBERED = 10_000  # people whose last probe is remembered; the oldest are forgotten first


class PresenceProbe:
    """One round of getChatMember per person per ASK_AGAIN_AFTER, whatever they send.

    A stranger who sends /start or a file a hundred times costs one call per bound group, not
    a hundred: getChatMember counts against each group's 20 requests a minute.
    """

    def __init__(self, groups: GroupService, clock: Clock) -> None:
        self._groups = groups
        self._clock = clock
        self._asked: OrderedDict[int, datetime] = OrderedDict()
        # (chat_id, user_id) -> whether Telegram said they are in that group, and when.
        self._answers: OrderedDict[tuple[int, int], tuple[bool, datetime]] = OrderedDict()
        self._asking: dict[tuple[int, int], asyncio.Future[bool]] = {}

    async def probe(self, user: UserInfo, fetch: StatusFetch) -> bool:
        """Record the person's status in each bound group; False if asked too recently."""
        now = self._clock.now()
        last = self._asked.get(user.user_id)
        if last is not None and now - last < ASK_AGAIN_AFTER:
            return False
        self._asked[user.user_id] = now
        self._asked.move_to_end(user.user_id)
        while len(self._asked) > REMEMBERED:
            self._asked.popitem(last=False)
        for group in await self._groups.bound():
            status = await fetch(group.chat_id, user.user_id)
            if status in PRESENT_STATUSES:
                await self._groups.record_presence(
                    group.chat_id, user, status, PresenceSource.GET_CHAT_MEMBER
                )
        return True

    async def in_group(self, chat_id: int, user: UserInfo, fetch: StatusFetch) -> bool:
        """Whether someone the database does not know in this group is in it, asked once.

        Telegram's answer is kept for ASK_AGAIN_AFTER, a stranger pressing again costs no
        call; someone who is in the group is recorded as present, so the database knows them
        from then on and their presses cost no call at all.
        """
        now = self._clock.now()
        key = (chat_id, user.user_id)
        cached = self._answers.get(key)
        if cached is not None and now - cached[1] < ASK_AGAIN_AFTER:
            return cached[0]
        # Updates are handled concurrently: two answers at once share one call, and neither
        # goes on before the presence is recorded (its retry would find nobody otherwise).
        running = self._asking.get(key)
        if running is not None:
            return await asyncio.shield(running)
        task = asyncio.ensure_future(self._ask(key, user, fetch, now))
        self._asking[key] = task  # _ask forgets it when done
        return await asyncio.shield(task)

    async def _ask(
        self, key: tuple[int, int], user: UserInfo, fetch: StatusFetch, now: datetime
    ) -> bool:
        try:
            status = await fetch(key[0], user.user_id)
            present = status in PRESENT_STATUSES
            if present:
                await self._groups.record_presence(
                    key[0], user, status, PresenceSource.GET_CHAT_MEMBER
                )
            self._answers[key] = (present, now)
            self._answers.move_to_end(key)
            while len(self._answers) > REMEMBERED:
                self._answers.popitem(last=False)
            return present
        finally:
            self._asking.pop(key, None)
