"""/report end to end: figures in the group naming nobody, names in private for the group's
secretaries only, uncertain and unreachable shown honestly, and the 精选 buttons."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from storage.models import Member, Membership, Note, RosterEntry
from storage.repositories import group_by_chat
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
from tests.support.members_day import broadcast_now, press
from tests.support.secretary_view import documents, live_a_month, read_csv

OUTSIDER = 77
NAMES = ("王书记", "党员0", "党员1", "党员2", "新党员")


def figures(**overrides: object) -> str:
    """The lesson-2 figures of the month (support.secretary_view), as the report words them."""
    values: dict[str, object] = dict(
        expected=5,
        listened=3,
        button=2,
        private=0,
        note=1,
        player=0,
        makeup=1,
        late=0,
        wrote=1,
        not_listened=1,
        on_leave=0,
        unlinked=0,
        not_started=0,
        unreachable=0,
        left=1,
        delivered=4,
        uncertain=0,
        failed=0,
    )
    values.update(overrides)
    return t("report.figures", "zh", **_with_ways(values))


def _with_ways(values: dict[str, object]) -> dict[str, object]:
    """The figures' values with the listens' ways in words (私聊 only when there are some)."""
    counts = {way: values.pop(way) for way in ("button", "private", "note", "player")}
    shown = (
        ["button", "private", "note", "player"]
        if counts["private"]
        else [
            "button",
            "note",
            "player",
        ]
    )
    ways = " · ".join(t(f"report.via.{way}", "zh", n=counts[way]) for way in shown)
    return {**values, "ways": ways}


@pytest.mark.both_stores
async def test_the_group_report_gives_figures_and_names_nobody(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    double.set_member_count(GROUP, 31)  # the bot included

    text = await say(double, GROUP, 21, "/report")
    header = t(
        "report.header",
        "zh",
        group="第一党支部",
        n=month.lesson2,
        title="学习“两个确立”",
        day="3月3日（周二）",
    )
    coverage = t("report.coverage", "zh", known=4, total=30)
    assert text == "\n".join([header, figures(), coverage, t("report.footnote", "zh")])
    assert not [name for name in NAMES if name in text]

    first = await say(double, GROUP, 21, f"/report {month.lesson1}")
    assert (
        t(
            "report.figures",
            "zh",
            expected=4,
            listened=2,
            ways="按钮 1 · 心得 1 · 播放器 0",
            makeup=0,
            late=0,
            wrote=1,
            not_listened=1,
            on_leave=1,
            unlinked=0,
            not_started=0,
            unreachable=0,
            left=0,
            delivered=4,
            uncertain=0,
            failed=0,
        )
        in first
    )
    assert not [name for name in NAMES if name in first]
    assert await say(double, GROUP, 21, "/report abc") == t("report.usage", "zh")
    assert await say(double, GROUP, 21, "/report 99") == t("report.lesson_not_found", "zh", n=99)


async def test_the_private_report_names_members_only_for_the_groups_secretaries(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    double.add_user(OUTSIDER, "外人")

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/report")
    named = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    text = text_of(named)
    assert figures() in text
    # 党员2 opened the link and then pressed ✅: the press is the listen.
    # The branch has no roster: Telegram names, marked as such.
    assert (
        t("report.names", "zh", label="已收听（按钮）", names="党员2（昵称）、新党员（昵称）")
        in text
    )
    assert "已收听（私聊）" not in text
    assert t("report.names", "zh", label="已收听（心得）", names="党员1") in text
    assert t("report.names", "zh", label="未收听", names="王书记") in text
    # Left after the lesson without listening: named as gone, never as "did not listen".
    assert t("report.names", "zh", label="已退群", names="党员0") in text
    assert "未收听：王书记、" not in text

    refusal = t("report.not_secretary", "zh")
    assert await say(double, 21, 21, "/report") == refusal
    assert await say(double, OUTSIDER, OUTSIDER, "/report") == refusal
    assert await say(double, OUTSIDER, OUTSIDER, f"/report {month.lesson1}") == refusal
    assert await say(double, ADMIN, ADMIN, "/report 99") == t("report.lesson_not_found", "zh", n=99)
    await settled(bot)
    for chat in (21, OUTSIDER):
        said = " ".join(text_of(m) for m in double.sent[cur:] if m.chat_id == chat)
        assert not [name for name in NAMES if name in said]


async def test_a_secretary_of_another_group_gets_nothing_of_this_one(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    double.add_group(-3003, "第三党支部", type="supergroup")
    double.add_user(OUTSIDER, "外人")
    double.set_member(-3003, OUTSIDER, "creator")
    double.add_bot_to_group(-3003, OUTSIDER)
    await say(double, -3003, OUTSIDER, "/bind")
    cur = double.cursor()
    answer = await say(double, OUTSIDER, OUTSIDER, f"/report {month.lesson2}")
    assert answer == t("report.lesson_not_found", "zh", n=month.lesson2)
    assert await say(double, OUTSIDER, OUTSIDER, "/report") == t("report.no_lesson", "zh")
    await settled(bot)
    said = " ".join(text_of(m) for m in double.sent[cur:] if m.chat_id == OUTSIDER)
    assert not [name for name in NAMES if name in said]


@pytest.mark.both_stores
async def test_uncertain_and_unreachable_copies_are_reported_as_what_they_are(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock, ogg: Path
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", telegram={"request_timeout": 1})
    async with running_bot(double, settings, clock) as bot:
        members = await bound_group(bot, double, members=3)
        slow, blocked, fine = members
        double.delay("sendVoice", 1.6, chat_id=slow)
        double.user_blocks_bot(blocked)
        out = await broadcast_now(bot, double, ogg)
        await press(double, GROUP, fine, out.group_message.message_id, "listen:1")

        cur = double.cursor()
        double.user_sends(ADMIN, ADMIN, "/report 1")
        text = text_of(await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur))
        assert (
            figures(
                expected=4,
                listened=1,
                button=1,
                private=0,
                note=0,
                makeup=0,
                wrote=0,
                not_listened=2,
                unreachable=1,
                left=0,
                delivered=2,
                uncertain=1,
            )
            in text
        )
        # The slow member's copy may have arrived: not yet listened, and not unreachable.
        # Blocked the bot: 无法送达; no roster here, so each name is a marked nickname.
        assert t("report.names", "zh", label="无法送达", names="党员1（昵称）") in text
        not_yet = "王书记（昵称）、党员0（昵称）"
        assert t("report.names", "zh", label="未收听", names=not_yet) in text

        # The ledger says the same: no delivery time for a copy that is not known to be there.
        cur = double.cursor()
        double.user_sends(ADMIN, ADMIN, "/export 2026-03")
        await double.wait_until(lambda: len(documents(double, ADMIN, cur)) == 2, timeout=15)
        rows = {int(r["user_id"]): r for r in read_csv(documents(double, ADMIN, cur)[0][1])}
        cells = ("delivery", "delivered_at", "status")
        assert [rows[slow][c] for c in cells] == ["uncertain", "", "not_listened"]
        assert [rows[blocked][c] for c in cells] == ["unreachable", "", "unreachable"]
        assert rows[fine]["delivery"] == "sent" and rows[fine]["delivered_at"]
        assert rows[fine]["status"] == "listened"


async def test_the_feature_button_marks_and_unmarks_a_note_and_refuses_anyone_else(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, f"/report {month.lesson1}")
    notes_msg = await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.reply_markup is not None, after=cur
    )
    assert text_of(notes_msg).startswith(t("report.notes_header", "zh", count=1))
    assert "<b>学习心得</b>" in text_of(notes_msg)  # verbatim, not rendered
    assert notes_msg.reply_markup is not None
    button = notes_msg.reply_markup["inline_keyboard"][0][0]
    assert button["text"] == t("button.feature_on", "zh", i=1)

    async def featured() -> bool:
        async with bot.services.db.reading() as s:
            note = (await s.execute(select(Note).order_by(Note.id))).scalars().first()
            return note is not None and note.featured_at is not None

    # Someone else pressing the same data in their own chat: refused, nothing marked.
    # (A forged press on a message the bot sent to 21, carrying the admin's button's data.)
    theirs = [m for m in double.sent if m.chat_id == 21][-1].message_id
    refused = await press(double, 21, 21, theirs, button["callback_data"], check=False)
    assert refused == t("report.feature_refused", "zh")
    forged = await press(double, ADMIN, ADMIN, notes_msg.message_id, "feat:x:1", check=False)
    assert forged == t("button.forged", "zh")
    assert not await featured()

    answer = await press(double, ADMIN, ADMIN, notes_msg.message_id, button["callback_data"])
    assert answer == t("report.featured", "zh")
    assert await featured()
    await double.wait_until(lambda: any(e.message_id == notes_msg.message_id for e in double.edits))
    edited = [e for e in double.edits if e.message_id == notes_msg.message_id][-1]
    assert edited.reply_markup is not None
    flipped = edited.reply_markup["inline_keyboard"][0][0]
    assert flipped["text"] == t("button.feature_off", "zh", i=1)

    answer = await press(double, ADMIN, ADMIN, notes_msg.message_id, flipped["callback_data"])
    assert answer == t("report.unfeatured", "zh")
    assert not await featured()


NEVER_STARTED = 30


async def _roster(bot: RunningBot, clock: FakeClock, linked: dict[str, int | None]) -> None:
    """The branch's roster, as an import would have stored it a day ago; and an account the
    bot saw in the group that never opened the private chat."""
    now = clock.now()
    async with bot.services.db.transaction() as s:
        group = await group_by_chat(s, GROUP)
        assert group is not None
        s.add(Member(user_id=NEVER_STARTED, first_name="小赵", created_at=now, updated_at=now))
        await s.flush()
        s.add(
            Membership(
                group_id=group.id,
                user_id=NEVER_STARTED,
                status="member",
                updated_at=now,
                joined_at=now - timedelta(days=1),
            )
        )
        for name, uid in linked.items():
            s.add(
                RosterEntry(
                    group_id=group.id,
                    name=name,
                    user_id=uid,
                    created_at=now - timedelta(days=1),
                    updated_at=now,
                )
            )


async def test_the_report_follows_the_roster_and_keeps_the_three_unreachable_words_apart(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    heard, blocked, unrostered = await bound_group(bot, double, members=3)
    await _roster(
        bot,
        clock,
        {
            "王建国": ADMIN,
            "张伟": heard,
            "李明": blocked,
            "赵强": NEVER_STARTED,
            "刘芳": None,  # on the roster, no Telegram account
        },
    )
    double.user_blocks_bot(blocked)
    out = await broadcast_now(bot, double, ogg)
    await press(double, GROUP, heard, out.group_message.message_id, "listen:1")

    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/report 1")
    text = text_of(await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur))
    # 应学 counts everyone on the roster, the member with no account included, and the
    # account that is not on it.
    assert (
        figures(
            expected=6,
            listened=1,
            button=1,
            private=0,
            note=0,
            makeup=0,
            wrote=0,
            not_listened=2,
            unlinked=1,
            not_started=1,
            unreachable=1,
            left=0,
            delivered=3,
        )
        in text
    )
    label = "report.names"
    assert t(label, "zh", label="已收听（按钮）", names="张伟") in text
    assert t(label, "zh", label="未关联", names="刘芳") in text
    assert t(label, "zh", label="未开通推送", names="赵强") in text
    assert t(label, "zh", label="无法送达", names="李明") in text
    # Roster names, not display names; an account not on the roster by its marked nickname.
    assert t(label, "zh", label="未收听", names="王建国、党员2（昵称）") in text
    assert not [name for name in ("王书记", "党员0", "党员1", "小赵") if name in text]
    assert unrostered == 22
