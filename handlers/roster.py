"""/roster in private chat: the secretary's 花名册, paged, with its buttons routed to the
views (handlers.roster_views: a person's card and its edits, 未在花名册), the template and the
export. Imports are handlers.roster_import, members' claims handlers.roster_claims."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import shown_name
from bot.core.i18n import Lang, t
from bot.groups.secretaries import GroupRef
from bot.members.roster import RosterPage
from bot.members.roster_file import RosterRow, write_roster_xlsx
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
from handlers.prompts import Prompt, ask_typed
from handlers.roster_views import (
    MARK,
    AddPrompt,
    MovePrompt,
    RenamePrompt,
    Rows,
    add_unrostered,
    button,
    card_screen,
    relink_view,
    show,
    show_card,
    unrostered_view,
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
        name = shown_name(person.name, person.name_is_fallback, lang)
        label = f"{MARK[person.standing]} {name}"
        if person.entry_id is not None:
            rows.append([button(label, A.CARD, person.entry_id)])
        else:
            rows.append([button(label, A.UNROSTERED, gid)])
    nav = []
    if view.page > 0:
        nav.append(button("◀", A.PAGE, gid, view.page - 1))
    if view.page < view.pages - 1:
        nav.append(button("▶", A.PAGE, gid, view.page + 1))
    if nav:
        rows.append(nav)
    rows.append(
        [
            button(t("roster.ui.add", lang), A.ADD, gid),
            button(t("roster.ui.unrostered", lang, n=view.unrostered), A.UNROSTERED, gid),
        ]
    )
    rows.append(
        [
            button(t("roster.ui.template", lang), A.TEMPLATE, gid),
            button(t("roster.ui.export", lang), A.EXPORT, gid),
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
        [button(group.title or str(group.chat_id), A.GROUP, group.group_id)] for group in groups
    ]
    await message.reply_text(
        t("roster.ui.pick_group", lang), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def roster_in_group(update: Update, context: AppContext) -> None:
    await reply(update, "roster.ui.private_only")


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


async def _ask_roster(
    update: Update, context: AppContext, prompt: Prompt, key: str, hint: str
) -> None:
    """A typed question from a roster button, in the pressed message's chat: `key` asks,
    `hint` is what the reply field shows."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    lang = lang_of(update)
    await ask_typed(context, query.message.chat.id, prompt, t(key, lang), t(hint, lang), lang)


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
            await show(context, message, *page_view(view, lang))
        elif action is A.CARD:
            screen = await card_screen(context, uid, first, lang)
            await query.answer()
            await show(context, message, *screen)
        elif action is A.RENAME:
            await roster.person(uid, first)  # the rights, before the question
            await query.answer()
            await _ask_roster(
                update, context, RenamePrompt(first), "roster.ui.ask_name", "roster.ui.name_hint"
            )
        elif action is A.MOVE:
            group_id = await roster.group_of(uid, first)
            names = await roster.party_groups(uid, group_id)
            rows: Rows = [[button(name, A.MOVE_TO, first, i)] for i, name in enumerate(names[:30])]
            rows.append([button(t("roster.ui.move_other", lang), A.MOVE_OTHER, first)])
            rows.append([button(t("roster.ui.back", lang), A.CARD, first)])
            await query.answer()
            await show(context, message, t("roster.ui.move_pick", lang), InlineKeyboardMarkup(rows))
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
            await _ask_roster(
                update,
                context,
                MovePrompt(first),
                "roster.ui.ask_party_group",
                "roster.ui.party_group_hint",
            )
        elif action is A.TRANSFER:
            person = await roster.person(uid, first)
            rows = [
                [
                    button(t("roster.ui.transfer_yes", lang), A.TRANSFER_YES, first),
                    button(t("roster.ui.back", lang), A.CARD, first),
                ]
            ]
            await query.answer()
            await show(
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
            screen = await relink_view(context, uid, first, lang)
            await query.answer()
            await show(context, message, *screen)
        elif action is A.LINK_TO:
            if second is None:
                raise DomainError("roster.ui.stale")
            await roster.link(uid, first, second)
            await query.answer(t("roster.ui.linked_done", lang))
            await show_card(context, uid, first, lang, message)
        elif action is A.ADD:
            await roster.page(uid, first)  # the rights, before the question
            await query.answer()
            await _ask_roster(
                update, context, AddPrompt(first), "roster.ui.ask_new_name", "roster.ui.name_hint"
            )
        elif action is A.UNROSTERED:
            screen = await unrostered_view(context, uid, first, lang)
            await query.answer()
            await show(context, message, *screen)
        elif action is A.UNROSTERED_ADD:
            await add_unrostered(update, context, first, second, message)
        elif action is A.UNROSTERED_DISMISS:
            if second is None:
                raise DomainError("roster.ui.stale")
            await roster.dismiss(uid, first, second)
            await query.answer(t("roster.ui.dismissed", lang))
            await show(context, message, *await unrostered_view(context, uid, first, lang))
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


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CommandHandler("roster", roster_private, filters=filters.ChatType.PRIVATE), group
    )
    app.add_handler(
        CommandHandler("roster", roster_in_group, filters=filters.ChatType.GROUPS), group
    )
    app.add_handler(CallbackQueryHandler(on_button, pattern=callback_data.ROSTER_PATTERN), group)
