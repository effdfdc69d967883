"""Benchmark of bot.audio against a plain ffmpeg Opus encode (the pipeline's targets).

Run from the project root::

    .venv/bin/python -m benchmarks.bench_audio [--runs 3] [--keep DIR] [--skip-long] [--smoke]

--smoke: half-minute lectures, one run, the output's quality checked but not the timing or
memory targets: seconds, not minutes, to show the benchmark still works (CI runs it).

Inputs, made here: an 8-minute and a 20-minute quiet phone-like lecture
(espeak-ng speech at about -30 LUFS, 3 s of silence at each end, 44.1 kHz stereo
AAC in .m4a), and an 8-minute lecture of real recorded human speech (the
LibriVox reading shipped by Debian's pocketsphinx-testdata, looped, same
phone-like encoding; installed with apt-get if missing).

For each espeak lecture the baseline ``ffmpeg -i IN -ac 1 -ar 48000 -c:a libopus
-b:a 32k OUT`` and the pipeline (``process_file`` in a fresh interpreter, so its
figures include start-up and imports) run alternately ``--runs`` times.  Printed:
median CPU time ratio (user + sys, children included), median wall ratio, peak
memory of the pipeline's whole process tree (sum of VmRSS, sampled every 20 ms),
and the output's loudness, true peak, PLR (ffmpeg ebur128) and silence at the
ends.  Exit status 1 when a target is missed:

- CPU <= 1.25x, wall <= 1.15x (8-minute lecture); memory <= 150 MB, and the
  20-minute lecture (the longest the default config accepts: max_seconds = 1200)
  no more than the 8-minute one plus LONG_SLACK_MB of measurement noise;
- -16 +- 1 LUFS, true peak <= -1 dBTP, <= 0.5 s of silence at each end, all the
  speech kept (no pause cut), PLR >= min(input PLR, 15) - 2 dB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import audio_samples as samples

ROOT = Path(__file__).resolve().parent.parent
TARGET_LUFS = -16.0
TRUE_PEAK_DB = -1.0
EDGE = 3.0
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")

CPU_RATIO, WALL_RATIO, MEMORY_MB = 1.25, 1.15, 150.0
SPEED_CHECKS = ("cpu", "wall", "memory")  # held by the full run only, not by --smoke
# Peaks of one file vary from run to run: the ffmpeg child's RSS creeps while it works
# (code and library pages touched late) and the 20 ms sampler may miss the top.  Runs of
# the same 8-minute file on the shared machine (2026-12-02, three benchmarks, 3 runs
# each) spread by 0.2, 2.8 and 0.2 MB; the 20-minute one by 0.1-0.3 MB.  3 MB covers
# that noise and still fails the pipeline before the fix, which grew 7-8 MB from 8 to
# 20 minutes.
LONG_SLACK_MB = 3.0

_CHILD = """
import json, sys
from pathlib import Path
from bot.audio import process_file
print(json.dumps(process_file(Path(sys.argv[1]), Path(sys.argv[2])).as_dict()))
"""


def _phone(src: Path, dst: Path) -> Path:
    return samples.convert(
        src, dst, ["-ar", "44100", "-ac", "2", "-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k"]
    )


def make_espeak_lecture(directory: Path, minutes: float) -> Path:
    speech = samples.make_speech_wav(
        directory,
        seconds=minutes * 60 - 2 * EDGE,
        lead_silence=EDGE,
        tail_silence=EDGE,
        gain_db=-10.0,
        name=f"espeak-{minutes:g}.wav",
        sample_rate=44_100,
        channels=2,
    )
    out = _phone(speech, directory / f"lecture-{minutes:g}min.m4a")
    speech.unlink()
    return out


def make_real_lecture(directory: Path, minutes: float = 8.0) -> Path:
    """LibriVox sentences (recorded human speech), looped, quiet, as a phone m4a."""
    if not LIBRIVOX.is_dir():
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "pocketsphinx-testdata"],
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    pieces = sorted(LIBRIVOX.glob("*.wav"))
    listing = directory / "real.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in pieces))
    once = directory / "real-once.wav"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0"),
            *("-i", str(listing), "-af", "apad=pad_dur=0.6", "-c:a", "pcm_s16le", str(once)),
        ],
        check=True,
    )
    looped = directory / "real-looped.wav"
    seconds = minutes * 60 - 2 * EDGE
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(once)),
            "-af",
            f"atrim=0:{seconds},volume=-8dB,adelay={int(EDGE * 1000)}:all=1,apad=pad_dur={EDGE}",
            *("-c:a", "pcm_s16le", str(looped)),
        ],
        check=True,
    )
    out = _phone(looped, directory / f"real-{minutes:g}min.m4a")
    for p in (listing, once, looped):
        p.unlink()
    return out


def _tree_rss_kb(pid: int) -> int:
    """VmRSS of pid and all its descendants (KiB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return total


@dataclass
class Run:
    wall: float
    cpu: float  # user + sys of the process and all its waited-for descendants
    peak_mb: float
    stdout: str


def measured(cmd: list[str], *, sample_memory: bool) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    if sample_memory:
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak[0] / 1024, out.decode())


