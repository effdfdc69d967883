"""The roster's views behind /roster's buttons: a person's card, the typed answers (a new
name, another 党小组, a new person), 未在花名册 and relinking. handlers.roster routes presses."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.vocabulary import PartyCategory, RosterStanding
from bot.core.when import year_day
from bot.members.people import Person
from bot.members.roster_file import CATEGORY_LABELS
from bot.telegram import callback_data
from bot.telegram.callback_data import RosterAction as A
from bot.telegram.context import AppContext
from handlers.common import lang_of, reply, reply_error
from handlers.prompts import Prompt, close

log = logging.getLogger(__name__)

UNROSTERED_SHOWN = 20  # a chat's guests, at most this many buttons at once
MARK = {
    RosterStanding.LINKED: "✅",
    RosterStanding.UNLINKED: "⚪",
    RosterStanding.UNROSTERED: "🔸",
}

Rows = list[Sequence[InlineKeyboardButton]]


def button(label: str, action: A, first: int, second: int | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback_data.roster(action, first, second))


# --- a person's card --------------------------------------------------------------------
def card_view(person: Person, group_id: int, lang: Lang) -> tuple[str, InlineKeyboardMarkup]:
    none = t("roster.ui.blank", lang)
    category = CATEGORY_LABELS.get(PartyCategory(person.category)) if person.category else None
    lines = [
        t("roster.ui.card_name", lang, name=person.name),
        t("roster.ui.card_category", lang, value=category or none),
        t("roster.ui.card_party_group", lang, value=person.party_group or none),
        t(
            "roster.ui.card_joined",
            lang,
            value=year_day(person.joined_party_on, lang) if person.joined_party_on else none,
        ),
    ]
    if person.duty:
        lines.append(t("roster.ui.card_duty", lang, value=person.duty))
    linked = person.standing is RosterStanding.LINKED
    lines.append(t("roster.ui.linked" if linked else "roster.ui.unlinked", lang))
    entry = person.entry_id or 0  # a card is only ever made for a roster entry
    rows: Rows = []
    if not person.active:
        lines.append(t("roster.ui.transferred", lang))
    else:
        rows.append(
            [
                button(t("roster.ui.rename", lang), A.RENAME, entry),
                button(t("roster.ui.move", lang), A.MOVE, entry),
            ]
        )
        link = (
            button(t("roster.ui.unlink", lang), A.UNLINK, entry)
            if linked
            else button(t("roster.ui.relink", lang), A.RELINK, entry)
        )
        rows.append([button(t("roster.ui.transfer", lang), A.TRANSFER, entry), link])
    rows.append([button(t("roster.ui.back", lang), A.PAGE, group_id, 0)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def card_screen(
    context: AppContext, user_id: int, entry_id: int, lang: Lang
) -> tuple[str, InlineKeyboardMarkup]:
    """The card as it reads now (raises DomainError: gone, or no longer theirs to keep)."""
    roster = context.services.roster
    person = await roster.person(user_id, entry_id)
    return card_view(person, await roster.group_of(user_id, entry_id), lang)


async def show_card(
    context: AppContext, user_id: int, entry_id: int, lang: Lang, target: Message | int
) -> None:
    """The card, in place of the pressed message, or as a new message to a chat."""
    await show(context, target, *await card_screen(context, user_id, entry_id, lang))


async def show(
    context: AppContext, target: Message | int, text: str, markup: InlineKeyboardMarkup
) -> None:
    if isinstance(target, Message):
        try:
            await target.edit_text(text, reply_markup=markup)
        except BadRequest as exc:  # "message is not modified": the same view again
            log.info("roster view not edited: %s", exc.message)
        return
    await context.bot.send_message(target, text, reply_markup=markup)


# --- typed answers: a new name, another 党小组, a new person --------------------------------
@dataclass(frozen=True)
class RenamePrompt(Prompt):
    entry_id: int
    kind: ClassVar[str] = "roster_rename"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        try:
            await context.services.roster.rename(sender.id, self.entry_id, message.text or "")
        except DomainError as exc:
            await reply_error(update, exc)  # the question stays open: type it again
            return
        close(context, self)
        await reply(update, "roster.ui.renamed")
        await show_card(context, sender.id, self.entry_id, lang_of(update), message.chat.id)


@dataclass(frozen=True)
class MovePrompt(Prompt):
    entry_id: int
    kind: ClassVar[str] = "roster_move"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        try:
            await context.services.roster.move(sender.id, self.entry_id, message.text or "")
        except DomainError as exc:
            await reply_error(update, exc)
            return
        close(context, self)
        await show_card(context, sender.id, self.entry_id, lang_of(update), message.chat.id)


@dataclass(frozen=True)
class AddPrompt(Prompt):
    group_id: int
    kind: ClassVar[str] = "roster_add"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        try:
            person = await context.services.roster.add(sender.id, self.group_id, message.text or "")
        except DomainError as exc:
            await reply_error(update, exc)
            return
        close(context, self)
        if person.entry_id is not None:
            await show_card(context, sender.id, person.entry_id, lang_of(update), message.chat.id)


# --- 未在花名册 and relinking -------------------------------------------------------------
async def unrostered_view(
    context: AppContext, user_id: int, group_id: int, lang: Lang
) -> tuple[str, InlineKeyboardMarkup]:
    people = await context.services.roster.unrostered(user_id, group_id)
    lines = [t("roster.ui.unrostered_header", lang, n=len(people))]
    rows: Rows = []
    for person in people[:UNROSTERED_SHOWN]:
        if person.user_id is None:  # 未在花名册 is always an account
            continue
        rows.append(
            [
                button(
                    t("roster.ui.unrostered_add", lang, name=person.name),
                    A.UNROSTERED_ADD,
                    group_id,
                    person.user_id,
                ),
                button(
                    t("roster.ui.dismiss", lang), A.UNROSTERED_DISMISS, group_id, person.user_id
                ),
            ]
        )
    if not people:
        lines.append(t("roster.ui.unrostered_none", lang))
    rows.append([button(t("roster.ui.back", lang), A.PAGE, group_id, 0)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def relink_view(
    context: AppContext, user_id: int, entry_id: int, lang: Lang
) -> tuple[str, InlineKeyboardMarkup]:
    roster = context.services.roster
    group_id = await roster.group_of(user_id, entry_id)
    person = await roster.person(user_id, entry_id)
    accounts = await roster.unrostered(user_id, group_id)
    rows: Rows = []
    for account in accounts[:UNROSTERED_SHOWN]:
        if account.user_id is None:
            continue
        rows.append([button(account.name, A.LINK_TO, entry_id, account.user_id)])
    key = "roster.ui.relink_pick" if accounts else "roster.ui.relink_none"
    rows.append([button(t("roster.ui.back", lang), A.CARD, entry_id)])
    return t(key, lang, name=person.name), InlineKeyboardMarkup(rows)


async def add_unrostered(
    update: Update, context: AppContext, group_id: int, account: int | None, message: Message
) -> None:
    """An account seen in the group goes on the roster under its display name; 改名 offered."""
    sender, query = update.effective_user, update.callback_query
    if sender is None or query is None:
        return
    lang = lang_of(update)
    roster = context.services.roster
    found = [p for p in await roster.unrostered(sender.id, group_id) if p.user_id == account]
    if not found or account is None:
        raise DomainError("roster.ui.stale")
    person = await roster.add(sender.id, group_id, found[0].name, account=account)
    if person.entry_id is None:
        raise DomainError("roster.ui.stale")
    await query.answer()
    rows: Rows = [
        [
            button(t("roster.ui.rename", lang), A.RENAME, person.entry_id),
            button(t("roster.ui.back", lang), A.UNROSTERED, group_id),
        ]
    ]
    await show(
        context,
        message,
        t("roster.ui.added_offer_rename", lang, name=person.name),
        InlineKeyboardMarkup(rows),
    )
