"""End to end through the Telegram double: joining groups, binding, help in two languages."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Group, Membership
from tests.support.harness import (
    ADMIN,
    GROUP,
    MEMBER,
    RunningBot,
    eventually,
    settings_for,
    setup_group,
    start_bot,
    text_of,
)


async def _bot_in_group(bot: RunningBot, status: str = "member") -> None:
    async def check() -> bool:
        group = await bot.services.groups.get(GROUP)
        return group is not None and group.bot_status == status

    await eventually(check)


async def _say(double: TelegramDouble, chat_id: int, user_id: int, text: str) -> str:
    cur = double.cursor()
    double.user_sends(chat_id, user_id, text)
    answer = await double.wait_for(lambda m: m.chat_id == chat_id, after=cur)
    return text_of(answer)


async def test_added_bound_by_admin_refused_for_member_and_help_in_both_languages(
    bot: RunningBot, double: TelegramDouble
) -> None:
    setup_group(double, members=1)
    double.add_user(30, "Li", language_code="en")
    double.set_member(GROUP, 30, "member")

    double.add_bot_to_group(GROUP, ADMIN)
    await _bot_in_group(bot)

    assert await _say(double, GROUP, MEMBER, "/bind") == t("bind.not_admin", "zh")
    group = await bot.services.groups.get(GROUP)
    assert group is not None and not group.bound

    assert (await _say(double, GROUP, ADMIN, "/bind")).startswith("已绑定本群“第一党支部”")
    group = await bot.services.groups.get(GROUP)
    assert group is not None and group.bound and group.bound_by == ADMIN
    assert await _say(double, GROUP, ADMIN, "/bind") == t("bind.already", "zh")

    assert await _say(double, GROUP, MEMBER, "/help") == t("help.group", "zh")
    assert await _say(double, GROUP, 30, "/help") == t("help.group", "en")
    assert await _say(double, 30, 30, "/help") == t("help.private", "en")
    assert await _say(double, MEMBER, MEMBER, "/help") == t("help.private", "zh")
    # Who is an admin was asked of Telegram, not guessed.
    assert any(c.method == "getChatAdministrators" for c in double.calls)


async def test_only_listed_binders_may_bind(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", access={"binders": [999]})
    bot = await start_bot(double, settings, clock)
    try:
        setup_group(double)
        double.add_bot_to_group(GROUP, ADMIN)
        await _bot_in_group(bot)
        assert await _say(double, GROUP, ADMIN, "/bind") == t("bind.not_binder", "zh")
        group = await bot.services.groups.get(GROUP)
        assert group is not None and not group.bound
    finally:
        await bot.stop()


async def test_unbind_by_admin_only(bot: RunningBot, double: TelegramDouble) -> None:
    setup_group(double, members=1)
    double.add_bot_to_group(GROUP, ADMIN)
    await _bot_in_group(bot)
    assert await _say(double, GROUP, ADMIN, "/unbind") == t("unbind.not_bound", "zh")
    await _say(double, GROUP, ADMIN, "/bind")
    assert await _say(double, GROUP, MEMBER, "/unbind") == t("bind.not_admin", "zh")
    assert await _say(double, GROUP, ADMIN, "/unbind") == t("unbind.done", "zh")
    group = await bot.services.groups.get(GROUP)
    assert group is not None and not group.bound


async def test_bind_in_private_chat_is_explained(bot: RunningBot, double: TelegramDouble) -> None:
    setup_group(double)
    assert await _say(double, ADMIN, ADMIN, "/bind") == t("bind.private_only_group", "zh")


async def test_removal_is_recorded(bot: RunningBot, double: TelegramDouble) -> None:
    setup_group(double)
    double.add_bot_to_group(GROUP, ADMIN)
    await _bot_in_group(bot)
    double.remove_bot_from_group(GROUP, ADMIN)
    await _bot_in_group(bot, "kicked")


async def test_group_upgraded_to_supergroup_keeps_its_data(
    bot: RunningBot, double: TelegramDouble
) -> None:
    double.add_user(ADMIN, "王书记")
    double.add_group(-500, "老群", type="group")
    double.set_member(-500, ADMIN, "creator")
    double.add_bot_to_group(-500, ADMIN)
    await eventually(lambda: _known(bot, -500))
    await _say(double, -500, ADMIN, "/bind")
    before = await bot.services.groups.get(-500)
    assert before is not None and before.bound

    double.migrate_group(-500, -1005000)
    await eventually(lambda: _known(bot, -1005000))
    after = await bot.services.groups.get(-1005000)
    assert after is not None
    assert after.id == before.id and after.bound and after.chat_type == "supergroup"
    assert await bot.services.groups.get(-500) is None


async def _known(bot: RunningBot, chat_id: int) -> bool:
    return await bot.services.groups.get(chat_id) is not None


async def test_joins_and_leaves_build_the_roster(bot: RunningBot, double: TelegramDouble) -> None:
    setup_group(double)
    double.add_bot_to_group(GROUP, ADMIN, as_admin=True)
    await _bot_in_group(bot, "administrator")
    double.add_user(77, "新同志")
    double.user_joins(GROUP, 77)
    await eventually(lambda: _member_of(bot, 77, "member"))
    double.user_leaves(GROUP, 77)
    await eventually(lambda: _member_of(bot, 77, "left"))


async def _member_of(bot: RunningBot, user_id: int, status: str) -> bool:
    async with bot.services.db.transaction() as s:
        row = await s.execute(
            select(Membership.status)
            .join(Group, Group.id == Membership.group_id)
            .where(Group.chat_id == GROUP, Membership.user_id == user_id)
        )
        return row.scalar_one_or_none() == status
