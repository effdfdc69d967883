"""Text that goes into an Office file (XLSX, DOCX): what XML cannot hold is dropped."""

from __future__ import annotations

import re

# What XML text may not hold (openpyxl's ILLEGAL_CHARACTERS_RE, and the two non-characters).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without what XML cannot hold; tabs, newlines and carriage returns stay."""
    return NOT_XML.sub("", text)
