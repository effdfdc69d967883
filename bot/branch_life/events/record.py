"""The 纪实表 (meeting record): who keeps it, its fields, photos and edit history."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.branch_life.events.base import EventBase, is_present
from bot.branch_life.events.roll import roll_of
from bot.branch_life.events.views import (
    MAX_MINUTES,
    Attendee,
    EventView,
    RecordEdit,
    RecordView,
)
from bot.core.errors import DomainError
from bot.core.vocabulary import CheckinMethod, ReplyStatus
from bot.core.when import fold
from bot.members.lookup import (
    MemberNotFound,
    Refusal,
    find_member,
    find_person,
    names_a_member,
)
from bot.members.people import Person, people_of
from storage.models import (
    BranchEvent,
    EventPhoto,
    EventRecordEdit,
    EventReply,
    Member,
)


class Record(EventBase):
    async def may_record(self, actor_id: int, event_id: int) -> EventView:
        """The group's admins, or the 记录人 they named while the 记录人 is still in the group:
        one who has left keeps no right to the record, though their name stays on it."""
        view = await self.get(event_id)
        if view is None:
            raise DomainError("event.not_found", n=event_id)
        async with self._db.reading() as s:
            recorder = await s.scalar(
                select(BranchEvent.recorder_id).where(BranchEvent.id == event_id)
            )
            if recorder == actor_id and await is_present(s, view.group_id, actor_id):
                return view
        return await self.authorize(actor_id, event_id)

    async def record(self, actor_id: int, event_id: int) -> RecordView:
        view = await self.may_record(actor_id, event_id)
        return await self._record(view)

    async def _record(self, view: EventView) -> RecordView:
        async with self._db.reading() as s:
            event = await s.get(BranchEvent, view.id)
            if event is None:  # pragma: no cover - events are never deleted
                raise DomainError("event.not_found", n=view.id)
            roll = await roll_of(s, view.group_id, [view.id])
            replies = {
                reply.user_id: reply
                for reply in (
                    await s.execute(select(EventReply).where(EventReply.event_id == view.id))
                ).scalars()
            }
            expected = roll.expected(event.starts_at, event.kind, event.kind_detail)
            present = []
            for signed in roll.signed_in(view.id):
                if signed.key == event.chair_key:
                    continue  # the 主持人 is present as such, however he was signed in
                name, fallback = roll.name(signed.key)
                by_name, by_fallback = roll.name(signed.by_user)
                present.append(
                    Attendee(
                        signed.key,
                        name,
                        signed.method,
                        signed.by_user,
                        by_name,
                        signed.reason,
                        signed.at,
                        fallback,
                        by_fallback,
                    )
                )
            if event.chair_key is not None:
                name, fallback = roll.name(event.chair_key)
                if event.chair_key not in roll.people:
                    name, fallback = event.chair or name, True
                chair = Attendee(
                    event.chair_key, name, CheckinMethod.CHAIR, name_is_fallback=fallback
                )
                present.insert(0, chair)
            came = {a.user_id for a in present}
            absent = []
            for person in expected:
                if person.key in came:
                    continue
                answer = replies.get(person.user_id) if person.user_id is not None else None
                absent.append(
                    Attendee(
                        person.key,
                        person.name,
                        reason=(answer.reason or "")
                        if answer is not None and answer.status == ReplyStatus.LEAVE
                        else None,
                        name_is_fallback=person.name_is_fallback,
                        answer=None if answer is None else answer.status,
                    )
                )
            photos = list(
                (
                    await s.execute(
                        select(EventPhoto.file_id)
                        .where(EventPhoto.event_id == view.id)
                        .order_by(EventPhoto.id)
                    )
                ).scalars()
            )
            edits = (
                await s.execute(
                    select(EventRecordEdit, Member)
                    .outerjoin(Member, Member.user_id == EventRecordEdit.edited_by)
                    .where(EventRecordEdit.event_id == view.id)
                    .order_by(EventRecordEdit.id)
                )
            ).all()
            history = []
            for edit, member in edits:
                # The roster's name for an editor it knows, else the Telegram name (marked).
                if edit.edited_by in roll.people or member is None:
                    by, fallback = roll.name(edit.edited_by)
                else:
                    by, fallback = member.display_name, True
                history.append(
                    RecordEdit(edit.field, edit.old, edit.new, by, edit.created_at, fallback)
                )
            return RecordView(
                view,
                len(expected),
                present,
                absent,
                event.minutes,
                event.minutes_voice,
                event.recorder,
                photos,
                self.editable_until(view),
                history,
                event.chair,
                [line.strip() for line in (event.agenda or "").splitlines() if line.strip()],
                event.guests,
            )

    async def edit_record(
        self, actor_id: int, event_id: int, field_name: str, value: str | None
    ) -> None:
        """Change the minutes (text or voice) or the 记录人 within the edit days; keep history.

        Only an admin names the 记录人: "@username", an id or a name on the roster (of one
        person with an account) makes that member the recorder, who may then write the minutes
        and add photos too; any other text is just a name. A name several people share is
        refused with their keys (`SeveralNamed`): the buttons ask which.
        """
        if field_name in ("recorder", "chair"):
            view = await self.authorize(actor_id, event_id)
        else:
            view = await self.may_record(actor_id, event_id)
        now = self._clock.now()
        if now > self.editable_until(view):
            raise DomainError(
                "event.record_locked", n=view.number, days=self._settings.record_edit_days
            )
        if field_name == "minutes" and value is not None and len(value) > MAX_MINUTES:
            raise DomainError("event.minutes_too_long", max=MAX_MINUTES)
        if field_name in ("recorder", "chair") and (not value or len(value) > 64):
            raise DomainError("event.bad_recorder")
        if field_name in ("agenda", "guests") and value is not None and len(value) > MAX_MINUTES:
            raise DomainError("event.minutes_too_long", max=MAX_MINUTES)
        async with self._db.transaction() as s:
            event = await s.get(BranchEvent, event_id)
            if event is None:  # pragma: no cover - checked by authorize
                raise DomainError("event.not_found", n=event_id)
            if field_name == "recorder" and value is not None:
                event.recorder_id, value = await _recorder(s, view.group_id, value)
            if field_name == "chair" and value is not None:
                # A person of the branch (counted present), else a guest's name as written.
                person = await _person(s, view.group_id, value)
                event.chair_key = None if person is None else person.key
                value = value if person is None else person.name
            old = getattr(event, field_name)
            if old == value:
                return
            setattr(event, field_name, value)
            s.add(
                EventRecordEdit(
                    event_id=event_id,
                    field=field_name,
                    old=old,
                    new=value,
                    edited_by=actor_id,
                    created_at=now,
                )
            )

    async def recorder_choices(self, actor_id: int, event_id: int) -> list[Person]:
        """The group's people a 记录人 may be picked from (an admin asks): current ones."""
        view = await self.authorize(actor_id, event_id)
        async with self._db.reading() as s:
            return [p for p in await people_of(s, view.group_id) if p.active]

    async def pick_recorder(self, actor_id: int, event_id: int, key: int) -> str:
        """The 记录人 picked from the list (a person's key); their name as recorded."""
        choices = {p.key: p for p in await self.recorder_choices(actor_id, event_id)}
        person = choices.get(key)
        if person is None:
            raise DomainError("event.unknown_member", who=str(key))
        # An account by its id: the same path (and history) as a typed 记录人; one without an
        # account is recorded by name.
        await self.edit_record(
            actor_id, event_id, "recorder", str(person.user_id) if person.user_id else person.name
        )
        return person.name

    async def add_photo(self, actor_id: int, event_id: int, file_id: str) -> int:
        view = await self.may_record(actor_id, event_id)
        now = self._clock.now()
        if now > self.editable_until(view):
            raise DomainError(
                "event.record_locked", n=view.number, days=self._settings.record_edit_days
            )
        async with self._db.transaction() as s:
            s.add(EventPhoto(event_id=event_id, file_id=file_id, added_by=actor_id, created_at=now))
            s.add(
                EventRecordEdit(
                    event_id=event_id,
                    field="photo",
                    old=None,
                    new=file_id,
                    edited_by=actor_id,
                    created_at=now,
                )
            )
            await s.flush()
            count = await s.scalar(select(func.count()).where(EventPhoto.event_id == event_id))
            return int(count or 0)


