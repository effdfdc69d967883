"""Several instances on one PostgreSQL: two running bots fire the same broadcast and the same
reminders; each chat gets the lesson once, each reminder goes out once, and both did work."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from benchmarks.support import ledger_state, member_ids, seed_database, seed_double
from bot.app.build import build_application, on_shutdown, on_startup
from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.delivery.recovery import GONE_GRACE
from bot.sandbox.double import TelegramDouble
from bot.telegram.context import AppType
from storage.db import INSTANCE_LOCK_SPACE, Database
from storage.models import Delivery
from tests.support.harness import GROUP, settings_for

MEMBERS = 300
# Several instances share PostgreSQL; SQLite runs one instance.
pytestmark = pytest.mark.postgres


async def _start(settings: Settings, clock: FakeClock) -> AppType:
    """One instance: start-up and scheduler, no polling (in production: webhook mode behind a
    load balancer, where updates need no single poller)."""
    app = build_application(settings, clock=clock, broadcast_backoff=0.01)
    await app.initialize()
    await on_startup(app)
    await app.start()
    return app


async def _stop(app: AppType) -> None:
    await app.stop()
    await on_shutdown(app)
    await app.shutdown()


async def test_two_instances_split_a_broadcast_and_send_each_reminder_once(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path, clock: FakeClock
) -> None:
    seed_double(double, MEMBERS)
    await seed_database(db_url, ogg, MEMBERS, clock.now())  # lesson #1 due now
    # Paid broadcasts keep the test quick; the free 30/s limit would split the same way.
    settings = settings_for(double, db_url, tmp_path / "audio", broadcast={"paid": True})
    chats = {GROUP, *member_ids(MEMBERS), 10}
    first = await _start(settings, clock)
    second = await _start(settings, clock)
    try:
        # Both schedulers armed lesson #1 at start and fire it at the same moment.
        await double.wait_until(
            lambda: {m.chat_id for m in double.sent if m.method == "sendVoice"} >= chats,
            timeout=60,
        )
        while (await ledger_state(db_url))[0] != "sent":  # the last rows being recorded
            await double.world.wait_change(0.05)
        # Each instance's ids: a lease lost under load is renewed under a new id, and the rows
        # it sent before carry the old one.
        ids = (
            set(first.bot_data.services.db.instance_ids),
            set(second.bot_data.services.db.instance_ids),
        )
        db = Database(db_url)
        try:
            async with db.transaction() as s:
                by = dict(
                    (
                        await s.execute(
                            select(Delivery.claimed_by, func.count())
                            .where(Delivery.status == "sent")
                            .group_by(Delivery.claimed_by)
                        )
                    ).all()
                )
        finally:
            await db.dispose()
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        assert max(copies.values()) == 1, [c for c, n in copies.items() if n > 1]
        assert sum(by.values()) == len(chats)
        shares = [sum(by.get(i, 0) for i in held) for held in ids]
        assert min(shares) > 0, (by, ids)  # the work was split
        assert double.counters["paid"] >= len(chats)

        # 20:00 in Shanghai: both instances' reminder jobs run at once.
        clock.advance(timedelta(hours=12, minutes=1))
        cur = double.cursor()
        sent = await asyncio.gather(
            first.bot_data.services.reminders.send_due(),
            second.bot_data.services.reminders.send_due(),
        )
        texts = {t("reminder.private", "zh", n=1, title="学习党章")}
        reminders = Counter(
            m.chat_id
            for m in double.sent[cur:]
            if m.text in texts or (m.chat_id == GROUP and m.method == "sendMessage")
        )
        nudged = chats - {10}  # 10 recorded the lesson: no nudge to hear it
        assert set(reminders) == nudged and max(reminders.values()) == 1
        assert sum(sent) == len(nudged) and min(sent) > 0, sent  # split between the two
    finally:
        await _stop(second)
        await _stop(first)


async def test_sends_an_instance_died_holding_go_out_from_the_instance_still_running(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path, clock: FakeClock
) -> None:
    seed_double(double, MEMBERS)
    await seed_database(db_url, ogg, MEMBERS, clock.now())
    settings = settings_for(double, db_url, tmp_path / "audio", broadcast={"paid": True})
    chats = {GROUP, *member_ids(MEMBERS), 10}
    hold = double.hold("sendVoice", after=5)  # the broadcast is under way, and stays so
    app = await _start(settings, clock)
    db = Database(db_url)
    try:
        await double.wait_until(lambda: hold.waiting > 0, timeout=60)
        # Another instance claimed five sends and died before sending them: its id holds no
        # lock any more (an instance's lease), and its rows are in flight under that id.
        async with db.transaction() as s:
            lost = select(Delivery.id).where(Delivery.status == "pending").limit(5)
            ids = list((await s.execute(lost.order_by(Delivery.id.desc()))).scalars())
            # Only rows still pending: one the running instance took meanwhile stays its own.
            claimed = await s.execute(
                update(Delivery)
                .where(Delivery.id.in_(ids), Delivery.status == "pending")
                .values(status="sending", claimed_by=424242, attempts=1)
            )
        assert claimed.rowcount == 5  # type: ignore[attr-defined]
        hold.release()

        async def sent() -> None:
            while (await ledger_state(db_url))[0] != "sent":
                await double.world.wait_change(0.05)

        # Without a restart: the running instance takes the dead one's sends back.
        await asyncio.wait_for(sent(), timeout=60)
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        assert set(copies) == chats and max(copies.values()) == 1
        assert (await ledger_state(db_url))[1] == {"sent": len(chats)}
    finally:
        await db.dispose()
        await _stop(app)


async def test_an_instance_that_loses_its_lease_mid_broadcast_sends_nothing_twice(
    double: TelegramDouble, db_url: str, tmp_path: Path, ogg: Path, clock: FakeClock
) -> None:
    """The lock's connection of one instance dies (a server restart, a network drop, an idle
    timeout; here pg_terminate_backend) while both are sending: it stops claiming under the
    lost lease, makes what it held in flight uncertain, takes a new lease and goes on; the
    other never takes those rows back to send them again."""
    seed_double(double, MEMBERS)
    await seed_database(db_url, ogg, MEMBERS, clock.now())
    settings = settings_for(double, db_url, tmp_path / "audio", broadcast={"paid": True})
    chats = {GROUP, *member_ids(MEMBERS), 10}
    hold = double.hold("sendVoice", after=60)
    first = await _start(settings, clock)
    second = await _start(settings, clock)
    db = Database(db_url)
    try:
        lost_id = first.bot_data.services.db.instance_id

        async def holders() -> set[int]:
            async with db.transaction() as s:
                rows = await s.execute(
                    select(Delivery.claimed_by).where(Delivery.status == "sending").distinct()
                )
                return {int(i) for i in rows.scalars() if i is not None}

        while hold.waiting < 20 or lost_id not in await holders():
            await double.world.wait_change(0.05)
        # What the first instance holds in flight reaches the members, but Telegram's answers
        # are slow to come back: its rows stay in flight while the second runs out of work.
        async with db.transaction() as s:
            held = set(
                (
                    await s.execute(
                        select(Delivery.chat_id).where(
                            Delivery.status == "sending", Delivery.claimed_by == lost_id
                        )
                    )
                ).scalars()
            )
        answers = [double.hold_answers("sendVoice", chat) for chat in held]
        async with db.transaction() as s:
            killed = await s.scalar(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND classid = CAST(:space AS oid) AND objid = CAST(:key AS oid) "
                    "AND objsubid = 2"
                ),
                {"space": INSTANCE_LOCK_SPACE, "key": lost_id},
            )
        assert killed
        hold.release()
        await double.wait_until(
            lambda: {m.chat_id for m in double.sent if m.method == "sendVoice"} >= chats,
            timeout=60,
        )
        # Past the grace another instance gives a gone lease before taking its rows back.
        await asyncio.sleep(GONE_GRACE + 2)
        for answer in answers:
            answer.set()

        async def sent() -> None:
            while (await ledger_state(db_url))[0] != "sent":
                await double.world.wait_change(0.05)

        await asyncio.wait_for(sent(), timeout=90)
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        twice = sum(1 for n in copies.values() if n > 1)
        ledger = (await ledger_state(db_url))[1]
        print(  # the figures for the closing note (pytest -s)
            f"lease lost: {sum(copies.values())} copies to {len(copies)} of {len(chats)} chats, "
            f"{twice} sent twice, {len(chats - set(copies))} missing; ledger {ledger}; "
            f"instance {lost_id} is now {first.bot_data.services.db.instance_id}"
        )
        assert twice == 0, [c for c, n in copies.items() if n > 1]
        assert set(copies) == chats
        assert first.bot_data.services.db.instance_id != lost_id  # a new lease
    finally:
        await db.dispose()
        await _stop(second)
        await _stop(first)
