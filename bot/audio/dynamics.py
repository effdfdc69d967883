"""Dynamics: where the sound starts and ends, the gain to target, and the limiter's curve.

Trimming and loudness work on figures per 10 ms frame (mean square of the plain
signal, K-weighted energy), the limiter on sample peaks per 2.5 ms block.  They
are float32 arrays sized for ``decode_limit_seconds`` (0.5 and 2 MB for 21 minutes),
so the memory they take is bounded whatever the recording's length.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.audio.meters import BLOCKS_PER_FRAME, LIMIT_BLOCK, gated_loudness
from bot.audio.settings import AudioError, AudioSettings

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

_BLOCK_MS = 1000.0 * LIMIT_BLOCK / 48_000
# The limiter aims this far below its ceiling: the interpolated gain is rounded to float32.
_CEILING_MARGIN_DB = 0.05


def trim(mean_square: F32, settings: AudioSettings) -> tuple[int, int]:
    """Frame range [first, last) of the sound, padding included, from 10 ms mean squares."""
    with np.errstate(divide="ignore"):
        level = 10.0 * np.log10(mean_square)
    finite = level[np.isfinite(level)]
    if finite.size == 0:
        raise AudioError("silent", "recording is digital silence")
    loud = float(np.percentile(finite, settings.trim_reference_percentile))
    del finite
    if loud < settings.silence_floor_dbfs:
        raise AudioError("silent", f"loud level {loud:.1f} dBFS is below the silence floor")
    active = np.flatnonzero(level > loud - settings.trim_threshold_db)
    pad = round(settings.trim_pad_seconds * 100)  # frames of 10 ms
    first = max(0, int(active[0]) - pad)
    last = min(mean_square.size, int(active[-1]) + 1 + pad)
    return first, last


def block_gain(curve: F32) -> F32:
    """Mean amplitude factor over each block of the curve as GainShaper applies it.

    The gain is interpolated linearly between block centres, so over block k it
    averages (g[k-1] + 6 g[k] + g[k+1]) / 8 (the ends repeat their neighbour).
    """
    g = np.power(np.float32(10.0), curve / np.float32(20.0), dtype=np.float32)
    if g.size < 2:
        return np.asarray(g, dtype=np.float32)
    mean = g * np.float32(6.0)
    mean[1:] += g[:-1]
    mean[:-1] += g[1:]
    mean[0] += g[0]
    mean[-1] += g[-1]
    mean *= np.float32(1 / 8)
    return np.asarray(mean, dtype=np.float32)


def loudness(k_energy: F32, curve: F32 | None = None) -> float:
    """BS.1770 integrated loudness of K-weighted energies per 10 ms frame, after ``curve``.

    ``curve`` has BLOCKS_PER_FRAME limiter blocks per frame; a frame's energy is
    scaled by the mean power gain of its blocks.
    """
    if curve is None or not curve.any():
        return gated_loudness(k_energy)
    g = block_gain(curve)
    g *= g
    power = g.reshape(-1, BLOCKS_PER_FRAME).mean(axis=1, dtype=np.float32)
    power *= k_energy
    return gated_loudness(power)


def limiter_curve(peak: F32, gain_db: float, ceiling: float, settings: AudioSettings) -> F32:
    """Gain reduction (dB, <= 0) per limiter block so that peak + gain + curve <= ceiling.

    The smallest reduction whose slope stays within -attack .. +release dB per
    block (look-ahead before a peak, recovery after it): a backward then a
    forward min-plus scan.
    """
    attack = settings.limiter_attack_db_per_ms * _BLOCK_MS
    release = settings.limiter_release_db_per_ms * _BLOCK_MS
    with np.errstate(divide="ignore"):
        need = np.float32(ceiling - _CEILING_MARGIN_DB - gain_db) - np.float32(20.0) * np.log10(
            peak
        )
    np.minimum(need, 0.0, out=need)
    if not need.any():
        return need
    # A sample of block k is interpolated between the centres of blocks k-1..k+1:
    # make each of them at least as low as block k needs.  The scans run in float64:
    # their ramps reach 10^6 dB over 21 minutes, beyond float32's 0.03 dB steps there.
    spread = need.astype(np.float64)
    np.minimum(spread[1:], need[:-1], out=spread[1:])
    np.minimum(spread[:-1], need[1:], out=spread[:-1])
    del need
    ramp = np.arange(spread.size, dtype=np.float64)
    ramp *= attack
    spread += ramp
    back = np.minimum.accumulate(spread[::-1])[::-1]
    del spread
    back -= ramp
    ramp *= release / attack
    back -= ramp
    curve = np.minimum.accumulate(back)
    del back
    curve += ramp
    np.minimum(curve, 0.0, out=curve)
    return curve.astype(np.float32)


def plan_gain(
    k_energy: F32, peak: F32, lufs_in: float, ceiling: float, settings: AudioSettings
) -> tuple[float, F32, float]:
    """Overall gain (dB), limiter curve and predicted loudness of the encoder's input."""
    target = settings.target_lufs + settings.encoder_loudness_loss_db
    gain = min(target - lufs_in, settings.max_gain_db)
    top = min(gain + settings.max_limiter_makeup_db, settings.max_gain_db)
    curve = limiter_curve(peak, gain, ceiling, settings)
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
        curve = limiter_curve(peak, gain, ceiling, settings)
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
        # Amplitude factor per block, each end repeated: the neighbours of every block.
        self._amp = np.empty(curve.size + 2, dtype=np.float32)
        np.power(np.float32(10.0), curve / np.float32(20.0), out=self._amp[1:-1])
        self._amp[1:-1] *= self._scale
        self._amp[0], self._amp[-1] = self._amp[1], self._amp[-2]
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
        own = self._amp[b0 + 1 : b0 + blocks + 1, None]
        if own.shape[0] < blocks:
            raise ValueError("samples beyond the curve")
        half = LIMIT_BLOCK // 2
        np.multiply(self._amp[b0 : b0 + blocks, None] - own, self._w_prev, out=g[:, :half])
        np.multiply(self._amp[b0 + 2 : b0 + blocks + 2, None] - own, self._w_next, out=g[:, half:])
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
