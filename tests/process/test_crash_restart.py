"""SIGKILL in the middle of a broadcast, then a restart: everyone ends with exactly one copy,
except at most the sends that were in flight at the kill."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.support import (
    BotProcess,
    chats_in,
    ledger_state,
    member_ids,
    seed_database,
    seed_double,
    write_config,
)
from bot.sandbox.double import TelegramDouble
from tests.support.harness import ADMIN, GROUP

MEMBERS = 60


@pytest.mark.both_stores
async def test_sigkill_mid_broadcast_then_restart_sends_each_chat_one_copy(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path
) -> None:
    seed_double(double, MEMBERS)
    # Due one second ago in real time: the bot sends it as soon as it starts.
    await seed_database(db_url, ogg, MEMBERS, datetime.now(UTC))
    config = write_config(tmp_path, double, db_url)
    bot = BotProcess(config, tmp_path / "bot.log")
    # Twenty copies go out, the rest wait in Telegram: the kill lands mid-broadcast on any machine.
    hold = double.hold("sendVoice", after=20)

    bot.start()
    try:
        await double.wait_until(lambda: hold.waiting > 0, timeout=60)
        bot.kill()
        assert len([m for m in double.sent if m.method == "sendVoice"]) == 20
        status, _ = await ledger_state(db_url)
        assert status == "sending"
        # In flight = the ledger had claimed the send but not yet recorded its answer.
        in_flight = await chats_in(db_url, "sending")
        # The held calls reached Telegram before the kill: they take effect, as they would.
        hold.release()
        await double.wait_until(lambda: hold.waiting == 0)

        bot.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while (await ledger_state(db_url))[0] != "sent":
            assert loop.time() < deadline, (tmp_path / "bot.log").read_text()[-3000:]
            await asyncio.sleep(0.2)
    finally:
        await bot.stop()

    copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
    everyone = [GROUP, ADMIN, *member_ids(MEMBERS)]
    assert set(copies) == set(everyone)
    duplicated = {chat for chat, n in copies.items() if n > 1}
    assert duplicated <= in_flight, (copies, in_flight)
    assert max(copies.values()) <= 2
    _, ledger = await ledger_state(db_url)
    assert ledger == {"sent": len(everyone)}
    assert double.uploads == 1
