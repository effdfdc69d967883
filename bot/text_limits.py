"""Telegram's length limits, counted as Telegram counts them (UTF-16 code units)."""

from __future__ import annotations

MESSAGE_LIMIT = 4096
ELLIPSIS = "…"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """At most `limit` UTF-16 code units, an ellipsis marking the cut (for names, echoed input)."""
    if utf16_len(text) <= limit:
        return text
    out: list[str] = []
    used = utf16_len(ELLIPSIS)
    for char in text:
        used += utf16_len(char)
        if used > limit:
            break
        out.append(char)
    return "".join(out) + ELLIPSIS


def split_lines(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack lines into as few texts as fit in one message each, breaking only between lines."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = clip(line, limit)  # one line alone never needs more than a message
        extra = utf16_len(line) + (1 if current else 0)
        if current and size + extra > limit:
            parts.append("\n".join(current))
            current, size = [], 0
            extra = utf16_len(line)
        current.append(line)
        size += extra
    if current:
        parts.append("\n".join(current))
    return parts
