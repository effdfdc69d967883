"""The words the branch uses (issue 21, item 8): retired words stay out of every text, English
counts agree with their nouns, and Chinese texts show dates as people read them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.core.formatting import day_ranges, local_day, local_slot, plural, zone_label
from bot.core.i18n import TEXTS, t
from bot.core.when import short_day, short_day_time
from bot.delivery.plans import BroadcastPlan
from bot.telegram.lesson_message import lesson_caption, lesson_markup

RETIRED_ZH = (
    "播出",
    "已离群",
    "无法联系",
    "我不认识这个命令",
    "回复本条消息即可提交学习心得",
    "即可提交学习心得",  # the same hint said of "课程消息"
    "(Asia/Shanghai)",
    "（Asia/Shanghai）",
    "「{title}」",
)


@pytest.mark.parametrize("word", RETIRED_ZH)
def test_no_chinese_text_uses_a_retired_word(word: str) -> None:
    found = sorted(key for key, value in TEXTS.items() if word in value["zh"])
    assert found == [], f"{word!r} still in {found}"


def test_no_english_text_hard_codes_a_plural_after_a_count() -> None:
    """ "{points} points" reads "1 points"; counts go through the plural form."""
    hard = re.compile(r"\{\w+\}\s+(points|days|questions|photos|lessons|members|people)\b|\(s\)")
    found = sorted(key for key, value in TEXTS.items() if hard.search(value["en"]))
    assert found == []


def test_the_replacement_words_are_in_use() -> None:
    zh = " ".join(value["zh"] for value in TEXTS.values())
    for word in ("立即推送", "推送日", "已退群", "未开通推送", "无法送达", "没有这个命令"):
        assert word in zh, word
    assert "点「✍️ 写心得」或回复本条消息提交学习心得" in t(
        "broadcast.caption", "zh", n=1, title="x", day="d"
    )
    assert t("listen.already", "en") == "You've already marked this as listened"


def test_plural_picks_the_form_by_the_count() -> None:
    assert plural(1, "point") == "1 point"
    assert plural(2, "point") == "2 points"
    assert plural(0, "day") == "0 days"
    assert plural(1, "day") == "1 day"
    assert plural(2, "quiz question") == "2 quiz questions"
    assert plural(3, "person", "people") == "3 people"


def test_english_texts_with_counts_agree() -> None:
    assert t("listen.recorded", "en", points=1) == "Recorded, +1 point"
    assert t("listen.recorded", "en", points=2) == "Recorded, +2 points"
    assert t("leave.too_long", "en", days=1) == "One leave can be at most 1 day."
    assert t("leave.too_long", "en", days=14) == "One leave can be at most 14 days."
    assert t("listen.recorded", "zh", points=2) == "已记录 +2 分"


def test_chinese_dates_read_month_day_weekday_time() -> None:
    # 06:30 UTC is 14:30 in Beijing, on Wednesday 4 March 2026.
    instant = datetime(2026, 3, 4, 6, 30, tzinfo=UTC)
    assert short_day_time(datetime(2026, 3, 4, 14, 30, tzinfo=UTC), "zh") == "3月4日（周三）14:30"
    assert local_slot(instant, "Asia/Shanghai", "zh") == "3月4日（周三）14:30"
    assert local_day(instant, "Asia/Shanghai", "zh") == "3月4日（周三）"
    assert short_day(date(2026, 3, 5), "zh") == "3月5日（周四）"
    ranges = [(date(2026, 3, 5), date(2026, 3, 5)), (date(2026, 3, 9), date(2026, 3, 11))]
    assert day_ranges(ranges, "zh") == "3月5日（周四）、3月9日（周一）至3月11日（周三）"
    assert "2026-03" not in day_ranges(ranges, "zh")


def test_the_zone_reads_beijing_time_in_chinese_and_keeps_other_names() -> None:
    assert zone_label("Asia/Shanghai", "zh") == "北京时间"
    assert zone_label("Asia/Shanghai", "en") == "Beijing time"
    assert zone_label("Europe/Berlin", "zh") == "Europe/Berlin"
    shown = t(
        "settings.time_set", "zh", time="07:30", tz=zone_label("Asia/Shanghai", "zh"), next="x"
    )
    assert "（北京时间）" in shown


def test_each_lesson_caption_names_the_note_button_its_message_carries() -> None:
    """The private copy has 「✍️ 写心得」; the group's copy has only the private link."""
    plan = BroadcastPlan(
        lesson_id=1,
        number=1,
        group_id=1,
        group_chat_id=-100,
        group_title="第一党支部",
        thread_id=None,
        pin=False,
        title="学习党章",
        slot_at=datetime(2026, 3, 3, 23, 30, tzinfo=UTC),  # 07:30 on 4 March in Beijing
        timezone="Asia/Shanghai",
        duration=60.0,
        audio_path="",
        voice_file_id=None,
        author_id=10,
        group_target=None,
        private_targets=[],
    )
    for in_group, username in ((False, None), (True, "microlesson_bot")):
        caption = lesson_caption(plan, "zh", in_group=in_group)
        markup = lesson_markup(1, "zh", username)
        labels = [button.text for row in markup.inline_keyboard for button in row]
        named = re.findall(r"「([^」]+)」", caption)
        assert named and all(label in labels for label in named), (caption, labels)
        assert "#1“学习党章”（第1期）\n3月4日（周三）\n" in caption
