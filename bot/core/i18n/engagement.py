"""Listening, study notes, points, streaks and the leaderboard."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- notes
    "note.saved": {
        "zh": "已收到您对 #{n} 的学习心得{earned}。",
        "en": "Got your study note on #{n}{earned}.",
    },
    "note.saved_again": {
        "zh": "已收到您对 #{n} 的又一篇学习心得，谢谢！",
        "en": "Got another study note from you on #{n}, thank you!",
    },
    "note.updated": {
        "zh": "已更新您对 #{n} 的学习心得。",
        "en": "Your study note on #{n} is updated.",
    },
    "note.too_short": {
        "zh": "学习心得至少需要 {min} 个字，这条没有记为心得。",
        "en": "A study note needs at least {min} characters; this one was not recorded as one.",
    },
    "note.voice_too_short": {
        "zh": "语音心得至少需要 {min} 秒，这条没有记为心得。",
        "en": "A voice note needs at least {min:second|seconds}; this one was not recorded as one.",
    },
    "note.not_member": {
        "zh": "您目前不在这节课所属的工作群中，心得未记录。",
        "en": "You are not in this lesson's group, so the note was not recorded.",
    },
    "note.gone": {
        "zh": "这节课已不存在，心得未记录。",
        "en": "This lesson no longer exists; the note was not recorded.",
    },
    "note.how": {
        "zh": "想写学习心得，直接在这里发送文字（至少 {min} 个字）或语音即可。",
        "en": "To write a study note, just send text (at least {min} characters) or a voice "
        "note here.",
    },
    # --- /me and /rank
    "me.standing": {
        "zh": "📊 我的学习 · {group}\n积分：共 {total} 分（本周 {week} 分）\n"
        "连续学习：{streak} 天\n本周：已收听 {listened}/{lessons} 节，心得 {notes} 篇",
        "en": "📊 My study · {group}\nPoints: {total} in all ({week} this week)\n"
        "Streak: {streak:day|days}\nThis week: listened {listened}/{lessons}, notes {notes}",
    },
    "me.rank": {
        "zh": "排名：第 {rank} 名（共 {of} 人）",
        "en": "Rank: {rank} of {of}",
    },
    "me.leave": {"zh": "请假：{days}", "en": "Leave: {days}"},
    "me.none": {
        "zh": "您还不在任何已绑定的工作群中。请在工作群里发送 /join。",
        "en": "You are not in any bound work group yet. Send /join in your group.",
    },
    "me.footnote": {
        "zh": "积分只记录您自己的学习，不作考核依据。",
        "en": "Points are a record of your own study, never an appraisal.",
    },
    "me.start_first": {
        "zh": "请先私聊我发送 /start，我才能把积分私信发给您。",
        "en": "Please send me /start in private chat first, so I can send you your points.",
    },
    "button.open_bot": {"zh": "私聊机器人", "en": "Open the bot"},
    "rank.off": {
        "zh": "本群未开启积分排行榜。管理员可在 /settings 中开启。",
        "en": "This group has no leaderboard. Its admins can turn it on in /settings.",
    },
    "rank.header": {"zh": "🏆 积分排行 · {group}", "en": "🏆 Leaderboard · {group}"},
    "rank.week": {"zh": "本周", "en": "This week"},
    "rank.month": {"zh": "本月", "en": "This month"},
    "rank.all": {"zh": "累计", "en": "All time"},
    "rank.line": {"zh": "{i}. {name}　{points} 分", "en": "{i}. {name} {points}"},
    "rank.empty": {"zh": "暂无", "en": "nobody yet"},
    "rank.footnote": {
        "zh": "排行榜由本群自愿开启，积分不作考核依据。",
        "en": "This group chose to show a leaderboard; points are never an appraisal.",
    },
}
