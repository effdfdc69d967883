"""Splitting and clipping texts to Telegram's limits, counted in UTF-16 code units."""

from __future__ import annotations

from bot.core.text_limits import clip, split_lines, utf16_len


def test_clip_counts_utf16_and_marks_the_cut() -> None:
    assert clip("王小明", 3) == "王小明"
    assert clip("王小明同志", 3) == "王小…"
    assert clip("😀😀😀", 5) == "😀😀…"  # each emoji is two code units
    assert utf16_len(clip("😀" * 100, 5)) <= 5


def test_split_lines_packs_whole_lines_into_messages() -> None:
    lines = [f"#{i} " + "字" * 95 for i in range(100)]  # about 100 units each
    parts = split_lines(lines)
    assert len(parts) == 3 and all(utf16_len(p) <= 4096 for p in parts)
    assert "\n".join(parts).splitlines() == lines
    assert split_lines(["标题", "", "正文", ""]) == ["标题\n\n正文\n"]  # blank lines stay


def test_a_line_longer_than_a_message_breaks_after_a_separator_and_loses_nothing() -> None:
    line = "请假：" + "、".join(f"2026-03-{d:02d}" for d in range(1, 29)) * 20
    parts = split_lines([line, "😀" * 3000])
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert parts[0].endswith("、")
    assert "".join(p.replace("\n", "") for p in parts) == line + "😀" * 3000
