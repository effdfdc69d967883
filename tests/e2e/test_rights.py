"""Rights end to end: every admin check is Telegram's answer, at most the cache's TTL old."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from storage.models import Lesson
from tests.support.harness import (
    ADMIN,
    GROUP,
    MEMBER,
    RunningBot,
    say,
    settled,
    setup_group,
    text_of,
)
from tests.support.members_day import membership, queue_lesson

SECRETARY = 11  # an administrator (a creator cannot be demoted)
TTL = timedelta(seconds=60)  # [access] rights_cache_seconds, the default
PAST_TTL = TTL + timedelta(seconds=1)
BUTTONS = ("now:1", "resched:1", "rename:1", "cancel:1")


async def _secretary_runs_the_group(
    bot: RunningBot, double: TelegramDouble, *, bot_is_admin: bool = False
) -> None:
    """The group is bound by SECRETARY, an administrator, so the bot has them recorded as one."""
    setup_group(double)
    double.add_user(SECRETARY, "李书记")
    double.set_member(GROUP, SECRETARY, "administrator")
    double.add_bot_to_group(GROUP, ADMIN, as_admin=bot_is_admin)
    assert (await say(double, GROUP, SECRETARY, "/bind")).startswith("已绑定本群")


async def _upload(double: TelegramDouble, user_id: int, ogg: Path) -> SentMessage:
    """The person sends a recording; returns the bot's final answer (preview or refusal)."""
    cur = double.cursor()
    double.user_sends_file(user_id, user_id, "voice", ogg, caption="第一课", duration=12)
    return await double.wait_for(
        lambda m: m.chat_id == user_id and "正在处理" not in text_of(m), after=cur, timeout=30
    )


async def _lesson(bot: RunningBot, lesson_id: int = 1) -> tuple[str, str, datetime | None]:
    async with bot.services.db.transaction() as s:
        lesson = await s.get(Lesson, lesson_id)
        assert lesson is not None
        return lesson.status, lesson.title, lesson.slot_at


async def _lesson_count(bot: RunningBot) -> int:
    async with bot.services.db.transaction() as s:
        return int((await s.execute(select(func.count()).select_from(Lesson))).scalar_one())


async def _press(double: TelegramDouble, user_id: int, message_id: int, data: str) -> str:
    qid = double.press_button(user_id, user_id, message_id, data)
    await double.wait_until(lambda: qid in double.callback_answers)
    return str(double.callback_answers[qid].get("text", ""))


def _admin_asks(double: TelegramDouble, chat_id: int = GROUP) -> int:
    return sum(
        1 for c in double.calls_to("getChatAdministrators") if c.params["chat_id"] == chat_id
    )


async def _locked_out_of_every_lesson_action(
    bot: RunningBot, double: TelegramDouble, preview: SentMessage, ogg: Path
) -> None:
    """Every lesson command, button and upload is refused, and lesson #1 is left as it was."""
    before = await _lesson(bot)
    not_yours = t("lesson.not_yours", "zh", n=1)
    assert await say(double, SECRETARY, SECRETARY, "/sendnow 1") == not_yours
    assert await say(double, SECRETARY, SECRETARY, "/cancel 1") == not_yours
    assert await say(double, SECRETARY, SECRETARY, "/schedule 1 2026-03-10 09:15") == not_yours
    assert await say(double, SECRETARY, SECRETARY, "/title 1 新标题") == not_yours
    assert await say(double, SECRETARY, SECRETARY, "/lessons") == t("intake.not_secretary", "zh")
    for data in BUTTONS:
        assert await _press(double, SECRETARY, preview.message_id, data) == not_yours, data
    refused = await _upload(double, SECRETARY, ogg)
    assert text_of(refused) == t("intake.not_secretary", "zh")
    await settled(bot)
    assert await _lesson(bot) == before
    assert await _lesson_count(bot) == 1


