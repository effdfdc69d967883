"""The questions the bot asks in private chat: calling one off."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    "prompt.cancelled": {
        "zh": "已取消。接下来发送的内容不会再当作刚才问题的回答。",
        "en": "Cancelled. What you send next is not taken as the answer.",
    },
    "prompt.nothing_to_cancel": {
        "zh": "当前没有等待您回答的问题。",
        "en": "There is no question waiting for your answer.",
    },
    "button.cancel_prompt": {"zh": "❌ 取消", "en": "❌ Cancel"},
}
