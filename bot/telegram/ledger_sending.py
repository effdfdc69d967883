"""The month's ledger sent as two documents (CSV and XLSX): /export and the dashboard's button
send exactly the same."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from telegram import Bot

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.groups.secretaries import GroupRef
from bot.secretary.ledger import Period
from bot.secretary.ledger_export import ExportService
from bot.secretary.ledger_figures import summary_sentence

log = logging.getLogger(__name__)


async def send_ledger(
    bot: Bot,
    export: ExportService,
    chat_id: int,
    user_id: int,
    group: GroupRef,
    period: Period,
    lang: Lang,
    party_group: str | None = None,
) -> bool:
    """The month's ledger as two documents in the secretary's chat (also the dashboard's
    button), of one 党小组 if named; False when the rights check refused it (the chat is told
    why). The CSV's caption carries the period's sentence, as the workbook's summaries do."""
    title = f"{group.title} {party_group}" if party_group else group.title
    await bot.send_message(chat_id, t("export.working", lang, group=title, month=period.label))
    with tempfile.TemporaryDirectory(prefix="ledger-") as tmp:
        try:
            files = await export.export(user_id, group.group_id, period, Path(tmp), party_group)
        except DomainError as exc:
            await bot.send_message(chat_id, exc.text(lang))
            return False
        caption = t(
            "export.caption",
            lang,
            group=title,
            month=period.label,
            lessons=files.lessons,
            rows=files.rows,
        )
        caption += "\n" + summary_sentence(files.figures, lang)
        with files.csv_path.open("rb") as csv_file:
            await bot.send_document(
                chat_id, csv_file, filename=files.csv_path.name, caption=caption
            )
        with files.xlsx_path.open("rb") as xlsx_file:
            await bot.send_document(
                chat_id,
                xlsx_file,
                filename=files.xlsx_path.name,
                caption=t("export.caption_xlsx", lang),
            )
    log.info("ledger %s of group %s sent to %s", period.label, group.group_id, user_id)
    return True
