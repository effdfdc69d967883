"""Finding a member from what someone typed: "@username" or a numeric Telegram id.

Every command that names a member (/leave, /birthday, /signfor, /latesign, the 记录人 of
/record) goes through `find_member`, so they all read a name the same way:

- "@username": Telegram usernames are ASCII letters, digits and "_" (at most 32), matched
  without regard to case. Usernames change hands, and the bot learns of a change only when
  the person next shows up: when two stored members have held the same username, the one
  seen last (the newest `updated_at`, refreshed on every sign of life) is taken as its holder
  now. Two seen at the same instant cannot be told apart: refused as ambiguous, never
  settled by whichever row happens to come first.
- a numeric id: ASCII digits 0-9 only, at most 16 of them (Telegram ids fit in 52 bits; no
  64-bit column holds a longer number). Python's `str.isdigit()` says yes to "²", "６" or
  "٦": such text is refused with its own message, never passed to `int()` nor looked up.
- with a group (`group_id`), the member found must be present in it. A username's newest
  holder outside the group is refused, not swapped for an older holder inside it.

- a name on the group's roster (花名册), exactly as written there: the third form, only
  within a group (`find_person`), so that a member without Telegram can be named too. Two
  current entries with the same name are refused as ambiguous (the buttons tell them apart).
"""

from __future__ import annotations

import re
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import DomainError
from bot.core.text_limits import clip
from bot.core.vocabulary import PRESENT_STATUSES, RosterStanding
from bot.members.people import Person, people_of
from storage.models import Member, Membership

# Telegram user ids fit in 52 bits (16 digits); longer is nobody, and no 64-bit column holds it.
MAX_USER_ID_DIGITS = 16
# An @username has at most 32 characters: more is a typo, echoed shortened.
ECHO_LIMIT = 40

_USERNAME = re.compile(r"[A-Za-z0-9_]{1,32}")
_ASCII_DIGITS = re.compile(r"[0-9]+")


class Refusal(StrEnum):
    NOT_A_NAME = "not_a_name"  # neither "@username" nor digits: the command's usage applies
    BAD_DIGITS = "bad_digits"  # digits, but not only 0-9 ("²", full-width or Arabic-Indic)
    TOO_LONG = "too_long"  # more digits than any Telegram id has
    UNKNOWN = "unknown"  # no stored member has that username or id
    AMBIGUOUS = "ambiguous"  # two members last seen holding the username at the same instant
    NOT_IN_GROUP = "not_in_group"  # found, but not present in the group asked about


class MemberNotFound(DomainError):
    """The text names no member that can be used; `refusal` says why, `key` what to tell."""

    def __init__(self, refusal: Refusal, key: str, who: str) -> None:
        super().__init__(key, who=clip(who, ECHO_LIMIT))
        self.refusal = refusal


def names_a_member(text: str) -> bool:
    """Whether an argument is meant to name a member rather than be something else (a date, a
    plain name). Any digits count, so that "²" reaches `find_member` and its clear refusal."""
    text = text.strip()
    return text.startswith("@") or text.isdigit()


async def find_member(
    s: AsyncSession,
    group_id: int | None,
    text: str,
    *,
    unknown: str,
    usage: str | None = None,
) -> Member:
    """The member `text` names ("@username" or an id), present in `group_id` when one is given.

    Refusals raise `MemberNotFound`: with the caller's `unknown` text when there is nobody to
    use (unknown, too long, not in the group), its `usage` text (default `unknown`) when the
    text is not a name at all, and the members' own texts for bad digits and ambiguity.
    """
    who = text.strip()
    if who.startswith("@"):
        member = await _by_username(s, who)
    elif _ASCII_DIGITS.fullmatch(who):
        if len(who) > MAX_USER_ID_DIGITS:
            raise MemberNotFound(Refusal.TOO_LONG, unknown, who)
        member = await s.get(Member, int(who))
    elif who.isdigit():
        raise MemberNotFound(Refusal.BAD_DIGITS, "member.bad_digits", who)
    else:
        raise MemberNotFound(Refusal.NOT_A_NAME, usage or unknown, who)
    if member is None:
        raise MemberNotFound(Refusal.UNKNOWN, unknown, who)
    if group_id is not None and not await _present(s, group_id, member.user_id):
        raise MemberNotFound(Refusal.NOT_IN_GROUP, unknown, who)
    return member


async def _by_username(s: AsyncSession, who: str) -> Member | None:
    name = who[1:]
    if not _USERNAME.fullmatch(name):
        return None  # no Telegram username looks like this: nobody to look up
    holders = list(
        (
            await s.execute(
                select(Member)
                .where(func.lower(Member.username) == name.lower())
                .order_by(Member.updated_at.desc(), Member.user_id)
                .limit(2)
            )
        ).scalars()
    )
    if len(holders) == 2 and holders[0].updated_at == holders[1].updated_at:
        raise MemberNotFound(Refusal.AMBIGUOUS, "member.ambiguous", who)
    return holders[0] if holders else None


async def _present(s: AsyncSession, group_id: int, user_id: int) -> bool:
    found = await s.scalar(
        select(Membership.user_id).where(
            Membership.group_id == group_id,
            Membership.user_id == user_id,
            Membership.status.in_(PRESENT_STATUSES),
        )
    )
    return found is not None


async def find_person(s: AsyncSession, group_id: int, text: str, *, unknown: str) -> Person:
    """The person of the group `text` names: "@username" or an id (present in the group), or a
    current roster name written exactly. A present account no longer counted (dismissed from
    the 未在花名册) is still found, under its Telegram name."""
    who = text.strip()
    people = await people_of(s, group_id)
    if names_a_member(who):
        member = await find_member(s, group_id, who, unknown=unknown)
        for person in people:
            if person.user_id == member.user_id:
                return person
        return Person(
            key=member.user_id,
            entry_id=None,
            user_id=member.user_id,
            name=member.display_name,
            name_is_fallback=True,
            standing=RosterStanding.UNROSTERED,
            contact="",
            in_chat=True,
        )
    named = [p for p in people if p.entry_id is not None and p.active and p.name == who]
    if not named:
        raise MemberNotFound(Refusal.UNKNOWN, unknown, who)
    if len(named) > 1:
        raise MemberNotFound(Refusal.AMBIGUOUS, "event.same_name", who)
    return named[0]
