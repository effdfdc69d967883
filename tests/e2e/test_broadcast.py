"""The morning broadcast end to end: on time, once per chat, through restarts and refusals."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.config import Settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from scheduler import alerts
from storage.models import Delivery, Group, Lesson, Member
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

# Tuesday 2026-03-03 07:30 in Shanghai.
SLOT = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)


def _voices(double: TelegramDouble, after: int = 0) -> list[SentMessage]:
    return [
        m
        for m in double.sent[after:]
        if (m.method == "sendVoice" and m.chat_id != ADMIN)
        or (m.method == "sendVoice" and m.chat_id == ADMIN and "📚" in text_of(m))
    ]


def _copies(double: TelegramDouble, after: int = 0) -> Counter[int]:
    return Counter(m.chat_id for m in _voices(double, after))


async def _upload(double: TelegramDouble, path: Path, title: str = "学习党章") -> SentMessage:
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", path, caption=title, duration=14)
    return await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.method == "sendVoice", after=cur, timeout=30
    )


async def _ledger(bot: RunningBot, lesson_id: int = 1) -> dict[int, str]:
    async with bot.services.db.transaction() as s:
        rows = await s.execute(
            select(Delivery.chat_id, Delivery.status).where(Delivery.lesson_id == lesson_id)
        )
        return {chat: status for chat, status in rows.all()}


async def _lesson_status(bot: RunningBot, lesson_id: int = 1) -> str:
    async with bot.services.db.transaction() as s:
        lesson = await s.get(Lesson, lesson_id)
        return lesson.status if lesson else "absent"


async def _sent(bot: RunningBot, lesson_id: int = 1) -> bool:
    return await _lesson_status(bot, lesson_id) == "sent"


@pytest.mark.both_stores
async def test_scheduled_send_reaches_group_and_subscribers_once_with_one_upload(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=3)
    double.add_user(90, "没开机器人")  # in the group, never started the bot: not subscribed
    double.set_member(GROUP, 90, "member")
    double.user_sends(GROUP, 90, "大家好")
    clock.set(SLOT - timedelta(seconds=2))
    preview = await _upload(double, recordings["ogg_opus"])
    cur = double.cursor()

    await eventually(lambda: _sent(bot), timeout=10)
    copies = _copies(double, cur)
    assert copies == Counter({GROUP: 1, ADMIN: 1, **{m: 1 for m in members}})
    assert double.uploads == 1  # the preview; every broadcast send reused its file_id
    group_msg = next(m for m in _voices(double, cur) if m.chat_id == GROUP)
    assert group_msg.file_id == preview.file_id
    caption = text_of(group_msg)
    assert "#1“学习党章”" in caption and "3月3日（周二）" in caption
    buttons = [b for row in (group_msg.reply_markup or {})["inline_keyboard"] for b in row]
    assert buttons[0]["callback_data"] == "listen:1" and buttons[0]["text"] == "✅ 已收听"
    assert buttons[1]["url"] == "https://t.me/microlesson_test_bot?start=l1"
    ledger = await _ledger(bot)
    assert ledger == {GROUP: "sent", ADMIN: "sent", **{m: "sent" for m in members}}

    # Members acknowledge with the first button.
    qid = double.press_button(GROUP, members[0], group_msg.message_id, "listen:1")
    await double.wait_until(lambda: qid in double.callback_answers)
    streak = t("listen.streak", "zh", n=1)
    assert double.callback_answers[qid]["text"] == t("listen.recorded", "zh", points=1) + streak
    qid = double.press_button(GROUP, members[0], group_msg.message_id, "listen:1")
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("listen.already", "zh") + streak


async def test_send_now_and_stop_unsubscribes(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=2)
    assert await say(double, members[1], members[1], "/stop") == t("stop.done", "zh")
    await _upload(double, recordings["ogg_opus"])
    cur = double.cursor()
    assert await say(double, ADMIN, ADMIN, "/sendnow 1") == t("lesson.sending_now", "zh", n=1)
    await eventually(lambda: _sent(bot), timeout=10)
    assert _copies(double, cur) == Counter({GROUP: 1, ADMIN: 1, members[0]: 1})
    assert await say(double, ADMIN, ADMIN, "/sendnow 1") == t("lesson.already_sent", "zh", n=1)


async def test_blocked_and_never_started_members_are_unreachable_not_stalled(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=4)
    double.user_blocks_bot(members[0])
    # Telegram says "never started" for members[1] (e.g. the account was re-created).
    double.fail_next(
        "sendVoice",
        403,
        "Forbidden: bot can't initiate conversation with a user",
        chat_id=members[1],
    )
    await _upload(double, recordings["ogg_opus"])
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, "/sendnow 1")
    await eventually(lambda: _sent(bot), timeout=10)
    assert _copies(double, cur) == Counter({GROUP: 1, ADMIN: 1, members[2]: 1, members[3]: 1})
    ledger = await _ledger(bot)
    assert ledger[members[0]] == "unreachable" and ledger[members[1]] == "unreachable"
    async with bot.services.db.transaction() as s:
        blocked = await s.get(Member, members[0])
    assert blocked is not None and not blocked.reachable

    # Starting the bot again makes them reachable for the next lesson.
    double.user_unblocks(members[0])
    cur = double.cursor()
    double.user_sends(members[0], members[0], "/start")
    await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    await eventually(lambda: _reachable(bot, members[0]))


async def _reachable(bot: RunningBot, user_id: int) -> bool:
    async with bot.services.db.transaction() as s:
        member = await s.get(Member, user_id)
        return member is not None and member.reachable


async def test_migrated_group_gets_the_lesson_under_its_new_id(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double, members=1)
    new_id = -1009999
    double.add_group(new_id, "第一党支部", type="supergroup")
    double.set_member(new_id, ADMIN, "creator")
    double.set_member(new_id, 123456789, "member")
    double.fail_next(
        "sendVoice",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_id,
        chat_id=GROUP,
    )
    await _upload(double, recordings["ogg_opus"])
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, "/sendnow 1")
    await eventually(lambda: _sent(bot), timeout=10)
    copies = _copies(double, cur)
    assert copies[new_id] == 1 and copies[GROUP] == 0
    group = await bot.services.groups.get(new_id)
    assert group is not None and group.bound
    assert (await _ledger(bot))[new_id] == "sent"


@pytest.mark.both_stores
async def test_flood_control_429s_mid_broadcast_lose_and_repeat_nothing(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=12)
    await _upload(double, recordings["ogg_opus"])
    double.set_flood_control(True, global_per_second=4)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    await eventually(lambda: _sent(bot), timeout=30)
    assert double.counters["rate_limited"] > 0  # Telegram did refuse some sends
    assert _copies(double, cur) == Counter({GROUP: 1, ADMIN: 1, **{m: 1 for m in members}})
    assert set((await _ledger(bot)).values()) == {"sent"}


@pytest.mark.both_stores
async def test_bot_answers_users_during_a_large_broadcast(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=60)
    await _upload(double, recordings["ogg_opus"])
    # Three copies go out, then Telegram holds the rest until /help has been answered.
    hold = double.hold("sendVoice", after=3)
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    await double.wait_until(lambda: hold.waiting > 0, timeout=10)
    asker = members[-1]
    cur = double.cursor()
    double.user_sends(asker, asker, "/help")
    answer = await double.wait_for(
        lambda m: m.chat_id == asker and m.method == "sendMessage", after=cur
    )
    assert text_of(answer) == t("help.private", "zh")
    assert await _lesson_status(bot) == "sending"  # the answer came mid-broadcast
    assert len(_voices(double)) == 3
    hold.release()
    await eventually(lambda: _sent(bot), timeout=30)


@pytest.mark.both_stores
async def test_catch_up_inside_the_window_sends_at_start(
    double: TelegramDouble, settings: Settings, clock: FakeClock, recordings: dict[str, Path]
) -> None:
    bot = await start_bot(double, settings, clock)
    members = await bound_group(bot, double, members=2)
    await _upload(double, recordings["ogg_opus"])
    await bot.stop()
    clock.set(SLOT + timedelta(minutes=90))  # the bot was down at 07:30; it is 09:00 now
    cur = double.cursor()
    bot = await start_bot(double, settings, clock)
    try:
        await eventually(lambda: _sent(bot), timeout=10)
        assert _copies(double, cur) == Counter({GROUP: 1, ADMIN: 1, **{m: 1 for m in members}})
    finally:
        await bot.stop()


async def test_catch_up_outside_the_window_marks_missed_and_offers_the_next_slot(
    double: TelegramDouble, settings: Settings, clock: FakeClock, recordings: dict[str, Path]
) -> None:
    bot = await start_bot(double, settings, clock)
    await bound_group(bot, double, members=1)
    await _upload(double, recordings["ogg_opus"])
    await bot.stop()
    clock.set(SLOT + timedelta(hours=3))
    cur = double.cursor()
    bot = await start_bot(double, settings, clock)
    try:
        alert = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
        assert text_of(alert).startswith("⚠️ 课程 #1“学习党章”原定 3月3日（周二）07:30 推送")
        assert await _lesson_status(bot) == "missed"
        assert not _voices(double, cur)
        data = [
            b["callback_data"] for row in (alert.reply_markup or {})["inline_keyboard"] for b in row
        ]
        next_slot = int((SLOT + timedelta(days=1)).timestamp())
        assert data == [f"slot:1:{next_slot}", "now:1", "cancel:1"]
        done_at = double.cursor()
        double.press_button(ADMIN, ADMIN, alert.message_id, data[0])
        done = await double.wait_for(lambda m: m.chat_id == ADMIN, after=done_at)
        assert text_of(done) == t("lesson.rescheduled", "zh", n=1, slot="3月4日（周三）07:30")
        assert await _lesson_status(bot) == "queued"
    finally:
        await bot.stop()


async def test_group_that_removed_the_bot_alerts_the_secretary(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=1)
    await _upload(double, recordings["ogg_opus"])
    double.remove_bot_from_group(GROUP, ADMIN)
    await eventually(lambda: _bot_status(bot, "kicked"))
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    alert = await double.wait_for(lambda m: m.chat_id == ADMIN and "⚠️" in text_of(m), after=cur)
    assert "无法发送到工作群「第一党支部」" in text_of(alert)
    await eventually(lambda: _sent(bot), timeout=10)
    assert _copies(double, cur) == Counter({ADMIN: 1, members[0]: 1})
    assert (await _ledger(bot))[GROUP] == "unreachable"


async def _bot_status(bot: RunningBot, status: str) -> bool:
    group = await bot.services.groups.get(GROUP)
    return group is not None and group.bot_status == status


async def test_lessons_go_to_the_topic_where_bind_was_sent(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    double.add_user(ADMIN, "王书记")
    double.add_group(GROUP, "论坛群", type="supergroup", is_forum=True)
    double.set_member(GROUP, ADMIN, "creator")
    double.add_bot_to_group(GROUP, ADMIN)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/bind", message_thread_id=42)
    await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    await say(double, ADMIN, ADMIN, "/start")
    await _upload(double, recordings["ogg_opus"])
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    await eventually(lambda: _sent(bot), timeout=10)
    group_msg = next(m for m in _voices(double, cur) if m.chat_id == GROUP)
    assert group_msg.message_thread_id == 42


@pytest.mark.both_stores
async def test_deep_link_gives_a_private_copy_once(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    double.add_user(55, "后来者")
    double.set_member(GROUP, 55, "member")
    double.user_sends(GROUP, 55, "收到")
    await _upload(double, recordings["ogg_opus"])
    double.user_sends(ADMIN, ADMIN, "/sendnow 1")
    await eventually(lambda: _sent(bot), timeout=10)
    cur = double.cursor()
    double.user_sends(55, 55, "/start l1")
    await double.wait_for(lambda m: m.chat_id == 55 and m.method == "sendVoice", after=cur)
    double.user_sends(55, 55, "/start l1")
    await settled(bot)  # the second tap has been handled, whatever it did
    # The second tap: one line again, and no second copy.
    opened = t("start.lesson_opened", "zh", n=1)
    assert sum(text_of(m) == opened for m in double.sent[cur:]) == 2
    assert _copies(double, cur)[55] == 1


async def test_settime_skip_and_settings_move_the_queue(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=1)
    await _upload(double, recordings["ogg_opus"])
    assert await say(double, GROUP, members[0], "/settime 08:00") == t("settings.not_admin", "zh")
    assert await say(double, GROUP, ADMIN, "/settime 25点") == t("when.bad_time", "zh", text="25点")
    answer = await say(double, GROUP, ADMIN, "/settime ０８：１５")  # the input method's forms
    assert answer.startswith("已将推送时间改为每天 08:15（北京时间）")
    async with bot.services.db.transaction() as s:
        lesson = await s.get(Lesson, 1)
    # It is Monday 08:00 in Shanghai: 08:15 today is now the next free slot.
    assert lesson is not None and lesson.slot_at == datetime(2026, 3, 2, 0, 15, tzinfo=UTC)

    assert (await say(double, GROUP, ADMIN, "/skip 3月2日")).startswith(
        "已设置 2026年3月2日 周一 暂停推送"
    )
    async with bot.services.db.transaction() as s:
        lesson = await s.get(Lesson, 1)
    assert lesson is not None and lesson.slot_at == datetime(2026, 3, 3, 0, 15, tzinfo=UTC)
    assert await say(double, GROUP, ADMIN, "/skip 2026-02-01") == t("settings.day_in_past", "zh")
    assert await say(double, GROUP, ADMIN, "/skip 2月30日") == t(
        "when.bad_date", "zh", text="2月30日"
    )
    view = await say(double, GROUP, members[0], "/settings")
    assert "推送时间：08:15（北京时间）" in view and "暂停推送：3月2日（周一）" in view
    assert (await say(double, GROUP, ADMIN, "/unskip 今天")).startswith("已恢复 2026年3月2日 周一")


async def test_empty_slot_alert_the_evening_before_once(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await bound_group(bot, double)
    clock.set(datetime(2026, 3, 2, 10, 5, tzinfo=UTC))  # Monday 18:05 in Shanghai
    cur = double.cursor()
    sent = await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings)
    assert sent == 1
    alert = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(alert) == t("alert.empty_slot", "zh", day="3月3日", group="第一党支部")
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 0


async def test_no_alert_when_the_slot_is_filled(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    await _upload(double, recordings["ogg_opus"])
    clock.set(datetime(2026, 3, 2, 10, 5, tzinfo=UTC))
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 0


async def _group_row(bot: RunningBot) -> Group | None:
    async with bot.services.db.transaction() as s:
        return (await s.execute(select(Group))).scalar_one_or_none()


async def test_blocking_the_bot_marks_the_member_unreachable_at_once(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=1)
    double.user_blocks_bot(members[0])
    await eventually(lambda: _unreachable(bot, members[0]))


async def _unreachable(bot: RunningBot, user_id: int) -> bool:
    return not await _reachable(bot, user_id)
