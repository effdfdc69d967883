"""Meters: BS.1770 loudness from K-weighted frame energies, sample peaks per frame, true peak.

The K-weighting itself runs inside the decoding ffmpeg (two ``biquad`` filters in
double precision, ``K_WEIGHTING``); numpy only sums squares and takes peaks per
10 ms frame, so the meters cost a few vector operations per chunk.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bot.audio.ffmpeg import SAMPLE_RATE

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

FRAME = SAMPLE_RATE // 100  # 10 ms: trimming resolution and loudness frame
BLOCK = SAMPLE_RATE // 1000  # 1 ms: what the true-peak meter oversamples, or not
LIMIT_BLOCK = SAMPLE_RATE // 400  # 2.5 ms: the limiter's resolution
BLOCKS_PER_FRAME = FRAME // LIMIT_BLOCK
_FRAMES_PER_STEP = 10  # 100 ms gating step (BS.1770: 400 ms blocks, 75 % overlap)
_ABS_GATE_LUFS = -70.0
_REL_GATE_LU = -10.0

# ITU-R BS.1770-4 K-weighting at 48 kHz: stage 1 (high shelf), stage 2 (RLB high-pass).
_K_STAGES = (
    (1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585),
    (1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621),
)
K_WEIGHTING = ",".join(
    f"biquad=b0={b0}:b1={b1}:b2={b2}:a0=1:a1={a1}:a2={a2}:precision=f64"
    for b0, b1, b2, a1, a2 in _K_STAGES
)
"""ffmpeg filter chain that K-weights a 48 kHz signal."""


def frame_sums(x: F32, size: int = FRAME) -> F32:
    """Sum of squares of x per frame of ``size`` samples (last frame zero-padded).

    Summed in float32: 480 squares lose at most a few 1e-5 of their sum, and a
    float64 accumulation costs three times as much on every chunk.
    """
    full = x.size // size * size
    head = x[:full].reshape(-1, size)
    sums = np.einsum("ij,ij->i", head, head)
    if full < x.size:
        rest = x[full:]
        sums = np.append(sums, np.float32(np.dot(rest, rest)))
    return np.asarray(sums, dtype=np.float32)


def block_peaks(x: F32, size: int = BLOCK) -> F32:
    """max |x| per block of ``size`` samples (last block shorter)."""
    full = x.size // size * size
    head = x[:full].reshape(-1, size)
    out = np.maximum(head.max(axis=1), -head.min(axis=1))
    if full < x.size:
        out = np.append(out, np.abs(x[full:]).max())
    return np.asarray(out, dtype=np.float32)


def gated_loudness(frame_energy: F32 | F64) -> float:
    """BS.1770 integrated loudness (mono) from K-weighted sums of squares per 10 ms frame.

    Gating blocks are 400 ms long every 100 ms; absolute gate -70 LUFS,
    relative gate -10 LU.  Returns -inf when no block passes the gates.
    """
    steps = frame_energy.size // _FRAMES_PER_STEP
    if steps < 4:
        return -math.inf
    head = frame_energy[: steps * _FRAMES_PER_STEP].reshape(steps, _FRAMES_PER_STEP)
    sub = head.sum(axis=1, dtype=np.float64)
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


def _interpolator(taps: int = 8, oversample: int = 4, beta: float = 6.0) -> F32:
    """Kaiser-windowed sinc taps for the points r/oversample after each sample (r = 1..).

    Row j, column r-1: weight of x[n + j - taps/2 + 1] in the value at n + r/oversample.
    Each column sums to 1.
    """
    j = np.arange(taps, dtype=np.float64) - (taps // 2 - 1)
    cols = []
    for r in range(1, oversample):
        d = r / oversample - j
        half = taps / 2
        window = np.i0(beta * np.sqrt(np.clip(1.0 - (d / half) ** 2, 0.0, None))) / np.i0(beta)
        k = np.sinc(d) * window
        cols.append(k / k.sum())
    return np.asarray(np.stack(cols, axis=1), dtype=np.float32)


_TAPS = _interpolator()
_BEFORE = _TAPS.shape[0] // 2 - 1  # samples of context needed before each sample
_AFTER = _TAPS.shape[0] // 2  # and after


def ceiling_true_peak(before: F32, x: F32, after: F32, floor: float) -> float:
    """Linear true peak of ``x``, 4x-oversampled only in the 1 ms blocks that matter.

    Blocks whose sample peak reaches ``floor`` are interpolated; the others count
    with their sample peak.  ``before`` and ``after`` are the neighbouring samples.
    """
    peaks = block_peaks(x)
    if peaks.size == 0:
        return 0.0
    best = float(peaks.max())
    hot = np.flatnonzero(peaks >= floor)
    if hot.size == 0:
        return best
    pre = np.zeros(_BEFORE, dtype=np.float32)
    tail = before[-_BEFORE:]
    if tail.size:
        pre[-tail.size :] = tail
    post = np.zeros(_AFTER + BLOCK, dtype=np.float32)  # room for a short last block
    head = after[:_AFTER]
    post[: head.size] = head
    ext = np.concatenate((pre, x, post))
    win = ext[hot[:, None] * BLOCK + np.arange(BLOCK + _BEFORE + _AFTER)[None, :]]
    acc = np.empty((hot.size, BLOCK), dtype=np.float32)
    for r in range(_TAPS.shape[1]):
        np.multiply(win[:, :BLOCK], _TAPS[0, r], out=acc)
        for j in range(1, _TAPS.shape[0]):
            acc += win[:, j : j + BLOCK] * _TAPS[j, r]
        best = max(best, float(np.abs(acc).max()))
    return best
