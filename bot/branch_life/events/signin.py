"""Sign-in at the meeting: the QR code's rotating code, proxy and late sign-in."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.branch_life.events.base import EventBase, is_present
from bot.branch_life.events.roll import roll_of
from bot.branch_life.events.views import (
    MAX_REASON,
    CheckinResult,
    EventView,
    event_view,
)
from bot.core.errors import DomainError
from bot.core.vocabulary import CheckinMethod
from bot.members.lookup import find_person
from bot.members.people import Person
from storage.models import (
    BranchEvent,
    EventCheckin,
    EventRosterCheckin,
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
                n=view.number,
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

    def _check_window(self, view: EventView, method: str) -> None:
        now = self._clock.now()
        if method == CheckinMethod.PROXY and not self.signin_open(view, now):
            raise DomainError("event.proxy_closed", n=view.number)
        if method == CheckinMethod.LATE and not (
            view.starts_at <= now <= self.editable_until(view)
        ):
            raise DomainError(
                "event.late_closed", n=view.number, days=self._settings.record_edit_days
            )

    async def unsigned(self, actor_id: int, event_id: int, method: str) -> list[Person]:
        """For the 代签 / 补签 buttons: the expected people not yet signed in, roster first."""
        view = await self.authorize(actor_id, event_id)
        self._check_window(view, method)
        async with self._db.reading() as s:
            roll = await roll_of(s, view.group_id, [event_id])
        return [
            p
            for p in roll.expected(view.starts_at, view.kind, view.kind_detail)
            if (event_id, p.key) not in roll.checkins
        ]

    async def sign_for(
        self, actor_id: int, event_id: int, who: str | int, reason: str, method: str
    ) -> tuple[EventView, Person]:
        """代签 (during sign-in) or 补签 (after the start, while the record is editable).

        `who` is what was typed (@username, id or a roster name), or a person's key from a
        button. A roster member without an account is signed in by their entry."""
        view = await self.authorize(actor_id, event_id)
        now = self._clock.now()
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise DomainError("event.bad_reason", max=MAX_REASON)
        self._check_window(view, method)
        async with self._db.transaction() as s:
            roll = await roll_of(s, view.group_id, [event_id])
            if isinstance(who, int):
                person = next(
                    (
                        p
                        for p in roll.expected(view.starts_at, view.kind, view.kind_detail)
                        if p.key == who
                    ),
                    None,
                )
                if person is None:
                    raise DomainError("button.forged")
            else:
                person = await find_person(s, view.group_id, who, unknown="event.unknown_member")
            if (event_id, person.key) in roll.checkins:
                raise DomainError("event.already_signed", name=person.name)
            values = {
                "event_id": event_id,
                "method": method,
                "by_user": actor_id,
                "reason": reason,
                "created_at": now,
            }
            if person.user_id is not None:
                done = await s.execute(
                    dialect_insert(s, EventCheckin)
                    .values(user_id=person.user_id, **values)
                    .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
                )
            else:
                done = await s.execute(
                    dialect_insert(s, EventRosterCheckin)
                    .values(entry_id=person.entry_id, **values)
                    .on_conflict_do_nothing(index_elements=["event_id", "entry_id"])
                )
            if not done.rowcount:  # type: ignore[attr-defined]
                raise DomainError("event.already_signed", name=person.name)
            return view, person

    # -- the 纪实表
