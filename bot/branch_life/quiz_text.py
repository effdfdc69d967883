"""The quiz as the secretary types it: questions, options and the right answer, checked
against Telegram's limits for quiz polls."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import DomainError

# Telegram's quiz polls take 2 to 10 options; three questions keep the quiz short.
MAX_QUESTIONS = 3
MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_QUESTION_CHARS = 300
MAX_OPTION_CHARS = 100

_QUESTION_LINE = re.compile(r"^\s*(?:\d{1,2}|[一二三])\s*[.、．)）]\s*(.+)$")
_OPTION_LINE = re.compile(r"^\s*([A-Ja-j])\s*[.、．)）]\s*(.+?)\s*$")


@dataclass(frozen=True)
class QuestionInput:
    question: str
    options: tuple[str, ...]
    correct: int


def check_question(question: QuestionInput) -> QuestionInput:
    """Refuse what Telegram would refuse, with a message the secretary can act on."""
    if not question.question.strip() or len(question.question) > MAX_QUESTION_CHARS:
        raise DomainError("quiz.bad_question", max=MAX_QUESTION_CHARS)
    if not MIN_OPTIONS <= len(question.options) <= MAX_OPTIONS:
        raise DomainError("quiz.bad_options", min=MIN_OPTIONS, max=MAX_OPTIONS)
    if any(not o.strip() or len(o) > MAX_OPTION_CHARS for o in question.options):
        raise DomainError("quiz.option_too_long", max=MAX_OPTION_CHARS)
    if not 0 <= question.correct < len(question.options):
        raise DomainError("quiz.no_correct")
    return question


def parse_quiz_text(text: str) -> list[QuestionInput]:
    """The one-message form: "1. 题目" lines, then "A. 选项" lines; the right one ends in "*"."""
    questions: list[tuple[str, list[str], list[int]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        option = _OPTION_LINE.match(line)
        if option and questions:
            body = option.group(2)
            right = body.endswith("*")
            body = body.rstrip("*").strip()
            if right:
                questions[-1][2].append(len(questions[-1][1]))
            questions[-1][1].append(body)
            continue
        head = _QUESTION_LINE.match(line)
        if head is None:
            raise DomainError("quiz.bad_format")
        questions.append((head.group(1).strip(), [], []))
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise DomainError("quiz.count", max=MAX_QUESTIONS)
    out = []
    for question, options, right in questions:
        if len(right) != 1:
            raise DomainError("quiz.no_correct")
        out.append(check_question(QuestionInput(question, tuple(options), right[0])))
    return out
