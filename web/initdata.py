"""Telegram Mini App initData: checked as Telegram documents (HMAC-SHA256 keyed by the token)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

# How far ahead of our clock an auth_date may be (clocks of Telegram and the server drift).
CLOCK_SKEW = timedelta(seconds=60)


class InitDataError(Exception):
    """The initData is missing, forged, stale or malformed; the message says which."""


@dataclass(frozen=True)
class WebAppUser:
    id: int
    first_name: str
    last_name: str
    username: str
    language_code: str


@dataclass(frozen=True)
class InitData:
    user: WebAppUser
    auth_date: datetime
    start_param: str
    query_id: str


def _secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def _data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def sign(fields: dict[str, str], token: str) -> str:
    """initData as a Telegram client passes it, signed with the bot's token (tests, demo)."""
    digest = hmac.new(
        _secret_key(token), _data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    return urlencode({**fields, "hash": digest})


def validate(raw: str, token: str, *, now: datetime, max_age: timedelta) -> InitData:
    """The member and start parameter of a genuine, fresh initData; InitDataError otherwise."""
    if not raw:
        raise InitDataError("missing")
    pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=False)
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field is repeated")
    given = fields.get("hash", "")
    expected = hmac.new(
        _secret_key(token), _data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise InitDataError("signature does not match")
    try:
        auth_date = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
        user_data = json.loads(fields["user"])
        user = WebAppUser(
            id=int(user_data["id"]),
            first_name=str(user_data.get("first_name", "")),
            last_name=str(user_data.get("last_name", "")),
            username=str(user_data.get("username", "")),
            language_code=str(user_data.get("language_code", "")),
        )
    except (KeyError, ValueError, TypeError, OverflowError) as exc:
        raise InitDataError(f"malformed: {exc}") from None
    if auth_date > now + CLOCK_SKEW:
        raise InitDataError("auth_date is in the future")
    if now - auth_date > max_age:
        raise InitDataError("stale")
    return InitData(
        user=user,
        auth_date=auth_date,
        start_param=fields.get("start_param", ""),
        query_id=fields.get("query_id", ""),
    )


def signed_for(
    token: str,
    user_id: int,
    *,
    auth_date: datetime,
    first_name: str = "",
    language_code: str = "zh-hans",
    start_param: str = "",
) -> str:
    """A signed initData for one member (tests and the demo's browser)."""
    user = {"id": user_id, "first_name": first_name or str(user_id)}
    if language_code:
        user["language_code"] = language_code
    fields = {
        "auth_date": str(int(auth_date.timestamp())),
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "query_id": f"AAH{user_id}",
    }
    if start_param:
        fields["start_param"] = start_param
    return sign(fields, token)
