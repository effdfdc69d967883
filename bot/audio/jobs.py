"""A bounded executor for audio jobs, with each waiting job's place in the line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from bot.audio.pipeline import process_file
from bot.audio.settings import AudioReport, AudioSettings

OnQueued = Callable[[int], Awaitable[None]]
Pipeline = Callable[[Path, Path, AudioSettings], AudioReport]
T = TypeVar("T")


class AudioJobs:
    """Runs at most ``workers`` pipelines at once, in threads of its own.

    Not the event loop's default pool, which file reads elsewhere share: a burst of
    uploads waits here in order instead of taking every core.  All bookkeeping runs
    on the event loop.
    """

    def __init__(
        self, settings: AudioSettings, workers: int = 1, pipeline: Pipeline = process_file
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.settings = settings
        self.pipeline = pipeline
        self.workers = workers
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audio")
        self._slots = asyncio.Semaphore(workers)
        self._unfinished = 0  # recordings submitted and not yet finished, running or waiting
        self._running = 0  # jobs of either kind in the pool now
        self._no_recordings = asyncio.Event()  # background work waits for this
        self._no_recordings.set()

    @property
    def unfinished(self) -> int:
        return self._unfinished

    @property
    def running(self) -> int:
        """Jobs in the pool now (the rest of `unfinished` wait for a slot)."""
        return self._running

    async def _in_pool(self, work: Callable[[], T]) -> T:
        self._running += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work)
        finally:
            self._running -= 1

    async def process(self, src: Path, dst: Path, on_queued: OnQueued | None = None) -> AudioReport:
        """The pipeline in the audio pool; ``on_queued(ahead)`` first if it has to wait."""
        ahead = self._unfinished
        self._unfinished += 1
        self._no_recordings.clear()
        try:
            if ahead >= self.workers and on_queued is not None:
                await on_queued(ahead)
            async with self._slots:
                return await self._in_pool(partial(self.pipeline, src, dst, self.settings))
        finally:
            self._unfinished -= 1
            if self._unfinished == 0:
                self._no_recordings.set()

    async def run(self, work: Callable[[], T]) -> T:
        """Background audio work (the player's AAC rendition) in the same bounded pool.

        It yields to recordings: a secretary waiting for their upload is never queued behind
        it, and it is not counted in the place they are told."""
        while True:
            await self._no_recordings.wait()
            async with self._slots:
                if not self._no_recordings.is_set():
                    continue  # a recording came in while this waited for the slot
                return await self._in_pool(work)

    def shutdown(self) -> None:
        """Let running jobs finish; start no new ones."""
        self._executor.shutdown(wait=False, cancel_futures=True)
