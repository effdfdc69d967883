"""The Mini App player as people listen on a phone: with the screen off (the page hidden) it
plays on and counts what played, it says 已听完 at the end and offers 「✍️ 写心得」, and a
report that was on its way when the member paused is sent again rather than lost."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.async_api import Page, Route

from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from tests.support.browser import RunningClock, init_data_for, launch_fragment, phone_page
from tests.support.harness import RunningBot, bound_group, eventually, web_server
from tests.support.player import heard_share, lesson_out, make_short_lesson, player_listen

SECONDS = 5.0
# What the page tells the Telegram client, caught where the client's bridge would be.
BRIDGE = (
    "window.__events = [];"
    " window.TelegramWebviewProxy = { postEvent: (type, data) =>"
    " window.__events.push([type, data]) };"
)
HIDE = (
    "(hidden) => { Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});"
    " Object.defineProperty(document, 'visibilityState', {value: hidden ? 'hidden' : 'visible',"
    " configurable: true}); document.dispatchEvent(new Event('visibilitychange'));"
    " return document.getElementById('audio').currentTime; }"
)


@pytest.fixture(scope="session")
def short_ogg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_short_lesson(tmp_path_factory.mktemp("short"), SECONDS)


@pytest.fixture
def clock() -> RunningClock:
    """Real seconds: the server takes no more than could have played since the page opened."""
    return RunningClock(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))


@pytest.fixture
async def base(bot: RunningBot) -> AsyncIterator[str]:
    async with web_server(bot) as url:
        yield url


async def open_player(page: Page, base: str, init: str, lesson_id: int) -> None:
    await page.add_init_script(BRIDGE)
    await page.goto(f"{base}/app/?lesson={lesson_id}{launch_fragment(init)}")
    await page.wait_for_function("() => !document.getElementById('play').disabled")


async def set_rate(page: Page, rate: float) -> None:
    for _ in range(3):
        if await page.evaluate("() => document.getElementById('audio').playbackRate") == rate:
            return
        await page.click("#speed")
    raise AssertionError(f"no speed {rate}")


async def position(page: Page) -> float:
    return float(await page.evaluate("() => document.getElementById('audio').currentTime"))


async def test_with_the_page_hidden_it_plays_on_and_what_played_is_counted(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)  # 12 s
    duration = (await bot.services.heard.lesson(m, lesson_id)).duration
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as page:
        await open_player(page, base, init, lesson_id)
        await set_rate(page, 2)
        await page.click("#play")
        await page.wait_for_function("() => document.getElementById('audio').currentTime >= 1")
        t_hide = float(await page.evaluate(HIDE, True))  # the screen turns off
        # What was heard until then is sent as the page is hidden.

        async def sent_at_hiding() -> bool:
            share = await heard_share(bot, lesson_id, m)
            return share is not None and share * duration >= t_hide - 0.3

        await eventually(sent_at_hiding, timeout=10)
        assert not await page.evaluate("() => document.getElementById('audio').paused")
        # Still hidden: it plays on to the end, and the server hears of all of it.
        await page.wait_for_function("() => document.getElementById('audio').ended")
        assert await page.evaluate("() => document.hidden")

        async def all_heard() -> bool:
            share = await heard_share(bot, lesson_id, m)
            return share is not None and share >= 0.99

        await eventually(all_heard, timeout=10)
        assert await player_listen(bot, lesson_id, m) is not None
        await page.evaluate(HIDE, False)  # the screen on again: the page says so
        await page.wait_for_function(
            "() => document.getElementById('heard').textContent === '已听完'"
        )


async def test_the_end_shows_finished_at_100_and_offers_to_write_a_note(
    bot: RunningBot, double: TelegramDouble, short_ogg: Path, base: str
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, short_ogg)
    init = init_data_for(m, now=bot.services.clock.now())
    async with phone_page() as page:
        await open_player(page, base, init, lesson_id)
        assert await page.locator("#write-note").is_hidden()
        await set_rate(page, 2)
        await page.click("#play")
        await page.wait_for_function("() => document.getElementById('audio').ended")
        await page.wait_for_function(
            "() => document.getElementById('heard').textContent === '已听完'"
        )
        assert await heard_share(bot, lesson_id, m) == 1.0
        assert await page.evaluate("() => document.getElementById('heard-fill').style.width") == (
            "100%"
        )
        assert await page.inner_text("#message") == t("web.player.listened", "zh")
        button = page.locator("#write-note")
        assert await button.is_visible()
        assert (await button.inner_text()).strip() == t("web.player.write_note", "zh")
        await button.click()
        events = await page.evaluate("() => window.__events")
        opened = [json.loads(data) for kind, data in events if kind == "web_app_open_tg_link"]
        assert opened == [{"path_full": f"/microlesson_test_bot?start=n{lesson_id}"}]
        folder = os.environ.get("MICROLESSON_SCREENSHOTS")
        if folder:
            await page.screenshot(path=str(Path(folder) / "miniapp-player-finished.png"))


async def test_a_report_in_flight_when_the_member_pauses_is_followed_by_the_rest(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)  # 12 s
    duration = (await bot.services.heard.lesson(m, lesson_id)).duration
    init = init_data_for(m, now=bot.services.clock.now())
    in_flight, paused = asyncio.Event(), asyncio.Event()
    held: list[str] = []

    async def hold_the_first(route: Route) -> None:
        if not held:
            # The first report while playing stays on its way until the member has paused.
            held.append(route.request.post_data or "")
            in_flight.set()
            await paused.wait()
        await route.continue_()

    async with phone_page() as page:
        await page.route("**/api/lesson/*/heard", hold_the_first)
        await open_player(page, base, init, lesson_id)
        await page.click("#play")  # 1x
        await asyncio.wait_for(in_flight.wait(), timeout=15)
        t_sent = await position(page)
        await page.wait_for_function(
            f"() => document.getElementById('audio').currentTime >= {t_sent + 1.5}"
        )
        await page.click("#play")  # pause, with the report still on its way
        assert await page.evaluate("() => document.getElementById('audio').paused")
        t_pause = await position(page)
        paused.set()

        async def the_rest_arrived() -> bool:
            share = await heard_share(bot, lesson_id, m)
            return share is not None and share * duration >= t_pause - 0.3

        await eventually(the_rest_arrived, timeout=15)
        assert await page.evaluate("() => document.getElementById('audio').paused")
        assert not await page.evaluate("() => MLPlayer.state().unsent")


async def test_a_report_that_did_not_get_through_at_a_pause_is_sent_again(
    bot: RunningBot, double: TelegramDouble, ogg: Path, base: str
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    lesson_id = await lesson_out(bot, double, ogg)  # 12 s
    duration = (await bot.services.heard.lesson(m, lesson_id)).duration
    init = init_data_for(m, now=bot.services.clock.now())
    offline = [True]
    failed = asyncio.Event()

    async def network(route: Route) -> None:
        if offline[0]:
            failed.set()
            await route.abort("internetdisconnected")
        else:
            await route.continue_()

    async with phone_page() as page:
        await page.route("**/api/lesson/*/heard", network)
        await open_player(page, base, init, lesson_id)
        await set_rate(page, 2)
        await page.click("#play")
        await page.wait_for_function("() => document.getElementById('audio').currentTime >= 2")
        await page.click("#play")  # pause: its report does not get through
        t_pause = await position(page)
        await asyncio.wait_for(failed.wait(), timeout=10)
        offline_text = json.dumps(t("web.offline", "zh"))
        await page.wait_for_function(
            f"() => document.getElementById('message').textContent === {offline_text}"
        )
        assert await heard_share(bot, lesson_id, m) == 0
        offline[0] = False
        await page.evaluate("() => window.dispatchEvent(new Event('online'))")

        async def arrived() -> bool:
            share = await heard_share(bot, lesson_id, m)
            return share is not None and share * duration >= t_pause - 0.3

        await eventually(arrived, timeout=10)
        assert await page.evaluate("() => document.getElementById('audio').paused")
