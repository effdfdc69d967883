"""Numbers a branch recognises: each lesson and each event is "#N" (第N期 / 第N次) counted
within its group, and a typed number is looked up in the groups the sender runs.

The global id stays internal (buttons, links, the ledger's lesson_id); people see and type
the group's number only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from bot.core.vocabulary import MemberStatus
from bot.groups.rights import Rights
from storage.db import Database
from storage.models import BranchEvent, Lesson
from storage.repositories import group_by_chat, groups_of_member


class Numbered(StrEnum):
    LESSON = "lesson"
    EVENT = "event"


@dataclass(frozen=True)
class NumberMatch:
    """One lesson or event a typed number may mean."""

    id: int
    number: int
    group_id: int
    group_title: str
    title: str


class Numbers:
    def __init__(self, db: Database, rights: Rights) -> None:
        self._db = db
        self._rights = rights

    async def find(
        self, what: Numbered, number: int, *, user_id: int, chat_id: int | None
    ) -> list[NumberMatch]:
        """In a group chat: that group's #N. In private: #N of the groups the user is in
        (unbound ones too: a held lesson is still its secretary's to move); where several
        have one, those of the groups they run. The services still decide who may act."""
        async with self._db.reading() as s:
            if chat_id is not None:
                group = await group_by_chat(s, chat_id)
                candidates = [group] if group is not None else []
            else:
                # Every group they were ever in: one who left hears "not yours", not "no such".
                candidates = await groups_of_member(
                    s, user_id, tuple(MemberStatus), bound_only=False
                )
            if not candidates:
                return []
            model: type[Lesson] | type[BranchEvent] = (
                Lesson if what == Numbered.LESSON else BranchEvent
            )
            groups = {g.id: g for g in candidates}
            rows = await s.execute(
                select(model.id, model.number, model.group_id, model.title)
                .where(model.group_id.in_(groups), model.number == number)
                .order_by(model.group_id)
            )
            found = [
                NumberMatch(id_, n, group_id, groups[group_id].title, title)
                for id_, n, group_id, title in rows
            ]
        if len(found) > 1:
            # A 记录人 writes in a group they do not run; a secretary means a group they run.
            chats = [groups[m.group_id].chat_id for m in found]
            runs = set(await self._rights.admin_of(chats, user_id))
            theirs = [m for m in found if groups[m.group_id].chat_id in runs]
            found = theirs or found
        return found


async def number_of(db: Database, what: Numbered, item_id: int) -> int | None:
    """The group's number of a lesson or event known by its id (None if there is none)."""
    model: type[Lesson] | type[BranchEvent] = Lesson if what == Numbered.LESSON else BranchEvent
    async with db.reading() as s:
        return await s.scalar(select(model.number).where(model.id == item_id))


__all__ = ["NumberMatch", "Numbered", "Numbers", "number_of"]
