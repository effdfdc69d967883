"""GET /healthz and GET /metrics: the operator's view, against the double over real HTTP.

The metrics are read with prometheus-client's own parser, and a broadcast's figures are
checked against its ledger (copies delivered, members unreachable)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from bot.core.clock import FakeClock
from bot.core.vocabulary import DeliveryStatus
from bot.sandbox.double import TelegramDouble
from storage.db import Database
from storage.models import Delivery
from tests.support.harness import GROUP, RunningBot, bound_group, running_bot, settings_for
from tests.support.members_day import broadcast_now, press


@asynccontextmanager
async def _served(bot: RunningBot) -> AsyncIterator[str]:
    from web.server import WebServer

    server = WebServer(bot.app, listen="127.0.0.1:0")
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


async def test_healthz_is_200_when_database_and_telegram_answer_and_503_naming_telegram(
    bot: RunningBot, double: TelegramDouble
) -> None:
    async with _served(bot) as base:
        status, body = await _get(f"{base}/healthz")
        assert status == 200 and '"failed": []' in body
        # Nothing succeeded lately and Telegram refuses the probe: 503, saying which.
        bot.services.metrics.last_ok = None
        double.fail_next("getMe", 502, "Bad Gateway")
        status, body = await _get(f"{base}/healthz")
        assert status == 503 and '"failed": ["telegram"]' in body and '"database": true' in body
        # Metrics are off unless turned on.
        assert (await _get(f"{base}/metrics"))[0] == 404


async def test_healthz_is_503_naming_the_database_when_it_does_not_answer(
    bot: RunningBot,
) -> None:
    services = bot.services
    working = services.db
    # The database server goes away: nothing listens where the bot connects now.
    services.db = Database("postgresql+asyncpg://nobody@127.0.0.1:1/gone")
    try:
        async with _served(bot) as base:
            status, body = await _get(f"{base}/healthz")
    finally:
        await services.db.dispose()
        services.db = working
    assert status == 503 and '"failed": ["database"]' in body


async def test_metrics_match_a_broadcasts_ledger_and_time_the_presses(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "a", web={"metrics": True})
    async with running_bot(double, settings, clock) as bot, _served(bot) as base:
        members = await bound_group(bot, double, members=4)
        double.world.users[members[3]].blocked = True
        before = _samples((await _get(f"{base}/metrics"))[1])
        out = await broadcast_now(bot, double, ogg)
        await press(double, GROUP, members[0], out.group_message.message_id, "listen:1")
        status, text = await _get(f"{base}/metrics")
        assert status == 200
        after = _samples(text)
        async with bot.services.db.reading() as s:
            rows = dict(
                (
                    await s.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
                ).all()
            )

        def delta(name: str, **labels: str) -> float:
            key = (name, tuple(sorted(labels.items())))
            return after.get(key, 0.0) - before.get(key, 0.0)

        # Every copy the ledger says was delivered went out once (the group's and the
        # members'); the blocked member's one refusal is the ledger's unreachable row.
        voices_ok = delta("microlesson_telegram_calls_total", method="sendVoice", outcome="ok")
        voices_refused = delta(
            "microlesson_telegram_calls_total", method="sendVoice", outcome="forbidden"
        )
        # The group, the secretary and the three members who can be reached.
        assert voices_ok == rows[DeliveryStatus.DELIVERED] == 5
        assert voices_refused == rows[DeliveryStatus.UNREACHABLE] == 1
        assert delta("microlesson_sends_total", outcome="forbidden") >= 1
        assert after[("microlesson_delivery_queue", ())] == 0
        assert delta("microlesson_press_answer_seconds_count") == 1
        assert after[("microlesson_last_broadcast_seconds", ())] >= 0
        assert ("microlesson_audio_jobs_running", ()) in after


async def test_metrics_answer_only_the_listed_addresses(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(
        double, db_url, tmp_path / "a", web={"metrics": True, "metrics_from": ["10.9.8.7"]}
    )
    async with running_bot(double, settings, clock) as bot, _served(bot) as base:
        assert (await _get(f"{base}/metrics"))[0] == 403
