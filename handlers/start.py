"""/start and /stop in private chat: subscribing to the morning push, and lesson links."""

from __future__ import annotations

import re
from datetime import timedelta

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.branch_life.signin_codes import parse_payload
from bot.engagement.evidence import Outcome
from bot.telegram.context import AppContext, AppType
from handlers.common import member_status, reply, user_info
from handlers.events import sign_in_link
from handlers.notes import remember_lesson

_LESSON_LINK = re.compile(r"^l(\d{1,9})$")


async def start(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    if context.args and parse_payload(context.args[0]) is not None:
        await sign_in_link(update, context)  # branch life: a sign-in QR code
        return
    user = user_info(update.effective_user)
    services = context.services
    match = _LESSON_LINK.match((context.args or [""])[0])
    link = match is not None
    result = await services.members.start(user, lesson_link=link)
    if not result.group_titles and await services.presence.probe(
        user, lambda chat_id, user_id: member_status(context, chat_id, user_id)
    ):
        # Not seen in any bound group yet, and Telegram was asked: look again.
        result = await services.members.start(user, lesson_link=link)
    await reply(update, "start.private", name=user.first_name)
    if result.stopped:
        await reply(update, "start.stopped")
    elif result.subscribed:
        await reply(update, "start.subscribed", groups="、".join(result.group_titles))
    else:
        await reply(update, "start.no_group")
    if match is not None:
        await _open_lesson(update, context, int(match.group(1)))


async def _open_lesson(update: Update, context: AppContext, lesson_id: int) -> None:
    """Opened from a lesson's link: their private copy (once), a private listen, a note hint."""
    services = context.services
    sender = update.effective_user
    if sender is None:
        return
    opened = await services.listens.open_private(lesson_id, user_info(sender))
    if opened is Outcome.GONE:
        await reply(update, "start.lesson_unknown", n=lesson_id)
        return
    if opened is Outcome.NOT_MEMBER:
        await reply(update, "start.lesson_not_member", n=lesson_id)
        return
    if not await services.broadcaster.private_copy(lesson_id, sender.id):
        await reply(update, "start.lesson_already", n=lesson_id)
    notes = services.settings.notes
    remember_lesson(
        context,
        lesson_id,
        services.clock.now() + timedelta(hours=notes.private_note_hours),
    )
    # Opened, not listened: nothing is counted until the ✅ press, a note or the player.
    await reply(update, "start.lesson_opened", n=lesson_id)


async def stop(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    was_on = await context.services.members.stop(user_info(update.effective_user))
    await reply(update, "stop.done" if was_on else "stop.already")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("stop", stop, filters=filters.ChatType.PRIVATE), group)
