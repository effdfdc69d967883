"""Typed alone, 取消 (退出, 算了, cancel) leaves the open question, in any width or case; a
sentence that merely contains it does not."""

from __future__ import annotations

import pytest

from handlers.prompts import PLACEHOLDER_MAX, is_leave_word, question_markup, typed_question


@pytest.mark.parametrize(
    "text",
    [
        "取消",
        " 取消 ",
        "\u3000取消\u3000",
        "取消。",
        "退出",
        "算了",
        "cancel",
        "CANCEL",
        "ｃａｎｃｅｌ",
    ],
)
def test_a_leave_word_typed_alone_leaves(text: str) -> None:
    assert is_leave_word(text)


@pytest.mark.parametrize("text", [None, "", "取消活动", "不取消", "cancel it", "/cancel"])
def test_other_texts_are_not_leave_words(text: str | None) -> None:
    assert not is_leave_word(text)


def test_a_typed_question_ends_with_how_to_leave_and_hints_its_answer() -> None:
    assert typed_question("请发送新标题。", "zh") == "请发送新标题。\n发送「取消」可退出。"
    assert typed_question("Send the title.", "en").endswith("\nSend “cancel” to stop.")
    markup = question_markup("x" * 100)
    assert markup.force_reply is True
    assert markup.input_field_placeholder == "x" * PLACEHOLDER_MAX
