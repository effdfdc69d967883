"""Real test audio made at test time with espeak-ng + ffmpeg (no binary fixtures).

Plain functions, usable from any test module or benchmark::

    speech = make_speech_wav(tmp_dir, seconds=12, lead_silence=1.0, tail_silence=1.0,
                             gain_db=-12)
    files = make_phone_formats(tmp_dir, speech)   # {"mp3": Path, "m4a": Path, ...}
    bad = make_bad_inputs(tmp_dir)                # {"silent": ..., "corrupt": ...}

Cache them per session with a ``tmp_path_factory`` fixture (see
tests/test_audio.py).  Measuring helpers (``ebur128``, ``stream_info``,
``edge_silence``) check outputs independently of bot.audio.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SPEECH_TEXT = (
    "今天我们学习一个新的课程，大家认真听讲。学习是一种责任，也是一种习惯。"
    "We will review the main points of today's lesson together. "
    "每天进步一点点，坚持就是胜利。团结协作，共同提高，做好本职工作。"
    "Please listen carefully and take notes. "
)

# name -> (file suffix, ffmpeg output arguments); the phone formats bot.audio accepts.
PHONE_FORMATS: Mapping[str, tuple[str, Sequence[str]]] = {
    "mp3": (".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]),
    "m4a": (".m4a", ["-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-ac", "2"]),
    "ogg_opus": (".ogg", ["-c:a", "libopus", "-b:a", "32k"]),
    "ogg_vorbis": (".ogg", ["-c:a", "libvorbis", "-q:a", "2"]),
    "wav": (".wav", ["-c:a", "pcm_s16le", "-ar", "16000"]),
    "flac": (".flac", ["-c:a", "flac"]),
    "webm_opus": (".webm", ["-c:a", "libopus", "-b:a", "32k"]),
    "opus": (".opus", ["-c:a", "libopus", "-b:a", "24k"]),
}


def _ffmpeg(*args: str) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", *args],
        check=True,
        capture_output=True,
        timeout=300,
    )


def make_speech_wav(
    directory: Path,
    seconds: float = 12.0,
    lead_silence: float = 1.0,
    tail_silence: float = 1.0,
    gain_db: float = -12.0,
    *,
    name: str = "speech.wav",
    voice: str = "cmn",
    sample_rate: int = 44_100,
    channels: int = 1,
    text: str = SPEECH_TEXT,
) -> Path:
    """espeak-ng speech cut to ``seconds``, ``gain_db`` applied, wrapped in silence.

    espeak-ng speaks at about -20 LUFS, so gain_db=-10 gives a quiet (~-30 LUFS)
    recording.  Output: 16-bit PCM WAV at ``sample_rate`` with ``channels``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    raw = directory / f".{name}.espeak.wav"
    repeats = int(seconds / 20.0) + 1  # one SPEECH_TEXT lasts 25-45 s, depending on voice
    subprocess.run(
        ["espeak-ng", "-v", voice, "-w", str(raw), text * repeats],
        check=True,
        capture_output=True,
        timeout=120,
    )
    out = directory / name
    filters = (
        f"atrim=0:{seconds},volume={gain_db}dB,"
        f"adelay={int(lead_silence * 1000)}:all=1,apad=pad_dur={tail_silence}"
    )
    _ffmpeg(
        "-i",
        str(raw),
        "-af",
        filters,
        "-ar",
        str(sample_rate),
        "-ac",
        str(channels),
        "-c:a",
        "pcm_s16le",
        str(out),
    )
    raw.unlink()
    return out


def convert(src: Path, dst: Path, codec_args: Sequence[str]) -> Path:
    """``ffmpeg -i src <codec_args> dst``."""
    _ffmpeg("-i", str(src), *codec_args, str(dst))
    return dst


def convert_raw_f32(
    src: Path, dst: Path, codec_args: Sequence[str], sample_rate: int = 48_000
) -> Path:
    """Encode raw mono float32 little-endian samples (e.g. ``array.tobytes()``)."""
    _ffmpeg(
        "-f", "f32le", "-ar", str(sample_rate), "-ac", "1", "-i", str(src), *codec_args, str(dst)
    )
    return dst


def make_video_mp4(src: Path, dst: Path) -> Path:
    """A small h264 + AAC mp4 (like a Telegram video note) with ``src`` as audio."""
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=blue:s=64x64:r=10",
        "-i",
        str(src),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-shortest",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        str(dst),
    )
    return dst


def make_phone_formats(directory: Path, src: Path) -> dict[str, Path]:
    """``src`` converted to every PHONE_FORMATS entry plus ``"mp4_video"``."""
    directory.mkdir(parents=True, exist_ok=True)
    out = {
        name: convert(src, directory / f"{src.stem}_{name}{suffix}", args)
        for name, (suffix, args) in PHONE_FORMATS.items()
    }
    out["mp4_video"] = make_video_mp4(src, directory / f"{src.stem}_video.mp4")
    return out


def make_silent(directory: Path, seconds: float = 12.0, name: str = "silent.m4a") -> Path:
    """Digital silence (AAC in m4a)."""
    out = directory / name
    _ffmpeg("-f", "lavfi", "-i", f"anullsrc=r=44100:cl=mono:d={seconds}", "-c:a", "aac", str(out))
    return out


