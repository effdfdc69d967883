"""A typed "#N": the lesson or event it names, counted within the group.

In a group chat, N is that group's. In private, N is looked up in every group the sender
runs; when several have one, the sender picks by button and the command goes on with the
rest of what was typed (kept under one key of their user_data, as a prompt is).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.i18n import t
from bot.groups.numbers import Numbered, number_of
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_forged, is_group, lang_of, reply_error

# What the command does once it knows the lesson or event (its global id) and the rest of the
# typed arguments.
Runner = Callable[[Update, AppContext, int, list[str]], Awaitable[None]]

log = logging.getLogger(__name__)

PENDING_KEY = "numbered"
_NOT_FOUND = {Numbered.LESSON: "lesson.not_found", Numbered.EVENT: "event.not_found"}
# Nine digits at most: a number, never an integer the database cannot hold.
_NUMBER = re.compile(r"[#＃]?(\d{1,9})", re.ASCII)
_RUNNERS: dict[str, Runner] = {}


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


async def resolve(
    update: Update,
    context: AppContext,
    what: Numbered,
    number: int,
    command: str,
    rest: list[str],
    *,
    not_found: str | None = None,
) -> int | None:
    """The id of the sender's #N, or None when they were asked which group's."""
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
    context.user_store[PENDING_KEY] = (command, rest)
    rows = [
        [
            InlineKeyboardButton(
                t("number.pick_line", lang, group=m.group_title, n=m.number, title=m.title)[:64],
                callback_data=callback_data.number_pick(command, m.id),
            )
        ]
        for m in matches
    ]
    await message.reply_text(
        t("number.pick", lang, n=number), reply_markup=InlineKeyboardMarkup(rows)
    )
    return None


def runs(command: str, run: Runner) -> None:
    """What a press of the which-group buttons of this command runs."""
    _RUNNERS[command] = run


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
    runs(command, run)

    async def handler(update: Update, context: AppContext) -> None:
        args = context.args or []
        try:
            if len(args) < min_args:
                raise DomainError(usage, **usage_params)
            number = typed_number(args, usage, **usage_params)
            item_id = await resolve(
                update, context, what, number, command, args[1:], not_found=not_found
            )
        except DomainError as exc:
            await reply_error(update, exc)
            return
        if item_id is not None:
            await run(update, context, item_id, args[1:])

    # The command belongs to its feature's module (the dispatch table and logs say so).
    handler.__module__ = getattr(getattr(run, "func", run), "__module__", __name__)
    handler.__qualname__ = handler.__name__ = command
    return handler


async def on_pick(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = callback_data.parse_number_pick(query.data)
    held = context.user_store.get(PENDING_KEY)
    if parsed is None or parsed[0] not in _RUNNERS:
        await answer_forged(update)
        return
    command, item_id = parsed
    if not (isinstance(held, tuple) and held[0] == command):
        # Another command was typed since: this one's arguments are gone.
        await query.answer(t("number.pick_gone", lang_of(update)), show_alert=True)
        return
    del context.user_store[PENDING_KEY]
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)  # spent: one press carries it out
    except BadRequest as exc:
        log.info("could not take the which-group buttons off: %s", exc.message)
    # The runner checks the sender's right to this lesson or event, as for a typed one.
    await _RUNNERS[command](update, context, item_id, list(held[1]))


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.NUMBER_PICK_PATTERN), group)
