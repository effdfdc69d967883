"""A real headless browser for the Mini App: Debian's chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from playwright.async_api import Page, ViewportSize, async_playwright

from bot.core.clock import FakeClock
from tests.support.harness import TOKEN
from web.initdata import signed_for


class RunningClock(FakeClock):
    """A fake clock that runs on with real time from where it is set: a real page plays in
    real seconds, and the server's "how much can have played by now" must see them pass."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self._since = time.monotonic()

    def now(self) -> datetime:
        return super().now() + timedelta(seconds=time.monotonic() - self._since)

    def set(self, value: datetime) -> None:
        super().set(value)
        self._since = time.monotonic()


# Playwright cannot download its own browser here; the setup installs Debian's.
CHROMIUM = os.environ.get("MICROLESSON_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]
# A phone's width (iPhone 12–15): what the screenshots in docs/ are taken at.
PHONE = ViewportSize(width=390, height=844)
# Telegram's light theme, as a client passes it in tgWebAppThemeParams.
LIGHT_THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#999999",
    "link_color": "#2481cc",
    "button_color": "#2481cc",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#efeff3",
}


@asynccontextmanager
async def phone_page() -> AsyncIterator[Page]:
    """A page in a fresh browser at a phone's width; closed however the test ends."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = await browser.new_context(
                viewport=PHONE, device_scale_factor=2, locale="zh-CN", has_touch=True
            )
            yield await context.new_page()
        finally:
            await browser.close()


def launch_fragment(init_data: str, theme: dict[str, Any] | None = None) -> str:
    """The URL fragment a Telegram client opens a Mini App with."""
    return (
        f"#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=ios"
        f"&tgWebAppThemeParams={quote(json.dumps(theme or LIGHT_THEME), safe='')}"
    )


def init_data_for(
    user_id: int, *, now: datetime, start_param: str = "", language_code: str = "zh-hans"
) -> str:
    """initData as Telegram would sign it for this member, with the tests' bot token."""
    return signed_for(
        TOKEN, user_id, auth_date=now, start_param=start_param, language_code=language_code
    )
