"""Dates and times as typed: what the forgiving reader (bot.core.when) refuses."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    "when.bad_date": {
        "zh": "没看懂日期“{text}”。可以写 3月5日、2026-03-05、明天 或 下周一。",
        "en": 'I couldn\'t read the date "{text}". Try 2026-03-05, 3月5日, tomorrow.',
    },
    "when.bad_time": {
        "zh": "没看懂时间“{text}”。可以写 7:30、7点半 或 19点。",
        "en": 'I couldn\'t read the time "{text}". Try 7:30 or 19:00.',
    },
    "when.bad_day_time": {
        "zh": "没看懂“{text}”。请写日期和时间，例如 明天 7:30 或 3月5日 14:30。",
        "en": 'I couldn\'t read "{text}". Write a date and a time, e.g. tomorrow 7:30.',
    },
    "when.end_before_start": {
        "zh": "结束日期“{end}”早于开始日期“{start}”。",
        "en": 'The end "{end}" is before the start "{start}".',
    },
    # --- pickers
    "picker.today": {"zh": "今天", "en": "Today"},
    "picker.tomorrow": {"zh": "明天", "en": "Tomorrow"},
    "picker.choose": {"zh": "📅 选日期", "en": "📅 Pick a date"},
    "leave.pick_start": {
        "zh": "请假从哪天开始？",
        "en": "From which day is the leave?",
    },
    "leave.pick_end": {
        "zh": "从 {day} 开始，到哪天结束？",
        "en": "From {day}; until which day?",
    },
    "leave.only_this_day": {"zh": "就这一天", "en": "Just that day"},
    "leave.for_member": {"zh": "👥 为成员登记请假", "en": "👥 Leave for a member"},
    "leave.which_member": {
        "zh": "有不止一位叫「{name}」的同志，请选择为哪一位登记 {days} 的请假：",
        "en": "More than one member is called 「{name}」: whose leave for {days}?",
    },
    "leave.pick_member": {"zh": "为哪位同志登记请假？", "en": "Leave for whom?"},
    "leave.no_members": {
        "zh": "您不是任何工作群的书记，不能为他人登记请假。",
        "en": "You run no group, so you can't record leave for others.",
    },
}
