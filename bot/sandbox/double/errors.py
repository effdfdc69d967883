"""Bot API refusals, raised inside method handlers and rendered as Telegram's error JSON."""

from __future__ import annotations

from typing import Any

_PREFIX = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
}


class ApiError(Exception):
    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def describe(status: int, detail: str | None) -> str:
    """Telegram's descriptions start with the status phrase: 'Forbidden: bot was blocked...'."""
    prefix = _PREFIX.get(status, "Error")
    if not detail:
        return prefix
    return detail if detail.startswith(prefix) else f"{prefix}: {detail}"


def bad_request(detail: str, parameters: dict[str, Any] | None = None) -> ApiError:
    return ApiError(400, describe(400, detail), parameters)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, describe(403, detail))


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


class RuleBroken(ApiError):
    """A call Telegram refuses because the bot broke a published rule (a bug in the bot).

    The server answers it like any 400 and also records it in `violations`, so the
    test that made the call fails even if the bot swallowed the error."""


def rule_broken(detail: str) -> RuleBroken:
    return RuleBroken(400, describe(400, detail))
