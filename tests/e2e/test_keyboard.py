"""Issue 21 (2, 5): the private keyboard instead of commands, and 往期微党课.

Each key does what its command does with no syntax; a key press is never a prompt's answer or
a note; a member sees no secretary row. 往期 lists the member's past lessons (已学 ✓) and sends
one privately, whose ✅ counts as a make-up listen by the points rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    say,
    settled,
    setup_group,
    text_of,
)
from tests.support.members_day import broadcast_now, listens, notes, press, queue_lesson

NOTE = "今天学到了很多，要把学习成果落实到工作中。"
MEMBER_ROW = ["今日微党课", "写心得", "我的学习", "往期", "请假"]
SECRETARY_ROW = ["待推送", "报告", "台账", "活动"]


def keys(message: SentMessage) -> list[list[str]]:
    rows: list[list[Any]] = (message.reply_markup or {}).get("keyboard", [])
    return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in rows]


def inline(message: SentMessage) -> list[tuple[str, str]]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [(b["text"], str(b.get("callback_data"))) for row in rows for b in row]


async def key(double: TelegramDouble, uid: int, label: str) -> SentMessage:
    """Press a key of the private keyboard (it sends its label); the bot's first answer."""
    cur = double.cursor()
    double.user_sends(uid, uid, label)
    return await double.wait_for(lambda m: m.chat_id == uid, after=cur)


async def start(double: TelegramDouble, uid: int) -> SentMessage:
    """/start in private chat; the last line (the one that carries the keyboard)."""
    cur = double.cursor()
    double.user_sends(uid, uid, "/start")
    return await double.wait_for(lambda m: m.chat_id == uid and bool(keys(m)), after=cur)


async def test_start_and_help_bring_the_keyboard_and_a_member_sees_no_secretary_row(
    bot: RunningBot, double: TelegramDouble
) -> None:
    setup_group(double, members=1)
    double.add_user(30, "Anna", language_code="en")
    double.set_member(GROUP, 30, "member")
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")

    line = await start(double, 20)
    assert keys(line) == [MEMBER_ROW]
    assert line.reply_markup is not None and line.reply_markup.get("is_persistent") is True
    assert line.reply_markup.get("resize_keyboard") is True

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/help")
    helped = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert keys(helped) == [MEMBER_ROW, SECRETARY_ROW]

    english = await start(double, 30)
    assert keys(english) == [
        ["Today's lesson", "Write a note", "My study", "Past lessons", "Leave"]
    ]
    mine = await key(double, 30, "My study")
    assert "第一党支部" in text_of(mine)


async def test_the_members_keys_do_what_their_commands_do(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2, subscribe=False)
    await start(double, a)
    await broadcast_now(bot, double, ogg, "学习党章第一章")
    clock.advance(timedelta(days=1))
    await broadcast_now(bot, double, ogg, "学习党章第二章")

    # 今日微党课: today's lesson, sent privately (b started only now: no copy yet).
    await start(double, b)
    cur = double.cursor()
    double.user_sends(b, b, "今日微党课")
    voice = await double.wait_for(lambda m: m.chat_id == b and m.method == "sendVoice", after=cur)
    assert "#2" in text_of(voice)
    # a has it already: pointed at, as a reply to that very copy.
    pointed = await key(double, a, "今日微党课")
    assert text_of(pointed) == t("keyboard.copy_above", "zh", n=2, title="学习党章第二章")
    assert pointed.reply_to_message_id is not None

    mine = await key(double, a, "我的学习")
    assert "第一党支部" in text_of(mine)

    leave = await key(double, a, "请假")
    assert "请假从哪天开始" in text_of(leave)
    assert {"今天", "明天", "📅 选日期"} <= {label for label, _ in inline(leave)}

    listed = await key(double, a, "往期")
    assert text_of(listed) == t("past.header", "zh", page=1, pages=1)

    # 写心得: the prompt for the latest lesson, and the note lands on it.
    asked = await key(double, a, "写心得")
    assert "#2" in text_of(asked)
    assert (asked.reply_markup or {}).get("force_reply") is True
    saved = await say(double, a, a, NOTE)
    assert saved.startswith(t("note.saved", "zh", n=2, earned="")[:8])
    assert [(n.lesson_id, n.user_id, n.text) for n in await notes(bot)] == [(2, a, NOTE)]


