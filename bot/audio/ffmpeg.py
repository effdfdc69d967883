"""ffmpeg and ffprobe as child processes: locked-down arguments, deadlines, PCM on pipes.

Every child gets ``-nostdin`` (ffprobe 5.1 has no such option and never reads
stdin; it gets /dev/null), may use only the ``file`` and ``pipe`` protocols and
the demuxers of bot.audio.formats, and is killed when its wall-clock deadline
passes.  Callers check the exit code and the number of samples of every pass.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from bot.audio.formats import FORMAT_WHITELIST
from bot.audio.settings import AudioError, AudioSettings

SAMPLE_RATE = 48_000
"""Sample rate of the analysis and of the output voice note."""

F32 = npt.NDArray[np.float32]

_STDERR_LIMIT = 64 * 1024
_PIPE_SIZE = 1 << 20  # lets ffmpeg run up to ~1 MB ahead of the reader


def quiet_args(settings: AudioSettings) -> list[str]:
    return [settings.ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-v", "error"]


# Only local files and pipes, only the demuxers of bot.audio.formats.
WHITELIST_ARGS = ("-protocol_whitelist", "file,pipe", "-format_whitelist", FORMAT_WHITELIST)


def input_args(src: Path | str, demuxer: str | None = None) -> list[str]:
    """Open ``src`` with the whitelists, forcing the demuxer that ffprobe accepted."""
    forced = ["-f", demuxer] if demuxer else []
    return [*WHITELIST_ARGS, *forced, "-i", str(src)]


class Deadline:
    """Kills a child that is still running when its wall-clock budget is spent."""

    def __init__(self, proc: subprocess.Popen[bytes], seconds: float, what: str) -> None:
        self.what = what
        self.seconds = seconds
        self.expired = False
        self._proc = proc
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.expired = True
        with contextlib.suppress(OSError):
            self._proc.kill()

    def cancel(self) -> None:
        self._timer.cancel()

    def check(self) -> None:
        """Raise the timeout refusal if the child was killed for being late."""
        if self.expired:
            raise AudioError("timeout", f"{self.what} took longer than {self.seconds:.0f} s")


def run_probe(cmd: Sequence[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ffprobe to completion within ``timeout`` seconds."""
    try:
        return subprocess.run(  # noqa: S603 - argument list, no shell
            cmd, stdin=subprocess.DEVNULL, capture_output=True, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise AudioError("timeout", f"ffprobe took longer than {timeout:.0f} s") from exc


def _read_stderr(fh: IO[bytes]) -> str:
    fh.seek(0)
    return fh.read(_STDERR_LIMIT).decode(errors="replace")


class PcmReader:
    """An ffmpeg child writing float32 PCM (``channels`` interleaved) to its stdout."""

    def __init__(
        self,
        cmd: Sequence[str],
        *,
        channels: int,
        timeout: float,
        what: str,
        stdin: IO[bytes] | int = subprocess.DEVNULL,
    ) -> None:
        self.channels = channels
        self.frames = 0  # samples per channel read so far
        self.returncode: int | None = None
        self.stderr = ""
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(  # noqa: S603 - argument list, no shell
            cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=self._err
        )
        self.deadline = Deadline(self.proc, timeout, what)
        stream = self.proc.stdout
        if not isinstance(stream, io.BufferedReader):
            raise RuntimeError("ffmpeg stdout is not a pipe")
        self._stream = stream
        with contextlib.suppress(OSError):  # Linux only, best effort
            fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)

    def chunks(self, frames: int, *, reuse: bool = False) -> Iterator[F32]:
        """Successive (n, channels) blocks of at most ``frames`` frames until EOF.

        With ``reuse`` every block is read into the same buffer (no page faults for a
        fresh one each time): the caller must be done with a block before the next.
        """
        width = 4 * self.channels
        buf = np.empty(frames * self.channels, dtype=np.float32)
        while True:
            if not reuse:
                buf = np.empty(frames * self.channels, dtype=np.float32)
            raw = buf.data.cast("B")
            filled = 0
            while filled < raw.nbytes:
                got = self._stream.readinto(raw[filled:])
                if not got:
                    break
                filled += got
            whole = filled // width  # a trailing partial frame can only come at EOF
            if whole:
                self.frames += whole
                yield buf[: whole * self.channels].reshape(whole, self.channels)
            if filled < raw.nbytes:
                return

    def close(self) -> int:
        """Wait for (or stop) the child; returns its exit code and keeps its stderr."""
        self._stream.close()  # a child still writing gets EPIPE and exits
        try:
            self.returncode = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.returncode = self.proc.wait()
        self.deadline.cancel()
        self.stderr = _read_stderr(self._err)
        self._err.close()
        return self.returncode

    def __enter__(self) -> PcmReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.returncode is None:
            if exc[0] is not None and self.proc.poll() is None:
                self.proc.kill()
            self.close()


class OpusWriter:
    """An ffmpeg child encoding mono 48 kHz float32 PCM from its stdin to an Ogg/Opus file."""

    def __init__(self, dst: Path, settings: AudioSettings, *, timeout: float) -> None:
        cmd = [
            *quiet_args(settings),
            "-y",
            "-protocol_whitelist",
            "file,pipe",
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
            # "audio" (CELT-leaning) rather than "voip": at 32 kbit/s speech sounds as good,
            # and it overshoots limited peaks by ~1 dB where voip's SILK/hybrid does by ~3 dB.
            "-application",
            "audio",
            "-f",
            "ogg",
            str(dst),
        ]
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finish()
        self.proc = subprocess.Popen(  # noqa: S603 - argument list, no shell
            cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._err
        )
        self.deadline = Deadline(self.proc, timeout, "the Opus encode")
        if self.proc.stdin is None:
            raise RuntimeError("encoder has no stdin")
        self._stdin = self.proc.stdin
        self.frames = 0

    def write(self, samples: F32) -> None:
        try:
            self._stdin.write(np.ascontiguousarray(samples).data)
        except BrokenPipeError:
            self.deadline.check()
            raise RuntimeError(f"ffmpeg libopus encoder quit: {self._stderr()}") from None
        self.frames += samples.size

    def _stderr(self) -> str:
        return _read_stderr(self._err).strip()[:500]

    def finish(self) -> None:
        """Close the input and wait; raise unless the encoder exited cleanly."""
        try:
            with contextlib.suppress(BrokenPipeError):
                self._stdin.close()
            exit_code = self.proc.wait()
            self.deadline.cancel()
            self.deadline.check()
            if exit_code != 0:
                raise RuntimeError(f"ffmpeg libopus encode failed ({exit_code}): {self._stderr()}")
        finally:
            self._err.close()

    def abort(self) -> None:
        self.proc.kill()
        with contextlib.suppress(BrokenPipeError):
            self._stdin.close()
        self.proc.wait()
        self.deadline.cancel()
        self._err.close()
