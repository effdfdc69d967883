"""Domain errors: each carries the text key of a polite, user-safe message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user should read; rendered by the handler in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
