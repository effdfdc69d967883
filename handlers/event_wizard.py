"""/event step by step, in private chat: the group (for a secretary of several), the type by
buttons, the date by the calendar, the
time by buttons of common times (or typed: "14：30", "下午2点半"), the title as free text
with spaces (a ForceReply), the place or 「跳过」 (pressed or typed). The one-line /event
stays (handlers.events).

The draft is one prompt (handlers.prompts): it expires, ❌ or typed 取消 leaves it, and a
reply to a lesson is never taken. A step may be typed instead of pressed, read as forgivingly
as the one-line form. Nothing is stored until the last step, through the same service and
checks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import ClassVar
from zoneinfo import ZoneInfo

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.branch_life.events.kinds import match_kind
from bot.branch_life.events.views import MAX_DAYS_AHEAD
from bot.core.errors import DomainError
from bot.core.i18n import Lang, t
from bot.core.scoring import lesson_day
from bot.core.vocabulary import EventKind
from bot.core.when import full_day, parse_day, parse_time
from bot.telegram import callback_data
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, reply, reply_error
from handlers.date_picker import Row, month_rows, quick_rows
from handlers.prompts import (
    Prompt,
    ask,
    cancel_markup,
    close,
    pending,
    question_markup,
    typed_question,
    typed_word,
)
from storage.models import Group

KINDS = list(EventKind)
# Typed at the place step (alone, any width or case), these are the 跳过 button.
SKIP_WORDS = frozenset({"跳过", "skip"})
# The times a branch's activities usually start at; any other is typed.
COMMON_TIMES = ("08:30", "09:00", "10:00", "14:00", "14:30", "15:00", "16:00", "19:00")


@dataclass(frozen=True)
class EventDraft(Prompt):
    """The event so far; the first part still missing is the step asked."""

    # A secretary of several groups picks one first (its chat id); None: the one they run.
    group_chat: int | None = None
    needs_group: bool = False
    kind_name: str | None = None
    day: date | None = None
    clock: time | None = None
    title: str | None = None
    kind: ClassVar[str] = "event_draft"

    async def answer(self, update: Update, context: AppContext, message: Message) -> None:
        text = message.text or ""
        try:
            if self.needs_group and self.group_chat is None:
                raise DomainError("event.wizard_group")  # the group is pressed, not typed
            if self.kind_name is None:
                matched = match_kind(text)
                if matched is None:
                    raise DomainError("event.bad_kind", kinds="、".join(EventKind))
                name = matched.kind.value
                if matched.detail is not None:  # 党小组会（第一党小组）, 其他（读书会）
                    name = f"{name}（{matched.detail}）"
                await _next(update, context, self, replace(self, kind_name=name))
            elif self.day is None:
                today = _today(context)
                day = parse_day(text, today)
                await _next(update, context, self, replace(self, day=day))
            elif self.clock is None:
                await _next(update, context, self, replace(self, clock=parse_time(text)))
            elif self.title is None:
                await _next(update, context, self, replace(self, title=text.strip()))
            else:
                skipped = typed_word(text) in SKIP_WORDS
                await _finish(update, context, self, "" if skipped else text.strip())
        except DomainError as exc:
            await reply_error(update, exc)  # still open: the step may be typed again


def _today(context: AppContext) -> date:
    services = context.services
    return lesson_day(services.clock.now(), services.settings.schedule.timezone)


def _with_cancel(rows: list[Row], lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([*rows, *cancel_markup(EventDraft, lang).inline_keyboard])


def _data(step: str) -> str:
    return callback_data.event_draft(step)


def _step(
    draft: EventDraft, today: date, lang: Lang, groups: list[Group]
) -> tuple[str, InlineKeyboardMarkup | ForceReply]:
    """The question for the first missing part, and its buttons."""
    if draft.needs_group and draft.group_chat is None:
        rows = [
            [InlineKeyboardButton(g.title or str(g.chat_id), callback_data=_data(f"g{g.id}"))]
            for g in groups
        ]
        return t("event.wizard_group", lang), _with_cancel(rows, lang)
    if draft.kind_name is None:
        rows = [
            [InlineKeyboardButton(k.value, callback_data=_data(f"k{i}"))]
            for i, k in enumerate(KINDS)
        ]
        return t("event.wizard_kind", lang), _with_cancel(rows, lang)
    if draft.day is None:
        rows = quick_rows(today, lang, lambda d: _data(f"d{d:%Y%m%d}"), _data("c"))
        return t("event.wizard_day", lang, kind=draft.kind_name), _with_cancel(rows, lang)
    if draft.clock is None:
        buttons = [
            InlineKeyboardButton(hm, callback_data=_data("t" + hm.replace(":", "")))
            for hm in COMMON_TIMES
        ]
        rows = [buttons[:4], buttons[4:]]
        return t("event.wizard_time", lang, day=full_day(draft.day, lang)), _with_cancel(rows, lang)
    if draft.title is None:
        return typed_question(t("event.wizard_title", lang), lang), question_markup(
            t("event.wizard_title_hint", lang)
        )
    rows = [[InlineKeyboardButton(t("event.wizard_skip", lang), callback_data=_data("skip"))]]
    return t("event.wizard_place", lang), _with_cancel(rows, lang)


async def _send_step(
    update: Update, context: AppContext, draft: EventDraft, groups: list[Group] | None = None
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    text, markup = _step(draft, _today(context), lang_of(update), groups or [])
    await context.bot.send_message(chat.id, text, reply_markup=markup)


def _check(context: AppContext, draft: EventDraft) -> None:
    """A day or start already past is refused at its step, not after the title is typed."""
    services = context.services
    if draft.day is not None and draft.day < _today(context):
        raise DomainError("event.in_past")
    if draft.day is not None and draft.clock is not None:
        zone = ZoneInfo(services.settings.schedule.timezone)
        if datetime.combine(draft.day, draft.clock, tzinfo=zone) <= services.clock.now():
            raise DomainError("event.in_past")


async def _next(update: Update, context: AppContext, old: EventDraft, new: EventDraft) -> None:
    _check(context, new)
    close(context, old)
    ask(context, new)
    await _send_step(update, context, new)


async def _finish(update: Update, context: AppContext, draft: EventDraft, place: str) -> None:
    # Imported here: handlers.events registers the one-line form and imports this module.
    from handlers.events import publish

    if draft.kind_name is None or draft.day is None or draft.clock is None or draft.title is None:
        return
    words = [draft.day.isoformat(), f"{draft.clock:%H:%M}", draft.kind_name, draft.title]
    if place:
        words.append(place)
    if await publish(update, context, words, draft.group_chat):
        close(context, draft)


async def start(update: Update, context: AppContext) -> None:
    """/event alone in private chat: the first step (the group, for a secretary of several)."""
    sender = update.effective_user
    if sender is None:
        return
    groups = await context.services.lessons.secretary_groups(sender.id)
    if not groups:
        await reply(update, "event.not_secretary")
        return
    draft = EventDraft(needs_group=len(groups) > 1)
    ask(context, draft)
    await _send_step(update, context, draft, groups)


async def on_press(update: Update, context: AppContext) -> None:
    query = update.callback_query
    if query is None:
        return
    step = callback_data.parse_event_draft(query.data)
    if step is None:
        await answer_forged(update)
        return
    lang = lang_of(update)
    draft = pending(context, EventDraft)
    if draft is None:
        await query.answer(t("event.wizard_gone", lang), show_alert=True)
        return
    today = _today(context)
    last = date.fromordinal(today.toordinal() + MAX_DAYS_AHEAD)
    if step == "c" or step.startswith("m"):
        year, month = (
            (int(step[1:5]), int(step[5:7])) if step.startswith("m") else (today.year, today.month)
        )
        rows = month_rows(
            year,
            month,
            today,
            last,
            lang,
            lambda d: _data(f"d{d:%Y%m%d}"),
            lambda y, m: _data(f"m{y:04d}{m:02d}"),
        )
        await query.edit_message_reply_markup(_with_cancel(rows, lang))
        await query.answer()
        return
    new: EventDraft | None = None
    if step.startswith("g") and draft.needs_group and draft.group_chat is None:
        # Theirs now, as Telegram says: a button is data anyone could send.
        chosen = [
            g.chat_id
            for g in await context.services.lessons.secretary_groups(query.from_user.id)
            if g.id == int(step[1:])
        ]
        if not chosen:
            await answer_error(update, DomainError("event.not_admin"))
            return
        new = replace(draft, group_chat=chosen[0])
    elif step.startswith("k") and draft.kind_name is None and int(step[1:]) < len(KINDS):
        new = replace(draft, kind_name=KINDS[int(step[1:])].value)
    elif step.startswith("d") and draft.kind_name is not None and draft.day is None:
        new = replace(draft, day=date(int(step[1:5]), int(step[5:7]), int(step[7:9])))
    elif step.startswith("t") and draft.day is not None and draft.clock is None:
        new = replace(draft, clock=time(int(step[1:3]), int(step[3:5])))
    elif not (step == "skip" and draft.title is not None):
        await query.answer(t("event.wizard_gone", lang), show_alert=True)  # an older step's
        return
    try:
        if new is not None:
            _check(context, new)
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    if new is not None:
        await _next(update, context, draft, new)
    else:
        await _finish(update, context, draft, "")


def register(app: AppType, group: int) -> None:
    app.add_handler(
        CallbackQueryHandler(on_press, pattern=callback_data.EVENT_DRAFT_PATTERN), group
    )
