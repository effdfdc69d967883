"""The typed PTB context: handlers reach the services through it, not through a dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.groups import GroupService
from bot.members import MemberService
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    groups: GroupService
    members: MemberService


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


AppType = Application[
    ExtBot[Any], AppContext, dict[Any, Any], dict[Any, Any], BotData, Any
]
