"""/start and /stop in private chat: subscribing to the morning push, and lesson links."""

from __future__ import annotations

import re
from datetime import timedelta

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.branch_life.signin_codes import parse_payload
from bot.core.i18n import t
from bot.engagement.evidence import Outcome
from bot.members.members import UserInfo
from bot.telegram.context import AppContext, AppType
from handlers.common import lang_of, member_status, reply, user_info
from handlers.events import sign_in_link
from handlers.keyboard import reply_keyed
from handlers.note_prompt import note_payload, open_note_link
from handlers.notes import remember_lesson
from handlers.numbered import lesson_number
from handlers.roster_claims import ask_claims

_LESSON_LINK = re.compile(r"^l(\d{1,9})$")
_GROUP_LINK = re.compile(r"^g(\d{1,9})$")  # the group's 「点此开通私聊推送」 button (/bind)


async def start(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    if context.args and parse_payload(context.args[0]) is not None:
        await sign_in_link(update, context)  # branch life: a sign-in QR code
        return
    if context.args and (note_on := note_payload(context.args[0])) is not None:
        await open_note_link(
            update, context, note_on
        )  # 「✍️ 写心得」 from the player: the question only
        return
    user = user_info(update.effective_user)
    services = context.services
    payload = (context.args or [""])[0]
    match = _LESSON_LINK.match(payload)
    link = match is not None
    tapped = await _tapped_group(context, user, payload)
    result = await services.members.start(user, lesson_link=link)
    greet = result.greet  # decided by the first read: a second one sees it given
    if not result.group_titles and await services.presence.probe(
        user, lambda chat_id, user_id: member_status(context, chat_id, user_id)
    ):
        # Not seen in any bound group yet, and Telegram was asked: look again.
        result = await services.members.start(user, lesson_link=link)
    if match is not None:
        # A lesson's link: the lesson and one line, no greeting.
        await _open_lesson(update, context, int(match.group(1)))
        return
    if greet:
        await reply(update, "start.private", name=user.first_name)
        if await services.secretaries.recorded_admin(user.user_id):
            await services.menus.refresh([user.user_id])  # could not be set before his start
    lang = lang_of(update)
    # The last line carries the private keyboard (handlers.keyboard): no commands to remember.
    if tapped is not None and (tapped[1] or tapped[0] in result.group_titles):
        # Confirmed by Telegram now, or known in the group already (a /join since).
        line = t("start.subscribed", lang, groups=tapped[0])
    elif tapped is not None:
        line = t("start.group_unconfirmed", lang, group=tapped[0])
    elif result.subscribed:
        line = t("start.subscribed", lang, groups="、".join(result.group_titles))
    else:
        line = t("start.no_group", lang)
    await reply_keyed(update, context, line)
    if result.group_titles and update.effective_chat is not None:
        # In a group whose roster has their name unlinked: ask which one they are.
        await ask_claims(context, update.effective_chat.id, user.user_id, lang_of(update))


async def _tapped_group(
    context: AppContext, user: UserInfo, payload: str
) -> tuple[str, bool] | None:
    """The group whose button was tapped (`/start g<N>`), and whether Telegram confirms the
    person is in it (then recorded present, so the start subscribes them); None otherwise.

    The link is public: membership is asked of Telegram, never taken from the payload."""
    found = _GROUP_LINK.match(payload)
    if found is None:
        return None
    group_id = int(found.group(1))
    group = next((g for g in await context.services.groups.bound() if g.id == group_id), None)
    if group is None:
        return None
    present = await context.services.presence.in_group(
        group.chat_id, user, lambda chat_id, user_id: member_status(context, chat_id, user_id)
    )
    return group.title, present


async def _open_lesson(update: Update, context: AppContext, lesson_id: int) -> None:
    """Opened from a lesson's link: their private copy (once), a private listen, and one line
    (what it earned and how to write a note)."""
    services = context.services
    sender = update.effective_user
    if sender is None:
        return
    opened = await services.listens.open_private(lesson_id, user_info(sender))
    if opened is Outcome.GONE:
        await reply(update, "start.lesson_unknown")
        return
    if opened is Outcome.NOT_MEMBER:
        await reply(update, "start.lesson_not_member", n=await lesson_number(context, lesson_id))
        return
    # Their private copy, unless they have it already (then it is above the one line).
    await services.broadcaster.private_copy(lesson_id, sender.id)
    notes = services.settings.notes
    remember_lesson(
        context,
        lesson_id,
        services.clock.now() + timedelta(hours=notes.private_note_hours),
    )
    # Opened, not listened: nothing is counted until the ✅ press, a note or the player.
    await reply(update, "start.lesson_opened", n=await lesson_number(context, lesson_id))


async def stop(update: Update, context: AppContext) -> None:
    if update.effective_user is None:
        return
    was_on = await context.services.members.stop(user_info(update.effective_user))
    await reply(update, "stop.done" if was_on else "stop.already")


def register(app: AppType, group: int) -> None:
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE), group)
    app.add_handler(CommandHandler("stop", stop, filters=filters.ChatType.PRIVATE), group)
