"""Study notes that find their lesson: the 「✍️ 写心得」 button, the question asked about a
message sent without a reply, an admin's voice note, and opening a lesson's link."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    "button.write_note": {"zh": "✍️ 写心得", "en": "✍️ Write a note"},
    "note.hint": {"zh": "写下您的学习心得", "en": "Your study note"},
    "note.prompt": {
        "zh": "请写下您对 #{n}“{title}”的学习心得：发送文字（至少 {min} 个字）或语音。",
        "en": 'Your study note on #{n} "{title}": send text (at least {min} characters) '
        "or a voice note.",
    },
    "note.prompt_gone": {
        "zh": "这节课还没有推送或已不存在，无法写心得。",
        "en": "That lesson has not gone out or no longer exists; no note can be written on it.",
    },
    "note.offer": {
        "zh": "作为对 #{n} 的学习心得提交？",
        "en": "Submit this as your study note on #{n}?",
    },
    "note.offer_admin": {
        "zh": "这条语音是对 #{n} 的学习心得，还是新课程？",
        "en": "Is this voice note a study note on #{n}, or a new lesson?",
    },
    "button.note_submit": {"zh": "提交", "en": "Submit"},
    "button.note_not": {"zh": "不是", "en": "No"},
    "button.note_as_note": {"zh": "作为学习心得", "en": "As a study note"},
    "button.note_as_lesson": {"zh": "作为新课程上传", "en": "Upload as a new lesson"},
    "note.offer_declined": {
        "zh": "好的，没有保存。写心得可点课程下方的「✍️ 写心得」；发送 /help 查看其他功能。",
        "en": 'All right, nothing was saved. To write a note, press "✍️ Write a note" under '
        "the lesson; send /help for everything else.",
    },
    "note.offer_expired": {
        "zh": "这个问题已过期，请重新发送。",
        "en": "This question has expired; please send it again.",
    },
    "note.voice_silent": {
        "zh": "这条语音几乎听不到说话声（有效语音不足 {min} 秒），没有记为心得。"
        "请靠近话筒再录一次。",
        "en": "This voice note holds almost no speech (less than {min:second|seconds}); it was not "
        "recorded as a note. Please record again closer to the microphone.",
    },
    "report.opened": {
        "zh": "已打开未确认 {opened} 人（点开了课程链接，但还没有点「✅ 已收听」，不计为已收听）",
        "en": "Opened, not confirmed: {opened} (opened the lesson's link but have not pressed "
        '"✅ Listened"; not counted as listened)',
    },
    "web.dash.status.opened": {"zh": "已打开未确认", "en": "Opened, not confirmed"},
    "report.label.opened": {"zh": "已打开未确认", "en": "Opened, not confirmed"},
    "start.lesson_opened": {
        "zh": "课程 #{n} 已打开。听完请点「✅ 已收听」，才会记为已收听。",
        "en": 'Lesson #{n} is open. Press "✅ Listened" when you have listened; only then '
        "is it recorded.",
    },
}
