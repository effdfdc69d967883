"""Political birthdays end to end: recorded in private, greeted on the day and only then (a year
boundary and 29 February included), the secretaries told the day before, private otherwise."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import RosterEntry
from storage.repositories import group_by_chat
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, say, settled, text_of
from tests.support.members_day import press

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(clock: FakeClock, when: str) -> None:
    clock.set(datetime.fromisoformat(when).replace(tzinfo=SHANGHAI))


async def notices(bot: RunningBot, double: TelegramDouble) -> list[tuple[int, str]]:
    """Send what is due now; (chat, text) of what went out."""
    cur = double.cursor()
    await bot.services.birthday_sender.send_due()
    return [(m.chat_id, text_of(m)) for m in double.sent[cur:]]


def headsup(name: str, years: int, day: str) -> str:
    """The secretary's heads-up; a member not on the group's roster by their marked nickname."""
    return t("birthday.headsup", "zh", name=name, years=years, day=day, group="第一党支部")


def nick(name: str) -> str:
    return t("roster.fallback_name", "zh", name=name)


async def test_greeting_on_the_day_only_and_a_heads_up_to_the_secretary_the_day_before(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=1)
    answer = await say(double, m[0], m[0], "/birthday 2005-03-03")
    assert answer.startswith("已登记您的政治生日：2005年3月3日（入党 20 年）")

    at(clock, "2026-03-02 08:59")  # before the greeting time: nothing yet
    assert await notices(bot, double) == []
    at(clock, "2026-03-02 09:00")
    sent = await notices(bot, double)
    assert sent == [(ADMIN, headsup(nick("党员0"), 21, "3月3日"))]
    assert await notices(bot, double) == []  # once
    at(clock, "2026-03-03 08:00")
    assert await notices(bot, double) == []
    at(clock, "2026-03-03 21:00")  # a bot started late in the day still greets
    assert await notices(bot, double) == [
        (m[0], t("birthday.greeting", "zh", name="党员0", years=21))
    ]
    at(clock, "2026-03-04 09:00")
    assert await notices(bot, double) == []
    assert not [x for x in double.sent_to(GROUP) if "政治生日" in text_of(x)]


async def test_across_a_year_boundary_and_on_29_february(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    await say(double, m[0], m[0], "/birthday 2000-01-01")
    await say(double, m[1], m[1], "/birthday 2004-02-29")

    at(clock, "2026-12-31 10:00")
    assert await notices(bot, double) == [(ADMIN, headsup(nick("党员0"), 27, "1月1日"))]
    at(clock, "2027-01-01 09:30")
    assert await notices(bot, double) == [
        (m[0], t("birthday.greeting", "zh", name="党员0", years=27))
    ]

    # 2027 has no 29 February: heads-up on the 27th, greeting on the 28th, saying why.
    at(clock, "2027-02-27 09:00")
    assert await notices(bot, double) == [
        (ADMIN, headsup(nick("党员1"), 23, "2月28日") + t("birthday.leap_note_secretary", "zh"))
    ]
    at(clock, "2027-02-28 09:00")
    assert await notices(bot, double) == [
        (m[1], t("birthday.greeting", "zh", name="党员1", years=23) + t("birthday.leap_note", "zh"))
    ]
    at(clock, "2027-03-01 09:00")
    assert await notices(bot, double) == []
    # 2028 is a leap year: the day itself.
    at(clock, "2028-02-28 09:00")
    assert await notices(bot, double) == [(ADMIN, headsup(nick("党员1"), 24, "2月29日"))]
    at(clock, "2028-02-29 09:00")
    assert await notices(bot, double) == [
        (m[1], t("birthday.greeting", "zh", name="党员1", years=24))
    ]


async def test_the_date_is_private_and_the_group_hears_only_when_the_secretary_chooses(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    double.world.users[m[1]].username = "li_si"
    await say(double, m[1], m[1], "/start")  # the bot learns the username
    # A plain member can neither see nor set another member's date.
    assert await say(double, m[0], m[0], "/birthday @li_si") == t(
        "birthday.not_your_member", "zh", who="@li_si"
    )
    assert await say(double, m[0], m[0], "/birthday @li_si 2010-03-03") == t(
        "birthday.not_your_member", "zh", who="@li_si"
    )
    # The secretary records it for them, and sees it.
    assert await say(double, ADMIN, ADMIN, "/birthday @li_si 2010-03-03") == t(
        "birthday.saved_for", "zh", name="党员1", day="2010年3月3日", years=15
    )
    assert await say(double, ADMIN, ADMIN, f"/birthday {m[1]}") == t(
        "birthday.show", "zh", name="党员1", day="2010年3月3日", years=15
    )
    assert await say(double, m[1], m[1], "/birthday") == t(
        "birthday.show", "zh", name="党员1", day="2010年3月3日", years=15
    )
    # Bad input.
    assert await say(double, m[0], m[0], "/birthday 2026-13-01") == t("birthday.bad_date", "zh")
    assert await say(double, m[0], m[0], "/birthday 2030-01-01") == t("birthday.future", "zh")
    assert await say(double, m[0], m[0], "/birthday 1900-01-01") == t("birthday.too_old", "zh")
    assert await say(double, m[0], m[0], "/birthday a b c") == t("birthday.usage", "zh")
    assert await say(double, GROUP, m[0], "/birthday 2001-01-01") == t("group.private_only", "zh")

    # The heads-up's button posts in the group once, and only for an admin of it.
    at(clock, "2026-03-02 09:00")
    sent = await notices(bot, double)
    assert [chat for chat, _ in sent] == [ADMIN]
    headsup_msg = double.sent_to(ADMIN)[-1]
    data = f"bd:1:{m[1]}:2026"
    cur = double.cursor()
    assert await press(double, ADMIN, ADMIN, headsup_msg.message_id, data) == t(
        "birthday.posted", "zh"
    )
    post = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    assert text_of(post) == t("birthday.group_post", "zh", name="党员1", years=16)
    assert await press(double, ADMIN, ADMIN, headsup_msg.message_id, data) == t(
        "birthday.post_already", "zh"
    )
    double.user_sends(m[0], m[0], "/help")
    await settled(bot)
    help_msg = double.sent_to(m[0])[-1]
    assert await press(double, m[0], m[0], help_msg.message_id, data, check=False) == t(
        "birthday.post_not_admin", "zh"
    )
    # /birthday clear deletes it: no greeting tomorrow.
    assert await say(double, m[1], m[1], "/birthday clear") == t("birthday.cleared", "zh")
    assert await say(double, m[1], m[1], "/birthday clear") == t("birthday.nothing_to_clear", "zh")
    at(clock, "2026-03-03 09:00")
    assert await notices(bot, double) == []


async def test_the_roster_joining_date_counts_unless_the_member_set_their_own(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    async with bot.services.db.transaction() as s:
        group = await group_by_chat(s, GROUP)
        assert group is not None
        for name, uid in (("张伟", m[0]), ("李娜", m[1])):
            s.add(
                RosterEntry(
                    group_id=group.id,
                    name=name,
                    user_id=uid,
                    joined_party_on=date(2005, 3, 3),  # 入党日期 on the roster
                    created_at=clock.now(),
                    updated_at=clock.now(),
                )
            )
    # 李娜 recorded her own date: hers wins over the roster's.
    await say(double, m[1], m[1], "/birthday 2010-06-01")
    # The roster's date is shown to the member and to the secretary.
    roster_date = t("birthday.show", "zh", name="党员0", day="2005年3月3日", years=20)
    assert await say(double, m[0], m[0], "/birthday") == roster_date
    assert await say(double, ADMIN, ADMIN, f"/birthday {m[0]}") == roster_date

    at(clock, "2026-03-02 09:00")
    assert await notices(bot, double) == [(ADMIN, headsup("张伟", 21, "3月3日"))]
    headsup_msg = double.sent_to(ADMIN)[-1]
    cur = double.cursor()
    data = f"bd:{group.id}:{m[0]}:2026"
    assert await press(double, ADMIN, ADMIN, headsup_msg.message_id, data) == t(
        "birthday.posted", "zh"
    )
    post = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    assert text_of(post) == t("birthday.group_post", "zh", name="张伟", years=21)
    at(clock, "2026-03-03 09:00")
    assert await notices(bot, double) == [
        (m[0], t("birthday.greeting", "zh", name="张伟", years=21))
    ]
    at(clock, "2026-05-31 09:00")
    assert await notices(bot, double) == [(ADMIN, headsup("李娜", 16, "6月1日"))]
