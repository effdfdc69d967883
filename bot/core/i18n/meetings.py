"""三会一课 counted (/meetings, the reminder, the 党课 mark) and the 机关党委 (/committee)."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- /meetings
    "meetings.usage": {
        "zh": "用法：/meetings [年份]，例如 /meetings 2026。",
        "en": "Usage: /meetings [year], e.g. /meetings 2026.",
    },
    "meetings.usage_party_lesson": {
        "zh": "用法：/partylesson 课程编号，例如 /partylesson 12"
        "（把已推送的第 12 课计为本季度党课）。",
        "en": "Usage: /partylesson N, e.g. /partylesson 12 (count sent lesson #12 as its "
        "quarter's 党课).",
    },
    "meetings.not_secretary": {
        "zh": "只有支部书记（群管理员）可以查看三会一课。",
        "en": "Only a branch secretary (a group admin) can see the meetings count.",
    },
    "meetings.header": {
        "zh": "{group} {year} 年三会一课\n✓ 已完成　✗ 已过期未开　… 进行中",
        "en": "{group}: meetings in {year}\n✓ held  ✗ missed  … still open",
    },
    "meetings.row": {
        "zh": "{kind}（{every}）：已开 {held} / 应开 {required}\n{periods}",
        "en": "{kind} ({every}): held {held} / required {required}\n{periods}",
    },
    "meetings.every.month": {"zh": "每月", "en": "monthly"},
    "meetings.every.quarter": {"zh": "每季度", "en": "quarterly"},
    "meetings.every.year": {"zh": "每年", "en": "yearly"},
    "meetings.every.group_month": {"zh": "每个党小组每月", "en": "each 党小组 monthly"},
    "meetings.month": {"zh": "{year}{m}月", "en": "{year}M{m}"},
    "meetings.quarter": {"zh": "{year}Q{q}", "en": "{year}Q{q}"},
    "meetings.year": {"zh": "{year}全年", "en": "{year}year"},
    "meetings.of_year": {"zh": "{year}年", "en": "{year} "},
    "meetings.party_lesson_line": {
        "zh": "计为党课的微党课：{marks}",
        "en": "Daily lessons counted as 党课: {marks}",
    },
    "meetings.party_lesson_mark": {"zh": "{quarter} 第 {n} 课", "en": "{quarter} #{n}"},
    "button.party_lesson": {
        "zh": "📌 把一节微党课计为本季度党课",
        "en": "📌 Count a daily lesson as this quarter's 党课",
    },
    "meetings.pick_lesson": {
        "zh": "本季度已推送的微党课，选一节计为本季度的党课：",
        "en": "This quarter's sent lessons: pick one to count as the quarter's 党课:",
    },
    "meetings.no_lessons": {
        "zh": "本季度还没有推送过微党课。",
        "en": "No lesson has been sent this quarter yet.",
    },
    "meetings.party_lesson_marked": {
        "zh": "已将第 {n} 课计为 {quarter} 的党课。",
        "en": "Lesson #{n} now counts as the 党课 of {quarter}.",
    },
    "meetings.no_lesson": {
        "zh": "找不到第 {n} 课，或它不是您支部的课程。",
        "en": "Lesson #{n} was not found, or is not your branch's.",
    },
    "meetings.lesson_not_sent": {
        "zh": "第 {n} 课还没有推送，推送后才能计为党课。",
        "en": "Lesson #{n} has not been sent yet; only a sent lesson can count as a 党课.",
    },
    "meetings.reminder": {
        "zh": "提醒：{group}本期（{period}）的{kind}还没有开，离本期结束还有 {days} 天。"
        "可用 /event 发布。",
        "en": "Reminder: {group} has not held its {kind} for {period}; the period ends in "
        "{days:day|days}. Announce it with /event.",
    },
    # --- /committee: the 机关党委's figures over its branches
    "committee.not_admin": {
        "zh": "只有{name}的管理员可以查看各支部汇总。"
        "支部书记请用 /report 和 /meetings 查看本支部。",
        "en": "Only {name}'s admins can see every branch. A branch secretary has /report and "
        "/meetings for the branch.",
    },
    "committee.usage": {
        "zh": "用法：/committee 查看本月各支部；/committee export [YYYY-MM] 导出表格。",
        "en": "Usage: /committee shows this month's branches; /committee export [YYYY-MM] "
        "sends the workbook.",
    },
    "committee.header": {
        "zh": "{name} · {year}年{month}月各支部",
        "en": "{name} · branches in {year}-{month:02d}",
    },
    "committee.branch": {
        "zh": "{group}：推送 {lessons} 课，平均参学率 {rate}，心得 {notes} 篇，"
        "三会一课当季 {held}/{required}，花名册 {roster} 人（已关联 {linked}）",
        "en": "{group}: {lessons:lesson|lessons}, average rate {rate}, {notes:note|notes}, "
        "meetings in its quarter {held}/{required}, roster {roster} ({linked} linked)",
    },
    "committee.total": {
        "zh": "合计：{branches} 个支部，推送 {lessons} 课，平均参学率 {rate}，心得 {notes} 篇，"
        "三会一课当季 {held}/{required}，花名册 {roster} 人（已关联 {linked}）",
        "en": "Total: {branches:branch|branches}, {lessons:lesson|lessons}, average rate {rate}, "
        "{notes:note|notes}, meetings in its quarter {held}/{required}, roster {roster} "
        "({linked} linked)",
    },
    "committee.none": {
        "zh": "{name}还没有已绑定的支部群。",
        "en": "{name} has no bound branch group yet.",
    },
    "committee.exported": {
        "zh": "{name} {year}年{month}月各支部汇总",
        "en": "{name}: branches in {year}-{month:02d}",
    },
    "button.committee_export": {"zh": "📊 导出表格", "en": "📊 Export workbook"},
    "button.committee_view": {"zh": "📈 看板", "en": "📈 Dashboard"},
}
