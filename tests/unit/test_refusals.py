"""Refusals: the web turns each domain reason into its HTTP status in one place, with the
sentence the page shows; the bot shows a refusal as a reply or as the button's alert."""

from __future__ import annotations

import json

import pytest
from aiohttp import web

from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.engagement.heard import HeardReason, HeardRefused
from web.refusals import refusal, refused, status_of

HEARD = {
    HeardReason.BAD_REPORT: 400,
    HeardReason.NOT_FOUND: 404,
    HeardReason.NOT_MEMBER: 403,
    HeardReason.TAKEN_OVER: 409,
    HeardReason.TOO_SOON: 422,
    HeardReason.TOO_FREQUENT: 429,
}


@pytest.mark.parametrize("reason", list(HeardReason))
def test_each_reason_the_player_is_refused_has_its_status_and_sentence(
    reason: HeardReason,
) -> None:
    answer = refusal(HeardRefused(reason), "en")
    assert answer.status == HEARD[reason]
    assert json.loads(answer.text or "") == {
        "error": reason.value,
        "message": t(reason.value, "en"),
    }


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("web.unauthorized", 401),
        ("web.stale", 401),
        ("web.dash.not_secretary", 403),
        ("export.not_secretary", 403),
        ("export.bad_month", 400),
        ("rights.unavailable", 503),
        ("web.dash.start_first", 409),
        ("web.dash.send_failed", 503),
    ],
)
def test_a_refusal_by_key_gets_the_status_its_cause_calls_for(key: str, status: int) -> None:
    assert status_of(DomainError(key)) == status
    assert refused(key, "zh").status == status


def test_a_refusal_nobody_listed_is_the_requests_fault_and_keeps_its_params() -> None:
    answer = refusal(DomainError("lesson.not_yours", n=3), "zh")
    assert isinstance(answer, web.HTTPBadRequest)
    assert json.loads(answer.text or "")["message"] == t("lesson.not_yours", "zh", n=3)
