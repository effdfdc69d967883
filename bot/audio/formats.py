"""The recordings the bot accepts: one table, used by intake before downloading and by ffmpeg.

Each entry is an ffmpeg demuxer and the file suffixes that name it.  ffprobe and
ffmpeg are told to open no other demuxer (``-format_whitelist``), so a playlist
(HLS, concat, ffconcat) or any other container that reads further files is
refused before anything it points to is opened.
"""

from __future__ import annotations

from pathlib import Path

FORMATS: dict[str, tuple[str, ...]] = {
    "mov": ("m4a", "mp4", "m4v", "mov", "3gp", "3g2"),  # iPhone voice memos, video notes
    "mp3": ("mp3",),
    "aac": ("aac",),  # ADTS
    "ogg": ("ogg", "oga", "opus", "spx"),  # Telegram voice notes
    "matroska": ("webm", "weba", "mkv", "mka"),
    "wav": ("wav",),
    "flac": ("flac",),
    "amr": ("amr",),  # older Android recorders
    "asf": ("wma",),
    "aiff": ("aif", "aiff"),
    "caf": ("caf",),
    "avi": ("avi",),
}

DEMUXERS: frozenset[str] = frozenset(FORMATS)
SUFFIXES: frozenset[str] = frozenset(f".{s}" for names in FORMATS.values() for s in names)
FORMAT_WHITELIST = ",".join(sorted(DEMUXERS))

_MAGIC = (b"ID3", b"OggS", b"RIFF", b"fLaC", b"\x1aE\xdf\xa3", b"#!AMR", b"FORM", b"caff")
_PLAYLIST_MAGIC = (b"#EXTM3U", b"ffconcat", b"[playlist]", b"<?xml", b"#EXTINF")


def looks_like_media(mime_type: str | None, file_name: str | None) -> bool:
    """Whether a document could hold audio; other files are refused before downloading."""
    if mime_type and mime_type.split("/")[0] in ("audio", "video"):
        return True
    if file_name and Path(file_name).suffix.lower() in SUFFIXES:
        return True
    # application/ogg and friends, or no hint at all: let ffmpeg decide.
    return mime_type in (None, "", "application/ogg", "application/octet-stream")


def demuxer_of(format_name: str) -> str | None:
    """The accepted demuxer among ffprobe's comma-separated format_name, if any."""
    for name in format_name.split(","):
        if name in DEMUXERS:
            return name
    return None


def _head(path: Path, size: int = 64) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def is_playlist(path: Path) -> bool:
    """A text file that lists other media (m3u8, ffconcat, pls, concat script)."""
    head = _head(path, 512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_PLAYLIST_MAGIC):
        return True
    return any(line.strip().startswith(b"file ") for line in head.splitlines()[:8])


def has_media_signature(path: Path) -> bool:
    """Whether the file's name or first bytes say it is a media file (so: damaged, not text)."""
    if path.suffix.lower() in SUFFIXES:
        return True
    head = _head(path, 16)
    return (
        head.startswith(_MAGIC)
        or head[4:8] == b"ftyp"
        or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    )
