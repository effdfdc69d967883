"""Authority over a member stays inside the group it comes from: leave a secretary records
counts in the secretary's group alone, and a political birthday the member recorded is theirs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.core.scoring import lesson_day
from bot.delivery.reminders import ReminderService, TeamFigure
from bot.sandbox.double import TelegramDouble
from tests.support.harness import ADMIN, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import broadcast_now

OUTSIDER = 4243
THEIR_GROUP = -1005


async def _outsider_group(bot: RunningBot, double: TelegramDouble, *members: int) -> None:
    """An outsider makes a group of their own and adds the bot and the branch's members."""
    double.add_user(OUTSIDER, "外人")
    double.add_group(THEIR_GROUP, "外人的群", type="supergroup")
    double.set_member(THEIR_GROUP, OUTSIDER, "creator")
    double.add_bot_to_group(THEIR_GROUP, OUTSIDER)
    await settled(bot)  # the group is known before anyone joins it
    for uid in members:
        double.user_joins(THEIR_GROUP, uid)
    await settled(bot)


async def test_leave_a_secretary_records_counts_in_their_group_alone(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=3)
    today = lesson_day(clock.now(), "Asia/Shanghai").isoformat()
    await _outsider_group(bot, double, m[0])
    # In a group nobody bound, being its creator gives no authority over anyone.
    assert await say(double, OUTSIDER, OUTSIDER, f"/leave {m[0]} {today}") == t(
        "leave.not_your_member", "zh", who=str(m[0])
    )
    # Bound, it gives authority in that group only.
    await say(double, THEIR_GROUP, OUTSIDER, "/bind")
    await settled(bot)
    assert await say(double, OUTSIDER, OUTSIDER, f"/leave {m[0]} {today}") == t(
        "leave.done_other", "zh", name="党员0", days=date.fromisoformat(today)
    )
    # A member's own leave counts in all their groups; the branch secretary's in the branch.
    assert "已登记" in await say(double, m[1], m[1], f"/leave {today}")
    assert await say(double, ADMIN, ADMIN, f"/leave {m[2]} {today}") == t(
        "leave.done_other", "zh", name="党员2", days=date.fromisoformat(today)
    )
    out = await broadcast_now(bot, double, ogg)
    figure = await ReminderService(bot.services.db, clock).team_figure(out.lesson_id)
    # ADMIN and m[0] expected; m[1] (own leave) and m[2] (the branch's leave) excused.
    assert figure == TeamFigure(0, 2)
    assert await bot.services.leave.upcoming(m[0]) == [(date.fromisoformat(today),) * 2]


async def test_a_birthday_the_member_recorded_is_theirs_and_a_secretarys_is_their_groups(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    assert "2001年7月1日" in await say(double, m[0], m[0], "/birthday 2001-07-01")
    await _outsider_group(bot, double, m[0], m[1])
    await say(double, THEIR_GROUP, OUTSIDER, "/bind")
    await settled(bot)
    members_own = t("birthday.members_own", "zh", name="党员0")
    # Nobody, the branch's secretary included, reads, overwrites or clears the member's own.
    for secretary in (ADMIN, OUTSIDER):
        assert await say(double, secretary, secretary, f"/birthday {m[0]}") == members_own
        assert await say(double, secretary, secretary, f"/birthday {m[0]} 1999-01-01") == (
            members_own
        )
        assert await say(double, secretary, secretary, f"/birthday {m[0]} clear") == members_own
    assert await say(double, m[0], m[0], "/birthday") == t(
        "birthday.show", "zh", name="党员0", day="2001年7月1日", years=24
    )
    # For a member with none of their own, each group's record is the group's.
    assert await say(double, ADMIN, ADMIN, f"/birthday {m[1]} 2010-03-03") == t(
        "birthday.saved_for", "zh", name="党员1", day="2010年3月3日", years=15
    )
    assert await say(double, OUTSIDER, OUTSIDER, f"/birthday {m[1]}") == t(
        "birthday.none_other", "zh", name="党员1"
    )
    assert await say(double, OUTSIDER, OUTSIDER, f"/birthday {m[1]} 1990-05-05") == t(
        "birthday.saved_for", "zh", name="党员1", day="1990年5月5日", years=35
    )
    assert await say(double, ADMIN, ADMIN, f"/birthday {m[1]}") == t(
        "birthday.show", "zh", name="党员1", day="2010年3月3日", years=15
    )
    # The day before, a group's secretaries hear of the date that group goes by: the member's
    # own in every group, a group's record in that group alone.
    await settled(bot)
    assert await _notices_on(bot, double, clock, "2026-05-04") == [
        (OUTSIDER, _headsup("党员1", 36, "5月5日", "外人的群"))
    ]
    assert await _notices_on(bot, double, clock, "2026-06-30") == [
        (ADMIN, _headsup("党员0", 25, "7月1日", "第一党支部")),
        (OUTSIDER, _headsup("党员0", 25, "7月1日", "外人的群")),
    ]


async def _notices_on(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, day: str
) -> list[tuple[int, str]]:
    """What the birthday sender sends at 09:00 (Shanghai) on `day`."""
    clock.set(datetime.fromisoformat(f"{day} 09:00").replace(tzinfo=ZoneInfo("Asia/Shanghai")))
    cur = double.cursor()
    await bot.services.birthday_sender.send_due()
    return [(m.chat_id, text_of(m)) for m in double.sent[cur:]]


def _headsup(name: str, years: int, day: str, group: str) -> str:
    """No roster in these groups: the member's Telegram name, marked as such."""
    name = t("roster.fallback_name", "zh", name=name)
    return t("birthday.headsup", "zh", name=name, years=years, day=day, group=group)
