"""Audio pipeline for the daily voice lesson (knows nothing of Telegram).

``process_file(src, dst)`` turns anything ffmpeg can decode (phone voice memos,
mp3, m4a/aac, ogg/opus, ogg/vorbis, wav, flac, webm, the audio track of a video
note ...) into an OGG/Opus mono 48 kHz voice note:

1. ``ffprobe`` the input: no audio stream / not a media file -> ``not_audio``;
   longer than ``max_seconds + probe_slack_seconds`` -> ``too_long`` before
   anything is decoded.
2. Pass 1 (analysis): ffmpeg decodes straight to mono 48 kHz float32 PCM on a
   pipe (ffmpeg does the downmix and resampling).  Python reads it in 2 s
   chunks while ffmpeg keeps decoding on the other core, and keeps only small
   per-frame statistics: 10 ms mean square (silence trimming), 10 ms energy of
   the BS.1770 K-weighted signal (loudness) and a 1 ms 4x-oversampled true peak
   (limiter).  Nothing of the size of the recording is held in memory, so a
   20-minute file costs the same RSS as a 20-second one.
3. Trim leading/trailing silence with a threshold relative to the clip's loud
   frames, reject silent / too short / too long recordings, compute the gain to
   ``target_lufs`` (BS.1770 gated integrated loudness) and, where that gain
   would push the true peak above ``true_peak_db``, a look-ahead limiter gain
   curve; the overall gain is raised so that the *limited* result still lands
   on the target.
4. Pass 2 (render): ffmpeg decodes again, Python applies the gain curve chunk
   by chunk and pipes the PCM into one ``libopus`` encode (application voip),
   measuring the output loudness on the way.  The encoder writes a temp file
   next to ``dst`` which is ``os.replace``d into place only on success.

Why not pydub for decoding: pydub 0.25.1 appends ``parameters`` after the
output name, where ffmpeg (5.1) ignores them, so ``AudioSegment.from_file(...,
parameters=["-ac", "1", "-ar", "48000"])`` still returns the source layout
(stereo 44.1 kHz); it also buffers the whole decode several times over (263 MB
peak RSS for an 8-minute stereo m4a).  So ffmpeg is driven directly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import io
import json
import logging
import math
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Literal

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

SAMPLE_RATE = 48_000
"""Sample rate of the analysis and of the output voice note."""

AudioErrorCode = Literal["not_audio", "undecodable", "silent", "too_short", "too_long"]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

_FRAME = SAMPLE_RATE // 100  # 10 ms: trimming resolution ("seek step") and loudness frame
_BLOCK = SAMPLE_RATE // 1000  # 1 ms: limiter resolution
_BLOCKS_PER_FRAME = _FRAME // _BLOCK
_FRAMES_PER_STEP = 10  # 100 ms gating step (BS.1770: 400 ms blocks, 75 % overlap)
_CHUNK = _FRAME * 200  # 2 s of samples per pipe read
_OVERSAMPLE = 4
_TP_TAPS = 32  # 8 taps per phase (BS.1770-4 Annex 2 uses 12; speech is well inside)
_TP_CARRY = _TP_TAPS // _OVERSAMPLE  # input samples carried between chunks
_ABS_GATE_LUFS = -70.0
_REL_GATE_LU = -10.0
_STDERR_LIMIT = 64 * 1024
# The encoded file must measure at least this far below true_peak_db with our
# 4x meter (ffmpeg's ebur128 interpolates differently and rounds to 0.1 dB).
_VERIFY_MARGIN_DB = 0.15
_RETRY_EXTRA_DB = 0.3  # aim this much further below than the measured excess

# ITU-R BS.1770-4 K-weighting at 48 kHz: stage 1 (high shelf), stage 2 (RLB high-pass).
_K_SOS = np.array(
    [
        [
            1.53512485958697,
            -2.69169618940638,
            1.19839281085285,
            1.0,
            -1.69065929318241,
            0.73248077421585,
        ],
        [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621],
    ],
    dtype=np.float32,
)

_IIR_SEG = 1920  # 40 ms segments of the vectorised IIR (|pole|^-1920 stays < 1e130)


def _k_design() -> tuple[float, npt.NDArray[np.complex128], npt.NDArray[np.complex128]]:
    """Partial fractions of the cascaded K-weighting: H = k + sum 2 Re(c / (1 - p z^-1)).

    Returns k and one pole p / residue c of each of the two conjugate pole pairs.
    """
    b, a = np.ones(1), np.ones(1)
    for sec in _K_SOS.astype(np.float64):
        b, a = np.convolve(b, sec[:3]), np.convolve(a, sec[3:])
    direct = float(b[-1] / a[-1])
    poles = np.roots(a)
    keep = poles[poles.imag > 0]
    if keep.size * 2 != poles.size:
        raise RuntimeError("K-weighting poles are not conjugate pairs")
    res = []
    for p in keep:
        w = 1.0 / p  # z^-1 at the pole
        num = np.polyval(b[::-1], w) - direct * np.polyval(a[::-1], w)
        others = poles[poles != p]
        res.append(num / np.prod(1.0 - others * w))
    return direct, keep.astype(np.complex128), np.asarray(res, dtype=np.complex128)


_K_DIRECT, _K_POLES, _K_RES = _k_design()
_SEG_N = np.arange(_IIR_SEG, dtype=np.float64)
_K_PINV = _K_POLES[:, None] ** -_SEG_N[None, :]  # p^-n within a segment
_K_PPOW = _K_POLES[:, None] ** _SEG_N[None, :]  # p^n
_K_PSEG = _K_POLES**_IIR_SEG


def _tp_fir() -> F32:
    """4x oversampling interpolator (Kaiser-windowed sinc, beta 6, cut-off at fs/2).

    The same taps as ``scipy.signal.firwin(32, 1/4, window=("kaiser", 6.0)) * 4``.
    """
    m = np.arange(_TP_TAPS, dtype=np.float64) - (_TP_TAPS - 1) / 2
    cut = 1.0 / _OVERSAMPLE
    h = cut * np.sinc(cut * m) * np.kaiser(_TP_TAPS, 6.0)
    return np.asarray(h / h.sum() * _OVERSAMPLE, dtype=np.float32)


_TP_FIR: F32 = _tp_fir()
# Polyphase form: phase r of the 4x interpolation is a convolution with
# _TP_FIR[r::4]; as np.convolve kernels (reversed in time) per phase.
_TP_PHASES: list[F32] = [
    np.ascontiguousarray(_TP_FIR[r::_OVERSAMPLE], dtype=np.float32) for r in range(_OVERSAMPLE)
]

_MEDIA_SUFFIXES = frozenset(
    {
        "mp3",
        "m4a",
        "mp4",
        "m4v",
        "aac",
        "ogg",
        "oga",
        "opus",
        "spx",
        "wav",
        "flac",
        "webm",
        "weba",
        "mkv",
        "mka",
        "mov",
        "3gp",
        "3g2",
        "amr",
        "wma",
        "aif",
        "aiff",
        "caf",
        "avi",
    }
)
_DECODE_ERROR_RE = re.compile(r"error while decoding|invalid data found|header missing", re.I)


@dataclass(frozen=True)
class AudioSettings:
    """Tunables of the pipeline.  The defaults suit spoken lessons."""

    target_lufs: float = -16.0
    true_peak_db: float = -1.0
    bitrate: str = "32k"  # Opus, application=voip
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
    # Opus at voice bitrates overshoots the peaks of the PCM it is given (about
    # 2-3 dB measured at 32k): the limiter aims this much below true_peak_db.
    encoder_headroom_db: float = 3.0
    # Decode the finished file (in parallel with the encode) and measure its
    # true peak; if it is still above true_peak_db, render again with the
    # limiter ceiling lowered by the excess (at most verify_retries times).
    verify_true_peak: bool = True
    verify_retries: int = 2
    # Limiter ramps in dB per millisecond: how fast the gain may fall ahead of
    # a peak (look-ahead) and recover after it.
    limiter_attack_db_per_ms: float = 1.0
    # 0.2 dB/ms (5 dB back in 25 ms): the slower 0.05 could not reach the
    # target under the encoder headroom without squashing the whole recording.
    limiter_release_db_per_ms: float = 0.2
    # The gain may exceed the plain (unlimited) gain to target by at most this
    # much to make up for limiting; beyond it the result stays below target.
    max_limiter_makeup_db: float = 12.0
    # Files whose probed duration exceeds max_seconds by more than this are
    # rejected before decoding (trimming could not save them).
    probe_slack_seconds: float = 60.0
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


# --------------------------------------------------------------------------- probing


@dataclass(frozen=True)
class _Probe:
    ok: bool
    has_audio: bool
    duration: float | None
    detail: str


def _run_ffprobe(path: Path, settings: AudioSettings) -> _Probe:
    cmd = [
        settings.ffprobe,
        "-v",
        "error",
        "-show_entries",
        "format=duration,format_name:stream=codec_type,duration",
        "-of",
        "json",
        str(path),
    ]
    proc = subprocess.run(cmd, capture_output=True, check=False, timeout=60)  # noqa: S603
    err = proc.stderr.decode(errors="replace").strip()
    try:
        info = json.loads(proc.stdout or b"{}")
    except json.JSONDecodeError:
        info = {}
    fmt = info.get("format")
    streams = info.get("streams") or []
    if proc.returncode != 0 or not fmt:
        return _Probe(False, False, None, err or "ffprobe found no format")
    durations: list[float] = []
    for item in [fmt, *streams]:
        with contextlib.suppress(TypeError, ValueError):
            value = float(item.get("duration"))
            if math.isfinite(value) and value >= 0:
                durations.append(value)
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    return _Probe(True, has_audio, max(durations) if durations else None, err)


def probe_duration(path: Path, settings: AudioSettings = AudioSettings()) -> float | None:
    """Container/stream duration in seconds according to ffprobe, None if unknown."""
    return _run_ffprobe(path, settings).duration


def _looks_like_media(path: Path) -> bool:
    if path.suffix.lower().lstrip(".") in _MEDIA_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return (
        head.startswith((b"ID3", b"OggS", b"RIFF", b"fLaC", b"\x1aE\xdf\xa3", b"#!AMR", b"FORM"))
        or head[4:8] == b"ftyp"
        or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    )


# --------------------------------------------------------------------------- ffmpeg I/O


def _pipe(stream: IO[bytes] | None) -> io.BufferedReader:
    if not isinstance(stream, io.BufferedReader):
        raise RuntimeError("ffmpeg stdout is not a pipe")
    return stream


class _Decoder:
    """``ffmpeg`` decoding ``src`` to mono 48 kHz float32 on a pipe, read in chunks.

    A reader thread drains the pipe into a small bounded queue so that ffmpeg
    keeps decoding (on the other core) while the caller computes.
    """

    _QUEUE_CHUNKS = 8  # 8 x 2 s x 4 bytes x 48 kHz = 3 MB in flight at most

    def __init__(
        self, src: Path | str, settings: AudioSettings, stdin: IO[bytes] | None = None
    ) -> None:
        cmd = [
            settings.ffmpeg,
            "-nostdin",
            "-hide_banner",
            "-v",
            "error",
            "-i",
            str(src),
            "-map",
            "0:a:0",
            "-vn",
            "-sn",
            "-dn",
            "-ac",
            "1",
            "-ar",
            str(SAMPLE_RATE),
            "-c:a",
            "pcm_f32le",
            "-f",
            "f32le",
            "pipe:1",
        ]
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(  # noqa: S603 - argument list, no shell
            cmd,
            stdin=subprocess.DEVNULL if stdin is None else stdin,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._stream = _pipe(self.proc.stdout)
        with contextlib.suppress(OSError, AttributeError):  # Linux only, best effort
            fcntl.fcntl(self._stream.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
        self._queue: queue.Queue[F32 | BaseException | None] = queue.Queue(self._QUEUE_CHUNKS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="audio-decode-reader", daemon=True)
        self._thread.start()
        self.samples = 0
        self._eof = False
        self.returncode: int | None = None
        self.stderr_text = ""

    def _put(self, item: F32 | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _read(self) -> None:
        stream = self._stream
        try:
            while not self._stop.is_set():
                buf = np.empty(_CHUNK, dtype=np.float32)
                raw = buf.data.cast("B")
                filled = 0
                while filled < raw.nbytes:
                    got = stream.readinto(raw[filled:])
                    if not got:
                        break
                    filled += got
                whole = filled // 4  # a trailing partial sample can only come at EOF
                if whole and not self._put(buf[:whole]):
                    return
                if filled < raw.nbytes:
                    break
            self._put(None)
        except (OSError, ValueError) as exc:  # pipe closed under us
            self._put(exc)

    def chunks(self) -> Iterator[F32]:
        """Yield successive chunks of samples until the end of the stream."""
        while True:
            item = self._queue.get()
            if item is None:
                self._eof = True
                return
            if isinstance(item, BaseException):
                raise item
            self.samples += item.size
            yield item

    def close(self) -> None:
        if self._eof:  # ffmpeg closed its output: let it finish and report
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.kill()
        self._thread.join()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.returncode = self.proc.wait()
        self._stderr.seek(0)
        self.stderr_text = self._stderr.read(_STDERR_LIMIT).decode(errors="replace")
        self._stderr.close()

    def __enter__(self) -> _Decoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_encoder(
    tmp: Path, settings: AudioSettings, stderr: IO[bytes], *, tee: bool
) -> subprocess.Popen[bytes]:
    """libopus encoder reading PCM on stdin, writing ``tmp`` (and, if ``tee``, stdout too).

    With ``tee`` it runs in ``tmp.parent`` and names the file relatively, so only
    ``tmp.name`` (made by mkstemp from a fixed prefix) reaches the tee muxer's
    option syntax.
    """
    if tee and not re.fullmatch(r"[\w.-]+", tmp.name):
        raise ValueError(f"unsafe temp name {tmp.name!r}")
    output = ["-map", "0:a", "-f", "tee", f"[f=ogg]{tmp.name}|[f=ogg]pipe:1"]
    cmd = [
        settings.ffmpeg,
        "-nostdin",
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "f32le",
        "-ar",
        str(SAMPLE_RATE),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        "-map_metadata",
        "-1",
        "-c:a",
        "libopus",
        "-b:a",
        settings.bitrate,
        "-application",
        "voip",
        "-ar",
        str(SAMPLE_RATE),
        "-ac",
        "1",
        *(output if tee else ["-f", "ogg", str(tmp)]),
    ]
    # stdin must not be inherited by the child (-nostdin only covers the terminal).
    return subprocess.Popen(  # noqa: S603 - argument list, no shell
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE if tee else subprocess.DEVNULL,
        stderr=stderr,
        cwd=tmp.parent if tee else None,
    )


class _PeakWatcher:
    """Decodes the encoder's Ogg output (a pipe) and measures its true peak, in a thread."""

    def __init__(self, ogg: IO[bytes], settings: AudioSettings) -> None:
        self._dec = _Decoder("pipe:0", settings, stdin=ogg)
        self._peak = _TruePeak()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="audio-verify", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._dec:
                for chunk in self._dec.chunks():
                    self._peak.feed(chunk)
        except BaseException as exc:  # reported by result()
            self._error = exc

    def result(self) -> float:
        """True peak (dBTP) of the decoded output; raises if decoding it failed."""
        self._thread.join()
        if self._error is not None:
            raise RuntimeError(f"decoding the encoded output failed: {self._error}")
        if self._dec.returncode != 0:
            raise RuntimeError(
                f"decoding the encoded output failed ({self._dec.returncode}): "
                f"{self._dec.stderr_text.strip()[:300]}"
            )
        return self._peak.max_db()

    def abort(self) -> None:
        self._thread.join()


