"""The command menus Telegram shows beside the message box, private and in groups."""

from __future__ import annotations

PRIVATE_COMMANDS = [
    ("start", "开通每日推送"),
    ("me", "我的积分和连续学习"),
    ("leave", "请假"),
    ("lessons", "待播课程（书记）"),
    ("sendnow", "立即播出 #N（书记）"),
    ("schedule", "改期 #N（书记）"),
    ("title", "修改标题（书记）"),
    ("cancel", "取消课程（书记）"),
    ("move", "把课程移到另一个群（书记）"),
    ("stop", "停止私聊推送"),
    # secretary's view
    ("report", "学习报告（书记）"),
    ("export", "导出学习台账（书记）"),
    ("roster", "花名册（书记）"),
    # --- branch life
    ("birthday", "政治生日"),
    ("quiz", "随堂测 #N（书记）"),
    ("event", "发布活动（书记）"),
    ("signin", "签到二维码 #N（书记）"),
    ("signfor", "代签（书记）"),
    ("latesign", "补签（书记）"),
    ("record", "纪实表 #N（书记）"),
    ("help", "帮助"),
]
GROUP_COMMANDS = [
    ("join", "加入本群名单"),
    ("me", "我的积分（私信）"),
    ("rank", "积分排行榜"),
    ("bind", "绑定本群（管理员）"),
    ("unbind", "解除绑定（管理员）"),
    ("settime", "设置播出时间"),
    ("settings", "查看设置"),
    ("skip", "某天停播"),
    ("unskip", "恢复播出"),
    # secretary's view
    ("report", "本群学习统计"),
    ("event", "发布活动（管理员）"),  # branch life
    ("extra", "调休上班日播出"),
    ("help", "帮助"),
]
