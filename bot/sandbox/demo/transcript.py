"""The demo's chat transcript: who said what, where, at what (simulated) time."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.double.state import SentMessage

Lang = Literal["zh", "en"]

LABELS: dict[Lang, dict[str, str]] = {
    "zh": {
        "group": "工作群",
        "private": "私聊",
        "bot": "微党课助手",
        "voice": "🎤 语音 {seconds} 秒",
        "photo": "🖼 图片",
        "document": "📎 文件",
        "buttons": "按钮",
        "toast": "（按钮提示）",
        "edit": "（修改了消息）",
        "react": "（给消息点了 {emoji}）",
    },
    "en": {
        "group": "group",
        "private": "private",
        "bot": "Micro-lesson bot",
        "voice": "🎤 voice note, {seconds} s",
        "photo": "🖼 photo",
        "document": "📎 file",
        "buttons": "buttons",
        "toast": "(button answer)",
        "edit": "(edited the message)",
        "react": "(reacted {emoji})",
    },
}


@dataclass
class Transcript:
    lang: Lang
    zone: ZoneInfo
    group_id: int
    group_title: str
    names: dict[int, str]
    out: TextIO = field(default_factory=lambda: sys.stdout)
    lines: list[str] = field(default_factory=list)

    def _label(self, key: str, **params: object) -> str:
        return LABELS[self.lang][key].format(**params)

    def _where(self, chat_id: int) -> str:
        if chat_id == self.group_id:
            return f"[{self._label('group')} {self.group_title}]"
        return f"[{self._label('private')} {self.names.get(chat_id, str(chat_id))}]"

    def _emit(self, text: str) -> None:
        self.lines.append(text)
        print(text, file=self.out, flush=True)

    def scene(self, when: datetime, title: str) -> None:
        local = when.astimezone(self.zone)
        self._emit(f"\n── {local:%H:%M} {title} " + "─" * 20)

    def person(self, chat_id: int, user_id: int, what: str) -> None:
        self._emit(f"{self._where(chat_id)} {self.names.get(user_id, str(user_id))}: {what}")

    def bot_message(self, message: SentMessage) -> None:
        body = message.text or ""
        if message.method == "sendVoice":
            seconds = _duration(message.message.get("voice"))
            body = self._label("voice", seconds=seconds) + (
                f"\n{message.caption}" if message.caption else ""
            )
        elif message.method == "sendPhoto":
            body = self._label("photo") + (f" {message.caption}" if message.caption else "")
        elif message.method == "sendDocument":
            name = (message.message.get("document") or {}).get("file_name", "")
            body = f"{self._label('document')} {name}"
        if message.edited:
            body = f"{self._label('edit')} {body}"
        body = body.replace("\n", "\n    ")
        buttons = _buttons(message.reply_markup)
        if buttons:
            body += f"\n    [{self._label('buttons')}: {' | '.join(buttons)}]"
        self._emit(f"{self._where(message.chat_id)} {self._label('bot')}: {body}")

    def toast(self, chat_id: int, text: str) -> None:
        self._emit(f"{self._where(chat_id)} {self._label('bot')} {self._label('toast')}: {text}")

    def reaction(self, chat_id: int, emoji: str) -> None:
        self._emit(
            f"{self._where(chat_id)} {self._label('bot')}: {self._label('react', emoji=emoji)}"
        )


def _duration(voice: Any) -> int:
    return int((voice or {}).get("duration", 0))


def _buttons(markup: Any) -> list[str]:
    rows = (markup or {}).get("inline_keyboard", [])
    return [str(b.get("text", "")) for row in rows for b in row]
