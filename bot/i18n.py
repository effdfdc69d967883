"""User-facing texts: Simplified Chinese by default, English for English-speaking users."""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["zh", "en"]

TEXTS: dict[str, dict[Lang, str]] = {
    # --- start / help -------------------------------------------------------
    "start.private": {
        "zh": "您好，{name}！我是微党课助手。\n每天的微党课会推送到这里，收听后点「✅ 已收听」，"
        "回复课程消息即可提交学习心得。\n发送 /help 查看全部命令，发送 /stop 停止私聊推送。",
        "en": "Hello, {name}! I am the micro-lesson assistant.\nThe daily lesson will be sent "
        'here; press "✅ Listened" after listening and reply to it with your study note.\n'
        "/help lists all commands, /stop turns off private pushes.",
    },
    "start.subscribed": {
        "zh": "已为您开通私聊推送（{groups}）。",
        "en": "Private pushes are on for you ({groups}).",
    },
    "start.no_group": {
        "zh": "您目前不在任何已绑定的工作群中。请先在工作群里发言或发送 /join，再回来发送 /start。",
        "en": "You are not in any bound work group yet. Say something or send /join in your "
        "group, then send /start here again.",
    },
    "stop.done": {
        "zh": "已停止私聊推送。想恢复时发送 /start 即可。",
        "en": "Private pushes are off. Send /start to turn them back on.",
    },
    "stop.already": {
        "zh": "您当前没有开通私聊推送。",
        "en": "Private pushes are not on for you.",
    },
    "help.private": {
        "zh": "微党课助手 · 私聊命令\n"
        "/start 开通每日推送\n/stop 停止私聊推送\n/me 我的积分和连续学习\n"
        "/leave YYYY-MM-DD [YYYY-MM-DD] 请假\n/help 帮助\n\n"
        "收听后点「✅ 已收听」；回复课程消息（文字或语音）即可提交学习心得。\n\n"
        "书记专用：\n直接发送语音或音频文件即可上传当天课程（说明文字作为标题）\n"
        "/lessons 查看待播课程\n/sendnow N 立即播出 #N\n"
        "/schedule N YYYY-MM-DD HH:MM 改期\n/title N 新标题 修改标题\n/cancel N 取消 #N\n"
        "/leave @用户名 YYYY-MM-DD [YYYY-MM-DD] 为成员登记请假",
        "en": "Micro-lesson assistant · private commands\n"
        "/start turn on daily pushes\n/stop turn off private pushes\n/me my points and streak\n"
        "/leave YYYY-MM-DD [YYYY-MM-DD] take leave\n/help this help\n\n"
        'Press "✅ Listened" after listening; reply to the lesson (text or voice) with your '
        "study note.\n\nFor secretaries:\nsend a voice note or audio file to upload a "
        "lesson (the caption becomes its title)\n/lessons queued lessons\n"
        "/sendnow N broadcast #N now\n/schedule N YYYY-MM-DD HH:MM reschedule\n"
        "/title N new title rename\n/cancel N cancel #N\n"
        "/leave @username YYYY-MM-DD [YYYY-MM-DD] record a member's leave",
    },
    "help.group": {
        "zh": "微党课助手 · 群命令\n/join 加入本群名单\n/me 我的积分（私信发给您）\n"
        "/rank 积分排行榜（本群开启时）\n/settings 查看设置\n\n管理员：\n/bind 绑定本群\n"
        "/unbind 解除绑定\n/settime HH:MM 设置播出时间\n/skip YYYY-MM-DD 某天停播\n"
        "/unskip YYYY-MM-DD 恢复播出\n/extra YYYY-MM-DD 调休上班日照常播出\n"
        "/help 帮助\n\n私聊我发送 /start，即可每天收到推送。",
        "en": "Micro-lesson assistant · group commands\n/join add me to this group's roster\n"
        "/me my points (sent privately)\n/rank leaderboard (if this group turned it on)\n"
        "/settings show settings\n\nAdmins:\n/bind bind this group\n/unbind unbind\n"
        "/settime HH:MM set the broadcast time\n/skip YYYY-MM-DD no lesson that day\n"
        "/unskip YYYY-MM-DD undo a skip\n/extra YYYY-MM-DD broadcast on an adjusted "
        "working day\n/help this help\n\n"
        "Send me /start in private chat to get the daily push.",
    },
    "help.private_text": {
        "zh": "想提交学习心得，请回复课程消息（文字至少 {min} 个字，或语音），"
        "或点课程下方的「私聊收听 / 写心得」后直接发送。发送 /help 查看全部命令。",
        "en": "To send a study note, reply to the lesson message (at least {min} characters, "
        'or a voice note), or press "Listen / write a note" under the lesson and write here. '
        "/help lists all commands.",
    },
    # --- binding --------------------------------------------------------------
    "bind.done": {
        "zh": "已绑定本群「{title}」。每日微党课将于 {time}（{tz}）推送到这里。",
        "en": 'This group "{title}" is bound. The daily lesson will be posted here at '
        "{time} ({tz}).",
    },
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
    "unbind.not_bound": {
        "zh": "本群尚未绑定。",
        "en": "This group is not bound.",
    },
    "help.unknown_command": {
        "zh": "我不认识这个命令。发送 /help 查看全部命令。",
        "en": "I don't know that command. Send /help to see them all.",
    },
    "group.private_only": {
        "zh": "请私聊我使用这个命令。",
        "en": "Please use this command in a private chat with me.",
    },
    # --- intake -------------------------------------------------------------
    "intake.not_secretary": {
        "zh": "谢谢！只有已绑定工作群的管理员（书记）才能上传课程。"
        "如果您是书记，请先在工作群里发送 /bind。",
        "en": "Thanks! Only an admin (secretary) of a bound work group can upload lessons. "
        "If you are one, send /bind in your group first.",
    },
    "intake.group_voice_hint": {
        "zh": "如需上传课程，请私聊我发送录音。",
        "en": "To upload a lesson, send the recording to me in private chat.",
    },
    "intake.pick_group": {
        "zh": "您管理多个工作群，这节课发给哪个群？",
        "en": "You run several work groups. Which one is this lesson for?",
    },
    "intake.pick_expired": {
        "zh": "这个选择已过期，请重新发送录音。",
        "en": "This choice has expired; please send the recording again.",
    },
    "intake.processing": {
        "zh": "收到录音，正在处理，请稍候…",
        "en": "Got it, processing the recording…",
    },
    "intake.not_audio": {
        "zh": "这个文件不是音频，无法作为课程。请发送语音或音频文件（如 m4a、mp3、wav）。",
        "en": "This file is not audio. Please send a voice note or an audio file (m4a, mp3, wav…).",
    },
    "intake.undecodable": {
        "zh": "这个音频文件无法读取，可能已损坏。请重新导出或直接发送语音。",
        "en": "This audio file cannot be read; it may be damaged. Please export it again "
        "or send a voice note.",
    },
    "intake.silent": {
        "zh": "这段录音里没有听到声音，请检查麦克风后重新录制。",
        "en": "This recording is silent. Please check the microphone and record again.",
    },
    "intake.too_short": {
        "zh": "录音太短（{seconds} 秒），课程至少需要 {min} 秒。",
        "en": "The recording is too short ({seconds} s); a lesson needs at least {min} s.",
    },
    "intake.too_long": {
        "zh": "录音太长（{minutes} 分钟），课程最长 {max} 分钟，请剪短后再发。",
        "en": "The recording is too long ({minutes} min); the limit is {max} min.",
    },
    "intake.forwarded_lesson": {
        "zh": "这是机器人发出的课程，不会当作新课程上传。"
        "要上传新课程，请直接录制语音或发送音频文件。",
        "en": "This is a lesson the bot sent, so it is not uploaded again. To add a new "
        "lesson, record a voice note or send an audio file.",
    },
    "intake.too_big": {
        "zh": "文件超过 20 MB，机器人无法下载。请直接用 Telegram 录制语音发送，或压缩后再发。",
        "en": "The file is over 20 MB, which bots cannot download. Please send it as a "
        "voice note, or compress it first.",
    },
    "intake.download_failed": {
        "zh": "下载文件失败，请稍后重新发送。",
        "en": "Downloading the file failed; please send it again in a moment.",
    },
    "intake.preview": {
        "zh": "课程 #{n}「{title}」\n群：{group}\n时长：{duration}\n播出时间：{slot}",
        "en": 'Lesson #{n} "{title}"\nGroup: {group}\nLength: {duration}\nGoes out: {slot}',
    },
    "intake.waiting_title": {
        "zh": "请发送 #{n} 的新标题。",
        "en": "Please send the new title for #{n}.",
    },
    # --- lessons ----------------------------------------------------------------
    "lesson.list_empty": {
        "zh": "目前没有待播出的课程。发送语音即可上传。",
        "en": "No lessons are waiting. Send a voice note to upload one.",
    },
    "lesson.list_header": {"zh": "待播课程：", "en": "Queued lessons:"},
    "lesson.list_item": {
        "zh": "#{n}「{title}」· {group} · {slot}",
        "en": '#{n} "{title}" · {group} · {slot}',
    },
    "lesson.status_missed": {"zh": "已错过，待重新安排", "en": "missed, to be rescheduled"},
    "lesson.status_sending": {"zh": "正在发送", "en": "sending"},
    "lesson.not_found": {
        "zh": "找不到课程 #{n}。发送 /lessons 查看您的课程。",
        "en": "There is no lesson #{n}. Send /lessons to see yours.",
    },
    "lesson.not_yours": {
        "zh": "课程 #{n} 不属于您管理的工作群。",
        "en": "Lesson #{n} belongs to a group you do not run.",
    },
    "lesson.already_sent": {
        "zh": "课程 #{n} 已经播出，无法修改。",
        "en": "Lesson #{n} has already gone out and cannot be changed.",
    },
    "lesson.cancelled": {
        "zh": "课程 #{n} 已取消。",
        "en": "Lesson #{n} is cancelled.",
    },
    "lesson.group_gone": {
        "zh": "该工作群已解除绑定，课程未保存。",
        "en": "That group is no longer bound; the lesson was not saved.",
    },
    "lesson.bad_datetime": {
        "zh": "时间格式不对，请写成：/schedule N 2026-03-05 07:30",
        "en": "Please write the time like: /schedule N 2026-03-05 07:30",
    },
    "lesson.in_past": {
        "zh": "这个时间已经过去了，请选择将来的时间。",
        "en": "That time has passed; please pick a time in the future.",
    },
    "lesson.slot_taken": {
        "zh": "这个时间已经安排了其他课程，请换一个时间。",
        "en": "Another lesson is already set for that time; please pick another.",
    },
    "lesson.title_empty": {"zh": "标题不能为空。", "en": "The title cannot be empty."},
    "lesson.title_too_long": {
        "zh": "标题太长了，请控制在 {limit} 个字以内。",
        "en": "The title is too long; keep it under {limit} characters.",
    },
    "lesson.usage_n": {
        "zh": "请写上课程编号，例如：/{cmd} 3",
        "en": "Please give the lesson number, e.g. /{cmd} 3",
    },
    "lesson.usage_schedule": {
        "zh": "用法：/schedule N YYYY-MM-DD HH:MM，例如 /schedule 3 2026-03-05 07:30",
        "en": "Usage: /schedule N YYYY-MM-DD HH:MM, e.g. /schedule 3 2026-03-05 07:30",
    },
    "lesson.usage_title": {
        "zh": "用法：/title N 新标题，例如 /title 3 学习二十大精神",
        "en": "Usage: /title N new title, e.g. /title 3 Party history",
    },
    "lesson.sending_now": {
        "zh": "好的，#{n} 马上播出。",
        "en": "OK, #{n} goes out now.",
    },
    "lesson.rescheduled": {
        "zh": "已将 #{n} 改到 {slot} 播出。",
        "en": "#{n} now goes out at {slot}.",
    },
    "lesson.cancel_done": {
        "zh": "已取消 #{n}「{title}」。",
        "en": 'Cancelled #{n} "{title}".',
    },
    "lesson.renamed": {
        "zh": "已将 #{n} 的标题改为「{title}」。",
        "en": '#{n} is now titled "{title}".',
    },
    "lesson.pick_slot": {
        "zh": "请选择 #{n} 的播出时间，或发送 /schedule {n} YYYY-MM-DD HH:MM 指定。",
        "en": "Pick a time for #{n}, or send /schedule {n} YYYY-MM-DD HH:MM.",
    },
    "button.send_now": {"zh": "立即播出", "en": "Send now"},
    "button.other_time": {"zh": "改时间", "en": "Other time"},
    "button.rename": {"zh": "改标题", "en": "Rename"},
    "button.cancel": {"zh": "取消课程", "en": "Cancel"},
    "button.use_slot": {"zh": "安排在 {when}", "en": "Use {when}"},
    "button.forged": {
        "zh": "这个按钮已失效。",
        "en": "This button is no longer valid.",
    },
    # --- broadcast ----------------------------------------------------------------
    "broadcast.caption": {
        "zh": "📚 微党课 #{n}「{title}」\n{day}\n"
        "收听后请点「✅ 已收听」；回复本条消息即可提交学习心得。",
        "en": '📚 Lesson #{n} "{title}"\n{day}\nPress "✅ Listened" after listening; '
        "reply to this message with your study note.",
    },
    "button.listened": {"zh": "✅ 已收听", "en": "✅ Listened"},
    "button.open_private": {"zh": "🎧 私聊收听 / 写心得", "en": "🎧 Listen / write a note"},
    "button.listened_count": {"zh": "✅ 已收听 {count}", "en": "✅ Listened {count}"},
    "listen.recorded": {"zh": "已记录 +{points} 分", "en": "Recorded, +{points} points"},
    "listen.recorded_makeup": {
        "zh": "已记录补学 +{points} 分",
        "en": "Make-up recorded, +{points} points",
    },
    "listen.recorded_late": {
        "zh": "已记录收听（已过补学时间，不加分）",
        "en": "Recorded (past the make-up window, no points)",
    },
    "gain.points": {"zh": "，+{points} 分", "en": ", +{points} points"},
    "listen.capped": {"zh": "（今日积分已达上限）", "en": " (today's points limit reached)"},
    "listen.streak": {"zh": "，连续学习 {n} 天", "en": ", {n}-day streak"},
    "listen.already": {"zh": "您已经记录过收听了", "en": "Your listen is already recorded"},
    "listen.not_member": {
        "zh": "您目前不在这节课所属的工作群中，未记录。如果您在群里，请在群中发送 /join。",
        "en": "You are not in this lesson's group, so nothing was recorded. If you are, send "
        "/join in the group.",
    },
    "listen.gone": {
        "zh": "这节课还没有播出或已不存在。",
        "en": "This lesson has not gone out or no longer exists.",
    },
    # --- notes ------------------------------------------------------------------
    "note.saved": {
        "zh": "已收到您对 #{n} 的学习心得{earned}。",
        "en": "Got your study note on #{n}{earned}.",
    },
    "note.saved_again": {
        "zh": "已收到您对 #{n} 的又一篇学习心得，谢谢！",
        "en": "Got another study note from you on #{n}, thank you!",
    },
    "note.updated": {
        "zh": "已更新您对 #{n} 的学习心得。",
        "en": "Your study note on #{n} is updated.",
    },
    "note.too_short": {
        "zh": "学习心得至少需要 {min} 个字，这条没有记为心得。",
        "en": "A study note needs at least {min} characters; this one was not recorded as one.",
    },
    "note.voice_too_short": {
        "zh": "语音心得至少需要 {min} 秒，这条没有记为心得。",
        "en": "A voice note needs at least {min} seconds; this one was not recorded as one.",
    },
    "note.not_member": {
        "zh": "您目前不在这节课所属的工作群中，心得未记录。",
        "en": "You are not in this lesson's group, so the note was not recorded.",
    },
    "note.gone": {
        "zh": "这节课已不存在，心得未记录。",
        "en": "This lesson no longer exists; the note was not recorded.",
    },
    "note.how": {
        "zh": "想写学习心得，直接在这里发送文字（至少 {min} 个字）或语音即可。",
        "en": "To write a study note, just send text (at least {min} characters) or a voice "
        "note here.",
    },
    # --- lesson links -----------------------------------------------------------
    "start.stopped": {
        "zh": "您已停止每日推送，这节课仍会发给您。想恢复推送时发送 /start。",
        "en": "Daily pushes are off for you; this lesson is sent anyway. Send /start to turn "
        "them back on.",
    },
    "start.lesson_already": {
        "zh": "课程 #{n} 已在上方。收听后点「✅ 已收听」。",
        "en": 'Lesson #{n} is above. Press "✅ Listened" after listening.',
    },
    "start.lesson_not_member": {
        "zh": "课程 #{n} 只发给所属工作群的成员。如果您在群里，请在群中发送 /join 后再试。",
        "en": "Lesson #{n} is only for its group's members. If you are in the group, send "
        "/join there and try again.",
    },
    "start.lesson_unknown": {
        "zh": "找不到课程 #{n}，它可能还没有播出。",
        "en": "There is no lesson #{n} yet; it may not have gone out.",
    },
    # --- /me and /rank ------------------------------------------------------------
    "me.standing": {
        "zh": "📊 我的学习 · {group}\n积分：共 {total} 分（本周 {week} 分）\n"
        "连续学习：{streak} 天\n本周：已收听 {listened}/{lessons} 节，心得 {notes} 篇",
        "en": "📊 My study · {group}\nPoints: {total} in all ({week} this week)\n"
        "Streak: {streak} days\nThis week: listened {listened}/{lessons}, notes {notes}",
    },
    "me.rank": {
        "zh": "排名：第 {rank} 名（共 {of} 人）",
        "en": "Rank: {rank} of {of}",
    },
    "me.leave": {"zh": "请假：{days}", "en": "Leave: {days}"},
    "me.none": {
        "zh": "您还不在任何已绑定的工作群中。请在工作群里发送 /join。",
        "en": "You are not in any bound work group yet. Send /join in your group.",
    },
    "me.footnote": {
        "zh": "积分只记录您自己的学习，不作考核依据。",
        "en": "Points are a record of your own study, never an appraisal.",
    },
    "me.start_first": {
        "zh": "请先私聊我发送 /start，我才能把积分私信发给您。",
        "en": "Please send me /start in private chat first, so I can send you your points.",
    },
    "button.open_bot": {"zh": "私聊机器人", "en": "Open the bot"},
    "rank.off": {
        "zh": "本群未开启积分排行榜。管理员可在 /settings 中开启。",
        "en": "This group has no leaderboard. Its admins can turn it on in /settings.",
    },
    "rank.header": {"zh": "🏆 积分排行 · {group}", "en": "🏆 Leaderboard · {group}"},
    "rank.week": {"zh": "本周", "en": "This week"},
    "rank.month": {"zh": "本月", "en": "This month"},
    "rank.all": {"zh": "累计", "en": "All time"},
    "rank.line": {"zh": "{i}. {name}　{points} 分", "en": "{i}. {name} {points}"},
    "rank.empty": {"zh": "暂无", "en": "nobody yet"},
    "rank.footnote": {
        "zh": "排行榜由本群自愿开启，积分不作考核依据。",
        "en": "This group chose to show a leaderboard; points are never an appraisal.",
    },
    # --- roster and leave ---------------------------------------------------------
    "join.done": {
        "zh": "已将您加入「{group}」的名单。私聊我发送 /start，即可每天收到推送。",
        "en": 'You are on the roster of "{group}". Send me /start in private chat for the '
        "daily push.",
    },
    "leave.usage": {
        "zh": "用法：/leave 开始日期 [结束日期]，例如 /leave 2026-03-05 2026-03-07\n"
        "书记为成员登记：/leave @用户名 2026-03-05",
        "en": "Usage: /leave START [END], e.g. /leave 2026-03-05 2026-03-07\n"
        "Secretaries, for a member: /leave @username 2026-03-05",
    },
    "leave.bad_date": {
        "zh": "日期格式不对，请写成 YYYY-MM-DD，例如 2026-03-05",
        "en": "Please write dates as YYYY-MM-DD, e.g. 2026-03-05",
    },
    "leave.end_before_start": {
        "zh": "结束日期不能早于开始日期。",
        "en": "The end date cannot be before the start date.",
    },
    "leave.too_long": {
        "zh": "一次请假最长 {days} 天。",
        "en": "One leave can be at most {days} days.",
    },
    "leave.too_old": {
        "zh": "只能补登最近 {days} 天以内的请假。",
        "en": "Leave can be entered at most {days} days late.",
    },
    "leave.unknown_member": {
        "zh": "找不到成员 {who}。请写对方的 @用户名 或数字 ID。",
        "en": "There is no member {who}. Use their @username or numeric id.",
    },
    "leave.not_your_member": {
        "zh": "{who} 不在您管理的工作群中。",
        "en": "{who} is not in a group you run.",
    },
    "leave.done_self": {
        "zh": "已登记请假：{days}。这几天不会提醒您，也不影响连续学习。",
        "en": "Leave recorded: {days}. No reminders on those days, and your streak is kept.",
    },
    "leave.done_other": {
        "zh": "已为 {name} 登记请假：{days}。",
        "en": "Leave recorded for {name}: {days}.",
    },
    "leave.list": {"zh": "您登记的请假：{days}", "en": "Your leave: {days}"},
    # --- reminders ------------------------------------------------------------------
    "reminder.private": {
        "zh": "📚 今天的微党课 #{n}「{title}」您还没有收听，有空时听一听吧。听完点「✅ 已收听」。",
        "en": '📚 You have not listened to today\'s lesson #{n} "{title}" yet. Press '
        '"✅ Listened" when you have.',
    },
    "reminder.group": {
        "zh": "📊 今日微党课 #{n} 已收听 {listened}/{expected}。还没听的同志，有空时点开听一听。",
        "en": "📊 Today's lesson #{n}: {listened}/{expected} have listened.",
    },
    "button.listen_now": {"zh": "🎧 去收听", "en": "🎧 Listen"},
    "alert.missed": {
        "zh": "⚠️ 课程 #{n}「{title}」原定 {when} 播出，但当时机器人未在运行，已错过。请选择：",
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
    # --- settings -----------------------------------------------------------------
    "settings.not_admin": {
        "zh": "抱歉，只有本群管理员才能修改设置。",
        "en": "Sorry, only this group's admins can change its settings.",
    },
    "settings.not_bound": {
        "zh": "本群尚未绑定，请管理员先发送 /bind。",
        "en": "This group is not bound yet; an admin should send /bind first.",
    },
    "settings.bad_time": {
        "zh": "时间格式不对，请写成 HH:MM，例如 /settime 07:30",
        "en": "Please write the time as HH:MM, e.g. /settime 07:30",
    },
    "settings.bad_date": {
        "zh": "日期格式不对，请写成 YYYY-MM-DD，例如 2026-10-01",
        "en": "Please write the date as YYYY-MM-DD, e.g. 2026-10-01",
    },
    "settings.day_in_past": {
        "zh": "这个日期已经过去了。",
        "en": "That date has passed.",
    },
    "settings.already_skipped": {
        "zh": "{day} 已经设为停播。",
        "en": "{day} is already a day off.",
    },
    "settings.not_skipped": {
        "zh": "{day} 没有设为停播。",
        "en": "{day} is not a day off.",
    },
    "settings.time_set": {
        "zh": "已将播出时间改为每天 {time}（{tz}）。下一次播出：{next}",
        "en": "The broadcast time is now {time} ({tz}). Next broadcast: {next}",
    },
    "settings.skipped": {
        "zh": "已设置 {day} 停播。下一次播出：{next}",
        "en": "No lesson on {day}. Next broadcast: {next}",
    },
    "settings.unskipped": {
        "zh": "已恢复 {day} 的播出。下一次播出：{next}",
        "en": "{day} is a broadcast day again. Next broadcast: {next}",
    },
    "settings.view": {
        "zh": "「{title}」的设置\n播出时间：{time}（{tz}）\n播出日：{days}\n提醒时间：{reminder}\n"
        "置顶课程：{pin}\n积分排行榜：{board}\n停播日：{skips}\n下一次播出：{next}",
        "en": 'Settings of "{title}"\nBroadcast: {time} ({tz})\nDays: {days}\n'
        "Reminder: {reminder}\nPin lessons: {pin}\nLeaderboard: {board}\nDays off: {skips}\n"
        "Next broadcast: {next}",
    },
    "settings.on": {"zh": "开启", "en": "on"},
    "settings.off": {"zh": "关闭", "en": "off"},
    "button.board_on": {"zh": "开启积分排行榜", "en": "Turn the leaderboard on"},
    "button.board_off": {"zh": "关闭积分排行榜", "en": "Turn the leaderboard off"},
    "settings.board_on": {
        "zh": "已开启积分排行榜，成员可发送 /rank 查看。",
        "en": "The leaderboard is on; members can see it with /rank.",
    },
    "settings.board_off": {
        "zh": "已关闭积分排行榜。",
        "en": "The leaderboard is off.",
    },
    "settings.workdays": {"zh": "法定工作日（含调休）", "en": "official workdays (China)"},
    "settings.none": {"zh": "无", "en": "none"},
    "settings.yes": {"zh": "是", "en": "yes"},
    "settings.no": {"zh": "否", "en": "no"},
    "settings.usage_settime": {
        "zh": "用法：/settime HH:MM，例如 /settime 07:30",
        "en": "Usage: /settime HH:MM, e.g. /settime 07:30",
    },
    "settings.usage_skip": {
        "zh": "用法：/{cmd} YYYY-MM-DD，例如 /{cmd} 2026-10-01",
        "en": "Usage: /{cmd} YYYY-MM-DD, e.g. /{cmd} 2026-10-01",
    },
    "error.generic": {
        "zh": "抱歉，处理时出了点问题，请稍后再试。",
        "en": "Sorry, something went wrong. Please try again later.",
    },
    # --- calendar corrections (issue 11): /extra and the calendar notice
    "settings.extra_set": {
        "zh": "已将 {day} 设为调休上班日，当天照常播出。下一次播出：{next}",
        "en": "{day} is an adjusted working day with a lesson. Next broadcast: {next}",
    },
    "settings.already_extra": {
        "zh": "{day} 已经设为调休上班日。",
        "en": "{day} is already an adjusted working day.",
    },
    "settings.extra_not_needed": {
        "zh": "{day} 本来就是播出日，无需设置。",
        "en": "{day} is a broadcast day already.",
    },
    "alert.calendar_gap": {
        "zh": "📅 提醒：机器人的节假日数据只到 {last} 年，{day} 起的法定节假日和调休还未知，"
        "「{group}」暂按周一至周五播出。调休上班的周末请用 /extra YYYY-MM-DD，"
        "放假的工作日请用 /skip YYYY-MM-DD；也可请管理员在配置的 [calendar] 中补上全年安排。",
        "en": "📅 Note: the bot's holiday data ends with {last}. From {day} the official holidays "
        'and adjusted working days are unknown, so "{group}" broadcasts Monday to Friday. '
        "Use /extra YYYY-MM-DD for a working weekend and /skip YYYY-MM-DD for a holiday, or "
        "ask the deployer to add the year to [calendar] in the config.",
    },
}


def lang_for(language_code: str | None) -> Lang:
    """English for users whose Telegram language is English, Chinese for everyone else."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return "zh"


def t(key: str, lang: Lang = "zh", **params: Any) -> str:
    text = TEXTS[key][lang]
    return text.format(**params) if params else text
