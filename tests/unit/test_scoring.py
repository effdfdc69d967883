"""Points and streak rules, and the group commit that writes presses together."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.config import PointsSettings
from bot.core.scoring import (
    LeaveRange,
    Timing,
    capped,
    day_bounds,
    lesson_day,
    listen_points,
    streak,
    timing_of,
)
from bot.engagement.group_commit import GroupCommit

SHANGHAI = "Asia/Shanghai"
BERLIN = "Europe/Berlin"
MON = date(2026, 3, 2)


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=o) for o in offsets]


def test_streak_counts_consecutive_broadcast_days_listened() -> None:
    assert streak(days(0, 1, 2), set(days(0, 1, 2)), [], MON + timedelta(days=2)) == 3
    assert streak(days(0, 1, 2), set(days(0, 2)), [], MON + timedelta(days=2)) == 1


def test_days_without_a_broadcast_never_break_a_streak() -> None:
    # Friday, then Monday: the weekend had no lesson.
    assert streak(days(-3, 0), set(days(-3, 0)), [], MON) == 2


def test_a_day_on_leave_is_passed_over_not_counted() -> None:
    leave = [LeaveRange(MON + timedelta(days=1), MON + timedelta(days=1))]
    assert streak(days(0, 1, 2), set(days(0, 2)), leave, MON + timedelta(days=2)) == 2


def test_todays_lesson_not_yet_heard_does_not_break_the_streak_until_the_day_is_over() -> None:
    assert streak(days(0, 1), set(days(0)), [], MON + timedelta(days=1)) == 1
    assert streak(days(0, 1), set(days(0)), [], MON + timedelta(days=2)) == 0


def test_listening_on_the_lessons_local_day_is_on_time_then_make_up_then_late() -> None:
    slot = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # Tuesday 07:30 in Shanghai
    tuesday_night = datetime(2026, 3, 3, 15, 59, tzinfo=UTC)  # 23:59 Shanghai
    assert timing_of(slot, SHANGHAI, tuesday_night, 72) is Timing.ON_DAY
    assert timing_of(slot, SHANGHAI, tuesday_night + timedelta(minutes=2), 72) is Timing.MAKEUP
    assert timing_of(slot, SHANGHAI, slot + timedelta(hours=72), 72) is Timing.MAKEUP
    assert timing_of(slot, SHANGHAI, slot + timedelta(hours=72, seconds=1), 72) is Timing.LATE


def test_a_local_day_across_the_spring_dst_change_is_23_hours() -> None:
    start, end = day_bounds(date(2026, 3, 29), BERLIN)
    assert end - start == timedelta(hours=23)
    # 00:30 local on the day after is that day, not the day of the change.
    assert lesson_day(end + timedelta(minutes=30), BERLIN) == date(2026, 3, 30)


def test_points_by_timing_and_the_daily_cap() -> None:
    rules = PointsSettings(listen=1, makeup=1, note=2, daily_cap=3)
    assert [listen_points(rules, t) for t in Timing] == [1, 1, 0]
    assert capped(2, earned_today=2, daily_cap=3) == 1
    assert capped(2, earned_today=5, daily_cap=3) == 0


async def test_group_commit_writes_concurrent_submissions_in_few_batches_in_order() -> None:
    batches: list[list[int]] = []

    async def process(items: Sequence[int]) -> list[int]:
        batches.append(list(items))
        await asyncio.sleep(0)
        return [i * 10 for i in items]

    commit: GroupCommit[int, int] = GroupCommit(process)
    results = await asyncio.gather(*(commit.submit(i) for i in range(50)))
    assert results == [i * 10 for i in range(50)]
    assert sorted(i for b in batches for i in b) == list(range(50))
    assert len(batches) <= 3


async def test_group_commit_gives_a_failed_batch_its_error_and_keeps_working() -> None:
    calls = 0

    async def process(items: Sequence[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("disk full")
        return list(items)

    commit: GroupCommit[int, int] = GroupCommit(process)
    with pytest.raises(ValueError, match="disk full"):
        await commit.submit(1)
    assert await commit.submit(2) == 2


async def test_group_commit_goes_on_when_a_waiting_caller_is_cancelled() -> None:
    gate, writing = asyncio.Event(), asyncio.Event()

    async def process(items: Sequence[int]) -> list[int]:
        writing.set()
        await gate.wait()
        return list(items)

    commit: GroupCommit[int, int] = GroupCommit(process)
    first = asyncio.ensure_future(commit.submit(1))
    await writing.wait()  # the first batch is being written
    cancelled = asyncio.ensure_future(commit.submit(2))
    third = asyncio.ensure_future(commit.submit(3))
    # One turn of the loop: both new callers run (in order) up to waiting for their turn.
    await asyncio.sleep(0)
    assert not cancelled.done() and not third.done()
    cancelled.cancel()
    gate.set()
    assert list(await asyncio.wait_for(asyncio.gather(first, third), timeout=5)) == [1, 3]
