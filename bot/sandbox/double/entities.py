"""parse_mode as Telegram reads it: refuse malformed HTML/Markdown, return the visible text."""

from __future__ import annotations

import re

from .errors import ApiError, rule_broken

HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)?([^<>]*)>|<")
# The only named entities Telegram knows, plus every numeric one.
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def utf16_len(text: str) -> int:
    """Telegram counts lengths (and entity offsets) in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _cant_parse(detail: str) -> ApiError:
    return rule_broken(f"can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _unescape_html(text: str, base: str, start: int) -> str:
    """Decode &lt; &gt; &amp; &quot; and numeric entities; any other & or a bare > is refused."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&":
            found = _ENTITY.match(text, i)
            if found is None:
                offset = _byte_offset(base, start + i)
                raise _cant_parse(f"unescaped '&' at byte offset {offset}: write &amp;")
            named, dec, hexa = found.groups()
            out.append(_NAMED[named] if named else chr(int(dec or hexa, 16 if hexa else 10)))
            i = found.end()
            continue
        if c == ">":
            offset = _byte_offset(base, start + i)
            raise _cant_parse(f"unescaped '>' at byte offset {offset}: write &gt;")
        out.append(c)
        i += 1
    return "".join(out)


def check_html(text: str) -> str:
    """Reject malformed HTML like Telegram does; return the text with tags removed."""
    stack: list[str] = []
    visible: list[str] = []
    last = 0
    for match in _TAG.finditer(text):
        visible.append(_unescape_html(text[last : match.start()], text, last))
        last = match.end()
        closing, name, attributes = match.group(1), match.group(2), match.group(3) or ""
        offset = _byte_offset(text, match.start())
        if name is None:
            raise _cant_parse(f"Unexpected end of name token at byte offset {offset}")
        name = name.lower()
        if name not in HTML_TAGS:
            raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {offset}')
        if closing:
            if not stack or stack[-1] != name:
                raise _cant_parse(
                    f"Unmatched end tag at byte offset {offset}, "
                    f'expected "</{stack[-1] if stack else ""}>", found "</{name}>"'
                )
            stack.pop()
            continue
        if name == "span" and 'class="tg-spoiler"' not in attributes.replace("'", '"'):
            raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        stack.append(name)
    visible.append(_unescape_html(text[last:], text, last))
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(visible)


_V2_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
    "[": "TextUrl",
    "![": "CustomEmoji",
}


def _reserved(c: str) -> ApiError:
    return _cant_parse(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")


def check_markdown_v2(text: str) -> str:
    """MarkdownV2: entities must close, reserved characters outside them must be escaped."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (marker, byte offset where it opened)
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                out.append(text[i + 1])
                i += 2
                at_line_start = False
                continue
            raise _reserved("\\")
        if c == "`":
            fence = "```" if text.startswith("```", i) else "`"
            j = i + len(fence)
            body: list[str] = []
            while j < n and not text.startswith(fence, j):
                if text[j] == "\\" and j + 1 < n and text[j + 1] in "`\\":
                    body.append(text[j + 1])
                    j += 2
                    continue
                body.append(text[j])
                j += 1
            if j >= n:
                name = "Pre" if fence == "```" else "Code"
                raise _cant_parse(
                    f"Can't find end of {name} entity at byte offset {_byte_offset(text, i)}"
                )
            code = "".join(body)
            if fence == "```" and "\n" in code:
                code = code.split("\n", 1)[1]  # the first line names the language
            out.append(code)
            i = j + len(fence)
            at_line_start = False
            continue
        if c == ">" and at_line_start:
            i += 1  # a blockquote line: the marker is not shown
            at_line_start = False
            continue
        marker = None
        for candidate in ("||", "__", "![", "*", "_", "~", "["):
            if text.startswith(candidate, i):
                marker = candidate
                break
        if marker is not None:
            if marker in ("[", "!["):
                stack.append((marker, _byte_offset(text, i)))
            elif stack and stack[-1][0] == marker:
                stack.pop()
            else:
                stack.append((marker, _byte_offset(text, i)))
            i += len(marker)
            at_line_start = False
            continue
        if c == "]" and stack and stack[-1][0] in ("[", "!["):
            if not text.startswith("(", i + 1):
                raise _reserved("]")
            j = i + 2
            while j < n and text[j] != ")":
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise _cant_parse(
                    f"Can't find end of a URL at byte offset {_byte_offset(text, i + 2)}"
                )
            stack.pop()
            i = j + 1
            at_line_start = False
            continue
        if c in MARKDOWN_V2_RESERVED:
            raise _reserved(c)
        out.append(c)
        at_line_start = c == "\n"
        i += 1
    if stack:
        marker, offset = stack[-1]
        raise _cant_parse(f"Can't find end of {_V2_NAMES[marker]} entity at byte offset {offset}")
    return "".join(out)


def check_markdown(text: str) -> str:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url) must close."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
            continue
        if c in "*_`[":
            end_marker = {"[": "]"}.get(c, c)
            fence = "```" if text.startswith("```", i) else end_marker
            start = i + (3 if fence == "```" else 1)
            j = text.find(fence, start)
            if j < 0 or (c == "[" and not text.startswith("(", j + 1)):
                raise _cant_parse(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            out.append(text[start:j])
            i = j + len(fence)
            if c == "[":
                close = text.find(")", i)
                if close < 0:
                    raise _cant_parse(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, i)}"
                    )
                i = close + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def rendered(text: str, parse_mode: object) -> str:
    """The visible text after entity parsing, or Telegram's refusal."""
    if parse_mode is None or parse_mode == "":
        return text
    if not isinstance(parse_mode, str):
        raise rule_broken("unsupported parse_mode")
    mode = parse_mode.lower()
    if mode == "html":
        return check_html(text)
    if mode == "markdownv2":
        return check_markdown_v2(text)
    if mode == "markdown":
        return check_markdown(text)
    raise rule_broken("unsupported parse_mode")
