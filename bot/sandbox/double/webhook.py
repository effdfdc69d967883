"""Webhook delivery: while a webhook is set, the double POSTs updates to it (as Telegram does)
instead of answering getUpdates, with the secret in X-Telegram-Bot-Api-Secret-Token."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .errors import ApiError
from .methods import BotApi, Handler
from .state import JSON, World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# Pause before posting an update again after the bot's server failed to take it.
RETRY_SECONDS = 0.2


@dataclass
class Webhook:
    world: World
    url: str = ""
    secret: str | None = None
    allowed_updates: list[str] | None = None
    # HTTP status of every POST to the webhook, in order (tests read them).
    answers: list[int] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _stopping: bool = False

    def install(self, api: BotApi) -> None:
        """Take over the webhook methods, and refuse getUpdates while a webhook is set."""
        polling = api.handlers["getupdates"]

        async def get_updates(params: JSON) -> Any:
            if self.url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            return await polling(params)

        handlers: dict[str, Handler] = {
            "getupdates": get_updates,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
        }
        api.handlers.update(handlers)

    async def set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith(("https://", "http://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        if params.get("drop_pending_updates"):
            self.world.updates.clear()
        self.url = url
        secret = params.get("secret_token")
        self.secret = str(secret) if secret else None
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed) or None
            self.world.allowed_updates = self.allowed_updates
        if url and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._push_loop())
        self.world.notify()
        return True

    async def delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self.world.updates.clear()
        self.url = ""
        self.secret = None
        self.world.notify()
        return True

    async def get_webhook_info(self, _params: JSON) -> JSON:
        info: JSON = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        return info

    async def stop(self) -> None:
        # A flag as well as cancel(): Python 3.11's wait_for can swallow a cancellation.
        self._stopping = True
        self.world.notify()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _push_loop(self) -> None:
        async with aiohttp.ClientSession() as http:
            while not self._stopping:
                update = self._next()
                if update is None:
                    await self.world.wait_change(1.0)
                    continue
                if await self._post(http, update):
                    self.world.confirm(update["update_id"] + 1)
                    self.world.notify()
                else:
                    await asyncio.sleep(RETRY_SECONDS)

    def _next(self) -> JSON | None:
        if not self.url or self.world.closing:
            return None
        ready = self.world.deliverable(None)
        return ready[0] if ready else None

    async def _post(self, http: aiohttp.ClientSession, update: JSON) -> bool:
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        try:
            async with http.post(self.url, json=update, headers=headers) as response:
                self.answers.append(response.status)
                return 200 <= response.status < 300
        except aiohttp.ClientError:
            self.answers.append(0)
            return False
