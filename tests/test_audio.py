"""bot.audio on real audio made by espeak-ng + ffmpeg (tests/audio_samples.py)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from bot.audio import (
    AudioError,
    AudioReport,
    AudioSettings,
    integrated_loudness,
    probe_duration,
    process_audio,
    process_file,
)
from tests import audio_samples as samples
from tests.tool_gate import ToolGate

LEAD = 1.0
TAIL = 1.0
SPEECH_SECONDS = 12.0
SETTINGS = AudioSettings()


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("audio_src")
    return samples.make_speech_wav(
        directory, seconds=SPEECH_SECONDS, lead_silence=LEAD, tail_silence=TAIL, gain_db=-12.0
    )


@pytest.fixture(scope="session")
def phone_files(tmp_path_factory: pytest.TempPathFactory, speech_wav: Path) -> dict[str, Path]:
    return samples.make_phone_formats(tmp_path_factory.mktemp("audio_formats"), speech_wav)


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return samples.make_bad_inputs(tmp_path_factory.mktemp("audio_bad"))


def _leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("fmt", [*samples.PHONE_FORMATS, "mp4_video"])
def test_formats_become_normalised_voice_notes(
    fmt: str, phone_files: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "out.ogg"
    report = process_file(phone_files[fmt], dst, SETTINGS)

    assert isinstance(report, AudioReport)
    assert list(report.as_dict()) == [
        "duration_in",
        "duration_out",
        "lufs_in",
        "lufs_out",
        "trimmed_start",
        "trimmed_end",
        "seconds",
    ]
    info = samples.stream_info(dst)
    assert info["codec_name"] == "opus"
    assert info["format_name"] == "ogg"
    assert info["channels"] == "1"
    assert info["sample_rate"] == "48000"

    measured = samples.ebur128(dst)
    assert abs(measured.integrated - SETTINGS.target_lufs) <= 1.0, measured
    assert measured.true_peak <= SETTINGS.true_peak_db, measured  # of the encoded file
    assert abs(report.lufs_out - SETTINGS.target_lufs) <= 0.5, report
    assert report.lufs_in < -25  # the source is quiet (about -32 LUFS)

    assert abs(report.trimmed_start - LEAD) <= 0.3, report
    assert abs(report.trimmed_end - TAIL) <= 0.4, report  # some codecs pad the end
    assert abs(report.duration_out - SPEECH_SECONDS) <= 0.6, report
    lead, tail = samples.edge_silence(dst)
    assert lead <= 0.5 and tail <= 0.5, (lead, tail)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("silent", "silent"),
        ("too_short", "too_short"),
        ("corrupt", "undecodable"),
        ("text", "not_audio"),
        ("png", "not_audio"),
    ],
)
def test_bad_inputs_are_refused(
    kind: str, code: str, bad_files: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "out.ogg"
    with pytest.raises(AudioError) as info:
        process_file(bad_files[kind], dst, SETTINGS)
    assert info.value.code == code, info.value
    if code == "too_short":
        assert info.value.duration is not None and 2.5 <= info.value.duration <= 4.0
    assert not dst.exists()
    assert list(tmp_path.iterdir()) == []


def test_too_long_after_decoding(speech_wav: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.ogg"
    with pytest.raises(AudioError) as info:
        process_file(speech_wav, dst, AudioSettings(min_seconds=1, max_seconds=5))
    assert info.value.code == "too_long"
    assert info.value.duration is not None
    assert abs(info.value.duration - SPEECH_SECONDS) <= 0.6
    assert list(tmp_path.iterdir()) == []


def test_too_long_rejected_by_probe_before_decoding(speech_wav: Path, tmp_path: Path) -> None:
    duration = probe_duration(speech_wav)
    assert duration is not None and abs(duration - (SPEECH_SECONDS + LEAD + TAIL)) < 0.1
    settings = AudioSettings(min_seconds=1, max_seconds=2, probe_slack_seconds=1)
    with pytest.raises(AudioError) as info:
        process_file(speech_wav, tmp_path / "out.ogg", settings)
    assert info.value.code == "too_long"
    assert info.value.duration == pytest.approx(duration)


def test_existing_dst_is_replaced_only_on_success(
    speech_wav: Path, bad_files: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "lesson.ogg"
    dst.write_bytes(b"previous lesson")
    with pytest.raises(AudioError):
        process_file(bad_files["silent"], dst, SETTINGS)
    assert dst.read_bytes() == b"previous lesson"
    process_file(speech_wav, dst, SETTINGS)
    assert samples.stream_info(dst)["codec_name"] == "opus"
    assert _leftovers(tmp_path) == []


def test_quiet_peaky_speech_is_limited_and_on_target(tmp_path: Path) -> None:
    # Very quiet speech with a few loud clicks: plain gain would clip the clicks.
    wav = samples.make_speech_wav(tmp_path, seconds=12, gain_db=-28, name="quiet.wav")
    x = samples.decode_mono(wav).copy()
    for t in (3.0, 6.0, 9.0):
        i = int(t * 48_000)
        x[i : i + 24] = np.float32(0.9) * np.hanning(24).astype(np.float32)
    peaky = tmp_path / "peaky.flac"
    raw = tmp_path / "peaky.f32"
    raw.write_bytes(x.tobytes())
    samples.convert_raw_f32(raw, peaky, ["-c:a", "flac"])
    report = process_file(peaky, tmp_path / "out.ogg", SETTINGS)
    assert abs(report.lufs_out - SETTINGS.target_lufs) <= 0.5, report
    out = samples.ebur128(tmp_path / "out.ogg")
    assert abs(out.integrated - SETTINGS.target_lufs) <= 1.0, out
    # the clicks at 0.9 (-0.9 dBFS) would be at about +30 dBFS without limiting
    assert out.true_peak <= SETTINGS.true_peak_db, out


def test_true_peak_overshoot_is_corrected_by_rendering_again(
    speech_wav: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Without encoder headroom Opus overshoots -1 dBTP; the verification pass
    # must notice and render again with the limiter aimed lower.
    settings = AudioSettings(encoder_headroom_db=0.0)
    dst = tmp_path / "out.ogg"
    with caplog.at_level(logging.INFO, logger="bot.audio"):
        report = process_file(speech_wav, dst, settings)
    renders_again = [r for r in caplog.records if "rendering again" in r.getMessage()]
    assert renders_again, "the first render was not too hot: this test proves nothing"
    out = samples.ebur128(dst)
    assert out.true_peak <= settings.true_peak_db, out
    assert abs(out.integrated - settings.target_lufs) <= 1.0, out
    assert abs(report.lufs_out - settings.target_lufs) <= 0.5, report


def test_meter_matches_pyloudnorm(speech_wav: Path) -> None:
    x = samples.decode_mono(speech_wav)
    ours = integrated_loudness(x)
    reference = pyloudnorm.Meter(48_000).integrated_loudness(x.astype(np.float64))
    assert abs(ours - reference) <= 0.1, (ours, reference)


def test_settings_validation() -> None:
    with pytest.raises(ValueError):
        AudioSettings(min_seconds=10, max_seconds=5)
    with pytest.raises(ValueError):
        AudioSettings(bitrate="32k; rm -rf /")
    with pytest.raises(ValueError):
        AudioSettings(encoder_headroom_db=-1)


async def test_process_audio_does_not_block_the_loop(speech_wav: Path, tmp_path: Path) -> None:
    """The pipeline's ffmpeg and ffprobe wait at a gate that only this test's loop opens: run on
    the event loop, the pipeline would hold the loop at the gate until the wrapper gave up."""
    gate = ToolGate.create(tmp_path / "gate", give_up_seconds=10)
    settings = replace(SETTINGS, ffmpeg=gate.tool("ffmpeg"), ffprobe=gate.tool("ffprobe"))
    task = asyncio.ensure_future(process_audio(speech_wav, tmp_path / "out.ogg", settings))
    await gate.wait_reached(timeout=60)
    assert not task.done() and not gate.gave_up  # the loop ran while the pipeline waited
    gate.open()
    report = await task
    assert report.duration_out > 10 and not gate.gave_up
