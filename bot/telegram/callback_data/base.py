"""Callback data's rules: each builder checks its data against its own parser's shape.

Telegram gives a button at most 64 bytes of data, and the data comes back from the client,
where anyone can forge it. So each kind has a builder that refuses to make data its own parser
would not read back, and a parser that reads only exactly that shape (ASCII digits, the whole
string, ≤ 64 bytes) and returns None for anything else. The `*_PATTERN`s only route a press to
its handler (PTB matches them as a prefix); the handler still parses.
"""

from __future__ import annotations

import re

MAX_BYTES = 64


def fits(data: str, shape: re.Pattern[str]) -> str:
    """Data a builder made, checked against its own parser's shape and Telegram's limit."""
    if len(data.encode()) > MAX_BYTES or shape.fullmatch(data) is None:
        raise ValueError(f"not valid callback data: {data!r}")
    return data


def read(shape: re.Pattern[str], data: object) -> re.Match[str] | None:
    """The client's data, if it is exactly one of ours."""
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    return shape.fullmatch(data)


def shape(pattern: str) -> re.Pattern[str]:
    # ASCII: "\d" would otherwise take full-width and other scripts' digits.
    return re.compile(pattern, re.ASCII)
