"""Dynamics: where the sound starts and ends, the gain to target, and the limiter's curve.

Per-1 ms-block figures (peak dB, K-weighted energy dB, the limiter curve) are held
as float16 dB (0.03 dB steps where it matters) and worked on in slices of
``_SLICE`` blocks, so a 20-minute lecture needs a few MB here, not a hundred.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bot.audio.meters import BLOCK, BLOCKS_PER_FRAME, gated_loudness
from bot.audio.settings import AudioError, AudioSettings

F16 = npt.NDArray[np.float16]
F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

_SLICE = 60_000  # blocks (one minute) per slice; a multiple of BLOCKS_PER_FRAME


def trim(mean_square: F64, settings: AudioSettings) -> tuple[int, int]:
    """Frame range [first, last) of the sound, padding included, from 10 ms mean squares."""
    with np.errstate(divide="ignore"):
        level = 10.0 * np.log10(mean_square)
    finite = level[np.isfinite(level)]
    if finite.size == 0:
        raise AudioError("silent", "recording is digital silence")
    loud = float(np.percentile(finite, settings.trim_reference_percentile))
    if loud < settings.silence_floor_dbfs:
        raise AudioError("silent", f"loud level {loud:.1f} dBFS is below the silence floor")
    active = np.flatnonzero(level > loud - settings.trim_threshold_db)
    pad = round(settings.trim_pad_seconds * 100)  # frames of 10 ms
    first = max(0, int(active[0]) - pad)
    last = min(mean_square.size, int(active[-1]) + 1 + pad)
    return first, last


def to_db16(values: F32 | F64, power: bool) -> F16:
    """10 log10 (power) or 20 log10 (amplitude) of ``values``, as float16 (-inf for 0)."""
    with np.errstate(divide="ignore"):
        db = (10.0 if power else 20.0) * np.log10(values.astype(np.float32))
    return np.asarray(db, dtype=np.float16)


def _frames(block_energy: F64) -> F64:
    frames = -(-block_energy.size // BLOCKS_PER_FRAME)
    padded = np.zeros(frames * BLOCKS_PER_FRAME)
    padded[: block_energy.size] = block_energy
    return np.asarray(padded.reshape(frames, BLOCKS_PER_FRAME).sum(axis=1), dtype=np.float64)


def loudness(k_db: F16, curve: F16 | None = None) -> float:
    """BS.1770 integrated loudness of per-block K-weighted energies (dB), after ``curve``."""
    frames = []
    for s in range(0, k_db.size, _SLICE):
        db = k_db[s : s + _SLICE].astype(np.float64)
        if curve is not None:
            db += curve[s : s + _SLICE]
        frames.append(_frames(np.power(10.0, db / 10.0)))
    return gated_loudness(np.concatenate(frames)) if frames else -math.inf


def limiter_curve(peak_db: F16, gain_db: float, ceiling: float, settings: AudioSettings) -> F16:
    """Gain reduction (dB, <= 0) per 1 ms block so that peak + gain + curve <= ceiling.

    The smallest reduction whose slope stays within -attack .. +release dB per
    block (look-ahead before a peak, recovery after it): a backward then a forward
    min-plus scan, slice by slice with the value at the slice edge carried over.
    """
    ceiling -= 0.05
    attack, release = settings.limiter_attack_db_per_ms, settings.limiter_release_db_per_ms
    n = peak_db.size
    out = np.zeros(n, dtype=np.float16)
    carry = math.inf
    for s in reversed(range(0, n, _SLICE)):
        lo, hi = max(0, s - 1), min(n, s + _SLICE + 1)
        need = np.minimum(0.0, ceiling - (peak_db[lo:hi].astype(np.float64) + gain_db))
        # A sample of block k is interpolated between blocks k-1..k+1: make each
        # of them at least as low as block k needs.
        spread = need.copy()
        np.minimum(spread[1:], need[:-1], out=spread[1:])
        np.minimum(spread[:-1], need[1:], out=spread[:-1])
        seg = spread[s - lo : s - lo + min(_SLICE, n - s)]
        if carry == 0.0 and not seg.any():
            continue  # nothing to limit here, nor ramping down towards a later peak
        idx = np.arange(seg.size, dtype=np.float64)
        back = np.minimum.accumulate((seg + attack * idx)[::-1])[::-1] - attack * idx
        back = np.minimum(back, carry + attack * (seg.size - idx))
        out[s : s + seg.size] = back
        carry = float(back[0])
    carry = math.inf
    for s in range(0, n, _SLICE):
        seg64 = out[s : s + _SLICE].astype(np.float64)
        if carry == 0.0 and not seg64.any():
            continue
        idx = np.arange(seg64.size, dtype=np.float64)
        fwd = np.minimum.accumulate(seg64 - release * idx) + release * idx
        fwd = np.minimum(fwd, carry + release * (idx + 1))
        fwd = np.minimum(fwd, 0.0)
        out[s : s + seg64.size] = fwd
        carry = float(fwd[-1])
    return out


def plan_gain(
    k_db: F16, peak_db: F16, lufs_in: float, ceiling: float, settings: AudioSettings
) -> tuple[float, F16, float]:
    """Overall gain (dB), limiter curve and predicted loudness of the encoder's input."""
    target = settings.target_lufs + settings.encoder_loudness_loss_db
    gain = min(target - lufs_in, settings.max_gain_db)
    top = min(gain + settings.max_limiter_makeup_db, settings.max_gain_db)
    curve = limiter_curve(peak_db, gain, ceiling, settings)
    if not curve.any():
        return gain, curve, lufs_in + gain

    # Limiting lowers the loudness: raise the gain until the limited result
    # lands on the target (secant iterations on the predicted loudness).
    est = loudness(k_db, curve) + gain
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
        curve = limiter_curve(peak_db, gain, ceiling, settings)
        est = loudness(k_db, curve) + gain
    return gain, curve, est


class GainShaper:
    """Applies the overall gain and the limiter curve to samples, chunk by chunk.

    The curve is interpolated linearly (in amplitude) between 1 ms block centres.
    """

    def __init__(self, gain_db: float, curve: F16) -> None:
        self._scale = np.float32(10.0 ** (gain_db / 20.0))
        self._curve = curve
        self._limited = bool(curve.any())

    def apply(self, x: F32, offset: int) -> F32:
        """Shaped copy of ``x``, whose first sample is sample ``offset`` of the curve's span."""
        out = np.multiply(x, self._scale)
        if not self._limited:
            return out
        b0, b1 = (
            max(0, offset // BLOCK - 1),
            min(self._curve.size, -(-(offset + x.size) // BLOCK) + 1),
        )
        part = self._curve[b0:b1].astype(np.float64)
        if not part.any():
            return out
        centres = np.arange(b0, b1, dtype=np.float64) * BLOCK + (BLOCK - 1) / 2
        where = np.arange(offset, offset + x.size, dtype=np.float64)
        out *= np.interp(where, centres, np.power(10.0, part / 20.0)).astype(np.float32)
        return out
