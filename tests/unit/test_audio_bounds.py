"""bot.audio's memory does not grow with the recording, and the pieces that make it so.

The pipeline keeps figures per 10 ms frame and per 2.5 ms limiter block in arrays
sized for the longest accepted file, works on them a minute at a time, and shapes
samples in reused buffers; the output's length comes from its Ogg pages.
"""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import bot.audio.dynamics as dynamics
from benchmarks import audio_samples as samples
from bot.audio import AudioSettings, process_file
from bot.audio.dynamics import GainShaper, limiter_curve, loudness
from bot.audio.meters import BLOCKS_PER_FRAME, LIMIT_BLOCK
from bot.audio.probe import opus_samples

SETTINGS = AudioSettings(min_seconds=5)


def _traced_peak(src: Path, dst: Path) -> int:
    tracemalloc.start()
    try:
        process_file(src, dst, SETTINGS)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_python_memory_of_the_pipeline_does_not_grow_with_the_length(tmp_path: Path) -> None:
    # Both longer than the one-minute slices, so any per-slice buffer is full size in both.
    short = samples.make_speech_wav(tmp_path, seconds=70, gain_db=-20, name="short.wav")
    long = samples.make_speech_wav(tmp_path, seconds=150, gain_db=-20, name="long.wav")
    process_file(short, tmp_path / "warm.ogg", SETTINGS)  # imports and caches outside the trace
    grown = _traced_peak(long, tmp_path / "long.ogg") - _traced_peak(short, tmp_path / "s.ogg")
    # 80 s more would be ~550 KB more with whole-file temporaries (trimming, loudness,
    # a curve per millisecond); what is left is one float32 per 10 ms frame (32 KB).
    assert grown < 150_000, grown


def _naive_curve(peak: np.ndarray, gain: float, ceiling: float) -> np.ndarray:
    """The limiter's definition, computed the slow way over the whole array."""
    attack = SETTINGS.limiter_attack_db_per_ms * 1000 * LIMIT_BLOCK / 48_000
    release = SETTINGS.limiter_release_db_per_ms * 1000 * LIMIT_BLOCK / 48_000
    with np.errstate(divide="ignore"):
        need = np.minimum(0.0, ceiling - 0.05 - gain - 20 * np.log10(peak.astype(np.float64)))
    spread = need.copy()
    spread[1:] = np.minimum(spread[1:], need[:-1])
    spread[:-1] = np.minimum(spread[:-1], need[1:])
    i = np.arange(peak.size)
    back = np.array([np.min(spread[k:] + attack * (i[k:] - k)) for k in range(peak.size)])
    fwd = np.array([np.min(back[: k + 1] + release * (k - i[: k + 1])) for k in range(peak.size)])
    return np.asarray(np.minimum(fwd, 0.0), dtype=np.float64)


@pytest.mark.parametrize("slice_blocks", [3 * BLOCKS_PER_FRAME, 50 * BLOCKS_PER_FRAME, 10**6])
def test_the_limiter_scans_slice_by_slice_as_over_the_whole(
    slice_blocks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dynamics, "_SLICE_BLOCKS", slice_blocks)
    rng = np.random.default_rng(7)
    peak = (rng.random(1200) ** 6).astype(np.float32)
    peak[300:420] = 0.0  # digital silence inside: nothing to limit, a ramp to carry across
    curve = limiter_curve(peak, 12.0, -3.0, SETTINGS, np.empty(peak.size, np.float32))
    assert curve.min() < -6  # it does limit
    np.testing.assert_allclose(curve, _naive_curve(peak, 12.0, -3.0), atol=1e-4)


@pytest.mark.parametrize("slice_blocks", [BLOCKS_PER_FRAME, 7 * BLOCKS_PER_FRAME, 10**6])
def test_loudness_after_the_curve_is_the_same_slice_by_slice(
    slice_blocks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(3)
    energy = rng.random(700).astype(np.float32)
    curve = np.minimum(0.0, rng.normal(-1, 4, 700 * BLOCKS_PER_FRAME)).astype(np.float32)
    whole = loudness(energy, curve)
    monkeypatch.setattr(dynamics, "_SLICE_BLOCKS", slice_blocks)
    assert math.isclose(loudness(energy, curve), whole, abs_tol=1e-4)


def test_shaping_in_place_interpolates_between_block_centres() -> None:
    rng = np.random.default_rng(5)
    blocks = 150
    curve = np.zeros(blocks, dtype=np.float32)
    curve[[0, 7, 8, 60, blocks - 1]] = [-1.0, -6.0, -4.5, -3.0, -2.0]
    x = rng.standard_normal(blocks * LIMIT_BLOCK - 50).astype(np.float32)
    shaped = x.copy()
    shaper = GainShaper(6.0, curve)
    step = 16 * LIMIT_BLOCK
    for at in range(0, shaped.size, step):
        shaper.apply(shaped[at : at + step], at)
    centres = np.arange(blocks) * LIMIT_BLOCK + (LIMIT_BLOCK - 1) / 2
    gain = np.interp(np.arange(x.size), centres, 10 ** (curve.astype(np.float64) / 20))
    np.testing.assert_allclose(shaped, x * 10 ** (6 / 20) * gain, atol=2e-6)


def test_the_encoded_length_is_read_from_the_ogg_pages(tmp_path: Path) -> None:
    raw = tmp_path / "tone.f32"
    t = np.arange(48_000 * 3 + 123) / 48_000
    raw.write_bytes((0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32).tobytes())
    ogg = samples.convert_raw_f32(raw, tmp_path / "tone.ogg", ["-c:a", "libopus", "-b:a", "32k"])
    assert opus_samples(ogg) == t.size
    truncated = tmp_path / "cut.ogg"
    truncated.write_bytes(ogg.read_bytes()[:-100])  # no whole end-of-stream page
    assert opus_samples(truncated) is None
    foreign = tmp_path / "noise.ogg"
    foreign.write_bytes(b"OggS" + bytes(2000))
    assert opus_samples(foreign) is None
