"""Secrets never reach a log line or a printed sentence: the token, the webhook secret, the
proxy's user and password, and the database password."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.logging_setup import configure_logging, hide_userinfo, redact, secrets_of
from bot.core.config import load_settings

TOKEN = "123456789:AAsecretTokenOfThisBot0123456789ab"
WEBHOOK = "webhook-secret-of-this-bot-42"
PROXY = "socks5://proxyuser:Pr0xyPass%40word@10.0.0.9:1080"
DATABASE = "postgresql+asyncpg://microlesson:DbPassw0rd!@db.internal:5432/microlesson"
SECRETS = ("AAsecretTokenOfThisBot", WEBHOOK, "proxyuser", "Pr0xyPass", "DbPassw0rd")


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield io.StringIO()
    root.handlers[:], level = saved
    root.setLevel(level)


def test_logs_and_prints_hide_every_secret_the_settings_hold(
    tmp_path: Path, log: io.StringIO
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\nproxy = "{PROXY}"\nmode = "webhook"\n'
        f'webhook_url = "https://bot.example.org/tg"\nwebhook_secret = "{WEBHOOK}"\n'
        f'[storage]\nurl = "{DATABASE}"\n',
        encoding="utf-8",
    )
    settings = load_settings(config, environ={})
    configure_logging("INFO", settings.token, stream=log, also=secrets_of(settings))
    logger = logging.getLogger("test.redaction")

    logger.warning("connecting through %s to %s", PROXY, DATABASE)
    logger.warning("proxy said: bad password Pr0xyPass@word for proxyuser")
    logger.warning("webhook %s, token %s", WEBHOOK, TOKEN)
    try:
        raise ConnectionError(f"password DbPassw0rd! refused at {DATABASE}")
    except ConnectionError:
        logger.exception("database gone")
    printed = redact(f"{PROXY} {DATABASE} {TOKEN} {WEBHOOK}", secrets_of(settings))

    for text in (log.getvalue(), printed):
        assert "Traceback" in log.getvalue()
        for secret in SECRETS:
            assert secret not in text, text
    assert "10.0.0.9:1080" in printed and "db.internal:5432/microlesson" in printed


def test_any_urls_user_and_password_are_hidden_even_without_settings() -> None:
    assert redact("copy from postgresql://a:b@h/db to x") == "copy from postgresql://***@h/db to x"
    assert redact("http://user@proxy:3128") == "http://***@proxy:3128"
    # Already hidden the way SQLAlchemy shows it: left as it is.
    assert redact("postgresql://microlesson:***@h/db") == "postgresql://microlesson:***@h/db"
    assert hide_userinfo("http://u:p@proxy:3128") == "http://***@proxy:3128"
    assert (
        redact("a line with no secret, a@b.c and 1:2@3") == "a line with no secret, a@b.c and 1:2@3"
    )
