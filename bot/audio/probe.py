"""ffprobe before decoding: what the file is, how long it says it is, and early refusals.

Also ``opus_samples``: the length of the Ogg/Opus file the pipeline wrote, read
from its pages (no ffprobe child for a file we made ourselves).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.audio.ffmpeg import WHITELIST_ARGS, run_probe
from bot.audio.formats import demuxer_of, has_media_signature, is_playlist
from bot.audio.settings import DEFAULT_SETTINGS, AudioError, AudioErrorCode, AudioSettings

PROBE_TIMEOUT = 30.0  # ffprobe reads headers only
_REFUSED_DEMUXER = re.compile(r"\[(\w+) @ [^]]*\] Format not on whitelist")
# Demuxers that read other files or URLs named inside the file.
_PLAYLIST_DEMUXERS = frozenset({"hls", "dash", "concat", "mpd", "smoothstreaming", "webm_dash"})


@dataclass(frozen=True)
class Probe:
    demuxer: str  # the accepted ffmpeg demuxer that reads the file
    duration: float | None  # seconds, from the container / stream headers


def _run(path: Path, settings: AudioSettings) -> tuple[int, dict[str, Any], str]:
    cmd = [
        settings.ffprobe,
        "-hide_banner",
        "-v",
        "error",
        *WHITELIST_ARGS,
        "-show_entries",
        "format=duration,format_name:stream=codec_type,duration",
        "-of",
        "json",
        str(path),
    ]
    proc = run_probe(cmd, PROBE_TIMEOUT)
    try:
        info = json.loads(proc.stdout or b"{}")
    except json.JSONDecodeError:
        info = {}
    return (
        proc.returncode,
        info if isinstance(info, dict) else {},
        proc.stderr.decode(errors="replace").strip(),
    )


def probe(path: Path, settings: AudioSettings) -> Probe:
    """Refuse what is not a plain recording, or is too long, before any decoding."""
    if is_playlist(path):
        raise AudioError("playlist", f"{path.name} is a playlist, not a recording")
    exit_code, info, err = _run(path, settings)
    fmt = info.get("format") or {}
    streams = info.get("streams") or []
    demuxer = demuxer_of(str(fmt.get("format_name", "")))
    refused = _REFUSED_DEMUXER.search(err)
    if refused and refused.group(1) in _PLAYLIST_DEMUXERS:
        # Caught by -format_whitelist: a manifest that names other files or URLs.
        raise AudioError("playlist", f"{path.name} is a {refused.group(1)} playlist")
    if exit_code != 0 or not fmt or demuxer is None:
        code: AudioErrorCode = "undecodable" if has_media_signature(path) else "not_audio"
        raise AudioError(code, f"ffprobe cannot read {path.name}: {err or 'no format'}")
    if not any(s.get("codec_type") == "audio" for s in streams):
        raise AudioError("not_audio", f"{path.name} has no audio stream")
    durations: list[float] = []
    for item in [fmt, *streams]:
        with contextlib.suppress(TypeError, ValueError):
            value = float(item.get("duration"))
            if math.isfinite(value) and value >= 0:
                durations.append(value)
    duration = max(durations) if durations else None
    if duration is not None and duration > settings.decode_limit_seconds:
        # A header claiming hours is refused here, whatever the file really holds.
        raise AudioError("too_long", f"header says {duration:.1f} s", duration=duration)
    return Probe(demuxer=demuxer, duration=duration)


def probe_duration(path: Path, settings: AudioSettings = DEFAULT_SETTINGS) -> float | None:
    """Container/stream duration in seconds according to ffprobe, None if unknown."""
    _, info, _ = _run(path, settings)
    with contextlib.suppress(KeyError, TypeError, ValueError):
        return float((info.get("format") or {})["duration"])
    return None


_OGG_PAGE_HEADER = 27  # bytes before the segment table
_OGG_MAX_PAGE = _OGG_PAGE_HEADER + 255 + 255 * 255


def _last_page_granule(tail: bytes) -> tuple[int, int] | None:
    """(granule position, header flags) of the Ogg page that ends ``tail`` exactly."""
    j = len(tail)
    while (j := tail.rfind(b"OggS", 0, j)) >= 0:
        if len(tail) - j >= _OGG_PAGE_HEADER:
            segments = tail[j + _OGG_PAGE_HEADER - 1]
            table = tail[j + _OGG_PAGE_HEADER : j + _OGG_PAGE_HEADER + segments]
            if j + _OGG_PAGE_HEADER + segments + sum(table) == len(tail):
                granule = int.from_bytes(tail[j + 6 : j + 14], "little", signed=True)
                return granule, tail[j + 5]
    return None


def opus_samples(path: Path) -> int | None:
    """Samples in an Ogg/Opus file: the last page's granule position less the pre-skip.

    None unless the file starts with an OpusHead page and ends with a whole
    end-of-stream page (a truncated or foreign file).
    """
    with path.open("rb") as ogg:
        head = ogg.read(512)
        size = ogg.seek(0, 2)
        ogg.seek(max(0, size - _OGG_MAX_PAGE))
        tail = ogg.read()
    head_at = head.find(b"OpusHead")
    if not head.startswith(b"OggS") or head_at < 0 or len(head) < head_at + 12:
        return None
    pre_skip = int.from_bytes(head[head_at + 10 : head_at + 12], "little")
    last = _last_page_granule(tail)
    if last is None or not last[1] & 0x04:  # 0x04: end of stream
        return None
    return last[0] - pre_skip
