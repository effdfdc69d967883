"""The meeting types as secretaries type them: one matcher for /event and its step-by-step form."""

from __future__ import annotations

import pytest

from bot.branch_life.events.kinds import KindMatch, expects, kind_label, match_kind
from bot.core.vocabulary import EventKind


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("主题党日", KindMatch(EventKind.THEME_DAY)),
        ("主题党日活动", KindMatch(EventKind.THEME_DAY)),
        ("党员大会", KindMatch(EventKind.BRANCH_ASSEMBLY)),
        ("支部党员大会会议", KindMatch(EventKind.BRANCH_ASSEMBLY)),
        ("支委会", KindMatch(EventKind.COMMITTEE)),
        ("支部委员会会议", KindMatch(EventKind.COMMITTEE)),
        ("党小组会（第一党小组）", KindMatch(EventKind.GROUP_MEETING, "第一党小组")),
        ("党小组会:第二党小组", KindMatch(EventKind.GROUP_MEETING, "第二党小组")),
        ("组织生活会", KindMatch(EventKind.LIFE_MEETING)),
        ("民主评议党员", KindMatch(EventKind.APPRAISAL)),
        ("其他（读书会）", KindMatch(EventKind.OTHER, "读书会")),
        ("其它", KindMatch(EventKind.OTHER)),
        ("党课（第一党小组）", KindMatch(EventKind.PARTY_LESSON)),  # a detail only where it means
        ("开会", None),
        ("", None),
    ],
)
def test_kinds_are_matched_tolerantly(typed: str, expected: KindMatch | None) -> None:
    assert match_kind(typed) == expected


def test_labels_and_who_is_expected() -> None:
    assert kind_label("其他", "读书会") == "读书会"
    assert kind_label("党小组会", "第一党小组") == "党小组会（第一党小组）"
    assert kind_label("支委会", None) == "支委会"
    assert expects("支委会", None, "纪检委员", "") and expects("支委会", None, "青年委员", "")
    assert not expects("支委会", None, "", "") and not expects("支委会", None, "党员", "")
    assert expects("党小组会", "第一党小组", "", "第一党小组")
    assert not expects("党小组会", "第一党小组", "书记", "第二党小组")
    assert expects("党小组会", None, "", "") and expects("党课", None, "", "")
