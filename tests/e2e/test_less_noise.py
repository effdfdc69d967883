"""Less noise: nobody is reminded of what he made himself."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.core.clock import FakeClock
from bot.sandbox.double import TelegramDouble
from tests.e2e.test_events import announce, at, reminders
from tests.support.harness import ADMIN, RunningBot, bound_group, settled, text_of
from tests.support.members_day import broadcast_now

EVENING = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai, the reminder time


async def test_the_lessons_author_gets_no_nudge_to_hear_his_own_lesson(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    (member,) = await bound_group(bot, double, members=1)
    await broadcast_now(bot, double, ogg, author=ADMIN)
    await settled(bot)
    clock.set(EVENING)
    cur = double.cursor()
    await bot.services.reminders.send_due()
    nudged = [
        m.chat_id
        for m in double.sent[cur:]
        if m.chat_id > 0 and text_of(m).startswith("📚 今天的微党课")
    ]
    assert nudged == [member]


async def test_the_events_creator_is_not_told_he_has_not_replied(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    await announce(double, "/event 2026-03-04 14:30 主题党日 学习党章 三楼会议室")
    at(clock, "2026-03-03 14:30")
    assert await reminders(bot, double) == sorted(m)
    at(clock, "2026-03-04 13:30")
    assert await reminders(bot, double) == sorted(m)
