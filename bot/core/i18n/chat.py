"""The questions the bot asks in private chat: calling one off."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    "prompt.cancelled": {
        "zh": "已取消。接下来发送的内容不会再当作刚才问题的回答。",
        "en": "Cancelled. What you send next is not taken as the answer.",
    },
    "prompt.expired": {
        "zh": "刚才的问题已超过 {minutes} 分钟，已自动取消，这条消息没有当作回答。"
        "需要的话请重新开始。",
        "en": "The earlier question lapsed after {minutes} minutes; this message was not taken "
        "as its answer. Start again if needed.",
    },
    "prompt.nothing_to_cancel": {
        "zh": "当前没有等待您回答的问题。",
        "en": "There is no question waiting for your answer.",
    },
    "button.cancel_prompt": {"zh": "❌ 取消", "en": "❌ Cancel"},
    # The last line of a question that wants typing (its message is a ForceReply, no ❌).
    "prompt.leave_hint": {"zh": "发送「取消」可退出。", "en": "Send “cancel” to stop."},
}
