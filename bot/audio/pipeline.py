"""``process_file``: any phone recording in, a normalised OGG/Opus voice note out.

1. ffprobe: refuse playlists, other containers, files with no audio and
   headers that claim more than ``max_seconds + probe_slack_seconds``.
2. Analysis, the one decode: ffmpeg decodes to mono 48 kHz and K-weights a copy;
   both arrive interleaved on one pipe.  Python spools the plain samples to a
   temporary file (disk, not memory) and keeps only three figures per 10 ms
   frame: mean square (trimming), K-weighted energy (loudness) and sample peak
   (limiter).  Decoding stops at the length limit, so a decompression bomb
   costs no more than a long lecture.
3. Decisions in numpy on those figures: trim points, gain to ``target_lufs``,
   a look-ahead limiter curve aimed ``encoder_headroom_db`` below the ceiling.
4. Render, the one encode: the spooled samples, shaped by gain and curve, go
   through a pipe into one libopus encode.
5. Check: the Opus file's length (its last granule position) must match what was
   rendered.  With ``verify_true_peak`` it is also decoded and its true peak
   measured, and rendered again with the limiter aimed lower if Opus overshot.

Memory does not grow with the recording's length: samples move in 2 s chunks
through buffers reused for the whole file, and the per-frame figures live in
arrays allocated (and touched) for the longest file decoding accepts
(``decode_limit_seconds``, 1.5 MB for 21 minutes), whatever the file's length.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from bot.audio import meters
from bot.audio.dynamics import GainShaper, loudness, plan_gain, trim
from bot.audio.ffmpeg import SAMPLE_RATE, OpusWriter, PcmReader, input_args, quiet_args
from bot.audio.meters import BLOCKS_PER_FRAME, FRAME, LIMIT_BLOCK, block_peaks, frame_sums
from bot.audio.probe import Probe, opus_samples, probe
from bot.audio.settings import DEFAULT_SETTINGS, AudioError, AudioReport, AudioSettings

logger = logging.getLogger(__name__)

F32 = npt.NDArray[np.float32]

_CHUNK = FRAME * 200  # 2 s of samples per read
_DECODE_ERROR_RE = re.compile(r"error while decoding|invalid data found|header missing", re.I)
# The encoded file must measure at least this far below true_peak_db with our
# meter (ffmpeg's ebur128 interpolates differently and rounds to 0.1 dB).
_VERIFY_MARGIN_DB = 0.15
# 4x interpolation adds less than this to a block's sample peak in decoded 48 kHz Opus
# speech (band-limited well below 24 kHz): blocks further below the limit are not oversampled.
_INTERSAMPLE_DB = 2.0
_RETRY_EXTRA_DB = 0.3  # aim this much further below than the measured excess
# Decoded Opus may differ from the rendered length by the encoder's padding.
_LENGTH_SLACK = SAMPLE_RATE // 50


@dataclass
class Analysis:
    samples: int
    mean_square: F32  # per 10 ms frame, of the plain signal
    k_energy: F32  # sum of squares per 10 ms frame of the K-weighted signal
    peak: F32  # sample peak (linear) per 2.5 ms limiter block
    scratch: F32  # room for the limiter's curve, as long as the longest peak array


def _figures(frames: int) -> F32:
    # np.full writes every page now: the process takes the same memory for any length.
    return np.full(frames, 0.0, dtype=np.float32)


def analyse(src: Path, probed: Probe, settings: AudioSettings, spool: IO[bytes] | None) -> Analysis:
    """The one decode: spool the mono 48 kHz samples and measure them on the way."""
    limit = int(settings.decode_limit_seconds * SAMPLE_RATE)
    expected = min(probed.duration or math.inf, settings.decode_limit_seconds)
    graph = (
        f"aresample={SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=mono,"
        f"asplit[plain][k];[k]{meters.K_WEIGHTING}[kw];[plain][kw]join=inputs=2:channel_layout=stereo"
    )
    cmd = [
        *quiet_args(settings),
        *input_args(src, probed.demuxer),
        *("-map", "0:a:0", "-vn", "-sn", "-dn", "-af", graph),
        *("-c:a", "pcm_f32le", "-f", "f32le", "pipe:1"),
    ]
    # Sized for the longest file decoding may reach, filled in place (no list of chunks
    # to join at the end, which would double them).
    cap = -(-(limit + _CHUNK) // FRAME)
    squares, k_energy, peak = _figures(cap), _figures(cap), _figures(cap * BLOCKS_PER_FRAME)
    plain_buf = np.empty(_CHUNK, dtype=np.float32)
    k_buf = np.empty(_CHUNK, dtype=np.float32)
    frames = blocks = 0  # frames and limiter blocks filled
    with PcmReader(cmd, channels=2, timeout=settings.timeout_for(expected), what="decoding") as dec:
        for chunk in dec.chunks(_CHUNK, reuse=True):
            n = chunk.shape[0]
            plain, k_weighted = plain_buf[:n], k_buf[:n]
            np.copyto(plain, chunk[:, 0])
            np.copyto(k_weighted, chunk[:, 1])
            if spool is not None:
                spool.write(plain.data)
            frame_squares = frame_sums(plain)
            squares[frames : frames + frame_squares.size] = frame_squares
            k_energy[frames : frames + frame_squares.size] = frame_sums(k_weighted)
            peaks = block_peaks(plain, LIMIT_BLOCK)
            peak[blocks : blocks + peaks.size] = peaks
            frames, blocks = frames + frame_squares.size, blocks + peaks.size
            if dec.frames > limit:
                raise AudioError(
                    "too_long",
                    f"more than {settings.decode_limit_seconds:.0f} s of audio",
                    duration=dec.frames / SAMPLE_RATE,
                )
        exit_code = dec.close()
    dec.deadline.check()
    samples = dec.frames
    decode_errors = bool(_DECODE_ERROR_RE.search(dec.stderr))
    seconds = samples / SAMPLE_RATE
    if (
        exit_code != 0
        or samples == 0
        or (decode_errors and probed.duration and seconds < 0.5 * probed.duration)
    ):
        raise AudioError(
            "undecodable",
            f"ffmpeg decoded {seconds:.2f} s (exit code {exit_code}): {dec.stderr.strip()[:500]}",
            duration=seconds,
        )
    if decode_errors:
        logger.warning("decoding %s reported errors: %s", src.name, dec.stderr.strip()[:300])
    mean_square = squares[:frames]
    mean_square *= np.float32(1 / FRAME)
    # Whole frames of blocks (a short last frame's missing blocks stay at 0).
    blocks = frames * BLOCKS_PER_FRAME
    scratch = _figures(cap * BLOCKS_PER_FRAME) if spool is not None else peak[:0]
    return Analysis(samples, mean_square, k_energy[:frames], peak[:blocks], scratch)


def render(
    spool: io.BufferedRandom,
    start: int,
    stop: int,
    shaper: GainShaper,
    tmp: Path,
    settings: AudioSettings,
) -> None:
    """The one encode: spooled samples [start, stop), shaped, piped into libopus."""
    seconds = (stop - start) / SAMPLE_RATE
    enc = OpusWriter(tmp, settings, timeout=settings.timeout_for(seconds))
    buf = np.empty(_CHUNK, dtype=np.float32)
    raw = buf.data.cast("B")
    try:
        pos = start
        spool.seek(start * 4)
        while pos < stop:
            want = min(_CHUNK, stop - pos)
            got = spool.readinto(raw[: want * 4])
            if got != want * 4:
                raise RuntimeError(f"spool ended at sample {pos + got // 4}, wanted {stop}")
            enc.write(shaper.apply(buf[:want], pos - start))
            pos += want
        enc.finish()
    except BaseException:
        enc.abort()
        raise
    if enc.frames != stop - start:
        raise RuntimeError(f"encoder got {enc.frames} samples, wanted {stop - start}")


def verify(tmp: Path, samples: int, settings: AudioSettings) -> float:
    """True peak (dBTP) of the encoded file; checks that it decodes to ``samples`` samples."""
    cmd = [*quiet_args(settings), *input_args(tmp, "ogg"), "-f", "f32le", "pipe:1"]
    timeout = settings.timeout_for(samples / SAMPLE_RATE)
    peak = 0.0
    before = np.zeros(0, dtype=np.float32)
    floor = 10.0 ** ((settings.true_peak_db - _VERIFY_MARGIN_DB - _INTERSAMPLE_DB) / 20.0)
    with PcmReader(cmd, channels=1, timeout=timeout, what="verifying the encode") as dec:
        # One chunk late, so that each chunk's true peak sees the samples after it.
        held: F32 | None = None
        for chunk in dec.chunks(_CHUNK):
            mono = np.ascontiguousarray(chunk[:, 0])
            if held is not None:
                peak = max(peak, meters.ceiling_true_peak(before, held, mono, floor))
                before = held
            held = mono
        if held is not None:
            peak = max(peak, meters.ceiling_true_peak(before, held, np.zeros(0, np.float32), floor))
        exit_code = dec.close()
    dec.deadline.check()
    if exit_code != 0 or abs(dec.frames - samples) > _LENGTH_SLACK:
        raise RuntimeError(
            f"the encoded file decodes to {dec.frames} samples (exit code {exit_code}), "
            f"wanted {samples}: {dec.stderr.strip()[:300]}"
        )
    return 20.0 * math.log10(peak) if peak > 0 else -math.inf


def integrated_loudness(src: Path, settings: AudioSettings = DEFAULT_SETTINGS) -> float:
    """BS.1770 integrated loudness (LUFS) of a whole file, by the pipeline's own meter."""
    src = Path(src)
    analysis = analyse(src, probe(src, settings), settings, None)
    return loudness(analysis.k_energy)


