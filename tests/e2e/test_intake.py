"""Lesson intake end to end: real recordings in every phone format, refusals, queue commands."""

from __future__ import annotations

import asyncio
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from benchmarks.audio_samples import (
    PHONE_FORMATS,
    make_hls_playlist,
    make_speech_wav,
    stream_info,
)
from benchmarks.support import BotProcess, write_config
from bot.audio import AudioReport, AudioSettings
from bot.core.clock import FakeClock
from bot.core.i18n import t
from bot.sandbox.double import TelegramDouble
from bot.sandbox.double.state import SentMessage
from handlers.prompts import typed_question
from storage.models import Lesson
from tests.support.harness import (
    ADMIN,
    GROUP,
    RunningBot,
    bound_group,
    eventually,
    say,
    settings_for,
    settled,
    setup_group,
    start_bot,
    text_of,
)
from tests.support.members_day import press
from tests.support.tool_gate import ToolGate

MIME = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg_opus": "audio/ogg",
    "ogg_vorbis": "audio/ogg",
    "wav": "audio/x-wav",
    "flac": "audio/flac",
    "webm_opus": "audio/webm",
    "opus": "audio/opus",
    "mp4_video": "video/mp4",
}


def _is_voice_preview(m: SentMessage) -> bool:
    return m.chat_id == ADMIN and m.method == "sendVoice"


async def _upload(
    double: TelegramDouble, kind: str, path: Path | bytes | None, **kw: Any
) -> SentMessage:
    """The secretary sends a file; returns the bot's final answer (preview or refusal)."""
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, kind, path, **kw)
    return await double.wait_for(
        lambda m: m.chat_id == ADMIN and "正在处理" not in text_of(m), after=cur, timeout=30
    )


async def _lesson_count(bot: RunningBot) -> int:
    async with bot.services.db.transaction() as s:
        return int((await s.execute(select(func.count()).select_from(Lesson))).scalar_one())


async def _only_lesson(bot: RunningBot) -> Lesson:
    async with bot.services.db.transaction() as s:
        return (await s.execute(select(Lesson))).scalar_one()


