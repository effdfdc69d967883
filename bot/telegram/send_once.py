"""One Telegram send for one ledger row, and what became of it.

Every sender that keeps a ledger (the broadcast, the evening reminders, quiz polls, event
reminders, birthday notices) claims its row, calls `send_once`, and settles the row from the
outcome. The outcome says only what Telegram did; each caller decides what its ledger records.

The send-once bound, as far as this helper goes: it never makes a second copy. It tries again
only after an answer that proves nothing arrived (flood control) or a network error before the
request left (`may_have_arrived`, and only if the caller asks: `network_attempts`). A send whose
answer timed out after the request went out is `MayHaveArrived` and is not tried again: the
caller records it as uncertain or failed, so it may be missing, never doubled. What can arrive
twice is only a send in flight when the process died: its ledger row is still in flight, and
the broadcast's ledger puts such rows back to pending at the restart
(DeliveryService.recover_in_flight); the other ledgers leave them unsent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Generic, TypeVar

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram.http import NOT_SENT_TIMEOUTS

T = TypeVar("T")

# How many times one send waits as flood control asks before it gives up. Each RetryAfter seen
# here already comes after the application's MessageRateLimiter paused every send and tried
# again itself (max_retries=2), so three waits are twelve refusals of the same message in a
# row: no passing burst does that, while a chat held back for good (or a flood that never
# ends) would otherwise keep one sender, or one broadcast worker, waiting forever.
MAX_FLOOD_WAITS = 3


class Unreachability(StrEnum):
    """Why a chat cannot get the bot's messages (not worth trying again today)."""

    # 403: the user blocked the bot, the bot was removed from the group, the account is gone.
    BLOCKED = "blocked"
    # 403: the user never opened a private chat with the bot.
    NEVER_STARTED = "never started"
    # 400 "chat not found": no such chat (deleted, or an id that never was).
    CHAT_GONE = "chat gone"


@dataclass(frozen=True, slots=True)
class Sent(Generic[T]):
    """Telegram accepted it; `value` is what the send returned."""

    value: T


@dataclass(frozen=True, slots=True)
class Unreachable:
    why: Unreachability
    reason: str  # Telegram's description


@dataclass(frozen=True, slots=True)
class Failed:
    """Not delivered: refused, flood control past MAX_FLOOD_WAITS, or the network gave out."""

    reason: str


@dataclass(frozen=True, slots=True)
class MayHaveArrived:
    """Timed out after the request went out: Telegram may have it. Never send it again."""

    reason: str


@dataclass(frozen=True, slots=True)
class GroupMigrated:
    """The group became a supergroup; nothing was sent. Send again to `new_chat_id`."""

    new_chat_id: int


Outcome = Sent[T] | Unreachable | Failed | MayHaveArrived | GroupMigrated


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait.

    PTB 22 keeps the wait as a timedelta and warns (PTBDeprecationWarning) whenever
    `retry_after` is read, since that returns an int until PTB 23; the stored timedelta is
    read instead, and `retry_after` (int or timedelta) only if a PTB no longer has it.
    """
    stored = getattr(exc, "_retry_after", None)
    value = stored if isinstance(stored, timedelta) else exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def may_have_arrived(exc: TimedOut) -> bool:
    """A timeout after the request went out (not one while connecting or waiting for a
    connection from the pool) may have delivered the message."""
    return not isinstance(
        exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout, *NOT_SENT_TIMEOUTS)
    )


def _unreachability(exc: Forbidden) -> Unreachability:
    if "initiate conversation" in exc.message.lower():
        return Unreachability.NEVER_STARTED
    return Unreachability.BLOCKED


async def send_once(
    send: Callable[[], Awaitable[T]],
    *,
    network_attempts: int = 1,
    backoff: float = 1.0,
) -> Outcome[T]:
    """Make one send (`send` is called again for each try) and say what became of it.

    Flood control is waited out as told, at most MAX_FLOOD_WAITS times; after that the send
    is `Failed`, certainly not delivered. A network error that never reached Telegram is tried
    again up to `network_attempts` tries in all, waiting `backoff` seconds, then twice that,
    and so on. Errors that are not Telegram's (the caller's own, cancellation) go through.
    """
    flood_waits = 0
    network_failures = 0
    while True:
        try:
            return Sent(await send())
        except RetryAfter as exc:
            if flood_waits >= MAX_FLOOD_WAITS:
                return Failed(f"flood control: refused after {flood_waits} waits: {exc.message}")
            flood_waits += 1
            await asyncio.sleep(retry_seconds(exc))
        except ChatMigrated as exc:
            return GroupMigrated(exc.new_chat_id)
        except Forbidden as exc:
            return Unreachable(_unreachability(exc), exc.message)
        except BadRequest as exc:  # before NetworkError: PTB's BadRequest is one
            if "chat not found" in exc.message.lower():
                return Unreachable(Unreachability.CHAT_GONE, exc.message)
            return Failed(exc.message)
        except NetworkError as exc:  # TimedOut included
            if isinstance(exc, TimedOut) and may_have_arrived(exc):
                return MayHaveArrived(f"timed out: {exc.message}")
            # Refused or dropped before anything was sent: safe to try again.
            network_failures += 1
            if network_failures >= network_attempts:
                return Failed(f"network: {exc.message}")
            await asyncio.sleep(backoff * 2 ** (network_failures - 1))
        except TelegramError as exc:
            return Failed(exc.message)
