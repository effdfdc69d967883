"""The send window: Telegram counts a message when it arrives, so no window of `span` seconds
may hold more than `limit` arrivals, however late the answers or the event loop are."""

from __future__ import annotations

import asyncio
import contextlib
import random

from bot.telegram.rate_limit import SendWindow

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


async def test_a_send_cancelled_while_waiting_gives_back_only_what_it_took() -> None:
    from bot.telegram.rate_limit import FREE_PER_SECOND, MessageRateLimiter

    limiter = MessageRateLimiter()
    await limiter.initialize()
    gate = asyncio.Event()

    async def answer(*_: object) -> bool:
        await gate.wait()
        return True

    def send(chat_id: int) -> asyncio.Task[object]:
        data = {"chat_id": chat_id}
        return asyncio.create_task(
            limiter.process_request(answer, (), {}, "sendMessage", data, None)
        )

    # The overall window is full of private sends waiting for their answers ...
    private = [send(1000 + i) for i in range(FREE_PER_SECOND)]
    await asyncio.sleep(0.01)
    group = send(-1001)  # ... so a group send takes the group's window and waits for the rest
    await asyncio.sleep(0.01)
    group.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await group
    window = limiter._group(-1001)
    assert window._in_flight == 0  # nothing left taken: the group is not slowed for good
    gate.set()
    await asyncio.gather(*private)
    await limiter.shutdown()
