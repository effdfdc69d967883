"""The members' day end to end: "listened" that can be trusted, notes, /stop, /join, /me, /rank."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    running_bot,
    say,
    settings_for,
    settled,
    text_of,
)
from tests.support.members_day import (
    broadcast_now,
    listens,
    membership,
    notes,
    points,
    press,
)

OTHER_GROUP = -2002
OUTSIDER = 77


def recorded(points: int, streak: int, key: str = "listen.recorded") -> str:
    return t(key, "zh", points=points) + t("listen.streak", "zh", n=streak)


async def test_group_press_proves_presence_earns_a_point_and_is_answered_at_once(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    # In the group, never wrote there, never started the bot: the bot does not know them.
    double.add_user(55, "新同志")
    double.set_member(GROUP, 55, "member")
    out = await broadcast_now(bot, double, ogg)
    assert await membership(bot, 55) is None

    answer = await press(double, GROUP, 55, out.group_message.message_id, "listen:1")

    assert answer == recorded(1, 1)
    assert await membership(bot, 55) == "member"
    assert await listens(bot, 1) == {(55, "button", "on_day")}
    assert await points(bot, 55) == 1
    again = await press(double, GROUP, 55, out.group_message.message_id, "listen:1")
    assert again == t("listen.already", "zh") + t("listen.streak", "zh", n=1)
    assert await points(bot, 55) == 1


async def test_a_stranger_pressing_the_group_lesson_is_asked_about_once_and_refused_politely(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    out = await broadcast_now(bot, double, ogg)
    msg = out.group_message.message_id
    # A public group: anyone can see the lesson and press its button without joining.
    double.add_user(OUTSIDER, "外人")
    double.add_user(55, "新同志")
    double.set_member(GROUP, 55, "member")

    def asked(user_id: int) -> int:
        return sum(1 for c in double.calls_to("getChatMember") if c.params["user_id"] == user_id)

    refusal = t("listen.not_in_group", "zh")
    assert await press(double, GROUP, OUTSIDER, msg, "listen:1") == refusal
    assert await press(double, GROUP, OUTSIDER, msg, "listen:1") == refusal
    assert asked(OUTSIDER) == 1  # the answer is kept: pressing again costs no call
    assert await membership(bot, OUTSIDER) is None
    assert await points(bot, OUTSIDER) == 0
    answers = [a for a in double.callback_answers.values() if a["text"] == refusal]
    assert len(answers) == 2 and all(a["show_alert"] for a in answers)

    # A member the bot had not seen: one call, then known.
    assert await press(double, GROUP, 55, msg, "listen:1") == recorded(1, 1)
    second = await broadcast_now(bot, double, ogg, title="第二课")
    assert await press(double, GROUP, 55, second.group_message.message_id, "listen:2") == (
        recorded(1, 1)  # the same day: the streak counts days
    )
    assert asked(55) == 1
    # A member the bot knows costs no call at all.
    before = asked(members[0])
    assert await press(double, GROUP, members[0], msg, "listen:1") == recorded(1, 1)
    assert asked(members[0]) == before
    assert await listens(bot, 1) == {(55, "button", "on_day"), (members[0], "button", "on_day")}


async def test_forged_or_mismatched_presses_are_refused_politely_and_change_nothing(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    double.add_group(OTHER_GROUP, "第二党支部", type="supergroup")
    double.set_member(OTHER_GROUP, ADMIN, "creator")
    double.add_bot_to_group(OTHER_GROUP, ADMIN)
    await say(double, OTHER_GROUP, ADMIN, "/bind")
    first = await broadcast_now(bot, double, ogg)
    second = await broadcast_now(bot, double, ogg, title="第二课", chat_id=OTHER_GROUP)
    double.add_user(OUTSIDER, "外人")
    double.set_member(OTHER_GROUP, OUTSIDER, "member")
    forged = t("button.forged", "zh")

    # Data that is not a listen button at all.
    msg = first.group_message.message_id
    assert await press(double, GROUP, members[0], msg, "listen:x", check=False) == forged
    # Lesson 2's data on lesson 1's message.
    assert await press(double, GROUP, members[0], msg, "listen:2", check=False) == forged
    # Another group's lesson, pressed in that group with this group's lesson id.
    other_msg = second.group_message.message_id
    assert (
        await press(
            double, OTHER_GROUP, OUTSIDER, other_msg, f"listen:{first.lesson_id}", check=False
        )
        == forged
    )
    # Someone else's private copy.
    copy = first.copies[members[0]].message_id
    assert await press(double, members[0], OUTSIDER, copy, "listen:1", check=False) == forged

    assert await listens(bot, 1) == set()
    assert await points(bot, OUTSIDER) == 0
    assert await points(bot, members[0]) == 0
    answers = [a for a in double.callback_answers.values() if a["text"] == forged]
    assert len(answers) == 4 and all(a["show_alert"] for a in answers)


async def test_a_private_copy_counts_for_its_owner_only_while_they_are_in_the_group(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=2)
    out = await broadcast_now(bot, double, ogg)

    answer = await press(
        double, members[0], members[0], out.copies[members[0]].message_id, "listen:1"
    )
    assert answer == recorded(1, 1)

    # members[1] leaves the group, then presses the copy still in their private chat.
    double.user_leaves(GROUP, members[1])
    await settled(bot)
    assert await membership(bot, members[1]) == "left"
    answer = await press(
        double, members[1], members[1], out.copies[members[1]].message_id, "listen:1"
    )
    assert answer == t("listen.not_member", "zh")
    assert await listens(bot, 1) == {(members[0], "button", "on_day")}


async def test_an_outsider_gets_no_lesson_through_its_link(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    await broadcast_now(bot, double, ogg)
    double.add_user(OUTSIDER, "外人")
    cur = double.cursor()
    double.user_sends(OUTSIDER, OUTSIDER, "/start l1")
    refusal = await double.wait_for(
        lambda m: m.chat_id == OUTSIDER and "只发给所属工作群的成员" in text_of(m), after=cur
    )
    assert text_of(refusal) == t("start.lesson_not_member", "zh", n=1)
    await settled(bot)
    assert not [m for m in double.sent[cur:] if m.chat_id == OUTSIDER and m.method == "sendVoice"]
    assert await membership(bot, OUTSIDER) is None
    assert await listens(bot, 1) == set()


async def test_stop_then_a_lesson_link_sends_the_lesson_but_not_the_next_ones(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    assert await say(double, m, m, "/stop") == t("stop.done", "zh")
    out = await broadcast_now(bot, double, ogg)
    assert m not in out.copies

    cur = double.cursor()
    double.user_sends(m, m, "/start l1")
    voice = await double.wait_for(lambda x: x.chat_id == m and x.method == "sendVoice", after=cur)
    assert "#1" in text_of(voice)
    await double.wait_for(
        lambda x: x.chat_id == m and text_of(x) == t("start.lesson_opened", "zh", n=1), after=cur
    )
    # The lesson and one line: no greeting, no word on the stopped pushes.
    await settled(bot)
    assert [x.method for x in double.sent[cur:] if x.chat_id == m] == ["sendVoice", "sendMessage"]
    assert await listens(bot, 1) == set()  # opened, not listened

    nxt = await broadcast_now(bot, double, ogg, title="第二课")
    assert m not in nxt.copies  # still stopped
    # Greeted before: a plain /start is one line.
    assert await say(double, m, m, "/start") == t("start.subscribed", "zh", groups="第一党支部")
    third = await broadcast_now(bot, double, ogg, title="第三课")
    assert m in third.copies  # a plain /start subscribes again


async def test_notes_by_reply_text_voice_and_edit_are_kept_whole_and_acknowledged_quietly(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=3)
    a, b, c = members
    out = await broadcast_now(bot, double, ogg)
    lesson_msg = out.group_message.message_id
    cur = double.cursor()

    html = "<b>学习心得</b>：*不忘初心*，牢记使命 & 担当。" + "长" * 3000
    note = double.user_sends(GROUP, a, html, reply_to_message_id=lesson_msg)
    ack = await double.wait_for(lambda m: m.chat_id == a, after=cur)
    assert text_of(ack) == t("note.saved", "zh", n=1, earned="，+3 分，连续学习 1 天")
    double.user_sends(GROUP, b, "收到", reply_to_message_id=lesson_msg)  # too short: not a note
    chatter = double.user_sends(GROUP, c, "今天的课讲得真好，大家都来听听吧")
    double.user_sends(
        GROUP, b, "同意你的看法，确实讲得很好很好", reply_to_message_id=chatter["message_id"]
    )
    double.user_sends_file(GROUP, c, "voice", ogg, duration=8, reply_to_message_id=lesson_msg)
    await double.wait_until(lambda: len(double.reactions) >= 2)
    await settled(bot)

    stored = await notes(bot)
    assert [(n.user_id, n.text is not None, n.voice_file_id is not None) for n in stored] == [
        (a, True, False),
        (c, False, True),
    ]
    assert stored[0].text == html  # verbatim and whole
    assert {r["message_id"] for r in double.reactions} == {note["message_id"], stored[1].message_id}
    assert not [m for m in double.sent[cur:] if m.chat_id == GROUP]  # nothing said in the group
    assert await listens(bot, 1) == {(a, "note", "on_day"), (c, "note", "on_day")}
    assert await points(bot, a) == 3 and await points(bot, b) == 0

    edit = "<i>修改后的心得</i>，更完整一些了。"
    double.user_edits(GROUP, a, note["message_id"], edit)
    await settled(bot)
    stored = await notes(bot)
    assert stored[0].text == edit and stored[0].edited_at is not None and len(stored) == 2
    assert await points(bot, a) == 3


async def test_private_notes_by_reply_or_after_the_link_and_a_voice_reply_is_no_upload(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=2)
    a, b = members
    out = await broadcast_now(bot, double, ogg)

    cur = double.cursor()
    double.user_sends(a, a, "/start l1")
    await double.wait_for(
        lambda m: m.chat_id == a and text_of(m) == t("start.lesson_opened", "zh", n=1), after=cur
    )
    asked = await say(double, a, a, "今天学到了很多，要把学习成果落实到工作中。")
    assert asked == t("note.offer", "zh", n=1)
    question = next(x for x in reversed(double.sent) if x.chat_id == a)
    cur = double.cursor()
    await press(double, a, a, question.message_id, "no:s")
    reply = await double.wait_for(lambda m: m.chat_id == a and "#1" in text_of(m), after=cur)
    assert text_of(reply) == t("note.saved", "zh", n=1, earned="，+3 分，连续学习 1 天")

    cur = double.cursor()
    double.user_sends_file(
        b, b, "voice", ogg, duration=9, reply_to_message_id=out.copies[b].message_id
    )
    ack = await double.wait_for(lambda m: m.chat_id == b, after=cur)
    assert text_of(ack) == t("note.saved", "zh", n=1, earned="，+3 分，连续学习 1 天")
    short = await say(double, b, b, "好")  # no link opened, not a reply: not about a lesson
    assert short == t("help.private_text", "zh", min=10)
    cur = double.cursor()
    double.user_sends(b, b, "很好", reply_to_message_id=out.copies[b].message_id)
    answer = await double.wait_for(lambda m: m.chat_id == b, after=cur)
    assert text_of(answer) == t("note.too_short", "zh", min=10)
    assert {(n.user_id, n.voice_file_id is not None) for n in await notes(bot)} == {
        (a, False),
        (b, True),
    }
    assert await listens(bot, 1) == {(a, "note", "on_day"), (b, "note", "on_day")}


async def test_join_adds_to_the_roster_and_a_member_who_left_gets_no_more_copies(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    double.add_user(66, "新成员")
    double.set_member(GROUP, 66, "member")
    assert await say(double, GROUP, 66, "/join") == t("join.done", "zh", group="第一党支部")
    assert await membership(bot, 66) == "member"
    await say(double, 66, 66, "/start")
    first = await broadcast_now(bot, double, ogg)
    assert set(first.copies) == {ADMIN, members[0], 66}

    double.user_leaves(GROUP, 66)
    await settled(bot)
    second = await broadcast_now(bot, double, ogg, title="第二课")
    assert set(second.copies) == {ADMIN, members[0]}
    assert await membership(bot, 66) == "left"  # history kept, out of the figures


async def test_me_answers_privately_and_rank_only_where_the_group_turned_it_on(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=2)
    out = await broadcast_now(bot, double, ogg)
    await press(double, GROUP, members[0], out.group_message.message_id, "listen:1")

    cur = double.cursor()
    double.user_sends(GROUP, members[0], "/me")
    mine = await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    assert "积分：共 1 分（本周 1 分）" in text_of(mine)
    assert "连续学习：1 天" in text_of(mine) and "已收听 1/1 节" in text_of(mine)
    assert "排名" not in text_of(mine)  # the board is off: no ranking anywhere
    await double.wait_until(lambda: bool(double.reactions))
    assert not [m for m in double.sent[cur:] if m.chat_id == GROUP]

    assert await say(double, GROUP, members[1], "/rank") == t("rank.off", "zh")

    cur = double.cursor()
    double.user_sends(GROUP, members[1], "/settings")
    view = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)
    assert "积分排行榜：关闭" in text_of(view)
    refused = await press(double, GROUP, members[1], view.message_id, "gset:board:on")
    assert refused == t("settings.not_admin", "zh")
    assert await press(double, GROUP, ADMIN, view.message_id, "gset:board:on") == t(
        "settings.board_on", "zh"
    )
    board = await say(double, GROUP, members[1], "/rank")
    # No roster here: the Telegram name, marked as such.
    assert "本周\n1. 党员0（昵称）　1 分" in board and "累计\n1. 党员0（昵称）　1 分" in board

    cur = double.cursor()
    double.user_sends(members[0], members[0], "/me")
    mine = await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    assert t("me.rank", "zh", rank=1, of=3) in text_of(mine)


async def test_make_up_within_the_window_and_late_listens_are_told_apart(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=2)
    out = await broadcast_now(bot, double, ogg)
    msg = out.group_message.message_id
    clock.advance(timedelta(days=1))
    answer = await press(double, GROUP, members[0], msg, "listen:1")
    assert answer == recorded(1, 1, "listen.recorded_makeup")
    clock.advance(timedelta(days=3))
    answer = await press(double, GROUP, members[1], msg, "listen:1")
    assert answer == t("listen.recorded_late", "zh")
    assert await listens(bot, 1) == {
        (members[0], "button", "makeup"),
        (members[1], "button", "late"),
    }
    assert await points(bot, members[1]) == 0


@pytest.mark.both_stores
async def test_the_daily_cap_limits_points_and_the_answer_says_so(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", points={"daily_cap": 2})
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=1)
        m = members[0]
        out = await broadcast_now(bot, double, ogg)
        assert await press(double, GROUP, m, out.group_message.message_id, "listen:1") == recorded(
            1, 1
        )
        cur = double.cursor()
        double.user_sends(
            GROUP,
            m,
            "这节课让我深受教育，收获很大。",
            reply_to_message_id=out.group_message.message_id,
        )
        ack = await double.wait_for(lambda x: x.chat_id == m, after=cur)
        earned = "，+1 分" + t("listen.capped", "zh") + t("listen.streak", "zh", n=1)
        assert text_of(ack) == t("note.saved", "zh", n=1, earned=earned)
        assert await points(bot, m) == 2


async def test_leave_by_the_member_or_their_secretary_and_bad_dates_get_clear_answers(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    double.world.users[m].username = "zhang_san"
    await say(double, m, m, "/start")  # the bot learns the username
    await settled(bot)
    assert await say(double, m, m, "/leave 2026-03-05 2026-03-06") == t(
        "leave.done_self", "zh", days="3月5日（周四）至3月6日（周五）"
    )
    assert await say(double, ADMIN, ADMIN, "/leave @zhang_san 2026-03-09") == t(
        "leave.done_other", "zh", name="党员0", days="3月9日（周一）"
    )
    assert await say(double, m, m, "/leave ３月１０日 至 １２日") == t(
        "leave.done_self", "zh", days="3月10日（周二）至3月12日（周四）"
    )
    assert await say(double, m, m, "/leave 3月32日") == t("when.bad_date", "zh", text="3月32日")
    assert await say(double, m, m, "/leave 2026-03-06 2026-03-05") == t(
        "leave.end_before_start", "zh"
    )
    assert await say(double, m, m, "/leave 2026-01-05") == t("leave.too_old", "zh", days=7)
    assert await say(double, m, m, "/leave 2026-03-05 2026-09-05") == t(
        "leave.too_long", "zh", days=92
    )
    # A member may not record leave for someone else.
    assert await say(double, m, m, f"/leave {ADMIN} 2026-03-05") == t(
        "leave.not_your_member", "zh", who=str(ADMIN)
    )
    assert await say(double, GROUP, m, "/leave 2026-03-05") == t("group.private_only", "zh")
    cur = double.cursor()
    double.user_sends(m, m, "/me")
    mine = await double.wait_for(lambda x: x.chat_id == m, after=cur)
    assert t("me.leave", "zh", days="3月5日（周四）至3月6日（周五）、3月9日（周一）") in text_of(
        mine
    )
