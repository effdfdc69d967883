"""The meeting types (三会一课 and the rest): tolerant matching of what a secretary types, and
who each type expects. /event's one-line parser and its step-by-step form both match through
`match_kind`, so "主题党日活动" means 主题党日 wherever it is typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.vocabulary import EventKind

MAX_KIND_NAME = 30
# The 支委: the branch committee's duties (职务) on the roster; any other "…委员" counts too.
COMMITTEE_DUTIES = frozenset({"书记", "副书记", "组织委员", "宣传委员", "纪检委员"})

# Other names people use for the same meeting, after the filler words are taken off.
_ALIASES: dict[str, EventKind] = {
    "主题党日": EventKind.THEME_DAY,
    "党日": EventKind.THEME_DAY,
    "支部党员大会": EventKind.BRANCH_ASSEMBLY,
    "党员大会": EventKind.BRANCH_ASSEMBLY,
    "支部大会": EventKind.BRANCH_ASSEMBLY,
    "党小组会": EventKind.GROUP_MEETING,
    "党小组": EventKind.GROUP_MEETING,
    "小组会": EventKind.GROUP_MEETING,
    "党课": EventKind.PARTY_LESSON,
    "支委会": EventKind.COMMITTEE,
    "支部委员会": EventKind.COMMITTEE,
    "支委": EventKind.COMMITTEE,
    "组织生活会": EventKind.LIFE_MEETING,
    "专题组织生活会": EventKind.LIFE_MEETING,
    "民主评议党员": EventKind.APPRAISAL,
    "民主评议": EventKind.APPRAISAL,
    "其他": EventKind.OTHER,
    "其它": EventKind.OTHER,
}
# Taken off the end (repeatedly) before looking the name up: 主题党日活动 → 主题党日.
_FILLER = ("活动", "会议")
# 党小组会（第一党小组）, 党小组会:第一党小组, 其他:读书会, 其他（读书会）
_DETAIL = re.compile(r"^(?P<head>[^:：（(]+)(?:[:：](?P<a>.+)|[（(](?P<b>[^）)]+)[）)])$")


@dataclass(frozen=True)
class KindMatch:
    kind: EventKind
    # 党小组会: the 党小组; 其他: the meeting's own name. Otherwise None.
    detail: str | None = None


def _lookup(name: str) -> EventKind | None:
    name = re.sub(r"\s+", "", name)
    while True:
        if name in _ALIASES:
            return _ALIASES[name]
        for filler in _FILLER:
            if name.endswith(filler) and len(name) > len(filler):
                name = name[: -len(filler)]
                break
        else:
            # 党小组会 ends in 会: a last try without it (支部党员大会议 → …大会).
            if name and not name.endswith("会") and name + "会" in _ALIASES:
                return _ALIASES[name + "会"]
            return _inside(name)


def _inside(name: str) -> EventKind | None:
    """A kind named inside a longer name ("三月主题党日", "专题党课"): the longest such name,
    none when two kinds are named."""
    named = [alias for alias in _ALIASES if len(alias) > 1 and alias in name]
    if not named:
        return None
    longest = max(named, key=len)
    kinds = {_ALIASES[alias] for alias in named if alias not in longest}
    return _ALIASES[longest] if not kinds - {_ALIASES[longest]} else None


def match_kind(text: str) -> KindMatch | None:
    """The type a secretary means, or None. A detail rides along after a colon or in
    brackets; any other unknown name is no type at all (其他 must be said)."""
    text = text.strip()
    if not text:
        return None
    found = _DETAIL.match(text)
    head, detail = text, None
    if found is not None:
        head = found["head"]
        detail = (found["a"] or found["b"] or "").strip() or None
    kind = _lookup(head)
    if kind is None:
        return None
    if kind not in (EventKind.GROUP_MEETING, EventKind.OTHER):
        detail = None
    if detail is not None and len(detail) > MAX_KIND_NAME:
        return None
    return KindMatch(kind, detail)


def kind_label(kind: str, detail: str | None) -> str:
    """How a meeting's type reads: 党小组会（第一党小组）; 其他 by its own name."""
    if kind == EventKind.OTHER and detail:
        return detail
    if kind == EventKind.GROUP_MEETING and detail:
        return f"{kind}（{detail}）"
    return kind


def is_committee_member(duty: str | None) -> bool:
    duty = (duty or "").strip()
    return bool(duty) and (duty in COMMITTEE_DUTIES or "委员" in duty)


def expects(kind: str, party_group: str | None, duty: str | None, person_group: str | None) -> bool:
    """Whether a member of the branch is expected at a meeting of this type: 支委会 the 支委,
    党小组会 its 党小组 (the whole branch when none was named), the others everyone."""
    if kind == EventKind.COMMITTEE:
        return is_committee_member(duty)
    if kind == EventKind.GROUP_MEETING and party_group:
        return (person_group or "") == party_group
    return True