def make_corrupt(directory: Path, name: str = "corrupt.mp3", size: int = 20_000) -> Path:
    """Garbage bytes (deterministic) with an .mp3 name."""
    out = directory / name
    out.write_bytes(np.random.default_rng(1234).integers(0, 256, size, np.uint8).tobytes())
    return out


def make_text_file(directory: Path, name: str = "notes.txt") -> Path:
    out = directory / name
    out.write_text("这不是音频。This is not audio.\n" * 20, encoding="utf-8")
    return out


def make_png(directory: Path, name: str = "picture.png") -> Path:
    out = directory / name
    _ffmpeg("-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1", str(out))
    return out


def make_bad_inputs(directory: Path) -> dict[str, Path]:
    """Inputs bot.audio must refuse: silent, too_short (3 s), corrupt, text, png."""
    directory.mkdir(parents=True, exist_ok=True)
    short_wav = make_speech_wav(
        directory, seconds=3.0, lead_silence=0.2, tail_silence=0.2, name="short.wav"
    )
    return {
        "silent": make_silent(directory),
        "too_short": convert(short_wav, directory / "short.m4a", ["-c:a", "aac"]),
        "corrupt": make_corrupt(directory),
        "text": make_text_file(directory),
        "png": make_png(directory),
    }


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Ebur128:
    integrated: float  # LUFS
    true_peak: float  # dBTP


def ebur128(path: Path) -> Ebur128:
    """ffmpeg's ebur128 filter summary (integrated loudness, true peak)."""
    proc = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-i",
            str(path),
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = proc.stderr[proc.stderr.rindex("Summary:") :]
    i_match = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    p_match = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert i_match and p_match, summary
    return Ebur128(float(i_match.group(1)), float(p_match.group(1)))


def stream_info(path: Path) -> dict[str, str]:
    """codec_name, channels, sample_rate of the first audio stream + format_name."""
    proc = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=codec_name,channels,sample_rate:format=format_name",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    info = json.loads(proc.stdout)
    stream = info["streams"][0]
    return {
        "codec_name": str(stream["codec_name"]),
        "channels": str(stream["channels"]),
        "sample_rate": str(stream["sample_rate"]),
        "format_name": str(info["format"]["format_name"]),
    }


def probe_duration(path: Path) -> float:
    """Container duration in seconds (ffprobe)."""
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return float(proc.stdout.strip())


def decode_mono(path: Path, sample_rate: int = 48_000) -> np.ndarray:
    """Decode any file to mono float32 samples with ffmpeg."""
    proc = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            str(sample_rate),
            "-f",
            "f32le",
            "-",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return np.frombuffer(proc.stdout, dtype=np.float32)


def edge_silence(
    path: Path, threshold_db: float = -45.0, frame_ms: float = 10.0
) -> tuple[float, float]:
    """Seconds of silence at the start and end: 10 ms frames with RMS below threshold dBFS."""
    x = decode_mono(path)
    size = int(48_000 * frame_ms / 1000)
    frames = x[: x.size // size * size].reshape(-1, size).astype(np.float64)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-20)
    loud = np.flatnonzero(level > threshold_db)
    if loud.size == 0:
        total = x.size / 48_000
        return total, total
    lead = loud[0] * size / 48_000
    tail = (x.size - (loud[-1] + 1) * size) / 48_000
    return float(lead), float(tail)


# --------------------------------------------------------------------------- hostile files


def make_hls_playlist(directory: Path, target: str, name: str = "lesson.m3u8") -> Path:
    """An HLS playlist whose one segment is ``target`` (a path or a URL elsewhere)."""
    out = directory / name
    out.write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:20\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:14.0,\n{target}\n#EXT-X-ENDLIST\n"
    )
    return out


def make_ffconcat(directory: Path, target: Path, name: str = "lesson.mp3") -> Path:
    """An ffconcat script named like an mp3, listing another file on this machine."""
    out = directory / name
    out.write_text(f"ffconcat version 1.0\nfile '{target}'\n")
    return out


def make_m4a_claiming(directory: Path, src: Path, hours: float, name: str = "liar.m4a") -> Path:
    """A real AAC m4a whose movie and media headers (mvhd, mdhd) claim ``hours``."""
    real = convert(src, directory / f".{name}.real.m4a", ["-c:a", "aac", "-b:a", "48k"])
    data = bytearray(real.read_bytes())
    real.unlink()
    for box in (b"mvhd", b"mdhd"):
        at = data.index(box) + 4  # version (1 byte) + flags (3), then version-0 fields
        assert data[at] == 0, "expected a version-0 header"
        timescale = int.from_bytes(data[at + 12 : at + 16], "big")
        data[at + 16 : at + 20] = int(hours * 3600 * timescale).to_bytes(4, "big")
    out = directory / name
    out.write_bytes(bytes(data))
    return out


def make_flac_bomb(directory: Path, minutes: float, name: str = "bomb.flac") -> Path:
    """A small FLAC of silence that decodes to ``minutes`` of audio; its header gives
    no length (written to a pipe, so STREAMINFO's sample count stays 0)."""
    out = directory / name
    proc = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"anullsrc=r=8000:cl=mono:d={minutes * 60}",
            "-c:a",
            "flac",
            "-f",
            "flac",
            "pipe:1",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out.write_bytes(proc.stdout)
    return out
