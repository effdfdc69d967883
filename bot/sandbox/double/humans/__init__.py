"""The human side: users and groups doing things that Telegram turns into updates."""

from .membership import Membership
from .scene import Scene
from .talking import Talking


class Humans(Scene, Talking, Membership):
    """Mixin for TelegramDouble; every helper is synchronous and enqueues updates."""


__all__ = ["Humans"]
