"""The double's world: users, chats, memberships, messages, files and the update queue."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

PRESENT_STATUSES = frozenset({"creator", "administrator", "member"})
MEMBER_STATUSES = PRESENT_STATUSES | {"left", "kicked"}
# Telegram sends these only when named in allowed_updates.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_DOWNLOAD = 20 * 1024 * 1024


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "zh-hans"
    is_bot: bool = False
    # Private-chat reachability: a bot may only write after /start, and not once blocked.
    started: bool = False
    blocked: bool = False

    def to_dict(self) -> JSON:
        d: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                d[key] = value
        return d


@dataclass
class Chat:
    id: int
    type: str  # private / group / supergroup / channel
    title: str | None = None
    is_forum: bool = False
    member_count: int | None = None  # explicit override for getChatMemberCount
    migrated_to: int | None = None
    user: User | None = None  # the other side of a private chat
    pinned: list[int] = field(default_factory=list)

    def to_dict(self) -> JSON:
        if self.type == "private" and self.user is not None:
            d: JSON = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name is not None:
                d["last_name"] = self.user.last_name
            if self.user.username is not None:
                d["username"] = self.user.username
            return d
        d = {"id": self.id, "type": self.type, "title": self.title or ""}
        if self.is_forum:
            d["is_forum"] = True
        return d


@dataclass
class UploadedFile:
    """A multipart file part as received from the bot."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes | None
    file_size: int
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None
    duration: int | None = None


@dataclass
class Call:
    method: str
    params: JSON
    time: float
    status: int = 200


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    method: str
    text: str | None
    caption: str | None
    reply_markup: JSON | None
    file_id: str | None
    message_thread_id: int | None
    reply_to_message_id: int | None
    date: int
    message: JSON
    edited: bool = False
    deleted: bool = False


def now() -> int:
    return int(time.time())


class World:
    def __init__(self, token: str, bot_username: str, privacy_mode: bool) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.privacy_mode = privacy_mode
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.members: dict[int, dict[int, str]] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self._next_message_id: dict[int, int] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self._file_seq = itertools.count(1)
        self.updates: list[JSON] = []
        self._update_seq = itertools.count(100_000)
        self.allowed_updates: list[str] | None = None
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.edits: list[SentMessage] = []
        self.violations: list[str] = []
        self.callback_answers: dict[str, JSON] = {}
        # monotonic times of each press and of its answer, for answer-time benchmarks
        self.callback_pressed_at: dict[str, float] = {}
        self.callback_answered_at: dict[str, float] = {}
        self.open_callbacks: set[str] = set()
        self.reactions: list[JSON] = []  # setMessageReaction calls by the bot
        self.user_reactions: dict[tuple[int, int, int], list[JSON]] = {}
        self.my_commands: dict[str, Any] = {}  # menus keyed by scope and language, see commands.py
        self.descriptions: dict[str, str] = {}  # "description|en", "short_description|" ...
        self.polls: dict[str, JSON] = {}  # branch life: poll id -> poll, see polls.py
        self.uploads = 0
        self.counters: Counter[str] = Counter()
        self._changed = asyncio.Event()
        self.closing = False  # set by stop(): long polls answer at once
        self.poll_generation = 0

    # -- change notification: one Event per "generation", replaced on every change, so
    # a waiter that grabbed the current one before checking its condition never misses it.
    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_change(self, seconds: float) -> None:
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    # -- people and chats
    @property
    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Microlesson Test Bot",
            "username": self.bot_username,
        }

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise ValueError(f"unknown user {user_id}: call add_user() first") from None

    def user_dict(self, user_id: int) -> JSON:
        if user_id == self.bot_id:
            return self.bot_user
        if user_id in self.users:
            return self.users[user_id].to_dict()
        return {"id": user_id, "is_bot": False, "first_name": str(user_id)}

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user.id, "private", user=user)
        return chat

    def chat(self, chat_id: int) -> Chat:
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id in self.users:
            return self.private_chat(self.users[chat_id])
        raise ValueError(f"unknown chat {chat_id}: call add_group()/add_user() first")

    def status(self, chat_id: int, user_id: int) -> str:
        chat = self.chats.get(chat_id)
        if chat is not None and chat.type == "private":
            return "member" if user_id in (chat_id, self.bot_id) else "left"
        return self.members.get(chat_id, {}).get(user_id, "left")

    def set_status(self, chat_id: int, user_id: int, status: str) -> str:
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {sorted(MEMBER_STATUSES)}, not {status!r}")
        old = self.status(chat_id, user_id)
        self.members.setdefault(chat_id, {})[user_id] = status
        return old

    def member_dict(self, chat_id: int, user_id: int, status: str | None = None) -> JSON:
        status = status or self.status(chat_id, user_id)
        d: JSON = {"status": status, "user": self.user_dict(user_id)}
        if status == "creator":
            d["is_anonymous"] = False
        elif status == "administrator":
            d.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
                can_pin_messages=True,
                can_manage_topics=True,
            )
        elif status == "kicked":
            d["until_date"] = 0
        return d

    def is_admin(self, chat_id: int, user_id: int) -> bool:
        return self.status(chat_id, user_id) in ("creator", "administrator")

    # -- messages
    def new_message(self, chat: Chat, sender: JSON, **fields: Any) -> JSON:
        message_id = self._next_message_id.get(chat.id, 1)
        self._next_message_id[chat.id] = message_id + 1
        message: JSON = {
            "message_id": message_id,
            "date": now(),
            "chat": chat.to_dict(),
            "from": sender,
        }
        message.update({k: v for k, v in fields.items() if v is not None})
        self.messages[(chat.id, message_id)] = message
        return message

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        return self.messages.get((chat_id, message_id))

    # -- updates
    def enqueue(self, kind: str, payload: JSON) -> JSON:
        update: JSON = {"update_id": next(self._update_seq), kind: payload}
        self.updates.append(update)
        self.notify()
        return update

    def deliverable(self, offset: int | None) -> list[JSON]:
        allowed = self.allowed_updates
        out = []
        for update in self.updates:
            if offset is not None and update["update_id"] < offset:
                continue
            kind = next(k for k in update if k != "update_id")
            if allowed:
                if kind not in allowed:
                    continue
            elif kind in OPT_IN_UPDATES:
                continue
            out.append(update)
        return out

    def confirm(self, offset: int) -> None:
        self.updates = [u for u in self.updates if u["update_id"] >= offset]

    # -- files
    def store_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        file_size: int | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
        duration: int | None = None,
    ) -> StoredFile:
        n = next(self._file_seq)
        ext = {"voice": "oga", "audio": "mp3", "photo": "jpg", "video": "mp4"}.get(kind, "bin")
        if file_name and "." in file_name:
            ext = file_name.rsplit(".", 1)[1]
        folder = {"photo": "photos", "voice": "voice", "video_note": "video_notes"}.get(
            kind, kind + "s"
        )
        stored = StoredFile(
            file_id=f"DBL-{kind}-{n}-{uuid.uuid4().hex[:12]}",
            file_unique_id=f"U{n:08d}",
            kind=kind,
            data=data,
            file_size=file_size if file_size is not None else len(data or b""),
            file_path=f"{folder}/file_{n}.{ext}",
            mime_type=mime_type,
            file_name=file_name,
            duration=duration,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored
