"""bot.audio on real audio made by espeak-ng + ffmpeg (tests/audio_samples.py) and on
recorded human speech shipped by Debian (pocketsphinx-testdata), hostile files included."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import stat
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from benchmarks import audio_samples as samples
from bot.audio import (
    AudioError,
    AudioJobs,
    AudioReport,
    AudioSettings,
    formats,
    integrated_loudness,
    probe_duration,
    process_file,
)
from tests.support.tool_gate import ToolGate

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
    dst = tmp_path / "out.ogg"
    settings = AudioSettings(encoder_headroom_db=0.0, verify_true_peak=True)
    with caplog.at_level(logging.INFO, logger="bot.audio"):
        report = process_file(speech_wav, dst, settings)
    renders_again = [r for r in caplog.records if "rendering again" in r.getMessage()]
    assert renders_again, "the first render was not too hot: this test proves nothing"
    out = samples.ebur128(dst)
    assert out.true_peak <= settings.true_peak_db, out
    assert abs(out.integrated - settings.target_lufs) <= 1.0, out
    assert abs(report.lufs_out - settings.target_lufs) <= 0.5, report


def test_meter_matches_pyloudnorm(speech_wav: Path) -> None:
    # Our K-weighting runs inside ffmpeg (biquads); pyloudnorm's is scipy's.
    x = samples.decode_mono(speech_wav)
    ours = integrated_loudness(speech_wav)
    reference = pyloudnorm.Meter(48_000).integrated_loudness(x.astype(np.float64))
    assert abs(ours - reference) <= 0.1, (ours, reference)


def test_settings_validation() -> None:
    with pytest.raises(ValueError):
        AudioSettings(min_seconds=10, max_seconds=5)
    with pytest.raises(ValueError):
        AudioSettings(bitrate="32k; rm -rf /")
    with pytest.raises(ValueError):
        AudioSettings(encoder_headroom_db=-1)


def test_the_list_intake_checks_is_the_pipelines() -> None:
    # handlers/intake.py refuses documents with bot.audio.formats.looks_like_media.
    for suffix in formats.SUFFIXES:
        assert formats.looks_like_media("application/x-unknown", f"lesson{suffix}"), suffix
    assert not formats.looks_like_media("application/x-mpegurl", "lesson.m3u8")
    assert not formats.looks_like_media("text/plain", "notes.txt")
    # Every phone format the tests make is on the list.
    for suffix, _ in samples.PHONE_FORMATS.values():
        assert suffix in formats.SUFFIXES


# --------------------------------------------------------------------------- real speech

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")


@pytest.mark.skipif(not LIBRIVOX.is_dir(), reason="pocketsphinx-testdata is not installed")
def test_recorded_human_speech_lands_on_target(tmp_path: Path) -> None:
    # Five LibriVox sentences (16 kHz recordings of a human reader), made quiet and
    # phone-like: loudness and peak must land, the ends be trimmed, nothing else cut.
    pieces = sorted(LIBRIVOX.glob("*.wav"))
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in pieces))
    subprocess.run(
        [
            *(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "concat",
                "-safe",
                "0",
                "-i",
                str(listing),
            ),
            *("-af", "volume=-10dB,adelay=1500:all=1,apad=pad_dur=1.5", "-ar", "44100", "-ac", "2"),
            *("-c:a", "aac", "-b:a", "96k", str(tmp_path / "real.m4a")),
        ],
        check=True,
        capture_output=True,
    )
    src = tmp_path / "real.m4a"
    report = process_file(src, tmp_path / "out.ogg", SETTINGS)
    out = samples.ebur128(tmp_path / "out.ogg")
    assert abs(out.integrated - SETTINGS.target_lufs) <= 1.0, out
    assert out.true_peak <= SETTINGS.true_peak_db, out
    # Not limited harder than the targets need: PLR within 2 dB of -1 - (-16) = 15 dB.
    assert out.true_peak - out.integrated >= 13.0, out
    lead, tail = samples.edge_silence(tmp_path / "out.ogg")
    assert lead <= 0.5 and tail <= 0.5, (lead, tail)
    assert report.trimmed_start >= 1.0 and report.trimmed_end >= 1.0, report
    speech_seconds = sum(samples.probe_duration(p) for p in pieces)
    assert report.duration_out >= speech_seconds - 0.5, report  # the pauses inside are kept


# --------------------------------------------------------------------------- hostile files


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audio_hostile")


def test_hls_playlist_pointing_at_a_local_file_is_refused(
    speech_wav: Path, hostile_dir: Path, tmp_path: Path
) -> None:
    # Someone else's recording on this machine must not become the lesson.
    playlist = samples.make_hls_playlist(hostile_dir, str(speech_wav), name="local.m3u8")
    with pytest.raises(AudioError) as info:
        process_file(playlist, tmp_path / "out.ogg", SETTINGS)
    assert info.value.code == "playlist", info.value
    assert list(tmp_path.iterdir()) == []


def test_concat_script_named_like_an_mp3_is_refused(
    speech_wav: Path, hostile_dir: Path, tmp_path: Path
) -> None:
    script = samples.make_ffconcat(hostile_dir, speech_wav, name="lesson.mp3")
    with pytest.raises(AudioError) as info:
        process_file(script, tmp_path / "out.ogg", SETTINGS)
    assert info.value.code == "playlist", info.value
    assert list(tmp_path.iterdir()) == []


def test_hls_playlist_pointing_at_the_network_is_refused_without_a_connection(
    hostile_dir: Path, tmp_path: Path
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        port = server.getsockname()[1]
        playlist = samples.make_hls_playlist(
            hostile_dir, f"http://127.0.0.1:{port}/segment.ts", name="remote.m3u8"
        )
        with pytest.raises(AudioError) as info:
            process_file(playlist, tmp_path / "out.ogg", SETTINGS)
        assert info.value.code == "playlist", info.value
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody ever connected


def test_dash_manifest_named_like_an_m4a_is_refused_by_the_demuxer_whitelist(
    speech_wav: Path, hostile_dir: Path, tmp_path: Path
) -> None:
    # Not a text playlist by its first bytes; ffprobe would open it as DASH and read the file
    # it names; -format_whitelist stops that.
    manifest = hostile_dir / "memo.m4a"
    manifest.write_text(
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" '
        'mediaPresentationDuration="PT14S" minBufferTime="PT1S" '
        'profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"><Period>'
        '<AdaptationSet mimeType="audio/wav"><Representation id="a" bandwidth="64000">'
        f"<BaseURL>file://{speech_wav}</BaseURL></Representation></AdaptationSet></Period></MPD>"
    )
    assert not formats.is_playlist(manifest)
    with pytest.raises(AudioError) as info:
        process_file(manifest, tmp_path / "out.ogg", SETTINGS)
    assert info.value.code == "playlist", info.value
    assert list(tmp_path.iterdir()) == []


def test_header_claiming_ten_hours_is_refused_before_decoding(
    speech_wav: Path, hostile_dir: Path, tmp_path: Path
) -> None:
    liar = samples.make_m4a_claiming(hostile_dir, speech_wav, hours=10)
    with pytest.raises(AudioError) as info:
        process_file(liar, tmp_path / "out.ogg", SETTINGS)
    assert info.value.code == "too_long", info.value
    assert info.value.duration is not None and info.value.duration >= 9 * 3600
    assert list(tmp_path.iterdir()) == []


def test_decompression_bomb_stops_decoding_at_the_limit(hostile_dir: Path, tmp_path: Path) -> None:
    # 640 KB of FLAC that decodes to an hour, with no length in its header.
    bomb = samples.make_flac_bomb(hostile_dir, minutes=60)
    assert bomb.stat().st_size < 1_000_000
    settings = AudioSettings(min_seconds=5, max_seconds=30, probe_slack_seconds=10)
    with pytest.raises(AudioError) as info:
        process_file(bomb, tmp_path / "out.ogg", settings)
    assert info.value.code == "too_long", info.value
    # Decoding stopped at the limit (40 s), not after the whole hour.
    assert info.value.duration is not None and 40 <= info.value.duration <= 45
    assert list(tmp_path.iterdir()) == []


def _slow_ffmpeg(directory: Path) -> Path:
    """ffmpeg that reads its input at real-time speed (-re), like a stuck or starved child."""
    script = directory / "slow-ffmpeg"
    script.write_text('#!/bin/sh\nexec ffmpeg -re "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _children_of_this_process() -> list[int]:
    path = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children")
    return [int(p) for p in path.read_text().split()]


def test_a_pass_past_its_deadline_is_killed_and_refused(speech_wav: Path, tmp_path: Path) -> None:
    settings = AudioSettings(
        ffmpeg=str(_slow_ffmpeg(tmp_path)), timeout_base_seconds=1.0, timeout_per_second=0.0
    )
    out = tmp_path / "out" / "lesson.ogg"
    started = time.monotonic()
    with pytest.raises(AudioError) as info:
        process_file(speech_wav, out, settings)  # 14 s of audio read in real time
    assert info.value.code == "timeout", info.value
    assert time.monotonic() - started < 10
    assert _children_of_this_process() == []  # the child was killed and reaped
    assert list(out.parent.iterdir()) == []


def test_the_deadline_grows_with_the_duration() -> None:
    settings = AudioSettings(timeout_base_seconds=30, timeout_per_second=0.5)
    assert settings.timeout_for(0) == 30
    assert settings.timeout_for(1200) == 630


# --------------------------------------------------------------------------- job queue


class _Gate:
    """A stand-in pipeline that blocks until released, recording how many run at once."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.order: list[str] = []
        self.threads: set[str] = set()
        self._changed = threading.Condition(self.lock)

    def __call__(self, src: Path, dst: Path, settings: AudioSettings) -> AudioReport:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.order.append(src.name)
            self.threads.add(threading.current_thread().name)
            self._changed.notify_all()
        self.release.wait(timeout=30)
        with self.lock:
            self.running -= 1
        return AudioReport(1, 1, -20, -16, 0, 0, 0)

    def wait_running(self, n: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.running >= n, timeout=30)


