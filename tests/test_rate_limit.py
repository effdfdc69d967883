"""The send window: Telegram counts a message when it arrives, so no window of `span` seconds
may hold more than `limit` arrivals, however late the answers or the event loop are."""

from __future__ import annotations

import asyncio
import random

from bot.rate_limit import SendWindow

LIMIT, SPAN = 5, 0.2


async def test_no_span_holds_more_than_the_limit_of_arrivals_whatever_the_latency() -> None:
    loop = asyncio.get_running_loop()
    window = SendWindow(LIMIT, SPAN, loop.time)
    arrivals: list[float] = []
    jitter = random.Random(11)

    async def send() -> None:
        await window.acquire()
        try:
            # The request travels, arrives, and its answer travels back: both legs vary.
            await asyncio.sleep(jitter.uniform(0, 0.03))
            arrivals.append(loop.time())
            await asyncio.sleep(jitter.uniform(0, 0.03))
        finally:
            window.release()

    await asyncio.gather(*(send() for _ in range(4 * LIMIT)))
    arrivals.sort()
    for i in range(len(arrivals) - LIMIT):
        # The arrival LIMIT places later falls outside this one's window.
        assert arrivals[i + LIMIT] - arrivals[i] >= SPAN
