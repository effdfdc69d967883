"""The roster as the bot sees it, joining and leave, and naming a member."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- roster and leave
    "join.done": {
        "zh": "已将您加入「{group}」的名单。私聊我发送 /start，即可每天收到推送。",
        "en": 'You are on the roster of "{group}". Send me /start in private chat for the '
        "daily push.",
    },
    "leave.usage": {
        "zh": "用法：/leave 日期，例如 /leave 明天、/leave 3月5日至7日\n"
        "书记为成员登记：/leave @用户名 3月5日",
        "en": "Usage: /leave DATE, e.g. /leave tomorrow or /leave 2026-03-05 2026-03-07\n"
        "Secretaries, for a member: /leave @username 2026-03-05",
    },
    "leave.end_before_start": {
        "zh": "结束日期不能早于开始日期。",
        "en": "The end date cannot be before the start date.",
    },
    "leave.too_long": {
        "zh": "一次请假最长 {days} 天。",
        "en": "One leave can be at most {days:day|days}.",
    },
    "leave.too_old": {
        "zh": "只能补登最近 {days} 天以内的请假。",
        "en": "Leave can be entered at most {days:day|days} late.",
    },
    "leave.unknown_member": {
        "zh": "找不到成员 {who}。请写花名册上的姓名或 @用户名，或发送 /leave 从名单里选。",
        "en": "There is no member {who}. Write their name on the roster or @username, or send "
        "/leave to pick from the list.",
    },
    "leave.not_your_member": {
        "zh": "{who} 不在您管理的工作群中。",
        "en": "{who} is not in a group you run.",
    },
    "leave.done_self": {
        "zh": "已登记请假：{days}。请假期间不会提醒您，也不影响连续学习。",
        "en": "Leave recorded: {days}. No reminders while you are away, and your streak is kept.",
    },
    "leave.done_other": {
        "zh": "已为 {name} 登记请假：{days}。",
        "en": "Leave recorded for {name}: {days}.",
    },
    "leave.list": {"zh": "您登记的请假：{days}", "en": "Your leave: {days}"},
    # --- naming a member by @username or numeric id (every command that does)
    "member.bad_digits": {
        "zh": "{who} 不是有效的数字 ID，请只用 0-9 这十个数字。",
        "en": "{who} is not a numeric id: please use only the digits 0-9.",
    },
    "member.ambiguous": {
        "zh": "有不止一位成员用过用户名 {who}，无法确定是哪一位。请改用对方的数字 ID。",
        "en": "More than one member has used the username {who}, so it is not clear who "
        "is meant. Please use their numeric id instead.",
    },
}