# --------------------------------------------------------------------------- measurement


class _KMeter:
    """Streaming K-weighting: 10 ms frame energies of the K-weighted signal."""

    def __init__(self) -> None:
        self._state = np.zeros(_K_POLES.size, dtype=np.complex128)  # r[-1] per pole
        self.frames: list[F64] = []

    def filter(self, x: F32) -> F64:
        """K-weight the next samples (numpy only, float64, exact to ~1e-9).

        Each conjugate pole pair is one complex first-order recursion
        r[n] = x[n] + p r[n-1], computed 40 ms at a time as
        r = p^n cumsum(x p^-n) plus the carried state p^(n+1) r[-1]; only the
        carry from segment to segment is a Python loop (50 steps per 2 s).
        """
        x64 = x.astype(np.float64)
        nseg = -(-x.size // _IIR_SEG)
        padded = np.zeros(nseg * _IIR_SEG)
        padded[: x.size] = x64
        xs = padded.reshape(nseg, _IIR_SEG)
        y = _K_DIRECT * x64
        for i in range(_K_POLES.size):
            z = np.cumsum(xs * _K_PINV[i], axis=1)
            z *= _K_PPOW[i]
            ends = z[:, -1]
            carry = np.empty(nseg, dtype=np.complex128)
            state = complex(self._state[i])
            pole, pseg = complex(_K_POLES[i]), complex(_K_PSEG[i])
            for j in range(nseg):
                carry[j] = state
                state = complex(ends[j]) + pseg * state
            z += np.outer(carry * pole, _K_PPOW[i])
            r = z.reshape(-1)[: x.size]
            self._state[i] = r[-1]
            y += 2.0 * (_K_RES[i] * r).real
        return y

    def feed(self, x: F32) -> None:
        y = self.filter(x)
        self.frames.append(_frame_sums(y, _FRAME))

    def energies(self) -> F64:
        return np.concatenate(self.frames) if self.frames else np.zeros(0)


def _frame_sums(x: F32 | F64, size: int) -> F64:
    """Sum of squares of x per frame of ``size`` samples (last frame zero-padded)."""
    full = x.size // size * size
    head = x[:full].reshape(-1, size)
    sums = np.einsum("ij,ij->i", head, head, dtype=np.float64)
    if full < x.size:
        rest = x[full:].astype(np.float64)
        sums = np.append(sums, float(np.dot(rest, rest)))
    return np.asarray(sums, dtype=np.float64)


def _block_max(x: F32, size: int, *, absolute: bool = True) -> F32:
    """Peak (of |x| if absolute) per block of ``size`` samples."""
    full = x.size // size * size
    head = x[:full].reshape(-1, size)
    out = np.maximum(head.max(axis=1), -head.min(axis=1)) if absolute else head.max(axis=1)
    if full < x.size:
        out = np.append(out, np.abs(x[full:]).max())
    return np.asarray(out, dtype=np.float32)


def gated_loudness(frame_energy: F64) -> float:
    """BS.1770 integrated loudness (mono) from sums of squares per 10 ms frame.

    Gating blocks are 400 ms long every 100 ms; absolute gate -70 LUFS,
    relative gate -10 LU.  Returns -inf when no block passes the gates.
    """
    steps = frame_energy.size // _FRAMES_PER_STEP
    if steps < 4:
        return -math.inf
    sub = frame_energy[: steps * _FRAMES_PER_STEP].reshape(steps, _FRAMES_PER_STEP).sum(axis=1)
    z = np.convolve(sub, np.ones(4), mode="valid") / (0.4 * SAMPLE_RATE)
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10.0 * np.log10(z)
    z = z[lk > _ABS_GATE_LUFS]
    if z.size == 0:
        return -math.inf
    rel_gate = -0.691 + 10.0 * math.log10(float(z.mean())) + _REL_GATE_LU
    with np.errstate(divide="ignore"):
        z = z[-0.691 + 10.0 * np.log10(z) > rel_gate]
    return -0.691 + 10.0 * math.log10(float(z.mean()))


def integrated_loudness(samples: F32) -> float:
    """BS.1770 integrated loudness of mono 48 kHz samples (same meter as the pipeline)."""
    meter = _KMeter()
    for i in range(0, samples.size, _CHUNK):
        meter.feed(np.ascontiguousarray(samples[i : i + _CHUNK], dtype=np.float32))
    return gated_loudness(meter.energies())


class _TruePeak:
    """Streaming 4x-oversampled peak per 1 ms block (max with the sample peak)."""

    def __init__(self) -> None:
        self._carry = np.zeros(_TP_CARRY - 1, dtype=np.float32)
        self.blocks: list[F32] = []

    def feed(self, x: F32) -> None:
        ext = np.concatenate((self._carry, x))
        # Phase r, output w: sum_m ext[w + m] * _TP_FIR[4 (7 - m) + r], the signal
        # at ext time w + 3.125 + r / 4, i.e. between x[w - 4] and x[w - 3]: off by
        # 4 samples from x's blocks, which the limiter absorbs by also looking at
        # neighbouring blocks.
        inter = np.empty(x.size, dtype=np.float32)
        for r, taps in enumerate(_TP_PHASES):
            phase = np.abs(np.convolve(ext, taps, mode="valid"))
            if r == 0:
                inter[:] = phase
            else:
                np.maximum(inter, phase, out=inter)
        tp = _block_max(inter, _BLOCK, absolute=False)
        sp = _block_max(x, _BLOCK)
        self.blocks.append(np.maximum(tp, sp))
        self._carry = ext[-(_TP_CARRY - 1) :].copy()

    def max_db(self) -> float:
        """Overall true peak in dBTP of everything fed so far."""
        peak = max((float(b.max()) for b in self.blocks if b.size), default=0.0)
        return 20.0 * math.log10(peak) if peak > 0 else -math.inf

    def peaks(self) -> F32:
        return np.concatenate(self.blocks) if self.blocks else np.zeros(0, np.float32)


@dataclass
class _Analysis:
    samples: int
    frame_ms: F64  # mean square per 10 ms frame (raw)
    frame_k: F64  # K-weighted sum of squares per 10 ms frame
    block_tp: F32  # true peak per 1 ms block
    decoder_rc: int
    stderr: str


def _analyse(src: Path, settings: AudioSettings) -> _Analysis:
    limit = int((settings.max_seconds + settings.probe_slack_seconds) * SAMPLE_RATE)
    meter = _KMeter()
    peaks = _TruePeak()
    frame_ms: list[F64] = []
    with _Decoder(src, settings) as dec:
        for chunk in dec.chunks():
            frame_ms.append(_frame_sums(chunk, _FRAME))
            meter.feed(chunk)
            peaks.feed(chunk)
            if dec.samples > limit:
                raise AudioError(
                    "too_long",
                    f"more than {limit / SAMPLE_RATE:.0f} s of audio",
                    duration=dec.samples / SAMPLE_RATE,
                )
    ms = np.concatenate(frame_ms) / _FRAME if frame_ms else np.zeros(0)
    return _Analysis(
        samples=dec.samples,
        frame_ms=ms,
        frame_k=meter.energies(),
        block_tp=peaks.peaks(),
        decoder_rc=-1 if dec.returncode is None else dec.returncode,
        stderr=dec.stderr_text,
    )


# --------------------------------------------------------------------------- decisions


def _trim(ms: F64, settings: AudioSettings) -> tuple[int, int]:
    """Frame range [first, last) of the sound, padding included."""
    with np.errstate(divide="ignore"):
        level = 10.0 * np.log10(ms)
    finite = level[np.isfinite(level)]
    if finite.size == 0:
        raise AudioError("silent", "recording is digital silence")
    loud = float(np.percentile(finite, settings.trim_reference_percentile))
    if loud < settings.silence_floor_dbfs:
        raise AudioError("silent", f"loud level {loud:.1f} dBFS is below the silence floor")
    active = np.flatnonzero(level > loud - settings.trim_threshold_db)
    pad = round(settings.trim_pad_seconds * SAMPLE_RATE / _FRAME)
    first = max(0, int(active[0]) - pad)
    last = min(ms.size, int(active[-1]) + 1 + pad)
    return first, last


def _ramp_min(need: F64, attack: float, release: float) -> F64:
    """Smallest curve <= need whose slope is within -attack .. +release per step.

    Closed form of the min-plus convolution with a two-sided linear ramp:
    e[n] = min_k need[k] + (attack*(k-n) if k >= n else release*(n-k)).
    """
    idx = np.arange(need.size, dtype=np.float64)
    ahead = np.minimum.accumulate((need + attack * idx)[::-1])[::-1] - attack * idx
    return np.minimum.accumulate(ahead - release * idx) + release * idx


def _limiter_curve(tp_db: F64, gain_db: float, ceiling: float, settings: AudioSettings) -> F64:
    """Gain reduction (dB, <= 0) per 1 ms block so that tp + gain + curve <= ceiling."""
    ceiling -= 0.05
    need = np.minimum(0.0, ceiling - (tp_db + gain_db))
    if not need.any():
        return need
    # A sample of block k is interpolated between blocks k-1..k+1: make each
    # of them at least as low as block k needs.
    spread = need.copy()
    np.minimum(spread[1:], need[:-1], out=spread[1:])
    np.minimum(spread[:-1], need[1:], out=spread[:-1])
    return _ramp_min(spread, settings.limiter_attack_db_per_ms, settings.limiter_release_db_per_ms)


def _frame_power(curve: F64, frames: int) -> F64:
    """Mean power gain per 10 ms frame of a 1 ms-block dB curve."""
    padded = np.zeros(frames * _BLOCKS_PER_FRAME)
    padded[: min(curve.size, padded.size)] = curve[: padded.size]
    power = np.power(10.0, padded / 10.0)
    return np.asarray(power.reshape(frames, _BLOCKS_PER_FRAME).mean(axis=1), dtype=np.float64)


def _plan_gain(
    frame_k: F64, tp_db: F64, lufs_in: float, ceiling: float, settings: AudioSettings
) -> tuple[float, F64, float]:
    """Overall gain (dB), limiter curve and predicted output loudness."""
    target = settings.target_lufs
    gain = min(target - lufs_in, settings.max_gain_db)
    top = min(gain + settings.max_limiter_makeup_db, settings.max_gain_db)
    curve = _limiter_curve(tp_db, gain, ceiling, settings)
    if not curve.any():
        return gain, curve, lufs_in + gain

    # Limiting lowers the loudness: raise the gain until the limited result
    # lands on the target (secant iterations on the predicted loudness).
    def predict(g: float, c: F64) -> float:
        return gated_loudness(frame_k * _frame_power(c, frame_k.size)) + g

    est = predict(gain, curve)
    prev: tuple[float, float] | None = None
    for _ in range(8):
        miss = target - est
        if abs(miss) < 0.05 or (miss > 0 and gain >= top):
            break
        step = miss
        if prev is not None and est != prev[1]:
            step = miss * (gain - prev[0]) / (est - prev[1])
        step = max(min(step, 6.0), -6.0)
        prev = (gain, est)
        gain = min(gain + step, top)
        curve = _limiter_curve(tp_db, gain, ceiling, settings)
        est = predict(gain, curve)
    return gain, curve, est


# --------------------------------------------------------------------------- render


def _render(
    src: Path,
    tmp: Path,
    start: int,
    stop: int,
    gain_db: float,
    curve: F64,
    settings: AudioSettings,
) -> tuple[float, float | None]:
    """Decode again, apply gain + curve to samples [start, stop), encode to tmp.

    Returns the BS.1770 loudness of the PCM handed to the encoder and, when
    ``settings.verify_true_peak``, the true peak (dBTP) of the encoded file,
    measured by decoding the encoder's output while it is being written.
    """
    meter = _KMeter()
    limited = np.flatnonzero(curve)
    centers = np.arange(curve.size, dtype=np.float64) * _BLOCK + (_BLOCK - 1) / 2
    scale = 10.0 ** (gain_db / 20.0)
    pos = 0  # position in the decoded stream
    with tempfile.TemporaryFile() as enc_err:
        enc = _start_encoder(tmp, settings, enc_err, tee=settings.verify_true_peak)
        watcher: _PeakWatcher | None = None
        try:
            if enc.stdout is not None:
                watcher = _PeakWatcher(enc.stdout, settings)
                enc.stdout.close()  # the verifying decoder holds the read end now
            stdin = enc.stdin
            if stdin is None:
                raise RuntimeError("encoder has no stdin")
            with _Decoder(src, settings) as dec:
                for chunk in dec.chunks():
                    lo, hi = max(start, pos), min(stop, pos + chunk.size)
                    pos += chunk.size
                    if hi <= lo:
                        if pos >= stop:
                            break
                        continue
                    part = chunk[lo - (pos - chunk.size) : hi - (pos - chunk.size)]
                    rel0, rel1 = lo - start, hi - start
                    b0, b1 = rel0 // _BLOCK, -(-rel1 // _BLOCK)
                    out = np.multiply(part, np.float32(scale))
                    if limited.size and np.any(curve[max(0, b0 - 1) : b1 + 1]):
                        where = np.arange(rel0, rel1, dtype=np.float64)
                        db = np.interp(where, centers, curve)
                        out *= np.power(10.0, db / 20.0).astype(np.float32)
                    meter.feed(out)
                    stdin.write(out.tobytes())
                    if pos >= stop:
                        break
            stdin.close()
            rc = enc.wait()
        except BaseException:
            enc.kill()
            enc.wait()
            if watcher is not None:
                watcher.abort()
            raise
        if rc != 0:
            if watcher is not None:
                watcher.abort()
            enc_err.seek(0)
            msg = enc_err.read(_STDERR_LIMIT).decode(errors="replace").strip()
            raise RuntimeError(f"ffmpeg libopus encode failed ({rc}): {msg}")
    peak = watcher.result() if watcher is not None else None
    return gated_loudness(meter.energies()), peak


# --------------------------------------------------------------------------- public API


def process_file(src: Path, dst: Path, settings: AudioSettings = AudioSettings()) -> AudioReport:
    """Normalise ``src`` into an OGG/Opus voice note at ``dst`` (blocking).

    Raises AudioError (nothing is written to ``dst``) for recordings that are
    not audio, cannot be decoded, are silent, too short or too long.
    """
    t0 = time.perf_counter()
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise FileNotFoundError(src)

    probe = _run_ffprobe(src, settings)
    if not probe.ok:
        code: AudioErrorCode = "undecodable" if _looks_like_media(src) else "not_audio"
        raise AudioError(code, f"ffprobe cannot read {src.name}: {probe.detail}")
    if not probe.has_audio:
        raise AudioError("not_audio", f"{src.name} has no audio stream")
    hard_limit = settings.max_seconds + settings.probe_slack_seconds
    if probe.duration is not None and probe.duration > hard_limit:
        raise AudioError("too_long", f"{probe.duration:.1f} s", duration=probe.duration)

    an = _analyse(src, settings)
    duration_in = an.samples / SAMPLE_RATE
    decode_errors = bool(_DECODE_ERROR_RE.search(an.stderr))
    if (
        an.decoder_rc != 0
        or an.samples == 0
        or (decode_errors and probe.duration and duration_in < 0.5 * probe.duration)
    ):
        raise AudioError(
            "undecodable",
            f"ffmpeg decoded {duration_in:.2f} s (rc={an.decoder_rc}): {an.stderr.strip()[:500]}",
            duration=duration_in,
        )
    if decode_errors:
        logger.warning("decoding %s reported errors: %s", src.name, an.stderr.strip()[:300])

    first, last = _trim(an.frame_ms, settings)
    start, stop = first * _FRAME, min(an.samples, last * _FRAME)
    duration_out = (stop - start) / SAMPLE_RATE
    if duration_out < settings.min_seconds:
        raise AudioError("too_short", f"{duration_out:.2f} s of sound", duration=duration_out)
    if duration_out > settings.max_seconds:
        raise AudioError("too_long", f"{duration_out:.1f} s of sound", duration=duration_out)

    frame_k = an.frame_k[first:last]
    lufs_in = gated_loudness(frame_k)
    if not math.isfinite(lufs_in):
        raise AudioError("silent", "no loudness block above -70 LUFS")
    b0 = start // _BLOCK
    tp = an.block_tp[b0 : b0 + -(-(stop - start) // _BLOCK)]
    with np.errstate(divide="ignore"):
        tp_db = 20.0 * np.log10(tp.astype(np.float64))
    del an, tp

    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".voice-", suffix=".ogg.part", dir=dst.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # The limiter aims below the ceiling because Opus overshoots; the encoded
    # file is measured and, if still too hot, rendered again with a lower aim.
    limit = settings.true_peak_db - _VERIFY_MARGIN_DB
    aim = settings.true_peak_db - settings.encoder_headroom_db
    try:
        for attempt in range(settings.verify_retries + 1):
            gain_db, curve, predicted = _plan_gain(frame_k, tp_db, lufs_in, aim, settings)
            lufs_out, peak_out = _render(src, tmp, start, stop, gain_db, curve, settings)
            if peak_out is None or peak_out <= limit:
                break
            if attempt == settings.verify_retries:
                logger.warning(
                    "%s: encoded true peak %.2f dBTP is above %.1f after %d renders",
                    src.name,
                    peak_out,
                    settings.true_peak_db,
                    attempt + 1,
                )
                break
            logger.info(
                "%s: encoded true peak %.2f dBTP > %.2f, rendering again with the limiter "
                "aimed %.2f dB lower",
                src.name,
                peak_out,
                limit,
                peak_out - limit + _RETRY_EXTRA_DB,
            )
            aim -= peak_out - limit + _RETRY_EXTRA_DB
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)

    report = AudioReport(
        duration_in=round(duration_in, 3),
        duration_out=round(duration_out, 3),
        lufs_in=round(lufs_in, 2),
        lufs_out=round(lufs_out, 2),
        trimmed_start=round(start / SAMPLE_RATE, 3),
        trimmed_end=round(duration_in - stop / SAMPLE_RATE, 3),
        seconds=round(time.perf_counter() - t0, 3),
    )
    limited_ms = int(np.count_nonzero(curve))
    logger.info(
        "processed %s: %.1f s -> %.1f s, %.1f -> %.1f LUFS (gain %.1f dB, predicted %.1f, "
        "limiting %d ms, max %.1f dB, true peak %s dBTP) in %.2f s",
        src.name,
        report.duration_in,
        report.duration_out,
        report.lufs_in,
        report.lufs_out,
        gain_db,
        predicted,
        limited_ms,
        float(-curve.min()) if curve.size else 0.0,
        "unmeasured" if peak_out is None else f"{peak_out:.2f}",
        report.seconds,
    )
    return report


async def process_audio(
    src: Path, dst: Path, settings: AudioSettings = AudioSettings()
) -> AudioReport:
    """``process_file`` in a worker thread, so the event loop keeps running."""
    return await asyncio.to_thread(process_file, src, dst, settings)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bot.audio IN OUT.ogg``: print the report as JSON (exit 2 on AudioError)."""
    parser = argparse.ArgumentParser(prog="process-audio", description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--target-lufs", type=float, default=AudioSettings.target_lufs)
    parser.add_argument("--bitrate", default=AudioSettings.bitrate)
    args = parser.parse_args(argv)
    settings = AudioSettings(target_lufs=args.target_lufs, bitrate=args.bitrate)
    try:
        report = process_file(args.src, args.dst, settings)
    except AudioError as exc:
        print(
            json.dumps({"error": exc.code, "message": str(exc), "duration": exc.duration}),
            file=sys.stderr,
        )
        return 2
    print(json.dumps(report.as_dict()))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
