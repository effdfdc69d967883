"""Exactly once inside a running process: lesson links tapped twice at once during a broadcast."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.delivery.plans import SentCopy
from bot.sandbox.double import TelegramDouble
from bot.telegram import callback_data
from storage.models import Delivery, Lesson
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    running_bot,
    say,
    settings_for,
    settled,
)
from tests.support.members_day import broadcast_now, lesson_sent, listens, press, queue_lesson


async def _lesson_status(bot: RunningBot, lesson_id: int) -> str:
    async with bot.services.db.transaction() as s:
        lesson = await s.get(Lesson, lesson_id)
        return lesson.status if lesson else "absent"


@pytest.mark.both_stores
async def test_members_tapping_the_lesson_link_twice_during_the_broadcast_get_one_copy(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    # Twenty members, forty taps: the hold below makes every tap meet the broadcast in flight,
    # so more members add only time (each tap's answers are paced at 30 a second).
    members = await bound_group(bot, double, members=20)
    lesson_id = await queue_lesson(bot, ogg)
    # The group's copy goes out; every other copy waits in Telegram until all the taps are in
    # the bot's hands, so they meet the broadcast in flight however fast the machine is.
    hold = double.hold("sendVoice", after=1)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson_id}")
    await double.wait_until(lambda: any(m.chat_id == GROUP for m in double.sent[cur:]))
    await double.wait_until(lambda: hold.waiting > 0)
    for m in members:
        double.user_sends(m, m, f"/start l{lesson_id}")
        double.user_sends(m, m, f"/start l{lesson_id}")
    await double.wait_until(
        lambda: not double.pending_updates and bot.app.update_queue.empty(), timeout=30
    )
    assert await _lesson_status(bot, lesson_id) == "sending"
    hold.release()

    await eventually(lesson_sent(bot, lesson_id), timeout=30)
    # Each tap is answered with two or three messages, paced at 30 a second by the limiter.
    await settled(bot, timeout=30)
    copies = Counter(m.chat_id for m in double.sent[cur:] if m.method == "sendVoice")
    assert copies == Counter({GROUP: 1, ADMIN: 1, **{m: 1 for m in members}})
    async with bot.services.db.transaction() as s:
        statuses = set((await s.execute(select(Delivery.status))).scalars())
    assert statuses == {"sent"}


@pytest.mark.both_stores
async def test_a_delivery_that_cannot_be_recorded_leaves_no_lesson_stuck_sending(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=3)
    broken = members[1]
    deliveries = bot.services.deliveries
    record = deliveries.record_sent

    # Sent copies are written in batches; any batch holding the broken row cannot be written,
    # so its row is tried alone, fails again, and the others of its batch still are recorded.
    async def faulty(lesson_id: int, copies: list[SentCopy]) -> None:
        async with bot.services.db.transaction() as s:
            rows = select(Delivery.id).where(Delivery.chat_id == broken)
            broken_row = (await s.execute(rows)).scalar_one()
        if any(c.delivery_id == broken_row for c in copies):
            raise OperationalError("UPDATE deliveries", {}, Exception("disk I/O error"))
        await record(lesson_id, copies)

    deliveries.record_sent = faulty  # type: ignore[method-assign]  # a fault at one boundary
    lesson_id = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, f"/sendnow {lesson_id}") == t(
        "lesson.sending_now", "zh", n=lesson_id
    )

    async def ledger() -> dict[int, str]:
        async with bot.services.db.transaction() as s:
            rows = await s.execute(select(Delivery.chat_id, Delivery.status))
            return dict(rows.all())

    await eventually(lesson_sent(bot, lesson_id))  # not stuck in "sending" until a restart
    statuses = await ledger()
    assert statuses[broken] == "uncertain"  # Telegram has it; never sent a second time
    assert {statuses[c] for c in (GROUP, ADMIN, members[0], members[2])} == {"sent"}
    assert await say(double, ADMIN, ADMIN, f"/sendnow {lesson_id}") == t(
        "lesson.already_sent", "zh", n=lesson_id
    )


@pytest.mark.both_stores
async def test_a_send_that_timed_out_is_uncertain_and_never_sent_twice(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", telegram={"request_timeout": 1})
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=2)
        slow = members[0]
        # Telegram takes the message but answers only after the bot has stopped waiting.
        hold = double.hold("sendVoice", chat_id=slow)
        out = await broadcast_now(bot, double, ogg)  # returns once the ledger is settled
        hold.release()
        async with bot.services.db.transaction() as s:
            rows = dict((await s.execute(select(Delivery.chat_id, Delivery.status))).all())
        assert rows[slow] == "uncertain"
        assert rows[members[1]] == "sent" and out.lesson_id == 1
        attempts = [c for c in double.calls_to("sendVoice") if c.params.get("chat_id") == slow]
        assert len(attempts) == 1  # not retried
        await double.wait_until(
            lambda: any(m.chat_id == slow and m.method == "sendVoice" for m in double.sent)
        )
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        assert copies[slow] == 1


async def test_a_stranger_repeating_start_and_uploads_costs_one_round_of_membership_checks(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double)
    stranger = 4242
    double.add_user(stranger, "陌生人")
    before = len(double.calls_to("getChatMember"))
    for _ in range(3):
        double.user_sends(stranger, stranger, "/start")
        await settled(bot)
    for _ in range(3):
        cur = double.cursor()
        double.user_sends_file(stranger, stranger, "voice", ogg, duration=12)
        answer = await double.wait_for(lambda m: m.chat_id == stranger, after=cur)
        assert answer.text == t("intake.not_secretary", "zh")
    await settled(bot)
    asked = [
        c for c in double.calls_to("getChatMember")[before:] if c.params["user_id"] == stranger
    ]
    assert len(asked) == 1  # one bound group, asked once
    clock.advance(timedelta(minutes=11))  # later, Telegram may be asked again
    double.user_sends(stranger, stranger, "/start")
    await settled(bot)
    asked = [
        c for c in double.calls_to("getChatMember")[before:] if c.params["user_id"] == stranger
    ]
    assert len(asked) == 2


@pytest.mark.both_stores
async def test_a_press_or_a_reply_on_a_copy_whose_send_timed_out_counts_and_confirms_it(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", telegram={"request_timeout": 0.5})
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=2)
        slow = members[0]
        # The group's copy and one private copy arrive, but their answers come too late.
        double.delay("sendVoice", 0.8, chat_id=GROUP)
        double.delay("sendVoice", 0.8, chat_id=slow)
        lesson_id = await queue_lesson(bot, ogg)
        double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson_id}")

        async def ledger() -> dict[int, tuple[str, int | None]]:
            async with bot.services.db.transaction() as s:
                rows = await s.execute(
                    select(Delivery.chat_id, Delivery.status, Delivery.message_id)
                )
                return {c: (st, m) for c, st, m in rows.all()}

        await eventually(lesson_sent(bot, lesson_id), timeout=10)
        assert (await ledger())[GROUP] == ("uncertain", None)
        assert (await ledger())[slow] == ("uncertain", None)
        await double.wait_until(
            lambda: {GROUP, slow} <= {m.chat_id for m in double.sent if m.method == "sendVoice"}
        )
        group_copy = next(m for m in double.sent if m.chat_id == GROUP and m.method == "sendVoice")
        own_copy = next(m for m in double.sent if m.chat_id == slow and m.method == "sendVoice")

        answer = await press(double, slow, slow, own_copy.message_id, callback_data.listen(1))
        assert answer.startswith("已记录")
        cur = double.cursor()
        double.user_sends(
            GROUP,
            members[1],
            "学习党章，体会很深，联系实际。",
            reply_to_message_id=group_copy.message_id,
        )
        await double.wait_for(lambda m: m.chat_id == members[1], after=cur)
        assert await listens(bot, lesson_id) == {
            (slow, "button", "on_day"),
            (members[1], "note", "on_day"),
        }
        rows = await ledger()
        assert rows[GROUP] == ("sent", group_copy.message_id)
        assert rows[slow] == ("sent", own_copy.message_id)


@pytest.mark.both_stores
async def test_a_press_on_a_copy_whose_answer_is_still_on_its_way_counts_and_confirms_it(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    member = members[0]
    # Telegram has delivered the copy; its answer to the bot is late (the bot still waits).
    release = double.hold_answers("sendVoice", member)
    lesson_id = await queue_lesson(bot, ogg)
    double.user_sends(ADMIN, ADMIN, f"/sendnow {lesson_id}")
    await double.wait_until(
        lambda: any(m.chat_id == member and m.method == "sendVoice" for m in double.sent)
    )
    copy = next(m for m in double.sent if m.chat_id == member and m.method == "sendVoice")
    answer = await press(double, member, member, copy.message_id, callback_data.listen(1))
    assert answer.startswith("已记录")
    async with bot.services.db.transaction() as s:
        row = (
            await s.execute(
                select(Delivery.status, Delivery.message_id).where(Delivery.chat_id == member)
            )
        ).one()
    assert tuple(row) == ("sent", copy.message_id)
    release.set()

    await eventually(lesson_sent(bot, lesson_id))
    async with bot.services.db.transaction() as s:
        row = (
            await s.execute(
                select(Delivery.status, Delivery.message_id).where(Delivery.chat_id == member)
            )
        ).one()
    assert tuple(row) == ("sent", copy.message_id)
    assert sum(1 for m in double.sent if m.chat_id == member and m.method == "sendVoice") == 1
