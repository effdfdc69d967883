"""The periodic jobs, in one table: each reads what is due from the database when it runs, so a
restart re-arms them as they were, and each has a fixed id, so a restart replaces rather than
doubles it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot
from telegram.ext import CallbackContext, JobQueue

from bot.telegram.context import Services
from scheduler import alerts, branch_life, meetings

log = logging.getLogger(__name__)

# APScheduler's default misfire grace is 1 s: a job that starts a little late on a busy loop
# would be skipped silently.
DEFAULT_GRACE_SECONDS = 60


@dataclass(frozen=True)
class Periodic:
    job_id: str
    every_seconds: float
    first_seconds: float
    run: Callable[[Services, Bot], Awaitable[object]]
    grace_seconds: float = DEFAULT_GRACE_SECONDS


async def _empty_slots(services: Services, bot: Bot) -> None:
    await alerts.send_empty_slot_alerts(bot, services.group_settings)
    await alerts.send_calendar_gap_notices(bot, services.group_settings)


async def _meetings(services: Services, bot: Bot) -> None:
    await meetings.send_meeting_reminders(bot, services.meetings)


async def _reminders(services: Services, bot: Bot) -> None:
    await services.reminders.send_due()


async def _digest(services: Services, bot: Bot) -> None:
    await services.digest.send_due()


async def _signin_qr(services: Services, bot: Bot) -> None:
    await services.signin_qr.rotate_all()


async def _branch_life(services: Services, bot: Bot) -> None:
    await branch_life.tick(services)


EMPTY_SLOTS = Periodic("empty-slot-alerts", 300, 10, _empty_slots, grace_seconds=300)
# Reminders are due from the group's reminder time until the day ends, so a bot started late
# in the evening still sends them; the ledger keeps them to once.
REMINDERS = Periodic("reminders", 60, 5, _reminders)
# The weekly digest: the alerts ledger keeps it to once per group and week.
DIGEST = Periodic("weekly-digest", 60, 15, _digest)
# Quiz polls to close, greetings, event reminders: all read from the database.
BRANCH_LIFE = Periodic("branch-life", 60, 15, _branch_life)
# A 三会一课 period about to end unmet: the alerts ledger keeps each reminder to once.
MEETINGS = Periodic("meeting-reminders", 3600, 30, _meetings, grace_seconds=3600)
SIGNIN_QR_JOB_ID = "signin-qr"


def periodic_jobs(services: Services) -> list[Periodic]:
    """The jobs this deployment runs, as its config asks."""
    jobs = [EMPTY_SLOTS, REMINDERS]
    if services.settings.digest.enabled:
        jobs.append(DIGEST)
    jobs.append(BRANCH_LIFE)
    jobs.append(MEETINGS)
    # The sign-in code changes every window; a late rotation is still worth doing.
    rotate = services.settings.branch_life.signin_rotate_seconds
    jobs.append(Periodic(SIGNIN_QR_JOB_ID, rotate, rotate, _signin_qr, grace_seconds=rotate))
    return jobs


async def _run(context: CallbackContext[Any, Any, Any, Any]) -> None:
    job = context.job
    if job is None or not isinstance(job.data, Periodic):
        return
    services: Services = context.application.bot_data.services
    await job.data.run(services, context.bot)


def arm(jobs: JobQueue[Any], services: Services) -> None:
    """Arm every periodic job (at start-up)."""
    for periodic in periodic_jobs(services):
        jobs.run_repeating(
            _run,
            interval=periodic.every_seconds,
            first=periodic.first_seconds,
            name=periodic.job_id,
            data=periodic,
            job_kwargs={
                "id": periodic.job_id,
                "replace_existing": True,
                "misfire_grace_time": periodic.grace_seconds,
            },
        )
