"""Sign-in codes: an HMAC over (event, time window), so no row per code is stored.

The code changes every `rotate_seconds`; the current and the previous window are accepted, so a
photo of the screen sent to someone outside the room stops working within two windows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime

CODE_CHARS = 12
# "s<event>_<code>": a deep-link start parameter (at most 64 of [A-Za-z0-9_-]).
PAYLOAD = re.compile(r"^s(\d{1,9})_([A-Za-z0-9_-]{12})$")


class SigninCodes:
    def __init__(self, secret: bytes, rotate_seconds: int) -> None:
        # Derived from a secret the deployment already keeps (the bot token), never stored.
        self._key = hashlib.sha256(b"microlesson-signin:" + secret).digest()
        self.rotate_seconds = rotate_seconds

    def window(self, at: datetime) -> int:
        return int(at.timestamp()) // self.rotate_seconds

    def code(self, event_id: int, window: int) -> str:
        mac = hmac.new(self._key, f"{event_id}:{window}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode()[:CODE_CHARS]

    def payload(self, event_id: int, at: datetime) -> str:
        return f"s{event_id}_{self.code(event_id, self.window(at))}"

    def valid(self, event_id: int, code: str, at: datetime) -> bool:
        now = self.window(at)
        return any(hmac.compare_digest(self.code(event_id, w), code) for w in (now, now - 1))


def parse_payload(text: str) -> tuple[int, str] | None:
    match = PAYLOAD.match(text)
    return None if match is None else (int(match.group(1)), match.group(2))
