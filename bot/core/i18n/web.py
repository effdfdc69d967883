"""The Mini App's pages: the player and the secretary's dashboard."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- Mini App: texts the pages show come from the keys starting "web."
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
    # --- the player: the page's words and the API's refusals
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
    "web.heard_too_soon": {
        "zh": "收听记录超过了页面打开以来能播放的时长，暂未记录。",
        "en": "The listening record holds more than could have played since this page "
        "opened, so it was not kept.",
    },
    "web.too_frequent": {
        "zh": "收听记录发送得太频繁，稍后会再发送。",
        "en": "Listening records came too often; this one will be sent again shortly.",
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
    "web.player.lesson": {"zh": "第{n}期 · #{n}", "en": "Lesson #{n}"},
    "web.player.duration": {"zh": "时长 {time}", "en": "Length {time}"},
    "web.player.heard": {"zh": "已收听 {percent}%", "en": "Heard {percent}%"},
    "web.player.listened": {
        "zh": "已记为收听，谢谢！",
        "en": "Recorded as listened. Thank you!",
    },
    "web.player.finished": {"zh": "已听完", "en": "Finished"},
    "web.player.write_note": {"zh": "✍️ 写心得", "en": "✍️ Write a note"},
    "web.player.note": {
        "zh": "只记录实际播放的部分（息屏后继续播放，照常计入）；拖动进度条跳过的部分不计入。",
        "en": "Only what actually plays is counted (it plays on, and counts, with the screen "
        "off); skipped parts are not.",
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
    "web.dash.status.unlinked": {"zh": "未关联", "en": "No account"},
    "web.dash.status.not_started": {"zh": "未开通推送", "en": "Never started"},
    "web.dash.status.unreachable": {"zh": "无法送达", "en": "Blocked"},
    "web.dash.status.left": {"zh": "已退群", "en": "Left"},
    "web.dash.legend": {
        "zh": "请假、已退群、未关联、未开通推送、无法送达的同志不算“未收听”（后三种计入应学）。"
        "“（昵称）”表示不在花名册上、显示的是 Telegram 昵称。"
        "“播放器”后的百分比是本人实际听到的部分。",
        "en": "On leave, gone, no account, never started or blocked is never counted as "
        "“not yet” (the last three are still expected). “(Telegram name)”: not on the "
        "roster. The player's percentage is the part the member actually heard.",
    },
    "web.dash.no_members": {
        "zh": "本周还没有推送的课程。",
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
    # --- the 机关党委's view (web/static/committee.js): figures only
    "web.cm.title": {"zh": "各支部汇总", "en": "Branches"},
    "web.cm.month": {"zh": "{year}年{month}月", "en": "{year}-{month}"},
    "web.cm.lessons": {"zh": "推送课程", "en": "Lessons"},
    "web.cm.rate": {"zh": "平均参学率", "en": "Average rate"},
    "web.cm.notes": {"zh": "心得", "en": "Notes"},
    "web.cm.meetings": {"zh": "三会一课（当季）", "en": "Meetings (its quarter)"},
    "web.cm.roster": {"zh": "已关联/花名册", "en": "Linked/roster"},
    "web.cm.total": {"zh": "合计（{n} 个支部）", "en": "Total ({n} branches)"},
    "web.cm.hint": {
        "zh": "只含数字，不含个人姓名和心得。导出表格请在机器人里发送 /committee export。",
        "en": "Figures only: no names, no notes. For the workbook send /committee export to "
        "the bot.",
    },
}
