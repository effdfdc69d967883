"""The 机关党委's view in the Mini App: /app/committee and GET /api/committee/month.

initData-checked as the secretary's dashboard is; only [committee] admins get data, and the
data is figures alone: a branch's title and its counts, never a name, a note or points.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.core.errors import DomainError
from bot.secretary.committee import BranchFigures, CommitteeMonth, parse_month
from web.auth import init_data_of, lang_of, services_of
from web.pages import page
from web.refusals import refusal, refused


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def _branch(branch: BranchFigures) -> dict[str, Any]:
    return {
        "title": branch.group.title or str(branch.group.chat_id),
        "lessons": len(branch.lessons),
        "rate": _percent(branch.rate),
        "notes": branch.notes,
        "held": branch.meetings_held,
        "required": branch.meetings_required,
        "roster": branch.roster,
        "linked": branch.linked,
    }


def committee_json(month: CommitteeMonth) -> dict[str, Any]:
    return {
        "name": month.name,
        "month": f"{month.year}-{month.month:02d}",
        "branches": [_branch(b) for b in month.branches],
        "total": {
            "title": "",
            "lessons": month.lessons,
            "rate": _percent(month.rate),
            "notes": month.notes,
            "held": month.meetings_held,
            "required": month.meetings_required,
            "roster": month.roster,
            "linked": month.linked,
        },
    }


async def _page(request: web.Request) -> web.Response:
    return page("committee.html")


async def _month(request: web.Request) -> web.Response:
    init = init_data_of(request)
    lang = lang_of(init)
    wanted = request.query.get("month")
    named = parse_month(wanted) if wanted else None
    if wanted and named is None:
        raise refused("web.dash.bad_request", lang)
    try:
        month = await services_of(request).committee.month(init.user.id, *(named or (None, None)))
    except DomainError as exc:
        raise refusal(exc, lang) from None
    return web.json_response(
        committee_json(month),
        headers={"Cache-Control": "no-store"},
        dumps=lambda v: json.dumps(v, ensure_ascii=False),
    )


def add_committee(webapp: web.Application) -> None:
    webapp.router.add_get("/app/committee", _page)
    webapp.router.add_get("/api/committee/month", _month)
