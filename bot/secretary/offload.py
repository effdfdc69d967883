"""A small bounded thread pool for the secretary's view: ledger files and charts off the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Offload:
    """Runs CPU-bound work in at most `workers` threads, so a big export never stalls the bot."""

    def __init__(self, workers: int = 1, name: str = "offload") -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(*args, **kwargs))

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, True)
