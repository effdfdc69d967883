"""Issue 21: a note always finds its lesson (「✍️ 写心得」, a message sent without a reply, an
admin's voice asked about, speech not length), and opening a lesson's link is not a listen."""

from __future__ import annotations

import subprocess
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from storage.models import Lesson, Opened
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
from tests.support.members_day import broadcast_now, listens, notes, points, press

NOTE = "今天学到了很多，要把学习成果落实到工作中。"
ADMIN2 = 501


def buttons(message: SentMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [str(b.get("callback_data") or b.get("url")) for row in rows for b in row]


@pytest.fixture(scope="session")
def silence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five seconds of silence as a phone's voice note (OGG/Opus)."""
    path = tmp_path_factory.mktemp("silence") / "silence.ogg"
    lavfi = ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "5"]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *lavfi, "-c:a", "libopus", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return path


def subscribed(uid: int, message: SentMessage) -> bool:
    return message.chat_id == uid and "开通" in text_of(message)


async def lesson_count(bot: RunningBot) -> int:
    async with bot.services.db.reading() as s:
        return int(await s.scalar(select(func.count()).select_from(Lesson)) or 0)


async def test_write_note_button_on_the_private_copy_stores_the_note_on_its_lesson(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    out = await broadcast_now(bot, double, ogg)
    copy = out.copies[m]
    # The first button stays the "listened" acknowledgement; 写心得 is beside it.
    assert buttons(copy)[:2] == [callback_data.listen(1), callback_data.write_note(1)]
    assert len(callback_data.write_note(999_999_999).encode()) <= 64

    cur = double.cursor()
    await press(double, m, m, copy.message_id, callback_data.write_note(1))
    question = await double.wait_for(lambda x: x.chat_id == m, after=cur)
    assert "#1" in text_of(question)
    assert (question.reply_markup or {}).get("force_reply") is True
    answer = await say(double, m, m, NOTE)
    assert answer == t("note.saved", "zh", n=1, earned="，+3 分，连续学习 1 天")
    assert [(n.lesson_id, n.user_id, n.text) for n in await notes(bot)] == [(1, m, NOTE)]


async def test_a_note_written_without_a_reply_is_asked_about_and_stored_only_on_submit(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    await broadcast_now(bot, double, ogg)

    cur = double.cursor()
    double.user_sends(a, a, NOTE)
    question = await double.wait_for(lambda x: x.chat_id == a, after=cur)
    assert text_of(question) == t("note.offer", "zh", n=1)
    assert await notes(bot) == []  # kept in the question, not stored yet
    cur = double.cursor()
    await press(double, a, a, question.message_id, callback_data.note_offer("s"))
    saved = await double.wait_for(lambda x: x.chat_id == a and "#1" in text_of(x), after=cur)
    assert text_of(saved) == t("note.saved", "zh", n=1, earned="，+3 分，连续学习 1 天")

    cur = double.cursor()
    double.user_sends(b, b, "这是一段和课程无关的很长很长的话。")
    question = await double.wait_for(lambda x: x.chat_id == b, after=cur)
    cur = double.cursor()
    await press(double, b, b, question.message_id, callback_data.note_offer("n"))
    declined = await double.wait_for(lambda x: x.chat_id == b, after=cur)
    assert text_of(declined) == t("note.offer_declined", "zh")
    assert [(n.lesson_id, n.user_id, n.text) for n in await notes(bot)] == [(1, a, NOTE)]


async def test_an_admins_voice_after_a_delivered_lesson_is_asked_about_and_not_queued(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    # A second admin of the group (not the lesson's author), known as one when it is bound.
    setup_group(double)
    double.add_user(ADMIN2, "李委员", language_code="zh-hans")
    double.set_member(GROUP, ADMIN2, "administrator")
    double.add_bot_to_group(GROUP, ADMIN)
    await say(double, GROUP, ADMIN, "/bind")
    for uid in (ADMIN, ADMIN2):
        cur = double.cursor()
        double.user_sends(uid, uid, "/start")
        await double.wait_for(partial(subscribed, uid), after=cur)
    out = await broadcast_now(bot, double, ogg)
    assert ADMIN2 in out.copies

    cur = double.cursor()
    double.user_sends_file(ADMIN2, ADMIN2, "voice", ogg, duration=12)
    question = await double.wait_for(lambda x: x.chat_id == ADMIN2, after=cur)
    assert text_of(question) == t("note.offer_admin", "zh", n=1)
    assert buttons(question) == [callback_data.note_offer("s"), callback_data.note_offer("u")]
    await settled(bot)
    assert await lesson_count(bot) == 1  # nothing queued until they choose
    assert not [x for x in double.sent[cur:] if x.method == "sendVoice"]

    cur = double.cursor()
    await press(double, ADMIN2, ADMIN2, question.message_id, callback_data.note_offer("s"))
    saved = await double.wait_for(lambda x: x.chat_id == ADMIN2 and "#1" in text_of(x), after=cur)
    assert text_of(saved).startswith(t("note.saved", "zh", n=1, earned="")[:8])
    assert [(n.lesson_id, n.user_id) for n in await notes(bot)] == [(1, ADMIN2)]
    assert await lesson_count(bot) == 1


async def test_five_seconds_of_silence_is_not_a_note(
    bot: RunningBot, double: TelegramDouble, ogg: Path, silence: Path
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    out = await broadcast_now(bot, double, ogg)
    cur = double.cursor()
    double.user_sends_file(
        m, m, "voice", silence, duration=5, reply_to_message_id=out.copies[m].message_id
    )
    answer = await double.wait_for(lambda x: x.chat_id == m, after=cur)
    assert text_of(answer) == t("note.voice_silent", "zh", min=3)
    assert await notes(bot) == []
    assert await points(bot, m) == 0


async def test_opening_a_lesson_link_is_not_a_listen(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    await broadcast_now(bot, double, ogg)
    cur = double.cursor()
    double.user_sends(m, m, "/start l1")
    opened = await double.wait_for(
        lambda x: x.chat_id == m and text_of(x) == t("start.lesson_opened", "zh", n=1), after=cur
    )
    assert opened is not None
    await settled(bot)
    assert await listens(bot, 1) == set()
    assert await points(bot, m) == 0
    async with bot.services.db.reading() as s:
        assert (await s.execute(select(Opened.lesson_id, Opened.user_id))).all() == [(1, m)]
    assert not [x for x in double.sent[cur:] if "+1 分" in text_of(x)]
    # /report shows them apart: opened, not confirmed; not under 已收听.
    report = await say(double, ADMIN, ADMIN, "/report")
    assert t("report.opened", "zh", opened=1) in report
    assert t("report.names", "zh", label="已打开未确认", names="党员0") in report
    assert "已收听（私聊）：党员0" not in report
