"""A Telegram Bot API test double that a real python-telegram-bot Application can talk to."""

from .double import DEFAULT_TOKEN, TelegramDouble
from .errors import ApiError
from .state import Call, Chat, SentMessage, StoredFile, UploadedFile, User

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "Chat",
    "SentMessage",
    "StoredFile",
    "TelegramDouble",
    "UploadedFile",
    "User",
]
