"""How much speech a short voice note holds: pydub's ``silence.detect_nonsilent``.

A study note counts by what it says, not by its length: five seconds of a pocket or of a
muted microphone are not a note. This is where pydub serves (a short clip, decoded whole by
ffmpeg through pydub, in the bounded audio pool); the lesson pipeline keeps its own ffmpeg
passes (see bot.audio).
"""

from __future__ import annotations

import warnings
from pathlib import Path

# Only the first stretch is decoded: enough to find the minimum of speech a note needs,
# bounded whatever length the clip is.
MAX_SECONDS = 120
# Louder than this (dBFS) is sound; a quiet room recorded on a phone sits near -60.
SILENCE_THRESH_DBFS = -45
# A pause shorter than this is part of speech.
MIN_SILENCE_MS = 300


class UnreadableClip(Exception):
    """ffmpeg could not decode the clip."""


def speech_seconds(path: Path, ffmpeg: str = "ffmpeg") -> float:
    """Seconds of non-silent audio in the clip (its first MAX_SECONDS). Blocking: run it in
    the audio pool (AudioJobs.run)."""
    with warnings.catch_warnings():
        # pydub 0.25.1 imports audioop, deprecated since Python 3.11; imported here, where it
        # serves, so nothing else pays for it.
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment, silence
        from pydub.exceptions import CouldntDecodeError

    AudioSegment.converter = ffmpeg
    try:
        audio = AudioSegment.from_file(path, duration=MAX_SECONDS)
    except CouldntDecodeError as exc:
        raise UnreadableClip(str(exc)) from exc
    spans = silence.detect_nonsilent(
        audio,
        min_silence_len=MIN_SILENCE_MS,
        silence_thresh=SILENCE_THRESH_DBFS,
        seek_step=10,
    )
    return sum(end - start for start, end in spans) / 1000
