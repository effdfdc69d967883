"""Political birthdays (政治生日)."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- branch life: political birthdays
    "birthday.raw": {"zh": "{text}", "en": "{text}"},
    "birthday.usage": {
        "zh": "用法：/birthday 2005年7月1日 登记入党日期；/birthday 查看；/birthday clear 删除。"
        "书记可为本支部成员登记：/birthday 姓名 2005年7月1日，或发送 /birthday 点「为成员登记」。",
        "en": "Usage: /birthday 2005-07-01 records the day you joined the Party; /birthday "
        "shows it; /birthday clear deletes it. A secretary can record it for a member: "
        "/birthday name 2005-07-01, or send /birthday and press 「For a member」.",
    },
    "birthday.bad_date": {
        "zh": "日期没看懂，请写明年份，例如 /birthday 2005年7月1日 或 /birthday 2005-07-01。",
        "en": "I could not read the date; write it with its year, e.g. /birthday 2005-07-01.",
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
    "birthday.member_gone": {
        "zh": "这位成员已不在名单中（可能已退群）。请重新发送 /birthday 选择。",
        "en": "That member is no longer on the list (they may have left the group)."
        " Send /birthday to pick again.",
    },
    "birthday.saved": {
        "zh": "已登记您的政治生日：{day}（入党 {years} 年）。周年当天我会私信祝贺您，"
        "书记会提前一天收到提醒。这个日期只有您和书记能看到，发送 /birthday clear 可删除。",
        "en": "Your political birthday is recorded: {day} ({years:year|years}). I will greet you "
        "privately on the day, and your secretaries hear of it the day before. Only you and "
        "they can see it; /birthday clear deletes it.",
    },
    "birthday.members_own": {
        "zh": "{name} 自己登记了政治生日，只有本人能查看和修改。",
        "en": "{name} recorded their own political birthday: only they can see or change it.",
    },
    "birthday.for_member": {"zh": "👥 为成员登记", "en": "👥 For a member"},
    "birthday.pick_member": {
        "zh": "为哪位同志登记政治生日？",
        "en": "Whose political birthday?",
    },
    "birthday.which_member": {
        "zh": "有不止一位叫「{name}」的同志，请选择哪一位：",
        "en": "More than one member is called 「{name}」: which one?",
    },
    "birthday.ask_date_for": {
        "zh": "请回复 {name} 的入党日期，例如 1998年7月1日。",
        "en": "Reply with the day {name} joined the Party, e.g. 1998年7月1日.",
    },
    "birthday.saved_for": {
        "zh": "已为 {name} 登记政治生日：{day}（入党 {years} 年）。",
        "en": "Political birthday recorded for {name}: {day} ({years:year|years}).",
    },
    "birthday.show": {
        "zh": "{name} 的政治生日：{day}（入党 {years} 年）。",
        "en": "{name}'s political birthday: {day} ({years:year|years}).",
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
        "en": "🎉 {name}, today is your political birthday: {years:year|years} since you joined "
        "the Party. Thank you for staying true all this way. Happy political birthday!",
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
        "en": "Heads-up: tomorrow ({day}) is {name}'s political birthday, {years:year|years} "
        "({group}). Nothing is posted in the group unless you press the button below.",
    },
    "button.birthday_post": {"zh": "在群里送上祝福", "en": "Greet them in the group"},
    "birthday.group_post": {
        "zh": "🎉 {name}同志迎来入党 {years} 周年政治生日，支部全体同志祝您政治生日快乐！",
        "en": "🎉 {name} marks {years:year|years} in the Party. Happy political birthday!",
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
}
