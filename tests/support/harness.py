"""Runs the real bot (PTB Application, real HTTP) against the Telegram double."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Re-exported: the tests take the bot's identity from here.
from benchmarks.support import ADMIN as ADMIN
from benchmarks.support import BOT_ID as BOT_ID
from benchmarks.support import GROUP as GROUP
from benchmarks.support import MEMBER as MEMBER
from benchmarks.support import TOKEN as TOKEN
from bot.app.build import ALLOWED_UPDATES, build_application, on_shutdown, on_startup
from bot.core.clock import Clock
from bot.core.config import Settings, parse_settings
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.double import DEADLINE_SECONDS
from bot.sandbox.double.state import SentMessage
from bot.telegram.context import AppType, Services


def settings_for(
    double: TelegramDouble, db_url: str, audio_dir: Path, **sections: dict[str, Any]
) -> Settings:
    data: dict[str, Any] = {
        "telegram": {"token": TOKEN, "api_base_url": double.base_url, "poll_timeout": 1},
        "storage": {"url": db_url, "audio_dir": str(audio_dir)},
        "logging": {"level": "DEBUG"},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_settings(data, "test")


@dataclass
class RunningBot:
    app: AppType
    double: TelegramDouble

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    async def stop(self) -> None:
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await on_shutdown(self.app)
        await self.app.shutdown()


@asynccontextmanager
async def running_bot(
    double: TelegramDouble, settings: Settings, clock: Clock
) -> AsyncIterator[RunningBot]:
    """A bot with settings of the test's own, stopped however the test ends."""
    bot = await start_bot(double, settings, clock)
    try:
        yield bot
    finally:
        release_held_calls(double)
        await bot.stop()


def release_held_calls(double: TelegramDouble) -> None:
    """Let through every call the test had Telegram hold. A test that failed before releasing
    them would otherwise keep the bot's stop waiting for each held answer to time out."""
    for hold in double.server.holds:
        hold.release()
    for answer in double.server.answer_holds.values():
        answer.set()


async def start_bot(
    double: TelegramDouble, settings: Settings, clock: Clock, *, backoff: float = 0.01
) -> RunningBot:
    """What `microlesson run` does, step by step, so a test can stop it and look inside."""
    app = build_application(settings, clock=clock, broadcast_backoff=backoff)
    await app.initialize()
    await on_startup(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=1, poll_interval=0)
    return RunningBot(app, double)


def text_of(message: Any) -> str:
    return str(message.text or message.caption or "")


def setup_group(double: TelegramDouble, *, members: int = 0, lang: str = "zh-hans") -> list[int]:
    """A group with an admin (the secretary) and `members` plain members, bot not yet in it."""
    double.add_user(ADMIN, "王书记", language_code="zh-hans")
    double.add_group(GROUP, "第一党支部", type="supergroup")
    double.set_member(GROUP, ADMIN, "creator")
    ids = []
    for i in range(members):
        uid = MEMBER + i
        double.add_user(uid, f"党员{i}", language_code=lang)
        double.set_member(GROUP, uid, "member")
        ids.append(uid)
    return ids


async def eventually(
    check: Callable[[], Awaitable[bool]],
    timeout: float = DEADLINE_SECONDS,  # noqa: ASYNC109 - a test helper's deadline
) -> None:
    """Wait until an async condition on the bot's state holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def say(double: TelegramDouble, chat_id: int, user_id: int, text: str) -> str:
    """A person writes; returns the bot's first answer in that chat."""
    cur = double.cursor()
    double.user_sends(chat_id, user_id, text)
    answer = await double.wait_for(lambda m: m.chat_id == chat_id, after=cur)
    return text_of(answer)


async def bound_group(
    bot: RunningBot, double: TelegramDouble, *, members: int = 0, subscribe: bool = True
) -> list[int]:
    """A bound group with its secretary (ADMIN) and members who started the bot in private."""
    ids = setup_group(double, members=members)
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    if subscribe:
        for uid in [ADMIN, *ids]:
            cur = double.cursor()
            double.user_sends(uid, uid, "/start")
            # /start answers twice (welcome, subscription); wait for the second.
            await double.wait_for(_subscribed_in(uid), after=cur)
    return ids


def _subscribed_in(chat_id: int) -> Callable[[SentMessage], bool]:
    def check(message: SentMessage) -> bool:
        text = text_of(message)
        return message.chat_id == chat_id and text.startswith(
            ("已为您开通私聊推送", "Private pushes are on")
        )

    return check


async def settled(bot: RunningBot, timeout: float = DEADLINE_SECONDS) -> None:  # noqa: ASYNC109
    """Wait until every update sent so far has been fetched and fully handled.

    For tests that check that something did *not* happen: no idle sleep, just the bot's own
    queues running empty.
    """

    async def idle() -> bool:
        return (
            not bot.double.pending_updates
            and bot.app.update_queue.empty()
            and bot.app.update_processor.current_concurrent_updates == 0
        )

    await eventually(idle, timeout)
    await eventually(idle, timeout)  # a handler may have queued a follow-up (a job, a task)


@asynccontextmanager
async def web_server(bot: RunningBot) -> AsyncIterator[str]:
    """The bot's own web server with the Mini App, on a free port; yields its base URL."""
    from web.server import WebServer

    server = WebServer(bot.app, listen="127.0.0.1:0", miniapp=True)
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()
