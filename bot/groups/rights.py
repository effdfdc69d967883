"""Who runs a group right now: Telegram's list of its admins, trusted for a short while."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.core.errors import DomainError

log = logging.getLogger(__name__)

# chat_id -> {user_id: "creator" | "administrator"}. When Telegram refuses to say (the bot is no
# longer in the group) the fetch decides the answer; raises TelegramUnreachable when Telegram
# cannot be asked at all.
AdminsFetch = Callable[[int], Awaitable[Mapping[int, str]]]

DEFAULT_TTL = timedelta(seconds=60)
REMEMBERED = 10_000  # groups whose admin list is kept; the oldest are forgotten first


class TelegramUnreachable(Exception):
    """Telegram could not be asked (network error, timeout, flood wait)."""


class RightsUnavailable(DomainError):
    """Refused because Telegram could not confirm the rights; an expired answer is not trusted."""

    def __init__(self) -> None:
        super().__init__("rights.unavailable")


@dataclass(frozen=True)
class _Answer:
    admins: Mapping[int, str]
    asked_at: datetime


class Rights:
    """The one rule for "may this person run this group?": what Telegram says, at most `ttl` old.

    One getChatAdministrators per group per `ttl`, shared by everyone in it, so a member
    pressing an admin button a hundred times costs the group nothing more. A promotion,
    demotion or leave that the bot hears about drops the group's answer at once.
    """

    def __init__(self, fetch: AdminsFetch, clock: Clock, ttl: timedelta = DEFAULT_TTL) -> None:
        self._fetch = fetch
        self._clock = clock
        self._ttl = ttl
        self._answers: OrderedDict[int, _Answer] = OrderedDict()
        # One question per group in flight: callers arriving meanwhile wait for its answer.
        self._asking: dict[int, asyncio.Future[Mapping[int, str]]] = {}

    async def admins(self, chat_id: int) -> Mapping[int, str]:
        """The group's admins as Telegram listed them at most `ttl` ago."""
        answer = self._answers.get(chat_id)
        if answer is not None and self._clock.now() - answer.asked_at < self._ttl:
            return answer.admins
        asking = self._asking.get(chat_id)
        if asking is not None:
            return await asyncio.shield(asking)
        return await self._ask(chat_id)

    async def _ask(self, chat_id: int) -> Mapping[int, str]:
        future: asyncio.Future[Mapping[int, str]] = asyncio.get_running_loop().create_future()
        self._asking[chat_id] = future
        asked_at = self._clock.now()
        try:
            admins = await self._fetch(chat_id)
        except TelegramUnreachable as exc:
            log.warning("admins of chat %s could not be asked: %s", chat_id, exc)
            self._settle(chat_id, future, error=RightsUnavailable())
            raise RightsUnavailable() from exc
        except BaseException:
            self._settle(chat_id, future, error=RightsUnavailable())
            raise
        if self._asking.get(chat_id) is future:
            # Not forgotten while asking: a change heard meanwhile would make this answer old.
            self._answers[chat_id] = _Answer(dict(admins), asked_at)
            self._answers.move_to_end(chat_id)
            while len(self._answers) > REMEMBERED:
                self._answers.popitem(last=False)
        self._settle(chat_id, future, result=admins)
        return admins

    def _settle(
        self,
        chat_id: int,
        future: asyncio.Future[Mapping[int, str]],
        *,
        result: Mapping[int, str] | None = None,
        error: BaseException | None = None,
    ) -> None:
        if self._asking.get(chat_id) is future:
            del self._asking[chat_id]
        if error is not None:
            future.set_exception(error)
            future.exception()  # retrieved: nobody waiting is not an error worth a log line
        else:
            future.set_result(result or {})

    async def status(self, chat_id: int, user_id: int) -> str | None:
        """The person's admin status per Telegram ("creator", "administrator"), None if none."""
        return (await self.admins(chat_id)).get(user_id)

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        return await self.status(chat_id, user_id) is not None

    async def admin_of(self, chat_ids: Iterable[int], user_id: int) -> list[int]:
        """The chats among `chat_ids` that the person runs, in the order given."""
        return [chat_id for chat_id in chat_ids if await self.is_admin(chat_id, user_id)]

    def forget(self, *chat_ids: int) -> None:
        """Someone's rights in these groups changed (or may have): ask Telegram next time."""
        for chat_id in chat_ids:
            self._answers.pop(chat_id, None)
            # A question already on its way may be answered from before the change.
            self._asking.pop(chat_id, None)
