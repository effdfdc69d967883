"""Sends the weekly digests that are due: the chart (drawn off the event loop) and the week's
figures to each of the group's secretaries."""

from __future__ import annotations

import logging
from pathlib import Path

from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.core.formatting import shown_name
from bot.core.i18n import Lang, lang_for, t
from bot.core.when import month_day, short_day
from bot.secretary.chart import ChartData, render_chart
from bot.secretary.digest import Digest, DigestService, WeekFigures
from bot.secretary.offload import Offload

log = logging.getLogger(__name__)


def _rate(figures: WeekFigures, lang: Lang) -> str:
    rate = figures.rate
    return t("digest.no_rate", lang) if rate is None else f"{rate}%"


def digest_text(digest: Digest, lang: Lang) -> str:
    now, last = digest.this_week, digest.last_week
    lines = [
        t(
            "digest.caption",
            lang,
            group=digest.group.title,
            start=month_day(digest.start, lang),
            end=month_day(digest.end, lang),
        ),
        t(
            "digest.figures",
            lang,
            lessons=now.lessons,
            listened=now.listened,
            expected=now.expected,
            rate=_rate(now, lang),
            last_listened=last.listened,
            last_expected=last.expected,
            last_rate=_rate(last, lang),
            makeup=now.makeup,
            notes=now.notes,
            last_notes=last.notes,
        ),
        "",
    ]
    if digest.featured:
        lines.append(t("digest.featured_header", lang))
        lines += [
            t(
                "digest.featured_line",
                lang,
                name=shown_name(note.name, note.name_is_fallback, lang),
                n=note.number,
                text=note.text,
            )
            for note in digest.featured
        ]
    else:
        lines.append(t("digest.no_featured", lang))
    return "\n".join(lines)[:4000]


def chart_data(digest: Digest, lang: Lang) -> ChartData:
    return ChartData(
        title=t(
            "digest.caption",
            lang,
            group=digest.group.title,
            start=month_day(digest.start, lang),
            end=month_day(digest.end, lang),
        ).removeprefix("📊 "),
        days=[(short_day(d, lang), heard, due) for d, heard, due in digest.days],
        members=[
            (shown_name(name, fallback, lang), heard, due)
            for name, fallback, heard, due in digest.members
        ],
        days_title=t("chart.days", lang),
        members_title=t("chart.members", lang),
        legend_listened=t("chart.listened", lang),
        legend_expected=t("chart.expected", lang),
    )


class DigestSender:
    def __init__(
        self, bot: Bot, digests: DigestService, offload: Offload, font: Path | None
    ) -> None:
        self._bot = bot
        self._digests = digests
        self._offload = offload
        self._font = font

    async def send_due(self) -> int:
        """Send every digest that is due; returns how many secretaries got one."""
        sent = 0
        for digest in await self._digests.due():
            sent += await self._send(digest)
        return sent

    async def _send(self, digest: Digest) -> int:
        sent = 0
        # One upload per language; every other secretary gets the same photo by file_id.
        photos: dict[Lang, str] = {}
        for recipient in digest.recipients:
            lang = lang_for(recipient.language_code)
            try:
                photo: str | bytes | None = photos.get(lang)
                if photo is None:
                    chart = await self._offload.run(
                        render_chart, chart_data(digest, lang), self._font
                    )
                    photo = chart.png
                caption = t(
                    "digest.caption",
                    lang,
                    group=digest.group.title,
                    start=month_day(digest.start, lang),
                    end=month_day(digest.end, lang),
                )
                message = await self._bot.send_photo(
                    recipient.user_id, photo, caption=caption, filename="digest.png"
                )
                if message.photo:
                    photos[lang] = message.photo[-1].file_id
                await self._bot.send_message(recipient.user_id, digest_text(digest, lang))
                sent += 1
            except Forbidden as exc:
                log.info("digest to %s refused: %s", recipient.user_id, exc.message)
            except TelegramError as exc:
                # At most once: the week is claimed in the ledger; this secretary misses it.
                log.warning("digest to %s failed: %s", recipient.user_id, exc.message)
        log.info(
            "weekly digest of group %s (%s) sent to %d", digest.group.group_id, digest.start, sent
        )
        return sent
