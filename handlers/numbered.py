"""A typed "#N": the lesson or event it names, counted within the group.

In a group chat, N is that group's. In private, N is looked up in the groups the sender is
in (bot.groups.numbers); when several have one, the sender picks by button (a NumberPick
prompt) and the command goes on with the rest of what was typed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.groups.numbers import Numbered, number_of
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_forged, is_group, lang_of, reply_error
from handlers.prompts import Prompt, ask, close, pending

# What the command does once it knows the lesson or event (its global id) and the rest of the
# typed arguments.
Runner = Callable[[Update, AppContext, int, list[str]], Awaitable[None]]

log = logging.getLogger(__name__)

_NOT_FOUND = {Numbered.LESSON: "lesson.not_found", Numbered.EVENT: "event.not_found"}
# Nine digits at most: a number, never an integer the database cannot hold.
_NUMBER = re.compile(r"[#＃]?(\d{1,9})", re.ASCII)


async def lesson_number(context: AppContext, lesson_id: int) -> int:
    """The group's #N of a lesson known by its id (a button's, a link's)."""
    return await number_of(context.services.db, Numbered.LESSON, lesson_id) or 0


def typed_number(args: list[str], usage: str, **params: object) -> int:
    """The "#N" or "N" a command starts with (full-width digits too)."""
    first = unicodedata.normalize("NFKC", args[0]) if args else ""
    match = _NUMBER.fullmatch(first)
    if match is None:
        raise DomainError(usage, **params)
    return int(match.group(1))


@dataclass(frozen=True)
class NumberPick(Prompt):
    """Which group's #N: the command waits for a press on the buttons of one message (a
    prompt like any other: it lapses, 取消 leaves it, a newer command replaces it)."""

    command: str
    run: Runner
    rest: tuple[str, ...]
    offered: frozenset[int]  # the ids on the buttons
    message_id: int
    kind: ClassVar[str] = "number_pick"

    def accepts(self, message: Message) -> bool:
        return False  # the buttons answer

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        return None  # never called: accepts no message


async def resolve(
    update: Update,
    context: AppContext,
    what: Numbered,
    number: int,
    command: str,
    rest: list[str],
    run: Runner,
    *,
    not_found: str | None = None,
) -> int | None:
    """The id of the sender's #N, or None when they were asked which group's (the press then
    runs `run` with the rest of what was typed)."""
    sender, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if sender is None or message is None:
        return None
    in_group = chat.id if is_group(chat) and chat is not None else None
    matches = await context.services.numbers.find(what, number, user_id=sender.id, chat_id=in_group)
    if not matches:
        raise DomainError(not_found or _NOT_FOUND[what], n=number)
    if len(matches) == 1:
        return matches[0].id
    lang = lang_of(update)
    rows = [
        [
            InlineKeyboardButton(
                t("number.pick_line", lang, group=m.group_title, n=m.number, title=m.title)[:64],
                callback_data=callback_data.number_pick(command, m.id),
            )
        ]
        for m in matches
    ]
    asked = await message.reply_text(
        t("number.pick", lang, n=number), reply_markup=InlineKeyboardMarkup(rows)
    )
    offered = frozenset(m.id for m in matches)
    ask(context, NumberPick(command, run, tuple(rest), offered, asked.message_id))
    return None


def numbered_command(
    command: str,
    what: Numbered,
    run: Runner,
    usage: str,
    *,
    min_args: int = 1,
    not_found: str | None = None,
    **usage_params: object,
) -> Callable[[Update, AppContext], Coroutine[Any, Any, None]]:
    """A command that starts with "#N": parse it, find it, then run; `run` is also what a
    press of the which-group buttons runs."""

    async def handler(update: Update, context: AppContext) -> None:
        args = context.args or []
        try:
            if len(args) < min_args:
                raise DomainError(usage, **usage_params)
            number = typed_number(args, usage, **usage_params)
            item_id = await resolve(
                update, context, what, number, command, args[1:], run, not_found=not_found
            )
        except DomainError as exc:
            await reply_error(update, exc)
            return
        if item_id is not None:
            await run(update, context, item_id, args[1:])

    # Registered by its feature (handlers.dispatch lists it there): it says so.
    handler.__module__ = getattr(getattr(run, "func", run), "__module__", __name__)
    handler.__qualname__ = handler.__name__ = command
    return handler


async def on_pick(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = callback_data.parse_number_pick(query.data)
    if parsed is None:
        await answer_forged(update)
        return
    command, item_id = parsed
    pick = pending(context, NumberPick)
    message_id = query.message.message_id if query.message is not None else None
    if pick is None or pick.command != command or pick.message_id != message_id:
        # Lapsed, left, or the buttons of an older command: its arguments are gone.
        await query.answer(t("number.pick_gone", lang_of(update)), show_alert=True)
        return
    if item_id not in pick.offered:
        await answer_forged(update)
        return
    close(context, pick)
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)  # spent: one press carries it out
    except BadRequest as exc:
        log.info("could not take the which-group buttons off: %s", exc.message)
    # The runner checks the sender's right to this lesson or event, as for a typed one.
    await pick.run(update, context, item_id, list(pick.rest))


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.NUMBER_PICK_PATTERN), group)
