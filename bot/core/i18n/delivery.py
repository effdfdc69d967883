"""The lesson as it goes out: captions, links and reminders."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- broadcast
    "broadcast.caption": {
        "zh": "📚 微党课 #{n}“{title}”（第{n}期）\n{day}\n"
        "收听后请点「✅ 已收听」；点「✍️ 写心得」或回复本条消息提交学习心得。",
        "en": '📚 Lesson #{n} "{title}"\n{day}\nPress "✅ Listened" after listening; press '
        '"✍️ Write a note" or reply to this message with your study note.',
    },
    # The group's copy has no 「✍️ 写心得」 of its own: its note button is the private link.
    "broadcast.caption_group": {
        "zh": "📚 微党课 #{n}“{title}”（第{n}期）\n{day}\n"
        "收听后请点「✅ 已收听」；点「🎧 私聊收听 / 写心得」或回复本条消息提交学习心得。",
        "en": '📚 Lesson #{n} "{title}"\n{day}\nPress "✅ Listened" after listening; press '
        '"🎧 Listen / write a note" or reply to this message with your study note.',
    },
    "button.listened": {"zh": "✅ 已收听", "en": "✅ Listened"},
    "button.open_private": {"zh": "🎧 私聊收听 / 写心得", "en": "🎧 Listen / write a note"},
    "button.listened_count": {"zh": "✅ 已收听 {count}", "en": "✅ Listened {count}"},
    "button.player": {"zh": "▶️ 在播放器中收听", "en": "▶️ Listen in the player"},
    "listen.recorded": {"zh": "已记录 +{points} 分", "en": "Recorded, +{points:point|points}"},
    "listen.recorded_makeup": {
        "zh": "已记录补学 +{points} 分",
        "en": "Make-up recorded, +{points:point|points}",
    },
    "listen.recorded_late": {
        "zh": "已记录收听（已过补学时间，不加分）",
        "en": "Recorded (past the make-up window, no points)",
    },
    "gain.points": {"zh": "，+{points} 分", "en": ", +{points:point|points}"},
    "listen.capped": {"zh": "（今日积分已达上限）", "en": " (today's points limit reached)"},
    "listen.streak": {"zh": "，连续学习 {n} 天", "en": ", {n}-day streak"},
    "listen.already": {"zh": "您已经记录过收听了", "en": "You've already marked this as listened"},
    "listen.not_member": {
        "zh": "您目前不在这节课所属的工作群中，未记录。如果您在群里，请在群中发送 /join。",
        "en": "You are not in this lesson's group, so nothing was recorded. If you are, send "
        "/join in the group.",
    },
    "listen.not_in_group": {
        "zh": "这节课是本群的学习内容，只为本群成员记录收听。",
        "en": "This lesson is for this group's members; listens are recorded for them only.",
    },
    "listen.gone": {
        "zh": "这节课还没有推送或已不存在。",
        "en": "This lesson has not gone out or no longer exists.",
    },
    # --- lesson links
    "start.stopped": {
        "zh": "您已停止每日推送，这节课仍会发给您。想恢复推送时发送 /start。",
        "en": "Daily pushes are off for you; this lesson is sent anyway. Send /start to turn "
        "them back on.",
    },
    # /start l<N> when their copy is already in the chat: one line, as lesson_line.
    "start.lesson_not_member": {
        "zh": "课程 #{n} 只发给所属工作群的成员。如果您在群里，请在群中发送 /join 后再试。",
        "en": "Lesson #{n} is only for its group's members. If you are in the group, send "
        "/join there and try again.",
    },
    "start.lesson_unknown": {
        "zh": "找不到这节课，它可能还没有推送。",
        "en": "There is no such lesson yet; it may not have gone out.",
    },
    # --- reminders
    "reminder.private": {
        "zh": "📚 今天的微党课 #{n}“{title}”您还没有收听，有空时听一听吧。听完点「✅ 已收听」。",
        "en": '📚 You have not listened to today\'s lesson #{n} "{title}" yet. Press '
        '"✅ Listened" when you have.',
    },
    "reminder.group": {
        "zh": "📊 今日微党课 #{n} 已收听 {listened}/{expected}。还没听的同志，有空时点开听一听。",
        "en": "📊 Today's lesson #{n}: {listened}/{expected} have listened.",
    },
    "button.listen_now": {"zh": "🎧 去收听", "en": "🎧 Listen"},
    "alert.missed": {
        "zh": "⚠️ 课程 #{n}“{title}”原定 {when} 推送，但当时机器人未在运行，已错过。请选择：",
        "en": '⚠️ Lesson #{n} "{title}" was due at {when} while the bot was down, '
        "so it was missed. What now?",
    },
    "alert.group_unreachable": {
        "zh": "⚠️ 课程 #{n} 无法发送到工作群「{group}」（{reason}）。"
        "请确认机器人仍在群内并有发言权限。",
        "en": '⚠️ Lesson #{n} could not be posted in "{group}" ({reason}). Please check '
        "that the bot is still in the group and may post.",
    },
    "alert.empty_slot": {
        "zh": "📅 明天（{day}）{group} 还没有安排微党课，请录制一节发给我。",
        "en": "📅 Tomorrow ({day}) {group} has no lesson yet. Please record one and send it to me.",
    },
    "alert.empty_slot_soon": {
        "zh": "📅 今天 {time} {group} 的微党课还没有课程，请尽快录制发给我。"
        "（可在群里发送 /settings 关闭此提醒）",
        "en": "📅 Today at {time} {group} still has no lesson. Please record one and send it "
        "to me. (/settings in the group turns this alert off)",
    },
}
