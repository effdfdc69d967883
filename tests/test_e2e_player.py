"""The Mini App player end to end: a real headless chromium, the bot's real web server and
the Telegram double; what the page reports is what was heard, and only for its member."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Page

from bot.i18n import t
from bot.telegram_double import TelegramDouble
from tests.browser import init_data_for, launch_fragment, phone_page
from tests.harness import RunningBot, bound_group, eventually, web_server
from tests.player import heard_share, lesson_out, make_short_lesson, player_listen

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

SECONDS = 5.0


@pytest.fixture(scope="session")
def short_ogg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_short_lesson(tmp_path_factory.mktemp("short"), SECONDS)


@pytest.fixture
async def base(bot: RunningBot) -> AsyncIterator[str]:
    async with web_server(bot) as url:
        yield url


async def open_player(page: Page, base: str, init: str, lesson_id: int) -> None:
    await page.goto(f"{base}/app/?lesson={lesson_id}{launch_fragment(init)}")
    await page.wait_for_function("() => !document.getElementById('play').disabled")


async def play_until(page: Page, where: str) -> None:
    """Press play at 2x and wait (on the page's own clock) until the condition holds; pause."""
    await page.click("#speed")
    await page.click("#speed")
    assert await page.evaluate("() => document.getElementById('audio').playbackRate") == 2
    await page.click("#play")
    await page.wait_for_function(
        f"() => {{ const a = document.getElementById('audio'); return {where}; }}"
    )
    if not await page.evaluate("() => document.getElementById('audio').paused"):
        await page.click("#play")


async def test_playing_90_percent_records_a_listen_with_its_share(
    bot: RunningBot, double: TelegramDouble, short_ogg: Path, base: str
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, short_ogg)
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as page:
        await open_player(page, base, init, lesson_id)
        assert "学习党章第一章" in await page.inner_text("#title")
        assert await page.inner_text("#heard") == "已收听 0%"
        await play_until(page, "a.currentTime >= 0.92 * a.duration || a.ended")

        async def recorded() -> bool:
            return await player_listen(bot, lesson_id, m) is not None

        await eventually(recorded, timeout=10)
        share = await player_listen(bot, lesson_id, m)
        assert share is not None and share >= 0.8
        await page.wait_for_function(
            "() => document.getElementById('heard').classList.contains('done')"
        )
        shown = await page.inner_text("#heard")
        assert shown.startswith("已收听 ") and int(shown[4:-1]) >= 80
        assert await page.inner_text("#message") == t("web.player.listened", "zh")
        assert await page.evaluate("() => document.documentElement.scrollWidth") <= 390
        folder = os.environ.get("MICROLESSON_SCREENSHOTS")
        if folder:
            await page.screenshot(path=str(Path(folder) / "miniapp-player.png"))


async def test_seeking_to_the_end_and_playing_the_last_bit_records_under_a_fifth(
    bot: RunningBot, double: TelegramDouble, short_ogg: Path, base: str
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, short_ogg)
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as page:
        await open_player(page, base, init, lesson_id)
        await page.evaluate(
            "() => { const s = document.getElementById('seek');"
            " s.value = String(Number(s.max) - 0.7); s.dispatchEvent(new Event('input')); }"
        )
        await play_until(page, "a.ended")

        async def reported() -> bool:
            share = await heard_share(bot, lesson_id, m)
            return share is not None and share > 0

        await eventually(reported, timeout=10)
        share = await heard_share(bot, lesson_id, m)
        assert share is not None and 0 < share < 0.2
    assert await player_listen(bot, lesson_id, m) is None


async def test_a_forged_or_stale_init_data_is_refused_and_the_page_says_so(
    bot: RunningBot, double: TelegramDouble, short_ogg: Path, base: str
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, short_ogg)
    now = bot.services.clock.now()
    stale = init_data_for(m, now=now - timedelta(hours=2))
    forged = init_data_for(m, now=now).replace("hash=", "hash=0")
    async with phone_page() as page:
        for i, (init, key) in enumerate(((stale, "web.stale"), (forged, "web.unauthorized"))):
            # A new query each time: a change of fragment alone would not load the page again.
            url = f"{base}/app/?lesson={lesson_id}&open={i}{launch_fragment(init)}"
            await page.goto(url)
            await page.wait_for_selector("#message:not([hidden])")
            assert await page.inner_text("#message") == t(key, "zh")
            assert await page.evaluate("() => document.getElementById('play').disabled")
            status = await page.evaluate(
                f"() => ML.api('/api/lesson/{lesson_id}').then(r => r.status)"
            )
            assert status == 401
    assert await heard_share(bot, lesson_id, m) is None


async def test_a_second_device_takes_over_and_the_first_page_says_so(
    bot: RunningBot, double: TelegramDouble, short_ogg: Path, base: str
) -> None:
    members = await bound_group(bot, double, members=1)
    m = members[0]
    lesson_id = await lesson_out(bot, double, short_ogg)
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as first, phone_page() as second:
        await open_player(first, base, init, lesson_id)
        await open_player(second, base, init, lesson_id)
        await play_until(first, "a.currentTime >= 1")
        await first.wait_for_selector("#message:not([hidden])")
        assert await first.inner_text("#message") == t("web.taken_over", "zh")
        assert await first.evaluate("() => document.getElementById('play').disabled")
        assert await heard_share(bot, lesson_id, m) == 0
        await play_until(second, "a.currentTime >= 1")

        async def counted() -> bool:
            return bool(await heard_share(bot, lesson_id, m))

        await eventually(counted, timeout=10)
