"""Reading the config file: TOML into typed settings, errors that name the key, the token from
the environment, the calendar's data file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    Field,
    ValidationError,
)

from bot.core.config.meetings import CommitteeSettings, MeetingsSettings
from bot.core.config.sections import (
    TOKEN_ENV,
    TOKEN_PATTERN,
    AccessSettings,
    AudioConfig,
    BranchLifeSettings,
    BroadcastSettings,
    CalendarSettings,
    ChatSettings,
    ConfigError,
    DigestSettings,
    LoggingSettings,
    NotesSettings,
    PointsSettings,
    QuizSettings,
    ScheduleSettings,
    Section,
    StorageSettings,
    TelegramSettings,
    WebSettings,
)


class Settings(Section):
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    audio: AudioConfig = Field(default_factory=AudioConfig)
    access: AccessSettings = Field(default_factory=AccessSettings)
    points: PointsSettings = Field(default_factory=PointsSettings)
    notes: NotesSettings = Field(default_factory=NotesSettings)
    chat: ChatSettings = Field(default_factory=ChatSettings)
    broadcast: BroadcastSettings = Field(default_factory=BroadcastSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    branch_life: BranchLifeSettings = Field(default_factory=BranchLifeSettings)
    quiz: QuizSettings = Field(default_factory=QuizSettings)
    meetings: MeetingsSettings = Field(default_factory=MeetingsSettings)
    committee: CommitteeSettings = Field(default_factory=CommitteeSettings)
    # --- operations
    web: WebSettings = Field(default_factory=WebSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)

    @property
    def token(self) -> str:
        return self.telegram.token.get_secret_value()


def _key_path(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) >= 2:
        return f"[{parts[0]}] {'.'.join(parts[1:])}"
    return parts[0] if parts else "?"


def parse_settings(data: dict[str, Any], source: str) -> Settings:
    """Validate a parsed TOML document; raise ConfigError naming the first bad key."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = _key_path(err["loc"])
        if err["type"] == "value_error" and len(err["loc"]) == 1:
            key = f"[{err['loc'][0]}]"  # a rule across keys of one section
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "is not a known setting (see config.example.toml)"
        raise ConfigError(f"{source}: {key} {msg}") from None


def load_settings(
    path: Path | None, *, environ: dict[str, str] | None = None, require_token: bool = True
) -> Settings:
    """Read the TOML file (if any), apply the token from the environment, validate everything."""
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    source = str(path) if path is not None else "(no config file)"
    if path is not None:
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"{source}: config file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    env_token = env.get(TOKEN_ENV, "").strip()
    if env_token:
        data.setdefault("telegram", {})["token"] = env_token
    settings = parse_settings(data, source)
    if settings.calendar.file is not None:
        base = path.parent if path is not None else Path.cwd()
        settings = _with_calendar_file(settings, base, source)
    if require_token:
        token = settings.token
        if not token:
            raise ConfigError(
                f"{source}: [telegram] token is missing (set it in the file or in {TOKEN_ENV})"
            )
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                f"{source}: [telegram] token is malformed (expected the form 123456789:ABC... "
                "that BotFather gives)"
            )
    return settings


def _with_calendar_file(settings: Settings, base: Path, source: str) -> Settings:
    """Merge the holidays and workdays of [calendar] file into the settings."""
    named = settings.calendar.file or Path()
    file = named if named.is_absolute() else base / named
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{source}: [calendar] file {file} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from None
    try:
        extra = CalendarSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "is not known here (only holidays and workdays)"
        raise ConfigError(f"{file}: {'.'.join(str(p) for p in err['loc'])} {msg}") from None
    try:
        merged = CalendarSettings(
            holidays=[*settings.calendar.holidays, *extra.holidays],
            workdays=[*settings.calendar.workdays, *extra.workdays],
            file=settings.calendar.file,
        )
    except ValidationError as exc:
        msg = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{source}: [calendar] {msg}") from None
    return settings.model_copy(update={"calendar": merged})
