"""The one place a refusal becomes an HTTP answer: the status for each domain reason or text
key, and the JSON body the pages show as it is ({"error": key, "message": short sentence}).

The services refuse in their own words (a DomainError, HeardRefused with its reason); which
HTTP status that is, is decided here and nowhere else.
"""

from __future__ import annotations

import json

from aiohttp import web

from bot.core.errors import DomainError
from bot.core.i18n import Lang
from bot.engagement.heard import HeardReason, HeardRefused

# What the player is refused.
_HEARD: dict[HeardReason, int] = {
    HeardReason.BAD_REPORT: 400,
    HeardReason.NOT_FOUND: 404,
    HeardReason.NOT_MEMBER: 403,
    HeardReason.TAKEN_OVER: 409,  # the page stops reporting: another page of theirs took over
    # The page keeps what it heard and sends it again later:
    HeardReason.TOO_SOON: 422,  # more than could have played yet
    HeardReason.TOO_FREQUENT: 429,  # sooner than the pace allows
}
# Everything else, by its text key; a key not listed is the request's fault (400).
_BY_KEY: dict[str, int] = {
    # who is asking: initData missing, forged or too old
    "web.unauthorized": 401,
    "web.stale": 401,
    # the dashboard
    "web.dash.bad_request": 400,
    "web.dash.not_secretary": 403,
    "export.not_secretary": 403,
    "export.bad_month": 400,
    "rights.unavailable": 503,  # Telegram could not be asked who the admins are
    "web.dash.start_first": 409,  # the bot may not write to them until they start it
    "web.dash.send_failed": 503,
    # the committee's view
    "committee.not_admin": 403,
}
_EXCEPTIONS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    422: web.HTTPUnprocessableEntity,
    429: web.HTTPTooManyRequests,
    503: web.HTTPServiceUnavailable,
}


def status_of(error: DomainError) -> int:
    if isinstance(error, HeardRefused):
        return _HEARD[error.reason]
    return _BY_KEY.get(error.key, 400)


def refusal(error: DomainError, lang: Lang) -> web.HTTPException:
    """The HTTP answer to a refusal, to raise."""
    body = {"error": error.key, "message": error.text(lang)}
    return _EXCEPTIONS[status_of(error)](
        text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )


def refused(key: str, lang: Lang) -> web.HTTPException:
    """A refusal the web itself decides (a bad URL or body, no initData): by its text key."""
    return refusal(DomainError(key), lang)