def baseline(src: Path, dst: Path) -> Run:
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src)]
    cmd += ["-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", str(dst)]
    return measured(cmd, sample_memory=False)


def pipeline(src: Path, dst: Path) -> Run:
    return measured([sys.executable, "-c", _CHILD, str(src), str(dst)], sample_memory=True)


def quality(src: Path, out: Path, report: dict[str, float]) -> dict[str, bool]:
    """Print and check the output's loudness, true peak, PLR, edges and kept speech."""
    loud_in, loud = samples.ebur128(src), samples.ebur128(out)
    plr_in, plr = loud_in.true_peak - loud_in.integrated, loud.true_peak - loud.integrated
    plr_allowed = min(plr_in, TRUE_PEAK_DB - TARGET_LUFS)
    lead, tail = samples.edge_silence(out)
    kept = samples.probe_duration(out) >= report["duration_in"] - 2 * EDGE - 0.5
    info = samples.stream_info(out)
    fmt = (info["codec_name"], info["format_name"], info["channels"], info["sample_rate"])
    checks = {
        "loudness": abs(loud.integrated - TARGET_LUFS) <= 1.0,
        "true_peak": loud.true_peak <= TRUE_PEAK_DB,
        "plr": plr >= plr_allowed - 2.0,
        "silence": lead <= 0.5 and tail <= 0.5,
        "pauses_kept": kept,
        "format": fmt == ("opus", "ogg", "1", "48000"),
    }
    print(
        f"  output: I {loud.integrated:.1f} LUFS, true peak {loud.true_peak:+.1f} dBTP, "
        f"PLR {plr:.1f} dB (input PLR {plr_in:.1f}, allowed {plr_allowed:.1f}), "
        f"silence {lead:.2f} s / {tail:.2f} s, {samples.probe_duration(out):.1f} s of "
        f"{report['duration_in']:.1f} s kept, {'/'.join(fmt)}"
    )
    return checks


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench(src: Path, work: Path, runs: int) -> tuple[dict[str, bool], list[float]]:
    info = samples.stream_info(src)
    print(
        f"{src.name}: {info['codec_name']} {info['channels']} ch {info['sample_rate']} Hz, "
        f"{samples.probe_duration(src):.1f} s, {samples.ebur128(src).integrated:.1f} LUFS"
    )
    base_runs: list[Run] = []
    pipe_runs: list[Run] = []
    out = work / f"{src.stem}.ogg"
    for i in range(runs):
        base = baseline(src, work / "baseline.ogg")
        pipe = pipeline(src, out)
        base_runs.append(base)
        pipe_runs.append(pipe)
        print(
            f"  run {i + 1}: baseline {base.wall:.2f} s wall {base.cpu:.2f} s CPU; pipeline "
            f"{pipe.wall:.2f} s wall {pipe.cpu:.2f} s CPU {pipe.peak_mb:.0f} MB; ratios "
            f"CPU {pipe.cpu / base.cpu:.3f} wall {pipe.wall / base.wall:.3f}"
        )
    cpu = statistics.median(p.cpu / b.cpu for p, b in zip(pipe_runs, base_runs, strict=True))
    wall = statistics.median(p.wall / b.wall for p, b in zip(pipe_runs, base_runs, strict=True))
    peaks = [p.peak_mb for p in pipe_runs]
    peak = max(peaks)
    report: dict[str, float] = json.loads(pipe_runs[-1].stdout.strip().splitlines()[-1])
    print(f"  report: {json.dumps(report)}")
    checks = {"cpu": cpu <= CPU_RATIO, "wall": wall <= WALL_RATIO, "memory": peak <= MEMORY_MB}
    print(
        f"  CPU ratio (median of {runs}) {cpu:.3f} (limit {CPU_RATIO})  {verdict(checks['cpu'])}"
        f"\n  wall ratio (median of {runs}) {wall:.3f} (limit {WALL_RATIO})  "
        f"{verdict(checks['wall'])}\n  peak memory, python + ffmpeg children: {peak:.0f} MB "
        f"(limit {MEMORY_MB:.0f}; runs {', '.join(f'{p:.1f}' for p in peaks)}, "
        f"spread {peak - min(peaks):.1f} MB)  {verdict(checks['memory'])}"
    )
    checks.update(quality(src, out, report))
    return checks, peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the files here and keep them")
    parser.add_argument("--skip-long", action="store_true", help="no 20-minute lecture")
    parser.add_argument("--smoke", action="store_true", help="seconds: tiny inputs, no targets")
    args = parser.parse_args(argv)
    if shutil.which("ffmpeg") is None:
        raise SystemExit("ffmpeg is not installed")

    with tempfile.TemporaryDirectory(prefix="bench_audio_") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        failed: list[str] = []
        minutes = 0.5 if args.smoke else 8
        short = make_espeak_lecture(work, minutes)
        checks, short_peaks = bench(short, work, 1 if args.smoke else args.runs)
        if args.smoke:  # timing on a half-minute file under CI's load says nothing
            checks = {k: v for k, v in checks.items() if k not in SPEED_CHECKS}
        failed += [f"8 min {k}" for k, ok in checks.items() if not ok]
        if not (args.skip_long or args.smoke):
            long = make_espeak_lecture(work, 20)
            checks, long_peaks = bench(long, work, max(2, args.runs // 2))
            # CPU and wall ratios are reported for the long lecture, not held to the targets.
            checks = {k: v for k, v in checks.items() if k not in ("cpu", "wall")}
            # Highest against highest: more runs of the long file can only make this harder.
            long_peak, short_peak = max(long_peaks), max(short_peaks)
            checks["memory_flat"] = long_peak <= short_peak + LONG_SLACK_MB
            print(
                f"  20-minute peak {long_peak:.1f} MB vs 8-minute {short_peak:.1f} MB "
                f"(must be <= 8-minute + {LONG_SLACK_MB:.0f} MB tolerance for run-to-run "
                f"noise: {long_peak - short_peak:+.1f} MB)  {verdict(checks['memory_flat'])}"
            )
            failed += [f"20 min {k}" for k, ok in checks.items() if not ok]
        real = make_real_lecture(work, minutes)
        print(f"{real.name}: real recorded speech (LibriVox via Debian pocketsphinx-testdata)")
        run = pipeline(real, work / "real.ogg")
        report = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"  report: {json.dumps(report)}")
        checks = quality(real, work / "real.ogg", report)
        failed += [f"real {k}" for k, ok in checks.items() if not ok]
        print("ALL PASS" if not failed else f"FAIL: {', '.join(failed)}")
        return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
