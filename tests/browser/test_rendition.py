"""The AAC/MP4 rendition made at intake for iOS WebViews, beside the OGG; the player offers
both and the browser takes what it can play."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.audio_samples import make_speech_wav
from bot.sandbox.double import TelegramDouble
from tests.support.browser import init_data_for, launch_fragment, phone_page
from tests.support.harness import ADMIN, GROUP, RunningBot, bound_group, eventually, say, web_server
from tests.support.members_day import lesson_sent


def codec_of(path: Path) -> str:
    done = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries"),
            *("stream=codec_name", "-of", "csv=p=0", str(path)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return done.stdout.decode().strip()


async def test_intake_makes_an_aac_rendition_the_player_offers_first(
    bot: RunningBot, double: TelegramDouble, tmp_path: Path
) -> None:
    (m,) = await bound_group(bot, double, members=1)
    group = await bot.services.groups.get(GROUP)
    assert group is not None
    source = bot.services.intake.new_download_path(".wav")
    source.write_bytes(make_speech_wav(tmp_path, seconds=11).read_bytes())
    view = await bot.services.intake.ingest(
        group_id=group.id,
        author_id=ADMIN,
        title="学习党章",
        source=source,
        source_file_unique_id=None,
    )
    ogg = Path(view.audio_path)
    m4a = ogg.with_suffix(".m4a")
    await bot.services.intake.renditions_settled()  # made after the lesson is queued
    assert codec_of(ogg) == "opus"
    assert m4a.is_file() and codec_of(m4a) == "aac"
    await say(double, ADMIN, ADMIN, f"/sendnow {view.id}")
    await eventually(lesson_sent(bot, view.id), timeout=10)

    init = init_data_for(m, now=bot.services.clock.now())
    async with web_server(bot) as base, phone_page() as page:
        await page.goto(f"{base}/app/?lesson={view.id}{launch_fragment(init)}")
        await page.wait_for_function("() => !document.getElementById('play').disabled")
        offered = await page.evaluate(
            f"() => ML.api('/api/lesson/{view.id}').then(r => r.data.audio.map(a => a.type))"
        )
        assert offered == ['audio/mp4; codecs="mp4a.40.2"', 'audio/ogg; codecs="opus"']
        can_aac = await page.evaluate(
            "() => document.getElementById('audio').canPlayType('audio/mp4; codecs=\"mp4a.40.2\"')"
        )
        src = await page.evaluate("() => document.getElementById('audio').src")
        assert src.split("?")[0].endswith("/m4a" if can_aac == "probably" else "/ogg")
        # It plays: the element reads the file's length from whichever source it took.
        await page.wait_for_function("() => document.getElementById('audio').duration > 0")
