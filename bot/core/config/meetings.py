"""[meetings]: how often each 三会一课 type is required; [committee]: the 机关党委 above the
branches, who may see every branch's figures."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.core.config.sections import Section

# How often a type is required: once a month, quarter or year, or not counted at all.
Frequency = Literal["month", "quarter", "year", "none"]


class MeetingsSettings(Section):
    # The defaults are the 三会一课 rules: 党员大会 and 党课 quarterly, 支委会 and 党小组会
    # monthly (党小组会 once for each 党小组), 组织生活会 and 民主评议党员 yearly.
    branch_assembly: Frequency = "quarter"  # 支部党员大会
    committee: Frequency = "month"  # 支委会
    group_meeting: Frequency = "month"  # 党小组会, for each 党小组
    party_lesson: Frequency = "quarter"  # 党课
    theme_day: Frequency = "month"  # 主题党日
    life_meeting: Frequency = "year"  # 组织生活会
    appraisal: Frequency = "year"  # 民主评议党员
    # The secretary is reminded once, this many days before a period ends unmet.
    remind_days: int = Field(default=14, ge=0, le=90)


class CommitteeSettings(Section):
    # The 机关党委's name, as its members read it (e.g. "机关党委").
    name: str = "机关党委"
    # Telegram user ids of the committee's admins: they alone get /committee.
    admins: list[int] = Field(default_factory=list)
    # The groups (chat ids) it oversees; empty: every bound group of the deployment.
    groups: list[int] = Field(default_factory=list)
