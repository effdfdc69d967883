"""Domain errors: each carries the text key of a polite, user-safe message."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Lang, t


class DomainError(Exception):
    """A refusal the user should read; rendered by the handler in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, lang: Lang) -> str:
        """The refusal in the user's language: what every adapter shows for it."""
        return t(self.key, lang, **self.params)
