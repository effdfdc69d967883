"""Greeting, help and the private chat's first steps."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- start / help
    "start.private": {
        "zh": "您好，{name}！我是微党课助手。\n每天的微党课会推送到这里，收听后点「✅ 已收听」，"
        "点「✍️ 写心得」或回复课程消息提交学习心得。\n"
        "发送 /help 查看全部命令，发送 /stop 停止私聊推送。",
        "en": "Hello, {name}! I am the micro-lesson assistant.\nThe daily lesson will be sent "
        'here; press "✅ Listened" after listening and reply to it with your study note.\n'
        "/help lists all commands, /stop turns off private pushes.",
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
        "每天的微党课会推送到这里，收听后点「✅ 已收听」。\n"
        "点「✍️ 写心得」或回复课程消息（文字或语音）提交学习心得。\n"
        "/me 我的积分和连续学习\n"
        "/leave YYYY-MM-DD [YYYY-MM-DD] 请假\n"
        "/birthday YYYY-MM-DD 登记政治生日（仅本人和书记可见）\n"
        "/stop 停止私聊推送，/start 重新开通",
        "en": "Micro-lesson assistant\n"
        'The daily lesson comes here; press "✅ Listened" after listening.\n'
        "Reply to the lesson (text or voice) with your study note.\n"
        "/me my points and streak\n"
        "/leave YYYY-MM-DD [YYYY-MM-DD] take leave\n"
        "/birthday YYYY-MM-DD record your political birthday (only you and your secretaries "
        "see it)\n"
        "/stop turn off private pushes, /start turn them back on",
    },
    "help.secretary": {
        "zh": "书记专用\n"
        "直接发送语音或音频文件即可上传当天课程（说明文字作为标题）\n"
        "/lessons 查看待推送课程\n/sendnow N 立即推送 #N\n"
        "/schedule N YYYY-MM-DD HH:MM 改期\n/title N 新标题 修改标题\n/cancel N 取消 #N\n"
        "/move N 把 #N 移到您管理的另一个群\n"
        "/report [N] 学习报告（含姓名，可标记精选心得）\n"
        "/export [YYYY-MM] 导出学习台账（CSV 和 Excel，默认本月）\n"
        "/roster 花名册：查看、添加、改名、调整党小组、转出；把填好的 XLSX/CSV 发给我即可导入"
        "（/roster template 获取模板）\n"
        "/leave @用户名 YYYY-MM-DD [YYYY-MM-DD] 为成员登记请假\n"
        "/birthday @用户名 YYYY-MM-DD 为成员登记政治生日\n"
        "/quiz N 为 #N 添加随堂测（1–3 题）\n"
        "/event YYYY-MM-DD HH:MM 类型 标题 [地点] 发布活动"
        "（主题党日、支部党员大会、党小组会、党课）\n"
        "/signin N 签到二维码\n/signfor N @用户名 原因 代签\n/latesign N @用户名 原因 补签\n"
        "/record N 纪实表（纪要、照片、导出）\n"
        "/cancel 不再回答机器人刚才的提问",
        "en": "For secretaries\n"
        "send a voice note or audio file to upload today's lesson (the caption becomes its "
        "title)\n/lessons queued lessons\n/sendnow N send #N now\n"
        "/schedule N YYYY-MM-DD HH:MM reschedule\n/title N new title rename\n"
        "/cancel N cancel #N\n/move N move #N to another group you run\n"
        "/report [N] the lesson's record, with names (feature notes there)\n"
        "/export [YYYY-MM] the study ledger as CSV and Excel (this month by default)\n"
        "/roster the roster: view, add, rename, party groups, transfer out; send me a filled-in "
        "XLSX/CSV to import it (/roster template gives the form)\n"
        "/leave @username YYYY-MM-DD [YYYY-MM-DD] record a member's leave\n"
        "/birthday @username YYYY-MM-DD record a member's political birthday\n"
        "/quiz N add a quiz (1–3 questions) to #N\n"
        "/event YYYY-MM-DD HH:MM type title [place] announce an activity day\n"
        "/signin N sign-in QR code\n/signfor N @username reason sign someone in\n"
        "/latesign N @username reason late sign-in\n/record N the meeting record\n"
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
