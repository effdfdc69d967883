"""Logging, configured once; the bot token never reaches a log line, tracebacks included."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TextIO

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

REDACTED = "<token>"


class RedactingFormatter(logging.Formatter):
    """Removes the token from the finished line: message, arguments, traceback and stack."""

    def __init__(self, fmt: str, token: str, also: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self._token = token
        # Other secrets (the webhook secret) are hidden the same way.
        self._secrets = [x for x in (token, *also) if x]

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))

    def formatException(self, ei: ExcInfo) -> str:
        # Also what the record caches as exc_text, in case another handler prints that.
        return self._redact(super().formatException(ei))


def configure_logging(
    level: str, token: str, stream: TextIO | None = None, *, also: tuple[str, ...] = ()
) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", token, also)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