async def test_jobs_run_one_at_a_time_in_order_and_tell_their_place(tmp_path: Path) -> None:
    gate = _Gate()
    jobs = AudioJobs(SETTINGS, workers=1, pipeline=gate)
    told: dict[str, int] = {}

    def submit(name: str) -> asyncio.Task[AudioReport]:
        async def on_queued(ahead: int) -> None:
            told[name] = ahead

        return asyncio.create_task(jobs.process(tmp_path / name, tmp_path / "o.ogg", on_queued))

    tasks = [submit(n) for n in ("a", "b", "c")]
    await asyncio.sleep(0)  # each task registers in submission order
    await asyncio.sleep(0)
    assert told == {"b": 1, "c": 2}  # "a" started at once and was told nothing
    assert jobs.unfinished == 3
    gate.release.set()
    await asyncio.gather(*tasks)
    assert gate.order == ["a", "b", "c"]
    assert gate.most == 1
    assert all(name.startswith("audio") for name in gate.threads)  # not the default pool
    assert jobs.unfinished == 0
    jobs.shutdown()


async def test_background_work_waits_for_recordings_and_is_not_counted_in_their_place(
    tmp_path: Path,
) -> None:
    gate = _Gate()
    jobs = AudioJobs(SETTINGS, workers=1, pipeline=gate)
    told: dict[str, int] = {}

    def submit(name: str) -> asyncio.Task[AudioReport]:
        async def on_queued(ahead: int) -> None:
            told[name] = ahead

        return asyncio.create_task(jobs.process(tmp_path / name, tmp_path / "o.ogg", on_queued))

    def rendition() -> str:
        gate.order.append("rendition")
        return "m4a"

    first = submit("a")
    await asyncio.to_thread(gate.wait_running, 1)
    background = asyncio.create_task(jobs.run(rendition))  # an AAC copy of an earlier lesson
    await asyncio.sleep(0)
    second = submit("b")
    await asyncio.sleep(0)
    assert told == {"b": 1}  # one recording ahead; the waiting rendition is not counted
    gate.release.set()
    await asyncio.gather(first, second)
    assert await background == "m4a"
    assert gate.order == ["a", "b", "rendition"]  # the secretary's upload went first
    jobs.shutdown()


