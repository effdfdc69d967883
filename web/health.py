"""The health check and the metrics page: how the bot is doing, for the operator and the
container (paths in bot.core.web_paths).

The health check is 200 when the database answers and Telegram answered a call successfully in the
last five minutes; otherwise 503, saying which failed. A bot with nothing to send (polling at
night, or a quiet webhook) asks Telegram once (getMe) rather than report a stale answer.
The metrics page is off unless `[web] metrics = true`, and then answers only `[web] metrics_from`.
"""

from __future__ import annotations

import asyncio
import logging
from ipaddress import IPv4Address, IPv6Address, ip_address

from aiohttp import web
from aiohttp.typedefs import Handler
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select, text
from telegram import Bot
from telegram.error import TelegramError

from bot.core.vocabulary import DeliveryStatus, LessonStatus
from bot.core.web_paths import HEALTH, METRICS, at_root
from bot.telegram.context import Services
from storage.models import Delivery, Lesson

log = logging.getLogger(__name__)

TELEGRAM_FRESH = 300.0  # seconds: the last successful call may be this old
PROBE_AFTER = 60.0  # seconds without a successful call before the health check asks Telegram itself
CHECK_TIMEOUT = 5.0
UNSETTLED = (DeliveryStatus.PENDING, DeliveryStatus.IN_FLIGHT)


async def _database_ok(services: Services) -> bool:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            async with services.db.reading() as s:
                await s.execute(text("SELECT 1"))
        return True
    except Exception:
        log.warning("health: the database did not answer", exc_info=True)
        return False


async def _telegram_ok(services: Services, bot: Bot) -> bool:
    metrics = services.metrics
    age = metrics.seconds_since_ok()
    if age is None or age > PROBE_AFTER:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                await bot.get_me()  # counted as a call: a success refreshes last_ok
        except (TelegramError, TimeoutError):
            log.warning("health: Telegram did not answer getMe")
        age = metrics.seconds_since_ok()
    return age is not None and age <= TELEGRAM_FRESH


def add_health(webapp: web.Application, services: Services, bot: Bot) -> None:
    async def healthz(request: web.Request) -> web.Response:
        database, telegram = await asyncio.gather(
            _database_ok(services), _telegram_ok(services, bot)
        )
        failed = [name for name, ok in (("database", database), ("telegram", telegram)) if not ok]
        body = {"ok": not failed, "database": database, "telegram": telegram, "failed": failed}
        return web.json_response(body, status=503 if failed else 200)

    webapp.router.add_get(at_root(HEALTH), healthz)
    if services.settings.web.metrics:
        allowed = {ip_address(a) for a in services.settings.web.metrics_from}
        webapp.router.add_get(at_root(METRICS), _metrics_route(services, allowed))


def _metrics_route(services: Services, allowed: set[IPv4Address | IPv6Address]) -> Handler:
    async def metrics(request: web.Request) -> web.Response:
        peer = request.remote
        try:
            permitted = peer is not None and ip_address(peer) in allowed
        except ValueError:
            permitted = False
        if not permitted:
            return web.Response(status=403, text="forbidden")
        await _refresh(services)
        return web.Response(
            body=generate_latest(services.metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )

    return metrics


async def _refresh(services: Services) -> None:
    """The figures read at scrape time: the queue from the database, the audio pool's now."""
    metrics = services.metrics
    async with services.db.reading() as s:
        queue = await s.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status.in_(UNSETTLED))
        )
        last = (
            await s.execute(
                select(Lesson.slot_at, func.max(Delivery.sent_at))
                .join(Delivery, Delivery.lesson_id == Lesson.id)
                .where(Lesson.status == LessonStatus.SENT)
                .group_by(Lesson.id, Lesson.slot_at)
                .order_by(Lesson.slot_at.desc())
                .limit(1)
            )
        ).first()
    metrics.delivery_queue.set(int(queue or 0))
    if last is not None and last[0] is not None and last[1] is not None:
        metrics.last_broadcast.set(max(0.0, (last[1] - last[0]).total_seconds()))
    audio = services.intake.audio
    metrics.audio_running.set(audio.running)
    metrics.audio_queued.set(max(0, audio.unfinished - audio.running))
