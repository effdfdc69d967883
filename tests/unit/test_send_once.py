"""send_once: one send, its outcome, and how often it may try (fakes raising PTB's errors)."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta

import aiohttp
import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.send_once import (
    MAX_FLOOD_WAITS,
    Failed,
    GroupMigrated,
    MayHaveArrived,
    Sent,
    Unreachability,
    Unreachable,
    retry_seconds,
    send_once,
)

SHORT = timedelta(milliseconds=1)


def flood() -> RetryAfter:
    with warnings.catch_warnings():
        # PTB 22's own constructor reads the deprecated attribute; not the code under test.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(SHORT)


class Telegram:
    """Answers each try with the next of `answers`: an error to raise, or a value to return."""

    def __init__(self, *answers: object) -> None:
        self._answers = list(answers)
        self.tries = 0

    def send(self) -> Callable[[], Awaitable[str]]:
        async def attempt() -> str:
            self.tries += 1
            answer = self._answers[min(self.tries, len(self._answers)) - 1]
            if isinstance(answer, BaseException):
                raise answer
            return str(answer)

        return attempt


def timed_out_before_sending() -> TimedOut:
    exc = TimedOut("Timed out before the request was sent")
    exc.__cause__ = aiohttp.ConnectionTimeoutError()
    return exc


def timed_out_after_sending() -> TimedOut:
    exc = TimedOut()
    exc.__cause__ = TimeoutError()
    return exc


async def test_endless_flood_control_gives_up_after_the_bound_as_a_failure() -> None:
    telegram = Telegram(flood())  # every try, for ever
    outcome = await send_once(telegram.send())
    assert isinstance(outcome, Failed) and outcome.reason.startswith("flood control")
    assert telegram.tries == MAX_FLOOD_WAITS + 1


async def test_flood_control_that_passes_within_the_bound_is_waited_out() -> None:
    telegram = Telegram(*[flood()] * MAX_FLOOD_WAITS, "message")
    assert await send_once(telegram.send()) == Sent("message")
    assert telegram.tries == MAX_FLOOD_WAITS + 1


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), Unreachability.BLOCKED),
        (Forbidden("Forbidden: bot was kicked from the group chat"), Unreachability.BLOCKED),
        (
            Forbidden("Forbidden: bot can't initiate conversation with a user"),
            Unreachability.NEVER_STARTED,
        ),
        (BadRequest("Bad Request: chat not found"), Unreachability.CHAT_GONE),
    ],
)
async def test_a_chat_that_cannot_get_messages_is_unreachable_at_the_first_try(
    error: TelegramError, why: Unreachability
) -> None:
    telegram = Telegram(error)
    assert await send_once(telegram.send()) == Unreachable(why, error.message)
    assert telegram.tries == 1


async def test_refusals_and_migrations_are_never_tried_again() -> None:
    too_long = BadRequest("Bad Request: message is too long")
    conflict = TelegramError("Conflict")
    for error, outcome in [
        (too_long, Failed(too_long.message)),
        (ChatMigrated(-1002), GroupMigrated(-1002)),
        (conflict, Failed(conflict.message)),
    ]:
        telegram = Telegram(error, "message")
        assert await send_once(telegram.send(), network_attempts=5) == outcome
        assert telegram.tries == 1


async def test_a_timeout_after_the_request_went_out_may_have_arrived_and_is_not_retried() -> None:
    telegram = Telegram(timed_out_after_sending(), "message")
    outcome = await send_once(telegram.send(), network_attempts=5, backoff=0)
    assert isinstance(outcome, MayHaveArrived) and outcome.reason.startswith("timed out")
    assert telegram.tries == 1


async def test_network_errors_before_sending_are_retried_only_as_often_as_asked() -> None:
    telegram = Telegram(timed_out_before_sending(), NetworkError("Bad Gateway"), "message")
    assert await send_once(telegram.send(), network_attempts=5, backoff=0) == Sent("message")
    assert telegram.tries == 3

    telegram = Telegram(NetworkError("Bad Gateway"))
    assert await send_once(telegram.send(), network_attempts=3, backoff=0) == Failed(
        "network: Bad Gateway"
    )
    assert telegram.tries == 3

    telegram = Telegram(NetworkError("Bad Gateway"), "message")
    assert await send_once(telegram.send()) == Failed("network: Bad Gateway")  # the default: one
    assert telegram.tries == 1


async def test_errors_that_are_not_telegrams_go_through() -> None:
    telegram = Telegram(RuntimeError("the caller's own bug"))
    with pytest.raises(RuntimeError):
        await send_once(telegram.send())


def test_retry_seconds_reads_the_wait_without_ptbs_deprecation_warning() -> None:
    exc = flood()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        whole = RetryAfter(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PTBDeprecationWarning)
        assert retry_seconds(exc) == pytest.approx(0.001)
        assert retry_seconds(whole) == 3.0
