"""The lesson as a message: its caption, its deep link and its buttons, the same wherever it
goes (the group, a private copy, the live count's edit, a reminder)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.core.formatting import local_day
from bot.core.i18n import Lang, t
from bot.delivery.plans import BroadcastPlan
from bot.telegram import callback_data
from bot.telegram.miniapp import MiniApp


def lesson_caption(plan: BroadcastPlan, lang: Lang, in_group: bool = False) -> str:
    """The caption names the note button the message carries (the group's is the link)."""
    day = local_day(plan.slot_at, plan.timezone, lang)
    key = "broadcast.caption_group" if in_group else "broadcast.caption"
    return t(key, lang, n=plan.number, title=plan.title, day=day)


def lesson_link(bot_username: str, lesson_id: int) -> str:
    """The deep link that opens a lesson in private chat."""
    return f"https://t.me/{bot_username}?start=l{lesson_id}"


def note_link(bot_username: str, lesson_id: int) -> str:
    """The deep link that asks, in private chat, for a study note on a lesson (handlers.start)."""
    return f"https://t.me/{bot_username}?start=n{lesson_id}"


def write_note_button(lesson_id: int, lang: Lang) -> InlineKeyboardButton:
    """Opens the note prompt for this lesson (handlers.note_prompt)."""
    return InlineKeyboardButton(
        t("button.write_note", lang), callback_data=callback_data.write_note(lesson_id)
    )


def lesson_markup(
    lesson_id: int,
    lang: Lang,
    bot_username: str | None,
    count: int | None = None,
    miniapp: MiniApp | None = None,
) -> InlineKeyboardMarkup:
    """First the "listened" button (with the live count in the group; 「✍️ 写心得」 beside it on a
    private copy), then the private link;
    then the player: the group's (bot_username given) by direct link, a private copy's by a
    web_app button."""
    label = t("button.listened_count", lang, count=count) if count else t("button.listened", lang)
    rows = [[InlineKeyboardButton(label, callback_data=callback_data.listen(lesson_id))]]
    if not bot_username:
        # A private copy: 「✍️ 写心得」 beside it (never first: the first button is the contract's
        # "listened" acknowledgement), so a note needs no reply gesture.
        rows[0].append(write_note_button(lesson_id, lang))
    if bot_username:
        rows.append(
            [
                InlineKeyboardButton(
                    t("button.open_private", lang), url=lesson_link(bot_username, lesson_id)
                )
            ]
        )
    if miniapp is not None:
        player = t("button.player", lang)
        if bot_username:
            link = miniapp.direct_link(bot_username, lesson_id)
            if link:
                rows.append([InlineKeyboardButton(player, url=link)])
        elif url := miniapp.player_url(lesson_id):
            rows.append([InlineKeyboardButton(player, web_app=WebAppInfo(url))])
    return InlineKeyboardMarkup(rows)
