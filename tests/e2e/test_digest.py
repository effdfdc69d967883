"""The weekly digest: a real PNG chart with Chinese labels, sent to the secretaries once per
group and week (across a restart), with the week's figures and the featured notes."""

from __future__ import annotations

import io
import struct
import warnings
from datetime import datetime
from pathlib import Path

import pytest
from matplotlib.ft2font import FT2Font
from PIL import Image

from bot.core.clock import FakeClock
from bot.core.config import ConfigError, parse_settings
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.secretary.chart import ChartData, find_cjk_font, render_chart
from tests.support.harness import ADMIN, RunningBot, start_bot, text_of
from tests.support.members_day import press
from tests.support.secretary_view import SHANGHAI, live_a_month

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART = ChartData(
    title="第一党支部 · 每周学习简报（3月2日—3月8日）",
    days=[("3月2日（周一）", 18, 25), ("3月3日（周二）", 20, 24), ("3月4日（周三）", 0, 25)],
    members=[("王书记", 3, 3), ("党员张三", 2, 3), ("李四", 0, 2)],
)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels in the box clearly darker than the white background."""
    crop = image.crop(box).convert("L")
    histogram = crop.histogram()  # 256 counts of grey levels
    return sum(histogram[:128])


def test_the_chart_is_a_real_png_with_ink_where_the_chinese_labels_are() -> None:
    font = find_cjk_font()
    assert font is not None, "scripts/bootstrap.sh installs fonts-wqy-microhei"
    face = FT2Font(str(font))
    assert all(face.get_char_index(ord(ch)) for ch in "第一党支部每周学习简报王书记张三李四")

    chart = render_chart(CHART, font)

    width, height = png_size(chart.png)
    assert (width, height) == (chart.width, chart.height)
    assert 600 <= width <= 2000 and 400 <= height <= 3000
    image = Image.open(io.BytesIO(chart.png))
    image.load()
    assert image.format == "PNG" and image.size == (width, height)
    labels = dict(chart.labels)
    for text in (CHART.title, "3月2日（周一）", "王书记", "党员张三", "每日收听"):
        box = labels[text]
        assert ink(image, box) > 20, f"no ink where {text!r} is drawn ({box})"
    # A blank strip (between the title and the right edge) really is blank: ink means text.
    assert ink(image, (width - 20, 0, width, 15)) == 0


def test_a_missing_font_is_logged_clearly_and_the_chart_still_renders(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert find_cjk_font(known=("/nonexistent/font.ttc",)) is None
    assert "no CJK font found" in caplog.text and "fonts-wqy-microhei" in caplog.text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # matplotlib: glyphs missing, as expected
        assert render_chart(CHART, None).png.startswith(PNG_SIGNATURE)


def test_digest_settings_are_validated_with_the_key_named() -> None:
    assert parse_settings({}, "t").digest.weekday == "mon"
    assert (
        parse_settings({"digest": {"weekday": "FRI", "time": "7:05"}}, "t").digest.time == "07:05"
    )
    for section, message in (
        ({"weekday": "monday"}, "[digest] weekday unknown day 'monday'"),
        ({"time": "8am"}, "[digest] time must be a time written HH:MM"),
        ({"font": "/nonexistent.ttf"}, "[digest] font font file '/nonexistent.ttf' does not"),
        ({"colour": "red"}, "[digest] colour is not a known setting"),
    ):
        with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
            parse_settings({"digest": section}, "config.toml")


@pytest.mark.both_stores
async def test_the_weekly_digest_goes_to_the_secretary_once_per_week_across_a_restart(
    bot: RunningBot, double: TelegramDouble, clock: FakeClock, ogg: Path
) -> None:
    month = await live_a_month(bot, double, clock, ogg)
    # The secretary features the HTML note of lesson 1 from the private report.
    cur = double.cursor()
    double.user_sends(ADMIN, ADMIN, f"/report {month.lesson1}")
    notes_msg = await double.wait_for(
        lambda m: m.chat_id == ADMIN and m.reply_markup is not None, after=cur
    )
    assert notes_msg.reply_markup is not None
    data = notes_msg.reply_markup["inline_keyboard"][0][0]["callback_data"]
    await press(double, ADMIN, ADMIN, notes_msg.message_id, data)

    # Sunday evening: not yet. Monday 08:00 in the group's zone: due.
    clock.set(datetime(2026, 3, 8, 23, 0, tzinfo=SHANGHAI))
    assert await bot.services.digest.send_due() == 0
    clock.set(datetime(2026, 3, 9, 8, 0, tzinfo=SHANGHAI))
    cur = double.cursor()
    assert await bot.services.digest.send_due() == 1
    photos = [m for m in double.sent[cur:] if m.method == "sendPhoto"]
    assert [m.chat_id for m in photos] == [ADMIN]
    stored = double.world.files[str(photos[0].file_id)].data
    assert stored is not None and png_size(stored)[0] >= 600
    caption = t("digest.caption", "zh", group="第一党支部", start="3月2日", end="3月8日")
    assert text_of(photos[0]) == caption
    texts = [text_of(m) for m in double.sent[cur:] if m.method == "sendMessage"]
    assert len(texts) == 1
    # Lesson 1: 2 of 3 (one on leave); lesson 2: 3 of 4 (one gone). No lessons the week before.
    figures = t(
        "digest.figures",
        "zh",
        lessons=2,
        listened=5,
        expected=7,
        rate="71%",
        last_listened=0,
        last_expected=0,
        last_rate="—",
        makeup=1,
        notes=2,
        last_notes=0,
    )
    assert figures in texts[0]
    assert t("digest.featured_header", "zh") in texts[0]
    # No roster here: the Telegram name, marked as such.
    assert "· 党员1（昵称）（#1）：<b>学习心得</b>" in texts[0]

    # Again the same week, and after a restart: never a second time.
    clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=SHANGHAI))
    assert await bot.services.digest.send_due() == 0
    settings = bot.services.settings
    await bot.stop()
    again = await start_bot(double, settings, clock)
    try:
        clock.set(datetime(2026, 3, 11, 12, 0, tzinfo=SHANGHAI))
        assert await again.services.digest.send_due() == 0
    finally:
        await again.stop()
    assert len([m for m in double.sent[cur:] if m.method == "sendPhoto"]) == 1
