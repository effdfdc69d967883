"""Group commit: many small writes that arrive together share one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class _Waiter(Generic[Item, Result]):
    item: Item
    future: asyncio.Future[Result] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommit(Generic[Item, Result]):
    """Run `process` on everything submitted while the previous batch was being written.

    Three hundred members pressing "已收听" within a second would otherwise queue for three
    hundred SQLite write transactions one after another. No background task: whichever caller
    finds the writer idle writes the whole queue, then hands over to the next waiter.
    `process` returns one result per item, in order; if it raises, every caller of that batch
    gets the exception.
    """

    def __init__(
        self, process: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]], max_batch: int = 500
    ) -> None:
        self._process = process
        self._max_batch = max_batch
        self._queue: list[_Waiter[Item, Result]] = []
        self._busy = False
        self._turn: asyncio.Future[None] | None = None

    async def submit(self, item: Item) -> Result:
        waiter: _Waiter[Item, Result] = _Waiter(item)
        self._queue.append(waiter)
        while not waiter.future.done():
            if self._busy:
                if self._turn is None:
                    self._turn = asyncio.get_running_loop().create_future()
                pending: set[asyncio.Future[Any]] = {waiter.future, self._turn}
                await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                continue
            await self._write_batch()
        return waiter.future.result()

    async def _write_batch(self) -> None:
        self._busy = True
        # Let the callers that arrived in the same tick join this batch (a yield, not a wait).
        await asyncio.sleep(0)
        batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
        try:
            results = await self._process([w.item for w in batch])
            if len(results) != len(batch):
                raise RuntimeError("a batch must give one result per item")
        except BaseException as exc:
            error = exc if isinstance(exc, Exception) else RuntimeError("batch interrupted")
            for w in batch:
                if not w.future.done():
                    w.future.set_exception(error)
            if not isinstance(exc, Exception):
                raise
        else:
            for w, result in zip(batch, results, strict=True):
                if not w.future.done():
                    w.future.set_result(result)
        finally:
            self._busy = False
            turn, self._turn = self._turn, None
            if turn is not None and not turn.done():
                turn.set_result(None)
