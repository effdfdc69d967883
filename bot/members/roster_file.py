"""The roster file (花名册) as a secretary keeps it: reading an XLSX or CSV, writing the same form.

Columns, by header (their order is free, and a few everyday variants are understood):
姓名 (required), 类别 (正式党员/预备党员), 党小组, 入党日期, 职务, Telegram (@username or id), 备注.
A row that cannot be read is named with its line and why; the others are kept. Nothing here
touches the database: `read_roster` gives rows, the roster service compares and stores them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from bot.core.errors import DomainError
from bot.core.vocabulary import PartyCategory
from bot.core.xlsx_cells import text_cell

# The file's columns in the template's order: (field, header).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"),
    ("category", "类别"),
    ("party_group", "党小组"),
    ("joined_party_on", "入党日期"),
    ("duty", "职务"),
    ("telegram", "Telegram"),
    ("remark", "备注"),
)
# Headers people write for the same column (compared after NFKC, without spaces, any case).
_ALIASES: dict[str, str] = {
    "姓名": "name",
    "名字": "name",
    "党员姓名": "name",
    "类别": "category",
    "人员类别": "category",
    "党员类别": "category",
    "党员类型": "category",
    "党小组": "party_group",
    "所在党小组": "party_group",
    "所属党小组": "party_group",
    "入党日期": "joined_party_on",
    "入党时间": "joined_party_on",
    "职务": "duty",
    "党内职务": "duty",
    "telegram": "telegram",
    "tg": "telegram",
    "电报": "telegram",
    "telegram用户名": "telegram",
    "备注": "remark",
}
CATEGORY_WORDS: dict[str, PartyCategory] = {
    "正式党员": PartyCategory.FULL,
    "正式": PartyCategory.FULL,
    "预备党员": PartyCategory.PROBATIONARY,
    "预备": PartyCategory.PROBATIONARY,
}
CATEGORY_LABELS = {PartyCategory.FULL: "正式党员", PartyCategory.PROBATIONARY: "预备党员"}

MAX_ROWS = 2000  # a branch has tens of members; a committee's whole list is a few hundred
MAX_BYTES = 1_000_000
NAME_LIMIT = 64
FIELD_LIMIT = 64
REMARK_LIMIT = 500

_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
_USER_ID = re.compile(r"[0-9]{1,16}")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class RosterRow:
    """One person as the file gives them, every field as text ("" when empty)."""

    name: str
    category: str = ""  # a PartyCategory value or ""
    party_group: str = ""
    joined_party_on: str = ""  # ISO date or ""
    duty: str = ""
    telegram: str = ""  # "@username" or digits, or ""
    remark: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, str]) -> RosterRow:
        return cls(**{k: str(values.get(k, "")) for k, _ in COLUMNS})


@dataclass(frozen=True)
class BadRow:
    """A line the file could not give: its number as the secretary sees it, and why."""

    line: int
    name: str
    reason: str  # an i18n key under roster.bad.*
    value: str = ""


@dataclass(frozen=True)
class RosterFile:
    rows: list[RosterRow]
    bad: list[BadRow]


def clean(value: object) -> str:
    """A cell as text: full-width forms folded (NFKC), spaces at the ends gone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(value: object) -> str | None:
    text = re.sub(r"\s+", "", clean(value)).lower()
    return _ALIASES.get(text)


def parse_party_date(value: object) -> date | None:
    """入党日期 as a secretary writes it: a date cell, 2020-07-01, 2020/7/1, 2020.7.1,
    2020年7月1日 or 20200701. None for what is no date (the caller says why)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_telegram(value: object) -> str | None:
    """ "@username" (or a username without @) or a numeric id; None when it is neither."""
    text = clean(value)
    if _USER_ID.fullmatch(text):
        return text
    match = _USERNAME.fullmatch(text)
    return f"@{match.group(1)}" if match else None


def _table(data: bytes) -> list[list[object]]:
    """The file's cells, row by row: the first sheet of an XLSX, or a CSV (UTF-8 or GBK)."""
    if len(data) > MAX_BYTES:
        raise DomainError("roster.file_too_big")
    if data[:2] == b"PK":
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise DomainError("roster.file_unreadable") from exc
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            return [list(row) for _, row in zip(range(MAX_ROWS + 20), rows, strict=False)]
        finally:
            book.close()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise DomainError("roster.file_unreadable")
    if "\x00" in text:
        raise DomainError("roster.file_unreadable")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _is_empty(cells: Sequence[object]) -> bool:
    return all(clean(cell) == "" for cell in cells)


