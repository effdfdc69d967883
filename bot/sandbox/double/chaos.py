"""Random faults for a share of calls: 5xx, timeouts (before or after the call took effect), 429."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import ApiError, too_many_requests


class FaultKind(StrEnum):
    SERVER_ERROR = "5xx"  # refused before it took effect, as a gateway error
    TIMEOUT_BEFORE = "timeout_before"  # the answer is late and the call never took effect
    TIMEOUT_AFTER = "timeout_after"  # the call took effect, the answer is too late to be read
    FLOOD = "429"


# A long poll that faults must not consume updates; it only ever gets a gateway error.
POLL_KINDS = (FaultKind.SERVER_ERROR,)


@dataclass
class Chaos:
    """Decides, call by call, whether Telegram misbehaves; counts what it did."""

    share: float
    seed: int = 1
    # How long a timed-out call keeps the client waiting: longer than its read timeout.
    hold_seconds: float = 1.0
    retry_after: int = 1
    kinds: tuple[FaultKind, ...] = tuple(FaultKind)
    enabled: bool = True
    calls: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    _rng: random.Random = field(init=False)
    _turn: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - simulated faults, not secrets

    def pick(self, method: str) -> FaultKind | None:
        if not self.enabled:
            return None
        self.calls += 1
        if self._rng.random() >= self.share:
            return None
        # Which calls fail is random; the kinds take turns, so every kind shows up in a short run.
        kinds = POLL_KINDS if method == "getUpdates" else self.kinds
        kind = kinds[self._turn % len(kinds)]
        if method != "getUpdates":
            self._turn += 1
        self.injected[str(kind)] += 1
        return kind

    async def before(self, kind: FaultKind) -> None:
        """The part of a fault that comes before the call would take effect."""
        if kind is FaultKind.SERVER_ERROR:
            raise ApiError(502, "Bad Gateway")
        if kind is FaultKind.FLOOD:
            raise too_many_requests(self.retry_after)
        if kind is FaultKind.TIMEOUT_BEFORE:
            await asyncio.sleep(self.hold_seconds)
            raise ApiError(504, "Gateway Timeout")

    async def after(self, kind: FaultKind) -> None:
        """The part that comes after: the answer is held until the client has given up."""
        if kind is FaultKind.TIMEOUT_AFTER:
            await asyncio.sleep(self.hold_seconds)

    @property
    def total(self) -> int:
        return sum(self.injected.values())
