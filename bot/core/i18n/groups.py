"""Binding a group, its settings, rights and calendar corrections."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- binding
    "bind.done": {
        "zh": "已绑定本群“{title}”。每日微党课将于 {time}（{tz}）推送到这里。\n"
        "请各位点下方按钮，开通私聊推送，每天的课会直接发到您的私聊。",
        "en": 'This group "{title}" is bound. The daily lesson will be posted here at '
        "{time} ({tz}).\nPress the button below to get it in your private chat too.",
    },
    "bind.open_button": {"zh": "👉 点此开通私聊推送", "en": "👉 Turn on private pushes"},
    "bind.already": {
        "zh": "本群已经绑定，无需重复操作。",
        "en": "This group is already bound.",
    },
    "bind.not_admin": {
        "zh": "抱歉，只有本群管理员才能绑定或解除绑定。",
        "en": "Sorry, only this group's admins can bind or unbind it.",
    },
    "bind.not_binder": {
        "zh": "抱歉，您不在允许绑定群组的名单中，请联系管理员。",
        "en": "Sorry, you are not on the list of people allowed to bind groups.",
    },
    "bind.private_only_group": {
        "zh": "请在工作群中发送此命令。",
        "en": "Please send this command in the work group.",
    },
    "unbind.done": {
        "zh": "已解除绑定。课程记录仍会保留，重新绑定后可继续使用。",
        "en": "Unbound. The records are kept; bind again to continue.",
    },
    "unbind.held_line": {"zh": "#{n}“{title}”", "en": '#{n} "{title}"'},
    "unbind.done_held": {
        "zh": "已解除绑定。以下已排队的微党课不会再发送到本群及订阅者：\n{lessons}\n"
        "管理员可私聊我用 /lessons 查看，用 /cancel 编号 取消，或用 /move 编号 移到管理的其他群。",
        "en": "Unbound. These queued lessons will not be sent to this group or its "
        "subscribers:\n{lessons}\nAdmins can list them with /lessons, cancel them with /cancel N "
        "or move them to another group they run with /move N, in private.",
    },
    "unbind.not_bound": {
        "zh": "本群尚未绑定。",
        "en": "This group is not bound.",
    },
    "help.unknown_command": {
        "zh": "没有这个命令，发送 /help 查看可用命令。",
        "en": "I don't know that command. Send /help to see them all.",
    },
    "group.private_only": {
        "zh": "请私聊我使用这个命令。",
        "en": "Please use this command in a private chat with me.",
    },
    # --- settings
    "settings.not_admin": {
        "zh": "抱歉，只有本群管理员才能修改设置。",
        "en": "Sorry, only this group's admins can change its settings.",
    },
    "settings.not_bound": {
        "zh": "本群尚未绑定，请管理员先发送 /bind。",
        "en": "This group is not bound yet; an admin should send /bind first.",
    },
    "settings.day_in_past": {
        "zh": "这个日期已经过去了。",
        "en": "That date has passed.",
    },
    "settings.already_skipped": {
        "zh": "{day} 已经设为暂停推送。",
        "en": "{day} is already a day off.",
    },
    "settings.not_skipped": {
        "zh": "{day} 没有设为暂停推送。",
        "en": "{day} is not a day off.",
    },
    "settings.time_set": {
        "zh": "已将推送时间改为每天 {time}（{tz}）。下一次推送：{next}",
        "en": "The broadcast time is now {time} ({tz}). Next broadcast: {next}",
    },
    "settings.skipped": {
        "zh": "已设置 {day} 暂停推送。下一次推送：{next}",
        "en": "No lesson on {day}. Next broadcast: {next}",
    },
    "settings.unskipped": {
        "zh": "已恢复 {day} 的推送。下一次推送：{next}",
        "en": "{day} is a broadcast day again. Next broadcast: {next}",
    },
    "settings.view": {
        "zh": "“{title}”的设置\n推送时间：{time}（{tz}）\n推送日：{days}\n晚间提醒：{reminder}\n"
        "群内晚间小结：{line}\n缺课提醒（给书记）：{alert}\n置顶课程：{pin}\n积分排行榜：{board}\n"
        "暂停推送：{skips}\n下一次推送：{next}",
        "en": 'Settings of "{title}"\nBroadcast: {time} ({tz})\nDays: {days}\n'
        "Evening reminder: {reminder}\nEvening line in the group: {line}\n"
        "No-lesson alert (to secretaries): {alert}\nPin lessons: {pin}\nLeaderboard: {board}\n"
        "Days off: {skips}\nNext broadcast: {next}",
    },
    "settings.hint": {
        "zh": "管理员点下面的按钮即可修改。",
        "en": "Admins: tap a button below to change a setting.",
    },
    "settings.days_weekdays": {"zh": "周一至周五", "en": "Monday to Friday"},
    "settings.days_daily": {"zh": "每天", "en": "every day"},
    "settings.days_workdays": {"zh": "法定工作日（含调休）", "en": "official workdays (China)"},
    "button.set_time": {"zh": "⏰ 推送时间 {time}", "en": "⏰ Time {time}"},
    "button.set_days": {"zh": "📅 {days}", "en": "📅 {days}"},
    "button.set_remind": {"zh": "🔔 晚间提醒 {time}", "en": "🔔 Reminder {time}"},
    "button.set_line": {"zh": "📣 群内小结：{state}", "en": "📣 Evening line: {state}"},
    "button.set_alert": {"zh": "⚠️ 缺课提醒：{state}", "en": "⚠️ No-lesson alert: {state}"},
    "button.set_board": {"zh": "🏆 排行榜：{state}", "en": "🏆 Leaderboard: {state}"},
    "button.remind_off": {"zh": "不提醒", "en": "No reminder"},
    "button.back": {"zh": "↩️ 返回", "en": "↩️ Back"},
    "settings.time_now": {
        "zh": "已改为每天 {time} 推送。",
        "en": "Lessons now go out at {time}.",
    },
    "settings.days_now": {"zh": "推送日已改为：{days}。", "en": "Broadcast days: {days}."},
    "settings.remind_now": {"zh": "晚间提醒：{time}。", "en": "Evening reminder: {time}."},
    "settings.line_now": {"zh": "群内晚间小结已{state}。", "en": "Evening line: {state}."},
    "settings.alert_now": {"zh": "缺课提醒已{state}。", "en": "No-lesson alert: {state}."},
    "settings.bad_choice": {
        "zh": "这个选项已失效，请重新发送 /settings。",
        "en": "That choice is no longer offered; send /settings again.",
    },
    "settings.on": {"zh": "开启", "en": "on"},
    "settings.off": {"zh": "关闭", "en": "off"},
    "settings.board_on": {
        "zh": "已开启积分排行榜，成员可发送 /rank 查看。",
        "en": "The leaderboard is on; members can see it with /rank.",
    },
    "settings.board_off": {
        "zh": "已关闭积分排行榜。",
        "en": "The leaderboard is off.",
    },
    "settings.none": {"zh": "无", "en": "none"},
    "settings.yes": {"zh": "是", "en": "yes"},
    "settings.no": {"zh": "否", "en": "no"},
    "settings.usage_settime": {
        "zh": "用法：/settime 时间，例如 /settime 7:30 或 /settime 7点半",
        "en": "Usage: /settime HH:MM, e.g. /settime 07:30",
    },
    "settings.usage_skip": {
        "zh": "用法：/{cmd} 日期，例如 /{cmd} 10月1日 或 /{cmd} 明天",
        "en": "Usage: /{cmd} DATE, e.g. /{cmd} 2026-10-01 or /{cmd} tomorrow",
    },
    # --- rights
    "rights.unavailable": {
        "zh": "暂时无法向 Telegram 核实您的管理员身份，本次操作未执行，请稍后再试。",
        "en": "Telegram cannot be asked right now whether you are an admin, so nothing was "
        "done. Please try again in a moment.",
    },
    "anon.group_command": {
        "zh": "您正以匿名管理员身份（以本群名义）发言，我无法确认是谁发送的，因此没有执行。"
        "请在管理员权限中关闭「保持匿名」，再发送 /{cmd}。",
        "en": "You are posting as the group (anonymous admin), so I cannot tell who sent this "
        'and did nothing. Turn off "Remain anonymous" in your admin rights, then send /{cmd} '
        "again.",
    },
    "anon.private_command": {
        "zh": "您正以匿名管理员身份（以本群名义）发言，我无法确认是谁发送的，因此没有执行。"
        "请私聊我发送 /{cmd}。",
        "en": "You are posting as the group (anonymous admin), so I cannot tell who sent this "
        "and did nothing. Please send /{cmd} to me in a private chat.",
    },
    # --- calendar corrections: /extra and the calendar notice
    "settings.extra_set": {
        "zh": "已将 {day} 设为调休上班日，当天照常推送。下一次推送：{next}",
        "en": "{day} is an adjusted working day with a lesson. Next broadcast: {next}",
    },
    "settings.already_extra": {
        "zh": "{day} 已经设为调休上班日。",
        "en": "{day} is already an adjusted working day.",
    },
    "settings.extra_not_needed": {
        "zh": "{day} 本来就是推送日，无需设置。",
        "en": "{day} is a broadcast day already.",
    },
    "alert.calendar_gap": {
        "zh": "📅 提醒：机器人的节假日数据只到 {last} 年，{day} 起的法定节假日和调休还未知，"
        "「{group}」暂按周一至周五推送。调休上班的周末请用 /extra YYYY-MM-DD，"
        "放假的工作日请用 /skip YYYY-MM-DD；也可请管理员在配置的 [calendar] 中补上全年安排。",
        "en": "📅 Note: the bot's holiday data ends with {last}. From {day} the official holidays "
        'and adjusted working days are unknown, so "{group}" broadcasts Monday to Friday. '
        "Use /extra YYYY-MM-DD for a working weekend and /skip YYYY-MM-DD for a holiday, or "
        "ask the deployer to add the year to [calendar] in the config.",
    },
}
