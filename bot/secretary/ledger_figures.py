"""The ledger's totals as a branch reports them, and one 党小组's part of the ledger.

Definitions (the XLSX's 课程汇总 and the sentence on its first line, and the /export reply):
- 应学 of a lesson: the ledger rows of that lesson whose status is neither 请假 (ON_LEAVE) nor
  已退群或转出 (LEFT). Everyone else expected counts, 未关联 / 未开通推送 / 无法送达 included,
  so the rate is honest about who the bot cannot reach.
- 已学: rows with a listen (LISTENED), on the day, made up or late.
- 补学: listens with the make-up timing (as the member summary counts them).
- 心得: study notes written on the lesson.
- 参学率 of a lesson: 已学 / 应学. The period's 平均参学率 is the mean of the lessons' rates
  (lessons with nobody expected left out), so each lesson weighs the same.
- 应学 N 人 in the sentence: the people expected on at least one lesson of the period.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import timedelta

from bot.core.i18n import Lang, t
from bot.secretary.ledger import COL, LedgerData, LedgerRow, Period, RowStatus

_LESSON, _STATUS = COL["lesson_id"], COL["status"]
_MAKEUP, _NOTES = COL["makeup"], COL["notes"]
_NOT_EXPECTED = frozenset({RowStatus.ON_LEAVE.value, RowStatus.LEFT.value})
_LISTENED = RowStatus.LISTENED.value


@dataclass(slots=True)
class LessonFigures:
    lesson_id: int
    expected: int = 0
    listened: int = 0
    makeup: int = 0
    notes: int = 0

    @property
    def rate(self) -> float | None:
        """已学 / 应学; None when nobody was expected."""
        return self.listened / self.expected if self.expected else None


@dataclass
class LedgerFigures:
    """The period's totals; fed row by row (FiguresBuilder) while the ledger streams out."""

    group_title: str
    period: Period
    party_group: str | None
    lessons: list[LessonFigures]
    expected_people: int
    rows: int = 0

    @property
    def notes(self) -> int:
        return sum(lesson.notes for lesson in self.lessons)

    @property
    def average_rate(self) -> float | None:
        rates = [rate for lesson in self.lessons if (rate := lesson.rate) is not None]
        return sum(rates) / len(rates) if rates else None


@dataclass
class FiguresBuilder:
    data: LedgerData
    party_group: str | None = None
    _lessons: dict[int, LessonFigures] = field(default_factory=dict)
    # Person key -> lessons they were expected on (应学 in the member summary).
    expected_of: dict[int, int] = field(default_factory=dict)
    _rows: int = 0

    def __post_init__(self) -> None:
        self._lessons = {
            lesson.lesson_id: LessonFigures(lesson.lesson_id) for lesson in self.data.lessons
        }

    def add(self, row: LedgerRow, key: int) -> None:
        self._rows += 1
        lesson = self._lessons.get(int(row[_LESSON]))
        if lesson is None:  # pragma: no cover - rows come from the data's own lessons
            return
        lesson.notes += int(row[_NOTES])
        status = row[_STATUS]
        if status in _NOT_EXPECTED:
            return
        lesson.expected += 1
        self.expected_of[key] = self.expected_of.get(key, 0) + 1
        if status == _LISTENED:
            lesson.listened += 1
            lesson.makeup += int(row[_MAKEUP])

    def figures(self) -> LedgerFigures:
        return LedgerFigures(
            self.data.group.title,
            self.data.period,
            self.party_group,
            list(self._lessons.values()),
            len(self.expected_of),
            self._rows,
        )


def ledger_figures(data: LedgerData, party_group: str | None = None) -> LedgerFigures:
    """The totals in a pass of their own (the XLSX writer gathers them on its way instead)."""
    builder = FiguresBuilder(data, party_group)
    for key, row in data.keyed_rows():
        builder.add(row, key)
    return builder.figures()


def percent(rate: float | None) -> str:
    """86% (whole percent), or — when nobody was expected."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def _is_month(period: Period) -> bool:
    return period.start.day == 1 and period.end == (period.start + timedelta(days=32)).replace(
        day=1
    )


def period_words(period: Period, lang: Lang) -> str:
    """2026年3月 / March 2026; a non-month period as its first and last day."""
    last = period.end - timedelta(days=1)
    if _is_month(period):
        if lang == "zh":
            return f"{period.start.year}年{period.start.month}月"
        return period.start.strftime("%B %Y")
    return f"{period.start.isoformat()}—{last.isoformat()}"


def summary_sentence(figures: LedgerFigures, lang: Lang) -> str:
    """The period in a sentence, e.g. "2026年3月 第一党支部 共推送微党课 20 期，应学 25 人，
    平均参学率 86%，提交学习心得 63 篇。" """
    who = figures.group_title
    if figures.party_group:
        who = f"{who} {figures.party_group}"
    when = period_words(figures.period, lang)
    if not figures.lessons:
        return t("export.sentence_none", lang, period=when, group=who)
    return t(
        "export.sentence",
        lang,
        period=when,
        group=who,
        lessons=len(figures.lessons),
        expected=figures.expected_people,
        rate=percent(figures.average_rate),
        notes=figures.notes,
    )


_NUMERALS = re.compile(r"[0-9]+|[〇零一二两三四五六七八九十百]+")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _number(text: str) -> int:
    """ "12" → 12, "十二" → 12, "二十" → 20, "一百零五" → 105."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:  # 十 or 百: a unit multiplies the digit before it (十 alone is 10)
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
    return total + digit


def party_group_order(name: str) -> tuple[tuple[str, int], ...]:
    """A 党小组 name's place in a list: 第一、第二 … 第十、第十一 党小组, by number, not by the
    characters' code points (一 三 二 otherwise)."""
    parts: list[tuple[str, int]] = []
    last = 0
    for match in _NUMERALS.finditer(name):
        parts.append((name[last : match.start()], _number(match.group())))
        last = match.end()
    parts.append((name[last:], -1))
    return tuple(parts)


def for_party_group(data: LedgerData, party_group: str) -> LedgerData:
    """The ledger of one 党小组: only the rows (and activity days) of people in it. The rows
    follow LedgerData.members, so keeping only those members keeps only their rows."""
    members = {
        key: member for key, member in data.members.items() if member.party_group == party_group
    }
    attendance = [row for row in data.attendance if row.user_id in members]
    return dataclasses.replace(data, members=members, attendance=attendance)
