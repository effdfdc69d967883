"""Activity days: replies, reminders, sign-in and the 纪实表."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- branch life: activity days and attendance
    "event.usage": {
        "zh": "私聊机器人发送 /event 可一步步创建活动；"
        "也可一行写完：/event 日期 时间 类型 标题 [地点]\n"
        "类型：支部党员大会、支委会、党小组会（第一党小组）、党课、主题党日、组织生活会、"
        "民主评议党员、其他（名称）\n标题有空格时请加引号，例如：\n"
        '/event 3月20日 14:30 主题党日 "学习 二十大精神" 三楼会议室',
        "en": "Send /event to me in private to create an event step by step, or in one line: "
        "/event date time "
        "type title [place]\nTypes: 支部党员大会, 支委会, 党小组会（第一党小组）, 党课, 主题党日, "
        "组织生活会, 民主评议党员, 其他（name）\nQuote a title with spaces, e.g.:\n"
        '/event 3月20日 14:30 主题党日 "Study together" 三楼会议室',
    },
    "event.bad_time": {
        "zh": "日期或时间没看懂，例如 3月20日 14:30，或 2026-03-20 下午2点半。",
        "en": "I could not read the date or time; e.g. 3月20日 14:30 or 2026-03-20 14:30.",
    },
    "event.wizard_kind": {"zh": "创建活动：请选择活动类型。", "en": "New event: choose its type."},
    "event.wizard_group": {
        "zh": "创建活动：在哪个工作群发布？",
        "en": "New event: which group is it for?",
    },
    "event.wizard_day": {
        "zh": "{kind}：哪一天？（也可直接输入，如 3月20日）",
        "en": "{kind}: which day? (or type one, e.g. 3月20日)",
    },
    "event.wizard_time": {
        "zh": "{day}，几点开始？（也可直接输入，如 14:30 或 下午2点半）",
        "en": "{day}: what time does it start? (or type one, e.g. 14:30)",
    },
    "event.wizard_title": {
        "zh": "请回复活动标题（可以有空格）。",
        "en": "Reply with the event's title (spaces are fine).",
    },
    "event.wizard_title_hint": {"zh": "活动标题", "en": "Event title"},
    "event.wizard_place": {
        "zh": "地点在哪里？请输入，没有就点「跳过」。",
        "en": "Where is it? Type the place, or press Skip.",
    },
    "event.wizard_skip": {"zh": "跳过", "en": "Skip"},
    "event.wizard_gone": {
        "zh": "这一步已结束或已过期，请重新发送 /event。",
        "en": "This step is over or has lapsed; send /event again.",
    },
    "event.which_recorder": {
        "zh": "不止一位「{name}」，请选择哪一位是记录人：",
        "en": "More than one 「{name}」: which one is the recorder?",
    },
    "event.no_people": {
        "zh": "这个群还没有可选的成员。",
        "en": "This group has nobody to pick yet.",
    },
    "event.pick_recorder": {
        "zh": "第 {n} 次活动的记录人是哪一位？",
        "en": "Who keeps the record of event #{n}?",
    },
    "event.recorder_set": {
        "zh": "已把 {name} 设为第 {n} 次活动的记录人。",
        "en": "{name} now keeps the record of event #{n}.",
    },
    "event.quote_title": {
        "zh": "标题或地点里有空格，我分不清哪几个词是标题。请给标题加引号，例如：\n"
        '/event 3月20日 14:30 主题党日 "学习 二十大精神" 三楼会议室\n或发送 /event 一步步填写。',
        "en": "The title or place has spaces, so I cannot tell which words are the title. Quote "
        'it, e.g. /event 3月20日 14:30 主题党日 "Study together" 三楼会议室, or send /event '
        "alone to go step by step.",
    },
    "event.which_party_group": {
        "zh": "请写明是哪个党小组，例如：党小组会（{example}）。花名册上的党小组：{groups}。",
        "en": "Say which 党小组 meets, e.g. 党小组会（{example}）. The roster's groups: {groups}.",
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
        "zh": "您管理多个工作群：单独发送 /event 可以一步步创建并选择群，"
        "或在要发布活动的群里一行写完。",
        "en": "You run several groups: send /event alone to go step by step and pick the "
        "group, or write the one line in the group it is for.",
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
    "button.event_attend": {"zh": "确认参加", "en": "I'll attend"},
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
        "zh": "您已请假：{kind}“{title}”。请直接回复请假原因（一句话即可）。",
        "en": 'You are on leave for {kind} "{title}". Please reply with the reason (one line '
        "is enough).",
    },
    "event.reason_hint": {"zh": "请假原因", "en": "Reason for leave"},
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
        "zh": "提醒：明天有{kind}“{title}”\n时间：{when}\n地点：{place}\n您还没有回复，请点击参"
        "加或请假。",
        "en": 'Reminder: {kind} "{title}" is tomorrow\nTime: {when}\nPlace: {place}\nYou have'
        " not answered yet.",
    },
    "event.reminder_hour": {
        "zh": "提醒：{kind}“{title}”一小时后开始\n时间：{when}\n地点：{place}\n您还没有回复，请"
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
        "en": "Sign-in for event #{n} is not open now (it opens {before:minute|minutes} before the"
        " start).",
    },
    "event.qr_caption": {
        "zh": "签到码 · {kind}“{title}”\n请用手机相机或 Telegram 扫码（微信扫一扫无法打开）。"
        "二维码每 {seconds} 秒更新，截图转发无效。",
        "en": 'Sign-in code · {kind} "{title}"\nScan it with the phone camera or Telegram '
        "(WeChat's scanner cannot open it). It changes every {seconds} s; a screenshot is "
        "useless.",
    },
    "button.qr_refresh": {"zh": "🔄 刷新", "en": "🔄 Refresh"},
    "event.qr_refreshed": {"zh": "已刷新签到码。", "en": "The code is refreshed."},
    "event.qr_closed": {
        "zh": "“{title}”签到已结束，签到码已失效。",
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
        "zh": "“{title}”现在不在签到时间内。",
        "en": 'Sign-in for "{title}" is not open now.',
    },
    "event.checkin_unavailable": {
        "zh": "这个签到链接对您无效。",
        "en": "This sign-in link does not work for you.",
    },
    "event.usage_signfor": {
        "zh": "用法：/signfor N 从名单中选择（为没有手机的同志代签），"
        "或 /signfor N 姓名|@用户名|ID 原因",
        "en": "Usage: /signfor N to pick from the list (sign in someone without a phone),"
        " or /signfor N NAME|@username|ID reason",
    },
    "event.usage_latesign": {
        "zh": "用法：/latesign N 从名单中选择（补签），或 /latesign N 姓名|@用户名|ID 原因",
        "en": "Usage: /latesign N to pick from the list (late sign-in),"
        " or /latesign N NAME|@username|ID reason",
    },
    "event.pick_proxy": {
        "zh": "活动 #{n}“{title}”：请选择要代签的同志（尚未签到的应到人员）。",
        "en": 'Event #{n} "{title}": choose whom to sign in (expected, not yet signed in).',
    },
    "event.pick_late": {
        "zh": "活动 #{n}“{title}”：请选择要补签的同志（尚未签到的应到人员）。",
        "en": 'Event #{n} "{title}": choose whom to sign in late (expected, not yet signed in).',
    },
    "event.pick_none": {
        "zh": "活动 #{n} 的应到人员都已签到。",
        "en": "Everyone expected at event #{n} is signed in.",
    },
    "event.ask_proxy_reason": {
        "zh": "请输入为{name}代签的原因（例如：没带手机）。",
        "en": "Why are you signing in {name}? (e.g. they have no phone with them)",
    },
    "event.ask_late_reason": {
        "zh": "请输入为{name}补签的原因。",
        "en": "Why is {name} signed in late?",
    },
    "event.sign_reason_hint": {"zh": "原因", "en": "Reason"},
    "event.same_name": {
        "zh": "花名册里不止一位「{who}」。请只发送 /signfor N 或 /latesign N，从名单中选择。",
        "en": 'More than one "{who}" is on the roster. Send just /signfor N or /latesign N'
        " and pick from the list.",
    },
    "event.pick_gone": {
        "zh": "这位同志已经签到，或名单已过期。请重新发送 /signfor N 或 /latesign N。",
        "en": "Already signed in, or the list is out of date."
        " Send /signfor N or /latesign N again.",
    },
    "button.sign_proxy": {"zh": "✍️ 代签", "en": "✍️ Sign in for…"},
    "button.sign_late": {"zh": "✍️ 补签", "en": "✍️ Late sign-in"},
    "button.page_prev": {"zh": "◀ 上一页", "en": "◀ Previous"},
    "button.page_next": {"zh": "下一页 ▶", "en": "Next ▶"},
    "event.proxy_closed": {
        "zh": "活动 #{n} 不在签到时间内，不能代签；会后请用 /latesign 补签。",
        "en": "Event #{n} is not in its sign-in time; after the meeting use /latesign.",
    },
    "event.late_closed": {
        "zh": "活动 #{n} 只能在开始后 {days} 天内补签。",
        "en": "Late sign-in for event #{n} is possible only within {days:day|days} after its "
        "start.",
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
        "zh": "用法：/record N 查看纪实表；/record N 主持人 姓名；/record N 记录人 姓名；"
        "/record N 议程 每行一项；/record N 列席 姓名；/record N 纪要 文字",
        "en": "Usage: /record N shows the record; /record N chair NAME; /record N recorder NAME; "
        "/record N agenda ONE ITEM A LINE; /record N guests NAMES; /record N minutes TEXT",
    },
    "event.record_locked": {
        "zh": "活动 #{n} 的纪实表只能在活动后 {days} 天内修改。",
        "en": "Event #{n}'s record can be edited only within {days:day|days} after it.",
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
        "zh": "纪实表 · 活动 #{n}\n类型：{kind}\n主题：{title}\n时间：{when}\n地点：{place}\n"
        "主持人：{chair}\n记录人：{recorder}\n应到 {expected} 人，实到 {came} 人，请假 {leave} 人，"
        "缺席 {missing} 人\n出席：{present}\n未到：{absent}\n列席：{guests}\n议程：{agenda}\n"
        "会议纪要：{minutes}\n照片：{photos} 张\n可修改至 {until}（已修改 {edits} 次）",
        "en": "Meeting record · event #{n}\nType: {kind}\nTopic: {title}\nTime: {when}\n"
        "Place: {place}\nChair: {chair}\nRecorder: {recorder}\nExpected {expected}, came {came}, "
        "on leave {leave}, absent {missing}\nPresent: {present}\nNot there: {absent}\n"
        "Guests: {guests}\nAgenda: {agenda}\nMinutes: {minutes}\nPhotos: {photos}\n"
        "Editable until {until} ({edits} edits)",
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
    "event.rec_no_answer": {"zh": "{name}（未回复）", "en": "{name} (no answer)"},
    "event.rec_no_show": {"zh": "{name}（未签到）", "en": "{name} (did not sign in)"},
    "event.rec_chair": {"zh": "{name}（主持人）", "en": "{name} (chair)"},
    "event.rec_with_voice": {"zh": "{minutes}（附录音）", "en": "{minutes} (recording attached)"},
    "event.docx_needs_minutes": {
        "zh": "活动 #{n} 还没有文字纪要，纪实表需要文字纪要才能导出。请点「📝 纪要」发送文字。",
        "en": "Event #{n} has no written minutes yet; the record needs them before it can be "
        "exported. Tap 📝 Minutes and send the text.",
    },
    "event.send_chair": {
        "zh": "请发送活动 #{n} 的主持人姓名（花名册上的姓名，或 @用户名）。",
        "en": "Send the name of event #{n}'s chair (the roster's name, or @username).",
    },
    "event.send_agenda": {
        "zh": "请发送活动 #{n} 的会议议程，每行一项。",
        "en": "Send the agenda of event #{n}, one item a line.",
    },
    "event.send_guests": {
        "zh": "请发送活动 #{n} 的列席人员（姓名，用顿号隔开）。",
        "en": "Send who attended event #{n} as guests (列席), names separated by commas.",
    },
    "event.chair_hint": {"zh": "主持人姓名", "en": "Chair's name"},
    "event.agenda_hint": {"zh": "议程，每行一项", "en": "Agenda, one item a line"},
    "event.guests_hint": {"zh": "列席人员姓名", "en": "Guests' names"},
    "event.minutes_hint": {"zh": "会议纪要", "en": "Minutes"},
    "event.field_saved": {
        "zh": "已保存活动 #{n} 的{field}。",
        "en": "Event #{n}: {field} saved.",
    },
    "event.field.chair": {"zh": "主持人", "en": "chair"},
    "event.field.agenda": {"zh": "会议议程", "en": "agenda"},
    "event.field.guests": {"zh": "列席人员", "en": "guests"},
    "button.rec_chair": {"zh": "🎤 主持人", "en": "🎤 Chair"},
    "button.rec_agenda": {"zh": "📋 议程", "en": "📋 Agenda"},
    "button.rec_guests": {"zh": "👥 列席", "en": "👥 Guests"},
    "event.rec_clipped": {
        "zh": "（纪要较长，全文请点「📄 导出」查看）",
        "en": " (the minutes are long: tap 📄 Export for the full text)",
    },
    "event.rec_voice": {"zh": "语音纪要", "en": "voice minutes"},
    "button.rec_minutes": {"zh": "📝 纪要", "en": "📝 Minutes"},
    "button.rec_photos": {"zh": "📷 照片", "en": "📷 Photos"},
    "button.rec_recorder": {"zh": "✍️ 记录人", "en": "✍️ Recorder"},
    "button.rec_export": {"zh": "📄 导出", "en": "📄 Export"},
    "event.send_minutes": {
        "zh": "请发送活动 #{n} 的会议纪要（文字；录音可另外发语音附上）。",
        "en": "Send the minutes of event #{n} as text (a voice recording may be attached too).",
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
        "en": "Added to event #{n}'s record ({count:photo|photos}).",
    },
    "event.exported": {
        "zh": "活动 #{n}“{title}”纪实表",
        "en": 'Meeting record of event #{n}, "{title}"',
    },
}
