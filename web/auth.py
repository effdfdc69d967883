"""Who is asking: every Mini App request carries Telegram's initData, checked here."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from aiohttp import web

from bot.core.i18n import Lang, lang_for
from bot.telegram.context import Services
from web.initdata import InitData, InitDataError, validate
from web.refusals import refused

log = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)
# The page sends initData as Telegram gave it: "Authorization: tma <initData>".
SCHEME = "tma "


def parse_id(text: str, digits: int = 15) -> int | None:
    """A positive decimal id from a URL, or None ("²", "-5", "1e3" and over-long ones too)."""
    return int(text) if re.fullmatch(f"[0-9]{{1,{digits}}}", text) else None


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


def init_data_of(request: web.Request) -> InitData:
    """The member behind this request; a 401 with a sentence when initData is not genuine."""
    services = services_of(request)
    header = request.headers.get("Authorization", "")
    raw = header[len(SCHEME) :] if header.startswith(SCHEME) else ""
    try:
        return validate(
            raw,
            services.settings.token,
            now=services.clock.now(),
            max_age=timedelta(seconds=services.settings.web.init_data_max_age),
        )
    except InitDataError as exc:
        log.warning("Mini App request from %s refused: initData %s", request.remote, exc)
        lang = lang_for(request.headers.get("Accept-Language"))
        key = "web.stale" if str(exc) == "stale" else "web.unauthorized"
        raise refused(key, lang) from None


def lang_of(init: InitData) -> Lang:
    return lang_for(init.user.language_code)
