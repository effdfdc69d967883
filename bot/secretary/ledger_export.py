"""/export and `microlesson export`: the month's ledger as CSV and XLSX files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import Clock
from bot.core.errors import DomainError
from bot.core.formatting import file_part
from bot.core.scoring import lesson_day
from bot.groups.secretaries import GroupRef, SecretaryRights
from bot.secretary.ledger import Period, month_period, parse_month
from bot.secretary.ledger_figures import LedgerFigures, for_party_group
from bot.secretary.ledger_files import write_csv
from bot.secretary.ledger_reads import LedgerService
from bot.secretary.ledger_workbook import write_workbook
from bot.secretary.offload import Offload


@dataclass(frozen=True)
class ExportFiles:
    group: GroupRef
    period: Period
    csv_path: Path
    xlsx_path: Path
    rows: int
    lessons: int
    figures: LedgerFigures  # the period's totals (the summary sentence is made of them)


def file_stem(group: GroupRef, period: Period, party_group: str | None = None) -> str:
    """ "学习台账-第一党支部-2026-03" (or "-第一党小组-" before the month for one 党小组):
    what the secretary sees in the chat."""
    title = file_part(group.title, str(group.chat_id))
    if party_group:
        title += "-" + file_part(party_group, "党小组")
    return f"学习台账-{title}-{period.label}"


class ExportService:
    def __init__(
        self, ledger: LedgerService, clock: Clock, rights: SecretaryRights, offload: Offload
    ) -> None:
        self._ledger = ledger
        self._clock = clock
        self._rights = rights
        self._offload = offload

    async def groups(self, user_id: int) -> list[GroupRef]:
        """The groups this user may export; a polite refusal for anyone else."""
        groups = await self._rights.groups_of(user_id)
        if not groups:
            raise DomainError("export.not_secretary")
        return groups

    def period(self, arg: str | None, zone: str) -> Period:
        """The month asked for, or the current month in the group's zone."""
        if arg:
            return parse_month(arg)
        today = lesson_day(self._clock.now(), zone)
        return month_period(today.year, today.month)

    async def export(
        self,
        user_id: int,
        group_id: int,
        period: Period,
        directory: Path,
        party_group: str | None = None,
    ) -> ExportFiles:
        """Both files for a group the user is a secretary of (one 党小组's rows, if named)."""
        mine = [g for g in await self.groups(user_id) if g.group_id == group_id]
        if not mine:
            raise DomainError("export.not_secretary")
        return await self.write(mine[0], period, directory, party_group)

    async def write(
        self, group: GroupRef, period: Period, directory: Path, party_group: str | None = None
    ) -> ExportFiles:
        """No rights check: for callers that already made it (and the deployer's shell)."""
        data = await self._ledger.load(group, period, sheets=True)
        if party_group:
            data = for_party_group(data, party_group)
        stem = file_stem(group, period, party_group)
        csv_path, xlsx_path = directory / f"{stem}.csv", directory / f"{stem}.xlsx"
        rows = await self._offload.run(write_csv, data, csv_path)
        figures = await self._offload.run(write_workbook, data, xlsx_path, party_group)
        return ExportFiles(group, period, csv_path, xlsx_path, rows, len(data.lessons), figures)
