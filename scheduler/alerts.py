"""The evening alert: a secretary whose next broadcast day has no lesson is asked for one."""

from __future__ import annotations

import logging
from functools import partial
from zoneinfo import ZoneInfo

from telegram import Bot

from bot.core.i18n import lang_for, t
from bot.core.when import month_day
from bot.groups.settings import GroupSettingsService
from bot.telegram.send_once import Sent, send_once

log = logging.getLogger(__name__)


async def send_empty_slot_alerts(bot: Bot, settings: GroupSettingsService) -> int:
    """Send the alerts that are due now (each group and day at most once); return how many."""
    sent = 0
    for alert in await settings.empty_slot_alerts_due():
        for user_id, language_code in alert.recipients:
            lang = lang_for(language_code)
            text = t(
                "alert.empty_slot_soon" if alert.soon else "alert.empty_slot",
                lang,
                day=month_day(alert.day, lang),
                group=alert.group_title,
                time=f"{alert.slot_at.astimezone(ZoneInfo(alert.timezone)):%H:%M}",
            )
            outcome = await send_once(partial(bot.send_message, user_id, text))
            if isinstance(outcome, Sent):
                sent += 1
            else:
                log.warning("empty-slot alert to %s failed: %s", user_id, outcome)
    return sent


# --- calendar corrections
async def send_calendar_gap_notices(bot: Bot, settings: GroupSettingsService) -> int:
    """Tell secretaries of "workdays" groups that the calendar's data ends within 30 days."""
    sent = 0
    for notice in await settings.calendar_gap_notices_due():
        log.warning(
            "calendar has no data from %s (group %s uses workdays); telling its secretaries",
            notice.day,
            notice.group_id,
        )
        for user_id, language_code in notice.recipients:
            lang = lang_for(language_code)
            text = t(
                "alert.calendar_gap",
                lang,
                last=notice.last_year,
                day=notice.day,
                group=notice.group_title,
            )
            outcome = await send_once(partial(bot.send_message, user_id, text))
            if isinstance(outcome, Sent):
                sent += 1
            else:
                log.warning("calendar notice to %s failed: %s", user_id, outcome)
    return sent
