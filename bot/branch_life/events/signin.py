"""Sign-in at the meeting: the QR code's rotating code, proxy and late sign-in."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.branch_life.events.base import EventBase, is_present
from bot.branch_life.events.views import (
    MAX_REASON,
    CheckinResult,
    EventView,
    event_view,
)
from bot.core.errors import DomainError
from bot.core.vocabulary import CheckinMethod
from bot.members.lookup import find_member
from storage.models import (
    BranchEvent,
    EventCheckin,
    Group,
)
from storage.repositories import (
    UserInfo,
    dialect_insert,
    upsert_member,
)


class Signin(EventBase):
    async def open_signin(self, actor_id: int, event_id: int) -> EventView:
        view = await self.authorize(actor_id, event_id)
        if not self.signin_open(view, self._clock.now()):
            raise DomainError(
                "event.signin_closed",
                n=event_id,
                before=self._settings.signin_open_minutes,
            )
        return view

    async def set_qr_message(
        self, event_id: int, chat_id: int | None, message_id: int | None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(
                update(BranchEvent)
                .where(BranchEvent.id == event_id)
                .values(qr_chat_id=chat_id, qr_message_id=message_id)
            )

    async def qr_messages(self) -> list[tuple[EventView, int, int]]:
        """Sign-in QR messages on show: (event, chat, message)."""
        async with self._db.reading() as s:
            rows = await s.execute(
                select(BranchEvent, Group)
                .join(Group, Group.id == BranchEvent.group_id)
                .where(BranchEvent.qr_message_id.is_not(None))
                .order_by(BranchEvent.id)
            )
            return [
                (event_view(e, g), int(e.qr_chat_id or 0), int(e.qr_message_id or 0))
                for e, g in rows.all()
            ]

    async def check_in(self, event_id: int, code: str, user: UserInfo) -> CheckinResult:
        """A scanned link. Membership is asked first: to anyone outside the event's group an
        event that exists answers exactly as one that does not ("unavailable"), so a link
        tells a stranger neither the title nor whether the id is in use."""
        now = self._clock.now()
        view = await self.get(event_id)
        async with self._db.transaction() as s:
            await upsert_member(s, user, now)
            if view is None or not await is_present(s, view.group_id, user.user_id):
                return CheckinResult("unavailable")
            if not self.signin_open(view, now):
                return CheckinResult("closed", view)
            if not self.codes.valid(event_id, code, now):
                return CheckinResult("expired", view)
            done = await s.execute(
                dialect_insert(s, EventCheckin)
                .values(
                    event_id=event_id,
                    user_id=user.user_id,
                    method=CheckinMethod.QR,
                    by_user=user.user_id,
                    reason=None,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
            )
            return CheckinResult("ok" if done.rowcount else "already", view)  # type: ignore[attr-defined]

    async def sign_for(
        self, actor_id: int, event_id: int, who: str, reason: str, method: str
    ) -> tuple[EventView, str]:
        """代签 (during sign-in) or 补签 (after the start, while the record is editable)."""
        view = await self.authorize(actor_id, event_id)
        now = self._clock.now()
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DomainError("event.bad_reason", max=MAX_REASON)
        if method == CheckinMethod.PROXY and not self.signin_open(view, now):
            raise DomainError("event.proxy_closed", n=event_id)
        if method == CheckinMethod.LATE and not (
            view.starts_at <= now <= self.editable_until(view)
        ):
            raise DomainError("event.late_closed", n=event_id, days=self._settings.record_edit_days)
        async with self._db.transaction() as s:
            member = await find_member(s, view.group_id, who, unknown="event.unknown_member")
            done = await s.execute(
                dialect_insert(s, EventCheckin)
                .values(
                    event_id=event_id,
                    user_id=member.user_id,
                    method=method,
                    by_user=actor_id,
                    reason=reason,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
            )
            if not done.rowcount:  # type: ignore[attr-defined]
                raise DomainError("event.already_signed", name=member.display_name)
            return view, member.display_name

    # -- the 纪实表
