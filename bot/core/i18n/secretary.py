"""The secretary's view: /report, /export and the weekly digest."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- secretary's view: /report, /export, the weekly digest
    "report.usage": {
        "zh": "用法：/report 或 /report N（课程编号），例如 /report 12",
        "en": "Usage: /report or /report N (the lesson number), e.g. /report 12",
    },
    "report.no_lesson": {
        "zh": "还没有已推送的课程，暂无报告。",
        "en": "No lesson has gone out yet, so there is nothing to report.",
    },
    "report.lesson_not_found": {
        "zh": "找不到您所管理的工作群中已推送的课程 #{n}。",
        "en": "There is no lesson #{n} that went out in a group you run.",
    },
    "report.not_secretary": {
        "zh": "抱歉，只有工作群的书记（群管理员）才能查看带姓名的学习报告。"
        "在工作群里发送 /report 可以查看全群的统计数字。",
        "en": "Sorry, only a group's secretary (an admin) can see the named report. "
        "Send /report in the work group to see the group's figures.",
    },
    "report.header": {
        "zh": "📋 {group} · 课程 #{n}“{title}”（{day}）",
        "en": '📋 {group} · lesson #{n} "{title}" ({day})',
    },
    "report.figures": {
        "zh": "应学 {expected} 人 · 已收听 {listened} 人（{ways}）\n"
        "其中补学 {makeup} · 逾期 {late} · 写心得 {wrote} 人\n"
        "未收听 {not_listened} · 请假 {on_leave} · 已退群 {left}\n"
        "未关联 {unlinked} · 未开通推送 {not_started} · 无法送达 {unreachable}\n"
        "私聊推送：送达 {delivered} · 不确定 {uncertain} · 失败 {failed}",
        "en": "Expected {expected} · listened {listened} ({ways})\n"
        "of which make-up {makeup} · late {late} · "
        "wrote a note {wrote}\nnot yet {not_listened} · on leave {on_leave} · "
        "left the group {left}\nno account linked {unlinked} · never opened the private "
        "chat {not_started} · blocked the bot {unreachable}\n"
        "Private copies: delivered {delivered} · uncertain {uncertain} · failed {failed}",
    },
    # How the listens were recorded; 私聊 only on lessons from before opening a link stopped
    # counting as a listen.
    "report.via.button": {"zh": "按钮 {n}", "en": "button {n}"},
    "report.via.note": {"zh": "心得 {n}", "en": "note {n}"},
    "report.via.player": {"zh": "播放器 {n}", "en": "player {n}"},
    "report.via.private": {"zh": "私聊 {n}", "en": "private {n}"},
    "report.event": {
        "zh": "📅 活动 #{n}“{title}”（{kind}，{when}）\n应到 {expected} · 参加 {attending} · "
        "请假 {on_leave} · 未回复 {no_reply}\n已签到 {signed_in}（扫码 {by_qr} · 代签 {by_proxy} · "
        "补签 {by_late}）",
        "en": '📅 Activity #{n} "{title}" ({kind}, {when})\nexpected {expected} · attending '
        "{attending} · on leave {on_leave} · no reply {no_reply}\nsigned in {signed_in} "
        "(QR {by_qr} · by the secretary {by_proxy} · late {by_late})",
    },
    "report.quiz": {
        "zh": "随堂测：{questions} 题 · 作答 {answered} 人 · 全部答对 {all_right} 人",
        "en": "Quiz: {questions:question|questions} · answered by {answered} · "
        "all right {all_right}",
    },
    "report.quiz_names": {
        "zh": "随堂测（答对/作答）：{results}",
        "en": "Quiz (right/answered): {results}",
    },
    "report.coverage": {
        "zh": "名单覆盖：已知成员 {known}/{total} 人",
        "en": "Roster coverage: {known} of {total:member|members} known",
    },
    "report.coverage_unknown": {
        "zh": "名单覆盖：已知成员 {known} 人（暂时无法获取群成员总数）",
        "en": "Roster coverage: {known:member|members} known (the group's size is not available)",
    },
    "report.footnote": {
        "zh": "请假、已退群、未关联（花名册上没有关联 Telegram 账号）、未开通推送（没有和机器人"
        "私聊过）和无法送达（屏蔽了机器人）的同志不计为未收听；应学含未关联的同志。"
        "「不确定」指发送超时、但消息可能已送达。",
        "en": "Members on leave, no longer in the group, with no account linked on the roster, "
        "who never opened the private chat or who blocked the bot are not counted as "
        '"not yet"; those with no account are still expected. "Uncertain": the send timed '
        "out but may have arrived.",
    },
    "report.names": {"zh": "{label}：{names}", "en": "{label}: {names}"},
    "report.label.via:button": {"zh": "已收听（按钮）", "en": "Listened (button)"},
    "report.label.via:private": {"zh": "已收听（私聊）", "en": "Listened (private chat)"},
    "report.label.via:note": {"zh": "已收听（心得）", "en": "Listened (note)"},
    "report.label.via:player": {"zh": "已收听（播放器）", "en": "Listened (player)"},
    "report.label.not_listened": {"zh": "未收听", "en": "Not yet"},
    "report.label.on_leave": {"zh": "请假", "en": "On leave"},
    "report.label.unlinked": {"zh": "未关联", "en": "No account linked"},
    "report.label.not_started": {"zh": "未开通推送", "en": "Never opened the private chat"},
    "report.label.unreachable": {"zh": "无法送达", "en": "Blocked the bot"},
    "report.label.left": {"zh": "已退群", "en": "Left the group"},
    "report.notes_header": {
        "zh": "📝 学习心得（{count} 篇），点下方按钮标为精选，精选会出现在每周简报中：",
        "en": "📝 Study notes ({count}); press a button below to feature one in the weekly digest:",
    },
    "report.notes_more": {
        "zh": "……另有 {more} 篇，见 /export 导出的学习台账。",
        "en": "…and {more} more in the ledger (/export).",
    },
    "report.note_line": {"zh": "{i}. {name}：{text}", "en": "{i}. {name}: {text}"},
    "report.no_notes": {"zh": "📝 暂无学习心得。", "en": "📝 No study notes yet."},
    "button.feature_on": {"zh": "☆ 精选 {i}", "en": "☆ Feature {i}"},
    "button.feature_off": {"zh": "⭐ 已精选 {i}", "en": "⭐ Featured {i}"},
    "report.featured": {"zh": "已标为精选。", "en": "Featured."},
    "report.unfeatured": {"zh": "已取消精选。", "en": "No longer featured."},
    "report.feature_refused": {
        "zh": "抱歉，只有这条心得所在工作群的书记才能标记精选。",
        "en": "Sorry, only a secretary of this note's group can feature it.",
    },
    "export.bad_month": {
        "zh": "月份格式不对，请写成 YYYY-MM，例如 /export 2026-03",
        "en": "Please write the month as YYYY-MM, e.g. /export 2026-03",
    },
    "export.usage": {
        "zh": "用法：/export 或 /export YYYY-MM [党小组]，例如 /export 2026-03 第一党小组",
        "en": "Usage: /export or /export YYYY-MM [party group], e.g. /export 2026-03 第一党小组",
    },
    "export.not_secretary": {
        "zh": "抱歉，只有工作群的书记（群管理员）才能导出学习台账。",
        "en": "Sorry, only a group's secretary (an admin) can export its study ledger.",
    },
    "export.private_only": {
        "zh": "学习台账含成员姓名，请私聊我发送 /export。",
        "en": "The ledger names members; please send /export to me in a private chat.",
    },
    "export.pick_group": {
        "zh": "请选择要导出 {month} 学习台账的工作群：",
        "en": "Which group's ledger for {month}?",
    },
    "export.working": {
        "zh": "正在生成「{group}」{month} 的学习台账……",
        "en": 'Preparing the {month} ledger of "{group}"…',
    },
    "export.caption": {
        "zh": "「{group}」{month} 学习台账：{lessons} 节课，{rows} 行。",
        "en": '"{group}" ledger for {month}: {lessons:lesson|lessons}, {rows:row|rows}.',
    },
    "export.sentence": {
        "zh": "{period} {group} 共推送微党课 {lessons} 期，应学 {expected} 人，"
        "平均参学率 {rate}，提交学习心得 {notes} 篇。",
        "en": "{period}, {group}: micro-lessons sent {lessons}, members expected {expected}, "
        "average participation {rate}, study notes {notes}.",
    },
    "export.sentence_none": {
        "zh": "{period} {group} 没有推送微党课。",
        "en": "{period}, {group}: no micro-lessons were sent.",
    },
    "export.pick_party_group": {
        "zh": "导出「{group}」{month} 的学习台账：全支部，还是某个党小组？",
        "en": 'The {month} ledger of "{group}": the whole branch, or one 党小组 (party group)?',
    },
    "export.whole_branch": {"zh": "全支部", "en": "Whole branch"},
    "export.unknown_party_group": {
        "zh": "没有找到党小组“{name}”。本支部的党小组：{names}",
        "en": 'There is no party group "{name}". This branch has: {names}',
    },
    "export.caption_xlsx": {
        "zh": "Excel 版，含「成员汇总」「课程汇总」表。",
        "en": 'Excel version, with the "成员汇总" (per member) and "课程汇总" (per lesson) sheets.',
    },
    "digest.caption": {
        "zh": "📊 {group} · 每周学习简报（{start}—{end}）",
        "en": "📊 {group} · weekly digest ({start} – {end})",
    },
    "digest.figures": {
        "zh": "课程 {lessons} 节 · 收听 {listened}/{expected} 人次（{rate}），"
        "上周 {last_listened}/{last_expected}（{last_rate}）\n"
        "补学 {makeup} 人次 · 心得 {notes} 篇（上周 {last_notes} 篇）\n"
        "请假和已退群的成员不计入应收听；未关联、未开通推送和无法送达的成员不算未收听，"
        "但计入应收听。",
        "en": "Lessons {lessons} · listened {listened}/{expected} ({rate}), last week "
        "{last_listened}/{last_expected} ({last_rate})\nmake-ups {makeup} · notes {notes} "
        "(last week {last_notes})\nMembers on leave or gone are not expected; those with no "
        "account, who never started the bot or who blocked it are expected but never called "
        '"not listened".',
    },
    "digest.featured_header": {"zh": "⭐ 本周精选心得", "en": "⭐ Featured notes this week"},
    "digest.featured_line": {
        "zh": "· {name}（#{n}）：{text}",
        "en": "· {name} (#{n}): {text}",
    },
    "digest.no_featured": {
        "zh": "本周还没有精选心得（在私聊中发送 /report，点心得下方的「精选」即可标记）。",
        "en": 'No featured notes this week (send /report in private chat and press "Feature").',
    },
    "digest.no_rate": {"zh": "—", "en": "—"},
    "chart.days": {"zh": "每日收听（人）", "en": "Listened per day"},
    "chart.members": {"zh": "成员本周收听（节）", "en": "Lessons heard per member"},
    "chart.listened": {"zh": "已收听", "en": "listened"},
    "chart.expected": {"zh": "应收听", "en": "expected"},
    "error.generic": {
        "zh": "抱歉，处理时出了点问题，请稍后再试。",
        "en": "Sorry, something went wrong. Please try again later.",
    },
}
