"""Strict parameter checks: names and types from the published Bot API, buttons' limits.

Telegram itself silently ignores parameters it does not know and reads top-level numbers
leniently; the double refuses both, because either means the bot sends something other than
what it believes it sends. Nested objects are refused the way Telegram words it
('can't parse inline keyboard button: Field "url" must be of type String').
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .errors import rule_broken
from .spec import ApiSpec, FieldSpec, MethodSpec, TypeSpec
from .state import JSON, UploadedFile

MAX_CALLBACK_DATA_BYTES = 64
# Telegram's own names for the objects it fails to parse.
_OBJECT_WORDS = {
    "InlineKeyboardButton": "inline keyboard button",
    "KeyboardButton": "keyboard button",
    "InlineKeyboardMarkup": "inline keyboard",
    "ReplyParameters": "reply parameters",
}
# Fields of InlineKeyboardButton that do not choose what the button does.
_BUTTON_LOOKS = frozenset({"text", "icon_custom_emoji_id", "style"})


class _Mismatch(Exception):
    """Why a value does not fit a declared type, worded as Telegram words it."""


def _type_word(types: tuple[str, ...]) -> str:
    return " or ".join(types)


@functools.cache
def _all_arrays(types: tuple[str, ...]) -> bool:
    # Asked on every value of every call: once per declared type list is enough.
    return len(types) > 1 and all(t.startswith("Array of ") for t in types)


class ParamChecker:
    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec

    def check(self, method: MethodSpec, params: JSON) -> None:
        """Refuse unknown parameters and values of the wrong type; then the button rules."""
        for name, value in params.items():
            field = method.fields.get(name)
            if field is None:
                raise rule_broken(f'unknown parameter "{name}" for method {method.name}')
            if name == "reply_markup" and not isinstance(value, dict):
                raise rule_broken("can't parse reply keyboard markup JSON object")
            try:
                self._fits_any(field.types, value)
            except _Mismatch as why:
                if field.types[0] in self.spec.types:
                    raise rule_broken(str(why)) from None
                raise rule_broken(
                    f'parameter "{name}" must be of type {_type_word(field.types)}'
                ) from None
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            check_inline_keyboard(markup)

    # -- matching values to declared types
    def _fits_any(self, types: tuple[str, ...], value: Any) -> None:
        if _all_arrays(types):
            # "Array of InputMediaPhoto or Array of InputMediaVideo": an album may mix them.
            if not isinstance(value, list):
                raise _Mismatch(f"must be of type {_type_word(types)}")
            for item in value:
                self._fits_any(tuple(t[9:] for t in types), item)
            return
        errors: list[_Mismatch] = []
        for type_name in types:
            try:
                self._fits(type_name, value)
                return
            except _Mismatch as why:
                errors.append(why)
        # Several object types (reply_markup): the one the value looks like explains best.
        raise max(errors, key=lambda e: getattr(e, "closeness", 0))

    def _fits(self, type_name: str, value: Any) -> None:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise _Mismatch(f"must be an Array of {type_name[9:]}")
            for item in value:
                self._fits(type_name[9:], item)
            return
        simple = _SIMPLE.get(type_name)
        if simple is not None:
            if not simple(value):
                raise _Mismatch(f"must be of type {type_name}")
            return
        obj = self.spec.types.get(type_name)
        if obj is None:
            return  # a type the description does not define: nothing to check against
        if obj.subtypes:
            self._fits_any(tuple(s for s in obj.subtypes if s in self.spec.types), value)
            return
        self._fits_object(obj, value)

    def _fits_object(self, obj: TypeSpec, value: Any) -> None:
        word = _OBJECT_WORDS.get(obj.name, obj.name)
        if not isinstance(value, dict):
            raise _Mismatch(f"can't parse {word}: {obj.name} should be an Object")
        closeness = sum(1 for key in value if key in obj.fields)
        for key in value:
            if key not in obj.fields:
                raise _closeness(f'can\'t parse {word}: unknown field "{key}"', closeness)
        for field in obj.fields.values():
            if field.name not in value:
                if field.required:
                    raise _closeness(
                        f'can\'t parse {word}: Field "{field.name}" must be specified',
                        closeness,
                    )
                continue
            self._fits_field(obj, word, field, value[field.name], closeness)

    def _fits_field(
        self, obj: TypeSpec, word: str, field: FieldSpec, value: Any, closeness: int
    ) -> None:
        if field.constant is not None and value != field.constant:
            raise _closeness(
                f'can\'t parse {word}: Field "{field.name}" must be "{field.constant}"',
                closeness - 1,
            )
        try:
            self._fits_any(field.types, value)
        except _Mismatch as why:
            text = str(why)
            if text.startswith("must"):
                text = (
                    f'can\'t parse {word}: Field "{field.name}" must be of type '
                    f"{_type_word(field.types)}"
                )
            raise _closeness(text, closeness) from None


def _closeness(text: str, closeness: int) -> _Mismatch:
    error = _Mismatch(text)
    error.closeness = closeness  # type: ignore[attr-defined]
    return error


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_SIMPLE: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: isinstance(v, str),
    "Integer": _is_int,
    "Float": lambda v: _is_int(v) or isinstance(v, float),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
    "InputFile": lambda v: isinstance(v, UploadedFile),
}


def check_inline_keyboard(markup: JSON) -> None:
    """callback_data is 1-64 bytes; a button must do exactly one thing."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list):
        return
    for row in rows:
        for button in row if isinstance(row, list) else []:
            if not isinstance(button, dict):
                continue
            actions = [k for k in button if k not in _BUTTON_LOOKS]
            if not actions:
                raise rule_broken(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            if len(actions) > 1:
                raise rule_broken("BUTTON_TYPE_INVALID")
            data = button.get("callback_data")
            if (
                isinstance(data, str)
                and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise rule_broken("BUTTON_DATA_INVALID")


def check_web_app_buttons(markup: Any, chat_type: str) -> None:
    """A web_app button opens a Mini App only from a private chat; elsewhere Telegram
    refuses the message with BUTTON_TYPE_INVALID (groups use a t.me/<bot>/<app> link)."""
    if chat_type == "private" or not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard") or []:
        for button in row if isinstance(row, list) else []:
            if isinstance(button, dict) and "web_app" in button:
                raise rule_broken("BUTTON_TYPE_INVALID")
