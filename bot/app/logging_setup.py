"""Logging, configured once; no secret reaches a log line, tracebacks included, nor a print.

The secrets: the bot token, the webhook secret, the proxy's user and password, and the
database password. Any URL's user and password (`scheme://user:password@host`) are hidden
too, whatever URL it is, so an error that quotes a URL gives nothing away.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO
from urllib.parse import unquote, urlsplit

from bot.core.config import Settings

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

REDACTED = "<secret>"
HIDDEN = "***"
# A password shorter than this is hidden only where it stands in a URL: replacing "pw" in
# every line would mangle the log without hiding anything a reader could not guess.
MIN_BARE_SECRET = 4
# The user and password of a URL; a password already hidden ("user:***@") is left as it is.
_USERINFO = re.compile(r"(?<=://)[^/\s@:]+:(?!\*\*\*@)[^/\s@]*@|(?<=://)[^/\s@:]+@(?=[^/\s@]+)")


def hide_userinfo(url: str) -> str:
    """A URL shown without its user and password: "http://***@proxy.example:3128"."""
    return re.sub(r"(?<=://)[^/\s@]+@", f"{HIDDEN}@", url)


def _url_secrets(url: str, *, user_too: bool) -> list[str]:
    """The password (and the user) a URL carries, as written and percent-decoded."""
    try:
        parts = urlsplit(url)
        found = [parts.password or "", parts.username or "" if user_too else ""]
    except ValueError:
        return []
    with_decoded = [*found, *(unquote(x) for x in found)]
    return [x for x in with_decoded if x]


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """Every secret the settings hold, for `configure_logging(also=...)` and `redact`."""
    found = [settings.token, settings.telegram.webhook_secret.get_secret_value()]
    found += _url_secrets(settings.telegram.proxy, user_too=True)
    found += _url_secrets(settings.storage.url, user_too=False)
    return tuple(dict.fromkeys(x for x in found if x))


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The text without the given secrets, nor any URL's user and password."""
    text = _USERINFO.sub(f"{HIDDEN}@", text)
    # Longest first: a secret that contains another is replaced whole.
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= MIN_BARE_SECRET:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """Removes the secrets from the finished line: message, arguments, traceback and stack."""

    def __init__(self, fmt: str, token: str, also: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self._token = token
        # Other secrets (the webhook secret, the proxy's and the database's) go the same way.
        self._secrets = [x for x in (token, *also) if x]

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets)

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
