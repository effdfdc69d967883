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
        "/leave @用户名 YYYY-MM-DD [YYYY-MM-DD] 为成员登记请假\n"
        "/report [N] 学习报告（含姓名，可标记精选心得）\n"
        "/export [YYYY-MM] 导出学习台账（CSV 和 Excel，默认本月）"
        # --- branch life (issue 12)
        "\n\n支部生活：\n/birthday YYYY-MM-DD 登记政治生日（入党日期，仅本人和书记可见）\n"
        "/birthday 查看；/birthday clear 删除\n\n书记专用：\n"
        "/quiz N 为 #N 按步骤添加随堂测（1–3 题），或一条消息写完：\n"
        "/quiz N\n1. 题目\nA. 选项\nB. 正确选项 *\n"
        "/birthday @用户名 YYYY-MM-DD 为成员登记政治生日\n"
        "/event YYYY-MM-DD HH:MM 类型 标题 [地点] 发布活动\n"
        "（类型：主题党日、支部党员大会、党小组会、党课）\n"
        "/signin N 打开签到二维码\n/signfor N @用户名 原因 代签\n/latesign N @用户名 原因 补签\n"
        "/record N 纪实表（纪要、照片、导出）",
        "en": "Micro-lesson assistant · private commands\n"
        "/start turn on daily pushes\n/stop turn off private pushes\n/me my points and streak\n"
        "/leave YYYY-MM-DD [YYYY-MM-DD] take leave\n/help this help\n\n"
        'Press "✅ Listened" after listening; reply to the lesson (text or voice) with your '
        "study note.\n\nFor secretaries:\nsend a voice note or audio file to upload a "
        "lesson (the caption becomes its title)\n/lessons queued lessons\n"
        "/sendnow N broadcast #N now\n/schedule N YYYY-MM-DD HH:MM reschedule\n"
        "/title N new title rename\n/cancel N cancel #N\n"
        "/leave @username YYYY-MM-DD [YYYY-MM-DD] record a member's leave\n"
        "/report [N] the lesson's record, with names (feature notes there)\n"
        "/export [YYYY-MM] the study ledger as CSV and Excel (this month by default)"
        # --- branch life (issue 12)
        "\n\nBranch life:\n/birthday YYYY-MM-DD record your political birthday (only you "
        "and your secretaries see it)\n/birthday shows it; /birthday clear deletes it\n\n"
        "For secretaries:\n/quiz N add a quiz (1–3 questions) to #N step by step, or in one "
        "message:\n/quiz N\n1. Question\nA. Option\nB. Right option *\n"
        "/birthday @username YYYY-MM-DD record a member's political birthday\n"
        "/event YYYY-MM-DD HH:MM type title [place] announce an activity day\n"
        "/signin N show the sign-in QR code\n/signfor N @username reason sign someone in\n"
        "/latesign N @username reason late sign-in\n/record N the meeting record",
    },
    "help.group": {
        "zh": "微党课助手 · 群命令\n/join 加入本群名单\n/me 我的积分（私信发给您）\n"
        "/rank 积分排行榜（本群开启时）\n/report [N] 本群学习统计（不列姓名）\n"
        "/settings 查看设置\n\n管理员：\n/bind 绑定本群\n"
        "/unbind 解除绑定\n/settime HH:MM 设置播出时间\n/skip YYYY-MM-DD 某天停播\n"
        "/unskip YYYY-MM-DD 恢复播出\n/extra YYYY-MM-DD 调休上班日照常播出\n"
        "/help 帮助\n\n私聊我发送 /start，即可每天收到推送。"
        # --- branch life (issue 12)
        "\n/event YYYY-MM-DD HH:MM 类型 标题 [地点] 发布活动（管理员）",
        "en": "Micro-lesson assistant · group commands\n/join add me to this group's roster\n"
        "/me my points (sent privately)\n/rank leaderboard (if this group turned it on)\n"
        "/report [N] this group's figures (naming nobody)\n"
        "/settings show settings\n\nAdmins:\n/bind bind this group\n/unbind unbind\n"
        "/settime HH:MM set the broadcast time\n/skip YYYY-MM-DD no lesson that day\n"
        "/unskip YYYY-MM-DD undo a skip\n/extra YYYY-MM-DD broadcast on an adjusted "
        "working day\n/help this help\n\n"
        "Send me /start in private chat to get the daily push."
        # --- branch life (issue 12)
        "\n/event YYYY-MM-DD HH:MM type title [place] announce an activity day (admins)",
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
    # --- audio pipeline (issue 10): the job queue and hostile files -----------
    "intake.queued": {
        "zh": "排队中，前面还有 {ahead} 个录音，处理好后会马上发给您。",
        "en": "Queued: {ahead} recording(s) ahead of yours. It will be sent to you when ready.",
    },
    "intake.playlist": {
        "zh": "这是一个播放列表，不是录音本身。请直接发送录音文件。",
        "en": "This is a playlist, not a recording. Please send the recording itself.",
    },
    "intake.timeout": {
        "zh": "这段录音处理超时，请换一种格式（如 m4a、mp3）重新发送。",
        "en": "Processing this recording took too long. Please send it again in another "
        "format (m4a, mp3…).",
    },
    "intake.preview": {
        "zh": "课程 #{n}「{title}」\n群：{group}\n时长：{duration}\n播出时间：{slot}"
        # --- branch life (issue 12): the quiz can be attached right away
        "\n发送 /quiz {n} 可添加随堂测。",
        "en": 'Lesson #{n} "{title}"\nGroup: {group}\nLength: {duration}\nGoes out: {slot}'
        # --- branch life (issue 12)
        "\nSend /quiz {n} to add a quiz.",
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
    "button.player": {"zh": "▶️ 在播放器中收听", "en": "▶️ Listen in the player"},
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
    # --- secretary's view: /report, /export, the weekly digest -------------------------------
    "report.usage": {
        "zh": "用法：/report 或 /report N（课程编号），例如 /report 12",
        "en": "Usage: /report or /report N (the lesson number), e.g. /report 12",
    },
    "report.no_lesson": {
        "zh": "还没有已播出的课程，暂无报告。",
        "en": "No lesson has gone out yet, so there is nothing to report.",
    },
    "report.lesson_not_found": {
        "zh": "找不到您所管理的工作群中已播出的课程 #{n}。",
        "en": "There is no lesson #{n} that went out in a group you run.",
    },
    "report.not_secretary": {
        "zh": "抱歉，只有工作群的书记（群管理员）才能查看带姓名的学习报告。"
        "在工作群里发送 /report 可以查看全群的统计数字。",
        "en": "Sorry, only a group's secretary (an admin) can see the named report. "
        "Send /report in the work group to see the group's figures.",
    },
    "report.header": {
        "zh": "📋 {group} · 课程 #{n}「{title}」（{day}）",
        "en": '📋 {group} · lesson #{n} "{title}" ({day})',
    },
    "report.figures": {
        "zh": "应学 {expected} 人 · 已收听 {listened} 人（按钮 {button} · 私聊 {private} · "
        "心得 {note} · 播放器 {player}）\n其中补学 {makeup} · 逾期 {late} · 写心得 {wrote} 人\n"
        "未收听 {not_listened} · 请假 {on_leave} · 无法联系 {unreachable} · 已离群 {left}\n"
        "私聊推送：送达 {delivered} · 不确定 {uncertain} · 失败 {failed}",
        "en": "Expected {expected} · listened {listened} (button {button} · private {private} · "
        "note {note} · player {player})\nof which make-up {makeup} · late {late} · "
        "wrote a note {wrote}\nnot yet {not_listened} · on leave {on_leave} · "
        "unreachable {unreachable} · left the group {left}\n"
        "Private copies: delivered {delivered} · uncertain {uncertain} · failed {failed}",
    },
    "report.event": {
        "zh": "📅 活动 #{n}「{title}」（{kind}，{when}）\n应到 {expected} · 参加 {attending} · "
        "请假 {on_leave} · 未回复 {no_reply}\n已签到 {signed_in}（扫码 {by_qr} · 代签 {by_proxy} · "
        "补签 {by_late}）",
        "en": '📅 Activity #{n} "{title}" ({kind}, {when})\nexpected {expected} · attending '
        "{attending} · on leave {on_leave} · no reply {no_reply}\nsigned in {signed_in} "
        "(QR {by_qr} · by the secretary {by_proxy} · late {by_late})",
    },
    "report.quiz": {
        "zh": "随堂测：{questions} 题 · 作答 {answered} 人 · 全部答对 {all_right} 人",
        "en": "Quiz: {questions} question(s) · answered by {answered} · all right {all_right}",
    },
    "report.quiz_names": {
        "zh": "随堂测（答对/作答）：{results}",
        "en": "Quiz (right/answered): {results}",
    },
    "report.coverage": {
        "zh": "名单覆盖：已知成员 {known}/{total} 人",
        "en": "Roster coverage: {known} of {total} members known",
    },
    "report.coverage_unknown": {
        "zh": "名单覆盖：已知成员 {known} 人（暂时无法获取群成员总数）",
        "en": "Roster coverage: {known} members known (the group's size is not available)",
    },
    "report.footnote": {
        "zh": "请假、无法联系（未开通私聊或已屏蔽机器人）和已离群的成员不计为未收听。"
        "「不确定」指发送超时、但消息可能已送达。",
        "en": "Members on leave, unreachable (never started or blocked the bot) or no longer in "
        'the group are not counted as "not yet". "Uncertain": the send timed out but may have '
        "arrived.",
    },
    "report.names": {"zh": "{label}：{names}", "en": "{label}: {names}"},
    "report.label.via:button": {"zh": "已收听（按钮）", "en": "Listened (button)"},
    "report.label.via:private": {"zh": "已收听（私聊）", "en": "Listened (private chat)"},
    "report.label.via:note": {"zh": "已收听（心得）", "en": "Listened (note)"},
    "report.label.via:player": {"zh": "已收听（播放器）", "en": "Listened (player)"},
    "report.label.not_listened": {"zh": "未收听", "en": "Not yet"},
    "report.label.on_leave": {"zh": "请假", "en": "On leave"},
    "report.label.unreachable": {"zh": "无法联系", "en": "Unreachable"},
    "report.label.left": {"zh": "已离群", "en": "Left the group"},
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
        "zh": "用法：/export 或 /export YYYY-MM，例如 /export 2026-03",
        "en": "Usage: /export or /export YYYY-MM, e.g. /export 2026-03",
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
        "en": '"{group}" ledger for {month}: {lessons} lessons, {rows} rows.',
    },
    "export.caption_xlsx": {
        "zh": "Excel 版，含「成员汇总」表。",
        "en": 'Excel version, with a "成员汇总" (per-member summary) sheet.',
    },
    "digest.caption": {
        "zh": "📊 {group} · 每周学习简报（{start}—{end}）",
        "en": "📊 {group} · weekly digest ({start} – {end})",
    },
    "digest.figures": {
        "zh": "课程 {lessons} 节 · 收听 {listened}/{expected} 人次（{rate}），"
        "上周 {last_listened}/{last_expected}（{last_rate}）\n"
        "补学 {makeup} 人次 · 心得 {notes} 篇（上周 {last_notes} 篇）\n"
        "请假和已离群的成员不计入应收听；无法联系的成员不算未收听，但计入应收听。",
        "en": "Lessons {lessons} · listened {listened}/{expected} ({rate}), last week "
        "{last_listened}/{last_expected} ({last_rate})\nmake-ups {makeup} · notes {notes} "
        "(last week {last_notes})\nMembers on leave or gone are not expected; unreachable "
        'members are expected but never called "not listened".',
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
    # --- rights (issue 9 item 4) -------------------------------------------------
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
    # --- branch life (issue 12): quiz after the lesson ---------------------------------
    "quiz.usage": {
        "zh": "用法：/quiz N（按步骤添加随堂测），或一条消息写完：\n/quiz N\n1. 题目\nA. 选项\n"
        "B. 正确选项 *\n（每课 1–3 题，正确选项后加 *）",
        "en": "Usage: /quiz N (step by step), or all in one message:\n/quiz N\n1. Question\n"
        "A. Option\nB. Right option *\n(1–3 questions per lesson; mark the right option with *)",
    },
    "quiz.bad_format": {
        "zh": "没看懂这份随堂测。每题以“1. 题目”开头，每个选项一行，如“A. 选项”，正确选项后加 *。",
        "en": 'I could not read this quiz. Start each question with "1. question", one option '
        'per line like "A. option", and mark the right one with *.',
    },
    "quiz.count": {
        "zh": "每节课可以有 1–{max} 道随堂测题目。",
        "en": "A lesson can have 1 to {max} quiz questions.",
    },
    "quiz.no_correct": {
        "zh": "每道题要有且只有一个正确选项（在选项后加 *）。",
        "en": "Each question needs exactly one right option (mark it with *).",
    },
    "quiz.bad_question": {
        "zh": "题目不能为空，最多 {max} 个字。",
        "en": "The question must not be empty and at most {max} characters.",
    },
    "quiz.bad_options": {
        "zh": "每道题需要 {min}–{max} 个选项，每行一个，每个最多 100 个字。",
        "en": "Each question needs {min} to {max} options, one per line, at most 100 characters.",
    },
    "quiz.option_too_long": {
        "zh": "选项不能为空，最多 {max} 个字。",
        "en": "An option must not be empty and at most {max} characters.",
    },
    "quiz.already_out": {
        "zh": "#{n} 已经播出，不能再添加随堂测。",
        "en": "#{n} has already gone out; its quiz can no longer be changed.",
    },
    "quiz.attached": {
        "zh": "已为 #{n} 添加 {count} 道随堂测，课程播出后会发到群里和私聊，晚上提醒时截止。",
        "en": "{count} quiz question(s) added to #{n}. They follow the lesson in the group and "
        "in private chats, and close at reminder time.",
    },
    "quiz.ask_question": {
        "zh": "请发送第 {i} 题的题目。",
        "en": "Send question {i}.",
    },
    "quiz.ask_options": {
        "zh": "请发送选项，每行一个（{min}–{max} 个）。",
        "en": "Send the options, one per line ({min} to {max}).",
    },
    "quiz.ask_correct": {
        "zh": "哪个是正确答案？",
        "en": "Which one is right?",
    },
    "quiz.press_button": {
        "zh": "请点上面的按钮继续。",
        "en": "Please press a button above to go on.",
    },
    "quiz.press_later": {
        "zh": "请先完成当前这道题。",
        "en": "Please finish the current question first.",
    },
    "quiz.no_draft": {
        "zh": "没有正在编辑的随堂测。发送 /quiz N 开始。",
        "en": "No quiz is being entered. Send /quiz N to start.",
    },
    "quiz.question_saved": {
        "zh": "第 {i} 题已记下（正确答案 {right}）。",
        "en": "Question {i} noted (right answer {right}).",
    },
    "quiz.cancelled": {
        "zh": "已放弃这份随堂测，什么也没有保存。",
        "en": "The quiz was dropped; nothing was saved.",
    },
    "quiz.right_points": {
        "zh": "随堂测答对了，+{points} 分。",
        "en": "Right answer in the quiz, +{points}.",
    },
    "quiz.group_figure": {
        "zh": "随堂测 #{n} 第 {q} 题已截止：{answered} 人作答，{right} 人答对。",
        "en": "Quiz #{n} question {q} closed: {answered} answered, {right} right.",
    },
    "button.quiz_more": {"zh": "➕ 再加一题", "en": "➕ Another question"},
    "button.quiz_done": {"zh": "✅ 完成", "en": "✅ Done"},
    "button.quiz_cancel": {"zh": "放弃", "en": "Drop"},
    # --- branch life (issue 12): political birthdays -------------------------------------
    "birthday.raw": {"zh": "{text}", "en": "{text}"},
    "birthday.usage": {
        "zh": "用法：/birthday YYYY-MM-DD 登记入党日期；/birthday 查看；/birthday clear 删除。"
        "书记可为本支部成员登记：/birthday @用户名 YYYY-MM-DD",
        "en": "Usage: /birthday YYYY-MM-DD records the day you joined the Party; /birthday "
        "shows it; /birthday clear deletes it. A secretary can record it for a member: "
        "/birthday @username YYYY-MM-DD",
    },
    "birthday.bad_date": {
        "zh": "日期格式不对，请写成 YYYY-MM-DD，例如 /birthday 2005-07-01。",
        "en": "The date should be written YYYY-MM-DD, e.g. /birthday 2005-07-01.",
    },
    "birthday.future": {
        "zh": "入党日期不能晚于今天。",
        "en": "The day you joined cannot be after today.",
    },
    "birthday.too_old": {
        "zh": "入党日期不能早于 1921-07-01。",
        "en": "The day cannot be before 1921-07-01.",
    },
    "birthday.unknown_member": {
        "zh": "找不到成员 {who}。请确认对方已在工作群中发言或发送过 /join。",
        "en": "No member {who} is known. They need to have written in the group or sent /join.",
    },
    "birthday.not_your_member": {
        "zh": "{who} 不在您担任管理员的工作群中，不能为其登记或查看。",
        "en": "{who} is not in a group you run, so you cannot record or see their date.",
    },
    "birthday.saved": {
        "zh": "已登记您的政治生日：{day}（入党 {years} 年）。周年当天我会私信祝贺您，"
        "书记会提前一天收到提醒。这个日期只有您和书记能看到，发送 /birthday clear 可删除。",
        "en": "Your political birthday is recorded: {day} ({years} years). I will greet you "
        "privately on the day, and your secretaries hear of it the day before. Only you and "
        "they can see it; /birthday clear deletes it.",
    },
    "birthday.saved_for": {
        "zh": "已为 {name} 登记政治生日：{day}（入党 {years} 年）。",
        "en": "Political birthday recorded for {name}: {day} ({years} years).",
    },
    "birthday.show": {
        "zh": "{name} 的政治生日：{day}（入党 {years} 年）。",
        "en": "{name}'s political birthday: {day} ({years} years).",
    },
    "birthday.none_own": {
        "zh": "您还没有登记政治生日。发送 /birthday YYYY-MM-DD 登记入党日期。",
        "en": "You have not recorded your political birthday. Send /birthday YYYY-MM-DD.",
    },
    "birthday.none_other": {
        "zh": "{name} 还没有登记政治生日。",
        "en": "{name} has not recorded a political birthday.",
    },
    "birthday.cleared": {
        "zh": "已删除政治生日记录。",
        "en": "The political birthday is deleted.",
    },
    "birthday.nothing_to_clear": {
        "zh": "没有登记过政治生日，无需删除。",
        "en": "There was no political birthday to delete.",
    },
    "birthday.greeting": {
        "zh": "🎉 {name}同志，今天是您的政治生日！入党已 {years} 年，感谢您一路坚守初心、"
        "践行使命。祝您政治生日快乐！",
        "en": "🎉 {name}, today is your political birthday: {years} years since you joined the "
        "Party. Thank you for staying true all this way. Happy political birthday!",
    },
    "birthday.leap_note": {
        "zh": "\n（您的入党日是 2 月 29 日，今年没有这一天，所以在 2 月 28 日祝贺您。）",
        "en": "\n(You joined on 29 February; this year has none, so the greeting comes on 28 "
        "February.)",
    },
    "birthday.leap_note_secretary": {
        "zh": "\n（其入党日是 2 月 29 日，今年在 2 月 28 日庆祝。）",
        "en": "\n(They joined on 29 February; this year it is marked on 28 February.)",
    },
    "birthday.headsup": {
        "zh": "提醒：明天（{day}）是{name}同志入党 {years} 周年的政治生日（{group}）。"
        "可在支部活动日上为其庆祝。群里不会自动发布，需要时可点下方按钮。",
        "en": "Heads-up: tomorrow ({day}) is {name}'s political birthday, {years} years "
        "({group}). Nothing is posted in the group unless you press the button below.",
    },
    "button.birthday_post": {"zh": "在群里送上祝福", "en": "Greet them in the group"},
    "birthday.group_post": {
        "zh": "🎉 {name}同志迎来入党 {years} 周年政治生日，支部全体同志祝您政治生日快乐！",
        "en": "🎉 {name} marks {years} years in the Party. Happy political birthday!",
    },
    "birthday.posted": {"zh": "已在群里发送祝福。", "en": "The greeting is posted in the group."},
    "birthday.post_failed": {
        "zh": "群里的祝福没有发出去，请稍后再试。",
        "en": "The greeting could not be posted in the group.",
    },
    "birthday.post_already": {
        "zh": "已经在群里祝贺过了。",
        "en": "The group has already been told.",
    },
    "birthday.post_gone": {
        "zh": "这条提醒已过期，或该成员已不在群中。",
        "en": "This heads-up has expired, or the member is no longer in the group.",
    },
    "birthday.post_not_admin": {
        "zh": "只有本群管理员可以在群里发送祝福。",
        "en": "Only an admin of the group can post the greeting.",
    },
    # --- branch life (issue 12): activity days and attendance -------------------------
    "event.usage": {
        "zh": "用法：/event YYYY-MM-DD HH:MM 类型 标题 [地点]\n类型：主题党日、支部党员大会、党小"
        "组会、党课\n例如：/event 202"
        "6-03-10 14:30 主题党日 学习二十大精神 三楼会议室",
        "en": "Usage: /event YYYY-MM-DD HH:MM type title [place]\nTypes: 主题党日, 支部党员大会, "
        "党小组会"
        ", 党课\nExample: /event 2026-03-10 14:30 主题党日 Study 三楼会议室",
    },
    "event.bad_time": {
        "zh": "日期或时间不对，请写成 YYYY-MM-DD HH:MM，例如 2026-03-10 14:30。",
        "en": "The date or time is wrong; write YYYY-MM-DD HH:MM, e.g. 2026-03-10 14:30.",
    },
    "event.bad_kind": {
        "zh": "活动类型只能是：{kinds}。",
        "en": "The type must be one of: {kinds}.",
    },
    "event.too_long": {
        "zh": "标题和地点各不超过 {max} 个字。",
        "en": "Title and place are at most {max} characters each.",
    },
    "event.in_past": {
        "zh": "活动时间已经过去了，请填写以后的时间。",
        "en": "That time has passed; give a time ahead.",
    },
    "event.too_far": {
        "zh": "活动时间最多可提前一年安排。",
        "en": "An event can be at most a year ahead.",
    },
    "event.group_not_bound": {
        "zh": "本群还没有绑定微党课助手，请管理员先发送 /bind。",
        "en": "This group is not bound yet; an admin should send /bind first.",
    },
    "event.not_admin": {
        "zh": "只有本群管理员可以发布活动。",
        "en": "Only an admin of this group can announce an event.",
    },
    "event.not_secretary": {
        "zh": "您不是任何已绑定工作群的管理员，不能发布活动。",
        "en": "You do not run any bound group, so you cannot announce an event.",
    },
    "event.which_group": {
        "zh": "您管理多个工作群，请在要发布活动的群里发送 /event。",
        "en": "You run several groups: send /event in the group it is for.",
    },
    "event.created": {
        "zh": "活动 #{n} 已发布到「{group}」。",
        "en": "Event #{n} is posted in {group}.",
    },
    "event.not_posted": {
        "zh": "活动 #{n} 已登记，但没能发到群里，请检查机器人是否还在群中。",
        "en": "Event #{n} is saved but could not be posted in the group; is the bot still there?",
    },
    "event.announce": {
        "zh": "📅 {kind}（#{n}）：{title}\n时间：{when}\n地点：{place}\n请点击下方按钮回复是否参加"
        "。",
        "en": "📅 {kind} (#{n}): {title}\nTime: {when}\nPlace: {place}\nPlease answer with t"
        "he buttons below.",
    },
    "button.event_attend": {"zh": "参加", "en": "Attend"},
    "button.event_leave": {"zh": "请假", "en": "Leave"},
    "event.started": {
        "zh": "活动已经开始，不能再回复。",
        "en": "The event has started; answers are closed.",
    },
    "event.not_member": {
        "zh": "您不在该活动所在的工作群中。",
        "en": "You are not in this event's group.",
    },
    "event.attend_recorded": {"zh": "已登记参加：{title}", "en": "Noted: you attend {title}."},
    "event.leave_recorded": {
        "zh": "已登记请假，请在私聊中告诉我原因。",
        "en": "Leave noted; please tell me the reason in private chat.",
    },
    "event.leave_start_first": {
        "zh": "已登记请假。请先私聊我发送 /start，再点一次「请假」说明原因。",
        "en": "Leave noted. Send me /start in private, then press Leave again to give the reason.",
    },
    "event.ask_reason": {
        "zh": "您已请假：{kind}「{title}」。请直接回复请假原因（一句话即可）。",
        "en": 'You are on leave for {kind} "{title}". Please reply with the reason (one line '
        "is enough).",
    },
    "event.bad_reason": {
        "zh": "原因不能为空，最多 {max} 个字。",
        "en": "The reason must not be empty, at most {max} characters.",
    },
    "event.no_leave": {
        "zh": "您没有请假，无需填写原因。",
        "en": "You are not on leave, so no reason is needed.",
    },
    "event.reason_saved": {"zh": "已记录请假原因。", "en": "The reason is recorded."},
    "event.reminder_day": {
        "zh": "提醒：明天有{kind}「{title}」\n时间：{when}\n地点：{place}\n您还没有回复，请点击参"
        "加或请假。",
        "en": 'Reminder: {kind} "{title}" is tomorrow\nTime: {when}\nPlace: {place}\nYou have'
        " not answered yet.",
    },
    "event.reminder_hour": {
        "zh": "提醒：{kind}「{title}」一小时后开始\n时间：{when}\n地点：{place}\n您还没有回复，请"
        "点击参加或请假。",
        "en": 'Reminder: {kind} "{title}" starts in an hour\nTime: {when}\nPlace: {place}\nYo'
        "u have not answered yet.",
    },
    "event.usage_signin": {
        "zh": "用法：/signin N，打开活动 #N 的签到二维码。",
        "en": "Usage: /signin N opens event #N's sign-in QR code.",
    },
    "event.not_found": {"zh": "没有找到活动 #{n}。", "en": "There is no event #{n}."},
    "event.not_yours": {
        "zh": "活动 #{n} 不属于您管理的工作群。",
        "en": "Event #{n} is not in a group you run.",
    },
    "event.signin_closed": {
        "zh": "活动 #{n} 现在不在签到时间内（开始前 {before} 分钟开放）。",
        "en": "Sign-in for event #{n} is not open now (it opens {before} minutes before the"
        " start).",
    },
    "event.qr_caption": {
        "zh": "签到码 · {kind}「{title}」\n请参会同志用手机扫码签到。二维码每 {seconds} 秒更新，截"
        "图转发无效。",
        "en": 'Sign-in code · {kind} "{title}"\nScan with your phone to sign in. It changes e'
        "very {seconds} s; a screenshot is useless.",
    },
    "button.qr_refresh": {"zh": "🔄 刷新", "en": "🔄 Refresh"},
    "event.qr_refreshed": {"zh": "已刷新签到码。", "en": "The code is refreshed."},
    "event.qr_closed": {
        "zh": "「{title}」签到已结束，签到码已失效。",
        "en": 'Sign-in for "{title}" has ended; the code no longer works.',
    },
    "event.checkin_ok": {"zh": "签到成功：{title}", "en": "Signed in: {title}"},
    "event.checkin_already": {
        "zh": "您已经签到过了：{title}",
        "en": "You are already signed in: {title}",
    },
    "event.checkin_expired": {
        "zh": "签到码已过期，请扫描书记手机上当前显示的二维码。",
        "en": "This code has expired; scan the one on the secretary's phone now.",
    },
    "event.checkin_closed": {
        "zh": "「{title}」现在不在签到时间内。",
        "en": 'Sign-in for "{title}" is not open now.',
    },
    "event.checkin_not_member": {
        "zh": "您不在该活动所在的工作群中，不能签到。",
        "en": "You are not in this event's group, so you cannot sign in.",
    },
    "event.checkin_unknown": {"zh": "没有找到这个活动。", "en": "This event does not exist."},
    "event.usage_signfor": {
        "zh": "用法：/signfor N @用户名|ID 原因（为没有手机的同志代签）",
        "en": "Usage: /signfor N @username|ID reason (sign in someone without a phone)",
    },
    "event.usage_latesign": {
        "zh": "用法：/latesign N @用户名|ID 原因（补签）",
        "en": "Usage: /latesign N @username|ID reason (late sign-in)",
    },
    "event.proxy_closed": {
        "zh": "活动 #{n} 不在签到时间内，不能代签；会后请用 /latesign 补签。",
        "en": "Event #{n} is not in its sign-in time; after the meeting use /latesign.",
    },
    "event.late_closed": {
        "zh": "活动 #{n} 只能在开始后 {days} 天内补签。",
        "en": "Late sign-in for event #{n} is possible only within {days} days after its start.",
    },
    "event.unknown_member": {
        "zh": "{who} 不是该活动所在工作群的成员。",
        "en": "{who} is not a member of this event's group.",
    },
    "event.already_signed": {"zh": "{name} 已经签到过了。", "en": "{name} is already signed in."},
    "event.signed_for": {
        "zh": "已为 {name} 代签（活动 #{n}），已记录代签人、时间和原因。",
        "en": "{name} is signed in for event #{n} by you; who, when and why are recorded.",
    },
    "event.late_signed": {
        "zh": "已为 {name} 补签（活动 #{n}），已记录补签人、时间和原因。",
        "en": "Late sign-in recorded for {name} (event #{n}), with who, when and why.",
    },
    "event.usage_record": {
        "zh": "用法：/record N 查看纪实表；/record N 记录人 姓名；/record N 纪要 文字",
        "en": "Usage: /record N shows the record; /record N recorder NAME; /record N minutes TEXT",
    },
    "event.record_locked": {
        "zh": "活动 #{n} 的纪实表只能在活动后 {days} 天内修改。",
        "en": "Event #{n}'s record can be edited only within {days} days after it.",
    },
    "event.minutes_too_long": {
        "zh": "纪要最多 {max} 个字，可分段用语音补充。",
        "en": "The minutes are at most {max} characters.",
    },
    "event.bad_recorder": {
        "zh": "记录人姓名不能为空，最多 64 个字。",
        "en": "The recorder's name must not be empty, at most 64 characters.",
    },
    "event.record": {
        "zh": "纪实表 · 活动 #{n}\n类型：{kind}\n主题：{title}\n时间：{when}\n地点：{place}\n应到"
        " {expected} 人"
        "，实到 {came} 人\n出席：{present}\n缺席：{absent}\n记录人：{recorder}\n会议纪要：{"
        "minutes}\n照片："
        "{photos} 张\n可修改至 {until}（已修改 {edits} 次）",
        "en": "Meeting record · event #{n}\nType: {kind}\nTopic: {title}\nTime: {when}\nPla"
        "ce: {place}\nExpected {expected}, came {came}\nPresent: {present}\nAbsent: {"
        "absent}\nRecorder: {recorder}\nMinutes: {minutes}\nPhotos: {photos}\nEditabl"
        "e until {until} ({edits} edits)",
    },
    "event.rec_proxy": {
        "zh": "{name}（代签：{by}，{reason}）",
        "en": "{name} (signed in by {by}: {reason})",
    },
    "event.rec_late": {
        "zh": "{name}（补签：{by}，{reason}）",
        "en": "{name} (late sign-in by {by}: {reason})",
    },
    "event.rec_leave": {"zh": "{name}（请假：{reason}）", "en": "{name} (leave: {reason})"},
    "event.rec_no_reason": {"zh": "未说明原因", "en": "no reason given"},
    "event.rec_no_answer": {"zh": "{name}（未请假）", "en": "{name} (no leave)"},
    "event.rec_voice": {"zh": "语音纪要", "en": "voice minutes"},
    "button.rec_minutes": {"zh": "📝 纪要", "en": "📝 Minutes"},
    "button.rec_photos": {"zh": "📷 照片", "en": "📷 Photos"},
    "button.rec_export": {"zh": "📄 导出", "en": "📄 Export"},
    "event.send_minutes": {
        "zh": "请发送活动 #{n} 的会议纪要（文字或语音）。",
        "en": "Send the minutes of event #{n} (text or a voice note).",
    },
    "event.send_photos": {
        "zh": "请发送活动 #{n} 的照片，可以连续发送多张（30 分钟内有效）。",
        "en": "Send the photos of event #{n}; several in a row are fine (for 30 minutes).",
    },
    "event.minutes_saved": {
        "zh": "已保存活动 #{n} 的会议纪要，修改记录会保留。",
        "en": "The minutes of event #{n} are saved; the history is kept.",
    },
    "event.photo_saved": {
        "zh": "已添加到活动 #{n} 的纪实表（共 {count} 张）。",
        "en": "Added to event #{n}'s record ({count} photos).",
    },
    "event.exported": {
        "zh": "活动 #{n}「{title}」纪实表",
        "en": 'Meeting record of event #{n}, "{title}"',
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
    # --- Mini App (issue 13): texts the pages show come from the keys starting "web."
    "web.unauthorized": {
        "zh": "无法确认您的身份，请从 Telegram 里的课程消息重新打开。",
        "en": "We could not confirm who you are. Please open this again from the lesson in "
        "Telegram.",
    },
    "web.stale": {
        "zh": "页面打开太久了，请关闭后从课程消息重新打开。",
        "en": "This page has been open too long. Please close it and open it again from the "
        "lesson.",
    },
    # --- the player (issue 13): the page's words and the API's refusals
    "web.lesson_not_found": {
        "zh": "找不到这一课，它可能还没有发出。",
        "en": "We could not find this lesson. It may not have gone out yet.",
    },
    "web.not_member": {
        "zh": "这一课属于您不在的党支部群，无法在这里收听。",
        "en": "This lesson belongs to a group you are not in, so it cannot be played here.",
    },
    "web.taken_over": {
        "zh": "这一课已在另一台设备上打开，这里的收听不再记录。"
        "如需在这里继续，请关闭此页后重新打开。",
        "en": "This lesson was opened on another device, so listening here is no longer "
        "recorded. To go on here, close this page and open it again.",
    },
    "web.bad_report": {
        "zh": "收听记录的格式不对，未被记录。请关闭后重新打开。",
        "en": "The listening record was not in the right form and was not kept. Please close "
        "this page and open it again.",
    },
    "web.no_lesson": {
        "zh": "没有指定课程，请从课程消息里的按钮打开。",
        "en": "No lesson was given. Please open this from the button on a lesson.",
    },
    "web.offline": {
        "zh": "暂时连不上服务器，收听记录会稍后再发送。",
        "en": "The server cannot be reached just now; what you heard will be sent later.",
    },
    "web.cannot_play": {
        "zh": "这台设备无法播放这一课的音频，请在 Telegram 里直接收听语音消息。",
        "en": "This device cannot play the lesson's audio. Please play the voice message in "
        "Telegram instead.",
    },
    "web.player.loading": {"zh": "正在载入…", "en": "Loading…"},
    "web.player.play": {"zh": "播放", "en": "Play"},
    "web.player.pause": {"zh": "暂停", "en": "Pause"},
    "web.player.speed": {"zh": "语速 {rate}×", "en": "Speed {rate}×"},
    "web.player.lesson": {"zh": "第 {n} 课", "en": "Lesson {n}"},
    "web.player.duration": {"zh": "时长 {time}", "en": "Length {time}"},
    "web.player.heard": {"zh": "已收听 {percent}%", "en": "Heard {percent}%"},
    "web.player.listened": {
        "zh": "已记为收听，谢谢！",
        "en": "Recorded as listened. Thank you!",
    },
    "web.player.note": {
        "zh": "只记录页面打开时实际播放的部分；拖动进度条跳过的部分不计入。",
        "en": "Only what actually plays while this page is open is counted; skipped parts are not.",
    },
    # --- the secretary's dashboard (/app/dashboard)
    "web.dash.title": {"zh": "学习看板", "en": "Study dashboard"},
    "web.dash.loading": {"zh": "正在加载…", "en": "Loading…"},
    "web.dash.failed": {
        "zh": "看板暂时打不开，请稍后再试。",
        "en": "The dashboard cannot be opened right now. Please try again later.",
    },
    "web.dash.not_secretary": {
        "zh": "学习看板只对本支部的书记开放。如需了解情况，请联系支部书记。",
        "en": "The dashboard is open to the branch's secretaries only. Please ask your "
        "secretary if you need it.",
    },
    "web.dash.bad_request": {
        "zh": "请求有误，请关闭页面后从 /report 重新打开看板。",
        "en": "Something in the request was wrong. Please close this and open the dashboard "
        "again from /report.",
    },
    "web.dash.start_first": {
        "zh": "请先在私聊中给机器人发送 /start，然后再点一次。",
        "en": "Please send /start to the bot in private chat first, then press again.",
    },
    "web.dash.send_failed": {
        "zh": "台账暂时发送不了，请稍后再试。",
        "en": "The ledger cannot be sent right now. Please try again later.",
    },
    "web.dash.ledger_sent": {
        "zh": "已把 {month} 的学习台账（CSV 和 Excel）发到您与机器人的私聊。",
        "en": "The {month} ledger (CSV and Excel) is in your private chat with the bot.",
    },
    "web.dash.group": {"zh": "支部", "en": "Branch"},
    "web.dash.week": {"zh": "本周：{start} 至 {end}", "en": "This week: {start} to {end}"},
    "web.dash.figures": {"zh": "本周与上周", "en": "This week and last"},
    "web.dash.rate": {"zh": "收听率", "en": "Listened"},
    "web.dash.listened": {"zh": "收听人次", "en": "Listens"},
    "web.dash.makeup": {"zh": "补学", "en": "Make-ups"},
    "web.dash.notes": {"zh": "心得", "en": "Notes"},
    "web.dash.last": {"zh": "上周 {value}", "en": "Last week {value}"},
    "web.dash.chart": {"zh": "每天收听", "en": "Listened each day"},
    "web.dash.no_lesson": {"zh": "无课", "en": "none"},
    "web.dash.weekdays": {
        "zh": "周一,周二,周三,周四,周五,周六,周日",
        "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    },
    "web.dash.members": {"zh": "成员收听情况（按姓名）", "en": "Members (by name)"},
    "web.dash.name": {"zh": "姓名", "en": "Name"},
    "web.dash.total": {"zh": "本周", "en": "Week"},
    "web.dash.via.player": {"zh": "播放器", "en": "Player"},
    "web.dash.via.button": {"zh": "按钮", "en": "Button"},
    "web.dash.via.private": {"zh": "私聊", "en": "Private"},
    "web.dash.via.note": {"zh": "心得", "en": "Note"},
    "web.dash.tag.makeup": {"zh": "补学", "en": "make-up"},
    "web.dash.tag.late": {"zh": "逾期", "en": "late"},
    "web.dash.tag.note": {"zh": "有心得", "en": "wrote"},
    "web.dash.status.not_listened": {"zh": "未收听", "en": "Not yet"},
    "web.dash.status.on_leave": {"zh": "请假", "en": "On leave"},
    "web.dash.status.unreachable": {"zh": "无法联系", "en": "Unreachable"},
    "web.dash.status.left": {"zh": "已离群", "en": "Left"},
    "web.dash.legend": {
        "zh": "请假、无法联系、已离群的同志不算“未收听”。“播放器”后的百分比是本人实际听到的部分。",
        "en": "On leave, unreachable or gone is never counted as “not yet”. The player's "
        "percentage is the part the member actually heard.",
    },
    "web.dash.no_members": {
        "zh": "本周还没有播出的课程。",
        "en": "No lesson has gone out this week.",
    },
    "web.dash.latest_notes": {"zh": "最新学习心得", "en": "Latest study notes"},
    "web.dash.no_notes": {
        "zh": "近两周还没有学习心得。",
        "en": "No study notes in the last two weeks.",
    },
    "web.dash.featured": {"zh": "精选", "en": "featured"},
    "web.dash.ledger": {"zh": "学习台账", "en": "Study ledger"},
    "web.dash.ledger_hint": {
        "zh": "机器人会把台账发到您的私聊，CSV 和 Excel 各一份。",
        "en": "The bot sends the ledger to your private chat, as CSV and as Excel.",
    },
    "web.dash.send_month": {"zh": "发送 {month} 台账", "en": "Send the {month} ledger"},
    "web.dash.sending": {"zh": "正在发送…", "en": "Sending…"},
    # The /report reply's button (private chat only: web_app buttons work nowhere else).
    "button.dashboard": {"zh": "📊 打开看板", "en": "📊 Open the dashboard"},
}


def lang_for(language_code: str | None) -> Lang:
    """English for users whose Telegram language is English, Chinese for everyone else."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return "zh"


def t(key: str, lang: Lang = "zh", **params: Any) -> str:
    text = TEXTS[key][lang]
    return text.format(**params) if params else text
