"""Bot API methods the double implements with real behaviour (others answer `true`)."""

from .api import BotApi
from .base import Handler

__all__ = ["BotApi", "Handler"]
