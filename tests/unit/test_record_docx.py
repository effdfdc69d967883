"""The 纪实表 as DOCX: whatever members typed, the file is written and reads back."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from bot.branch_life.events.views import Attendee, EventView, RecordEdit, RecordView
from bot.branch_life.meeting_record import build_docx

CONTROL = "\x00\x01\x07\x08\x0b\x0c\x0e\x1f\ufffe\uffff"


def test_control_characters_typed_by_members_are_dropped_as_in_the_xlsx_ledger() -> None:
    at = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    event = EventView(
        1,
        1,
        -1001,
        None,
        f"第一{CONTROL}党支部",
        "支部党员大会",
        f"学习{CONTROL}党章",
        None,
        at,
        "UTC",
        1,
    )
    view = RecordView(
        event,
        2,
        [Attendee(1, f"张{CONTROL}三")],
        [Attendee(2, f"李{CONTROL}四", reason=f"出差{CONTROL}")],
        f"纪要\t第一段{CONTROL}\n第二段",
        None,
        f"王{CONTROL}五",
        [],
        at,
        [RecordEdit("minutes", f"旧{CONTROL}", f"新{CONTROL}", f"赵{CONTROL}六", at)],
    )

    doc = Document(io.BytesIO(build_docx(view, [])))

    text = "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    ) + "\n".join(p.text for p in doc.paragraphs)
    assert not set(CONTROL) & set(text)
    for kept in ("第一党支部", "学习党章", "张三", "李四", "出差", "纪要\t第一段\n第二段", "王五"):
        assert kept in text
    assert "旧 → 新" in text and "赵六" in text
