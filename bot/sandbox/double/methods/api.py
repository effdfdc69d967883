"""BotApi: the double's Bot API methods, one table from method name to what answers it.

Each part lives in the module named for it (updates, messages, files, editing, answers,
chats, commands; polls and media edits in ../polls.py); a valid method not in the table
answers `true`, after refusing a chat the bot cannot reach."""

from __future__ import annotations

from typing import Any

from ..polls import PollApi
from ..state import JSON, World
from .answers import Answers
from .base import Handler
from .chats import Chats
from .commands import Commands
from .editing import Editing
from .files import SEND_FILE_METHODS, Files
from .messages import Messages
from .updates import Updates


class BotApi(Updates, Messages, Files, Editing, Answers, Chats, Commands):
    def __init__(self, world: World) -> None:
        super().__init__(world)
        self.handlers: dict[str, Handler] = {
            "getme": self.get_me,
            "getupdates": self.get_updates,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "sendmessage": self.send_message,
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "sendmediagroup": self.send_media_group,
            "forwardmessage": self.forward_message,
            "copymessage": self.copy_message,
            "answercallbackquery": self.answer_callback_query,
            "setmessagereaction": self.set_message_reaction,
            "getchat": self.get_chat,
            "getchatmember": self.get_chat_member,
            "getchatadministrators": self.get_chat_administrators,
            "getchatmembercount": self.get_chat_member_count,
            "getfile": self.get_file,
            "pinchatmessage": self.pin_chat_message,
            "unpinchatmessage": self.unpin_chat_message,
            "unpinallchatmessages": self.unpin_all_chat_messages,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "getmyname": self._constant({"name": "Microlesson Test Bot"}),
            "getchatmenubutton": self._constant({"type": "default"}),
        }
        for field, name in (
            ("description", "mydescription"),
            ("short_description", "myshortdescription"),
        ):
            setter, getter = self._describer(field)
            self.handlers["set" + name] = setter
            self.handlers["get" + name] = getter
        for lower in SEND_FILE_METHODS:
            self.handlers[lower] = self._file_sender(lower)
        # Quiz polls and media edits live in polls.py, beside the people answering polls.
        self.handlers.update(PollApi(self).handlers())

    async def call(self, method: str, params: JSON) -> Any:
        handler = self.handlers.get(method.lower())
        if handler is not None:
            return await handler(params)
        # Unimplemented but valid: still refuse chats the bot cannot reach, then say true.
        if "chat_id" in params and isinstance(params["chat_id"], int | str):
            self.target_chat(params, write=method.lower().startswith("send"))
        return True

    @staticmethod
    def _constant(value: Any) -> Handler:
        async def handler(_params: JSON) -> Any:
            return value

        return handler
