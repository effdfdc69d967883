"""Audio pipeline for the daily voice lesson (knows nothing of Telegram).

``process_file(src, dst)`` turns anything on the accepted list (bot.audio.formats)
into a loudness-normalised OGG/Opus mono 48 kHz voice note; ``AudioJobs`` runs it
off the event loop, a bounded number at a time.  The modules:

- settings: AudioSettings, AudioReport, AudioError, the config mapping;
- formats: the accepted containers and suffixes (intake uses the same list);
- probe: ffprobe and the refusals before decoding;
- ffmpeg: the child processes, their whitelists and deadlines;
- meters: loudness (BS.1770) and true peak;
- dynamics: trimming, gain and the limiter;
- pipeline: analyse -> decide -> render -> verify;
- jobs: the bounded executor.

pydub serves only where a whole decode is small: a study note's seconds of speech
(bot.audio.speech, imported by the handler that needs it). Why the pipeline uses ffmpeg
directly and not pydub: pydub 0.25.1 appends ``parameters`` after the
output name, where ffmpeg ignores them, so it cannot ask for mono 48 kHz; and it
holds the whole decode in memory (263 MB peak for an 8-minute stereo m4a).
"""

from bot.audio.ffmpeg import SAMPLE_RATE
from bot.audio.formats import SUFFIXES, looks_like_media
from bot.audio.jobs import AudioJobs
from bot.audio.pipeline import integrated_loudness, process_file
from bot.audio.probe import probe_duration
from bot.audio.settings import (
    AudioError,
    AudioErrorCode,
    AudioReport,
    AudioSettings,
    audio_settings,
)

__all__ = [
    "SAMPLE_RATE",
    "SUFFIXES",
    "AudioError",
    "AudioErrorCode",
    "AudioJobs",
    "AudioReport",
    "AudioSettings",
    "audio_settings",
    "integrated_loudness",
    "looks_like_media",
    "probe_duration",
    "process_file",
]