async def test_a_secretary_demoted_without_any_update_is_locked_out_once_the_ttl_passes(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    preview = await _upload(double, SECRETARY, ogg)
    assert preview.method == "sendVoice", text_of(preview)
    stored = await membership(bot, SECRETARY)
    assert stored == "administrator"
    # Demoted in Telegram; the bot is no admin, so no chat_member update reaches it.
    double.change_member_status(GROUP, SECRETARY, "member", by_user_id=ADMIN, notify=False)
    await settled(bot)
    assert not double.pending_updates
    assert await membership(bot, SECRETARY) == stored  # the bot did not hear of it

    clock.advance(PAST_TTL)

    # The refusal is Telegram's fresh answer: the stale list is asked for again.
    asks = _admin_asks(double)
    assert await say(double, SECRETARY, SECRETARY, "/sendnow 1") == t("lesson.not_yours", "zh", n=1)
    assert _admin_asks(double) > asks
    await _locked_out_of_every_lesson_action(bot, double, preview, ogg)


async def test_a_demotion_the_bot_hears_about_counts_at_once(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double, bot_is_admin=True)
    preview = await _upload(double, SECRETARY, ogg)
    assert preview.method == "sendVoice", text_of(preview)
    assert await say(double, SECRETARY, SECRETARY, "/title 1 第一课（修订）") == t(
        "lesson.renamed", "zh", n=1, title="第一课（修订）"
    )  # the admin list is now remembered, fresh

    double.change_member_status(GROUP, SECRETARY, "member", by_user_id=ADMIN)  # chat_member
    await settled(bot)
    assert await membership(bot, SECRETARY) == "member"  # the stored hint follows as well

    await _locked_out_of_every_lesson_action(bot, double, preview, ogg)


async def test_a_newly_promoted_admin_is_allowed_once_the_ttl_passes(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课", author=SECRETARY)
    double.add_user(MEMBER, "党员0")
    double.set_member(GROUP, MEMBER, "member")
    await say(double, GROUP, MEMBER, "/join")  # the bot now knows them as a member
    assert await say(double, MEMBER, MEMBER, "/cancel 1") == t("lesson.not_yours", "zh", n=1)
    # Promoted in Telegram; the bot hears nothing.
    double.change_member_status(GROUP, MEMBER, "administrator", by_user_id=ADMIN, notify=False)

    clock.advance(PAST_TTL)

    assert "#1“第一课”" in await say(double, MEMBER, MEMBER, "/lessons")
    assert await say(double, MEMBER, MEMBER, "/cancel 1") == t(
        "lesson.cancel_done", "zh", n=1, title="第一课"
    )
    assert (await _lesson(bot))[0] == "cancelled"
    assert await say(double, GROUP, MEMBER, "/settime 09:00") == t(
        "settings.time_set", "zh", time="09:00", tz="北京时间", next="3月2日（周一）09:00"
    )


async def test_anonymous_admins_are_told_what_to_do_and_nothing_changes(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    setup_group(double)
    double.add_bot_to_group(GROUP, ADMIN)
    await settled(bot)  # the bot has recorded the group

    async def as_group(text: str) -> str:
        cur = double.cursor()
        double.admin_sends_as_group(GROUP, ADMIN, text)
        return text_of(await double.wait_for(lambda m: m.chat_id == GROUP, after=cur))

    assert await as_group("/bind") == t("anon.group_command", "zh", cmd="bind")
    group = await bot.services.groups.get(GROUP)
    assert group is not None and not group.bound

    assert (await say(double, GROUP, ADMIN, "/bind")).startswith("已绑定本群")
    await queue_lesson(bot, ogg, title="第一课")
    before = await _lesson(bot)
    assert await as_group("/settime 09:00") == t("anon.group_command", "zh", cmd="settime")
    assert await as_group("/skip 2026-03-03") == t("anon.group_command", "zh", cmd="skip")
    assert await as_group("/unbind") == t("anon.group_command", "zh", cmd="unbind")
    assert await as_group("/sendnow 1") == t("anon.private_command", "zh", cmd="sendnow")
    assert await as_group(f"/cancel@{double.world.bot_username} 1") == t(
        "anon.private_command", "zh", cmd="cancel"
    )
    await settled(bot)
    view = await bot.services.group_settings.view(GROUP)
    assert (view.broadcast_time, view.skip_days) == ("07:30", [])
    assert await _lesson(bot) == before
    group = await bot.services.groups.get(GROUP)
    assert group is not None and group.bound
    # What does not depend on who asks is answered as usual.
    assert await as_group("/help") == t("help.group", "zh")


async def test_checks_within_the_ttl_cost_one_question_per_group_whoever_asks(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课", author=SECRETARY)
    clock.advance(PAST_TTL)  # whatever /bind left in the cache is old now
    before = _admin_asks(double)
    member_asks = len(double.calls_to("getChatMember"))

    for i in range(5):
        assert await say(double, SECRETARY, SECRETARY, f"/title 1 第{i}版") == t(
            "lesson.renamed", "zh", n=1, title=f"第{i}版"
        )
    assert "#1“第4版”" in await say(double, SECRETARY, SECRETARY, "/lessons")
    # Members trying admin commands share the same answer: no call per person.
    for uid in range(MEMBER, MEMBER + 5):
        double.add_user(uid, f"党员{uid}")
        double.set_member(GROUP, uid, "member")
        assert await say(double, GROUP, uid, "/settime 09:00") == t("settings.not_admin", "zh")
    assert _admin_asks(double) - before == 1

    clock.advance(PAST_TTL)
    await say(double, SECRETARY, SECRETARY, "/title 1 定稿")
    assert _admin_asks(double) - before == 2
    assert len(double.calls_to("getChatMember")) == member_asks  # nor one per person instead


async def test_when_telegram_cannot_be_asked_the_answer_is_a_polite_refusal(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课", author=SECRETARY)
    before = await _lesson(bot)
    clock.advance(PAST_TTL)  # the answer /bind left is too old to trust

    double.fail_next("getChatAdministrators", 502, "Bad Gateway", count=3)
    unavailable = t("rights.unavailable", "zh")
    assert await say(double, SECRETARY, SECRETARY, "/sendnow 1") == unavailable
    assert await say(double, SECRETARY, SECRETARY, "/cancel 1") == unavailable
    assert await say(double, GROUP, SECRETARY, "/settime 09:00") == unavailable
    await settled(bot)
    assert await _lesson(bot) == before
    assert (await bot.services.group_settings.view(GROUP)).broadcast_time == "07:30"

    # Telegram answers again: so does the bot.
    assert await say(double, SECRETARY, SECRETARY, "/cancel 1") == t(
        "lesson.cancel_done", "zh", n=1, title="第一课"
    )


async def test_group_admin_actions_and_leave_for_others_follow_telegram_too(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    await _secretary_runs_the_group(bot, double)
    double.add_user(MEMBER, "党员0", username="zhang_san")
    double.set_member(GROUP, MEMBER, "member")
    await say(double, GROUP, MEMBER, "/join")
    assert await say(double, SECRETARY, SECRETARY, "/leave @zhang_san 2026-03-09") == t(
        "leave.done_other", "zh", name="党员0", days="3月9日（周一）"
    )
    cur = double.cursor()
    double.user_sends(GROUP, MEMBER, "/settings")
    settings = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    double.change_member_status(GROUP, SECRETARY, "member", by_user_id=ADMIN, notify=False)

    clock.advance(PAST_TTL)

    not_admin = t("settings.not_admin", "zh")
    assert await say(double, GROUP, SECRETARY, "/settime 09:00") == not_admin
    assert await say(double, GROUP, SECRETARY, "/skip 2026-03-03") == not_admin
    assert await say(double, GROUP, SECRETARY, "/unbind") == t("bind.not_admin", "zh")
    qid = double.press_button(GROUP, SECRETARY, settings.message_id, "gset:board:on")
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == not_admin
    assert await say(double, SECRETARY, SECRETARY, "/leave @zhang_san 2026-03-10") == t(
        "leave.not_your_member", "zh", who="@zhang_san"
    )
    await settled(bot)
    view = await bot.services.group_settings.view(GROUP)
    assert (view.broadcast_time, view.skip_days, view.leaderboard) == ("07:30", [], False)
    group = await bot.services.groups.get(GROUP)
    assert group is not None and group.bound
    assert await bot.services.leave.upcoming(MEMBER) == [(date(2026, 3, 9), date(2026, 3, 9))]


async def test_an_admin_leaving_the_group_drops_the_remembered_answer_at_once(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课", author=SECRETARY)
    assert "#1“第一课”" in await say(double, SECRETARY, SECRETARY, "/lessons")

    double.user_leaves(GROUP, SECRETARY)  # the bot is no admin: only the service message shows it
    await settled(bot)

    assert await say(double, SECRETARY, SECRETARY, "/cancel 1") == t("lesson.not_yours", "zh", n=1)
    assert (await _lesson(bot))[0] == "queued"


async def test_a_rights_check_does_not_wait_behind_the_groups_message_budget(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await _secretary_runs_the_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课", author=SECRETARY)
    clock.advance(PAST_TTL)  # the next check must ask Telegram about the group

    async def chatter() -> None:
        for i in range(30):
            await bot.app.bot.send_message(GROUP, f"通知 {i}")

    # The bot spends the group's 20 messages a minute; the next one waits for the budget.
    flood = asyncio.create_task(chatter())
    try:
        await double.wait_until(lambda: len(double.sent_to(GROUP)) >= 20)
        asks = _admin_asks(double)
        assert await say(double, SECRETARY, SECRETARY, "/title 1 第一课（修订）") == t(
            "lesson.renamed", "zh", n=1, title="第一课（修订）"
        )
        assert _admin_asks(double) == asks + 1  # Telegram was asked, not kept waiting
        assert len(double.sent_to(GROUP)) == 20 and not flood.done()
    finally:
        flood.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flood
