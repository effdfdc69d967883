"""The secretary sends a recording in private chat; it comes back as a queued lesson."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageOriginUser,
    Update,
    User,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.audio.formats import looks_like_media  # the pipeline's own list of formats
from bot.core.errors import DomainError
from bot.core.formatting import duration, local_slot
from bot.core.i18n import Lang, t
from bot.lessons.intake import BOT_DOWNLOAD_LIMIT
from bot.lessons.views import LessonView, clean_title
from bot.telegram import callback_data
from bot.telegram.callback_data import LessonAction
from bot.telegram.context import AppContext, AppType
from handlers.common import (
    answer_error,
    answer_forged,
    lang_of,
    member_status,
    reply,
    reply_error,
    user_info,
)
from handlers.prompts import Prompt, ask, cancel_markup, close, pending

log = logging.getLogger(__name__)

MEDIA = filters.VOICE | filters.AUDIO | filters.Document.ALL | filters.VIDEO | filters.VIDEO_NOTE


@dataclass(frozen=True)
class Upload:
    file_id: str
    file_unique_id: str
    file_size: int | None
    suffix: str
    caption: str | None
    is_document: bool
    mime_type: str | None
    file_name: str | None


@dataclass(frozen=True)
class GroupPick(Prompt):
    """A secretary of several groups sent a recording: which group is it for? A button
    answers (on_pick), never a message."""

    upload: Upload
    kind: ClassVar[str] = "group_pick"

    def accepts(self, message: Message) -> bool:
        return False

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        return None  # never called: accepts no message


def _forwarded_from_bot(message: Message, bot_id: int) -> bool:
    origin = message.forward_origin
    return isinstance(origin, MessageOriginUser) and origin.sender_user.id == bot_id


def upload_of(message: Message) -> Upload | None:
    caption = message.caption
    if message.voice:
        voice = message.voice
        return Upload(
            voice.file_id,
            voice.file_unique_id,
            voice.file_size,
            ".ogg",
            caption,
            False,
            voice.mime_type,
            None,
        )
    if message.audio:
        audio = message.audio
        suffix = Path(audio.file_name or "").suffix or ".audio"
        return Upload(
            audio.file_id,
            audio.file_unique_id,
            audio.file_size,
            suffix,
            caption,
            False,
            audio.mime_type,
            audio.file_name,
        )
    if message.video_note:
        video_note = message.video_note
        return Upload(
            video_note.file_id,
            video_note.file_unique_id,
            video_note.file_size,
            ".mp4",
            caption,
            False,
            None,
            None,
        )
    if message.video:
        video = message.video
        return Upload(
            video.file_id,
            video.file_unique_id,
            video.file_size,
            ".mp4",
            caption,
            False,
            video.mime_type,
            video.file_name,
        )
    if message.document:
        document = message.document
        suffix = Path(document.file_name or "").suffix or ".bin"
        return Upload(
            document.file_id,
            document.file_unique_id,
            document.file_size,
            suffix,
            caption,
            True,
            document.mime_type,
            document.file_name,
        )
    return None


def _lesson_button(label: str, action: LessonAction, n: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback_data.lesson_action(action, n))


def lesson_buttons(n: int, lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _lesson_button(t("button.send_now", lang), LessonAction.SEND_NOW, n),
                _lesson_button(t("button.other_time", lang), LessonAction.RESCHEDULE, n),
            ],
            [
                _lesson_button(t("button.rename", lang), LessonAction.RENAME, n),
                _lesson_button(t("button.cancel", lang), LessonAction.CANCEL, n),
            ],
        ]
    )


def preview_caption(view: LessonView, lang: Lang) -> str:
    return t(
        "intake.preview",
        lang,
        n=view.number,
        title=view.title,
        group=view.group_title,
        duration=duration(view.duration, lang),
        slot=local_slot(view.slot_at, view.timezone, lang),
    )


async def _secretary_groups(context: AppContext, user: User) -> list[tuple[int, str]]:
    services = context.services
    groups = await services.lessons.secretary_groups(user.id)
    if not groups and await services.presence.probe(
        user_info(user), lambda chat_id, user_id: member_status(context, chat_id, user_id)
    ):
        # The database did not know this person as an admin; Telegram was asked: look again.
        groups = await services.lessons.secretary_groups(user.id)
    return [(g.id, g.title) for g in groups]


async def on_media(update: Update, context: AppContext) -> None:
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    upload = upload_of(message)
    if upload is None:
        return
    if _forwarded_from_bot(message, context.bot.id):
        # A lesson the bot sent, forwarded back: uploading it would queue it a second time.
        await reply(update, "intake.forwarded_lesson")
        return
    await take_upload(update, context, upload)


async def take_upload(update: Update, context: AppContext, upload: Upload) -> None:
    """A recording the sender meant as a lesson (sent so, or chosen as such when asked)."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    await context.services.members.touch(user_info(sender))
    try:
        groups = await _secretary_groups(context, sender)
    except DomainError as exc:  # Telegram could not be asked who runs the groups
        await reply_error(update, exc)
        return
    if not groups:
        await reply(update, "intake.not_secretary")
        return
    try:
        if upload.is_document and not looks_like_media(upload.mime_type, upload.file_name):
            raise DomainError("intake.not_audio")
        if upload.file_size is not None and upload.file_size > BOT_DOWNLOAD_LIMIT:
            raise DomainError("intake.too_big")
        if upload.caption:
            clean_title(upload.caption)
    except DomainError as exc:
        await reply_error(update, exc)
        return
    if len(groups) > 1:
        ask(context, GroupPick(upload))
        lang = lang_of(update)
        rows: list[Sequence[InlineKeyboardButton]] = [
            [InlineKeyboardButton(title, callback_data=callback_data.pick_group(gid))]
            for gid, title in groups
        ]
        rows += cancel_markup(GroupPick, lang).inline_keyboard
        await message.reply_text(
            t("intake.pick_group", lang), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    await _ingest(update, context, upload, groups[0][0])


async def on_pick(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    pick = pending(context, GroupPick)
    group_id = callback_data.parse_pick_group(query.data)
    if group_id is None:
        await answer_forged(update)
        return
    try:
        allowed = {gid for gid, _ in await _secretary_groups(context, sender)}
    except DomainError as exc:
        await answer_error(update, exc)
        return
    if pick is None or group_id not in allowed:
        await answer_error(update, DomainError("intake.pick_expired"))
        return
    close(context, pick)
    upload = pick.upload
    await query.answer()
    if query.message is not None:
        await query.edit_message_reply_markup(None)
    await _ingest(update, context, upload, group_id)


async def _ingest(update: Update, context: AppContext, upload: Upload, group_id: int) -> None:
    sender = update.effective_user
    chat = update.effective_chat
    if sender is None or chat is None:
        return
    lang = lang_of(update)
    intake = context.services.intake
    await context.bot.send_message(chat.id, t("intake.processing", lang))
    path = intake.new_download_path(upload.suffix)
    try:
        tg_file = await context.bot.get_file(upload.file_id)
        await tg_file.download_to_drive(path)
    except BadRequest as exc:
        path.unlink(missing_ok=True)
        key = "intake.too_big" if "too big" in exc.message.lower() else "intake.download_failed"
        log.info("download of %s refused: %s", upload.file_unique_id, exc.message)
        await context.bot.send_message(chat.id, t(key, lang))
        return
    except TelegramError as exc:
        path.unlink(missing_ok=True)
        log.warning("download of %s failed: %s", upload.file_unique_id, exc.message)
        await context.bot.send_message(chat.id, t("intake.download_failed", lang))
        return

    async def queued(ahead: int) -> None:
        await context.bot.send_message(chat.id, t("intake.queued", lang, ahead=ahead))

    try:
        view = await intake.ingest(
            group_id=group_id,
            author_id=sender.id,
            title=upload.caption,
            source=path,
            source_file_unique_id=upload.file_unique_id,
            on_queued=queued,
        )
    except DomainError as exc:
        await reply_error(update, exc)
        return
    await send_preview(context, chat.id, view, lang)


async def send_preview(context: AppContext, chat_id: int, view: LessonView, lang: Lang) -> None:
    """The processed voice note, its #N, title, length and slot, with the queue buttons."""
    caption = preview_caption(view, lang)
    voice: str | InputFile
    if view.voice_file_id:
        voice = view.voice_file_id
    else:
        data = await asyncio.to_thread(Path(view.audio_path).read_bytes)
        voice = InputFile(data, filename=f"lesson-{view.id}.ogg")
    sent = await context.bot.send_voice(
        chat_id,
        voice,
        caption=caption,
        duration=max(1, round(view.duration)),
        reply_markup=lesson_buttons(view.id, lang),
    )
    if sent.voice is not None and not view.voice_file_id:
        # The preview's upload is the lesson's one upload; the broadcast reuses its file_id.
        await context.services.lessons.set_voice_file_id(view.id, sent.voice.file_id)


def register(app: AppType, group: int) -> None:
    # An edited caption is not a new upload.
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & MEDIA, on_media),
        group,
    )
    app.add_handler(CallbackQueryHandler(on_pick, pattern=callback_data.PICK_PATTERN), group)
