"""/roster in private chat: the secretary's 花名册, paged, each person's card and its edits by
buttons, 未在花名册 accounts, the template and the export. Imports are handlers.roster_import,
members' claims handlers.roster_claims."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.vocabulary import PartyCategory, RosterStanding
from bot.groups.secretaries import GroupRef
from bot.members.people import Person
from bot.members.roster import RosterPage
from bot.members.roster_file import CATEGORY_LABELS, RosterRow, write_roster_xlsx
from bot.telegram import callback_data
from bot.telegram.callback_data import RosterAction as A
from bot.telegram.context import AppContext, AppType
from handlers.common import (
    answer_error,
    answer_forged,
    is_group,
    lang_of,
    member_status,
    reply,
    reply_error,
    user_info,
)
from handlers.prompts import Prompt, ask, cancel_markup, close

log = logging.getLogger(__name__)

UNROSTERED_SHOWN = 20  # a chat's guests, at most this many buttons at once
MARK = {
    RosterStanding.LINKED: "✅",
    RosterStanding.UNLINKED: "⚪",
    RosterStanding.UNROSTERED: "🔸",
}

Rows = list[Sequence[InlineKeyboardButton]]


def _button(label: str, action: A, first: int, second: int | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback_data.roster(action, first, second))


def shown_name(person: Person, lang: Lang) -> str:
    return (
        t("roster.fallback_name", lang, name=person.name)
        if person.name_is_fallback
        else person.name
    )


# --- the list ---------------------------------------------------------------------------
def page_view(view: RosterPage, lang: Lang) -> tuple[str, InlineKeyboardMarkup]:
    gid = view.group.group_id
    lines = [
        t("roster.ui.header", lang, group=view.group.title, page=view.page + 1, pages=view.pages),
        t(
            "roster.ui.counts",
            lang,
            total=view.total,
            unlinked=view.unlinked,
            unrostered=view.unrostered,
        ),
    ]
    if not view.people:
        lines.append(t("roster.ui.empty", lang))
    else:
        lines.append(t("roster.ui.legend", lang))
    rows: Rows = []
    for person in view.people:
        label = f"{MARK[person.standing]} {shown_name(person, lang)}"
        if person.entry_id is not None:
            rows.append([_button(label, A.CARD, person.entry_id)])
        else:
            rows.append([_button(label, A.UNROSTERED, gid)])
    nav = []
    if view.page > 0:
        nav.append(_button("◀", A.PAGE, gid, view.page - 1))
    if view.page < view.pages - 1:
        nav.append(_button("▶", A.PAGE, gid, view.page + 1))
    if nav:
        rows.append(nav)
    rows.append(
        [
            _button(t("roster.ui.add", lang), A.ADD, gid),
            _button(t("roster.ui.unrostered", lang, n=view.unrostered), A.UNROSTERED, gid),
        ]
    )
    rows.append(
        [
            _button(t("roster.ui.template", lang), A.TEMPLATE, gid),
            _button(t("roster.ui.export", lang), A.EXPORT, gid),
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def secretary_groups(context: AppContext, update: Update) -> list[GroupRef]:
    """The groups whose roster the sender keeps; Telegram is asked once if none is known."""
    sender = update.effective_user
    if sender is None:
        return []
    services = context.services
    groups = await services.roster.groups(sender.id)
    if not groups and await services.presence.probe(
        user_info(sender), lambda chat_id, user_id: member_status(context, chat_id, user_id)
    ):
        groups = await services.roster.groups(sender.id)
    return groups


async def roster_private(update: Update, context: AppContext) -> None:
    sender, message = update.effective_user, update.effective_message
    if sender is None or message is None:
        return
    lang = lang_of(update)
    args = context.args or []
    if args and args[0].lower() in ("template", "模板"):
        await send_template(context, message.chat.id, lang)
        return
    if args:
        await reply(update, "roster.ui.usage")
        return
    try:
        groups = await secretary_groups(context, update)
        if not groups:
            raise DomainError("roster.not_secretary")
        if len(groups) == 1:
            view = await context.services.roster.page(sender.id, groups[0].group_id)
            text, markup = page_view(view, lang)
            await message.reply_text(text, reply_markup=markup)
            return
    except DomainError as exc:
        await reply_error(update, exc)
        return
    buttons: Rows = [
        [_button(group.title or str(group.chat_id), A.GROUP, group.group_id)] for group in groups
    ]
    await message.reply_text(
        t("roster.ui.pick_group", lang), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def roster_in_group(update: Update, context: AppContext) -> None:
    await reply(update, "roster.ui.private_only")


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
            value=person.joined_party_on.isoformat() if person.joined_party_on else none,
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
                _button(t("roster.ui.rename", lang), A.RENAME, entry),
                _button(t("roster.ui.move", lang), A.MOVE, entry),
            ]
        )
        link = (
            _button(t("roster.ui.unlink", lang), A.UNLINK, entry)
            if linked
            else _button(t("roster.ui.relink", lang), A.RELINK, entry)
        )
        rows.append([_button(t("roster.ui.transfer", lang), A.TRANSFER, entry), link])
    rows.append([_button(t("roster.ui.back", lang), A.PAGE, group_id, 0)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def show_card(
    context: AppContext, user_id: int, entry_id: int, lang: Lang, target: Message | int
) -> None:
    """The card, in place of the pressed message, or as a new message to a chat."""
    roster = context.services.roster
    person = await roster.person(user_id, entry_id)
    text, markup = card_view(person, await roster.group_of(user_id, entry_id), lang)
    await _show(context, target, text, markup)


async def _show(
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


async def _ask(update: Update, context: AppContext, prompt: Prompt, key: str) -> None:
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    lang = lang_of(update)
    ask(context, prompt)
    await query.message.reply_text(t(key, lang), reply_markup=cancel_markup(type(prompt), lang))


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
                _button(
                    t("roster.ui.unrostered_add", lang, name=person.name),
                    A.UNROSTERED_ADD,
                    group_id,
                    person.user_id,
                ),
                _button(
                    t("roster.ui.dismiss", lang), A.UNROSTERED_DISMISS, group_id, person.user_id
                ),
            ]
        )
    if not people:
        lines.append(t("roster.ui.unrostered_none", lang))
    rows.append([_button(t("roster.ui.back", lang), A.PAGE, group_id, 0)])
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
        rows.append([_button(account.name, A.LINK_TO, entry_id, account.user_id)])
    key = "roster.ui.relink_pick" if accounts else "roster.ui.relink_none"
    rows.append([_button(t("roster.ui.back", lang), A.CARD, entry_id)])
    return t(key, lang, name=person.name), InlineKeyboardMarkup(rows)


# --- files ------------------------------------------------------------------------------
async def send_rows(
    context: AppContext, chat_id: int, rows: list[RosterRow], filename: str, caption: str
) -> None:
    """The rows as an XLSX in the import form: written to a temporary file, sent, removed."""

    def write() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / filename
            write_roster_xlsx(rows, path)
            return path.read_bytes()

    data = await asyncio.to_thread(write)
    await context.bot.send_document(chat_id, InputFile(data, filename=filename), caption=caption)


async def send_template(context: AppContext, chat_id: int, lang: Lang) -> None:
    await send_rows(context, chat_id, [], "花名册模板.xlsx", t("roster.ui.template_caption", lang))


# --- the buttons ------------------------------------------------------------------------
async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_roster(query.data)
    message = query.message
    if parsed is None or not isinstance(message, Message) or is_group(message.chat):
        await answer_forged(update)
        return
    action, first, second = parsed
    lang = lang_of(update)
    roster = context.services.roster
    uid = sender.id
    try:
        if action in (A.GROUP, A.PAGE):
            view = await roster.page(uid, first, second or 0)
            await query.answer()
            await _show(context, message, *page_view(view, lang))
        elif action is A.CARD:
            await query.answer()
            await show_card(context, uid, first, lang, message)
        elif action is A.RENAME:
            await roster.person(uid, first)  # the rights, before the question
            await query.answer()
            await _ask(update, context, RenamePrompt(first), "roster.ui.ask_name")
        elif action is A.MOVE:
            group_id = await roster.group_of(uid, first)
            names = await roster.party_groups(uid, group_id)
            rows: Rows = [[_button(name, A.MOVE_TO, first, i)] for i, name in enumerate(names[:30])]
            rows.append([_button(t("roster.ui.move_other", lang), A.MOVE_OTHER, first)])
            rows.append([_button(t("roster.ui.back", lang), A.CARD, first)])
            await query.answer()
            await _show(
                context, message, t("roster.ui.move_pick", lang), InlineKeyboardMarkup(rows)
            )
        elif action is A.MOVE_TO:
            names = await roster.party_groups(uid, await roster.group_of(uid, first))
            if second is None or second >= len(names):
                raise DomainError("roster.ui.stale")
            await roster.move(uid, first, names[second])
            await query.answer(t("roster.ui.moved", lang, name=names[second]))
            await show_card(context, uid, first, lang, message)
        elif action is A.MOVE_OTHER:
            await roster.person(uid, first)
            await query.answer()
            await _ask(update, context, MovePrompt(first), "roster.ui.ask_party_group")
        elif action is A.TRANSFER:
            person = await roster.person(uid, first)
            rows = [
                [
                    _button(t("roster.ui.transfer_yes", lang), A.TRANSFER_YES, first),
                    _button(t("roster.ui.back", lang), A.CARD, first),
                ]
            ]
            await query.answer()
            await _show(
                context,
                message,
                t("roster.ui.transfer_ask", lang, name=person.name),
                InlineKeyboardMarkup(rows),
            )
        elif action is A.TRANSFER_YES:
            person = await roster.transfer_out(uid, first)
            await query.answer(t("roster.ui.transferred_done", lang, name=person.name))
            await show_card(context, uid, first, lang, message)
        elif action is A.UNLINK:
            await roster.unlink(uid, first)
            await query.answer(t("roster.ui.unlinked_done", lang))
            await show_card(context, uid, first, lang, message)
        elif action is A.RELINK:
            await query.answer()
            await _show(context, message, *await relink_view(context, uid, first, lang))
        elif action is A.LINK_TO:
            if second is None:
                raise DomainError("roster.ui.stale")
            await roster.link(uid, first, second)
            await query.answer(t("roster.ui.linked_done", lang))
            await show_card(context, uid, first, lang, message)
        elif action is A.ADD:
            await roster.page(uid, first)  # the rights, before the question
            await query.answer()
            await _ask(update, context, AddPrompt(first), "roster.ui.ask_new_name")
        elif action is A.UNROSTERED:
            await query.answer()
            await _show(context, message, *await unrostered_view(context, uid, first, lang))
        elif action is A.UNROSTERED_ADD:
            await _add_unrostered(update, context, first, second, message)
        elif action is A.UNROSTERED_DISMISS:
            if second is None:
                raise DomainError("roster.ui.stale")
            await roster.dismiss(uid, first, second)
            await query.answer(t("roster.ui.dismissed", lang))
            await _show(context, message, *await unrostered_view(context, uid, first, lang))
        elif action is A.TEMPLATE:
            await query.answer()
            await send_template(context, message.chat.id, lang)
        elif action is A.EXPORT:
            rows_out = await roster.rows(uid, first)
            await query.answer()
            await send_rows(
                context,
                message.chat.id,
                rows_out,
                "花名册.xlsx",
                t("roster.ui.export_caption", lang, n=len(rows_out)),
            )
    except DomainError as exc:
        await answer_error(update, exc)


async def _add_unrostered(
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
            _button(t("roster.ui.rename", lang), A.RENAME, person.entry_id),
            _button(t("roster.ui.back", lang), A.UNROSTERED, group_id),
        ]
    ]
    await _show(
        context,
        message,
        t("roster.ui.added_offer_rename", lang, name=person.name),
        InlineKeyboardMarkup(rows),
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CommandHandler("roster", roster_private, filters=filters.ChatType.PRIVATE), group
    )
    app.add_handler(
        CommandHandler("roster", roster_in_group, filters=filters.ChatType.GROUPS), group
    )
    app.add_handler(CallbackQueryHandler(on_button, pattern=callback_data.ROSTER_PATTERN), group)
