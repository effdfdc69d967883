"""Telegram's initData check: genuine and fresh passes; forged, stale or malformed does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from web.initdata import InitDataError, sign, signed_for, validate

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_a_genuine_fresh_init_data_names_the_member_and_the_lesson() -> None:
    raw = signed_for(TOKEN, 20, auth_date=NOW - timedelta(minutes=5), start_param="l7")
    init = validate(raw, TOKEN, now=NOW, max_age=HOUR)
    assert init.user.id == 20
    assert init.start_param == "l7"
    assert init.auth_date == NOW - timedelta(minutes=5)


def test_known_vector_matches_telegrams_algorithm() -> None:
    # Computed independently: secret = HMAC_SHA256(key="WebAppData", msg=token), then
    # HMAC_SHA256(secret, "auth_date=...\\nuser=...") as hex.
    import hashlib
    import hmac

    fields = {"auth_date": "1764576000", "user": '{"id":20,"first_name":"A"}'}
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    check = f"auth_date={fields['auth_date']}\nuser={fields['user']}".encode()
    expected = hmac.new(secret, check, hashlib.sha256).hexdigest()
    assert dict(parse_qsl(sign(fields, TOKEN)))["hash"] == expected


def test_another_bots_token_is_refused() -> None:
    raw = signed_for("987654321:ZZbbCCddEEffGGhhIIjjKKllMMnnOOppQQr", 20, auth_date=NOW)
    with pytest.raises(InitDataError, match="signature"):
        validate(raw, TOKEN, now=NOW, max_age=HOUR)


def test_changing_the_user_breaks_the_signature() -> None:
    fields = dict(parse_qsl(signed_for(TOKEN, 20, auth_date=NOW)))
    fields["user"] = fields["user"].replace('"id":20', '"id":21')
    with pytest.raises(InitDataError, match="signature"):
        validate(urlencode(fields), TOKEN, now=NOW, max_age=HOUR)


def test_stale_and_future_auth_dates_are_refused() -> None:
    old = signed_for(TOKEN, 20, auth_date=NOW - HOUR - timedelta(seconds=1))
    with pytest.raises(InitDataError, match="stale"):
        validate(old, TOKEN, now=NOW, max_age=HOUR)
    ahead = signed_for(TOKEN, 20, auth_date=NOW + timedelta(minutes=10))
    with pytest.raises(InitDataError, match="future"):
        validate(ahead, TOKEN, now=NOW, max_age=HOUR)


def test_missing_hash_repeated_fields_and_no_user_are_refused() -> None:
    with pytest.raises(InitDataError, match="missing"):
        validate("", TOKEN, now=NOW, max_age=HOUR)
    with pytest.raises(InitDataError, match="signature"):
        validate("auth_date=1&user=%7B%7D", TOKEN, now=NOW, max_age=HOUR)
    raw = signed_for(TOKEN, 20, auth_date=NOW)
    with pytest.raises(InitDataError, match="repeated"):
        validate(raw + "&user=%7B%22id%22%3A21%7D", TOKEN, now=NOW, max_age=HOUR)
    no_user = sign({"auth_date": str(int(NOW.timestamp()))}, TOKEN)
    with pytest.raises(InitDataError, match="malformed"):
        validate(no_user, TOKEN, now=NOW, max_age=HOUR)
