"""The 纪实表's 记录人 by buttons: a paged list of the group's people (the 「✍️ 记录人」 button
under /record N), or, when a typed name is shared by several, just those. The typed
`/record N 记录人 张三` stays (handlers.meeting_record)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.members.people import Person
from bot.telegram import callback_data
from bot.telegram.callback_data import ListPress
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of
from handlers.sign_for import PAGE, labels

Rows = list[list[InlineKeyboardButton]]


def choice_rows(people: list[Person], event_id: int, page: int, lang: Lang) -> Rows:
    pages = max(1, -(-len(people) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown_people = people[page * PAGE : (page + 1) * PAGE]
    rows: Rows = [
        [InlineKeyboardButton(label, callback_data=callback_data.recorder_set(event_id, p.key))]
        for p, label in zip(shown_people, labels(shown_people, lang), strict=True)
    ]
    turns = []
    if page > 0:
        turns.append(
            InlineKeyboardButton(
                t("button.page_prev", lang),
                callback_data=callback_data.recorder_turn(event_id, page - 1),
            )
        )
    if page < pages - 1:
        turns.append(
            InlineKeyboardButton(
                t("button.page_next", lang),
                callback_data=callback_data.recorder_turn(event_id, page + 1),
            )
        )
    return rows + ([turns] if turns else [])


async def ask_which(
    update: Update, context: AppContext, event_id: int, who: str, keys: list[int]
) -> None:
    """A typed 记录人 several people share: the buttons of just those."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    people = await context.services.events.recorder_choices(sender.id, event_id)
    named = [p for p in people if p.key in keys]
    await message.reply_text(
        t("event.which_recorder", lang, name=who),
        reply_markup=InlineKeyboardMarkup(choice_rows(named, event_id, 0, lang)),
    )


async def on_press(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    parsed = callback_data.parse_recorder(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    press, event_id, number = parsed
    lang = lang_of(update)
    events = context.services.events
    try:
        shown_as = (await events.authorize(sender.id, event_id)).number
        if press is not ListPress.PICK:
            people = await events.recorder_choices(sender.id, event_id)
            if not people:
                raise DomainError("event.no_people")
            markup = InlineKeyboardMarkup(choice_rows(people, event_id, number, lang))
            if press is ListPress.OPEN:  # the 纪实表's button: the list as its own message
                await context.bot.send_message(
                    sender.id, t("event.pick_recorder", lang, n=shown_as), reply_markup=markup
                )
            else:
                await query.edit_message_reply_markup(markup)
            await query.answer()
            return
        name = await events.pick_recorder(sender.id, event_id, number)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
        await query.answer()
        return
    text = t("event.recorder_set", lang, name=name, n=shown_as)
    await query.answer(text[:200])
    try:
        await query.edit_message_text(text)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_press, pattern=callback_data.RECORDER_PATTERN), group)
