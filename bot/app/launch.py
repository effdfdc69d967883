"""`microlesson run`: start the bot in polling or webhook mode, and explain start-up failures.

A start-up failure ends with one sentence naming the cause and the setting to change, and a
non-zero exit, instead of PTB's traceback.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress
from typing import Any

from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError, TimedOut

from bot.app.build import ALLOWED_UPDATES, build_application, on_shutdown, on_startup
from bot.app.logging_setup import hide_userinfo
from bot.core.config import TOKEN_ENV, Settings

log = logging.getLogger(__name__)

# Seconds between long polls (see bot/cli.py: a burst then comes in few big batches).
POLL_INTERVAL = 0.05


class StartupFailure(Exception):
    """The bot cannot run; the message is the one sentence the deployer reads."""


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    return seen


def explain(exc: BaseException, settings: Settings) -> str | None:
    """One sentence for a Telegram error at start, or None if it is not one we know."""
    tg = settings.telegram
    if isinstance(exc, InvalidToken):
        return (
            "Telegram refused the bot token (401 Unauthorized): it is wrong or was revoked; "
            f"put the current token from @BotFather in [telegram] token or {TOKEN_ENV}."
        )
    if isinstance(exc, Conflict):
        return (
            "Another program is already receiving this bot's updates (409 Conflict): stop the "
            'other `microlesson run`, or run every instance with [telegram] mode = "webhook".'
        )
    if isinstance(exc, NetworkError):  # TimedOut included
        cause = _root_cause(exc)
        reason = "timed out" if isinstance(exc, TimedOut) else (str(cause) or type(cause).__name__)
        if tg.proxy:
            return (
                f"Could not reach Telegram through the proxy {hide_userinfo(tg.proxy)} ({reason}): "
                "check that "
                "the proxy runs and lets the bot through, or change [telegram] proxy."
            )
        return (
            f"Could not reach Telegram at {tg.api_base_url} ({reason}): check the network, or "
            "set [telegram] proxy to an HTTP or SOCKS5 proxy where Telegram is blocked."
        )
    return None


async def serve(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM; raise StartupFailure when the bot cannot run."""
    app = build_application(settings)
    stop = asyncio.Event()
    failures: list[str] = []
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    def on_poll_error(exc: TelegramError) -> None:
        # Transient network trouble while running: PTB polls again. These two never heal.
        if isinstance(exc, Conflict | InvalidToken):
            failures.append(explain(exc, settings) or str(exc))
            stop.set()
        else:
            log.warning("polling for updates failed, trying again: %s", exc)

    web_server: Any = None
    started = False
    try:
        try:
            await app.initialize()  # getMe: the token and the way to Telegram are tried here
            await on_startup(app)
            started = True
            await app.start()
            if (
                settings.telegram.mode == "webhook"
                or settings.web.public_url
                or settings.web.serves
            ):
                from web.server import start_web_server

                web_server = await start_web_server(app, settings)
            if settings.telegram.mode == "webhook":
                await _set_webhook(app, settings)
            elif app.updater is not None:  # built with one: polling is the default mode
                await app.updater.start_polling(
                    allowed_updates=ALLOWED_UPDATES,
                    timeout=settings.telegram.poll_timeout,
                    drop_pending_updates=False,
                    poll_interval=POLL_INTERVAL,
                    error_callback=on_poll_error,
                )
        except TelegramError as exc:
            sentence = explain(exc, settings)
            if sentence is None:
                raise
            raise StartupFailure(sentence) from None
        await stop.wait()
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if web_server is not None:
            await web_server.stop()
        if app.running:
            await app.stop()
        if started:
            await on_shutdown(app)
        with suppress(TelegramError):
            await app.shutdown()
        # A failed getMe leaves the bot uninitialized, so PTB never closes its request; the
        # open aiohttp session would then print its warning after the one-sentence failure.
        await app.bot.request.shutdown()
    if failures:
        raise StartupFailure(failures[0])


async def _set_webhook(app: Any, settings: Settings) -> None:
    from web.server import webhook_path

    tg = settings.telegram
    await app.bot.set_webhook(
        tg.webhook_url,
        secret_token=tg.webhook_secret.get_secret_value(),
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )
    log.info("webhook set; Telegram posts updates to the path %s", webhook_path(tg.webhook_url))
