"""The one-line /event read as a phone types it: quoted titles whole, kinds named loosely."""

from __future__ import annotations

import pytest

from bot.branch_life.events.kinds import match_kind
from bot.branch_life.events.views import event_words


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("3月20日 14:30 主题党日 学习 三楼", ["3月20日", "14:30", "主题党日", "学习", "三楼"]),
        ('3月20日 14:30 主题党日 "学习 二十大精神" 三楼', None),
        ("3月20日 14：30 主题党日 “学习 二十大精神” 三楼", None),
        ("3月20日 14:30 主题党日 「学习 二十大精神」 三楼", None),
        ("３月２０日　１４：３０ 主题党日 『学习 二十大精神』 三楼", None),
        (
            '3月20日 14:30 主题党日 "学习 二十大精神',
            ["3月20日", "14:30", "主题党日", '"学习', "二十大精神"],
        ),
        ("", []),
    ],
)
def test_event_words(typed: str, words: list[str] | None) -> None:
    expected = (
        words if words is not None else ["3月20日", "14:30", "主题党日", "学习 二十大精神", "三楼"]
    )
    assert event_words(typed) == expected


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("主题党日", "主题党日"),
        ("主题党日活动", "主题党日"),
        ("三月主题党日", "主题党日"),
        ("支部党员大会", "支部党员大会"),
        ("党小组会议", "党小组会"),
        ("党课", "党课"),
        ("专题党课", "党课"),
        ("开会", None),
        ("", None),
    ],
)
def test_match_kind(typed: str, kind: str | None) -> None:
    matched = match_kind(typed)
    assert (matched.kind.value if matched is not None else None) == kind
