"""The database goes away mid-broadcast and comes back: the bot reconnects and resumes, nothing
is lost, and duplicates stay within the sends that were in flight."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import make_url

from benchmarks.support import ledger_state, member_ids, seed_database, seed_double
from bot.app.build import build_application, on_shutdown, on_startup
from bot.core.clock import FakeClock
from bot.sandbox.double import TelegramDouble
from tests.support.harness import GROUP, settings_for
from tests.support.tcp_proxy import TcpProxy

MEMBERS = 300
CUT_SECONDS = 4.0
pytestmark = pytest.mark.postgres


async def test_a_broadcast_resumes_after_the_database_was_away(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path, clock: FakeClock
) -> None:
    seed_double(double, MEMBERS)
    await seed_database(db_url, ogg, MEMBERS, clock.now())
    url = make_url(db_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    through_proxy = db_url.replace(f"{url.host}:{url.port}", f"127.0.0.1:{proxy.port}", 1)
    # The free rate (30 a second): the broadcast is still going when the database goes away.
    settings = settings_for(double, through_proxy, tmp_path / "audio")
    chats = {GROUP, *member_ids(MEMBERS), 10}

    def voices() -> list[int]:
        return [m.chat_id for m in double.sent if m.method == "sendVoice"]

    app = build_application(settings, clock=clock, broadcast_backoff=0.01)
    await app.initialize()
    await on_startup(app)
    await app.start()
    try:
        await double.wait_until(lambda: len(voices()) >= 100, timeout=60)
        await proxy.cut()
        at_cut = len(voices())
        await asyncio.sleep(CUT_SECONDS)
        await proxy.restore()
        back = time.monotonic()
        # Resumed: a copy goes out after the database came back.
        after = len(voices())
        await double.wait_until(lambda: len(voices()) > after, timeout=60)
        resumed = time.monotonic() - back

        async def sent() -> None:
            while (await ledger_state(db_url))[0] != "sent":
                await double.world.wait_change(0.05)

        await asyncio.wait_for(sent(), timeout=120)
        copies = Counter(voices())
        twice = sum(n - 1 for n in copies.values() if n > 1)
        missing = len(chats - set(copies))
        ledger = (await ledger_state(db_url))[1]
        print(  # the figures for the closing note (pytest -s)
            f"database away {CUT_SECONDS:.0f} s after {at_cut} copies: {sum(copies.values())} "
            f"sent, {missing} missing, {twice} duplicated, resumed {resumed:.1f} s after it "
            f"came back; ledger {ledger}"
        )
        assert missing == 0
        assert twice == 0
    finally:
        await app.stop()
        await on_shutdown(app)
        await app.shutdown()
        await proxy.close()
