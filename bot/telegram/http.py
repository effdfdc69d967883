"""PTB's requests to Telegram over aiohttp's client instead of httpx.

Measured against the Telegram double (benchmarks/bench_scale.py): a sendVoice through
httpx costs the bot about 1.3 ms of CPU, through aiohttp about 0.3 ms, and a paid broadcast at
1000 messages a second has one millisecond per message for everything. aiohttp is already the
bot's web server. It reaches Telegram directly or through an HTTP proxy; a SOCKS5 proxy keeps
PTB's own httpx request (see `for_settings`).
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# A send that timed out waiting for a free connection or while connecting never went out.
NOT_SENT_TIMEOUTS: tuple[type[BaseException], ...] = (aiohttp.ConnectionTimeoutError,)


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        proxy: str | None = None,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._proxy = proxy
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Environment proxies are not read: [telegram] proxy is the one setting for it.
                trust_env=False,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp's `connect` covers waiting for a pooled connection and opening one; no total
        # limit, so a timeout is always either "never sent" (connect) or "may have arrived".
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        data: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            files = request_data.multipart_data
            if files:
                # Unquoted: file names as UTF-8, as httpx and browsers send them. Quoted,
                # "学习台账.csv" reached Telegram, and the secretary, as "%E5%AD%A6….csv".
                form = aiohttp.FormData(quote_fields=False)
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, (filename, content, mime) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mime)
                data = form
            else:
                data = request_data.json_parameters
        try:
            async with self._session.request(
                method, url, data=data, timeout=timeout, proxy=self._proxy
            ) as response:
                return response.status, await response.read()
        except NOT_SENT_TIMEOUTS as err:
            raise TimedOut("Timed out before the request was sent") from err
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


# Where a Bot API server (Telegram's, a local one, the double) takes methods and serves files:
# "bot" + token + "/" + method, and "file/bot" + token + "/" + path, under the base URL.
API_PATH = "bot"
FILE_PATH = "file/bot"


def api_urls(api_base: str) -> tuple[str, str]:
    """PTB's base_url and base_file_url for the server at api_base."""
    base = api_base.rstrip("/")
    return f"{base}/{API_PATH}", f"{base}/{FILE_PATH}"


def for_settings(proxy: str, request_timeout: float) -> BaseRequest:
    """The request object for the bot's calls: aiohttp, unless a SOCKS5 proxy needs httpx."""
    if proxy.startswith("socks"):
        return HTTPXRequest(connection_pool_size=256, proxy=proxy, read_timeout=request_timeout)
    return AiohttpRequest(proxy=proxy or None, read_timeout=request_timeout)
