"""The 纪实表 as a Word document (DOCX): what branches print, sign and file, and what WPS and
Word both open and let the secretary adjust before filing."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from bot.branch_life.events import RecordView
from bot.core.document_text import xml_text
from bot.core.i18n import t
from bot.core.vocabulary import CheckinMethod, ReplyStatus

FIELD_NAMES = {
    "minutes": "会议纪要",
    "minutes_voice": "录音",
    "recorder": "记录人",
    "chair": "主持人",
    "agenda": "会议议程",
    "guests": "列席人员",
    "photo": "照片",
}
METHOD_NAMES: dict[str, str] = {CheckinMethod.PROXY: "代签", CheckinMethod.LATE: "补签"}


def _shown(name: str, fallback: bool) -> str:
    """A Telegram name stands in for a real one only marked as such (the record is filed)."""
    return t("roster.fallback_name", "zh", name=name) if fallback else name


def _attendees(view: RecordView) -> str:
    names = []
    for attendee in view.present:
        name = _shown(attendee.name, attendee.name_is_fallback)
        if attendee.method == CheckinMethod.CHAIR:
            names.append(f"{name}（主持人）")
        elif attendee.method in METHOD_NAMES:
            by = _shown(attendee.by_name or "", attendee.by_is_fallback)
            names.append(f"{name}（{METHOD_NAMES[attendee.method]}：{by}，{attendee.reason}）")
        else:
            names.append(name)
    return "、".join(names) or "无"


def _on_leave(view: RecordView) -> str:
    parts = [
        f"{_shown(a.name, a.name_is_fallback)}（{a.reason or '未说明原因'}）"
        for a in view.absent
        if a.reason is not None
    ]
    return "、".join(parts) or "无"


def _absentees(view: RecordView) -> str:
    """缺席: who never answered (（未回复）) and who said they would come but did not sign in."""
    parts = [
        f"{_shown(a.name, a.name_is_fallback)}"
        f"{'（未签到）' if a.answer == ReplyStatus.ATTEND else '（未回复）'}"
        for a in view.absent
        if a.reason is None
    ]
    return "、".join(parts) or "无"


def _minutes(view: RecordView) -> str:
    """The text minutes; a recording only ever beside them."""
    text = view.minutes or "—"
    return f"{text}\n（附录音）" if view.minutes_voice else text


def build_docx(view: RecordView, photos: list[bytes]) -> bytes:
    """The record as DOCX bytes (CPU work: run it off the event loop). Only with text minutes:
    without them the handler refuses ("event.docx_needs_minutes").

    Members' text goes in without what XML cannot hold (control characters), as in the XLSX
    ledger: python-docx refuses such text, and the 纪实表 would not be written at all.
    """
    from docx import Document  # only the 纪实表 needs it: not imported at every start
    from docx.shared import Cm

    event = view.event
    zone = ZoneInfo(event.zone)
    doc = Document()
    doc.add_heading(xml_text(f"{event.group_title} {event.label}纪实表"), level=1)
    rows = [
        ("会议类型", event.label),
        ("会议主题", event.title),
        ("时间", f"{event.starts_at.astimezone(zone):%Y-%m-%d %H:%M}"),
        ("地点", event.place or "—"),
        ("主持人", view.chair or "—"),
        ("记录人", view.recorder or "—"),
        ("应到人数", str(view.expected)),
        ("实到人数", str(len(view.present))),
        ("请假人数", str(view.on_leave)),
        ("缺席人数", str(view.missing)),
        ("出席人员", _attendees(view)),
        ("请假人员", _on_leave(view)),
        ("缺席人员", _absentees(view)),
        ("列席人员", view.guests or "无"),
        ("会议议程", "\n".join(f"{i}. {item}" for i, item in enumerate(view.agenda, 1)) or "—"),
        ("会议纪要", _minutes(view)),
        ("照片", f"{len(view.photos)} 张"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = xml_text(value)
    for i, data in enumerate(photos, start=1):
        try:
            doc.add_picture(io.BytesIO(data), width=Cm(12))
        except Exception:
            doc.add_paragraph(f"照片 {i}：无法嵌入")
    if view.history:
        doc.add_heading("修改记录", level=2)
        history = doc.add_table(rows=1, cols=4)
        history.style = "Table Grid"
        for cell, text in zip(
            history.rows[0].cells, ("时间", "修改人", "项目", "内容"), strict=True
        ):
            cell.text = text
        for change in view.history:
            cells = history.add_row().cells
            cells[0].text = f"{change.at.astimezone(zone):%Y-%m-%d %H:%M}"
            cells[1].text = xml_text(_shown(change.by_name, change.by_is_fallback))
            cells[2].text = FIELD_NAMES.get(change.field, change.field)
            # A photo or a recording is a Telegram file id: what was done says more.
            cells[3].text = xml_text(
                "添加"
                if change.field in ("photo", "minutes_voice")
                else f"{change.old or '—'} → {change.new or '—'}"
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