async def test_a_key_pressed_while_a_prompt_is_open_does_not_answer_it(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    await broadcast_now(bot, double, ogg)
    asked = await key(double, a, "写心得")
    assert (asked.reply_markup or {}).get("force_reply") is True

    # Each key answers as itself, not as the note the prompt waits for.
    expected = {
        "我的学习": "第一党支部",
        "往期": t("past.header", "zh", page=1, pages=1),
        "请假": "请假从哪天开始",
        "My study": "第一党支部",
        "报告": t("report.not_secretary", "zh"),
    }
    for label, wanted in expected.items():
        await settled(bot)
        answer = await key(double, a, label)
        assert wanted in text_of(answer), (label, text_of(answer))
    assert await notes(bot) == []

    # The prompt is still open: the next text is the note.
    await say(double, a, a, NOTE)
    assert [(n.lesson_id, n.text) for n in await notes(bot)] == [(1, NOTE)]


async def test_the_secretary_row_sends_the_queue_with_buttons_and_the_report(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    await broadcast_now(bot, double, ogg, "学习党章第一章")
    queued = await queue_lesson(bot, ogg, "学习党章第二章")

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "待推送")
    item = await double.wait_for(
        lambda m: m.chat_id == ADMIN and f"#{queued}" in text_of(m), after=cur
    )
    assert "学习党章第二章" in text_of(item)
    assert ("▶️ 立即推送", f"now:{queued}") in inline(item) or any(
        data == f"now:{queued}" for _, data in inline(item)
    )

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "报告")
    report = await double.wait_for(lambda m: m.chat_id == ADMIN and "#1" in text_of(m), after=cur)
    assert "学习党章第一章" in text_of(report)

    await settled(bot)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "台账")
    ledger = await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.method == "sendDocument", after=cur
    )
    assert "学习台账" in (ledger.message.get("document") or {}).get("file_name", "")

    # A member pressing a secretary's key (an old keyboard): a polite refusal, nothing else.
    await settled(bot)
    refused = await key(double, a, "报告")
    assert text_of(refused) == t("report.not_secretary", "zh")


async def test_past_lessons_list_what_was_heard_and_send_one_that_counts_as_a_make_up(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2, subscribe=False)
    await start(double, a)
    first = await broadcast_now(bot, double, ogg, "学习党章第一章")
    await press(double, GROUP, a, first.group_message.message_id, callback_data.listen(1))
    clock.advance(timedelta(days=1))
    await broadcast_now(bot, double, ogg, "学习党章第二章")
    clock.advance(timedelta(hours=1))

    listed = await key(double, a, "往期")
    buttons = inline(listed)
    # Newest first, with the date; 已学 ✓ only on what they heard.
    assert buttons == [
        ("第2期 3月3日 学习党章第二章", callback_data.past_lesson(2)),
        ("第1期 3月2日 学习党章第一章 · 已学 ✓", callback_data.past_lesson(1)),
    ]

    # b was in the group all along but started only now: lesson #1 comes privately.
    await start(double, b)
    listed = await key(double, b, "往期")
    cur = double.cursor()
    await press(double, b, b, listed.message_id, callback_data.past_lesson(1))
    copy = await double.wait_for(lambda m: m.chat_id == b and m.method == "sendVoice", after=cur)
    assert "#1" in text_of(copy)
    assert await listens(bot, 1) == {(a, "button", "on_day")}  # opening is not a listen

    answer = await press(double, b, b, copy.message_id, callback_data.listen(1))
    assert answer.startswith(t("listen.recorded_makeup", "zh", points=1)[:6])
    assert (b, "button", "makeup") in await listens(bot, 1)


