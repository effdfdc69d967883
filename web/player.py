"""The Mini App player: its page at /app/, and its API (the lesson, its audio, heard reports).

The member is who initData says, never what a body says. The audio is fetched by an <audio>
element, which cannot send the Authorization header: its URL carries a short-lived token
(HMAC with the bot's token) bound to the member and the lesson.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from telegram import Bot

from bot.audio.rendition import rendition_path
from bot.core.formatting import local_day
from bot.core.i18n import Lang
from bot.engagement.heard import PLAYBACK_RATES, HeardReason, HeardRefused
from bot.telegram.lesson_message import note_link
from web.auth import init_data_of, lang_of, parse_id, services_of
from web.pages import page
from web.refusals import refusal

log = logging.getLogger(__name__)

# The bot, for its name in the 「✍️ 写心得」 link back to its private chat.
PLAYER_BOT = web.AppKey("player_bot", Bot)

# How long an audio URL works after the page got it (seeking re-fetches ranges of it).
AUDIO_TOKEN_SECONDS = 2 * 3600
# A report is a few spans; anything much bigger is not from the page.
MAX_REPORT_BYTES = 32 * 1024
AUDIO_TYPES = {
    "ogg": ("audio/ogg", 'audio/ogg; codecs="opus"'),
    "m4a": ("audio/mp4", 'audio/mp4; codecs="mp4a.40.2"'),
}


def _audio_key(token: str) -> bytes:
    return hmac.new(b"microlesson-player-audio", token.encode(), hashlib.sha256).digest()


def audio_token(bot_token: str, user_id: int, lesson_id: int, expires: int) -> str:
    """ "<user>.<expires>.<signature>": the member and lesson it is for, until when."""
    message = f"{user_id}:{lesson_id}:{expires}".encode()
    signature = hmac.new(_audio_key(bot_token), message, hashlib.sha256).hexdigest()[:40]
    return f"{user_id}.{expires}.{signature}"


def audio_token_valid(bot_token: str, token: str, lesson_id: int, now: datetime) -> bool:
    parts = token.split(".")
    if len(parts) != 3:
        return False
    user_id, expires = parse_id(parts[0], 20), parse_id(parts[1], 12)
    if user_id is None or expires is None:
        return False
    expected = audio_token(bot_token, user_id, lesson_id, expires)
    return hmac.compare_digest(expected.encode(), token.encode()) and now.timestamp() < expires


def _lesson_id(request: web.Request, lang: Lang) -> int:
    lesson_id = parse_id(request.match_info.get("lesson", ""), 9)
    if lesson_id is None:
        raise refusal(HeardRefused(HeardReason.NOT_FOUND), lang)
    return lesson_id


async def _player_page(request: web.Request) -> web.Response:
    return page("player.html")


async def _lesson(request: web.Request) -> web.Response:
    init = init_data_of(request)
    lang = lang_of(init)
    lesson_id = _lesson_id(request, lang)
    services = services_of(request)
    try:
        lesson = await services.heard.lesson(init.user.id, lesson_id)
    except HeardRefused as exc:
        raise refusal(exc, lang) from None
    expires = int(services.clock.now().timestamp()) + AUDIO_TOKEN_SECONDS
    token = audio_token(services.settings.token, init.user.id, lesson_id, expires)
    ogg = Path(lesson.audio_path)
    sources = []
    # AAC first where it exists: iOS WebViews cannot play Opus; others pick what they can.
    for kind in ("m4a", "ogg"):
        path = rendition_path(ogg) if kind == "m4a" else ogg
        if lesson.audio_path and await _exists(path):
            sources.append(
                {
                    "url": f"/api/lesson/{lesson_id}/audio/{kind}?t={token}",
                    "type": AUDIO_TYPES[kind][1],
                }
            )
    return web.json_response(
        {
            "lesson_id": lesson.lesson_id,
            "number": lesson.number,
            "title": lesson.title,
            "date": lesson.slot_at.astimezone(ZoneInfo(lesson.zone)).date().isoformat(),
            "day": local_day(lesson.slot_at, lesson.zone, lang),
            "duration": lesson.duration,
            "heard_share": lesson.share,
            "threshold": services.heard.threshold,
            # The speeds the page offers: the server counts on none faster.
            "rates": list(PLAYBACK_RATES),
            "audio": sources,
            # After the listen: back to the bot's private chat, which asks for the note.
            "note_link": note_link(request.app[PLAYER_BOT].username, lesson_id),
        },
        headers={"Cache-Control": "no-store"},
    )


async def _exists(path: Path) -> bool:
    return await asyncio.to_thread(path.is_file)


async def _session(request: web.Request) -> web.Response:
    init = init_data_of(request)
    lang = lang_of(init)
    lesson_id = _lesson_id(request, lang)
    try:
        session = await services_of(request).heard.open_session(init.user.id, lesson_id)
    except HeardRefused as exc:
        raise refusal(exc, lang) from None
    return web.json_response({"session": session})


async def _heard(request: web.Request) -> web.Response:
    init = init_data_of(request)
    lang = lang_of(init)
    lesson_id = _lesson_id(request, lang)
    if (request.content_length or 0) > MAX_REPORT_BYTES:
        raise refusal(HeardRefused(HeardReason.BAD_REPORT), lang)
    raw = await request.read()  # the whole body (content.read(n) returns what has arrived)
    try:
        if len(raw) > MAX_REPORT_BYTES:
            raise ValueError("too big")
        body = json.loads(raw)
        session = body["session"]
        spans = body["spans"]
        if not isinstance(session, str) or not 0 < len(session) <= 64:
            raise ValueError("session")
    except (ValueError, KeyError, TypeError):
        raise refusal(HeardRefused(HeardReason.BAD_REPORT), lang) from None
    services = services_of(request)
    try:
        # Only ever for the member initData names: a user id in the body is not read.
        result = await services.heard.report(init.user.id, lesson_id, session, spans)
    except HeardRefused as exc:
        if exc.reason is HeardReason.TAKEN_OVER:
            log.info("member %s: lesson #%s taken over by another page", init.user.id, lesson_id)
        raise refusal(exc, lang) from None
    if result.new_listener:
        services.live_count.bump(lesson_id)
    return web.json_response(
        {"heard_share": result.share, "listened": result.listened, "points": result.points}
    )


async def _audio(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    kind = request.match_info.get("kind", "")
    lesson_id = parse_id(request.match_info.get("lesson", ""), 9)
    if kind not in AUDIO_TYPES or lesson_id is None:
        raise web.HTTPNotFound()
    token = request.query.get("t", "")
    if not audio_token_valid(services.settings.token, token, lesson_id, services.clock.now()):
        raise web.HTTPForbidden()
    ogg = await services.heard.audio_file(lesson_id)
    if ogg is None:
        raise web.HTTPNotFound()
    path = rendition_path(ogg) if kind == "m4a" else ogg
    if not await _exists(path):
        raise web.HTTPNotFound()
    # FileResponse answers Range requests: the player seeks without fetching it all.
    return web.FileResponse(
        path,
        headers={
            "Content-Type": AUDIO_TYPES[kind][0],
            "Cache-Control": "private, max-age=3600",
            "X-Content-Type-Options": "nosniff",
        },
    )


def add_player(webapp: web.Application, bot: Bot) -> None:
    webapp[PLAYER_BOT] = bot
    webapp.router.add_get("/app/", _player_page)
    webapp.router.add_get("/api/lesson/{lesson}", _lesson)
    webapp.router.add_post("/api/lesson/{lesson}/session", _session)
    webapp.router.add_post("/api/lesson/{lesson}/heard", _heard)
    webapp.router.add_get("/api/lesson/{lesson}/audio/{kind}", _audio)
