"""/unbind stops every future broadcast to the group and its subscribers; the secretary is told
what was queued and can still list and cancel those lessons."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, start_bot
from tests.support.members_day import queue_lesson

SLOT = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # Tuesday 07:30 in Shanghai


@pytest.mark.both_stores
async def test_unbinding_holds_the_queued_lessons_and_the_secretary_keeps_them(
    double: TelegramDouble, settings: Settings, clock: FakeClock, ogg: Path
) -> None:
    bot = await start_bot(double, settings, clock)
    try:
        lesson_id = await _unbind_with_a_lesson_queued(bot, double, clock, ogg)
    finally:
        await bot.stop()
    cur = double.cursor()
    # Nor after a restart inside the catch-up window.
    restarted = await start_bot(double, settings, clock)
    try:
        await asyncio.sleep(1)
        assert [m for m in double.sent[cur:] if m.method == "sendVoice"] == []

        listed = await say(double, ADMIN, ADMIN, "/lessons")
        assert f"#{lesson_id}" in listed and t("lesson.status_held", "zh") in listed
        assert await say(double, ADMIN, ADMIN, f"/cancel {lesson_id}") == t(
            "lesson.cancel_done", "zh", n=lesson_id, title="学习党章"
        )
    finally:
        await restarted.stop()


async def _unbind_with_a_lesson_queued(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> int:
    await bound_group(bot, double, members=2)
    clock.set(SLOT - timedelta(seconds=2))
    lesson_id = await queue_lesson(bot, ogg, title="学习党章")
    cur = double.cursor()

    told = await say(double, GROUP, ADMIN, "/unbind")
    assert told == t("unbind.done_held", "zh", lessons=f"#{lesson_id}「学习党章」")

    # Past the slot, with the job armed before the unbind: nothing goes out.
    clock.set(SLOT + timedelta(seconds=5))
    await asyncio.sleep(3)
    assert [m for m in double.sent[cur:] if m.method == "sendVoice"] == []
    return lesson_id
