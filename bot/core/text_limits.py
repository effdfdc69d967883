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


_BREAKS = ("\n", "、", "，", ", ", " ")


def _break_line(line: str, limit: int) -> list[str]:
    """A line longer than a message, in pieces: after a separator where there is one."""
    pieces: list[str] = []
    while utf16_len(line) > limit:
        head = line
        while utf16_len(head) > limit:
            head = head[: len(head) - max(1, (utf16_len(head) - limit) // 2)]
        cut = max((head.rfind(sep) + len(sep) for sep in _BREAKS if sep in head), default=0)
        if cut <= 0:
            cut = len(head)
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line] if line or not pieces else pieces  # an empty line stays


def split_lines(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack lines into as few texts as fit in one message each, breaking between lines (and
    inside a line only when one line alone is longer than a message)."""
    pieces = [piece for line in lines for piece in _break_line(line, limit)]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in pieces:
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
