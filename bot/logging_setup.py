"""Logging, configured once; the bot token never reaches a log line, tracebacks included."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TextIO

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

REDACTED = "<token>"


class RedactingFormatter(logging.Formatter):
    """Removes the token from the finished line: message, arguments, traceback and stack."""

    def __init__(self, fmt: str, token: str) -> None:
        super().__init__(fmt)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace(self._token, REDACTED) if self._token else text

    def formatException(self, ei: ExcInfo) -> str:
        # Also what the record caches as exc_text, in case another handler prints that.
        text = super().formatException(ei)
        return text.replace(self._token, REDACTED) if self._token else text


def configure_logging(level: str, token: str, stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", token)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
