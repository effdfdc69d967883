"""The secretary's one reminder when a 三会一课 period is about to end unmet."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Bot

from bot.branch_life.meetings import MeetingsService, period_label
from bot.core.i18n import lang_for, t
from bot.telegram.send_once import Sent, send_once

log = logging.getLogger(__name__)


async def send_meeting_reminders(bot: Bot, meetings: MeetingsService) -> int:
    """Send what is due (each group, type and period once: the alert ledger); return how many."""
    sent = 0
    for due in await meetings.reminders_due():
        for recipient in due.recipients:
            lang = lang_for(recipient.language_code)
            text = t(
                "meetings.reminder",
                lang,
                group=due.group.title,
                kind=due.kind,
                period=period_label(due.period, lang),
                days=due.days_left,
            )
            outcome = await send_once(partial(bot.send_message, recipient.user_id, text))
            if isinstance(outcome, Sent):
                sent += 1
            else:
                log.warning("meeting reminder to %s failed: %s", recipient.user_id, outcome)
    return sent
