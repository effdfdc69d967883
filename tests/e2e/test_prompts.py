"""A question the bot asks waits for its answer only so long, and can be called off: a prompt
left open never captures a later message meant for something else (the study note that
became a lesson's title). A question that wants typing is a ForceReply and says how to leave
it: typed 取消."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from bot.telegram import callback_data
from handlers.prompts import typed_question
from storage.models import EventReply, Lesson, Note, QuizQuestion
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    settled,
    text_of,
)
from tests.support.members_day import broadcast_now, lesson_sent, queue_lesson

NOTE = "学习了新时代的使命，很有收获，要落实到工作中。"
PROMPT_MINUTES = 10  # [chat] prompt_minutes, the default


async def _preview(double: TelegramDouble, ogg: Path) -> SentMessage:
    """The secretary uploads a recording; the bot's preview carries the lesson's buttons."""
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", ogg, caption="第一课", duration=12)
    preview = await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.method == "sendVoice", after=cur, timeout=30
    )
    return preview


async def _title_prompt(double: TelegramDouble, preview: SentMessage) -> SentMessage:
    """改标题 pressed: the bot asks for the new title."""
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, preview.message_id, "rename:1")
    prompt = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(prompt) == typed_question(t("intake.waiting_title", "zh", n=1), "zh")
    return prompt


async def _out_and_opened(bot: RunningBot, double: TelegramDouble) -> None:
    """Lesson #1 goes out, and the secretary opens it from its link like any member: what he
    writes here now is asked about as a study note on it."""
    assert await say(double, ADMIN, ADMIN, "/sendnow 1") == t("lesson.sending_now", "zh", n=1)
    await eventually(lesson_sent(bot, 1), timeout=10)
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, "/start l1")
    await double.wait_for(
        lambda m: m.chat_id == ADMIN and text_of(m) == t("start.lesson_opened", "zh", n=1),
        after=cur,
    )


async def _title(bot: RunningBot) -> str:
    async with bot.services.db.reading() as s:
        return str(await s.scalar(select(Lesson.title).where(Lesson.id == 1)))


async def _notes(bot: RunningBot) -> list[tuple[int, str | None]]:
    async with bot.services.db.reading() as s:
        return [(n.lesson_id, n.text) for n in (await s.execute(select(Note))).scalars()]


async def _the_note_is_a_note(
    bot: RunningBot, double: TelegramDouble, *, lapsed: bool = False
) -> None:
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, NOTE)
    if lapsed:  # the lapsed question says so first, then the text is what it is
        said = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
        assert text_of(said) == t("prompt.expired", "zh", minutes=PROMPT_MINUTES)
    offer = t("note.offer", "zh", n=1)
    question = await double.wait_for(
        lambda m: m.chat_id == ADMIN and text_of(m) != t("prompt.expired", "zh", minutes=10),
        after=cur,
    )
    assert text_of(question) == offer
    # not taken as a title
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, question.message_id, callback_data.note_offer("s"))
    saved = await double.wait_for(lambda m: m.chat_id == ADMIN and "#1" in text_of(m), after=cur)
    answer = text_of(saved)
    assert answer.startswith("已收到您对 #1 的学习心得"), answer
    assert await _notes(bot) == [(1, NOTE)]
    assert await _title(bot) == "第一课"


async def test_an_expired_title_prompt_no_longer_captures_the_next_study_note(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    await _title_prompt(double, preview)
    await _out_and_opened(bot, double)

    clock.advance(timedelta(minutes=PROMPT_MINUTES, seconds=1))

    await _the_note_is_a_note(bot, double, lapsed=True)


async def test_a_title_prompt_still_open_takes_the_title(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    await _title_prompt(double, preview)
    clock.advance(timedelta(minutes=PROMPT_MINUTES - 1))
    assert await say(double, ADMIN, ADMIN, "新时代的使命") == t(
        "lesson.renamed", "zh", n=1, title="新时代的使命"
    )
    # Answered: the prompt is closed, the next text is not a title again.
    assert await say(double, ADMIN, ADMIN, "又一句话") == t("help.private_text", "zh", min=10)
    assert await _title(bot) == "新时代的使命"


async def test_the_rename_question_is_a_force_reply_that_says_how_to_leave(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    prompt = await _title_prompt(double, preview)
    assert prompt.method == "sendMessage"
    markup = prompt.reply_markup or {}
    assert markup.get("force_reply") is True
    assert markup.get("input_field_placeholder") == t("intake.title_hint", "zh")
    assert 1 <= len(markup["input_field_placeholder"]) <= 64
    assert "inline_keyboard" not in markup  # one reply_markup a message: no ❌ beside it
    assert text_of(prompt).endswith("\n发送「取消」可退出。")


# The command and the word end to end; the word's other widths and spellings are
# tests/unit/test_leave_words.py (each case here starts a bot).
@pytest.mark.parametrize("typed", ["/cancel", "\u3000取消\u3000"])
async def test_a_cancelled_title_prompt_captures_nothing(
    bot: RunningBot, double: TelegramDouble, ogg: Path, typed: str
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    await _title_prompt(double, preview)
    await _out_and_opened(bot, double)

    assert await say(double, ADMIN, ADMIN, typed) == t("prompt.cancelled", "zh")
    # Left: the next text is not the title, nor is 取消 asked about again.
    assert await say(double, ADMIN, ADMIN, "新标题") == t("help.private_text", "zh", min=10)
    assert await _title(bot) == "第一课"

    await _the_note_is_a_note(bot, double)


async def test_cancel_typed_with_no_question_open_goes_on_as_before(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    """Nothing to leave: 取消 is a text like any other, not swallowed by the prompts."""
    await bound_group(bot, double)
    await _preview(double, ogg)
    await _out_and_opened(bot, double)
    said = await say(double, ADMIN, ADMIN, "取消")
    assert said == t("help.private_text", "zh", min=10)
    assert said != t("prompt.cancelled", "zh")
    assert await _title(bot) == "第一课"


async def test_the_old_cancel_button_still_leaves_the_question_it_was_under(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    """Questions sent before the ForceReply carried ❌ (data "title"): pressed now, it still
    leaves that question, once."""
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    prompt = await _title_prompt(double, preview)
    data = callback_data.cancel_prompt("title")
    qid = double.press_button(ADMIN, ADMIN, prompt.message_id, data, check=False)
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("prompt.cancelled", "zh")
    again = double.press_button(ADMIN, ADMIN, prompt.message_id, data, check=False)
    await double.wait_until(lambda: again in double.callback_answers)
    assert double.callback_answers[again]["text"] == t("prompt.nothing_to_cancel", "zh")
    assert await say(double, ADMIN, ADMIN, "新标题") == t("help.private_text", "zh", min=10)
    assert await _title(bot) == "第一课"


async def test_cancel_without_a_prompt_still_asks_which_lesson_and_cancel_n_still_works(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    await queue_lesson(bot, ogg, title="第一课")
    assert await say(double, ADMIN, ADMIN, "/cancel") == t("lesson.usage_n", "zh", cmd="cancel")
    assert await say(double, ADMIN, ADMIN, "/cancel 1") == t(
        "lesson.cancel_done", "zh", n=1, title="第一课"
    )


async def test_a_quiz_draft_left_open_expires_too(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double)
    lesson = await queue_lesson(bot, ogg)
    assert await say(double, ADMIN, ADMIN, f"/quiz {lesson}") == typed_question(
        t("quiz.ask_question", "zh", i=1), "zh"
    )
    assert await say(double, ADMIN, ADMIN, "第一题？") == typed_question(
        t("quiz.ask_options", "zh", min=2, max=10), "zh"
    )
    clock.advance(timedelta(minutes=PROMPT_MINUTES, seconds=1))
    assert await say(double, ADMIN, ADMIN, "甲\n乙") == t(
        "prompt.expired", "zh", minutes=PROMPT_MINUTES
    )
    await settled(bot)


async def _reply_note_to_lesson(double: TelegramDouble, uid: int, copy: SentMessage) -> None:
    """A study note written as a reply to the lesson: a note, whatever prompt is open."""
    cur = double.cursor()
    double.user_sends(uid, uid, NOTE, reply_to_message_id=copy.message_id)
    answer = await double.wait_for(lambda m: m.chat_id == uid, after=cur)
    assert text_of(answer).startswith("已收到您对 #1 的学习心得"), text_of(answer)


async def test_a_title_prompt_left_open_leaves_a_note_replied_to_the_lesson_a_note(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    await _title_prompt(double, preview)
    cur = double.cursor()
    assert await say(double, ADMIN, ADMIN, "/sendnow 1") == t("lesson.sending_now", "zh", n=1)
    await eventually(lesson_sent(bot, 1), timeout=10)
    copy = next(m for m in double.sent[cur:] if m.method == "sendVoice" and m.chat_id == ADMIN)
    await _reply_note_to_lesson(double, ADMIN, copy)
    assert await _notes(bot) == [(1, NOTE)]
    assert await _title(bot) == "第一课"


async def test_a_leave_reason_left_open_leaves_a_note_replied_to_the_lesson_a_note(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    m = await bound_group(bot, double, members=1)
    cur = double.cursor()
    double.user_sends(GROUP, ADMIN, "/event 2026-03-04 14:30 主题党日 学习党章 三楼会议室")
    posted = await double.wait_for(lambda x: x.chat_id == GROUP, after=cur)
    cur = double.cursor()
    double.press_button(GROUP, m[0], posted.message_id, "ev:l:1")
    ask_reason = await double.wait_for(lambda x: x.chat_id == m[0], after=cur)
    assert text_of(ask_reason) == typed_question(
        t("event.ask_reason", "zh", kind="主题党日", title="学习党章"), "zh"
    )
    out = await broadcast_now(bot, double, ogg)
    await _reply_note_to_lesson(double, m[0], out.copies[m[0]])
    assert await _notes(bot) == [(1, NOTE)]
    async with bot.services.db.reading() as s:
        reply_row = await s.get(EventReply, (1, m[0]))
        assert reply_row is not None and reply_row.reason is None


async def test_a_quiz_draft_left_open_leaves_a_note_replied_to_the_lesson_a_note(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    await bound_group(bot, double)
    out = await broadcast_now(bot, double, ogg)
    second = await queue_lesson(bot, ogg, "第二课")
    assert await say(double, ADMIN, ADMIN, f"/quiz {second}") == typed_question(
        t("quiz.ask_question", "zh", i=1), "zh"
    )
    await _reply_note_to_lesson(double, ADMIN, out.copies[ADMIN])
    assert await _notes(bot) == [(1, NOTE)]
    async with bot.services.db.reading() as s:
        assert (await s.execute(select(QuizQuestion))).first() is None


async def test_a_prompt_answered_late_says_it_lapsed_and_takes_nothing(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    await _title_prompt(double, preview)
    clock.advance(timedelta(minutes=PROMPT_MINUTES, seconds=1))
    assert await say(double, ADMIN, ADMIN, "新标题") == t(
        "prompt.expired", "zh", minutes=PROMPT_MINUTES
    )
    assert await _title(bot) == "第一课"
    await settled(bot)
    # Said once: the next text is just a text.
    assert await say(double, ADMIN, ADMIN, "又一句话") == t("help.private_text", "zh", min=10)