async def test_past_lessons_are_only_the_members_groups(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    await broadcast_now(bot, double, ogg)
    double.add_user(99, "路人", language_code="zh-hans")
    cur = double.cursor()
    double.user_sends(99, 99, "/start")
    await double.wait_for(lambda m: m.chat_id == 99 and bool(keys(m)), after=cur)
    none = await key(double, 99, "往期")
    assert text_of(none) == t("past.none", "zh")
    forged = await press(double, 99, 99, none.message_id, callback_data.past_lesson(1), check=False)
    assert forged == t("past.not_yours", "zh")


async def test_the_events_key_lists_the_groups_activity_days_with_their_buttons(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double, members=1)
    assert text_of(await key(double, ADMIN, "活动")) == t(
        "keyboard.events_none", "zh", group="第一党支部"
    )
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-02 09:00 支部党员大会 选举支委 党员活动室")
    await double.wait_for(lambda m: m.chat_id == GROUP, after=cur)

    listed = await key(double, ADMIN, "活动")
    assert text_of(listed) == "#1 支部党员大会“选举支委”· 3月2日（周一）09:00"
    assert inline(listed) == [
        ("📝 纪实表", callback_data.menu_event("r", 1)),
        ("📲 签到码", callback_data.menu_event("s", 1)),
    ]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, listed.message_id, callback_data.menu_event("r", 1))
    record = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert "选举支委" in text_of(record)
    assert any(data.startswith("rec:") for _, data in inline(record)), inline(record)

    cur = double.cursor()
    await press(double, ADMIN, ADMIN, listed.message_id, callback_data.menu_event("s", 1))
    qr = await double.wait_for(lambda m: m.chat_id == ADMIN and m.method == "sendPhoto", after=cur)
    assert qr.file_id is not None


async def test_a_secretary_of_two_groups_picks_the_group_for_the_report(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    double.add_group(-1002, "第二党支部", type="supergroup")
    double.set_member(-1002, ADMIN, "creator")
    double.add_bot_to_group(-1002, ADMIN)
    await say(double, -1002, ADMIN, "/bind")
    await broadcast_now(bot, double, ogg, "学习党章第一章")

    asked = await key(double, ADMIN, "报告")
    assert text_of(asked) == t("keyboard.pick_group_report", "zh")
    choices = dict(inline(asked))
    assert set(choices) == {"第一党支部", "第二党支部"}
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, asked.message_id, choices["第一党支部"])
    report = await double.wait_for(lambda m: m.chat_id == ADMIN and "#1" in text_of(m), after=cur)
    assert "学习党章第一章" in text_of(report)
    await settled(bot)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, asked.message_id, choices["第二党支部"])
    nothing = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(nothing) == t("report.no_lesson", "zh")


async def test_past_lessons_come_in_pages_and_today_says_when_none_went_out_today(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    for n in range(1, 8):
        await broadcast_now(bot, double, ogg, f"第{n}课")
        clock.advance(timedelta(days=1))

    listed = await key(double, a, "往期")
    assert text_of(listed) == t("past.header", "zh", page=1, pages=2)
    first = inline(listed)
    # Each lesson as the branch numbers it, then its day and title.
    assert [label.split(" ")[::2] for label, _ in first[:6]] == [
        [f"第{n}期", f"第{n}课"] for n in range(7, 1, -1)
    ]
    assert first[6] == ("下一页 ▶", callback_data.past_page(1))
    await press(double, a, a, listed.message_id, callback_data.past_page(1))
    page = double.world.message(a, listed.message_id)
    assert page is not None and page["text"] == t("past.header", "zh", page=2, pages=2)
    second = [
        (b["text"], b["callback_data"])
        for row in page["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    assert second == [
        ("第1期 3月2日 第1课", callback_data.past_lesson(1)),
        ("◀ 上一页", callback_data.past_page(0)),
    ]

    # The next day nothing went out yet: the latest, said to be of another day.
    said = await key(double, a, "今日微党课")
    assert text_of(said) == t("keyboard.not_today", "zh", day="2026年3月8日 周日")
