"""Issue 20 at activity days and the quiz: 代签 picks a roster member without Telegram by button
and the 纪实表 (and its DOCX) names them; a group member the bot has not met gets quiz credit
after one getChatMember; a non-member never does."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.config import QuizSettings, Settings
from bot.core.i18n import t
from bot.core.vocabulary import PresenceSource
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from handlers.prompts import typed_question
from storage.models import Membership, QuizAnswer
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    settled,
    setup_group,
    text_of,
)
from tests.support.members_day import press, queue_lesson

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUIZ = (
    "/quiz {n}\n1. 党的十八大在哪一年召开？\nA. 2012 *\nB. 2017\n"
    "2. 党的二十大在哪一年召开？\nA. 2017\nB. 2022 *"
)
NEWCOMER, STRANGER = 5151, 6161


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """An answer from someone the bot never met comes from the group's poll: [quiz] in_group."""
    return settings.model_copy(update={"quiz": QuizSettings(in_group=True)})


def buttons(message: SentMessage) -> dict[str, str]:
    """Label → callback data of a message's inline buttons."""
    markup = message.reply_markup or {}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def test_proxy_sign_in_picks_a_roster_member_without_telegram_and_the_record_names_them(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock
) -> None:
    m = await bound_group(bot, double, members=2)
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    roster = bot.services.roster
    await roster.add(ADMIN, group.id, "王建国", account=ADMIN)
    await roster.add(ADMIN, group.id, "李红", account=m[0])
    zhang = await roster.add(ADMIN, group.id, "张三")  # on the roster, no Telegram
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-02 09:00 支部党员大会 选举支委 党员活动室")
    await double.wait_for(lambda x: x.chat_id == GROUP and "选举支委" in text_of(x), after=cur)

    # The QR code's 代签 button (as /signfor 1 alone): the expected not yet signed in, by
    # roster name, the one not on the roster under a marked Telegram name.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signin 1")
    qr = await double.wait_for(lambda x: x.method == "sendPhoto", after=cur)
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, qr.message_id, buttons(qr)["✍️ 代签"])
    picker = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(picker) == t("event.pick_proxy", "zh", n=1, title="选举支委")
    labels = buttons(picker)
    assert list(labels) == ["王建国", "李红", "张三", "党员1（昵称）"]
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, picker.message_id, labels["张三"])
    ask = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(ask) == typed_question(t("event.ask_proxy_reason", "zh", name="张三"), "zh")
    assert await say(double, ADMIN, ADMIN, "没带手机") == t(
        "event.signed_for", "zh", name="张三", n=1
    )
    # Signed in: no longer on the list, and not twice by name either.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signfor 1")
    again = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert "张三" not in buttons(again)
    assert await say(double, ADMIN, ADMIN, "/signfor 1 张三 再签") == t(
        "event.already_signed", "zh", name="张三"
    )
    # The typed form takes a roster name too (补签 after the start).
    clock.set(datetime(2026, 3, 2, 10, 30, tzinfo=SHANGHAI))
    assert await say(double, ADMIN, ADMIN, "/latesign 1 李红 会后补签") == t(
        "event.late_signed", "zh", name="李红", n=1
    )
    assert await say(double, ADMIN, ADMIN, "/latesign 1 赵六 会后补签") == t(
        "event.unknown_member", "zh", who="赵六"
    )

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/record 1")
    record = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    text = text_of(record)
    assert "应到 4 人，实到 2 人" in text
    assert "张三（代签：王建国，没带手机）" in text
    assert "李红（补签：王建国，会后补签）" in text
    assert "王建国（未回复）" in text and "党员1（昵称）（未回复）" in text
    # The 纪实表's 补签 button lists those still missing.
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, buttons(record)["✍️ 补签"])
    late = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    assert text_of(late) == t("event.pick_late", "zh", n=1, title="选举支委")
    assert list(buttons(late)) == ["王建国", "党员1（昵称）"]

    assert await say(double, ADMIN, ADMIN, "/record 1 纪要 学习了选举办法") != ""
    cur = double.cursor()
    await press(double, ADMIN, ADMIN, record.message_id, "rec:x:1")
    doc_msg = await double.wait_for(lambda x: x.method == "sendDocument", after=cur)
    data = double.world.files[str(doc_msg.file_id)].data
    assert data is not None
    cells = [
        c.text for table in Document(io.BytesIO(data)).tables for r in table.rows for c in r.cells
    ]
    assert "4" in cells and "2" in cells  # 应到人数, 实到人数
    assert any("张三（代签：王建国，没带手机）" in c for c in cells)
    assert "王建国" in cells  # who edited the minutes, in the history, by the roster's name

    rows = await bot.services.events.month_rows(group.id, 2026, 3)
    by_key = {r.user_id: (r.name, r.name_is_fallback, r.signed_in) for r in rows}
    assert by_key == {
        ADMIN: ("王建国", False, None),
        m[0]: ("李红", False, "late"),
        m[1]: ("党员1", True, None),
        zhang.key: ("张三", False, "proxy"),
    }

    # 张三 later turns out to be m[1]'s account: the 代签 counts for that account, once.
    assert zhang.entry_id is not None
    await roster.link(ADMIN, zhang.entry_id, m[1])
    view = await bot.services.events.record(ADMIN, 1)
    assert view.expected == 3
    assert [(a.user_id, a.name, a.method) for a in view.present] == [
        (m[1], "张三", "proxy"),
        (m[0], "李红", "late"),
    ]


