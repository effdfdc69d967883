"""What an operator watches: Telegram calls by outcome, flood refusals, how fast presses are
answered, the delivery queue, the audio pool, the last broadcast's length, and whether
Telegram answered lately (the health check and the metrics page, web/health.py).

The calls are counted where every one of them passes, the request object (`MeteredRequest`
wraps the aiohttp or httpx one), so no sender has to remember to count. Each bot has its own
registry: several bots in one process (the tests) never mix their figures.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Methods that deliver something to a chat: counted by outcome.
SEND_PREFIXES = ("send", "copy", "forward")
# Presses whose answer is awaited are forgotten after this many (a press nobody answers).
PRESSES_KEPT = 10_000


def outcome_of(status: int) -> str:
    """An HTTP status as the outcome a Telegram method had."""
    if 200 <= status < 300:
        return "ok"
    return {400: "bad_request", 403: "forbidden", 429: "flood"}.get(
        status, "server_error" if status >= 500 else f"http_{status}"
    )


class Metrics:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.registry = CollectorRegistry(auto_describe=True)
        self.calls = Counter(
            "microlesson_telegram_calls",
            "Bot API calls by method and outcome",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.sends = Counter(
            "microlesson_sends",
            "Messages sent to a chat (send*, copy*, forward*) by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.floods = Counter(
            "microlesson_flood_refusals",
            "Telegram's 429 answers (flood control)",
            registry=self.registry,
        )
        self.press_latency = Histogram(
            "microlesson_press_answer_seconds",
            "From a button press arriving to its answer going out",
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0),
            registry=self.registry,
        )
        self.delivery_queue = Gauge(
            "microlesson_delivery_queue",
            "Private and group copies not yet settled (pending or in flight)",
            registry=self.registry,
        )
        self.audio_queued = Gauge(
            "microlesson_audio_jobs_queued",
            "Recordings waiting for the audio pool",
            registry=self.registry,
        )
        self.audio_running = Gauge(
            "microlesson_audio_jobs_running",
            "Audio jobs in the pool now",
            registry=self.registry,
        )
        self.last_broadcast = Gauge(
            "microlesson_last_broadcast_seconds",
            "From the last sent lesson's slot to its last copy delivered",
            registry=self.registry,
        )
        self._presses: OrderedDict[str, float] = OrderedDict()
        self.last_ok: float | None = None  # when Telegram last answered a call with success

    def press_arrived(self, query_id: str) -> None:
        self._presses[query_id] = self._clock()
        while len(self._presses) > PRESSES_KEPT:
            self._presses.popitem(last=False)

    def seconds_since_ok(self) -> float | None:
        return None if self.last_ok is None else self._clock() - self.last_ok

    def observe(self, method: str, status: int | None, press: str | None = None) -> None:
        """One call's answer (None: no answer came, a network error or a timeout)."""
        outcome = "network" if status is None else outcome_of(status)
        self.calls.labels(method, outcome).inc()
        if method.lower().startswith(SEND_PREFIXES):
            self.sends.labels(outcome).inc()
        if status == 429:
            self.floods.inc()
        if status is not None and 200 <= status < 300:
            self.last_ok = self._clock()
            if method == "answerCallbackQuery":
                arrived = self._presses.pop(press or "", None)
                if arrived is not None:
                    self.press_latency.observe(self._clock() - arrived)


class MeteredRequest(BaseRequest):
    """The bot's request object with every call's outcome counted."""

    def __init__(self, inner: BaseRequest, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        # Only a press's answer needs its parameters (RequestData builds them anew each time).
        press = None
        if api_method == "answerCallbackQuery" and request_data is not None:
            press = str(request_data.parameters.get("callback_query_id", ""))
        try:
            status, body = await self._inner.do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except (NetworkError, TimedOut):
            self._metrics.observe(api_method, None, press)
            raise
        self._metrics.observe(api_method, status, press)
        return status, body
