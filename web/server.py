"""The one HTTP server (aiohttp): Telegram's webhook and the Mini App."""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.core.config import Settings
from bot.telegram.context import AppType

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# Telegram's updates are small; a bigger body is not from Telegram.
MAX_BODY = 1024 * 1024


def webhook_path(webhook_url: str) -> str:
    """The path part of the public URL: where the local server takes the updates."""
    return urlsplit(webhook_url).path or "/"


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host.strip("[]"), int(port)


class WebServer:
    """Serves the webhook route (webhook mode) and the Mini App (when [web] public_url is set)."""

    def __init__(
        self,
        app: AppType,
        *,
        listen: str,
        path: str | None = None,
        secret: str = "",
        miniapp: bool = False,
    ) -> None:
        self._app = app
        self._secret = secret.encode()
        self._host, self._port = split_listen(listen)
        self.web = web.Application(client_max_size=MAX_BODY)
        if path is not None:
            self.web.router.add_post(path, self._webhook)
        from web.health import add_health

        add_health(self.web, app.bot_data.services, app.bot)
        if miniapp:
            from web.routes import add_miniapp

            add_miniapp(self.web, app.bot_data.services, app.bot)
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        return self._port

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        if self._port == 0:  # tests: the port the system chose
            server: Any = site._server
            self._port = server.sockets[0].getsockname()[1]
        log.info("web server listening on %s:%s", self._host, self._port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            # Not from Telegram (or from a bot with another secret): nothing is read.
            log.warning("webhook request from %s refused: wrong secret", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self._app.bot)
        except (json.JSONDecodeError, ValueError, TypeError, KeyError):
            log.warning("webhook request with a body that is not an update refused")
            return web.Response(status=400, text="not an update")
        await self._app.update_queue.put(update)
        return web.Response(text="ok")


async def start_web_server(app: AppType, settings: Settings) -> WebServer:
    """The one server: the webhook route in webhook mode, the Mini App when it has a public URL,
    and the health check (and the metrics page when on) always."""
    tg = settings.telegram
    webhook = tg.mode == "webhook"
    server = WebServer(
        app,
        listen=settings.web.listen,
        path=webhook_path(tg.webhook_url) if webhook else None,
        secret=tg.webhook_secret.get_secret_value() if webhook else "",
        miniapp=bool(settings.web.public_url),
    )
    await server.start()
    return server
