"""The audio pipeline's queue and its refusals of hostile files."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- audio pipeline: the job queue and hostile files
    "intake.queued": {
        "zh": "排队中，前面还有 {ahead} 个录音，处理好后会马上发给您。",
        "en": "Queued: {ahead:recording|recordings} ahead of yours. It will be sent to you "
        "when ready.",
    },
    "intake.playlist": {
        "zh": "这是一个播放列表，不是录音本身。请直接发送录音文件。",
        "en": "This is a playlist, not a recording. Please send the recording itself.",
    },
    "intake.timeout": {
        "zh": "这段录音处理超时，请换一种格式（如 m4a、mp3）重新发送。",
        "en": "Processing this recording took too long. Please send it again in another "
        "format (m4a, mp3…).",
    },
    "intake.preview": {
        "zh": "课程 #{n}“{title}”（第{n}期）\n群：{group}\n时长：{duration}\n推送时间：{slot}"
        # --- branch life: the quiz can be attached right away
        "\n发送 /quiz {n} 可添加随堂测。",
        "en": 'Lesson #{n} "{title}"\nGroup: {group}\nLength: {duration}\nGoes out: {slot}'
        # --- branch life
        "\nSend /quiz {n} to add a quiz.",
    },
    "intake.waiting_title": {
        "zh": "请发送 #{n} 的新标题。",
        "en": "Please send the new title for #{n}.",
    },
    "intake.title_hint": {"zh": "新标题", "en": "New title"},
}
