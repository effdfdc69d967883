"""Sliding-window flood control, approximating Telegram's (unofficial) limits."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

# Methods that put something into a chat count against the limits.
LIMITED_PREFIXES = ("send", "edit", "copy", "forward")
# Telegram's limit for sends with allow_paid_broadcast (each paid in Stars).
PAID_PER_SECOND = 1000


def is_limited(method: str) -> bool:
    # sendChatAction is free in practice; everything else that writes a message counts.
    lower = method.lower()
    return lower.startswith(LIMITED_PREFIXES) and lower != "sendchataction"


class FloodControl:
    def __init__(
        self,
        *,
        enabled: bool = False,
        global_per_second: int = 30,
        group_per_minute: int = 20,
        private_per_second: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = enabled
        self.global_per_second = global_per_second
        self.group_per_minute = group_per_minute
        self.private_per_second = private_per_second
        self._clock = clock
        self._global: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = {}
        # allow_paid_broadcast sends: up to paid_per_second, beside the free global limit.
        self.paid_per_second = PAID_PER_SECOND
        self._paid: deque[float] = deque()

    def configure(
        self,
        enabled: bool,
        *,
        global_per_second: int | None = None,
        group_per_minute: int | None = None,
        private_per_second: int | None = None,
    ) -> None:
        self.enabled = enabled
        if global_per_second is not None:
            self.global_per_second = global_per_second
        if group_per_minute is not None:
            self.group_per_minute = group_per_minute
        if private_per_second is not None:
            self.private_per_second = private_per_second
        self._global.clear()
        self._per_chat.clear()
        self._paid.clear()

    def _limits(
        self, chat_id: int | None, paid: bool = False
    ) -> list[tuple[deque[float], int, float]]:
        overall = (
            (self._paid, self.paid_per_second) if paid else (self._global, self.global_per_second)
        )
        limits = [(overall[0], overall[1], 1.0)]
        if chat_id is None:
            return limits
        window = self._per_chat.setdefault(chat_id, deque())
        if chat_id < 0:
            limits.append((window, self.group_per_minute, 60.0))
        elif self.private_per_second is not None:
            limits.append((window, self.private_per_second, 1.0))
        return limits

    def retry_after(self, chat_id: int | None, paid: bool = False) -> int | None:
        """Seconds to wait if this call would exceed a window now, else None."""
        if not self.enabled:
            return None
        now = self._clock()
        worst: float | None = None
        for window, limit, span in self._limits(chat_id, paid):
            while window and window[0] <= now - span:
                window.popleft()
            if len(window) >= limit:
                wait = window[len(window) - limit] + span - now
                worst = wait if worst is None else max(worst, wait)
        return None if worst is None else max(1, math.ceil(worst))

    def record(self, chat_id: int | None, paid: bool = False) -> None:
        if not self.enabled:
            return
        now = self._clock()
        for window, _limit, _span in self._limits(chat_id, paid):
            window.append(now)
