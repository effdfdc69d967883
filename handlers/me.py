"""/me (always answered in private) and /rank (only where the group turned the board on)."""

from __future__ import annotations

import logging
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReactionTypeEmoji, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import day_ranges, shown_name
from bot.core.i18n import Lang, t
from bot.core.text_limits import clip, split_lines
from bot.core.vocabulary import PartyCategory
from bot.core.when import year_day
from bot.engagement.standing import MyStanding, Ranking
from bot.members.roster_file import CATEGORY_LABELS, RosterRow
from bot.telegram.context import AppContext, AppType
from handlers.common import is_group, lang_of, reply, reply_error
from handlers.roster_claims import claim_button

log = logging.getLogger(__name__)


def standing_text(standings: list[MyStanding], leave: list[tuple[date, date]], lang: Lang) -> str:
    if not standings:
        return t("me.none", lang)
    blocks = []
    for standing in standings:
        lines = [
            t(
                "me.standing",
                lang,
                group=standing.group_title,
                total=standing.total,
                week=standing.week_points,
                streak=standing.streak,
                listened=standing.week_listened,
                lessons=standing.week_lessons,
                notes=standing.week_notes,
            )
        ]
        if standing.rank is not None:
            lines.append(t("me.rank", lang, rank=standing.rank, of=standing.ranked))
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks)
    if leave:
        text += "\n\n" + t("me.leave", lang, days=day_ranges(leave, lang))
    return text + "\n\n" + t("me.footnote", lang)


def entry_text(group_title: str, row: RosterRow, lang: Lang) -> str:
    """Their own roster entry (only ever shown to them): 姓名, 类别, 党小组, 入党日期."""
    blank = t("roster.ui.blank", lang)
    category = CATEGORY_LABELS.get(PartyCategory(row.category)) if row.category else None
    return t(
        "me.roster_entry",
        lang,
        group=group_title,
        name=row.name,
        category=category or blank,
        party_group=row.party_group or blank,
        # The row is the file's (ISO, the machine contract); a person reads 2010年7月1日.
        joined=year_day(date.fromisoformat(row.joined_party_on), lang)
        if row.joined_party_on
        else blank,
    )


async def me(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    services = context.services
    text = standing_text(
        await services.standing.mine(sender.id), await services.leave.upcoming(sender.id), lang
    )
    own = await services.roster_claims.own(sender.id)
    if own:
        text += "\n\n" + "\n\n".join(entry_text(title, row, lang) for title, row in own)
    # Not yet linked where the roster has unlinked names: the 「我是…」 button.
    markup = (
        InlineKeyboardMarkup([[claim_button(lang)]])
        if await services.roster_claims.claimable(sender.id)
        else None
    )
    # Many groups or a long leave list can outgrow one message: it goes in parts.
    parts = split_lines(text.split("\n"))
    if not is_group(message.chat):
        for i, part in enumerate(parts):
            await message.reply_text(part, reply_markup=markup if i == len(parts) - 1 else None)
        return
    # In the group the answer still goes to the member alone.
    try:
        for i, part in enumerate(parts):
            await context.bot.send_message(
                sender.id, part, reply_markup=markup if i == len(parts) - 1 else None
            )
    except Forbidden:
        markup = None
        if context.bot.username:
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("button.open_bot", lang), url=f"https://t.me/{context.bot.username}"
                        )
                    ]
                ]
            )
        await message.reply_text(t("me.start_first", lang), reply_markup=markup)
        return
    try:
        await context.bot.set_message_reaction(
            message.chat.id, message.message_id, ReactionTypeEmoji("👌")
        )
    except TelegramError as exc:
        log.info("could not react to /me in %s: %s", message.chat.id, exc.message)


# Three lists of ten names of up to 129 characters each would not fit in one message.
RANK_NAME_LIMIT = 24


def ranking_text(ranking: Ranking, lang: Lang) -> str:
    lines = [t("rank.header", lang, group=ranking.group_title)]
    for key, rows in (
        ("rank.week", ranking.week),
        ("rank.month", ranking.month),
        ("rank.all", ranking.all_time),
    ):
        lines.append("")
        lines.append(t(key, lang))
        if not rows:
            lines.append(t("rank.empty", lang))
        lines += [
            t(
                "rank.line",
                lang,
                i=i,
                name=shown_name(clip(name, RANK_NAME_LIMIT), fallback, lang),
                points=points,
            )
            for i, (name, fallback, points) in enumerate(rows, start=1)
        ]
    lines += ["", t("rank.footnote", lang)]
    return "\n".join(lines)


async def rank(update: Update, context: AppContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    try:
        ranking = await context.services.standing.ranking(chat.id)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    message = update.effective_message
    if message is not None:
        await message.reply_text(ranking_text(ranking, lang_of(update)))


async def rank_private(update: Update, context: AppContext) -> None:
    await reply(update, "bind.private_only_group")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("me", me), group)
    app.add_handler(CommandHandler("rank", rank, filters=filters.ChatType.GROUPS), group)
    app.add_handler(CommandHandler("rank", rank_private, filters=filters.ChatType.PRIVATE), group)
