"""TelegramDouble: a local Bot API server with a scriptable world, for PTB over real HTTP."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from .chaos import Chaos
from .control import Control
from .flood import FloodControl
from .humans import Humans
from .methods.commands import menu_seen
from .polls import PollHumans
from .server import Hold, Server
from .spec import ApiSpec
from .state import JSON, Call, SentMessage, World
from .webhook import Webhook

# How long a wait for the bot gives up after: a guard against a bot that never answers, not a
# pace; a busy machine (CI on two cores, three test workers) can take seconds for one answer.
DEADLINE_SECONDS = 20.0
DEFAULT_TOKEN = "123456789:TEST-double-token"  # noqa: S105 - the fake Telegram's own token


class TelegramDouble(Humans, PollHumans):
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "microlesson_test_bot",
        privacy_mode: bool = True,
        flood_control: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        spec: ApiSpec | None = None,
    ) -> None:
        self.world = World(token, bot_username, privacy_mode)
        self.flood = FloodControl(enabled=flood_control)
        self.server = Server(self.world, spec or ApiSpec.load(), self.flood)
        self.host = host
        self.port = port
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.server.routes(self.app)
        self.webhook = Webhook(self.world)  # setWebhook: updates are POSTed instead of polled
        self.webhook.install(self.server.api)
        Control(self).routes(self.app)
        self._runner: web.AppRunner | None = None

    # -- lifecycle
    async def start(self) -> None:
        self.world.closing = False
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            server = site._server  # the bound socket is the only place the free port shows
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            self.world.closing = True  # long polls answer now instead of delaying shutdown
            self.world.notify()
            await self.webhook.stop()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramDouble:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Root URL, as [telegram] api_base_url (bot.telegram.http.api_urls gives PTB's two)."""
        return f"http://{self.host}:{self.port}"

    @property
    def token(self) -> str:
        return self.world.token

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    # -- observation
    @property
    def calls(self) -> list[Call]:
        return self.world.calls

    @property
    def sent(self) -> list[SentMessage]:
        return self.world.sent

    @property
    def edits(self) -> list[SentMessage]:
        return self.world.edits

    @property
    def violations(self) -> list[str]:
        return self.world.violations

    @property
    def uploads(self) -> int:
        return self.world.uploads

    @property
    def counters(self) -> Counter[str]:
        """'delivered', 'edited', 'rate_limited' (429 answers) so far."""
        return self.world.counters

    @property
    def callback_answers(self) -> dict[str, JSON]:
        return self.world.callback_answers

    @property
    def reactions(self) -> list[JSON]:
        return self.world.reactions

    @property
    def pending_updates(self) -> list[JSON]:
        return list(self.world.updates)

    @property
    def in_flight(self) -> int:
        return self.server.in_flight

    def menu_seen(self, chat_id: int, user_id: int, language_code: str = "") -> list[str]:
        """The commands a person's client lists in that chat (the scopes the bot set)."""
        return [str(c["command"]) for c in menu_seen(self.world, chat_id, user_id, language_code)]

    def menu_descriptions(
        self, chat_id: int, user_id: int, language_code: str = ""
    ) -> dict[str, str]:
        found = menu_seen(self.world, chat_id, user_id, language_code)
        return {str(c["command"]): str(c["description"]) for c in found}

    def description(self, kind: str = "description", language_code: str = "") -> str:
        """What setMyDescription ("description") or setMyShortDescription set for a language."""
        return self.world.descriptions.get(f"{kind}|{language_code}", "")

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.world.calls if c.method.lower() == method.lower()]

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.world.sent if m.chat_id == chat_id]

    def cursor(self) -> int:
        """Position in `sent`; pass as wait_for(after=...) to ignore what was sent before."""
        return len(self.world.sent)

    async def wait_for(
        self,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        after: int = 0,
        timeout: float = DEADLINE_SECONDS,  # noqa: ASYNC109 - a test helper's deadline
    ) -> SentMessage:
        """First sent message at index >= after matching predicate, waiting if needed."""
        found: list[SentMessage] = []

        def check() -> bool:
            for message in self.world.sent[after:]:
                if predicate is None or predicate(message):
                    found.append(message)
                    return True
            return False

        if not await self._wait(check, seconds=timeout):
            seen = (
                "\n".join(
                    f"  #{i} {m.method} chat={m.chat_id} id={m.message_id} "
                    f"text={m.text!r} caption={m.caption!r}"
                    for i, m in enumerate(self.world.sent[after:], start=after)
                )
                or "  (nothing)"
            )
            raise AssertionError(f"no matching message sent within {timeout}s; sent:\n{seen}")
        return found[0]

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = DEADLINE_SECONDS,  # noqa: ASYNC109 - a test helper's deadline
    ) -> None:
        if not await self._wait(condition, seconds=timeout):
            raise AssertionError(f"condition not met within {timeout}s")

    async def _wait(self, condition: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            # Re-check at least every 50 ms so conditions on outside state also work.
            await self.world.wait_change(min(remaining, 0.05))
        return True

    # -- control
    def set_flood_control(
        self,
        enabled: bool = True,
        *,
        global_per_second: int | None = None,
        group_per_minute: int | None = None,
        private_per_second: int | None = None,
    ) -> None:
        self.flood.configure(
            enabled,
            global_per_second=global_per_second,
            group_per_minute=group_per_minute,
            private_per_second=private_per_second,
        )

    def fail_next(
        self,
        method: str,
        status: int = 500,
        description: str | None = None,
        *,
        retry_after: float | None = None,
        migrate_to_chat_id: int | None = None,
        count: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Make the next `count` calls of `method` ("*" = any) answer this error.

        Telegram's retry_after is whole seconds; a fraction keeps a test of many waits short."""
        self.server.add_fault(
            method,
            status,
            description,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            count=count,
            chat_id=chat_id,
        )

    def delay(self, method: str, seconds: float, *, chat_id: int | None = None) -> None:
        """Answer calls of `method` ("*" = any), or only those to `chat_id`, after `seconds`
        (the call still takes effect, as when Telegram is slow to answer); 0 removes it."""
        key = method.lower() if method != "*" else "*"
        if chat_id is not None:
            if seconds > 0:
                self.server.chat_delays[(key, chat_id)] = seconds
            else:
                self.server.chat_delays.pop((key, chat_id), None)
            return
        if seconds > 0:
            self.server.delays[key] = seconds
        else:
            self.server.delays.pop(key, None)

    def hold_answers(self, method: str, chat_id: int) -> asyncio.Event:
        """Calls of `method` to `chat_id` take effect, but are answered only once the returned
        event is set: Telegram has the message while the bot still waits."""
        event = self.server.answer_holds[(method.lower(), chat_id)] = asyncio.Event()
        return event

    def unleash_chaos(self, share: float, *, seed: int = 1, hold_seconds: float = 1.0) -> Chaos:
        """From now on a random `share` of calls fail: 5xx, timeouts or 429 (see chaos.py)."""
        self.server.chaos = Chaos(share, seed=seed, hold_seconds=hold_seconds)
        return self.server.chaos

    def calm_chaos(self) -> None:
        if self.server.chaos is not None:
            self.server.chaos.enabled = False

    def hold(self, method: str, *, after: int = 0, chat_id: int | None = None) -> Hold:
        """Let the first `after` calls of `method` (to `chat_id`, if given) through; hold the
        rest until release() (each then takes effect, as a call Telegram received does)."""
        hold = Hold(method.lower(), after, chat_id)
        self.server.holds.append(hold)
        return hold

    def stats(self) -> dict[str, Any]:
        per_chat = Counter(str(m.chat_id) for m in self.world.sent)
        return {
            "sent": len(self.world.sent),
            "sent_per_chat": dict(per_chat),
            "uploads": self.world.uploads,
            "counters": dict(self.world.counters),
            "calls": len(self.world.calls),
            "violations": list(self.world.violations),
            "pending_updates": len(self.world.updates),
        }
