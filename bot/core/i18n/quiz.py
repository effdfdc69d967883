"""The quiz after the lesson."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- branch life: quiz after the lesson
    "quiz.usage": {
        "zh": "用法：/quiz N（按步骤添加随堂测），或一条消息写完：\n/quiz N\n1. 题目\nA. 选项\n"
        "B. 正确选项 *\n（每课 1–3 题，正确选项后加 *）",
        "en": "Usage: /quiz N (step by step), or all in one message:\n/quiz N\n1. Question\n"
        "A. Option\nB. Right option *\n(1–3 questions per lesson; mark the right option with *)",
    },
    "quiz.bad_format": {
        "zh": "没看懂这份随堂测。每题以“1. 题目”开头，每个选项一行，如“A. 选项”，正确选项后加 *。",
        "en": 'I could not read this quiz. Start each question with "1. question", one option '
        'per line like "A. option", and mark the right one with *.',
    },
    "quiz.count": {
        "zh": "每节课可以有 1–{max} 道随堂测题目。",
        "en": "A lesson can have 1 to {max} quiz questions.",
    },
    "quiz.no_correct": {
        "zh": "每道题要有且只有一个正确选项（在选项后加 *）。",
        "en": "Each question needs exactly one right option (mark it with *).",
    },
    "quiz.bad_question": {
        "zh": "题目不能为空，最多 {max} 个字。",
        "en": "The question must not be empty and at most {max} characters.",
    },
    "quiz.bad_options": {
        "zh": "每道题需要 {min}–{max} 个选项，每行一个，每个最多 100 个字。",
        "en": "Each question needs {min} to {max} options, one per line, at most 100 characters.",
    },
    "quiz.option_too_long": {
        "zh": "选项不能为空，最多 {max} 个字。",
        "en": "An option must not be empty and at most {max} characters.",
    },
    "quiz.already_out": {
        "zh": "#{n} 已经推送，不能再添加随堂测。",
        "en": "#{n} has already gone out; its quiz can no longer be changed.",
    },
    "quiz.attached": {
        "zh": "已为 #{n} 添加 {count} 道随堂测，课程推送后会发到群里和私聊，晚上提醒时截止。",
        "en": "{count:quiz question|quiz questions} added to #{n}. They follow the lesson in the "
        "group and in private chats, and close at reminder time.",
    },
    "quiz.ask_question": {
        "zh": "请发送第 {i} 题的题目。",
        "en": "Send question {i}.",
    },
    "quiz.ask_options": {
        "zh": "请发送选项，每行一个（{min}–{max} 个）。",
        "en": "Send the options, one per line ({min} to {max}).",
    },
    "quiz.question_hint": {"zh": "题目", "en": "Question"},
    "quiz.options_hint": {"zh": "选项，每行一个", "en": "Options, one per line"},
    "quiz.ask_correct": {
        "zh": "哪个是正确答案？",
        "en": "Which one is right?",
    },
    "quiz.press_button": {
        "zh": "请点上面的按钮继续。",
        "en": "Please press a button above to go on.",
    },
    "quiz.press_later": {
        "zh": "请先完成当前这道题。",
        "en": "Please finish the current question first.",
    },
    "quiz.no_draft": {
        "zh": "没有正在编辑的随堂测。发送 /quiz N 开始。",
        "en": "No quiz is being entered. Send /quiz N to start.",
    },
    "quiz.question_saved": {
        "zh": "第 {i} 题已记下（正确答案 {right}）。",
        "en": "Question {i} noted (right answer {right}).",
    },
    "quiz.cancelled": {
        "zh": "已放弃这份随堂测，什么也没有保存。",
        "en": "The quiz was dropped; nothing was saved.",
    },
    "quiz.right_points": {
        "zh": "随堂测答对了，+{points} 分。",
        "en": "Right answer in the quiz, +{points:point|points}.",
    },
    # The poll's explanation (Telegram shows it after a wrong pick, or on the lamp icon).
    "quiz.explanation": {
        "zh": "正确答案：{right}",
        "en": "Right answer: {right}",
    },
    # Folded into the group's evening line (bot/telegram/reminders.py): figures, never names.
    "quiz.evening_figure": {
        "zh": "随堂测 {people} 人作答，正确率 {percent}%。",
        "en": "Quiz: {people} answered, {percent}% right.",
    },
    "quiz.evening_none": {
        "zh": "随堂测无人作答。",
        "en": "Nobody answered the quiz.",
    },
    "button.quiz_more": {"zh": "➕ 再加一题", "en": "➕ Another question"},
    "button.quiz_done": {"zh": "✅ 完成", "en": "✅ Done"},
    "button.quiz_cancel": {"zh": "放弃", "en": "Drop"},
}
