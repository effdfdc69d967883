"""The double's quiz polls, media edits and deep links behave as the Bot API describes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from telegram import InputMediaPhoto
from telegram.error import BadRequest

from bot.sandbox.double import TelegramDouble
from tests.double.test_telegram_double import make_bot

ALICE, BOB = 1, 2
GROUP = -100
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
async def double() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as d:
        d.add_user(ALICE, "Alice")
        d.add_user(BOB, "Bob")
        d.add_group(GROUP, "Study group")
        d.set_member(GROUP, ALICE, "creator")
        d.set_member(GROUP, BOB, "member")
        d.add_bot_to_group(GROUP, ALICE)
        d.user_sends(ALICE, ALICE, "/start")
        yield d
        assert not d.violations, d.violations


@pytest.fixture
async def bot(double: TelegramDouble) -> AsyncIterator[telegram.Bot]:
    async with make_bot(double) as b:
        yield b


async def test_a_quiz_poll_is_answered_once_then_closed(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    with pytest.raises(BadRequest, match="correct option"):
        await bot.send_poll(GROUP, "Q?", ["a", "b"], type="quiz", is_anonymous=False)
    message = await bot.send_poll(
        GROUP, "Q?", ["a", "b"], type="quiz", is_anonymous=False, correct_option_ids=[1]
    )
    assert message.poll is not None and message.poll.type == "quiz"
    update = double.answer_poll(BOB, GROUP, message.message_id, 1)
    assert update["poll_answer"]["user"]["id"] == BOB
    assert update["poll_answer"]["option_ids"] == [1]
    with pytest.raises(ValueError, match="one answer"):
        double.answer_poll(BOB, GROUP, message.message_id, 0)
    poll = await bot.stop_poll(GROUP, message.message_id)
    assert poll.is_closed and poll.total_voter_count == 1
    with pytest.raises(BadRequest, match="already been closed"):
        await bot.stop_poll(GROUP, message.message_id)
    with pytest.raises(ValueError, match="closed"):
        double.answer_poll(ALICE, GROUP, message.message_id, 1)


async def test_a_quiz_keeps_its_explanation_within_telegrams_limits(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    async def quiz(explanation: str) -> telegram.Message:
        return await bot.send_poll(
            ALICE,
            "Q?",
            ["a", "b"],
            type="quiz",
            is_anonymous=False,
            correct_option_ids=[0],
            explanation=explanation,
        )

    with pytest.raises(BadRequest, match="explanation length"):
        await quiz("x" * 201)
    with pytest.raises(BadRequest, match="line feeds"):
        await quiz("1\n2\n3\n4")
    message = await quiz("x" * 200)
    assert message.poll is not None and message.poll.explanation == "x" * 200


async def test_a_photo_is_replaced_and_deep_links_are_checked(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    sent = await bot.send_photo(ALICE, PNG, caption="one")
    await bot.edit_message_media(
        InputMediaPhoto(PNG + b"2", caption="two"), chat_id=ALICE, message_id=sent.message_id
    )
    edit = double.edits[-1]
    assert edit.method == "editMessageMedia" and edit.caption == "two"
    assert double.world.files[str(edit.file_id)].data == PNG + b"2"
    text = await bot.send_message(ALICE, "plain")
    with pytest.raises(BadRequest, match="no media"):
        await bot.edit_message_media(
            InputMediaPhoto(PNG), chat_id=ALICE, message_id=text.message_id
        )
    update = double.open_link(BOB, "https://t.me/microlesson_test_bot?start=s1_abc-DEF_9")
    assert update["text"] == "/start s1_abc-DEF_9"
    with pytest.raises(ValueError, match="ignores"):
        double.open_link(BOB, "https://t.me/microlesson_test_bot?start=" + "x" * 65)
    with pytest.raises(ValueError, match="ignores"):
        double.open_link(BOB, "https://t.me/microlesson_test_bot?start=a+b")
