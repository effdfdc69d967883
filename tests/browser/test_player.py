"""The Mini App player end to end: a real headless chromium, the bot's real web server and
the Telegram double; what the page reports is what was heard, and only for its member."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from playwright.async_api import Page

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.browser import RunningClock, init_data_for, launch_fragment, phone_page
from tests.support.harness import ADMIN, RunningBot, bound_group, eventually, web_server
from tests.support.player import heard_share, lesson_out, make_short_lesson, player_listen

SECONDS = 5.0


@pytest.fixture(scope="session")
def short_ogg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_short_lesson(tmp_path_factory.mktemp("short"), SECONDS)


@pytest.fixture
def clock() -> RunningClock:
    """The bot's clock runs with real time here: the page plays in real seconds, and no more
    is taken than could have played since it opened."""
    return RunningClock(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))


@pytest.fixture
async def base(bot: RunningBot) -> AsyncIterator[str]:
    async with web_server(bot) as url:
        yield url


async def open_player(page: Page, base: str, init: str, lesson_id: int) -> None:
    await page.goto(f"{base}/app/?lesson={lesson_id}{launch_fragment(init)}")
    await page.wait_for_function("() => !document.getElementById('play').disabled")


async def play_until(page: Page, where: str) -> None:
    """Press play at 2x and wait (on the page's own clock) until the condition holds; pause."""
    rate = "() => document.getElementById('audio').playbackRate"
    for _ in range(3):
        if await page.evaluate(rate) == 2:
            break
        await page.click("#speed")
    assert await page.evaluate(rate) == 2
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
        assert share is not None and share >= 0.9  # played to 92 %
        await page.wait_for_function(
            "() => document.getElementById('heard').classList.contains('done')"
        )
        shown = await page.inner_text("#heard")
        assert shown.startswith("已收听 ") and int(shown[4:-1]) >= 90
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
    # Signed for the member, then made to say it is another member of the group (the
    # group's creator) with the hash kept: the signature no longer matches what it covers.
    fields = dict(parse_qsl(init_data_for(m, now=now)))
    assert f'"id":{m},' in fields["user"]
    fields["user"] = fields["user"].replace(f'"id":{m},', f'"id":{ADMIN},')
    forged = urlencode(fields)
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


async def test_a_seek_while_playing_starts_a_new_span_and_skips_what_lay_between(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)  # 12 s
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as page:
        await open_player(page, base, init, lesson_id)
        await page.click("#speed")
        await page.click("#speed")
        assert await page.evaluate("() => document.getElementById('audio').playbackRate") == 2
        await page.click("#play")
        # Seek in the same tick that sees 0.5 s played, and say where playback was: t0.
        seeked = await page.wait_for_function(
            "() => { const a = document.getElementById('audio');"
            " if (a.currentTime < 0.5) { return false; }"
            " const t0 = a.currentTime; const s = document.getElementById('seek');"
            " s.value = String(Number(s.max) - 1); s.dispatchEvent(new Event('input'));"
            " return t0; }"
        )
        t0 = float(await seeked.json_value())
        await page.wait_for_function("() => document.getElementById('audio').ended")
        # Everything heard is on the server once the page holds nothing unsent.
        await page.wait_for_function(
            "() => { const s = MLPlayer.state(); return !s.sending && !s.unsent && s.share > 0; }"
        )
        share = await heard_share(bot, lesson_id, m)
        duration = (await bot.services.heard.lesson(m, lesson_id)).duration
        # About 0.5 s before the seek and the last second: never the seconds skipped.
        assert share is not None and 1.0 / duration < share < 2.5 / duration
        # At most what was played before the seek (t0) and the last second; at least the last
        # half second of each span is allowed lost to the gap between two timeupdates (250 ms
        # at 2x), so the first span counts at least t0 - 0.5 and the last one at least 0.5.
        heard = share * duration
        assert t0 + 0.5 - 0.05 <= heard <= t0 + 1 + 0.05, (t0, heard)
