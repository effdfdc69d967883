"""Tunables of the audio pipeline, its report and its refusals."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal, Protocol

AudioErrorCode = Literal[
    "not_audio", "playlist", "undecodable", "silent", "too_short", "too_long", "timeout"
]


class AudioError(Exception):
    """A recording the pipeline refuses.  ``code`` is stable, the message is for logs."""

    def __init__(
        self, code: AudioErrorCode, message: str, *, duration: float | None = None
    ) -> None:
        super().__init__(message)
        self.code: AudioErrorCode = code
        self.duration = duration  # measured seconds, for too_short / too_long

    def __repr__(self) -> str:
        return f"AudioError({self.code!r}, {str(self)!r}, duration={self.duration!r})"


@dataclass(frozen=True)
class AudioSettings:
    """Tunables of the pipeline.  The defaults suit spoken lessons."""

    target_lufs: float = -16.0
    true_peak_db: float = -1.0
    bitrate: str = "32k"  # Opus, application=audio
    min_seconds: float = 10.0
    max_seconds: float = 1200.0
    # Silence trimming: a 10 ms frame is "sound" when its RMS is within
    # trim_threshold_db of the clip's loud level (the trim_reference_percentile
    # of frame levels).  trim_pad_seconds of the silence is kept at each end.
    trim_threshold_db: float = 35.0
    trim_reference_percentile: float = 98.0
    trim_pad_seconds: float = 0.15
    # A recording whose loud level is below this (dBFS RMS), or whose gated
    # loudness is below -70 LUFS, is "silent".
    silence_floor_dbfs: float = -60.0
    # Never amplify by more than this (dB), even if the target is not reached.
    max_gain_db: float = 40.0
    # Opus at voice bitrates overshoots the peaks of the PCM it is given: the
    # limiter aims this much below true_peak_db (calibrated in benchmarks/bench_audio.py).
    encoder_headroom_db: float = 2.0
    # ... and measures this much quieter (K-weighted) than its input: aim that much higher.
    encoder_loudness_loss_db: float = 0.3
    # Decode the finished file and measure its true peak; if it is still above
    # true_peak_db, render again with the limiter aimed lower (at most verify_retries times).
    # Off by default: that decode costs ~15 % of the pipeline's CPU, and with the headroom
    # above the encoded peak stayed 0.35-1.2 dB under the ceiling on every recording
    # measured (benchmarks/bench_audio.py); the ends and length of the file are still checked.
    verify_true_peak: bool = False
    verify_retries: int = 2
    # Limiter ramps in dB per millisecond: how fast the gain may fall ahead of
    # a peak (look-ahead) and recover after it.
    limiter_attack_db_per_ms: float = 1.0
    # 0.2 dB/ms (5 dB back in 25 ms): a slower release squashes the whole recording.
    limiter_release_db_per_ms: float = 0.2
    # The gain may exceed the plain (unlimited) gain to target by at most this
    # much to make up for limiting; beyond it the result stays below target.
    max_limiter_makeup_db: float = 12.0
    # Files whose probed duration exceeds max_seconds by more than this are
    # refused before decoding (trimming could not save them); decoding stops there too.
    probe_slack_seconds: float = 60.0
    # Wall-clock budget of each ffmpeg run: base + per_second x the seconds of audio it
    # may handle.  A phone lecture decodes at ~500x and encodes at ~50x real time.
    timeout_base_seconds: float = 30.0
    timeout_per_second: float = 0.5
    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d+(\.\d+)?[kK]?", self.bitrate):
            raise ValueError(f"bad bitrate {self.bitrate!r}")
        if not 0 <= self.min_seconds < self.max_seconds:
            raise ValueError("need 0 <= min_seconds < max_seconds")
        if self.true_peak_db > 0 or self.target_lufs >= 0:
            raise ValueError("true_peak_db and target_lufs must be negative")
        if self.trim_threshold_db <= 0 or not 0 < self.trim_reference_percentile <= 100:
            raise ValueError("bad trimming settings")
        if self.limiter_attack_db_per_ms <= 0 or self.limiter_release_db_per_ms <= 0:
            raise ValueError("limiter rates must be positive")
        if self.encoder_headroom_db < 0 or self.verify_retries < 0:
            raise ValueError("encoder_headroom_db and verify_retries must be >= 0")
        if self.timeout_base_seconds <= 0 or self.timeout_per_second < 0:
            raise ValueError("timeouts must be positive")

    @property
    def decode_limit_seconds(self) -> float:
        """Seconds of audio after which decoding stops and the file is too long."""
        return self.max_seconds + self.probe_slack_seconds

    def timeout_for(self, seconds: float) -> float:
        """Wall-clock budget of one ffmpeg pass over ``seconds`` of audio."""
        return self.timeout_base_seconds + self.timeout_per_second * seconds


DEFAULT_SETTINGS = AudioSettings()


class AudioConfigLike(Protocol):
    """The [audio] section of the config (bot.core.config.AudioConfig), as far as audio needs it."""

    @property
    def target_lufs(self) -> float: ...
    @property
    def true_peak_db(self) -> float: ...
    @property
    def bitrate(self) -> str: ...
    @property
    def min_seconds(self) -> float: ...
    @property
    def max_seconds(self) -> float: ...


def audio_settings(config: AudioConfigLike) -> AudioSettings:
    """The one place where the config's [audio] section becomes AudioSettings."""
    return AudioSettings(
        target_lufs=config.target_lufs,
        true_peak_db=config.true_peak_db,
        bitrate=config.bitrate,
        min_seconds=config.min_seconds,
        max_seconds=config.max_seconds,
    )


@dataclass(frozen=True)
class AudioReport:
    duration_in: float
    duration_out: float
    lufs_in: float
    lufs_out: float
    trimmed_start: float
    trimmed_end: float
    seconds: float  # wall time of the pipeline

    def as_dict(self) -> dict[str, float]:
        return asdict(self)  # field order: duration_in ... seconds