async def _two_polls(bot: RunningBot, double: TelegramDouble, ogg: Path) -> list[SentMessage]:
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, QUIZ.format(n=lesson)) == t(
        "quiz.attached", "zh", n=lesson, count=2
    )
    cur = double.cursor()
    await say(double, ADMIN, ADMIN, f"/sendnow {lesson}")
    await double.wait_until(
        lambda: sum(x.method == "sendPoll" and x.chat_id == GROUP for x in double.sent[cur:]) == 2
    )
    return [x for x in double.sent[cur:] if x.method == "sendPoll" and x.chat_id == GROUP]


def _asked_about(double: TelegramDouble, user_id: int) -> int:
    return sum(c.params.get("user_id") == user_id for c in double.calls_to("getChatMember"))


async def _answers_of(bot: RunningBot, user_id: int) -> list[tuple[int, bool, int]]:
    async with bot.services.db.reading() as s:
        rows = await s.execute(
            select(QuizAnswer.option, QuizAnswer.correct, QuizAnswer.points)
            .where(QuizAnswer.user_id == user_id)
            .order_by(QuizAnswer.question_id)
        )
        return [(o, bool(c), p) for o, c, p in rows.all()]


async def test_an_unknown_group_members_quiz_answer_counts_after_one_get_chat_member(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    # In the group all along, silent: the bot has never seen them.
    double.add_user(NEWCOMER, "新同志")
    double.set_member(GROUP, NEWCOMER, "member")
    polls = await _two_polls(bot, double, ogg)
    double.answer_poll(NEWCOMER, GROUP, polls[0].message_id, 0)
    double.answer_poll(NEWCOMER, GROUP, polls[1].message_id, 0)

    async def both() -> bool:
        return len(await _answers_of(bot, NEWCOMER)) == 2

    await eventually(both)
    await settled(bot)
    assert await _answers_of(bot, NEWCOMER) == [(0, True, 1), (0, False, 0)]
    assert _asked_about(double, NEWCOMER) == 1
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    async with bot.services.db.reading() as s:
        membership = await s.get(Membership, (group.id, NEWCOMER))
        assert membership is not None
        assert membership.source == PresenceSource.GET_CHAT_MEMBER


async def test_a_non_members_quiz_answer_never_counts(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double, members=1)
    double.add_user(STRANGER, "路人")
    polls = await _two_polls(bot, double, ogg)
    # Votes on a copy of the poll forwarded outside the group reach the bot with the same
    # poll id (Telegram's clients let only those who see a poll vote on it).
    for poll in polls:
        double.world.enqueue(
            "poll_answer",
            {
                "poll_id": poll.message["poll"]["id"],
                "user": double.world.user_dict(STRANGER),
                "option_ids": [0],
                "option_persistent_ids": ["0"],
            },
        )
    await settled(bot)
    assert await _answers_of(bot, STRANGER) == []
    assert _asked_about(double, STRANGER) == 1  # asked once, the "no" remembered
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    async with bot.services.db.reading() as s:
        assert await s.get(Membership, (group.id, STRANGER)) is None


async def test_the_sign_in_list_is_paged(bot: RunningBot, double: TelegramDouble) -> None:
    await bound_group(bot, double)
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    names = [f"成员{i:02}" for i in range(1, 11)]
    for name in names:
        await bot.services.roster.add(ADMIN, group.id, name)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-02 09:00 党课 学习党史")
    await double.wait_for(lambda x: x.chat_id == GROUP and "学习党史" in text_of(x), after=cur)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signfor 1")
    picker = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    first = buttons(picker)
    assert list(first) == [*names[:8], t("button.page_next", "zh")]
    edits = len(double.edits)
    await press(double, ADMIN, ADMIN, picker.message_id, first[t("button.page_next", "zh")])
    await double.wait_until(lambda: len(double.edits) > edits)
    second = buttons(double.edits[-1])
    assert list(second) == [*names[8:], "王书记（昵称）", t("button.page_prev", "zh")]


async def test_the_proxy_list_tells_apart_two_people_of_one_name(
    bot: RunningBot, double: TelegramDouble
) -> None:
    m = setup_group(double, members=2)
    double.add_user(m[1], "党员0", language_code="zh-hans")  # two of one Telegram name
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    for uid in m:
        await say(double, uid, uid, "/start")
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-02 09:00 支部党员大会 选举支委 党员活动室")
    await double.wait_for(lambda x: x.chat_id == GROUP and "选举支委" in text_of(x), after=cur)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/signfor 1")
    picker = await double.wait_for(lambda x: x.chat_id == ADMIN, after=cur)
    names = [b["text"] for row in (picker.reply_markup or {})["inline_keyboard"] for b in row]
    assert names == ["王书记（昵称）", "党员0（昵称） 1", "党员0（昵称） 2"]
