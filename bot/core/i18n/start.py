"""Greeting, help and the private chat's first steps."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- start / help
    "start.private": {
        "zh": "您好，{name}！我是微党课助手。\n每天的微党课会推送到这里，收听后点「✅ 已收听」，"
        "点「✍️ 写心得」或回复课程消息提交学习心得。\n"
        "发送 /help 查看全部命令，发送 /stop 停止私聊推送。",
        "en": "Hello, {name}! I am the micro-lesson assistant.\nThe daily lesson will be sent "
        'here; press "✅ Listened" after listening, and "✍️ Write a note" (or reply to the '
        "lesson) for your study note.\n/help lists all commands, /stop turns off private pushes.",
    },
    "start.subscribed": {
        "zh": "已为您开通私聊推送（{groups}）。",
        "en": "Private pushes are on for you ({groups}).",
    },
    "start.group_unconfirmed": {
        "zh": "还没能确认您在「{group}」群中。请先在群里发送 /join，再点一次按钮。",
        "en": 'I could not confirm you are in "{group}" yet. Send /join there, then press '
        "the button again.",
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
    # A member's help: at most 8 lines (a secretary's puts "help.secretary" before it).
    "help.private": {
        "zh": "微党课助手\n"
        "每天的微党课会推送到这里，收听后点「✅ 已收听」，点「✍️ 写心得」写学习心得。\n"
        "下方按钮：今日微党课 · 写心得 · 我的学习 · 往期 · 请假，点一下就行。\n"
        "/me 我的积分和连续学习\n"
        "/leave 请假（点选日期，也可写 /leave 明天）\n"
        "/birthday 登记政治生日（例如 /birthday 2001年7月1日，仅本人和书记可见）\n"
        "/stop 停止私聊推送，/start 重新开通",
        "en": "Micro-lesson assistant\n"
        'The daily lesson comes here; press "✅ Listened" after listening, "✍️ Write a note" '
        "for your study note.\n"
        "The keys below: Today's lesson · Write a note · My study · Past lessons · Leave.\n"
        "/me my points and streak\n"
        "/leave take leave (pick the days, or write /leave tomorrow)\n"
        "/birthday record your political birthday (e.g. /birthday 2001-07-01; only you and "
        "your secretaries see it)\n"
        "/stop turn off private pushes, /start turn them back on",
    },
    "help.secretary": {
        "zh": "书记专用（也可点下方的 待推送 · 报告 · 台账 · 活动）\n"
        "直接发送语音或音频文件即可上传课程（说明文字作为标题）\n"
        "/lessons 待推送课程，每节都有 立即推送 · 改时间 · 改标题 · 取消 按钮\n"
        "/schedule N 明天 7:30 改期；/title N 新标题；/sendnow N 立即推送；/cancel N 取消\n"
        "/move N 把 #N 移到您管理的另一个群\n"
        "/report [N] 学习报告（含姓名，可标记精选心得）\n"
        "/export [2026-03] 导出学习台账（CSV 和 Excel，可按党小组）\n"
        "/roster 花名册：查看、添加、改名、调整党小组、转出；把填好的 XLSX/CSV 发给我即可导入"
        "（/roster template 获取模板）\n"
        "/leave 张三 3月9日 为成员登记请假（或发送 /leave 从名单里选）\n"
        "/birthday 张三 1998年7月1日 为成员登记政治生日\n"
        "/quiz N 为 #N 添加随堂测（1–3 题）\n"
        "/event 按步骤发布活动（三会一课、主题党日等），也可一行写完\n"
        "/meetings [年份] 三会一课完成情况\n"
        "/signin N 签到二维码；代签、补签点二维码下的按钮，或 /signfor N 张三 原因\n"
        "/record N 纪实表（主持人、议程、纪要、照片、导出）\n"
        "/cancel 不再回答机器人刚才的提问",
        "en": "For secretaries (or press To send · Report · Ledger · Activities below)\n"
        "send a voice note or audio file to upload a lesson (the caption becomes its title)\n"
        "/lessons queued lessons, each with Send now · Other time · Rename · Cancel\n"
        "/schedule N tomorrow 7:30 reschedule; /title N new title; /sendnow N; /cancel N\n"
        "/move N move #N to another group you run\n"
        "/report [N] the lesson's record, with names (feature notes there)\n"
        "/export [2026-03] the study ledger as CSV and Excel (by party group too)\n"
        "/roster the roster: view, add, rename, party groups, transfer out; send me a filled-in "
        "XLSX/CSV to import it (/roster template gives the form)\n"
        "/leave Zhang San 2026-03-09 record a member's leave (or /leave to pick from a list)\n"
        "/birthday Zhang San 1998-07-01 record a member's political birthday\n"
        "/quiz N add a quiz (1–3 questions) to #N\n"
        "/event announce an activity day step by step (三会一课, theme days…), or in one line\n"
        "/meetings [year] 三会一课 held and required\n"
        "/signin N sign-in QR code; sign someone in with the buttons under it, or "
        "/signfor N name reason\n"
        "/record N the meeting record (chair, agenda, minutes, photos, export)\n"
        "/cancel drop the question I just asked",
    },
    "help.group": {
        "zh": "微党课助手 · 群命令\n/join 加入本群名单\n/me 我的积分（私信发给您）\n"
        "/rank 积分排行榜（本群开启时）\n/report [N] 本群学习统计（不列姓名）\n"
        "/settings 查看设置\n\n管理员：\n/bind 绑定本群\n"
        "/unbind 解除绑定\n/settime HH:MM 设置推送时间\n/skip YYYY-MM-DD 某天暂停推送\n"
        "/unskip YYYY-MM-DD 恢复推送\n/extra YYYY-MM-DD 调休上班日照常推送\n"
        "/help 帮助\n\n私聊我发送 /start，即可每天收到推送。"
        # --- branch life
        "\n/event YYYY-MM-DD HH:MM 类型 标题 [地点] 发布活动（管理员）",
        "en": "Micro-lesson assistant · group commands\n/join add me to this group's roster\n"
        "/me my points (sent privately)\n/rank leaderboard (if this group turned it on)\n"
        "/report [N] this group's figures (naming nobody)\n"
        "/settings show settings\n\nAdmins:\n/bind bind this group\n/unbind unbind\n"
        "/settime HH:MM set the broadcast time\n/skip YYYY-MM-DD no lesson that day\n"
        "/unskip YYYY-MM-DD undo a skip\n/extra YYYY-MM-DD broadcast on an adjusted "
        "working day\n/help this help\n\n"
        "Send me /start in private chat to get the daily push."
        # --- branch life
        "\n/event YYYY-MM-DD HH:MM type title [place] announce an activity day (admins)",
    },
    "help.private_text": {
        "zh": "想提交学习心得，请点课程下方的「✍️ 写心得」，或回复课程消息（文字至少 {min} 个字，"
        "或语音）。发送 /help 查看全部命令。",
        "en": 'To send a study note, press "✍️ Write a note" under the lesson, or reply to the '
        "lesson message (at least {min} characters, or a voice note). Send /help for all "
        "commands.",
    },
}