async def test_two_workers_run_two_and_queue_the_third(tmp_path: Path) -> None:
    gate = _Gate()
    jobs = AudioJobs(SETTINGS, workers=2, pipeline=gate)
    told: list[int] = []

    async def on_queued(ahead: int) -> None:
        told.append(ahead)

    tasks = [
        asyncio.create_task(jobs.process(tmp_path / n, tmp_path / "o.ogg", on_queued))
        for n in ("a", "b", "c")
    ]
    # The third waits for a slot; the first two are running in their threads.
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert told == [2]
    started = await asyncio.to_thread(gate.wait_running, 2)
    assert started
    gate.release.set()
    await asyncio.gather(*tasks)
    assert gate.most == 2
    jobs.shutdown()


async def test_the_real_pipeline_runs_off_the_event_loop(speech_wav: Path, tmp_path: Path) -> None:
    """The pipeline's ffmpeg and ffprobe wait at a gate that only this test's loop opens: run on
    the event loop, the pipeline would hold the loop at the gate until the wrapper gave up."""
    gate = ToolGate.create(tmp_path / "gate", give_up_seconds=10)
    settings = replace(SETTINGS, ffmpeg=gate.tool("ffmpeg"), ffprobe=gate.tool("ffprobe"))
    jobs = AudioJobs(settings, workers=1)
    try:
        task = asyncio.ensure_future(jobs.process(speech_wav, tmp_path / "out.ogg"))
        await gate.wait_reached(timeout=60)
        assert not task.done() and not gate.gave_up  # the loop ran while the pipeline waited
        gate.open()
        report = await task
    finally:
        jobs.shutdown()
    assert report.duration_out > 10 and not gate.gave_up
