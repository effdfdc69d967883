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
        "here; press \"✅ Listened\" after listening and reply to it with your study note.\n"
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
        "/start 开通每日推送\n/stop 停止私聊推送\n/me 我的积分\n/help 帮助\n\n"
        "书记专用：\n直接发送语音或音频文件即可上传当天课程（说明文字作为标题）\n"
        "/lessons 查看待播课程\n/sendnow N 立即播出 #N\n"
        "/schedule N YYYY-MM-DD HH:MM 改期\n/title N 新标题 修改标题\n/cancel N 取消 #N",
        "en": "Micro-lesson assistant · private commands\n"
        "/start turn on daily pushes\n/stop turn off private pushes\n/me my points\n"
        "/help this help\n\nFor secretaries:\nsend a voice note or audio file to upload a "
        "lesson (the caption becomes its title)\n/lessons queued lessons\n"
        "/sendnow N broadcast #N now\n/schedule N YYYY-MM-DD HH:MM reschedule\n"
        "/title N new title rename\n/cancel N cancel #N",
    },
    "help.group": {
        "zh": "微党课助手 · 群命令\n/bind 绑定本群（管理员）\n/unbind 解除绑定（管理员）\n"
        "/settime HH:MM 设置播出时间\n/settings 查看设置\n/skip YYYY-MM-DD 某天停播\n"
        "/unskip YYYY-MM-DD 恢复播出\n/help 帮助\n\n私聊我发送 /start，即可每天收到推送。",
        "en": "Micro-lesson assistant · group commands\n/bind bind this group (admins)\n"
        "/unbind unbind (admins)\n/settime HH:MM set the broadcast time\n/settings show "
        "settings\n/skip YYYY-MM-DD no lesson that day\n/unskip YYYY-MM-DD undo a skip\n"
        "/help this help\n\nSend me /start in private chat to get the daily push.",
    },
    # --- binding --------------------------------------------------------------
    "bind.done": {
        "zh": "已绑定本群「{title}」。每日微党课将于 {time}（{tz}）推送到这里。",
        "en": "This group \"{title}\" is bound. The daily lesson will be posted here at "
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
    "group.private_only": {
        "zh": "请私聊我使用这个命令。",
        "en": "Please use this command in a private chat with me.",
    },
    "error.generic": {
        "zh": "抱歉，处理时出了点问题，请稍后再试。",
        "en": "Sorry, something went wrong. Please try again later.",
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
