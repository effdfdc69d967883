"""A question the bot asks waits for its answer only so long, and can be called off: a prompt
left open never captures a later message meant for something else (the study note that
became a lesson's title)."""

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
from storage.models import Lesson, Note
from tests.support.harness import (
    ADMIN,
    RunningBot,
    bound_group,
    eventually,
    say,
    settled,
    text_of,
)
from tests.support.members_day import lesson_sent, queue_lesson

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
    assert text_of(prompt) == t("intake.waiting_title", "zh", n=1)
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


async def _the_note_is_a_note(bot: RunningBot, double: TelegramDouble) -> None:
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, NOTE)
    question = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(question) == t("note.offer", "zh", n=1)  # not taken as a title
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

    await _the_note_is_a_note(bot, double)


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


@pytest.mark.parametrize("how", ["command", "button"])
async def test_a_cancelled_title_prompt_captures_nothing(
    bot: RunningBot, double: TelegramDouble, ogg: Path, how: str
) -> None:
    await bound_group(bot, double)
    preview = await _preview(double, ogg)
    prompt = await _title_prompt(double, preview)
    await _out_and_opened(bot, double)

    if how == "command":
        assert await say(double, ADMIN, ADMIN, "/cancel") == t("prompt.cancelled", "zh")
    else:
        qid = double.press_button(
            ADMIN, ADMIN, prompt.message_id, callback_data.cancel_prompt("title")
        )
        await double.wait_until(lambda: qid in double.callback_answers)
        assert double.callback_answers[qid]["text"] == t("prompt.cancelled", "zh")
        # Pressed again: there is nothing left to cancel.
        again = double.press_button(
            ADMIN, ADMIN, prompt.message_id, callback_data.cancel_prompt("title"), check=False
        )
        await double.wait_until(lambda: again in double.callback_answers)
        assert double.callback_answers[again]["text"] == t("prompt.nothing_to_cancel", "zh")

    await _the_note_is_a_note(bot, double)


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
    assert await say(double, ADMIN, ADMIN, f"/quiz {lesson}") == t("quiz.ask_question", "zh", i=1)
    assert await say(double, ADMIN, ADMIN, "第一题？") == t("quiz.ask_options", "zh", min=2, max=10)
    clock.advance(timedelta(minutes=PROMPT_MINUTES, seconds=1))
    assert await say(double, ADMIN, ADMIN, "甲\n乙") == t("help.private_text", "zh", min=10)
    await settled(bot)
