"""The composition root: the one place that builds the database, services and the PTB app."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from functools import partial
from typing import Any

from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
)

from bot.app import commands
from bot.audio import AudioJobs, audio_settings
from bot.branch_life.birthdays import BirthdayService
from bot.branch_life.events import EventService
from bot.branch_life.meetings import MeetingsService
from bot.branch_life.quiz import QuizService
from bot.branch_life.signin_codes import SigninCodes
from bot.core.calendar import OfficialCalendar
from bot.core.clock import Clock, SystemClock
from bot.core.config import Settings
from bot.delivery.deliveries import DeliveryService
from bot.delivery.reminders import ReminderService
from bot.engagement.heard import HeardService
from bot.engagement.listens import ListenService
from bot.engagement.notes import NoteService
from bot.engagement.standing import StandingService
from bot.groups.groups import GroupService
from bot.groups.numbers import Numbers
from bot.groups.presence_probe import PresenceProbe
from bot.groups.rights import Rights
from bot.groups.secretaries import SecretaryRights
from bot.groups.settings import GroupSettingsService
from bot.groups.switches import GroupSwitches
from bot.lessons.intake import IntakeService
from bot.lessons.lessons import LessonService
from bot.members.claims import RosterClaims
from bot.members.leave import LeaveService
from bot.members.members import MemberService
from bot.members.roster import RosterService
from bot.members.roster_import import RosterImports

# --- secretary's view ---
from bot.secretary.chart import find_cjk_font
from bot.secretary.committee import CommitteeService
from bot.secretary.dashboard import DashboardService
from bot.secretary.digest import DigestService
from bot.secretary.ledger_export import ExportService
from bot.secretary.ledger_reads import LedgerService
from bot.secretary.offload import Offload
from bot.secretary.report import ReportService
from bot.telegram.admins import ask_admins
from bot.telegram.birthday_notices import BirthdaySender
from bot.telegram.broadcaster import Broadcaster
from bot.telegram.context import AppContext, AppType, BotData, Services
from bot.telegram.digest import DigestSender
from bot.telegram.event_notices import EventReminderSender, SigninQr
from bot.telegram.http import api_urls
from bot.telegram.http import for_settings as telegram_request
from bot.telegram.live_count import LiveCount
from bot.telegram.menus import MenuBook, Menus
from bot.telegram.metrics import MeteredRequest, Metrics
from bot.telegram.miniapp import MiniApp
from bot.telegram.quiz_polls import QuizSender
from bot.telegram.rate_limit import MessageRateLimiter
from bot.telegram.reminders import ReminderSender
from handlers.dispatch import register_all
from scheduler import jobs
from scheduler.runner import BroadcastRunner
from storage.db import Database

log = logging.getLogger(__name__)

# Updates the bot needs; chat_member arrives only when listed here (and the bot is admin).
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "poll_answer",  # branch life: answers to the quiz after the lesson
]


_MENU_BOOK = MenuBook(
    member_private=commands.MEMBER_PRIVATE,
    secretary_private=commands.SECRETARY_PRIVATE,
    member_group=commands.MEMBER_GROUP,
    admin_group=commands.ADMIN_GROUP,
    description=commands.DESCRIPTION,
    short_description=commands.SHORT_DESCRIPTION,
)


def build_application(
    settings: Settings, *, clock: Clock | None = None, broadcast_backoff: float = 1.0
) -> AppType:
    """Build the whole bot; nothing runs until the application is started."""
    # PTB 22 hands out time periods (RetryAfter.retry_after, Voice.duration) as int with a
    # deprecation warning on every read, unless the process opts in to the timedelta that
    # PTB 23 will return; retry_seconds and handlers/notes.py read either form.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    clock = clock or SystemClock()
    base_url, base_file_url = api_urls(settings.telegram.api_base_url)
    builder = ApplicationBuilder()
    metrics = Metrics()  # every call counted where it passes (metrics page, health check)
    # --- operations: every request, long polls included, through the proxy
    if settings.telegram.proxy:
        builder = builder.get_updates_proxy(settings.telegram.proxy)
    app: AppType = (
        builder.token(settings.token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .rate_limiter(MessageRateLimiter(max_retries=2))
        .context_types(ContextTypes(context=AppContext, bot_data=BotData))
        # Handle updates concurrently so a long audio job never holds up /help, and so a burst
        # of button presses reaches the listen service together and is written in one batch.
        .concurrent_updates(128)
        .get_updates_read_timeout(settings.telegram.poll_timeout + 10)
        # Sends over aiohttp (bot/telegram/http.py): a quarter of httpx's CPU per message.
        .request(
            MeteredRequest(
                telegram_request(settings.telegram.proxy, settings.telegram.request_timeout),
                metrics,
            )
        )
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    if app.job_queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot[job-queue] is not installed")

    db = Database(settings.storage.url)
    audio_dir = settings.storage.audio_dir
    groups = GroupService(db, clock, settings.schedule, frozenset(settings.access.binders))
    # --- rights: every admin check asks Telegram through this one cache.
    rights = Rights(
        partial(ask_admins, app.bot, groups.recorded_admins),
        clock,
        timedelta(seconds=settings.access.rights_cache_seconds),
    )
    members = MemberService(db, clock)
    calendar = OfficialCalendar(  # [calendar] corrections
        frozenset(settings.calendar.holidays), frozenset(settings.calendar.workdays)
    )
    lesson_service = LessonService(db, clock, audio_dir, rights, calendar)
    deliveries = DeliveryService(db, clock)
    audio = settings.audio
    # --- Mini App: the player's buttons on the lesson messages
    miniapp = MiniApp(settings.web.public_url, settings.web.app_name)
    broadcaster = Broadcaster(
        app.bot,
        deliveries,
        groups,
        backoff=broadcast_backoff,
        paid=settings.broadcast.paid,
        miniapp=miniapp,
    )
    runner = BroadcastRunner(
        bot=app.bot,
        job_queue=app.job_queue,
        broadcaster=broadcaster,
        deliveries=deliveries,
        lessons=lesson_service,
        members=members,
        clock=clock,
        catch_up=timedelta(minutes=settings.schedule.catch_up_minutes),
        spawn=app.create_task,
    )
    lesson_service.add_listener(runner)
    listens = ListenService(db, clock, settings.points)
    # --- secretary's view: the rights decision is SecretaryRights, built here only.
    secretaries = SecretaryRights(db, rights)
    offload = Offload(1, "secretary-view")
    # --- branch life: the quiz after the lesson follows it wherever it went.
    quiz_service = QuizService(
        db, clock, lesson_service, settings.points, in_group=settings.quiz.in_group
    )
    quiz_sender = QuizSender(app.bot, quiz_service)
    broadcaster.on_delivered.append(quiz_sender.lesson_delivered)
    life = settings.branch_life
    birthdays = BirthdayService(db, clock, rights, settings.schedule.timezone, life.greeting_time)
    events = EventService(
        db,
        clock,
        rights,
        lesson_service,
        life,
        SigninCodes(settings.token.encode(), life.signin_rotate_seconds),
    )
    meetings = MeetingsService(db, clock, secretaries, settings.meetings, events.report_figures)
    # The ledger's XLSX gets the month's activity days and the year's 三会一课 (branch life).
    ledger = LedgerService(db, events.month_rows, meetings.sheet)
    app.bot_data.services = Services(
        settings=settings,
        db=db,
        clock=clock,
        groups=groups,
        presence=PresenceProbe(groups, clock),
        members=members,
        lessons=lesson_service,
        numbers=Numbers(db, rights),
        intake=IntakeService(
            lesson_service,
            AudioJobs(audio_settings(audio), workers=audio.workers),
            keep_original=settings.storage.keep_original,
        ),
        deliveries=deliveries,
        group_settings=GroupSettingsService(
            db, clock, settings.schedule.empty_slot_alert_time, calendar
        ),
        switches=GroupSwitches(db, clock),
        listens=listens,
        notes=NoteService(db, clock, settings.notes, listens),
        standing=StandingService(db, clock),
        leave=LeaveService(db, clock, settings.schedule.timezone, rights),
        roster=RosterService(db, clock, secretaries),
        roster_imports=RosterImports(db, clock, secretaries),
        roster_claims=RosterClaims(db, clock, secretaries),
        broadcaster=broadcaster,
        live_count=LiveCount(
            app.bot, app.job_queue, listens, settings.broadcast.live_count_seconds, miniapp
        ),
        reminders=ReminderSender(
            app.bot,
            ReminderService(db, clock),
            paid=settings.broadcast.paid,
            quiz=quiz_service,
            quiz_polls=quiz_sender,
        ),
        rights=rights,
        menus=Menus(app.bot, _MENU_BOOK, secretaries),
        secretaries=secretaries,
        report=ReportService(db, clock, secretaries),
        ledger=ledger,
        export=ExportService(ledger, clock, secretaries, offload),
        digest=DigestSender(
            app.bot,
            DigestService(db, clock, settings.digest, secretaries),
            offload,
            find_cjk_font(settings.digest.font),
        ),
        offload=offload,
        dashboard=DashboardService(ledger, clock, secretaries),
        quiz=quiz_service,
        quiz_sender=quiz_sender,
        birthdays=birthdays,
        birthday_sender=BirthdaySender(app.bot, birthdays),
        events=events,
        event_reminders=EventReminderSender(app.bot, events),
        signin_qr=SigninQr(app.bot, events, clock),
        meetings=meetings,
        committee=CommitteeService(db, clock, settings.committee, meetings.quarter_counts),
        heard=HeardService(db, clock, listens, settings.points, settings.web.heard_threshold),
        metrics=metrics,
    )
    # At start: lessons re-armed from the database (or caught up, or marked missed), then the
    # periodic jobs.
    app.bot_data.on_start.append(runner.restore)
    app.bot_data.on_start.append(partial(_arm_periodic, app))
    # Every handler in its place: the table and the reason for each position are there.
    register_all(app)
    return app


async def _arm_periodic(app: AppType) -> None:
    if app.job_queue is not None:
        jobs.arm(app.job_queue, app.bot_data.services)


async def on_startup(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Runs before polling starts: schema, commands, the schedule re-armed from the database."""
    services: Services = app.bot_data.services
    services.settings.storage.audio_dir.mkdir(parents=True, exist_ok=True)
    await services.db.migrate()
    # Several instances on one PostgreSQL: this one's name while it runs.
    await services.db.hold_instance_lock()
    # Menus by role and the bot's description (secretaries' own menus follow their rights).
    await services.menus.set_all()
    for hook in app.bot_data.on_start:
        await hook()
    log.info("microlesson started as @%s", app.bot.username)


async def on_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data.services
    await services.offload.close()
    services.intake.shutdown()
    await services.db.dispose()
    log.info("microlesson stopped")
