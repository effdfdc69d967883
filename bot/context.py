"""The typed PTB context: handlers reach the services through it, not through a dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.birthdays import BirthdayService
from bot.clock import Clock
from bot.config import Settings
from bot.dashboard import DashboardService
from bot.deliveries import DeliveryService
from bot.events import EventService
from bot.group_settings import GroupSettingsService
from bot.groups import GroupService
from bot.heard import HeardService
from bot.intake import IntakeService
from bot.leave import LeaveService

# --- secretary's view ---
from bot.ledger import LedgerService
from bot.ledger_export import ExportService
from bot.lessons import LessonService
from bot.listens import ListenService
from bot.members import MemberService
from bot.notes import NoteService
from bot.offload import Offload
from bot.presence_probe import PresenceProbe
from bot.quiz import QuizService
from bot.report import ReportService
from bot.rights import Rights
from bot.secretaries import SecretaryRights
from bot.standing import StandingService
from scheduler.birthday_notices import BirthdaySender
from scheduler.digest import DigestSender
from scheduler.events import EventReminderSender, SigninQr
from scheduler.live_count import LiveCount
from scheduler.quiz_polls import QuizSender
from scheduler.reminders import ReminderSender
from scheduler.runner import BroadcastRunner
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
    intake: IntakeService
    deliveries: DeliveryService
    group_settings: GroupSettingsService
    listens: ListenService
    notes: NoteService
    standing: StandingService
    leave: LeaveService
    runner: BroadcastRunner
    live_count: LiveCount
    reminders: ReminderSender
    # --- rights (issue 9 item 4)
    rights: Rights
    # --- secretary's view: /report, /export, the weekly digest
    secretaries: SecretaryRights
    report: ReportService
    ledger: LedgerService
    export: ExportService
    digest: DigestSender
    offload: Offload
    # --- the secretary's dashboard (issue 13)
    dashboard: DashboardService
    # --- branch life (issue 12): quiz, birthdays, activity days
    quiz: QuizService
    quiz_sender: QuizSender
    birthdays: BirthdayService
    birthday_sender: BirthdaySender
    events: EventService
    event_reminders: EventReminderSender
    signin_qr: SigninQr
    # --- Mini App (issue 13): what the player heard
    heard: HeardService


class BotData:
    """Application-wide state; filled once by the composition root."""

    def __init__(self) -> None:
        self._services: Services | None = None

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
        """Per-user scratch state (a pending upload, a title being typed)."""
        if self.user_data is None:
            raise RuntimeError("this update has no user")
        return self.user_data


AppType = Application[ExtBot[Any], AppContext, dict[Any, Any], dict[Any, Any], BotData, Any]
