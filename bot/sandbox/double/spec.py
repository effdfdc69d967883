"""The published Bot API description (api.json), used to refuse calls Telegram would refuse."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# A copy of ../shared/telegram-bot-api/api.json (MIT, PaulSonOfLars/telegram-bot-api-spec,
# Bot API 10.1), kept in the repo so the tests run from any clone.
DEFAULT_SPEC_PATH = Path(__file__).resolve().parent / "bot_api" / "api.json"


# A subtype's discriminator: "Scope type, must be chat", 'Type of the reaction, always "emoji"'.
_CONSTANT = re.compile(r'(?:must be|always) "?([a-z_]+)"?$')


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool
    constant: str | None = None  # the only value a subtype's discriminator field may take

    @functools.cached_property
    def is_plain_string(self) -> bool:
        """Only a String (or file) fits: keep the raw text, never JSON-decode ("123" stays text)."""
        return all(t in ("String", "InputFile") for t in self.types)


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.required]


@dataclass(frozen=True)
class TypeSpec:
    """An object type; an abstract one (InputMedia, BotCommandScope…) lists its subtypes."""

    name: str
    fields: dict[str, FieldSpec]
    subtypes: tuple[str, ...]


class ApiSpec:
    def __init__(
        self, methods: dict[str, MethodSpec], types: dict[str, TypeSpec] | None = None
    ) -> None:
        self.methods = methods
        self.types = types or {}
        # Telegram matches method names case-insensitively (sendmessage works).
        self._by_lower = {name.lower(): m for name, m in methods.items()}

    @classmethod
    def load(cls, path: Path = DEFAULT_SPEC_PATH) -> ApiSpec:
        return _load_cached(str(path))

    def method(self, name: str) -> MethodSpec | None:
        return self._by_lower.get(name.lower())

    def decode(self, method: MethodSpec, raw: dict[str, str]) -> dict[str, Any]:
        """Turn form values into Python values the way Telegram reads them, by declared type."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            field = method.fields.get(key)
            if field is not None and field.is_plain_string:
                out[key] = value
                continue
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
        return out


@cache
def _load_cached(path: str) -> ApiSpec:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = {}
    for name, m in data["methods"].items():
        fields = {
            f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
            for f in m.get("fields", [])
        }
        methods[name] = MethodSpec(name, fields)
    types: dict[str, TypeSpec] = {}
    for name, t in data["types"].items():
        is_subtype = bool(t.get("subtype_of"))
        type_fields: dict[str, FieldSpec] = {}
        for f in t.get("fields", []):
            constant = None
            if is_subtype and f["types"] == ["String"]:
                found = _CONSTANT.search(f.get("description", ""))
                constant = found.group(1) if found else None
            type_fields[f["name"]] = FieldSpec(
                f["name"], tuple(f["types"]), bool(f["required"]), constant
            )
        types[name] = TypeSpec(name, type_fields, tuple(t.get("subtypes", [])))
    return ApiSpec(methods, types)
