"""The copies Telegram accepted during a broadcast, written to the ledger a batch at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.delivery.deliveries import DeliveryService
from bot.delivery.plans import SentCopy, Target
from storage.db import retry_on_disconnect

log = logging.getLogger(__name__)

# How long a copy Telegram accepted may wait to be written with others in one commit.
RECORD_SECONDS = 0.05
RECORD_BATCH = 200


class SentLog:
    """Copies Telegram accepted during a broadcast, written to the ledger a batch at a time.

    Until its batch is written a row stays in flight: within the process nothing claims it
    again, and a crash meanwhile leaves it as in flight as a single send would be. A batch that
    cannot be written is tried row by row; a row that still fails is recorded `uncertain`,
    never sent again.
    """

    def __init__(self, deliveries: DeliveryService, lesson_id: int) -> None:
        self._deliveries = deliveries
        self._lesson_id = lesson_id
        self._rows: list[tuple[Target, SentCopy]] = []
        self._due = asyncio.Event()
        self._closed = False

    def add(self, target: Target, message_id: int, file_id: str | None) -> None:
        self._rows.append((target, SentCopy(target.delivery_id, message_id, file_id)))
        if len(self._rows) >= RECORD_BATCH:
            self._due.set()

    async def run(self) -> None:
        """Write what has come in every RECORD_SECONDS, and the rest when closed."""
        while not self._closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._due.wait(), RECORD_SECONDS)
            self._due.clear()
            await self.flush()
        await self.flush()

    def close(self) -> None:
        self._closed = True
        self._due.set()

    async def flush(self) -> None:
        rows, self._rows = self._rows, []
        if not rows:
            return
        try:
            copies = [c for _, c in rows]
            await retry_on_disconnect(
                "record sent copies",
                lambda: self._deliveries.record_sent(self._lesson_id, copies),
            )
            return
        except Exception:
            log.exception("could not record %d sent copies at once; one by one", len(rows))
        for target, copy in rows:
            try:
                await self._deliveries.record_sent(self._lesson_id, [copy])
            except Exception as exc:
                # Telegram has it; the ledger says so as far as it can, and never resends it.
                log.exception("could not record delivery %s as sent", target.delivery_id)
                with contextlib.suppress(Exception):
                    await self._deliveries.uncertain(target, f"sent, not recorded: {exc!r}")
