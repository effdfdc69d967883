"""Flood control that never ends for one chat: the send gives up after its bound, the ledger row
is left as the ledger wants it (never marked delivered, never sent twice), and everyone else
still gets theirs. Through the real bot and the Telegram double."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.sandbox.double import TelegramDouble
from bot.telegram.send_once import MAX_FLOOD_WAITS
from storage.models import Delivery, Reminder
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, eventually, text_of
from tests.support.members_day import broadcast_now, lesson_sent, queue_lesson

# A flooded row ends failed and is sent once by the delivery ledger's claim: the store decides.
pytestmark = pytest.mark.both_stores

# The application's MessageRateLimiter (max_retries=2) tries each send three times itself
# before the sender sees a RetryAfter.
LIMITER_TRIES = 3
# Telegram's waits are whole seconds; a short one keeps the test's twelve waits short.
WAIT = 0.05
# Long enough for the bounded sends (twelve short waits), far too short for an endless one.
DEADLINE = 15.0
EVENING = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai, the reminder time


@contextmanager
def endless_flood(double: TelegramDouble, method: str, chat_id: int) -> Iterator[None]:
    """Every `method` call to `chat_id` is refused by flood control until the block ends (so a
    sender that never gives up fails the test instead of hanging it)."""
    double.fail_next(method, 429, retry_after=WAIT, count=1_000_000, chat_id=chat_id)
    try:
        yield
    finally:
        double.server.faults.clear()


def _tries(double: TelegramDouble, method: str, chat_id: int, since: int) -> int:
    """Calls of `method` to `chat_id` since `since` (an index into double.calls)."""
    return sum(
        1 for c in double.calls[since:] if c.method == method and c.params.get("chat_id") == chat_id
    )


async def test_a_broadcast_gives_up_on_a_chat_flood_control_never_lets_through(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=3)
    flooded = members[0]
    lesson_id = await queue_lesson(bot, ogg)
    calls = len(double.calls)
    with endless_flood(double, "sendVoice", flooded):
        cur = double.cursor()
        double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson_id}")
        await eventually(lesson_sent(bot, lesson_id), timeout=DEADLINE)
    assert _tries(double, "sendVoice", flooded, calls) == (MAX_FLOOD_WAITS + 1) * LIMITER_TRIES
    copies = Counter(m.chat_id for m in double.sent[cur:] if m.method == "sendVoice")
    assert copies == Counter({GROUP: 1, ADMIN: 1, members[1]: 1, members[2]: 1})
    async with bot.services.db.transaction() as s:
        found = await s.execute(select(Delivery.chat_id, Delivery.status))
        rows = {chat: status for chat, status in found.all()}
    # Not delivered, and not lost: a failed copy goes again when the member asks for it.
    assert rows == {
        GROUP: "sent",
        ADMIN: "sent",
        flooded: "failed",
        **dict.fromkeys(members[1:], "sent"),
    }

    cur = double.cursor()
    double.user_sends(flooded, flooded, f"/start l{lesson_id}")
    await double.wait_for(lambda m: m.chat_id == flooded and m.method == "sendVoice", after=cur)

    async def recorded() -> bool:
        async with bot.services.db.transaction() as s:
            status = await s.scalar(select(Delivery.status).where(Delivery.chat_id == flooded))
        return status == "sent"

    await eventually(recorded)
    assert [m.chat_id for m in double.sent if m.method == "sendVoice"].count(flooded) == 1


async def test_a_reminder_gives_up_on_a_chat_flood_control_never_lets_through(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:

    members = await bound_group(bot, double, members=3)
    await broadcast_now(bot, double, ogg)
    flooded = members[0]
    clock.set(EVENING)
    cur, calls = double.cursor(), len(double.calls)
    with endless_flood(double, "sendMessage", flooded):
        sent = await asyncio.wait_for(bot.services.reminders.send_due(), DEADLINE)
    assert _tries(double, "sendMessage", flooded, calls) == (MAX_FLOOD_WAITS + 1) * LIMITER_TRIES
    # The group's figure and the other two nudges went (none to ADMIN, the lesson's author);
    # the flooded member got nothing.
    assert sent == 3
    nudged = Counter(m.chat_id for m in double.sent[cur:] if text_of(m).startswith("📚"))
    assert nudged == Counter({members[1]: 1, members[2]: 1})
    async with bot.services.db.transaction() as s:
        found = await s.execute(select(Reminder.chat_id, Reminder.status))
        rows = {chat: status for chat, status in found.all()}
    assert rows[flooded] == "failed"
    assert {rows[c] for c in [GROUP, *members[1:]]} == {"sent"} and ADMIN not in rows

    # The next run, with Telegram calm again, sends nothing twice and nothing new.
    cur = double.cursor()
    assert await bot.services.reminders.send_due() == 0
    assert [m for m in double.sent[cur:] if m.method == "sendMessage"] == []
