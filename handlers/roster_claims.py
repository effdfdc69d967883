"""「我是…」: a member picks their name from the unlinked names of their group's roster (asked
after /start, and from /me); each of the group's secretaries gets one message with [确认]
[不是此人], and the member hears the outcome. A claim counts only once confirmed."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import Lang, lang_for, t
from bot.groups.secretaries import GroupRef
from bot.members.claims import Claim
from bot.telegram import callback_data
from bot.telegram.callback_data import ClaimAction as C
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, is_group, lang_of

log = logging.getLogger(__name__)

NAMES_PER_PAGE = 12
Rows = list[Sequence[InlineKeyboardButton]]


def _button(label: str, action: C, first: int, second: int | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback_data.claim(action, first, second))


def question(
    group: GroupRef, names: list[tuple[int, str]], page: int, lang: Lang
) -> tuple[str, InlineKeyboardMarkup]:
    """「请问您是花名册上的哪一位？」 with the unlinked names (paged) and 「都不是」."""
    pages = max(1, -(-len(names) // NAMES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = names[page * NAMES_PER_PAGE : (page + 1) * NAMES_PER_PAGE]
    rows: Rows = []
    for i in range(0, len(shown), 3):
        rows.append([_button(name, C.PICK, entry_id) for entry_id, name in shown[i : i + 3]])
    nav = []
    if page > 0:
        nav.append(_button("◀", C.PAGE, group.group_id, page - 1))
    if page < pages - 1:
        nav.append(_button("▶", C.PAGE, group.group_id, page + 1))
    if nav:
        rows.append(nav)
    rows.append([_button(t("claim.none", lang), C.NONE, group.group_id)])
    return t("claim.question", lang, group=group.title), InlineKeyboardMarkup(rows)


async def ask_claims(context: AppContext, chat_id: int, user_id: int, lang: Lang) -> bool:
    """Ask, for each group where the member may claim a name; False if there is none."""
    claimable = await context.services.roster_claims.claimable(user_id)
    for group, names in claimable:
        text, markup = question(group, names, 0, lang)
        await context.bot.send_message(chat_id, text, reply_markup=markup)
    return bool(claimable)


def claim_button(lang: Lang) -> InlineKeyboardButton:
    """The 「我是…」 button (under /me for a member not yet linked)."""
    return _button(t("claim.button", lang), C.ASK, 0)


async def _tell_secretaries(context: AppContext, claim: Claim) -> None:
    members = context.services.members
    for uid in claim.secretaries:
        lang = lang_for(await members.language(uid))
        markup = InlineKeyboardMarkup(
            [
                [
                    _button(t("claim.confirm", lang), C.CONFIRM, claim.claim_id),
                    _button(t("claim.reject", lang), C.REJECT, claim.claim_id),
                ]
            ]
        )
        text = t(
            "claim.to_secretary",
            lang,
            claimant=claim.claimant,
            name=claim.name,
            group=claim.group.title,
        )
        try:
            await context.bot.send_message(uid, text, reply_markup=markup)
        except Forbidden:
            log.info("secretary %s has not started the bot; claim %s not sent", uid, claim.claim_id)
        except TelegramError as exc:
            log.warning("claim %s to %s not sent: %s", claim.claim_id, uid, exc.message)


async def _tell_member(context: AppContext, claim: Claim, confirmed: bool) -> None:
    lang = lang_for(await context.services.members.language(claim.user_id))
    key = "claim.confirmed" if confirmed else "claim.rejected"
    try:
        await context.bot.send_message(
            claim.user_id, t(key, lang, name=claim.name, group=claim.group.title)
        )
    except TelegramError as exc:
        log.info("claim outcome to %s not sent: %s", claim.user_id, exc.message)


async def on_button(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_claim(query.data)
    message = query.message
    if parsed is None or not isinstance(message, Message) or is_group(message.chat):
        await answer_forged(update)
        return
    action, first, second = parsed
    lang = lang_of(update)
    claims = context.services.roster_claims
    try:
        if action is C.ASK:
            await query.answer()
            if not await ask_claims(context, message.chat.id, sender.id, lang):
                await message.reply_text(t("claim.nothing", lang))
        elif action is C.PAGE:
            found = [(g, n) for g, n in await claims.claimable(sender.id) if g.group_id == first]
            if not found:
                raise DomainError("claim.stale")
            await query.answer()
            text, markup = question(found[0][0], found[0][1], second or 0, lang)
            await message.edit_text(text, reply_markup=markup)
        elif action is C.NONE:
            await query.answer()
            await message.edit_text(t("claim.none_done", lang))
        elif action is C.PICK:
            claim = await claims.claim(sender.id, first)
            await query.answer()
            await message.edit_text(t("claim.sent", lang, name=claim.name))
            await _tell_secretaries(context, claim)
        else:
            confirmed = action is C.CONFIRM
            claim = await claims.decide(sender.id, first, confirmed)
            await query.answer()
            key = "claim.decided_yes" if confirmed else "claim.decided_no"
            # The buttons give way to the outcome: a claim is decided once.
            await message.edit_text(
                t(key, lang, claimant=claim.claimant, name=claim.name, group=claim.group.title)
            )
            await _tell_member(context, claim, confirmed)
    except DomainError as exc:
        await answer_error(update, exc)


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_button, pattern=callback_data.CLAIM_PATTERN), group)
