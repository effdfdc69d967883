"""/unbind stops every future broadcast to the group and its subscribers; the secretary is told
what was queued and can still list, cancel, or move those lessons to another group they run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.core.vocabulary import LessonStatus
from bot.sandbox.double import TelegramDouble
from scheduler.runner import job_id
from storage.models import Lesson
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    settled,
    start_bot,
    text_of,
)
from tests.support.members_day import lesson_sent, press, queue_lesson

SLOT = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # Tuesday 07:30 in Shanghai
OTHER = -2002


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
        # Restored from the database: the held lesson is not armed again.
        await _nothing_armed_and_held(restarted, lesson_id)
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
    assert told == t("unbind.done_held", "zh", lessons=f"#{lesson_id}“学习党章”")

    # The job armed before the unbind is taken away, and the lesson is held: past the slot
    # nothing goes out.
    await _nothing_armed_and_held(bot, lesson_id)
    clock.set(SLOT + timedelta(seconds=5))
    await settled(bot)
    assert [m for m in double.sent[cur:] if m.method == "sendVoice"] == []
    return lesson_id


async def _nothing_armed_and_held(bot: RunningBot, lesson_id: int) -> None:
    jobs = bot.app.job_queue
    assert jobs is not None
    await eventually(lambda: _no_job(jobs, lesson_id))
    async with bot.services.db.reading() as s:
        lesson = await s.get(Lesson, lesson_id)
    assert lesson is not None and lesson.status == LessonStatus.HELD


async def _no_job(jobs: Any, lesson_id: int) -> bool:
    return not jobs.get_jobs_by_name(job_id(lesson_id))


async def test_a_held_lesson_moves_to_another_group_its_secretary_runs_and_goes_out_there(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    double.add_group(OTHER, "第二党支部", type="supergroup")
    double.set_member(OTHER, ADMIN, "creator")
    double.add_bot_to_group(OTHER, ADMIN)
    await say(double, OTHER, ADMIN, "/bind")
    lesson_id = await queue_lesson(bot, ogg, title="学习党章")
    await say(double, GROUP, ADMIN, "/unbind")
    assert await say(double, ADMIN, ADMIN, f"/sendnow {lesson_id}") == t(
        "lesson.group_unbound", "zh", n=lesson_id
    )

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, f"/move {lesson_id}")
    offer = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert offer.text == t("lesson.move_pick", "zh", n=lesson_id)
    other = await bot.services.groups.get(OTHER)
    assert other is not None
    (button,) = [b for row in (offer.reply_markup or {})["inline_keyboard"] for b in row]
    assert button == {"text": "第二党支部", "callback_data": f"mv:{lesson_id}:{other.id}"}
    # A forged target (the unbound group itself) is refused.
    first = await bot.services.groups.get(GROUP)
    assert first is not None
    forged = await press(
        double, ADMIN, ADMIN, offer.message_id, f"mv:{lesson_id}:{first.id}", check=False
    )
    assert forged == t("lesson.move_not_yours", "zh")

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, offer.message_id, button["callback_data"])
    moved = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(moved).startswith(f"已将课程 #{lesson_id}“学习党章”移到「第二党支部」")

    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson_id}")
    await eventually(lesson_sent(bot, lesson_id), timeout=10)
    voices = {m.chat_id for m in double.sent[cur:] if m.method == "sendVoice"}
    assert OTHER in voices and GROUP not in voices
