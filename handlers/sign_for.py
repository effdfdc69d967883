"""/signfor (代签) and /latesign (补签): typed with a name, @username or id and the reason, or
`/signfor N` alone: a paged list of the expected not yet signed in (roster names, members
without Telegram too), a press, then the reason."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.errors import DomainError
from bot.core.formatting import shown_name
from bot.core.i18n import Lang, t
from bot.core.vocabulary import CheckinMethod
from bot.groups.numbers import Numbered
from bot.members.people import Person
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error
from handlers.numbered import numbered_command
from handlers.prompts import Prompt, ask_typed, close

PRIVATE = filters.ChatType.PRIVATE
PAGE = 8  # names on one page of the list: readable on a phone
_DONE: dict[str, str] = {
    CheckinMethod.PROXY: "event.signed_for",
    CheckinMethod.LATE: "event.late_signed",
}
_USAGE: dict[str, str] = {
    CheckinMethod.PROXY: "event.usage_signfor",
    CheckinMethod.LATE: "event.usage_latesign",
}
_PICK: dict[str, str] = {
    CheckinMethod.PROXY: "event.pick_proxy",
    CheckinMethod.LATE: "event.pick_late",
}
_ASK: dict[str, str] = {
    CheckinMethod.PROXY: "event.ask_proxy_reason",
    CheckinMethod.LATE: "event.ask_late_reason",
}


def labels(people: list[Person], lang: Lang) -> list[str]:
    """Buttons' names for people who may share one: the 党小组 or 职务 tells them apart, a
    Telegram name is marked, and what still looks alike is numbered."""
    out = []
    for person in people:
        name = shown_name(person.name, person.name_is_fallback, lang)
        extra = person.party_group or person.duty
        out.append((f"{name}（{extra}）" if extra else name)[:56])
    return [
        f"{label} {out[:i].count(label) + 1}" if out.count(label) > 1 else label
        for i, label in enumerate(out)
    ]


@dataclass(frozen=True)
class SignReason(Prompt):
    """A person picked for 代签 / 补签: the next text is the reason."""

    event_id: int
    key: int
    method: str
    kind: ClassVar[str] = "sign_reason"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        try:
            view, person = await context.services.events.sign_for(
                sender.id, self.event_id, self.key, message.text or "", self.method
            )
        except DomainError as exc:
            if exc.key != "event.bad_reason":
                close(context, self)  # only a bad reason can be mended by the next text
            await reply_error(update, exc)
            return
        close(context, self)
        name = shown_name(person.name, person.name_is_fallback, lang_of(update))
        await reply(update, _DONE[self.method], name=name, n=view.number)


def _page(
    people: list[Person], method: str, event_id: int, page: int, lang: Lang
) -> list[list[InlineKeyboardButton]]:
    pages = max(1, -(-len(people) // PAGE))
    page = min(max(page, 0), pages - 1)
    on_page = people[page * PAGE : (page + 1) * PAGE]
    rows = [
        [
            InlineKeyboardButton(
                label, callback_data=callback_data.sign_pick(method, event_id, p.key)
            )
        ]
        for p, label in zip(on_page, labels(on_page, lang), strict=True)
    ]
    turns = []
    if page > 0:
        turns.append(
            InlineKeyboardButton(
                t("button.page_prev", lang),
                callback_data=callback_data.sign_page(method, event_id, page - 1),
            )
        )
    if page < pages - 1:
        turns.append(
            InlineKeyboardButton(
                t("button.page_next", lang),
                callback_data=callback_data.sign_page(method, event_id, page + 1),
            )
        )
    return rows + ([turns] if turns else [])


async def _send_list(
    context: AppContext, chat_id: int, actor_id: int, event_id: int, method: str, lang: Lang
) -> None:
    """The list of the expected not yet signed in, as a new message (raises DomainError)."""
    events = context.services.events
    people = await events.unsigned(actor_id, event_id, method)
    view = await events.authorize(actor_id, event_id)
    if not people:
        await context.bot.send_message(chat_id, t("event.pick_none", lang, n=view.number))
        return
    await context.bot.send_message(
        chat_id,
        t(_PICK[method], lang, n=view.number, title=view.title),
        reply_markup=InlineKeyboardMarkup(_page(people, method, event_id, 0, lang)),
    )


async def _sign_for(
    update: Update, context: AppContext, event_id: int, rest: list[str], method: str
) -> None:
    """/signfor N (the list) or /signfor N 姓名 原因; /latesign the same."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    try:
        if not rest:
            await _send_list(context, message.chat.id, sender.id, event_id, method, lang)
            return
        if len(rest) < 2:
            raise DomainError(_USAGE[method])
        view, person = await context.services.events.sign_for(
            sender.id, event_id, rest[0], " ".join(rest[1:]), method
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    name = shown_name(person.name, person.name_is_fallback, lang)
    await reply(update, _DONE[method], name=name, n=view.number)


signfor = numbered_command(
    "signfor",
    Numbered.EVENT,
    partial(_sign_for, method=CheckinMethod.PROXY),
    _USAGE[CheckinMethod.PROXY],
)
latesign = numbered_command(
    "latesign",
    Numbered.EVENT,
    partial(_sign_for, method=CheckinMethod.LATE),
    _USAGE[CheckinMethod.LATE],
)


async def on_pick(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    lang = lang_of(update)
    opened = callback_data.parse_sign_open(query.data)
    if opened is not None:  # the 代签 / 补签 button under the QR code or the 纪实表
        try:
            await _send_list(context, sender.id, sender.id, opened[1], opened[0], lang)
        except DomainError as exc:
            await answer_error(update, exc)
            return
        await query.answer()
        return
    picked = callback_data.parse_sign_pick(query.data)
    turned = callback_data.parse_sign_page(query.data)
    parsed = picked or turned
    if parsed is None:
        await answer_forged(update)
        return
    method, event_id, value = parsed
    try:
        people = await context.services.events.unsigned(sender.id, event_id, method)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    if turned is not None:
        await query.answer()
        if people and query.message is not None:
            await query.edit_message_reply_markup(
                InlineKeyboardMarkup(_page(people, method, event_id, value, lang))
            )
        return
    person = next((p for p in people if p.key == value), None)
    if person is None:
        # Signed in meanwhile, or data no list of ours carried: said plainly either way.
        await answer_error(update, DomainError("event.pick_gone"))
        return
    await query.answer()
    await ask_typed(
        context,
        sender.id,
        SignReason(event_id, person.key, method),
        t(_ASK[method], lang, name=shown_name(person.name, person.name_is_fallback, lang)),
        t("event.sign_reason_hint", lang),
        lang,
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("signfor", signfor, filters=PRIVATE), group)
    app.add_handler(CommandHandler("latesign", latesign, filters=PRIVATE), group)
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.SIGN_PICK_PATTERN), group)
