"""「✍️ 写心得」 from the player: the link t.me/<bot>?start=n<N> opens a question in private chat
(ForceReply) whose answer, text or voice, is stored as a note on lesson N, whichever lesson
came last."""

from __future__ import annotations

from pathlib import Path

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from handlers.prompts import typed_question
from tests.support.harness import RunningBot, bound_group, say, text_of
from tests.support.members_day import broadcast_now, listens, notes

NOTE = "今天学到了很多，要把学习成果落实到工作中。"


async def ask_note(double: TelegramDouble, user: int, lesson_id: int) -> int:
    """The member opens the note link; returns the question's message id."""
    cur = double.cursor()
    double.user_sends(user, user, f"/start n{lesson_id}")
    question = await double.wait_for(lambda m: m.chat_id == user, after=cur)
    assert question.reply_markup is not None and question.reply_markup.get("force_reply")
    # One message, the question: no greeting before it.
    assert [m for m in double.sent[cur:] if m.chat_id == user] == [question]
    return question.message_id


async def test_the_note_link_asks_for_a_note_and_stores_it_on_its_lesson(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    a, b = await bound_group(bot, double, members=2)
    first = await broadcast_now(bot, double, ogg, title="学习党章")
    second = await broadcast_now(bot, double, ogg, title="学习党史")

    question = await ask_note(double, a, first.lesson_id)
    asked = next(m for m in double.sent if m.message_id == question and m.chat_id == a)
    # Like every typed question: a ForceReply with a hint, ending with how to leave.
    assert text_of(asked) == typed_question(
        t("note.prompt", "zh", n=first.lesson_id, title="学习党章", min=10), "zh"
    )
    assert asked.reply_markup == {
        "force_reply": True,
        "input_field_placeholder": t("note.hint", "zh"),
    }
    cur = double.cursor()
    double.user_sends(a, a, NOTE, reply_to_message_id=question)
    answer = await double.wait_for(lambda m: m.chat_id == a, after=cur)
    assert text_of(answer) == t(
        "note.saved", "zh", n=first.lesson_id, earned="，+3 分，连续学习 1 天"
    )

    # A voice answer, and a first try too short: the question stays open for the next one.
    question = await ask_note(double, b, second.lesson_id)
    cur = double.cursor()
    double.user_sends(b, b, "很好", reply_to_message_id=question)
    too_short = await double.wait_for(lambda m: m.chat_id == b, after=cur)
    assert text_of(too_short) == t("note.too_short", "zh", min=10)
    cur = double.cursor()
    double.user_sends_file(b, b, "voice", ogg, duration=9, reply_to_message_id=question)
    answer = await double.wait_for(lambda m: m.chat_id == b, after=cur)
    saved = t("note.saved", "zh", n=second.lesson_id, earned="").rstrip("。")
    assert text_of(answer).startswith(saved), text_of(answer)

    stored = await notes(bot)
    assert [(n.user_id, n.lesson_id, n.text, n.voice_file_id is not None) for n in stored] == [
        (a, first.lesson_id, NOTE, False),
        (b, second.lesson_id, None, True),
    ]
    assert (a, "note", "on_day") in await listens(bot, first.lesson_id)
    assert (b, "note", "on_day") in await listens(bot, second.lesson_id)
    # Answered: what a comes to write next is no longer taken for lesson 1.
    assert await say(double, a, a, "好") != t("note.too_short", "zh", min=10)


async def test_a_note_link_to_no_lesson_or_another_groups_says_so(
    bot: RunningBot, double: TelegramDouble, ogg: Path
) -> None:
    (a,) = await bound_group(bot, double, members=1)
    out = await broadcast_now(bot, double, ogg)
    assert await say(double, a, a, "/start n99") == t("start.lesson_unknown", "zh", n=99)
    stranger = 777
    double.add_user(stranger, "路人", language_code="zh-hans")
    answer = await say(double, stranger, stranger, f"/start n{out.lesson_id}")
    assert answer == t("start.lesson_not_member", "zh", n=out.lesson_id)
    assert await notes(bot) == []
