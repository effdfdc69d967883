"""Benchmark of bot.audio against a plain ffmpeg Opus encode (issue targets).

Run from the project root::

    .venv/bin/python -m benchmarks.bench_audio [--runs 3] [--keep DIR]

Makes an 8-minute quiet phone-like recording (espeak-ng speech at about -30
LUFS, 3 s of silence at each end, 44.1 kHz stereo AAC in .m4a), then alternates
the baseline ``ffmpeg -i IN -ac 1 -ar 48000 -c:a libopus -b:a 32k OUT.ogg`` and
the pipeline (``python -m bot.audio IN OUT`` in a fresh interpreter, so its
wall time includes interpreter start-up and imports) ``--runs`` times each, and
checks: median wall ratio <= 1.3, peak memory <= 250 MB, output integrated
loudness (ffmpeg ebur128) within +-1 LU of the target, output true peak
(ffmpeg ebur128 peak=true) <= -1 dBTP, <= 0.5 s of silence at each end,
OGG/Opus mono 48 kHz.  The wall ratio is the median of the per-run ratios of
alternating baseline/pipeline runs on the same input file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests import audio_samples as samples

ROOT = Path(__file__).resolve().parent.parent
TARGET_LUFS = -16.0
TRUE_PEAK_DB = -1.0
MINUTES = 8.0
EDGE = 3.0

# Runs the pipeline in a fresh interpreter and reports its own and its
# children's peak RSS (ru_maxrss is in KiB on Linux).
_CHILD = """
import json, resource, sys
from bot.audio import main
rc = main(sys.argv[1:])
print(json.dumps({
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}), file=sys.stderr)
sys.exit(rc)
"""


def make_recording(directory: Path) -> Path:
    speech = samples.make_speech_wav(
        directory,
        seconds=MINUTES * 60 - 2 * EDGE,
        lead_silence=EDGE,
        tail_silence=EDGE,
        gain_db=-10.0,
        name="phone.wav",
        sample_rate=44_100,
        channels=2,
    )
    m4a = samples.convert(
        speech, directory / "phone.m4a", ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k"]
    )
    speech.unlink()
    return m4a


def run_baseline(src: Path, dst: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(src),
            "-ac",
            "1",
            "-ar",
            "48000",
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            str(dst),
        ],
        check=True,
    )
    return time.perf_counter() - started


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


def run_pipeline(src: Path, dst: Path) -> tuple[float, dict[str, float], dict[str, int]]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(src), str(dst)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:  # sum of RSS of the process tree every 20 ms
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"pipeline failed ({proc.returncode}): {stderr}")
    report: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    memory: dict[str, int] = json.loads(stderr.strip().splitlines()[-1])
    memory["tree_kb"] = peak[0]
    return wall, report, memory


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the files here and keep them")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_audio_") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        src = make_recording(work)
        src_info = samples.stream_info(src)
        src_loudness = samples.ebur128(src)
        print(
            f"input: {src.name} {src_info['codec_name']} {src_info['channels']} ch "
            f"{src_info['sample_rate']} Hz, {samples.probe_duration(src):.1f} s, "
            f"{src_loudness.integrated:.1f} LUFS (made in {time.perf_counter() - started:.1f} s)"
        )

        base_times: list[float] = []
        pipe_times: list[float] = []
        ratios: list[float] = []
        reports: list[dict[str, float]] = []
        memories: list[dict[str, int]] = []
        out = work / "lesson.ogg"
        for i in range(args.runs):
            base = run_baseline(src, work / "baseline.ogg")
            wall, report, memory = run_pipeline(src, out)
            base_times.append(base)
            pipe_times.append(wall)
            ratios.append(wall / base)
            reports.append(report)
            memories.append(memory)
            print(
                f"run {i + 1}: baseline {base:.2f} s, pipeline {wall:.2f} s "
                f"(in-process {report['seconds']:.2f} s), ratio {wall / base:.3f}"
            )

        ratio = statistics.median(ratios)
        inproc_ratio = statistics.median(
            r["seconds"] / b for r, b in zip(reports, base_times, strict=True)
        )
        self_mb = max(m["self_kb"] for m in memories) / 1024
        # ru_maxrss of children is inflated by the parent's RSS at fork time,
        # so the target is checked on the sampled RSS sum of the process tree.
        child_mb = max(m["children_kb"] for m in memories) / 1024
        total_mb = max(m["tree_kb"] for m in memories) / 1024
        loud = samples.ebur128(out)
        lead, tail = samples.edge_silence(out)
        info = samples.stream_info(out)
        fmt_ok = (
            info["codec_name"],
            info["format_name"],
            info["channels"],
            info["sample_rate"],
        ) == ("opus", "ogg", "1", "48000")
        checks = {
            "ratio": ratio <= 1.3,
            "memory": total_mb <= 250,
            "loudness": abs(loud.integrated - TARGET_LUFS) <= 1.0,
            "true_peak": loud.true_peak <= TRUE_PEAK_DB,
            "silence": lead <= 0.5 and tail <= 0.5,
            "format": fmt_ok,
        }
        print(json.dumps(reports[-1]))
        print(
            f"wall ratio (median of {args.runs}, fresh interpreter): {ratio:.3f}  "
            f"[baseline median {statistics.median(base_times):.2f} s, pipeline median "
            f"{statistics.median(pipe_times):.2f} s, ratio of medians "
            f"{statistics.median(pipe_times) / statistics.median(base_times):.3f}, max "
            f"{max(ratios):.3f}; in-process ratio {inproc_ratio:.3f}]"
            f"  {verdict(checks['ratio'])}"
        )
        print(
            f"peak memory: process tree (python + ffmpeg children, sampled every 20 ms) "
            f"{total_mb:.0f} MB; getrusage: python {self_mb:.0f} MB, children "
            f"{child_mb:.0f} MB (includes RSS inherited at fork)  "
            f"{verdict(checks['memory'])}"
        )
        print(
            f"ebur128: I {loud.integrated:.1f} LUFS (delta {loud.integrated - TARGET_LUFS:+.1f}"
            f" LU)  {verdict(checks['loudness'])}"
        )
        print(
            f"ebur128: true peak {loud.true_peak:+.1f} dBTP (limit {TRUE_PEAK_DB:+.1f})  "
            f"{verdict(checks['true_peak'])}"
        )
        print(f"silence left: start {lead:.2f} s, end {tail:.2f} s  {verdict(checks['silence'])}")
        print(
            f"output: {info['format_name']}/{info['codec_name']} {info['channels']} ch "
            f"{info['sample_rate']} Hz  {verdict(checks['format'])}"
        )
        print("ALL PASS" if all(checks.values()) else "SOME FAIL")
        return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
