"""Build the File-like objects (Voice, Audio, Document, PhotoSize...) that messages carry."""

from __future__ import annotations

from typing import Any

from .state import JSON, StoredFile

# Telegram's own choice when the upload does not say (PTB guesses from the file name).
DEFAULT_MIME = {
    "voice": "audio/ogg",
    "audio": "audio/mpeg",
    "video": "video/mp4",
    "video_note": "video/mp4",
    "document": "application/octet-stream",
}
KINDS = ("voice", "audio", "document", "photo", "video", "video_note", "animation")


def media_payload(stored: StoredFile, kind: str, params: dict[str, Any] | None = None) -> Any:
    """The value of message[kind] for a file; `params` are send-call overrides (duration...)."""
    params = params or {}
    base: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }
    duration = params.get("duration", stored.duration) or 0
    mime = stored.mime_type or DEFAULT_MIME.get(kind)
    if kind == "photo":
        # Telegram returns several sizes; a thumbnail plus the "original" is enough here.
        thumb = {
            "file_id": stored.file_id + "-t",
            "file_unique_id": stored.file_unique_id + "t",
            "file_size": min(stored.file_size, 1000),
            "width": 90,
            "height": 90,
        }
        return [thumb, {**base, "width": 1280, "height": 720}]
    if kind == "voice":
        return {**base, "duration": int(duration), "mime_type": mime}
    if kind == "video_note":
        return {**base, "duration": int(duration), "length": int(params.get("length", 240))}
    out: JSON = {**base}
    if stored.file_name:
        out["file_name"] = stored.file_name
    if mime:
        out["mime_type"] = mime
    if kind == "audio":
        out["duration"] = int(duration)
        for key in ("performer", "title"):
            if key in params:
                out[key] = params[key]
    elif kind in ("video", "animation"):
        out.update(
            duration=int(duration),
            width=int(params.get("width", 640)),
            height=int(params.get("height", 360)),
        )
    return out