def _buttons(m: SentMessage) -> list[str]:
    markup = m.reply_markup or {}
    return [
        b["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


CASES = [(name, "audio") for name in PHONE_FORMATS] + [
    ("ogg_opus", "voice"),
    ("m4a", "document"),
    ("mp4_video", "video_note"),
    ("mp4_video", "video"),
]


@pytest.mark.parametrize(("fmt", "kind"), CASES, ids=[f"{k}-{f}" for f, k in CASES])
async def test_every_phone_format_becomes_a_queued_voice_lesson(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path], fmt: str, kind: str
) -> None:
    await bound_group(bot, double)
    path = recordings[fmt]
    extra: dict[str, Any] = {"duration": 14}
    if kind in ("audio", "document"):
        extra.update(mime_type=MIME[fmt], file_name=f"lesson{path.suffix}")
    answer = await _upload(double, kind, path, caption="学习党章第一课", **extra)

    assert answer.method == "sendVoice", text_of(answer)
    assert "#1“学习党章第一课”" in text_of(answer)
    assert "3月3日（周二）07:30" in text_of(answer)  # next free slot, Shanghai time
    assert _buttons(answer) == ["now:1", "resched:1", "rename:1", "cancel:1"]
    lesson = await _only_lesson(bot)
    assert lesson.status == "queued" and lesson.title == "学习党章第一课"
    assert lesson.slot_at == datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert 11.0 < lesson.duration_out < 13.5 < lesson.duration_in + 0.5
    assert abs(lesson.lufs_out - -16.0) < 1.0
    # The preview's upload is the lesson's voice; broadcasts will reuse its file_id.
    await eventually(lambda: _voice_is(bot, answer.file_id))
    info = stream_info(Path(lesson.audio_path))
    assert (info["codec_name"], info["sample_rate"], info["channels"]) == ("opus", "48000", "1")
    assert lesson.original_path is not None and Path(lesson.original_path).exists()


async def test_without_caption_the_title_is_the_date_and_can_be_renamed(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    answer = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
    assert "#1“微党课 2026年3月3日”" in text_of(answer)

    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, answer.message_id, "rename:1")
    prompt = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(prompt) == typed_question(t("intake.waiting_title", "zh", n=1), "zh")
    assert await say(double, ADMIN, ADMIN, "新时代的使命") == t(
        "lesson.renamed", "zh", n=1, title="新时代的使命"
    )
    assert await say(double, ADMIN, ADMIN, "/title 1 第二个标题") == t(
        "lesson.renamed", "zh", n=1, title="第二个标题"
    )
    assert (await _only_lesson(bot)).title == "第二个标题"


BAD = [
    ("text", "document", {"mime_type": "text/plain", "file_name": "notes.txt"}, "intake.not_audio"),
    ("png", "document", {"mime_type": "image/png", "file_name": "p.png"}, "intake.not_audio"),
    ("corrupt", "audio", {"mime_type": "audio/mpeg", "file_name": "x.mp3"}, "intake.undecodable"),
    (
        "corrupt",
        "document",
        {"mime_type": "audio/mpeg", "file_name": "x.mp3"},
        "intake.undecodable",
    ),
    ("silent", "audio", {"mime_type": "audio/mp4", "file_name": "s.m4a"}, "intake.silent"),
]


@pytest.mark.parametrize(("name", "kind", "extra", "key"), BAD, ids=[f"{b[0]}-{b[1]}" for b in BAD])
async def test_bad_files_get_a_specific_answer_and_store_nothing(
    bot: RunningBot,
    double: TelegramDouble,
    recordings: dict[str, Path],
    settings: Any,
    name: str,
    kind: str,
    extra: dict[str, Any],
    key: str,
) -> None:
    await bound_group(bot, double)
    answer = await _upload(double, kind, recordings[name], **extra)
    assert text_of(answer) == t(key, "zh")
    assert await _lesson_count(bot) == 0
    audio_dir: Path = settings.storage.audio_dir
    assert [p for p in audio_dir.rglob("*") if p.is_file()] == []
    # The next valid upload works.
    ok = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
    assert ok.method == "sendVoice" and "#1" in text_of(ok)


async def test_too_short_and_too_long_recordings_are_refused(
    double: TelegramDouble,
    db_url: str,
    tmp_path: Path,
    clock: FakeClock,
    recordings: dict[str, Path],
) -> None:
    settings = settings_for(double, db_url, tmp_path / "audio", audio={"max_seconds": 11})
    bot = await start_bot(double, settings, clock)
    try:
        await bound_group(bot, double)
        short = await _upload(
            double, "audio", recordings["too_short"], mime_type="audio/mp4", file_name="short.m4a"
        )
        assert text_of(short).startswith("录音太短（")
        assert "至少需要 10 秒" in text_of(short)
        long = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
        assert text_of(long).startswith("录音太长（")
        assert await _lesson_count(bot) == 0
    finally:
        await bot.stop()


async def test_file_over_the_bot_download_limit_suggests_a_voice_note(
    bot: RunningBot, double: TelegramDouble
) -> None:
    await bound_group(bot, double)
    answer = await _upload(
        double,
        "audio",
        b"x" * 1000,
        file_size=25 * 1024 * 1024,
        mime_type="audio/mpeg",
        file_name="big.mp3",
    )
    assert text_of(answer) == t("intake.too_big", "zh")
    assert "语音" in text_of(answer)
    assert not double.calls_to("getFile")
    assert await _lesson_count(bot) == 0


async def test_member_who_is_not_a_secretary_gets_an_explanation(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=1)
    cur = double.cursor()
    double.user_sends_file(members[0], members[0], "voice", recordings["ogg_opus"], duration=14)
    answer = await double.wait_for(lambda m: m.chat_id == members[0], after=cur)
    assert text_of(answer) == t("intake.not_secretary", "zh")
    assert await _lesson_count(bot) == 0


async def test_secretary_of_two_groups_picks_one_with_buttons(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    double.add_group(-2002, "第二党支部", type="supergroup")
    double.set_member(-2002, ADMIN, "administrator")
    double.add_bot_to_group(-2002, ADMIN)
    await say(double, -2002, ADMIN, "/bind")

    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", recordings["ogg_opus"], duration=14)
    question = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(question) == t("intake.pick_group", "zh")
    second = await bot.services.groups.get(-2002)
    assert second is not None
    assert f"pick:{second.id}" in _buttons(question)
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, question.message_id, f"pick:{second.id}")
    preview = await double.wait_for(_is_voice_preview, after=cur, timeout=30)
    assert "群：第二党支部" in text_of(preview)
    assert (await _only_lesson(bot)).group_id == second.id


async def test_queue_commands_and_their_refusals(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=1)
    await _upload(double, "voice", recordings["ogg_opus"], caption="第一课", duration=14)
    await _upload(double, "voice", recordings["ogg_opus"], caption="第二课", duration=14)

    listing = await say(double, ADMIN, ADMIN, "/lessons")
    assert "#1“第一课”· 第一党支部 · 3月3日（周二）07:30" in listing
    assert "#2“第二课”· 第一党支部 · 3月4日（周三）07:30" in listing

    assert await say(double, ADMIN, ADMIN, "/schedule 2 2026-03-01 07:30") == t(
        "lesson.in_past", "zh"
    )
    assert await say(double, ADMIN, ADMIN, "/schedule 2 明天 早上") == t(
        "when.bad_day_time", "zh", text="明天 早上"
    )
    assert await say(double, ADMIN, ADMIN, "/schedule 2 2026-03-03 07:30") == t(
        "lesson.slot_taken", "zh"
    )
    assert await say(double, ADMIN, ADMIN, "/schedule 2 3月10日 09：15") == t(
        "lesson.rescheduled", "zh", n=2, slot="3月10日（周二）09:15"
    )
    async with bot.services.db.transaction() as s:
        second = await s.get(Lesson, 2)
    assert second is not None
    assert second.slot_at == datetime(2026, 3, 10, 1, 15, tzinfo=UTC)

    assert await say(double, ADMIN, ADMIN, "/cancel 1") == t(
        "lesson.cancel_done", "zh", n=1, title="第一课"
    )
    assert await say(double, ADMIN, ADMIN, "/sendnow 1") == t("lesson.cancelled", "zh", n=1)
    assert await say(double, ADMIN, ADMIN, "/cancel 99") == t("lesson.not_found", "zh", n=99)
    assert await say(double, ADMIN, ADMIN, "/cancel") == t("lesson.usage_n", "zh", cmd="cancel")
    # A member who runs no group cannot touch the secretary's lesson.
    assert await say(double, members[0], members[0], "/cancel 2") == t(
        "lesson.not_yours", "zh", n=2
    )
    assert await say(double, members[0], members[0], "/title 2 我的标题") == t(
        "lesson.not_yours", "zh", n=2
    )


async def test_another_time_button_offers_free_slots(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    preview = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, preview.message_id, "resched:1")
    offer = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    slots = _buttons(offer)
    assert len(slots) == 3 and all(s.startswith("slot:1:") for s in slots)
    # Other times only: the slot it already has is no choice.
    lesson = await _only_lesson(bot)
    assert lesson.slot_at is not None
    assert f"slot:1:{int(lesson.slot_at.timestamp())}" not in slots
    cur = double.cursor()
    double.press_button(ADMIN, ADMIN, offer.message_id, slots[0])
    done = await double.wait_for(lambda m: m.chat_id == ADMIN, after=cur)
    assert text_of(done) == t("lesson.rescheduled", "zh", n=1, slot="3月4日（周三）07:30")


async def test_forged_button_data_is_refused(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    members = await bound_group(bot, double, members=1)
    preview = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
    qid = double.press_button(ADMIN, ADMIN, preview.message_id, "cancel:abc", check=False)
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("button.forged", "zh")
    # Another person pressing the secretary's cancel button changes nothing.
    qid = double.press_button(ADMIN, members[0], preview.message_id, "cancel:1", check=False)
    await double.wait_until(lambda: qid in double.callback_answers)
    assert double.callback_answers[qid]["text"] == t("lesson.not_yours", "zh", n=1)
    assert (await _only_lesson(bot)).status == "queued"


async def test_help_is_answered_while_a_recording_is_processed(
    double: TelegramDouble, db_url: str, tmp_path: Path, recordings: dict[str, Path]
) -> None:
    """The bot runs in its own process, so its event loop is not the test's. Its audio tools
    wait at a gate that opens only once /help has been answered: a pipeline on the event loop
    would hold the loop at the gate and /help would never be answered, on any machine."""
    gate = ToolGate.create(tmp_path / "gate")
    config = write_config(tmp_path, double, db_url)
    bot = BotProcess(config, tmp_path / "bot.log", env=gate.env())
    members = setup_group(double, members=1)
    double.add_bot_to_group(GROUP, ADMIN)
    bot.start()
    try:
        cur = double.cursor()
        double.user_sends(GROUP, ADMIN, "/bind")
        bound = await double.wait_for(lambda m: m.chat_id == GROUP, after=cur, timeout=60)
        assert text_of(bound).startswith("已绑定本群"), (tmp_path / "bot.log").read_text()
        cur = double.cursor()
        double.user_sends_file(ADMIN, ADMIN, "voice", recordings["ogg_opus"], duration=14)
        await gate.wait_reached(timeout=60)

        help_at = double.cursor()
        double.user_sends(members[0], members[0], "/help")
        answer = await double.wait_for(lambda m: m.chat_id == members[0], after=help_at, timeout=30)
        assert text_of(answer) == t("help.private", "zh")
        assert not [m for m in double.sent[cur:] if _is_voice_preview(m)]
        gate.open()
        preview = await double.wait_for(_is_voice_preview, after=cur, timeout=60)
        assert "#1" in text_of(preview)
        assert not gate.gave_up
    finally:
        await bot.stop()


async def _voice_is(bot: RunningBot, file_id: str | None) -> bool:
    return (await _only_lesson(bot)).voice_file_id == file_id


async def _has_lesson(bot: RunningBot) -> bool:
    return await _lesson_count(bot) == 1


async def test_a_second_upload_is_told_its_place_in_the_queue(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    jobs = bot.services.intake.jobs
    assert jobs.workers == 1
    real, started, release = jobs.pipeline, threading.Event(), threading.Event()

    def held(src: Path, dst: Path, settings: AudioSettings) -> AudioReport:
        started.set()  # the first recording holds the only worker until released
        release.wait(timeout=60)
        return real(src, dst, settings)

    jobs.pipeline = held
    cur = double.cursor()
    double.user_sends_file(ADMIN, ADMIN, "voice", recordings["ogg_opus"], caption="第一课")
    assert await asyncio.to_thread(started.wait, 30)
    double.user_sends_file(ADMIN, ADMIN, "voice", recordings["ogg_opus"], caption="第二课")
    queued = await double.wait_for(
        lambda m: m.chat_id == ADMIN and "排队" in text_of(m), after=cur, timeout=30
    )
    assert text_of(queued) == t("intake.queued", "zh", ahead=1)
    assert text_of(queued).startswith("排队中，前面还有 1 个")
    release.set()
    await double.wait_for(
        lambda m: _is_voice_preview(m) and "第二课" in text_of(m), after=cur, timeout=60
    )
    previews = [text_of(m) for m in double.sent[cur:] if _is_voice_preview(m)]
    assert len(previews) == 2 and "第一课" in previews[0] and "第二课" in previews[1]


async def test_a_playlist_sent_as_a_document_is_refused_and_nothing_is_stored(
    bot: RunningBot, double: TelegramDouble, settings: Any, tmp_path: Path
) -> None:
    await bound_group(bot, double)
    elsewhere = make_speech_wav(tmp_path, seconds=12)  # a recording on the server's disk
    playlist = make_hls_playlist(tmp_path, str(elsewhere), name="lesson.m4a")
    answer = await _upload(
        double, "document", playlist, mime_type="audio/mp4", file_name="lesson.m4a"
    )
    assert text_of(answer) == t("intake.playlist", "zh")
    assert await _lesson_count(bot) == 0
    audio_dir: Path = settings.storage.audio_dir
    assert [p for p in audio_dir.rglob("*") if p.is_file()] == []


def test_ffmpeg_has_libopus() -> None:
    out = subprocess.run(
        ["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True, check=True
    )
    assert "libopus" in out.stdout


async def test_a_cancelled_lessons_card_loses_its_buttons_and_they_no_longer_ask(
    bot: RunningBot, double: TelegramDouble, recordings: dict[str, Path]
) -> None:
    await bound_group(bot, double)
    preview = await _upload(double, "voice", recordings["ogg_opus"], duration=14)
    qid = double.press_button(ADMIN, ADMIN, preview.message_id, "cancel:1")
    await double.wait_until(lambda: qid in double.callback_answers)
    await double.wait_until(
        lambda: not (double.world.message(ADMIN, preview.message_id) or {}).get("reply_markup")
    )
    # A press that was already on its way (or an old copy of the card): refused, nothing asked.
    for data in ("rename:1", "resched:1"):
        cur = double.cursor()
        answer = await press(double, ADMIN, ADMIN, preview.message_id, data, check=False)
        assert answer == t("lesson.cancelled", "zh", n=1)
        await settled(bot)
        assert [m for m in double.sent[cur:] if m.chat_id == ADMIN] == []
    assert (await _only_lesson(bot)).status == "cancelled"