def check_length(tmp: Path, samples: int) -> None:
    """The encoded file's length (its last granule position) matches what was rendered."""
    got = opus_samples(tmp)
    if got is None or abs(got - samples) > _LENGTH_SLACK:
        raise RuntimeError(f"the encoded file holds {got} samples, wanted {samples}")


def process_file(src: Path, dst: Path, settings: AudioSettings = DEFAULT_SETTINGS) -> AudioReport:
    """Normalise ``src`` into an OGG/Opus voice note at ``dst`` (blocking).

    Raises AudioError (nothing is written to ``dst``) for recordings that are not
    audio, are playlists, cannot be decoded, are silent, too short, too long or
    too slow to process.
    """
    started = time.perf_counter()
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise FileNotFoundError(src)
    probed = probe(src, settings)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(prefix=".spool-", dir=dst.parent) as spool:
        analysis = analyse(src, probed, settings, spool)
        first, last = trim(analysis.mean_square, settings)
        start, stop = first * FRAME, min(analysis.samples, last * FRAME)
        duration_in, duration_out = analysis.samples / SAMPLE_RATE, (stop - start) / SAMPLE_RATE
        if duration_out < settings.min_seconds:
            raise AudioError("too_short", f"{duration_out:.2f} s of sound", duration=duration_out)
        if duration_out > settings.max_seconds:
            raise AudioError("too_long", f"{duration_out:.1f} s of sound", duration=duration_out)
        k_energy = analysis.k_energy[first:last]
        peak = analysis.peak[first * BLOCKS_PER_FRAME : last * BLOCKS_PER_FRAME]
        lufs_in = loudness(k_energy)
        if not math.isfinite(lufs_in):
            raise AudioError("silent", "no loudness block above -70 LUFS")
        fd, tmp_name = tempfile.mkstemp(prefix=".voice-", suffix=".ogg.part", dir=dst.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        # The limiter aims below the ceiling because Opus overshoots; the encoded
        # file is measured and, if still too hot, rendered again with a lower aim.
        limit = settings.true_peak_db - _VERIFY_MARGIN_DB
        aim = settings.true_peak_db - settings.encoder_headroom_db
        try:
            for attempt in range(settings.verify_retries + 1):
                gain_db, curve, lufs_out = plan_gain(
                    k_energy, peak, lufs_in, aim, settings, analysis.scratch
                )
                shaper = GainShaper(gain_db, curve)
                render(spool, start, stop, shaper, tmp, settings)
                if settings.verify_true_peak:
                    peak_out: float | None = verify(tmp, stop - start, settings)
                else:
                    check_length(tmp, stop - start)
                    peak_out = None
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
                lower = peak_out - limit + _RETRY_EXTRA_DB
                logger.info(
                    "%s: encoded true peak %.2f dBTP > %.2f, rendering again with the limiter "
                    "aimed %.2f dB lower",
                    src.name,
                    peak_out,
                    limit,
                    lower,
                )
                aim -= lower
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)

    report = AudioReport(
        duration_in=round(duration_in, 3),
        duration_out=round(duration_out, 3),
        lufs_in=round(lufs_in, 2),
        # What the file should measure: the encoder's input, less what Opus loses.
        lufs_out=round(lufs_out - settings.encoder_loudness_loss_db, 2),
        trimmed_start=round(start / SAMPLE_RATE, 3),
        trimmed_end=round(duration_in - stop / SAMPLE_RATE, 3),
        seconds=round(time.perf_counter() - started, 3),
    )
    logger.info(
        "processed %s: %.1f s -> %.1f s, %.1f -> %.1f LUFS (gain %.1f dB, limiting %.0f ms, "
        "max %.1f dB, true peak %s dBTP, %d render(s)) in %.2f s",
        src.name,
        report.duration_in,
        report.duration_out,
        report.lufs_in,
        report.lufs_out,
        gain_db,
        shaper.limited_blocks * LIMIT_BLOCK * 1000 / SAMPLE_RATE,
        shaper.deepest_db,
        "unmeasured" if peak_out is None else f"{peak_out:.2f}",
        attempt + 1,
        report.seconds,
    )
    return report
