"""/leave by buttons: 今天 · 明天 · 选日期 for the start, then the end, for oneself or (a
secretary) for a member chosen from a list. The typed /leave still works (handlers.membership).

Each step edits the one message; the leave is recorded only at the last press, through the
same service and checks as the typed form (a forged member or date is refused there).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core.errors import DomainError
from bot.core.formatting import day_ranges
from bot.core.i18n import Lang, t
from bot.core.when import full_day
from bot.members.leave import MAX_DAYS, MAX_DAYS_BACK
from bot.telegram import callback_data
from bot.telegram.callback_data import LeavePick
from bot.telegram.context import AppContext, AppType
from handlers.common import answer_error, answer_forged, lang_of, user_info
from handlers.date_picker import Row, month_rows, quick_rows

PAGE = 8
AHEAD = timedelta(days=365)


def _ymd(day: date) -> str:
    return f"{day:%Y%m%d}"


def _day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _bounds(pick: LeavePick, today: date) -> tuple[date, date]:
    if pick.end and pick.start is not None:
        start = _day(pick.start)
        return start, start + timedelta(days=MAX_DAYS - 1)
    return today - timedelta(days=MAX_DAYS_BACK), today + AHEAD


def _data(pick: LeavePick, action: str) -> str:
    return callback_data.leave_pick(replace(pick, action=action))


def _calendar(pick: LeavePick, year: int, month: int, today: date, lang: Lang) -> list[Row]:
    first, last = _bounds(pick, today)
    return month_rows(
        year,
        month,
        first,
        last,
        lang,
        lambda day: _data(pick, f"d{_ymd(day)}"),
        lambda y, m: _data(pick, f"m{y:04d}{m:02d}"),
    )


def start_markup(today: date, lang: Lang, *, member: int | None, secretary: bool) -> list[Row]:
    pick = LeavePick(member=member)
    rows = quick_rows(today, lang, lambda day: _data(pick, f"d{_ymd(day)}"), _data(pick, "c"))
    if secretary and member is None:
        button = InlineKeyboardButton(
            t("leave.for_member", lang), callback_data=callback_data.leave_pick(LeavePick(page=0))
        )
        rows.append([button])
    return rows


async def ask(update: Update, context: AppContext) -> None:
    """/leave without a date: the first choices (and, for a secretary, a member's leave)."""
    message, sender = update.effective_message, update.effective_user
    if message is None or sender is None:
        return
    lang = lang_of(update)
    service = context.services.leave
    secretary = bool(await service.pickable(sender.id))
    rows = start_markup(service.today(), lang, member=None, secretary=secretary)
    await message.reply_text(t("leave.pick_start", lang), reply_markup=InlineKeyboardMarkup(rows))


async def _edit(update: Update, text: str, rows: list[Row] | None) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(
            text, reply_markup=InlineKeyboardMarkup(rows) if rows is not None else None
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def on_press(update: Update, context: AppContext) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    pick = callback_data.parse_leave_pick(query.data)
    if pick is None:
        await answer_forged(update)
        return
    lang = lang_of(update)
    service = context.services.leave
    today = service.today()
    try:
        if pick.page is not None:
            await _members(update, context, sender.id, pick.page, lang)
        elif pick.action == "o":
            rows = start_markup(today, lang, member=pick.member, secretary=False)
            await _edit(update, t("leave.pick_start", lang), rows)
        elif pick.action == "c" or pick.action.startswith("m"):
            shown = _day(pick.start) if pick.end and pick.start else today
            shown_day = full_day(shown, lang)
            year, month = shown.year, shown.month
            if pick.action.startswith("m"):
                year, month = int(pick.action[1:5]), int(pick.action[5:7])
            text = t("leave.pick_end" if pick.end else "leave.pick_start", lang, day=shown_day)
            await _edit(update, text, _calendar(pick, year, month, today, lang))
        elif not pick.end:
            start = _day(pick.action[1:])
            end_pick = replace(pick, end=True, start=_ymd(start))
            rows = [
                [
                    InlineKeyboardButton(
                        t("leave.only_this_day", lang),
                        callback_data=_data(end_pick, f"d{_ymd(start)}"),
                    )
                ]
            ]
            rows += _calendar(end_pick, start.year, start.month, today, lang)
            await _edit(update, t("leave.pick_end", lang, day=full_day(start, lang)), rows)
        else:
            await _record(update, context, pick, lang)
            return
    except DomainError as exc:
        await answer_error(update, exc)
        return
    await query.answer()


async def _members(
    update: Update, context: AppContext, secretary: int, page: int, lang: Lang
) -> None:
    people = await context.services.leave.pickable(secretary)
    if not people:
        raise DomainError("leave.no_members")
    pages = max(1, -(-len(people) // PAGE))
    page = min(page, pages - 1)
    rows: list[Row] = [
        [
            InlineKeyboardButton(
                name, callback_data=callback_data.leave_pick(LeavePick(member=uid, action="o"))
            )
        ]
        for uid, name in people[page * PAGE : (page + 1) * PAGE]
    ]
    nav: Row = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(
                "◀", callback_data=callback_data.leave_pick(LeavePick(page=page - 1))
            )
        )
    if page + 1 < pages:
        nav.append(
            InlineKeyboardButton(
                "▶", callback_data=callback_data.leave_pick(LeavePick(page=page + 1))
            )
        )
    if nav:
        rows.append(nav)
    await _edit(update, t("leave.pick_member", lang), rows)


async def _record(update: Update, context: AppContext, pick: LeavePick, lang: Lang) -> None:
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None or pick.start is None:
        await answer_forged(update)
        return
    start, end = _day(pick.start), _day(pick.action[1:])
    target = str(pick.member) if pick.member is not None else None
    view = await context.services.leave.add(
        user_info(sender), [start.isoformat(), end.isoformat()], target
    )
    days = day_ranges([(view.start, view.end)], lang)
    if target is None:
        text = t("leave.done_self", lang, days=days)
    else:
        text = t("leave.done_other", lang, name=view.name, days=days)
    await _edit(update, text, None)
    await query.answer(text[:200])


async def on_noop(update: Update, context: AppContext) -> None:
    """A calendar's label or blank: nothing to do, but the press is answered."""
    if update.callback_query is not None:
        await update.callback_query.answer()


def register(app: AppType, group: int) -> None:
    app.add_handler(CallbackQueryHandler(on_press, pattern=callback_data.LEAVE_PICK_PATTERN), group)
    app.add_handler(CallbackQueryHandler(on_noop, pattern=callback_data.NOOP_PATTERN), group)
