"""The command menus Telegram shows beside the message box, one per role (Bot API scopes).

Each entry is (command, Chinese description, English description): Chinese is every menu's
default, English the one Telegram shows to a client set to English (language_code "en").
"""

from __future__ import annotations

Entry = tuple[str, str, str]

# Every member in private chat: the few things a member does, nothing to remember.
MEMBER_PRIVATE: list[Entry] = [
    ("start", "开通每日推送", "Turn on the daily push"),
    ("me", "我的积分和连续学习", "My points and streak"),
    ("leave", "请假", "Take leave"),
    ("birthday", "政治生日", "My political birthday"),
    ("help", "帮助", "Help"),
]
# A secretary's own private chat (BotCommandScopeChat), set while he runs a bound group.
SECRETARY_PRIVATE: list[Entry] = [
    ("lessons", "待推送课程", "Queued lessons"),
    ("sendnow", "立即推送 #N", "Send #N now"),
    ("schedule", "改期 #N", "Reschedule #N"),
    ("title", "修改标题", "Rename a lesson"),
    ("cancel", "取消课程", "Cancel a lesson"),
    ("move", "把课程移到另一个群", "Move a lesson to another group"),
    ("report", "学习报告", "The lesson's report"),
    ("export", "导出学习台账", "Export the study ledger"),
    ("roster", "花名册", "The roster"),
    ("quiz", "随堂测 #N", "Quiz for #N"),
    ("event", "发布活动", "Announce an activity day"),
    ("signin", "签到二维码 #N", "Sign-in QR code #N"),
    ("signfor", "代签", "Sign someone in"),
    ("latesign", "补签", "Late sign-in"),
    ("record", "纪实表 #N", "Meeting record #N"),
    ("meetings", "三会一课统计", "Meetings held this year"),
    *MEMBER_PRIVATE,
]
# Every member in a group.
MEMBER_GROUP: list[Entry] = [
    ("join", "加入本群名单", "Join this group's list"),
    ("me", "我的积分（私信）", "My points (sent privately)"),
    ("rank", "积分排行榜", "Leaderboard"),
    ("help", "帮助", "Help"),
]
# A group's admins (BotCommandScopeAllChatAdministrators).
ADMIN_GROUP: list[Entry] = [
    ("bind", "绑定本群", "Bind this group"),
    ("unbind", "解除绑定", "Unbind this group"),
    ("settime", "设置推送时间", "Set the push time"),
    ("settings", "查看设置", "Show settings"),
    ("skip", "某天停推", "No lesson that day"),
    ("unskip", "恢复推送", "Undo a skip"),
    ("extra", "调休上班日推送", "Push on an adjusted working day"),
    ("report", "本群学习统计", "This group's figures"),
    ("event", "发布活动", "Announce an activity day"),
    *MEMBER_GROUP,
]

# Every command a menu names (the promised-commands check reads these two).
PRIVATE_COMMANDS = [(c, zh) for c, zh, _ in SECRETARY_PRIVATE]
GROUP_COMMANDS = [(c, zh) for c, zh, _ in ADMIN_GROUP]

# What the bot says of itself before anyone writes (setMyDescription / setMyShortDescription).
DESCRIPTION = {
    "zh": "微党课助手：每天把支部的微党课推送到您的私聊，收听后点「✅ 已收听」，"
    "还可以写学习心得、请假、查看积分。点下方「开始」即可开通推送。",
    "en": "The micro-lesson assistant: the branch's daily lesson in your private chat. "
    'Press "✅ Listened" after listening, write a study note, take leave, see your points. '
    'Press "Start" below to turn the push on.',
}
SHORT_DESCRIPTION = {
    "zh": "支部每日微党课：私聊推送、收听打卡、学习心得。",
    "en": "The branch's daily micro-lesson: private push, listening, study notes.",
}
