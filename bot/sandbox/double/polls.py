"""Quiz polls, replacing a photo, and deep links: sendPoll, stopPoll, editMessageMedia, a user
answering a poll (poll_answer) and a user opening a t.me/<bot>?start=<payload> link."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .media import media_payload
from .state import JSON, PRESENT_STATUSES, World

if TYPE_CHECKING:
    from .methods import BotApi, Handler

MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 12
# A quiz's explanation: 0-200 characters with at most 2 line feeds.
MAX_EXPLANATION, MAX_EXPLANATION_LINE_FEEDS = 200, 2
# Telegram's rule for a deep-link start parameter.
START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _poll_json(poll: JSON) -> JSON:
    return {k: v for k, v in poll.items() if not k.startswith("_")}


class PollApi:
    """The bot's side: the methods Telegram answers for polls and media edits."""

    def __init__(self, api: BotApi) -> None:
        self.api = api
        self.world: World = api.world

    def handlers(self) -> dict[str, Handler]:
        return {
            "sendpoll": self.send_poll,
            "stoppoll": self.stop_poll,
            "editmessagemedia": self.edit_message_media,
        }

    async def send_poll(self, params: JSON) -> JSON:
        chat = self.api.target_chat(params, write=True)
        question = params.get("question")
        if not isinstance(question, str) or not question.strip():
            raise bad_request("poll question must be non-empty")
        if len(question) > MAX_QUESTION:
            raise bad_request("poll question length must not exceed 300")
        raw = params.get("options")
        if not isinstance(raw, list) or not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
            raise bad_request("poll must have 2-12 options")
        texts = [o.get("text") if isinstance(o, dict) else o for o in raw]
        if not all(isinstance(x, str) and 0 < len(x) <= MAX_OPTION for x in texts):
            raise bad_request("poll options length must not exceed 100")
        kind = params.get("type") or "regular"
        correct = params.get("correct_option_ids")
        if kind == "quiz":
            if not (
                isinstance(correct, list)
                and len(correct) == 1
                and isinstance(correct[0], int)
                and 0 <= correct[0] < len(texts)
            ):
                raise bad_request("wrong correct option ids specified")
        elif correct is not None:
            raise bad_request("correct option ids can be specified only for quizzes")
        explanation = params.get("explanation")
        if explanation is not None:
            if not isinstance(explanation, str):
                raise bad_request("poll explanation must be a string")
            if len(explanation) > MAX_EXPLANATION:
                raise bad_request("poll explanation length must not exceed 200")
            if explanation.count("\n") > MAX_EXPLANATION_LINE_FEEDS:
                raise bad_request("poll explanation must have at most 2 line feeds")
        anonymous = params.get("is_anonymous")
        poll: JSON = {
            "id": str(uuid.uuid4().int)[:18],
            "question": question,
            "options": [
                {"persistent_id": str(i), "text": x, "voter_count": 0} for i, x in enumerate(texts)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True if anonymous is None else bool(anonymous),
            "type": kind,
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
            "_chat_id": chat.id,
            "_voters": {},
        }
        if kind == "quiz":
            poll["correct_option_ids"] = correct
            if explanation:
                poll["explanation"] = explanation
        message = self.api.deliver("sendPoll", chat, params, {"poll": _poll_json(poll)})
        poll["_message_id"] = message["message_id"]
        self.world.polls[poll["id"]] = poll
        return message

    async def stop_poll(self, params: JSON) -> JSON:
        chat = self.api.target_chat(params, write=True)
        message = self.api._own_message(chat, params, "stop")
        found = message.get("poll")
        if not isinstance(found, dict) or message["from"]["id"] != self.world.bot_id:
            raise bad_request("message with poll to stop not found")
        poll = self.world.polls[found["id"]]
        if poll["is_closed"]:
            raise bad_request("poll has already been closed")
        poll["is_closed"] = True
        message["poll"] = _poll_json(poll)
        return _poll_json(poll)

    async def edit_message_media(self, params: JSON) -> JSON:
        chat, message = self.api._editable(params)
        media = params.get("media")
        if not isinstance(media, dict) or media.get("type") not in (
            "photo",
            "video",
            "audio",
            "document",
            "animation",
        ):
            raise bad_request("wrong type of the media specified")
        kind = str(media["type"])
        if not any(k in message for k in ("photo", "video", "audio", "document", "animation")):
            raise bad_request("there is no media in the message to edit")
        stored = self.api.stored_file(kind, media.get("media"), media)
        for key in ("photo", "video", "audio", "document", "animation", "caption"):
            message.pop(key, None)
        changes: JSON = {kind: media_payload(stored, kind, media)}
        caption = self.api._caption(media)
        if caption is not None:
            changes["caption"] = caption
        record = self.api._sent_record(chat.id, message["message_id"])
        if record is not None:  # before the edit is logged: the log copies the record
            record.file_id = stored.file_id
            record.caption = caption
        # The new caption rides in the media object; the edit log reads it from the params.
        logged = {**params, "caption": caption}
        return self.api._apply_edit("editMessageMedia", chat, message, changes, logged)


class PollHumans:
    """The human side: answering a poll, opening a bot's deep link."""

    world: World

    def answer_poll(self, user_id: int, chat_id: int, message_id: int, option: int) -> JSON:
        """A person picks an option of the poll in that message (a quiz takes one answer)."""
        world = self.world
        message = world.message(chat_id, message_id)
        if message is None or not isinstance(message.get("poll"), dict):
            raise ValueError(f"no poll in message {message_id} of chat {chat_id}")
        if world.status(chat_id, user_id) not in PRESENT_STATUSES:
            raise ValueError(f"user {user_id} cannot see chat {chat_id}")
        poll = world.polls[message["poll"]["id"]]
        if poll["is_closed"]:
            raise ValueError("the poll is closed: Telegram's clients no longer take an answer")
        if user_id in poll["_voters"]:
            raise ValueError("a quiz takes one answer; the client does not let them vote again")
        if not 0 <= option < len(poll["options"]):
            raise ValueError(f"no option {option}")
        poll["_voters"][user_id] = option
        poll["options"][option]["voter_count"] += 1
        poll["total_voter_count"] += 1
        message["poll"] = _poll_json(poll)
        if poll["is_anonymous"]:
            return {}  # the bot is never told who answered an anonymous poll
        return world.enqueue(
            "poll_answer",
            {
                "poll_id": poll["id"],
                "user": world.user_dict(user_id),
                "option_ids": [option],
                "option_persistent_ids": [str(option)],
            },
        )

    def open_link(self, user_id: int, url: str) -> JSON:
        """A person opens https://t.me/<bot>?start=<payload>: the client sends /start <payload>."""
        world = self.world
        match = re.fullmatch(r"https://t\.me/([A-Za-z0-9_]+)\?start=(.*)", url)
        if match is None or match.group(1).lower() != world.bot_username.lower():
            raise ValueError(f"not a start link of this bot: {url}")
        payload = match.group(2)
        if not START_PAYLOAD.match(payload):
            raise ValueError(f"Telegram ignores this start parameter: {payload!r}")
        user_sends: Any = getattr(self, "user_sends")  # noqa: B009 - from the Humans mixin
        return dict(user_sends(user_id, user_id, f"/start {payload}"))
