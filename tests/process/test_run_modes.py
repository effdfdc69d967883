"""`microlesson run` as a deployer starts it: webhook mode, a proxy, and start-up failures that
end in one sentence naming the cause and the setting, with a non-zero exit."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from benchmarks.support import ROOT, BotProcess, write_config
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import TOKEN, text_of

SECRET = "s3cret-of-this-webhook-42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _config(tmp_path: Path, double: TelegramDouble, extra: str = "") -> Path:
    config = write_config(tmp_path, double, f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
    text = config.read_text(encoding="utf-8").replace("[storage]", extra + "\n[storage]", 1)
    config.write_text(text, encoding="utf-8")
    return config


async def _run_to_exit(config: Path, timeout: float = 60) -> tuple[int, str]:  # noqa: ASYNC109
    """Run the bot until it exits on its own; returns its exit code and stderr."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.app.cli",
        "run",
        "--config",
        str(config),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode is not None
    return proc.returncode, err.decode()


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    # Log lines go to stderr too (INFO); the failure is the last line, and no traceback.
    assert "Traceback" not in stderr, stderr
    return lines[-1]


async def test_webhook_mode_answers_help_and_refuses_a_wrong_secret(
    double: TelegramDouble, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    config = _config(
        tmp_path,
        double,
        f'mode = "webhook"\nwebhook_url = "{url}"\nwebhook_secret = "{SECRET}"\n'
        f'[web]\nlisten = "127.0.0.1:{port}"',
    )
    # DEBUG: PTB then logs every request's parameters, setWebhook's secret_token included.
    config.write_text(config.read_text("utf-8").replace('"INFO"', '"DEBUG"'), encoding="utf-8")
    double.add_user(7, "王", language_code="zh-hans")
    bot = BotProcess(config, tmp_path / "bot.log")
    bot.start()
    try:
        await double.wait_until(lambda: bool(double.webhook.url), timeout=30)
        assert double.webhook.url == url and double.webhook.secret == SECRET
        assert not double.calls_to("getUpdates")  # no polling in webhook mode
        cur = double.cursor()
        double.user_sends(7, 7, "/help")
        answer = await double.wait_for(lambda m: m.chat_id == 7, after=cur, timeout=10)
        assert text_of(answer) == t("help.private", "zh")
        assert double.webhook.answers[-1] == 200
        forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help"}}
        async with aiohttp.ClientSession() as http:
            for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong-secret"}, {}):
                async with http.post(url, json=forged, headers=headers) as response:
                    assert response.status == 403
        # A getUpdates while the webhook is set is refused, as Telegram does.
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{double.base_url}/bot{TOKEN}/getUpdates") as response,
        ):
            assert response.status == 409
    finally:
        bot.terminate()
    assert bot.proc is not None and bot.proc.returncode == 0
    assert SECRET not in (tmp_path / "bot.log").read_text(encoding="utf-8")


async def test_a_revoked_token_ends_in_one_sentence(double: TelegramDouble, tmp_path: Path) -> None:
    config = _config(tmp_path, double)
    config.write_text(
        config.read_text(encoding="utf-8").replace(TOKEN, "123456789:AAnotTheTokenTelegramKnows00"),
        encoding="utf-8",
    )
    code, err = await _run_to_exit(config)
    assert code == 1
    line = _one_sentence(err)
    assert "401 Unauthorized" in line and "[telegram] token" in line


async def test_no_network_ends_in_one_sentence(tmp_path: Path) -> None:
    closed = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\napi_base_url = "http://127.0.0.1:{closed}"\n'
        f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path / "b.db"}"\n',
        encoding="utf-8",
    )
    code, err = await _run_to_exit(config)
    assert code == 1
    line = _one_sentence(err)
    assert line.startswith(f"microlesson: Could not reach Telegram at http://127.0.0.1:{closed}")
    assert "[telegram] proxy" in line


async def test_a_refusing_proxy_ends_in_one_sentence(
    double: TelegramDouble, tmp_path: Path
) -> None:
    for scheme in ("http", "socks5"):
        proxy = f"{scheme}://127.0.0.1:{free_port()}"
        code, err = await _run_to_exit(_config(tmp_path, double, f'proxy = "{proxy}"'))
        assert code == 1
        line = _one_sentence(err)
        assert line.startswith(f"microlesson: Could not reach Telegram through the proxy {proxy}")
        assert "[telegram] proxy" in line
    assert not double.calls  # nothing got past the proxy


async def test_a_second_poller_ends_in_one_sentence(double: TelegramDouble, tmp_path: Path) -> None:
    stop = asyncio.Event()

    async def other_poller() -> None:
        # Another program polling the same token: each of its long polls ends the bot's (409).
        async with aiohttp.ClientSession() as http:
            while not stop.is_set():
                async with http.post(
                    f"{double.base_url}/bot{TOKEN}/getUpdates", data={"timeout": "1"}
                ) as response:
                    await response.read()

    poller = asyncio.create_task(other_poller())
    try:
        code, err = await _run_to_exit(_config(tmp_path, double))
    finally:
        stop.set()
        await poller
    assert code == 1
    line = _one_sentence(err)
    assert "409 Conflict" in line and "[telegram] mode" in line


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_run_exits_at_once_naming_the_token(tmp_path: Path, token: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[telegram]\ntoken = "{token}"\n', encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "[telegram] token" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


async def test_a_proxy_failure_prints_neither_the_proxy_user_nor_its_password(
    double: TelegramDouble, tmp_path: Path
) -> None:
    port = free_port()
    proxy = f"http://alice-proxy:Pr0xyPassw0rd@127.0.0.1:{port}"
    code, err = await _run_to_exit(_config(tmp_path, double, f'proxy = "{proxy}"'))
    assert code == 1
    line = _one_sentence(err)
    assert line.startswith(
        f"microlesson: Could not reach Telegram through the proxy http://***@127.0.0.1:{port}"
    )
    for secret in ("alice-proxy", "Pr0xyPassw0rd", TOKEN):
        assert secret not in err, err
