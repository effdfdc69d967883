"""/settings by buttons: each button changes what it says, for admins only; the evening line,
the reminders and the empty-slot alert can be turned off, and then nothing of theirs is sent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from scheduler import alerts
from storage.models import Group, Lesson
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, text_of
from tests.support.members_day import broadcast_now, press


async def _menu(double: TelegramDouble, user: int) -> int:
    cur = double.cursor()
    double.user_sends(GROUP, user, "/settings")
    view = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert "管理员点下面的按钮即可修改" in text_of(view)
    return view.message_id


def _text(double: TelegramDouble, message_id: int) -> str:
    message = double.world.message(GROUP, message_id)
    assert message is not None
    return str(message.get("text", ""))


async def _group(bot: RunningBot) -> Group:
    async with bot.services.db.reading() as s:
        group = await s.scalar(select(Group).where(Group.chat_id == GROUP))
    assert group is not None
    return group


async def test_every_settings_button_changes_what_it_says(
    bot: RunningBot, double: TelegramDouble
) -> None:
    members = await bound_group(bot, double, members=1)
    view = await _menu(double, members[0])
    # A member may look but not open a choice, nor change anything (even with forged data).
    assert await press(double, GROUP, members[0], view, "gset:open:time") == t(
        "settings.not_admin", "zh"
    )
    assert await press(double, GROUP, members[0], view, "gset:line:off") == t(
        "settings.not_admin", "zh"
    )

    await press(double, GROUP, ADMIN, view, "gset:open:time")
    assert await press(double, GROUP, ADMIN, view, "gset:time:0800") == t(
        "settings.time_now", "zh", time="08:00"
    )
    assert "推送时间：08:00（北京时间）" in _text(double, view)

    await press(double, GROUP, ADMIN, view, "gset:open:days")
    assert await press(double, GROUP, ADMIN, view, "gset:days:daily") == t(
        "settings.days_now", "zh", days="每天"
    )
    assert "推送日：每天" in _text(double, view)

    await press(double, GROUP, ADMIN, view, "gset:open:remind")
    assert await press(double, GROUP, ADMIN, view, "gset:remind:2100") == t(
        "settings.remind_now", "zh", time="21:00"
    )
    await press(double, GROUP, ADMIN, view, "gset:open:remind")
    assert await press(double, GROUP, ADMIN, view, "gset:remind:off") == t(
        "settings.remind_now", "zh", time="关闭"
    )
    assert "晚间提醒：关闭" in _text(double, view)

    assert await press(double, GROUP, ADMIN, view, "gset:line:off") == t(
        "settings.line_now", "zh", state="关闭"
    )
    assert await press(double, GROUP, ADMIN, view, "gset:alert:off") == t(
        "settings.alert_now", "zh", state="关闭"
    )
    assert await press(double, GROUP, ADMIN, view, "gset:board:on") == t("settings.board_on", "zh")
    text = _text(double, view)
    assert "群内晚间小结：关闭" in text and "缺课提醒（给书记）：关闭" in text
    assert "积分排行榜：开启" in text

    group = await _group(bot)
    assert (group.broadcast_time, group.weekdays) == ("08:00", "mon,tue,wed,thu,fri,sat,sun")
    assert (group.reminders, group.evening_line, group.empty_slot_alert) == (False, False, False)
    assert group.leaderboard
    # A value no button offers is refused, not stored.
    assert await press(double, GROUP, ADMIN, view, "gset:time:0315", check=False) == t(
        "settings.bad_choice", "zh"
    )
    assert (await _group(bot)).broadcast_time == "08:00"


async def test_a_new_broadcast_time_moves_the_queued_lesson(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    cur = double.cursor()
    double.user_sends_file(
        ADMIN, ADMIN, "voice", recordings["ogg_opus"], caption="学习", duration=14
    )
    await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.method == "sendVoice", after=cur, timeout=30
    )
    view = await _menu(double, ADMIN)
    await press(double, GROUP, ADMIN, view, "gset:open:time")
    await press(double, GROUP, ADMIN, view, "gset:time:0900")
    async with bot.services.db.reading() as s:
        lesson = await s.get(Lesson, 1)
    # It is Monday 08:00 in Shanghai: 09:00 today is the next slot.
    assert lesson is not None and lesson.slot_at == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


async def test_the_empty_slot_alert_turned_off_sends_nothing_and_on_comes_twice(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await bound_group(bot, double)
    view = await _menu(double, ADMIN)
    await press(double, GROUP, ADMIN, view, "gset:alert:off")
    clock.set(datetime(2026, 3, 2, 10, 5, tzinfo=UTC))  # Monday 18:05 in Shanghai
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 0
    await press(double, GROUP, ADMIN, view, "gset:alert:on")
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 1
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 0
    # Still nothing queued half an hour before Tuesday's 07:30: one more, then no more.
    clock.set(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    cur = double.cursor()
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 1
    soon = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(soon) == t("alert.empty_slot_soon", "zh", time="07:30", group="第一党支部")
    assert await alerts.send_empty_slot_alerts(bot.app.bot, bot.services.group_settings) == 0


async def test_the_evening_line_and_reminders_turned_off_are_not_sent(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    view = await _menu(double, ADMIN)
    await press(double, GROUP, ADMIN, view, "gset:line:off")
    await press(double, GROUP, ADMIN, view, "gset:open:remind")
    await press(double, GROUP, ADMIN, view, "gset:remind:off")
    await broadcast_now(bot, double, ogg)
    clock.set(datetime(2026, 3, 2, 12, 30, tzinfo=UTC))  # 20:30 in Shanghai
    cur = double.cursor()
    plans = await bot.services.reminders.send_due()
    assert plans == 0
    assert not [m for m in double.sent[cur:] if m.chat_id in (GROUP, members[0])]
