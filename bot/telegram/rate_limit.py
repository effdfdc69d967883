"""Flood control for what Telegram limits: messages, not reads."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.send_once import retry_seconds

log = logging.getLogger(__name__)

# Telegram's 30/s and 20/min-per-group limits are on messages. Limiting reads as well would queue
# getChatMember, answerCallbackQuery… behind a group's 20/min budget, stalling /start and buttons.
_LIMITED_PREFIXES = ("send", "edit", "copy", "forward")

FREE_PER_SECOND = 30
# Paid broadcasts: Telegram allows up to 1000 messages a second with
# allow_paid_broadcast, each paid in Stars.
PAID_PER_SECOND = 1000
GROUP_PER_MINUTE = 20
# Sends may start this many intervals early to catch up after the event loop was late: the
# window below still holds, so a late loop never turns into 429s, nor into a slower rate.
CATCH_UP = 4
# Answers to button presses at most this many at a time. A burst of presses otherwise opens
# dozens of connections at once (measured with 300 presses in a second through httpx, checking
# every idle connection on each request was a third of the bot's time).
ANSWER_CONCURRENCY = 4


class SendWindow:
    """At most `limit` sends in any `span` seconds *as Telegram counts them*, paced evenly.

    Telegram counts a message when it arrives, somewhere between our request going out and its
    answer coming back, so a limiter that paces only the departures lets jitter bunch arrivals
    into one window (each 429 then stops every send for a second). Here a send may start only
    once the send `limit` places earlier has been answered `span` seconds ago: then no window
    of `span` seconds can hold more than `limit` arrivals, however the network or the event
    loop jitters. The cost is one answer's latency per `span`, not a safety margin on the rate.
    """

    def __init__(
        self, limit: int, span: float, clock: Callable[[], float], *, paced: bool = True
    ) -> None:
        self.limit = limit
        self.span = span
        self._interval = span / limit if paced else 0.0
        self._clock = clock
        self._answered: deque[float] = deque()  # answer times within the last span
        self._in_flight = 0
        self._next_start = 0.0
        self._turn = asyncio.Lock()  # first come, first served
        self._freed = asyncio.Event()

    def resize(self, limit: int) -> None:
        self.limit = limit
        self._interval = self.span / limit if self._interval else 0.0

    @property
    def idle(self) -> bool:
        self._forget(self._clock())  # answers older than the span hold nothing back
        return not self._in_flight and not self._answered and not self._turn.locked()

    def _forget(self, now: float) -> None:
        while self._answered and self._answered[0] <= now - self.span:
            self._answered.popleft()

    async def acquire(self) -> None:
        async with self._turn:
            while True:
                now = self._clock()
                self._forget(now)
                if self._in_flight + len(self._answered) < self.limit:
                    wait = self._next_start - now
                    if wait <= 0:
                        break
                elif self._answered:
                    wait = self._answered[0] + self.span - now
                else:
                    # Every slot is a send still waiting for its answer.
                    self._freed.clear()
                    await self._freed.wait()
                    continue
                await asyncio.sleep(wait)
            self._in_flight += 1
            start = max(self._next_start, now - CATCH_UP * self._interval)
            self._next_start = start + self._interval

    def release(self) -> None:
        self._in_flight -= 1
        self._answered.append(self._clock())
        self._freed.set()


class MessageRateLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits for messages: 30 a second overall (1000 with
    allow_paid_broadcast), 20 a minute per group; a 429 pauses every send as long as asked and
    the send is tried again, up to `max_retries` times."""

    def __init__(self, max_retries: int = 2) -> None:
        self._max_retries = max_retries
        self._share = 1
        self._windows: dict[bool, SendWindow] = {}
        self._groups: dict[int | str, SendWindow] = {}
        self._not_paused = asyncio.Event()
        self._not_paused.set()
        self._answers = asyncio.Semaphore(ANSWER_CONCURRENCY)

    async def initialize(self) -> None:
        """Nothing to set up: windows are made on first use, inside the running loop."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def share_with(self, instances: int) -> None:
        """Several instances send for one bot (one PostgreSQL): Telegram's limits are
        the bot's, so each instance keeps to its part of the overall rate."""
        self._share = max(1, instances)
        for paid, window in self._windows.items():
            window.resize(self._overall_limit(paid))

    def _overall_limit(self, paid: bool) -> int:
        return max(1, (PAID_PER_SECOND if paid else FREE_PER_SECOND) // self._share)

    def _clock(self) -> float:
        return asyncio.get_running_loop().time()

    def _overall(self, paid: bool) -> SendWindow:
        window = self._windows.get(paid)
        if window is None:
            window = SendWindow(self._overall_limit(paid), 1.0, self._clock)
            self._windows[paid] = window
        return window

    def _group(self, chat_id: int | str) -> SendWindow:
        window = self._groups.get(chat_id)
        if window is None:
            if len(self._groups) > 512:
                # Forget groups with nothing in their window; a busy one keeps its history.
                self._groups = {k: w for k, w in self._groups.items() if not w.idle}
            window = SendWindow(GROUP_PER_MINUTE, 60.0, self._clock, paced=False)
            self._groups[chat_id] = window
        return window

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
        chat_id = data.get("chat_id")
        windows = [self._overall(bool(data.get("allow_paid_broadcast")))]
        # Negative ids and @usernames are groups and channels: 20 a minute each.
        if isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0):
            windows.insert(0, self._group(chat_id))
        retries = rate_limit_args or self._max_retries
        for attempt in range(retries + 1):
            await self._not_paused.wait()
            taken: list[SendWindow] = []
            try:
                for window in windows:
                    await window.acquire()
                    taken.append(window)  # a send cancelled while waiting releases only these
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                await self._pause(exc)
            finally:
                for window in taken:
                    window.release()
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _pause(self, exc: RetryAfter) -> None:
        seconds = retry_seconds(exc)
        log.info("Telegram asked to wait %.1f s before the next message", seconds)
        # Every message waits, not only this one: Telegram refuses the others too meanwhile.
        self._not_paused.clear()
        try:
            await asyncio.sleep(seconds + 0.1)
        finally:
            self._not_paused.set()
