"""Flood control for what Telegram limits: messages, not reads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import AIORateLimiter

# Telegram's 30/s and 20/min-per-group limits are on messages. AIORateLimiter would also queue
# getChatMember, answerCallbackQuery… behind a group's 20/min budget, stalling /start and buttons.
_LIMITED_PREFIXES = ("send", "edit", "copy", "forward")


# A smooth 29.5 messages/s with no burst: aiolimiter's bucket would otherwise let up to twice the
# rate through around a second's edge, and each 429 then pauses every request for a second.
OVERALL_INTERVAL = 1 / 29.5
# Paid broadcasts (issue 11): Telegram allows up to 1000 messages a second with
# allow_paid_broadcast; kept just under so a 1-second window never holds more than 1000.
PAID_INTERVAL = 1 / 990
# Answers to button presses at most this many at a time. A burst of presses otherwise opens
# dozens of connections at once, and httpx then checks every idle connection on every request:
# measured with 300 presses in a second, that check was a third of the bot's time.
ANSWER_CONCURRENCY = 4


class MessageRateLimiter(AIORateLimiter):
    def __init__(self, max_retries: int = 2, *, paid: bool = False) -> None:
        super().__init__(
            overall_max_rate=1,
            overall_time_period=PAID_INTERVAL if paid else OVERALL_INTERVAL,
            max_retries=max_retries,
        )
        self._answers = asyncio.Semaphore(ANSWER_CONCURRENCY)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint == "answerCallbackQuery":
            async with self._answers:
                return await callback(*args, **kwargs)
        if not endpoint.startswith(_LIMITED_PREFIXES):
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
