"""Dynamics: where the sound starts and ends, the gain to target, and the limiter's curve.

Trimming and loudness work on figures per 10 ms frame (mean square of the plain
signal, K-weighted energy), the limiter on sample peaks per 2.5 ms block.  They
are float32 arrays sized for ``decode_limit_seconds`` (0.5 and 2 MB for 21 minutes),
so the memory they take is bounded whatever the recording's length.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from bot.audio.ffmpeg import SAMPLE_RATE
from bot.audio.meters import BLOCKS_PER_FRAME, LIMIT_BLOCK, gated_loudness
from bot.audio.settings import AudioError, AudioSettings

F32 = npt.NDArray[np.float32]

_BLOCK_MS = 1000.0 * LIMIT_BLOCK / SAMPLE_RATE
# The limiter aims this far below its ceiling: the interpolated gain is rounded to float32.
_CEILING_MARGIN_DB = 0.05


# Work on the per-frame and per-block arrays a minute at a time: the temporaries are
# the same few hundred KB for any length (whole-array ones grew with the recording).
_SLICE_FRAMES = 6000
_SLICE_BLOCKS = _SLICE_FRAMES * BLOCKS_PER_FRAME
_LEVEL_FLOOR_DB, _LEVEL_STEP_DB, _LEVEL_BINS = -200.0, 0.05, 4400  # -200 .. +20 dB


def _levels(mean_square: F32) -> Iterator[tuple[int, F32]]:
    for s in range(0, mean_square.size, _SLICE_FRAMES):
        with np.errstate(divide="ignore"):
            yield s, np.float32(10.0) * np.log10(mean_square[s : s + _SLICE_FRAMES])


def trim(mean_square: F32, settings: AudioSettings) -> tuple[int, int]:
    """Frame range [first, last) of the sound, padding included, from 10 ms mean squares.

    The loud level (a percentile of frame levels) comes from a histogram in
    0.05 dB steps, built a slice at a time.
    """
    hist = np.zeros(_LEVEL_BINS, dtype=np.int64)
    for _, level in _levels(mean_square):
        finite = level[np.isfinite(level)]
        bins = np.clip((finite - _LEVEL_FLOOR_DB) / _LEVEL_STEP_DB, 0, _LEVEL_BINS - 1)
        hist += np.bincount(bins.astype(np.int64), minlength=_LEVEL_BINS)
    total = int(hist.sum())
    if total == 0:
        raise AudioError("silent", "recording is digital silence")
    rank = np.searchsorted(np.cumsum(hist), settings.trim_reference_percentile / 100 * total)
    loud = _LEVEL_FLOOR_DB + (min(int(rank), _LEVEL_BINS - 1) + 0.5) * _LEVEL_STEP_DB
    if loud < settings.silence_floor_dbfs:
        raise AudioError("silent", f"loud level {loud:.1f} dBFS is below the silence floor")
    first = last = -1
    for s, level in _levels(mean_square):
        active = np.flatnonzero(level > loud - settings.trim_threshold_db)
        if active.size:
            first = s + int(active[0]) if first < 0 else first
            last = s + int(active[-1])
    pad = round(settings.trim_pad_seconds * 100)  # frames of 10 ms
    return max(0, first - pad), min(mean_square.size, last + 1 + pad)


def loudness(k_energy: F32, curve: F32 | None = None) -> float:
    """BS.1770 integrated loudness of K-weighted energies per 10 ms frame, after ``curve``.

    ``curve`` has BLOCKS_PER_FRAME limiter blocks per frame.  GainShaper interpolates
    it linearly between block centres, so over block k the amplitude factor
    averages (g[k-1] + 6 g[k] + g[k+1]) / 8; a frame's energy is scaled by the
    mean square of that over its blocks.
    """
    if curve is None or not curve.any():
        return gated_loudness(k_energy)
    weighted = np.empty(k_energy.size, dtype=np.float32)
    n = curve.size
    for s in range(0, n, _SLICE_BLOCKS):
        e = min(n, s + _SLICE_BLOCKS)
        lo, hi = max(0, s - 1), min(n, e + 1)
        g = np.power(np.float32(10.0), curve[lo:hi] / np.float32(20.0), dtype=np.float32)
        # Neighbours of each block of [s, e); the ends of the curve repeat themselves.
        prev = g[s - lo - 1 : e - lo - 1] if s > 0 else np.concatenate((g[:1], g[: e - s - 1]))
        nxt = g[s - lo + 1 : e - lo + 1] if e < n else np.concatenate((g[s - lo + 1 :], g[-1:]))
        mean = g[s - lo : e - lo] * np.float32(6.0)
        mean += prev
        mean += nxt
        mean *= np.float32(1 / 8)
        mean *= mean
        f0 = s // BLOCKS_PER_FRAME
        power = mean.reshape(-1, BLOCKS_PER_FRAME).mean(axis=1, dtype=np.float32)
        np.multiply(k_energy[f0 : f0 + power.size], power, out=weighted[f0 : f0 + power.size])
    return gated_loudness(weighted)


def limiter_curve(
    peak: F32, gain_db: float, ceiling: float, settings: AudioSettings, out: F32
) -> F32:
    """Gain reduction (dB, <= 0) per limiter block so that peak + gain + curve <= ceiling.

    The smallest reduction whose slope stays within -attack .. +release dB per
    block (look-ahead before a peak, recovery after it): a backward then a
    forward min-plus scan, slice by slice with the value at the slice edge
    carried over.  Written into ``out[:peak.size]``, which is returned.
    """
    attack = settings.limiter_attack_db_per_ms * _BLOCK_MS
    release = settings.limiter_release_db_per_ms * _BLOCK_MS
    level = ceiling - _CEILING_MARGIN_DB - gain_db
    n = peak.size
    curve = out[:n]
    carry = math.inf
    for s in reversed(range(0, n, _SLICE_BLOCKS)):
        lo, hi = max(0, s - 1), min(n, s + _SLICE_BLOCKS + 1)
        with np.errstate(divide="ignore"):
            need = level - 20.0 * np.log10(peak[lo:hi].astype(np.float64))
        np.minimum(need, 0.0, out=need)
        # A sample of block k is interpolated between the centres of blocks k-1..k+1:
        # make each of them at least as low as block k needs.
        spread = need.copy()
        np.minimum(spread[1:], need[:-1], out=spread[1:])
        np.minimum(spread[:-1], need[1:], out=spread[:-1])
        seg = spread[s - lo : s - lo + min(_SLICE_BLOCKS, n - s)]
        if carry == 0.0 and not seg.any():
            curve[s : s + seg.size] = 0.0  # nothing to limit, nor to ramp towards
            continue
        # In place where possible: the same few slice-sized temporaries on every path.
        ramp = np.arange(seg.size, dtype=np.float64)
        ramp *= attack
        seg += ramp
        back = np.minimum.accumulate(seg[::-1])[::-1]
        back -= ramp
        if math.isfinite(carry):  # reach the carried value at the next slice's first block
            np.subtract(attack * seg.size + carry, ramp, out=ramp)
            np.minimum(back, ramp, out=back)
        curve[s : s + seg.size] = back
        carry = float(back[0])
        del need, spread, seg, ramp, back  # before the next slice's are made
    carry = math.inf
    for s in range(0, n, _SLICE_BLOCKS):
        seg = curve[s : s + _SLICE_BLOCKS].astype(np.float64)
        if carry == 0.0 and not seg.any():
            continue
        ramp = np.arange(seg.size, dtype=np.float64)
        ramp *= release
        seg -= ramp
        fwd = np.minimum.accumulate(seg)
        fwd += ramp
        if math.isfinite(carry):  # recover from the previous slice's last block
            ramp += release + carry
            np.minimum(fwd, ramp, out=fwd)
        np.minimum(fwd, 0.0, out=fwd)
        curve[s : s + seg.size] = fwd
        carry = float(fwd[-1])
        del seg, ramp, fwd
    return curve


def plan_gain(
    k_energy: F32,
    peak: F32,
    lufs_in: float,
    ceiling: float,
    settings: AudioSettings,
    scratch: F32 | None = None,
) -> tuple[float, F32, float]:
    """Overall gain (dB), limiter curve and predicted loudness of the encoder's input.

    The curve is written into ``scratch`` (at least ``peak.size`` long) if given.
    """
    out = np.empty(peak.size, dtype=np.float32) if scratch is None else scratch
    target = settings.target_lufs + settings.encoder_loudness_loss_db
    gain = min(target - lufs_in, settings.max_gain_db)
    top = min(gain + settings.max_limiter_makeup_db, settings.max_gain_db)
    curve = limiter_curve(peak, gain, ceiling, settings, out)
    if not curve.any():
        return gain, curve, lufs_in + gain

    # Limiting lowers the loudness: raise the gain until the limited result
    # lands on the target (secant iterations on the predicted loudness).
    est = loudness(k_energy, curve) + gain
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
        curve = limiter_curve(peak, gain, ceiling, settings, out)
        est = loudness(k_energy, curve) + gain
    return gain, curve, est


class GainShaper:
    """Applies the overall gain and the limiter curve to samples, chunk by chunk, in place.

    The curve is interpolated linearly (in amplitude) between limiter block centres
    (flat beyond the first and last), block by block in float32 into one reused
    buffer: no per-sample temporaries, so no fresh memory per chunk.
    """

    def __init__(self, gain_db: float, curve: F32) -> None:
        self._scale = np.float32(10.0 ** (gain_db / 20.0))
        self._curve = curve
        self._limited = bool(curve.any())
        half = LIMIT_BLOCK // 2
        # Weight of (previous centre - own centre) in the first half of a block, and
        # of (next centre - own centre) in the second; the centre is at (LIMIT_BLOCK - 1) / 2.
        self._w_prev = ((half - 0.5 - np.arange(half)) / LIMIT_BLOCK).astype(np.float32)
        self._w_next = self._w_prev[::-1].copy()
        self._gains = np.empty((0, LIMIT_BLOCK), dtype=np.float32)

    def apply(self, x: F32, offset: int) -> F32:
        """Shape ``x`` in place; its first sample is sample ``offset`` (a block start)."""
        if offset % LIMIT_BLOCK:
            raise ValueError("chunks must start on a block boundary")
        b0, blocks = offset // LIMIT_BLOCK, -(-x.size // LIMIT_BLOCK)
        if not self._limited or not self._curve[max(0, b0 - 1) : b0 + blocks + 1].any():
            x *= self._scale
            return x
        if self._gains.shape[0] < blocks:
            self._gains = np.empty((blocks, LIMIT_BLOCK), dtype=np.float32)
        g = self._gains[:blocks]
        # Amplitude factors of these blocks and their neighbours (the ends repeat).
        n = self._curve.size
        if b0 + blocks > n:
            raise ValueError("samples beyond the curve")
        lo, hi = max(0, b0 - 1), min(n, b0 + blocks + 1)
        amp = np.empty(blocks + 2, dtype=np.float32)
        inner = amp[lo - b0 + 1 : hi - b0 + 1]
        np.power(np.float32(10.0), self._curve[lo:hi] / np.float32(20.0), out=inner)
        inner *= self._scale
        if lo == b0:
            amp[0] = amp[1]
        if hi == b0 + blocks:
            amp[-1] = amp[-2]
        own = amp[1:-1, None]
        half = LIMIT_BLOCK // 2
        np.multiply(amp[:-2, None] - own, self._w_prev, out=g[:, :half])
        np.multiply(amp[2:, None] - own, self._w_next, out=g[:, half:])
        g += own
        full = x.size // LIMIT_BLOCK * LIMIT_BLOCK
        whole = x[:full].reshape(-1, LIMIT_BLOCK)  # a view: shaping it shapes x
        whole *= g[: full // LIMIT_BLOCK]
        if full < x.size:
            x[full:] *= g[-1, : x.size - full]
        return x

    @property
    def limited_blocks(self) -> int:
        return int(np.count_nonzero(self._curve))

    @property
    def deepest_db(self) -> float:
        return float(-self._curve.min()) if self._curve.size else 0.0
