"""An AAC/MP4 rendition of a processed lesson, for the Mini App player on iOS.

iOS WebViews cannot play OGG/Opus; the player offers this file beside the OGG and each
device takes what it can play. Made once at intake, through the bounded audio pool.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bot.audio.ffmpeg import input_args, quiet_args
from bot.audio.settings import AudioError, AudioSettings

# AAC-LC mono: speech at this rate sounds like the 32k Opus it is made from.
AAC_BITRATE = "48k"


def rendition_path(ogg: Path) -> Path:
    """Where the rendition of a lesson's OGG lives: beside it, as .m4a."""
    return ogg.with_suffix(".m4a")


def make_rendition(ogg: Path, duration: float, settings: AudioSettings) -> Path:
    """Encode the OGG as AAC in MP4 (faststart: playable while it downloads); atomic."""
    out = rendition_path(ogg)
    part = out.with_name(out.name + ".part")
    cmd = [
        *quiet_args(settings),
        *input_args(ogg, "ogg"),
        "-map_metadata",
        "-1",
        "-vn",
        "-ac",
        "1",
        "-c:a",
        "aac",
        "-b:a",
        AAC_BITRATE,
        # The default "twoloop" coder costs more CPU than the whole pipeline (28 s for 20
        # minutes, measured); "fast" takes a third of that and speech sounds the same.
        "-aac_coder",
        "fast",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        "-y",
        str(part),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - argument list, no shell
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=settings.timeout_for(duration),
        )
    except subprocess.TimeoutExpired:
        part.unlink(missing_ok=True)
        raise AudioError("timeout", "the AAC rendition took too long") from None
    if done.returncode != 0 or not part.is_file() or part.stat().st_size == 0:
        part.unlink(missing_ok=True)
        message = done.stderr.decode("utf-8", "replace")[-500:]
        raise AudioError("undecodable", f"AAC rendition failed: {message}")
    os.replace(part, out)
    return out
