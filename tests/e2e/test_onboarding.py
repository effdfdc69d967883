"""Onboarding and menus by role: the bot introduces itself, each role sees its own commands,
/bind leaves the members one button to tap, and a greeting is given once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Group, Member
from tests.support.harness import (
    ADMIN,
    GROUP,
    MEMBER,
    RunningBot,
    bound_group,
    say,
    settled,
    setup_group,
    text_of,
)
from tests.support.members_day import broadcast_now
from tests.support.members_day import membership as membership_status

MEMBER_MENU = ["start", "me", "leave", "birthday", "help"]


async def test_a_members_menu_and_a_secretarys_differ_by_scope_and_follow_his_rights(
    bot: RunningBot, double: TelegramDouble
) -> None:
    (member,) = await bound_group(bot, double, members=1)
    # Private chat: the member's short list, the secretary's own list in his chat.
    assert double.menu_seen(member, member) == MEMBER_MENU
    secretary = double.menu_seen(ADMIN, ADMIN)
    assert {"sendnow", "lessons", "report", "export"} <= set(secretary)
    assert set(MEMBER_MENU) <= set(secretary)
    assert "sendnow" not in double.menu_seen(member, member)
    # Chinese by default, English for an English client.
    assert double.menu_descriptions(member, member)["start"] == "开通每日推送"
    assert double.menu_descriptions(member, member, "en")["start"] == "Turn on the daily push"
    assert double.menu_descriptions(ADMIN, ADMIN, "en")["sendnow"] == "Send #N now"
    # Groups: a member sees a short list, the admins the group's commands.
    assert double.menu_seen(GROUP, member) == ["join", "me", "rank", "help"]
    assert {"bind", "unbind", "settime"} <= set(double.menu_seen(GROUP, ADMIN))

    # Promoted: the secretary's menu; demoted: the member's again (seen via chat_member,
    # which an admin bot receives).
    double.promote_bot(GROUP, ADMIN)
    double.change_member_status(GROUP, member, "administrator", by_user_id=ADMIN)
    await settled(bot)
    assert "sendnow" in double.menu_seen(member, member)
    double.change_member_status(GROUP, member, "member", by_user_id=ADMIN)
    await settled(bot)
    assert double.menu_seen(member, member) == MEMBER_MENU

    # /unbind: he runs no group any more, his private menu is the member's.
    await say(double, GROUP, ADMIN, "/unbind")
    assert double.menu_seen(ADMIN, ADMIN) == MEMBER_MENU


async def test_the_bot_describes_itself_in_chinese_and_english(
    bot: RunningBot, double: TelegramDouble
) -> None:
    assert "微党课" in double.description()
    assert "微党课" in double.description("short_description")
    assert "micro-lesson" in double.description("description", "en")
    assert "micro-lesson" in double.description("short_description", "en")


async def test_after_bind_the_group_gets_one_button_and_one_tap_subscribes(
    bot: RunningBot, double: TelegramDouble
) -> None:
    setup_group(double, members=1)
    double.add_bot_to_group(GROUP, ADMIN)
    await settled(bot)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/bind")
    await settled(bot)
    said = [m for m in double.sent[cur:] if m.chat_id == GROUP]
    assert len(said) == 1
    async with bot.services.db.reading() as s:
        group_id = await s.scalar(select(Group.id).where(Group.chat_id == GROUP))
    button = (said[0].reply_markup or {})["inline_keyboard"][0][0]
    assert button["text"] == "👉 点此开通私聊推送"
    assert button["url"] == f"https://t.me/{double.world.bot_username}?start=g{group_id}"

    # MEMBER never wrote in the group: the bot knows him only once Telegram confirms it.
    assert await membership_status(bot, MEMBER) is None
    cur = double.cursor()
    double.user_sends(MEMBER, MEMBER, f"/start g{group_id}")
    await double.wait_for(
        lambda m: m.chat_id == MEMBER and text_of(m).startswith("已为您开通私聊推送"), after=cur
    )
    assert t("start.subscribed", "zh", groups="第一党支部") in [
        text_of(m) for m in double.sent[cur:] if m.chat_id == MEMBER
    ]
    assert await membership_status(bot, MEMBER) == "member"
    async with bot.services.db.reading() as s:
        member = await s.get(Member, MEMBER)
        assert member is not None and member.subscribed

    # A stranger with the same link is not taken for a member.
    double.add_user(4242, "外人")
    cur = double.cursor()
    double.user_sends(4242, 4242, f"/start g{group_id}")
    await settled(bot)
    answers = [text_of(m) for m in double.sent[cur:] if m.chat_id == 4242]
    assert answers[-1] == t("start.group_unconfirmed", "zh", group="第一党支部")
    assert await membership_status(bot, 4242) is None

    # He joins the group and sends /join as told: the same button now subscribes him.
    double.set_member(GROUP, 4242, "member")
    assert await say(double, GROUP, 4242, "/join") == t("join.done", "zh", group="第一党支部")
    cur = double.cursor()
    double.user_sends(4242, 4242, f"/start g{group_id}")
    await settled(bot)
    answers = [text_of(m) for m in double.sent[cur:] if m.chat_id == 4242]
    assert answers == [t("start.subscribed", "zh", groups="第一党支部")]


async def test_the_full_greeting_comes_once_and_a_later_start_is_one_line(
    bot: RunningBot, double: TelegramDouble
) -> None:
    (member,) = await bound_group(bot, double, members=1)  # the first /start: greeted
    cur = double.cursor()
    double.user_sends(member, member, "/start")
    await settled(bot)
    answers = [text_of(m) for m in double.sent[cur:] if m.chat_id == member]
    assert answers == [t("start.subscribed", "zh", groups="第一党支部")]
    assert "\n" not in answers[0]


async def test_a_lessons_link_sends_the_lesson_and_one_line(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (member,) = await bound_group(bot, double, members=1, subscribe=False)
    double.user_sends(GROUP, member, "大家好")  # known in the group, never opened the chat
    await settled(bot)
    await broadcast_now(bot, double, ogg)
    cur = double.cursor()
    double.user_sends(member, member, "/start l1")
    await settled(bot)
    answers = [m for m in double.sent[cur:] if m.chat_id == member]
    assert [m.method for m in answers] == ["sendVoice", "sendMessage"]
    assert "\n" not in text_of(answers[1])
    assert text_of(answers[1]) == t("start.lesson_opened", "zh", n=1)


async def test_a_members_help_is_short_and_a_secretarys_starts_with_his_part(
    bot: RunningBot, double: TelegramDouble
) -> None:
    (member,) = await bound_group(bot, double, members=1)
    double.add_user(30, "Li", language_code="en")
    for answer, expected in (
        (await say(double, member, member, "/help"), t("help.private", "zh")),
        (await say(double, 30, 30, "/help"), t("help.private", "en")),
    ):
        assert answer == expected
        assert len(answer.splitlines()) <= 8
    secretary = await say(double, ADMIN, ADMIN, "/help")
    assert secretary.startswith(t("help.secretary", "zh"))
    assert secretary.endswith(t("help.private", "zh"))
    assert secretary.count("书记专用") == 1
