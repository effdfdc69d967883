"""The Mini App's pages: static files from the package, with their texts put in once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from aiohttp import web

from bot.core.i18n import TEXTS

STATIC = Path(__file__).with_name("static")
# Where a page's HTML takes the texts it shows (both languages; tg.js picks one).
TEXTS_MARK = "<!--ML_TEXTS-->"


@cache
def _page(name: str) -> str:
    html = (STATIC / name).read_text(encoding="utf-8")
    texts = {key: value for key, value in TEXTS.items() if key.startswith("web.")}
    # "</" cannot end the script element early once escaped.
    payload = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
    script = f'<script id="ml-texts" type="application/json">{payload}</script>'
    return html.replace(TEXTS_MARK, script)


def page(name: str) -> web.Response:
    """One of the Mini App's HTML pages; never cached, so an upgrade shows at once."""
    return web.Response(
        text=_page(name),
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
