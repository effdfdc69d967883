"""The secretary's dashboard: the page at /app/dashboard and its JSON under /api/dashboard/.

Every request is someone Telegram vouches for (web.auth); only the group's secretaries, as
Telegram says through the rights cache, get its data. The ledger is not a link to download: a
WebView cannot send the Authorization header on a plain link, and a file saved inside
Telegram's WebView is hard to find on a phone; the button has the bot send the month's CSV and
XLSX to the secretary's private chat instead, as /export does.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.core.errors import DomainError
from bot.core.formatting import shown_name
from bot.core.i18n import Lang, t
from bot.groups.secretaries import GroupRef
from bot.secretary.dashboard import Dashboard, Evidence
from bot.secretary.digest import WeekFigures
from bot.telegram.ledger_sending import send_ledger
from web.auth import init_data_of, lang_of, parse_id, services_of
from web.pages import page
from web.refusals import refusal, refused

log = logging.getLogger(__name__)

BOT = web.AppKey("bot", Bot)


def _group_param(value: Any, lang: Lang) -> int | None:
    if value is None or value == "":
        return None
    group_id = parse_id(str(value))
    if group_id is None:
        raise refused("web.dash.bad_request", lang)
    return group_id


def _figures(figures: WeekFigures) -> dict[str, Any]:
    return {
        "lessons": figures.lessons,
        "listened": figures.listened,
        "expected": figures.expected,
        "rate": figures.rate,
        "makeup": figures.makeup,
        "notes": figures.notes,
    }


def _cell(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "status": evidence.status,
        "via": evidence.via,
        "timing": evidence.timing,
        "notes": evidence.notes,
    }


def _group(group: GroupRef) -> dict[str, Any]:
    return {"id": group.group_id, "title": group.title or str(group.chat_id)}


def dashboard_json(dashboard: Dashboard, lang: Lang) -> dict[str, Any]:
    """The week as the page shows it; a Telegram display name (not on the roster) marked."""
    return {
        "group": _group(dashboard.group),
        "groups": [_group(group) for group in dashboard.groups],
        "start": dashboard.start.isoformat(),
        "today": dashboard.today.isoformat(),
        "this_week": _figures(dashboard.this_week),
        "last_week": _figures(dashboard.last_week),
        "days": [
            {
                "day": bar.day.isoformat(),
                "weekday": bar.day.weekday(),
                "lessons": bar.lessons,
                "listened": bar.listened,
                "expected": bar.expected,
            }
            for bar in dashboard.days
        ],
        "lessons": [
            {
                "id": lesson.lesson_id,
                "number": lesson.number,
                "day": lesson.day.isoformat(),
                "weekday": lesson.day.weekday(),
                "title": lesson.title,
            }
            for lesson in dashboard.lessons
        ],
        "members": [
            {
                "user_id": member.user_id,
                "name": shown_name(member.name, member.name_is_fallback, lang),
                "listened": member.listened,
                "expected": member.expected,
                "cells": [_cell(cell) for cell in member.cells],
            }
            for member in dashboard.members
        ],
        "notes": [
            {
                "name": shown_name(note.name, note.name_is_fallback, lang),
                "lesson_id": note.lesson_id,
                "number": note.number,
                "day": note.day,
                "text": note.text,
                "at": note.at,
                "featured": note.featured,
            }
            for note in dashboard.notes
        ],
        "month": dashboard.month,
        "last_month": dashboard.last_month,
    }


async def _page(request: web.Request) -> web.Response:
    return page("dashboard.html")


async def _week(request: web.Request) -> web.Response:
    init = init_data_of(request)
    lang = lang_of(init)
    group_id = _group_param(request.query.get("group"), lang)
    try:
        board = await services_of(request).dashboard.week(init.user.id, group_id)
    except DomainError as exc:
        log.info("dashboard of group %s refused to %s: %s", group_id, init.user.id, exc.key)
        raise refusal(exc, lang) from None
    return web.json_response(
        dashboard_json(board, lang), headers={"Cache-Control": "no-store"}, dumps=_dumps
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def _ledger(request: web.Request) -> web.Response:
    """The month's ledger, sent by the bot to the secretary's private chat."""
    init = init_data_of(request)
    lang = lang_of(init)
    try:
        body = await request.json()
    except ValueError:
        raise refused("web.dash.bad_request", lang) from None
    if not isinstance(body, dict):
        raise refused("web.dash.bad_request", lang)
    group_id = _group_param(body.get("group"), lang)
    month = body.get("month")
    if group_id is None or not (month is None or isinstance(month, str)):
        raise refused("web.dash.bad_request", lang)
    services = services_of(request)
    user_id = init.user.id
    try:
        group, _ = await services.dashboard.group_of(user_id, group_id)
        period = services.export.period(month or None, group.timezone)
        sent = await send_ledger(
            request.app[BOT], services.export, user_id, user_id, group, period, lang
        )
    except DomainError as exc:
        raise refusal(exc, lang) from None
    except Forbidden as exc:
        log.info("ledger for %s not sent: %s", user_id, exc.message)
        raise refused("web.dash.start_first", lang) from None
    except TelegramError as exc:
        log.warning("ledger for %s not sent: %s", user_id, exc.message)
        raise refused("web.dash.send_failed", lang) from None
    if not sent:
        raise refused("export.not_secretary", lang)
    return web.json_response(
        {"sent": True, "message": t("web.dash.ledger_sent", lang, month=period.label)},
        dumps=_dumps,
    )


def add_dashboard(webapp: web.Application, bot: Bot) -> None:
    webapp[BOT] = bot
    webapp.router.add_get("/app/dashboard", _page)
    webapp.router.add_get("/api/dashboard/week", _week)
    webapp.router.add_post("/api/dashboard/ledger", _ledger)
