"""A gate in front of ffmpeg and ffprobe: the bot's audio work starts only when the test says.

Wrappers named `ffmpeg` and `ffprobe`, first on PATH, announce each call and wait for the
test to open the gate before they run the real tool. A test can then do things (send /help)
while the pipeline is certainly in progress, however fast or slow the machine is. A pipeline
that ran on the bot's event loop would hold the loop in the wrapper, and the bot could not
answer anything until the gate opened: the test sees that as a missing answer, not a late one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

_WRAPPER = """#!/bin/sh
# Announce the call, then wait for the test to open the gate (or give up), then run the tool.
touch "{dir}/reached"
i=0
while [ ! -e "{dir}/open" ]; do
    i=$((i + 1))
    if [ "$i" -gt {tries} ]; then touch "{dir}/gave_up"; exit 1; fi
    sleep 0.05
done
exec "{real}" "$@"
"""


@dataclass
class ToolGate:
    directory: Path

    @classmethod
    def create(cls, directory: Path, *, give_up_seconds: int = 60) -> ToolGate:
        """Wrappers in `directory`; each gives up after `give_up_seconds` so that a failing
        test leaves no process behind (only a failing test ever waits that long)."""
        directory.mkdir(parents=True, exist_ok=True)
        for tool in ("ffmpeg", "ffprobe"):
            real = shutil.which(tool)
            if real is None:
                raise RuntimeError(f"{tool} is not installed")
            script = directory / tool
            script.write_text(
                _WRAPPER.format(dir=directory, real=real, tries=give_up_seconds * 20),
                encoding="utf-8",
            )
            script.chmod(0o755)
        return cls(directory)

    def tool(self, name: str) -> str:
        """The wrapper's path, for settings that name the tool (AudioSettings.ffmpeg)."""
        return str(self.directory / name)

    def env(self) -> dict[str, str]:
        """The environment for the bot's process: the wrappers come first on PATH."""
        return {**os.environ, "PATH": f"{self.directory}{os.pathsep}{os.environ['PATH']}"}

    @property
    def reached(self) -> bool:
        """The pipeline called ffmpeg or ffprobe and is waiting at the gate."""
        return (self.directory / "reached").exists()

    @property
    def gave_up(self) -> bool:
        return (self.directory / "gave_up").exists()

    async def wait_reached(self, timeout: float) -> None:  # noqa: ASYNC109 - a test's deadline
        """Until a call waits at the gate; raises TimeoutError after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            # The signal is a file another process writes: no event crosses processes.
            while not self.reached:  # noqa: ASYNC110
                await asyncio.sleep(0.01)

    def open(self) -> None:
        (self.directory / "open").touch()