def read_roster(data: bytes) -> RosterFile:
    """Read a roster file; a file with no 姓名 column, or too many rows, is refused whole."""
    table = _table(data)
    header_at = next(
        (i for i, cells in enumerate(table[:10]) if "name" in map(_header_key, cells)), None
    )
    if header_at is None:
        raise DomainError("roster.no_name_column")
    columns: dict[int, str] = {}
    for index, cell in enumerate(table[header_at]):
        key = _header_key(cell)
        if key is not None and key not in columns.values():
            columns[index] = key
    body = [(header_at + 2 + i, cells) for i, cells in enumerate(table[header_at + 1 :])]
    body = [(line, cells) for line, cells in body if not _is_empty(cells)]
    if len(body) > MAX_ROWS:
        raise DomainError("roster.too_many_rows", limit=MAX_ROWS)
    rows: list[RosterRow] = []
    bad: list[BadRow] = []
    seen_names: dict[str, int] = {}
    seen_accounts: dict[str, int] = {}
    for line, cells in body:
        raw = {key: cells[i] if i < len(cells) else None for i, key in columns.items()}
        row_or_bad = _row(line, raw)
        if isinstance(row_or_bad, BadRow):
            bad.append(row_or_bad)
            continue
        row = row_or_bad
        if row.name in seen_names:
            bad.append(
                BadRow(line, row.name, "roster.bad.duplicate_name", str(seen_names[row.name]))
            )
            continue
        account = row.telegram.lower()
        if account and account in seen_accounts:
            bad.append(
                BadRow(line, row.name, "roster.bad.duplicate_account", str(seen_accounts[account]))
            )
            continue
        seen_names[row.name] = line
        if account:
            seen_accounts[account] = line
        rows.append(row)
    return RosterFile(rows, bad)


def _row(line: int, raw: dict[str, object]) -> RosterRow | BadRow:
    name = re.sub(r"\s+", " ", clean(raw.get("name")))
    if not name:
        return BadRow(line, "", "roster.bad.no_name")
    if len(name) > NAME_LIMIT:
        return BadRow(line, name[:20] + "…", "roster.bad.name_too_long")
    category_text = re.sub(r"\s+", "", clean(raw.get("category")))
    category = CATEGORY_WORDS.get(category_text) if category_text else None
    if category_text and category is None:
        return BadRow(line, name, "roster.bad.category", category_text)
    joined = ""
    if clean(raw.get("joined_party_on")):
        day = parse_party_date(raw.get("joined_party_on"))
        if day is None or day.year < 1921:
            return BadRow(line, name, "roster.bad.date", clean(raw.get("joined_party_on")))
        joined = day.isoformat()
    telegram = ""
    if clean(raw.get("telegram")):
        parsed = parse_telegram(raw.get("telegram"))
        if parsed is None:
            return BadRow(line, name, "roster.bad.telegram", clean(raw.get("telegram"))[:40])
        telegram = parsed
    fields = {key: clean(raw.get(key)) for key in ("party_group", "duty")}
    for value in fields.values():
        if len(value) > FIELD_LIMIT:
            return BadRow(line, name, "roster.bad.too_long", value[:20] + "…")
    return RosterRow(
        name=name,
        category=category.value if category else "",
        party_group=fields["party_group"],
        joined_party_on=joined,
        duty=fields["duty"],
        telegram=telegram,
        remark=clean(raw.get("remark"))[:REMARK_LIMIT],
    )


def _cells(row: RosterRow) -> list[object]:
    category = CATEGORY_LABELS.get(PartyCategory(row.category)) if row.category else ""
    joined: object = date.fromisoformat(row.joined_party_on) if row.joined_party_on else ""
    return [
        row.name,
        category,
        row.party_group,
        joined,
        row.duty,
        row.telegram,
        row.remark,
    ]


def write_roster_xlsx(rows: Iterable[RosterRow], path: Path) -> int:
    """The roster as an XLSX in the import form (an empty template when there are no rows)."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = "花名册"
    sheet.append([header for _, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        # Text as string cells: a name or remark starting with "=" is never a formula.
        sheet.append([text_cell(sheet, c) if isinstance(c, str) and c else c for c in _cells(row)])
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
        count += 1
    for letter, width in zip("ABCDEFG", (12, 10, 14, 12, 12, 18, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    book.save(path)
    return count


def write_roster_csv(rows: Iterable[RosterRow], path: Path) -> int:
    """The roster as a CSV in the import form (UTF-8 with BOM, so Excel shows the Chinese)."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for _, header in COLUMNS])
        for row in rows:
            writer.writerow([_csv_safe(str(cell)) for cell in _cells(row)])
            count += 1
    return count


def _csv_safe(text: str) -> str:
    """A cell never read as a formula by a spreadsheet (an "@name" is written without its @,
    which the import reads the same)."""
    if text.startswith("@") and parse_telegram(text) == text:
        return text[1:]
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
