"""[telegram] proxy: every request to Telegram, long polls and sends alike, goes through an HTTP
proxy, for networks where Telegram is only reachable that way."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.harness import running_bot, say, settings_for

# Headers that belong to one hop, not to the request the proxy passes on (RFC 9110 7.6.1).
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te"}
HOP_BY_HOP |= {"trailer", "transfer-encoding", "upgrade", "host", "content-length"}


class ForwardingProxy:
    """A plain HTTP forward proxy, as a deployer's would be: clients send it the absolute URL
    (`POST http://host/bot…/sendMessage`), it makes the request and relays the answer."""

    def __init__(self) -> None:
        self.forwarded: list[str] = []  # the Bot API method of each request it passed on
        self._session: aiohttp.ClientSession | None = None

    async def handle(self, request: web.Request) -> web.Response:
        assert self._session is not None
        url = request.url  # absolute: the request line named the target
        self.forwarded.append(url.path.rsplit("/", 1)[-1])
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        async with self._session.request(
            request.method, url, headers=headers, data=await request.read()
        ) as answer:
            body = await answer.read()
            return web.Response(status=answer.status, body=body, content_type=answer.content_type)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        self._session = aiohttp.ClientSession()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            await self._session.close()
            await runner.cleanup()


async def test_every_request_goes_through_the_http_proxy(
    double: TelegramDouble, db_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    double.add_user(7, "王小明")
    proxy = ForwardingProxy()
    async with proxy.running() as proxy_url:
        settings = settings_for(double, db_url, tmp_path / "audio", telegram={"proxy": proxy_url})
        async with running_bot(double, settings, clock):
            assert await say(double, 7, 7, "/help") == t("help.private", "zh")
            forwarded = set(proxy.forwarded)
        # getMe at start, the long poll that brought /help, and the answer: all by the proxy.
        assert {"getMe", "getUpdates", "sendMessage"} <= forwarded
        # Every call the double saw, each one of them, came through the proxy.
        seen = Counter(call.method for call in double.calls)
        assert seen and seen <= Counter(proxy.forwarded), (seen, Counter(proxy.forwarded))