async def _person(s: AsyncSession, group_id: int, value: str) -> Person | None:
    try:
        return await find_person(s, group_id, value, unknown="event.unknown_member")
    except MemberNotFound as refused:
        if value.strip().startswith("@") or refused.refusal not in _A_NAME_AFTER_ALL:
            raise
        return None


# An id nobody in the group has: the 记录人 is then written down as typed.
_A_NAME_AFTER_ALL = (Refusal.UNKNOWN, Refusal.TOO_LONG, Refusal.NOT_IN_GROUP)


async def _recorder(s: AsyncSession, group_id: int, value: str) -> tuple[int | None, str]:
    """The account and the name a 记录人 names. An @username must be a member of the group; an
    id that is not one is taken as a name, as any other text would be. A name on the roster
    (or a member's Telegram name) is that person; a name nobody has is written as typed."""
    people = await people_of(s, group_id)
    if names_a_member(value):
        try:
            member = await find_member(s, group_id, value, unknown="event.unknown_member")
        except MemberNotFound as refused:
            if value.strip().startswith("@") or refused.refusal not in _A_NAME_AFTER_ALL:
                raise
            return None, value
        name = next((p.name for p in people if p.user_id == member.user_id), None)
        return member.user_id, name or member.display_name
    who = fold(value)
    named = [p for p in people if p.active and p.name == who]
    if len(named) > 1:
        raise SeveralNamed(who, [p.key for p in named])
    if named:
        return named[0].user_id, named[0].name
    return None, value


class SeveralNamed(DomainError):
    """A typed name several people of the group share: `keys` are theirs, to ask which."""

    def __init__(self, who: str, keys: list[int]) -> None:
        super().__init__("event.same_name", who=who)
        self.keys = keys
