"""Two weeks in a branch with Chinese names, for the dashboard's tests (and its screenshot)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from tests.support.harness import ADMIN, GROUP, RunningBot, eventually, say, settled
from tests.support.members_day import broadcast_now, listens, membership, open_and_confirm, press
from tests.support.secretary_view import HTML_NOTE

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Members who started the bot, then one who joined and never did (unreachable).
NAMES = {20: "张伟", 21: "李娜", 22: "王芳", 23: "刘洋", 24: "陈静"}
SILENT = 25
SILENT_NAME = "赵磊"
PLAIN_NOTE = "学习了党章第一章，明白了党员的义务，今后要在工作中带好头。"


@dataclass
class Weeks:
    group_id: int
    last_week: int  # lesson id, Tue 2026-02-24
    monday: int  # this week, Mon 2026-03-02
    tuesday: int  # this week, Tue 2026-03-03


def _subscribed(uid: int) -> Callable[[SentMessage], bool]:
    """/start answers twice (welcome, subscription): the second one."""
    return lambda m: m.chat_id == uid and "开通私聊推送" in (m.text or "")


async def _note(double: TelegramDouble, user_id: int, message_id: int, text: str) -> None:
    cur = double.cursor()
    double.user_sends(GROUP, user_id, text, reply_to_message_id=message_id)
    await double.wait_for(lambda m: m.chat_id == user_id, after=cur)


async def _private_listen(bot: RunningBot, double: TelegramDouble, uid: int, lesson: int) -> None:
    await open_and_confirm(bot, double, uid, lesson)

    async def recorded() -> bool:
        return any(u == uid for u, _, _ in await listens(bot, lesson))

    await eventually(recorded)


async def live_two_weeks(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> Weeks:
    """Last week one lesson; this week Monday's and Tuesday's, with every kind of evidence.

    Monday #2: 张伟 button, 李娜 an HTML note, 王芳 on leave, 刘洋 private chat, 陈静 makes it
    up on Tuesday, 赵磊 unreachable, 王书记 not yet. Tuesday #3: 张伟 button, 李娜 a plain
    note. Opened on Wednesday 2026-03-04 10:00.
    """
    clock.set(datetime(2026, 2, 24, 9, 0, tzinfo=SHANGHAI))
    double.add_user(ADMIN, "王书记")
    double.add_group(GROUP, "第一党支部", type="supergroup")
    double.set_member(GROUP, ADMIN, "creator")
    for uid, name in NAMES.items():
        double.add_user(uid, name)
        double.set_member(GROUP, uid, "member")
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    for uid in [ADMIN, *NAMES]:
        cur = double.cursor()
        double.user_sends(uid, uid, "/start")
        await double.wait_for(_subscribed(uid), after=cur)
    double.add_user(SILENT, SILENT_NAME)
    double.user_joins(GROUP, SILENT)

    async def joined() -> bool:
        return await membership(bot, SILENT) == "member"

    await eventually(joined)
    group = await bot.services.groups.get(GROUP)
    assert group is not None

    clock.advance(timedelta(minutes=1))
    week0 = await broadcast_now(bot, double, ogg, title="学习党章总纲")
    for uid in (20, 21):
        await press(double, GROUP, uid, week0.group_message.message_id, f"listen:{week0.lesson_id}")

    clock.set(datetime(2026, 3, 1, 20, 0, tzinfo=SHANGHAI))
    assert await say(double, 22, 22, "/leave 2026-03-02") == t(
        "leave.done_self", "zh", days="3月2日（周一）"
    )
    clock.set(datetime(2026, 3, 2, 7, 30, tzinfo=SHANGHAI))
    monday = await broadcast_now(bot, double, ogg, title="学习“两个确立”")
    clock.advance(timedelta(minutes=10))
    await press(double, GROUP, 20, monday.group_message.message_id, f"listen:{monday.lesson_id}")
    clock.advance(timedelta(minutes=10))
    await _note(double, 21, monday.group_message.message_id, HTML_NOTE)
    clock.advance(timedelta(minutes=10))
    await _private_listen(bot, double, 23, monday.lesson_id)

    clock.set(datetime(2026, 3, 3, 7, 30, tzinfo=SHANGHAI))
    tuesday = await broadcast_now(bot, double, ogg, title="学习新时代党的建设总要求")
    clock.advance(timedelta(minutes=5))
    await press(double, GROUP, 20, tuesday.group_message.message_id, f"listen:{tuesday.lesson_id}")
    clock.advance(timedelta(minutes=5))
    await _note(double, 21, tuesday.group_message.message_id, PLAIN_NOTE)
    clock.advance(timedelta(hours=2))
    await _private_listen(bot, double, 24, monday.lesson_id)  # a make-up of Monday's

    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI))
    await settled(bot)
    return Weeks(group.id, week0.lesson_id, monday.lesson_id, tuesday.lesson_id)
