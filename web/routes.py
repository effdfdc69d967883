"""The Mini App's routes: the pages under /app/, their assets, and the JSON API under /api/."""

from __future__ import annotations

from aiohttp import web
from telegram import Bot

from bot.telegram.context import Services
from web.auth import SERVICES
from web.committee import add_committee
from web.dashboard import add_dashboard
from web.pages import STATIC
from web.player import add_player


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def add_miniapp(webapp: web.Application, services: Services, bot: Bot) -> None:
    webapp[SERVICES] = services
    webapp.router.add_get("/api/health", _health)
    add_player(webapp, bot)  # the player: /app/, /api/lesson/
    add_dashboard(webapp, bot)  # the secretary's dashboard: /app/dashboard, /api/dashboard/
    add_committee(webapp)  # the 机关党委's view: /app/committee, /api/committee/
    # Assets ship with the package: no CDN (many offices filter the internet).
    webapp.router.add_static("/app/static/", STATIC, append_version=False)
