"""The branch-life job: what is due now, read from the database each run (so a restart loses
nothing): quiz polls to close, birthday greetings and heads-ups, event reminders."""

from __future__ import annotations

import logging

from bot.telegram.context import Services

log = logging.getLogger(__name__)


async def tick(services: Services) -> None:
    for name, work in (
        ("quiz polls", services.quiz_sender.close_due),
        ("birthdays", services.birthday_sender.send_due),
        ("event reminders", services.event_reminders.send_due),
    ):
        try:
            await work()
        except Exception:
            # One part failing (Telegram down, say) never stops the others.
            log.exception("branch-life job: %s failed", name)
