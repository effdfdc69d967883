"""Group commit: many small writes that arrive together share one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class _Waiter(Generic[Item, Result]):
    item: Item
    done: bool = False
    result: Result | None = None
    error: Exception | None = None
    # Set when this waiter's result is ready, or when it is its turn to write the queue.
    wake: asyncio.Future[None] | None = None

    def rouse(self) -> None:
        if self.wake is not None and not self.wake.done():
            self.wake.set_result(None)


class GroupCommit(Generic[Item, Result]):
    """Run `process` on everything submitted while the previous batch was being written.

    Three hundred members pressing "已收听" within a second would otherwise queue for three
    hundred SQLite write transactions one after another. No background task: whichever caller
    finds the writer idle writes the whole queue, then wakes the next waiter to take over; every
    other caller sleeps until its own result is in. `process` returns one result per item, in
    order; if it raises, every caller of that batch gets the exception.
    """

    def __init__(
        self, process: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]], max_batch: int = 500
    ) -> None:
        self._process = process
        self._max_batch = max_batch
        self._queue: list[_Waiter[Item, Result]] = []
        self._busy = False

    async def submit(self, item: Item) -> Result:
        waiter: _Waiter[Item, Result] = _Waiter(item)
        self._queue.append(waiter)
        while True:
            if not self._busy:
                await self._write_batch()
            if waiter.done:
                break
            waiter.wake = asyncio.get_running_loop().create_future()
            try:
                await waiter.wake
            except asyncio.CancelledError:
                # Leave no one waiting for a turn this caller will never take.
                if waiter in self._queue:
                    self._queue.remove(waiter)
                if not self._busy and self._queue:
                    self._queue[0].rouse()
                raise
        if waiter.error is not None:
            raise waiter.error
        return waiter.result  # type: ignore[return-value]  # set together with done

    async def _write_batch(self) -> None:
        self._busy = True
        # Let the callers that arrived in the same tick join this batch (a yield, not a wait).
        await asyncio.sleep(0)
        batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
        try:
            results = await self._process([waiter.item for waiter in batch])
            if len(results) != len(batch):
                raise RuntimeError("a batch must give one result per item")
        except BaseException as exc:
            error = exc if isinstance(exc, Exception) else RuntimeError("batch interrupted")
            for waiter in batch:
                waiter.done, waiter.error = True, error
                waiter.rouse()
            if not isinstance(exc, Exception):
                raise
        else:
            for waiter, result in zip(batch, results, strict=True):
                waiter.done, waiter.result = True, result
                waiter.rouse()
        finally:
            self._busy = False
            if self._queue:
                self._queue[0].rouse()  # its turn to write what queued up meanwhile
