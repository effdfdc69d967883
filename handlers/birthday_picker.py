"""政治生日 for a member without typing their @username: a member named by their roster name
(`/birthday 张三 1998年7月1日`; several of one name ask which by buttons), or picked from a
paged list (「👥 为成员登记」 under /birthday, for a secretary), then the date typed as a
reply. The members listed are those a secretary may record leave for: accounts in the bound
groups Telegram says they run (handlers.leave_picker reads the same list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.when import fold, year_day
from bot.members.people import Person
from bot.telegram import callback_data
from bot.telegram.callback_data import ListPress
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error, user_info
from handlers.prompts import Prompt, ask_typed, close
from handlers.sign_for import labels

PAGE = 8
Rows = list[list[InlineKeyboardButton]]


@dataclass(frozen=True)
class BirthdayFor(Prompt):
    """A member picked: the next text is the day they joined the Party."""

    user_id: int
    name: str
    kind: ClassVar[str] = "birthday_for"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        sender = update.effective_user
        if sender is None:
            return
        try:
            view = await context.services.birthdays.set(
                user_info(sender), message.text or "", str(self.user_id)
            )
        except DomainError as exc:
            if exc.key not in ("birthday.bad_date", "birthday.future", "birthday.too_old"):
                close(context, self)  # only a date can be mended by the next text
            await reply_error(update, exc)
            return
        close(context, self)
        day = year_day(view.joined, lang_of(update)) if view.joined else ""
        await reply(update, "birthday.saved_for", name=self.name, day=day, years=view.years)


def members_row(lang: Lang) -> list[InlineKeyboardButton]:
    """The secretary's button under /birthday."""
    return [
        InlineKeyboardButton(
            t("birthday.for_member", lang), callback_data=callback_data.birthday_page(0)
        )
    ]


async def named(update: Update, context: AppContext, who: str) -> list[Person]:
    """The members a typed name means, among those the secretary may name."""
    sender = update.effective_user
    if sender is None:
        return []
    return await context.services.leave.named(sender.id, who)


async def ask_which(update: Update, context: AppContext, who: str, found: list[Person]) -> None:
    """Several members of that name: a button for each, which asks for the date."""
    message = update.effective_message
    if message is None:
        return
    lang = lang_of(update)
    rows = [
        [InlineKeyboardButton(label, callback_data=callback_data.birthday_member(p.user_id or 0))]
        for p, label in zip(found, labels(found, lang), strict=True)
    ]
    await message.reply_text(
        t("birthday.which_member", lang, name=fold(who)), reply_markup=InlineKeyboardMarkup(rows)
    )


def _page_rows(people: list[tuple[int, str]], page: int, lang: Lang) -> Rows:
    pages = max(1, -(-len(people) // PAGE))
    page = min(max(page, 0), pages - 1)
    rows: Rows = [
        [InlineKeyboardButton(name[:60], callback_data=callback_data.birthday_member(uid))]
        for uid, name in people[page * PAGE : (page + 1) * PAGE]
    ]
    turns = []
    if page > 0:
        turns.append(
            InlineKeyboardButton(
                t("button.page_prev", lang), callback_data=callback_data.birthday_turn(page - 1)
            )
        )
    if page < pages - 1:
        turns.append(
            InlineKeyboardButton(
                t("button.page_next", lang), callback_data=callback_data.birthday_turn(page + 1)
            )
        )
    return rows + ([turns] if turns else [])


async def on_press(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_birthday_pick(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    press, number = parsed
    lang = lang_of(update)
    people = await context.services.leave.pickable(sender.id)
    if not people:
        await answer_error(update, DomainError("leave.no_members"))
        return
    if press is not ListPress.PICK:
        markup = InlineKeyboardMarkup(_page_rows(people, number, lang))
        await query.answer()
        if press is ListPress.OPEN:
            await context.bot.send_message(
                sender.id, t("birthday.pick_member", lang), reply_markup=markup
            )
        else:
            await query.edit_message_reply_markup(markup)
        return
    name = dict(people).get(number)
    if name is None:
        # Left the group (or no longer theirs to name) since the list was sent.
        await answer_error(update, DomainError("birthday.member_gone"))
        return
    await query.answer()
    await ask_typed(
        context,
        sender.id,
        BirthdayFor(number, name),
        t("birthday.ask_date_for", lang, name=name),
        "1998年7月1日",
        lang,
    )


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CallbackQueryHandler(on_press, pattern=callback_data.BIRTHDAY_PICK_PATTERN), group
    )
