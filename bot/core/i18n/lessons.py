"""Uploading a recording and managing the queue of lessons."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- intake
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
    # --- lessons
    "lesson.list_empty": {
        "zh": "目前没有待推送的课程。发送语音即可上传。",
        "en": "No lessons are waiting. Send a voice note to upload one.",
    },
    "lesson.list_header": {"zh": "待推送课程：", "en": "Queued lessons:"},
    "lesson.list_item": {
        "zh": "#{n}“{title}”· {group} · {slot}",
        "en": '#{n} "{title}" · {group} · {slot}',
    },
    "lesson.status_missed": {"zh": "已错过，待重新安排", "en": "missed, to be rescheduled"},
    "lesson.status_sending": {"zh": "正在发送", "en": "sending"},
    "lesson.usage_move": {
        "zh": "用法：/move 编号，把课程移到您管理的另一个工作群。",
        "en": "Usage: /move N moves a lesson to another group you run.",
    },
    "lesson.move_pick": {
        "zh": "把课程 #{n} 移到哪个群？",
        "en": "Move lesson #{n} to which group?",
    },
    "lesson.move_no_group": {
        "zh": "您没有管理其他已绑定的工作群，课程 #{n} 无处可移。",
        "en": "You run no other bound group to move lesson #{n} to.",
    },
    "lesson.move_not_yours": {
        "zh": "只能移到您管理的已绑定工作群。",
        "en": "A lesson can only move to a bound group you run.",
    },
    "lesson.moved": {
        "zh": "已将课程 #{n}“{title}”移到「{group}」，定于 {slot} 发送。",
        "en": 'Lesson #{n} "{title}" moved to "{group}", to go out {slot}.',
    },
    "lesson.status_held": {"zh": "群已解绑，不再发送", "en": "group unbound, not to be sent"},
    "lesson.group_unbound": {
        "zh": "课程 #{n} 所在的群已解绑，不能再发送；"
        "可用 /move {n} 移到其他群，或 /cancel {n} 取消。",
        "en": "The group of lesson #{n} is unbound: /move {n} moves it to another group, "
        "/cancel {n} cancels it.",
    },
    "lesson.not_found": {
        "zh": "找不到课程 #{n}。发送 /lessons 查看您的课程。",
        "en": "There is no lesson #{n}. Send /lessons to see yours.",
    },
    "lesson.not_yours": {
        "zh": "课程 #{n} 不属于您管理的工作群。",
        "en": "Lesson #{n} belongs to a group you do not run.",
    },
    "lesson.already_sent": {
        "zh": "课程 #{n} 已经推送，无法修改。",
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
        "zh": "用法：/schedule N 日期 时间，例如 /schedule 3 明天 7:30 或 /schedule 3 3月5日 7点半",
        "en": "Usage: /schedule N DATE TIME, e.g. /schedule 3 2026-03-05 07:30",
    },
    "lesson.usage_title": {
        "zh": "用法：/title N 新标题，例如 /title 3 学习二十大精神",
        "en": "Usage: /title N new title, e.g. /title 3 Party history",
    },
    "lesson.sending_now": {
        "zh": "好的，#{n} 马上推送。",
        "en": "OK, #{n} goes out now.",
    },
    "lesson.rescheduled": {
        "zh": "已将 #{n} 改到 {slot} 推送。",
        "en": "#{n} now goes out at {slot}.",
    },
    "lesson.cancel_done": {
        "zh": "已取消 #{n}“{title}”。",
        "en": 'Cancelled #{n} "{title}".',
    },
    "lesson.renamed": {
        "zh": "已将 #{n} 的标题改为“{title}”。",
        "en": '#{n} is now titled "{title}".',
    },
    "lesson.pick_slot": {
        "zh": "请选择 #{n} 的推送时间，或发送 /schedule {n} YYYY-MM-DD HH:MM 指定。",
        "en": "Pick a time for #{n}, or send /schedule {n} YYYY-MM-DD HH:MM.",
    },
    "button.send_now": {"zh": "立即推送", "en": "Send now"},
    "button.other_time": {"zh": "改时间", "en": "Other time"},
    "button.rename": {"zh": "改标题", "en": "Rename"},
    "button.cancel": {"zh": "取消课程", "en": "Cancel"},
    "button.use_slot": {"zh": "安排在 {when}", "en": "Use {when}"},
    "button.forged": {
        "zh": "这个按钮已失效。",
        "en": "This button is no longer valid.",
    },
    # The lesson's number as a branch says it (第N期), beside "#N" where lessons are listed.
    "lesson.issue": {"zh": "第{n}期", "en": "#{n}"},
    # --- a typed "#N" that several of the sender's groups have (handlers.numbered)
    "number.pick": {
        "zh": "您所在的几个工作群都有 #{n}，是哪一个？",
        "en": "Several of your groups have a #{n}. Which one?",
    },
    "number.pick_line": {"zh": "{group}：#{n}“{title}”", "en": '{group}: #{n} "{title}"'},
    "number.pick_gone": {
        "zh": "您之后又发了别的命令，请重新发送这条命令。",
        "en": "You sent another command since; please send this one again.",
    },
}
