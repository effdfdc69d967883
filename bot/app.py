"""The composition root: the one place that builds the database, services and the PTB app."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import AppContext, AppType, BotData, Services
from bot.groups import GroupService
from bot.members import MemberService
from handlers import binding, chat_events, errors, help, start
from storage.db import Database

log = logging.getLogger(__name__)

# Updates the bot needs; chat_member arrives only when listed here (and the bot is admin).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]

PRIVATE_COMMANDS = [
    ("start", "开通每日推送"),
    ("stop", "停止私聊推送"),
    ("help", "帮助"),
]
GROUP_COMMANDS = [
    ("bind", "绑定本群（管理员）"),
    ("unbind", "解除绑定（管理员）"),
    ("help", "帮助"),
]


def build_services(settings: Settings, clock: Clock) -> Services:
    db = Database(settings.storage.url)
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        groups=GroupService(
            db, clock, settings.schedule, frozenset(settings.access.binders)
        ),
        members=MemberService(db, clock),
    )


def build_application(settings: Settings, *, clock: Clock | None = None) -> AppType:
    """Build the whole bot; nothing runs until the application is started."""
    services = build_services(settings, clock or SystemClock())
    api = settings.telegram.api_base_url
    app: AppType = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=2))
        .context_types(ContextTypes(context=AppContext, bot_data=BotData))
        # Handle updates concurrently so a long audio job never holds up /help.
        .concurrent_updates(16)
        .get_updates_read_timeout(settings.telegram.poll_timeout + 10)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    app.bot_data.services = services
    for module in (errors, chat_events, binding, start, help):
        module.register(app)
    return app


async def on_startup(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Runs before polling starts: schema, commands."""
    services: Services = app.bot_data.services
    await services.db.migrate()
    await app.bot.set_my_commands(
        [BotCommand(c, d) for c, d in PRIVATE_COMMANDS], scope=BotCommandScopeAllPrivateChats()
    )
    await app.bot.set_my_commands(
        [BotCommand(c, d) for c, d in GROUP_COMMANDS], scope=BotCommandScopeAllGroupChats()
    )
    log.info("microlesson started as @%s", app.bot.username)


async def on_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data.services
    await services.db.dispose()
    log.info("microlesson stopped")
