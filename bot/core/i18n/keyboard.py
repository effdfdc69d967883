"""The private chat's keyboard (今日微党课 · 写心得 · 我的学习 · 往期 · 请假; a secretary's
待推送 · 报告 · 台账 · 活动) and the 往期微党课 list."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    "key.today": {"zh": "今日微党课", "en": "Today's lesson"},
    "key.note": {"zh": "写心得", "en": "Write a note"},
    "key.me": {"zh": "我的学习", "en": "My study"},
    "key.past": {"zh": "往期", "en": "Past lessons"},
    "key.leave": {"zh": "请假", "en": "Leave"},
    "key.queue": {"zh": "待推送", "en": "To send"},
    "key.report": {"zh": "报告", "en": "Report"},
    "key.ledger": {"zh": "台账", "en": "Ledger"},
    "key.events": {"zh": "活动", "en": "Activities"},
    "keyboard.placeholder": {"zh": "点下方按钮", "en": "Press a button below"},
    "keyboard.no_lesson": {
        "zh": "您所在的工作群还没有推送过微党课。",
        "en": "No lesson has gone out to your group yet.",
    },
    "keyboard.not_today": {
        "zh": "今天还没有推送微党课，这是最近一节：{day}。",
        "en": "No lesson has gone out today; this is the latest one, of {day}.",
    },
    "keyboard.copy_above": {
        "zh": "#{n}“{title}”就是上面这条。听完请点「✅ 已收听」。",
        "en": 'Here is #{n} "{title}": the message above. Press "✅ Listened" once you have '
        "heard it.",
    },
    "keyboard.copy_failed": {
        "zh": "#{n} 暂时没能发出，请稍后再点一次。",
        "en": "#{n} could not be sent just now; please press again in a moment.",
    },
    "keyboard.queue_empty": {
        "zh": "没有待推送的课程。在私聊里发来录音即可上传。",
        "en": "No lessons are waiting. Send a recording here to upload one.",
    },
    "keyboard.queue_more": {
        "zh": "还有 {count} 节待推送，发送 /lessons 查看全部。",
        "en": "{count} more are waiting; send /lessons to see them all.",
    },
    "keyboard.pick_group_report": {
        "zh": "看哪个群的报告？",
        "en": "The report of which group?",
    },
    "keyboard.pick_group_events": {
        "zh": "看哪个群的活动？",
        "en": "The activities of which group?",
    },
    "keyboard.events_none": {
        "zh": "{group} 近期没有活动。",
        "en": "{group} has no activity days coming up.",
    },
    "keyboard.event_line": {
        "zh": "#{n} {kind}“{title}”· {when}",
        "en": '#{n} {kind} "{title}" · {when}',
    },
    "button.menu_record": {"zh": "📝 纪实表", "en": "📝 Record"},
    "button.menu_signin": {"zh": "📲 签到码", "en": "📲 Sign-in code"},
    "past.header": {
        "zh": "往期微党课（第 {page}/{pages} 页）：点一节，发到这里收听。",
        "en": "Past lessons (page {page} of {pages}): press one to get it here.",
    },
    "past.none": {
        "zh": "您所在的工作群还没有往期微党课。",
        "en": "Your group has no past lessons yet.",
    },
    "past.heard": {"zh": "已学 ✓", "en": "heard ✓"},
    "past.not_yours": {
        "zh": "这节课不在您所在的工作群里，无法发送。",
        "en": "This lesson is not one of your group's; it cannot be sent.",
    },
    "button.past_prev": {"zh": "◀ 上一页", "en": "◀ Previous"},
    "button.past_next": {"zh": "下一页 ▶", "en": "Next ▶"},
}
