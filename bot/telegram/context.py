"""The typed PTB context: handlers reach the services through it, not through a dict."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.branch_life.birthdays import BirthdayService
from bot.branch_life.events import EventService
from bot.branch_life.meetings import MeetingsService
from bot.branch_life.quiz import QuizService
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.delivery.deliveries import DeliveryService
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
from bot.secretary.committee import CommitteeService
from bot.secretary.dashboard import DashboardService
from bot.secretary.ledger_export import ExportService

# --- secretary's view ---
from bot.secretary.ledger_reads import LedgerService
from bot.secretary.offload import Offload
from bot.secretary.report import ReportService
from bot.telegram.birthday_notices import BirthdaySender
from bot.telegram.broadcaster import Broadcaster
from bot.telegram.digest import DigestSender
from bot.telegram.event_notices import EventReminderSender, SigninQr
from bot.telegram.live_count import LiveCount
from bot.telegram.menus import Menus
from bot.telegram.metrics import Metrics
from bot.telegram.quiz_polls import QuizSender
from bot.telegram.reminders import ReminderSender
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    groups: GroupService
    presence: PresenceProbe
    members: MemberService
    lessons: LessonService
    numbers: Numbers  # a typed "#N" (counted within the group) to its lesson or event
    intake: IntakeService
    deliveries: DeliveryService
    group_settings: GroupSettingsService
    switches: GroupSwitches
    listens: ListenService
    notes: NoteService
    standing: StandingService
    leave: LeaveService
    # --- the roster (花名册): the list and its edits, imports, members' claims of a name
    roster: RosterService
    roster_imports: RosterImports
    roster_claims: RosterClaims
    broadcaster: Broadcaster
    live_count: LiveCount
    reminders: ReminderSender
    # --- rights
    rights: Rights
    # --- menus by role (command scopes), refreshed when rights change
    menus: Menus
    # --- secretary's view: /report, /export, the weekly digest
    secretaries: SecretaryRights
    report: ReportService
    ledger: LedgerService
    export: ExportService
    digest: DigestSender
    offload: Offload
    # --- the secretary's dashboard
    dashboard: DashboardService
    # --- branch life: quiz, birthdays, activity days
    quiz: QuizService
    quiz_sender: QuizSender
    birthdays: BirthdayService
    birthday_sender: BirthdaySender
    events: EventService
    event_reminders: EventReminderSender
    signin_qr: SigninQr
    meetings: MeetingsService  # 三会一课 counted, the 党课 mark, the period reminders
    committee: CommitteeService  # the 机关党委's figures over its branches
    # --- Mini App: what the player heard
    heard: HeardService
    # --- operations: the health check and the metrics page
    metrics: Metrics


class BotData:
    """Application-wide state; filled once by the composition root."""

    def __init__(self) -> None:
        self._services: Services | None = None
        # Run in order at start-up, after the schema and before polling: the scheduler
        # re-arms what the database says is due (the composition root fills this).
        self.on_start: list[Callable[[], Awaitable[object]]] = []

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are not set up; build the app with build_application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class AppContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def user_store(self) -> dict[Any, Any]:
        """Per-user state between updates: the pending prompt (handlers/prompts.py) and the
        lesson a private note would belong to (handlers/notes.py)."""
        if self.user_data is None:
            raise RuntimeError("this update has no user")
        return self.user_data


AppType = Application[ExtBot[Any], AppContext, dict[Any, Any], dict[Any, Any], BotData, Any]
