"""Evening reminders, leave and streaks over several days, and the live count on the button."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Reminder
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    running_bot,
    say,
    settings_for,
    settled,
    start_bot,
    text_of,
)
from tests.support.members_day import broadcast_now, press

# Monday 2026-03-02 in Shanghai (UTC+8).
EVENING = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 20:00, the default reminder time


def _nudges(double: TelegramDouble, after: int = 0) -> list[int]:
    return [
        m.chat_id
        for m in double.sent[after:]
        if m.chat_id > 0 and text_of(m).startswith("📚 今天的微党课")
    ]


def _group_lines(double: TelegramDouble, after: int = 0) -> list[str]:
    return [
        text_of(m) for m in double.sent[after:] if m.chat_id == GROUP and "已收听" in text_of(m)
    ]


async def test_reminder_nudges_only_who_should_listen_and_names_nobody_in_the_group(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b, c, d, e, f = await bound_group(bot, double, members=6)
    out = await broadcast_now(bot, double, ogg)
    await press(double, GROUP, a, out.group_message.message_id, "listen:1")  # listened
    assert (await say(double, b, b, "/leave 2026-03-02")).startswith("已登记请假")  # on leave
    double.user_blocks_bot(c)  # blocked the bot: unreachable
    double.user_leaves(GROUP, d)  # left the group
    assert await say(double, e, e, "/stop") == t("stop.done", "zh")  # no private pushes
    await settled(bot)

    clock.set(EVENING - timedelta(minutes=1))
    cur = double.cursor()
    await bot.services.reminders.send_due()
    assert _nudges(double, cur) == [] and _group_lines(double, cur) == []

    clock.set(EVENING)
    await bot.services.reminders.send_due()
    await bot.services.reminders.send_due()  # a second run sends nothing more
    assert sorted(_nudges(double, cur)) == [f]  # ADMIN recorded the lesson: no nudge
    # Present: ADMIN a b c e f (d left); b is on leave and has not listened: 1 of 5.
    assert _group_lines(double, cur) == [t("reminder.group", "zh", n=1, listened=1, expected=5)]
    nudge = next(m for m in double.sent[cur:] if m.chat_id == f)
    assert nudge.reply_to_message_id == out.copies[f].message_id
    buttons = (nudge.reply_markup or {})["inline_keyboard"]
    assert buttons[0][0]["url"].endswith("?start=l1")
    assert buttons[0][1]["callback_data"] == "wn:1"  # 「✍️ 写心得」 beside 「🎧 去收听」

    clock.set(EVENING + timedelta(days=1))  # the next evening: yesterday's lesson is done
    cur = double.cursor()
    await bot.services.reminders.send_due()
    assert _nudges(double, cur) == [] and _group_lines(double, cur) == []


@pytest.mark.both_stores
async def test_reminders_survive_a_restart_without_sending_anything_twice(
    double: TelegramDouble, settings: Settings, clock: FakeClock, ogg: Path
) -> None:
    first = await start_bot(double, settings, clock)
    members = await bound_group(first, double, members=4)
    await broadcast_now(first, double, ogg)
    # The bot is down at 20:00; it was writing the ledger when it crashed, one nudge in flight.
    clock.set(EVENING + timedelta(minutes=30))
    service = first.services.reminders._reminders
    await service.due()
    async with first.services.db.transaction() as s:
        await s.execute(
            update(Reminder).where(Reminder.chat_id == members[0]).values(status="sending")
        )
    await first.stop()

    second = await start_bot(double, settings, clock)
    try:
        cur = double.cursor()
        await second.services.reminders.send_due()
        await second.services.reminders.send_due()
        # At most once: the nudge in flight at the crash is not sent again.
        assert sorted(_nudges(double, cur)) == sorted(members[1:])  # not ADMIN, its author
        assert len(_group_lines(double, cur)) == 1
        async with second.services.db.transaction() as s:
            statuses = dict((await s.execute(select(Reminder.chat_id, Reminder.status))).all())
        assert statuses[members[0]] == "sending"
        assert {statuses[m] for m in [GROUP, *members[1:]]} == {"sent"}
        assert ADMIN not in statuses
    finally:
        await second.stop()


async def test_a_blocked_member_is_marked_unreachable_by_the_reminder_and_others_still_get_it(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=3)
    await broadcast_now(bot, double, ogg)
    # Blocked without the bot hearing of it (no my_chat_member update reached it).
    double.world.user(members[0]).blocked = True
    clock.set(EVENING)
    cur = double.cursor()
    await bot.services.reminders.send_due()
    assert sorted(_nudges(double, cur)) == sorted([members[1], members[2]])
    async with bot.services.db.transaction() as s:
        status = await s.scalar(select(Reminder.status).where(Reminder.chat_id == members[0]))
    assert status == "unreachable"


async def test_streak_spans_days_without_a_broadcast_and_days_on_leave(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    # b takes Tuesday off; neither listens on Tuesday; Thursday has no lesson.
    assert (await say(double, b, b, "/leave 2026-03-03")).startswith("已登记请假")
    answers: dict[int, list[str]] = {a: [], b: []}
    for day in (0, 1, 2, 4):  # Mon Tue Wed Fri
        clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC) + timedelta(days=day))
        out = await broadcast_now(bot, double, ogg, title=f"第{day + 1}天")
        if day == 1:
            continue
        for m in (a, b):
            answers[m].append(
                await press(
                    double, GROUP, m, out.group_message.message_id, f"listen:{out.lesson_id}"
                )
            )

    def streaks(texts: list[str]) -> list[int]:
        return [int(x.rsplit("连续学习 ", 1)[1].split(" ")[0]) for x in texts]

    assert streaks(answers[a]) == [1, 1, 2]  # Tuesday broke it; Thursday (no lesson) did not
    assert streaks(answers[b]) == [1, 2, 3]  # leave on Tuesday kept it


async def test_live_count_on_the_button_is_edited_at_most_once_per_interval(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(
        double, db_url, tmp_path / "audio", broadcast={"live_count_seconds": 0.4}
    )
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=6)
        out = await broadcast_now(bot, double, ogg)
        msg = out.group_message.message_id
        # The first edit waits in Telegram while the other five press, however fast or slow
        # the machine: a bot that edited on every press would send five more edits meanwhile.
        hold = double.hold("editMessageReplyMarkup", chat_id=GROUP)
        for m in members:  # one after another, each answered before the next
            await press(double, GROUP, m, msg, "listen:1")
        await double.wait_until(lambda: hold.waiting > 0)
        assert len(double.calls_to("editMessageReplyMarkup")) == 1
        hold.release()

        def shown() -> str:
            markup = double.world.message(GROUP, msg) or {}
            return str(markup["reply_markup"]["inline_keyboard"][0][0]["text"])

        await double.wait_until(lambda: shown() == "✅ 已收听 6", timeout=5)
        edits = [c for c in double.calls_to("editMessageReplyMarkup") if c.status == 200]
        gaps = [b.time - a.time for a, b in itertools.pairwise(edits)]
        assert len(edits) == 2 and all(gap >= 0.4 for gap in gaps), gaps
        final = double.world.message(GROUP, msg) or {}
        assert final["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "listen:1"
