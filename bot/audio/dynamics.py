"""Dynamics: where the sound starts and ends, the gain to target, and the limiter's curve."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.audio.meters import BLOCK, frame_energy, gated_loudness
from bot.audio.settings import AudioError, AudioSettings

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


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


def ramp_min(need: F64, attack: float, release: float) -> F64:
    """Smallest curve <= need whose slope is within -attack .. +release per step.

    Closed form of the min-plus convolution with a two-sided linear ramp:
    e[n] = min_k need[k] + (attack*(k-n) if k >= n else release*(n-k)).
    """
    idx = np.arange(need.size, dtype=np.float64)
    ahead = np.minimum.accumulate((need + attack * idx)[::-1])[::-1] - attack * idx
    return np.minimum.accumulate(ahead - release * idx) + release * idx


def limiter_curve(peak_db: F64, gain_db: float, ceiling: float, settings: AudioSettings) -> F64:
    """Gain reduction (dB, <= 0) per 1 ms block so that peak + gain + curve <= ceiling."""
    ceiling -= 0.05
    need = np.minimum(0.0, ceiling - (peak_db + gain_db))
    if not need.any():
        return need
    # A sample of block k is interpolated between blocks k-1..k+1: make each
    # of them at least as low as block k needs.
    spread = need.copy()
    np.minimum(spread[1:], need[:-1], out=spread[1:])
    np.minimum(spread[:-1], need[1:], out=spread[:-1])
    return ramp_min(spread, settings.limiter_attack_db_per_ms, settings.limiter_release_db_per_ms)


def plan_gain(
    k_energy: F64, peak_db: F64, lufs_in: float, ceiling: float, settings: AudioSettings
) -> tuple[float, F64, float]:
    """Overall gain (dB), limiter curve and predicted loudness of the encoder's input.

    ``k_energy`` holds the K-weighted sums of squares per 1 ms block, like ``peak_db``.
    """
    target = settings.target_lufs + settings.encoder_loudness_loss_db
    gain = min(target - lufs_in, settings.max_gain_db)
    top = min(gain + settings.max_limiter_makeup_db, settings.max_gain_db)
    curve = limiter_curve(peak_db, gain, ceiling, settings)
    if not curve.any():
        return gain, curve, lufs_in + gain

    # Limiting lowers the loudness: raise the gain until the limited result
    # lands on the target (secant iterations on the predicted loudness).
    def predict(g: float, c: F64) -> float:
        return gated_loudness(frame_energy(k_energy * np.power(10.0, c / 10.0))) + g

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
        curve = limiter_curve(peak_db, gain, ceiling, settings)
        est = predict(gain, curve)
    return gain, curve, est


class GainShaper:
    """Applies the overall gain and the limiter curve to samples, chunk by chunk.

    The curve is interpolated linearly (in amplitude) between 1 ms block centres.
    """

    def __init__(self, gain_db: float, curve: F64) -> None:
        self._scale = np.float32(10.0 ** (gain_db / 20.0))
        self._limited = bool(curve.any())
        self._lin = np.power(10.0, curve / 20.0)
        self._centres = np.arange(curve.size, dtype=np.float64) * BLOCK + (BLOCK - 1) / 2
        self._curve = curve

    def apply(self, x: F32, offset: int) -> F32:
        """Shaped copy of ``x``, whose first sample is sample ``offset`` of the curve's span."""
        out = np.multiply(x, self._scale)
        if not self._limited:
            return out
        b0, b1 = offset // BLOCK, -(-(offset + x.size) // BLOCK)
        if not self._curve[max(0, b0 - 1) : b1 + 1].any():
            return out
        where = np.arange(offset, offset + x.size, dtype=np.float64)
        out *= np.interp(where, self._centres, self._lin).astype(np.float32)
        return out
