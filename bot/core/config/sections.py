"""The config's sections as typed models: each key's type, default and check."""

from __future__ import annotations

import re
from datetime import date, time
from ipaddress import ip_address
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)

TOKEN_ENV = "MICROLESSON_TELEGRAM_TOKEN"  # noqa: S105 - a variable name, not a secret
# BotFather tokens look like "123456789:AA...": digits, a colon, 30+ url-safe characters.
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the key and the file."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_hhmm(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise ValueError('must be a time written HH:MM, e.g. "07:30"')
    hours, minutes = (int(p) for p in value.split(":"))
    if hours > 23 or minutes > 59:
        raise ValueError('must be a time written HH:MM, e.g. "07:30"')
    return f"{hours:02d}:{minutes:02d}"


def hhmm_to_time(value: str) -> time:
    hours, minutes = (int(p) for p in value.split(":"))
    return time(hours, minutes)


class TelegramSettings(Section):
    token: SecretStr = SecretStr("")
    api_base_url: str = "https://api.telegram.org"
    # Seconds a getUpdates long poll waits on the server.
    poll_timeout: int = Field(default=30, ge=0, le=60)
    # Seconds to wait for Telegram's answer to a request. A send that times out may still
    # have arrived: it is recorded as uncertain and not sent again.
    request_timeout: float = Field(default=10.0, gt=0, le=120)
    # --- operations: proxy and webhook mode
    # An HTTP or SOCKS5 proxy for every request to Telegram, e.g. "socks5://127.0.0.1:1080".
    proxy: str = ""
    mode: Literal["polling", "webhook"] = "polling"
    # The public URL Telegram posts updates to; its path is where [web] listen serves them.
    webhook_url: str = ""
    # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; other requests are refused.
    webhook_secret: SecretStr = SecretStr("")

    @field_validator("api_base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, value: str) -> str:
        if value and not re.match(r"^(https?|socks5h?)://[^/\s]+", value):
            raise ValueError(
                'must be an http://, https:// or socks5:// URL such as "socks5://127.0.0.1:1080"'
            )
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError('must be the public URL, e.g. "https://bot.example.org/telegram"')
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr) -> SecretStr:
        # Telegram's rule for secret_token: 1-256 characters A-Z a-z 0-9 _ -.
        secret = value.get_secret_value()
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("may hold only A-Z a-z 0-9 _ - (at most 256 characters)")
        return value

    @model_validator(mode="after")
    def _webhook_complete(self) -> TelegramSettings:
        if self.mode == "webhook":
            if not self.webhook_url:
                raise ValueError('webhook_url is needed when mode = "webhook"')
            if len(self.webhook_secret.get_secret_value()) < 16:
                raise ValueError(
                    'webhook_secret of at least 16 characters is needed when mode = "webhook"'
                )
        return self


class StorageSettings(Section):
    url: str = "sqlite+aiosqlite:///microlesson.db"
    audio_dir: Path = Path("audio")
    keep_original: bool = True

    @field_validator("url")
    @classmethod
    def _driver(cls, value: str) -> str:
        if not (
            value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+asyncpg://")
        ):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


class ScheduleSettings(Section):
    timezone: str = "Asia/Shanghai"
    broadcast_time: str = "07:30"
    weekdays: list[str] | Literal["workdays"] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"]
    )
    reminder_time: str = "20:00"
    # The evening before a broadcast day, the secretary is asked for a recording if none is queued.
    empty_slot_alert_time: str = "18:00"
    catch_up_minutes: int = Field(default=120, ge=0, le=24 * 60)
    pin_broadcast: bool = False

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from exc
        return value

    @field_validator("broadcast_time", "reminder_time", "empty_slot_alert_time", mode="before")
    @classmethod
    def _time(cls, value: object) -> str:
        return parse_hhmm(value)

    @field_validator("weekdays", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        if value == "workdays":
            return value
        if not isinstance(value, list) or not value:
            raise ValueError('must be a list like ["mon", "tue"] or the string "workdays"')
        days = [str(d).lower() for d in value]
        bad = [d for d in days if d not in _DAY_NAMES]
        if bad:
            raise ValueError(f"unknown day {bad[0]!r}; use mon tue wed thu fri sat sun")
        return days


class AudioConfig(Section):
    target_lufs: float = Field(default=-16.0, ge=-40, le=-5)
    true_peak_db: float = Field(default=-1.0, ge=-10, le=0)
    bitrate: str = "32k"
    min_seconds: float = Field(default=10.0, ge=1)
    max_seconds: float = Field(default=1200.0, ge=10)
    # Audio pipelines run at once; more wait in line and are told their place.
    workers: int = Field(default=1, ge=1, le=2)

    @field_validator("bitrate")
    @classmethod
    def _bitrate(cls, value: str) -> str:
        if not re.fullmatch(r"\d{1,3}k", value):
            raise ValueError('must look like "32k"')
        return value


class PointsSettings(Section):
    """Points for the members' own record; never an appraisal."""

    # Listening on the lesson's day (button, private listen, or a note).
    listen: int = Field(default=1, ge=0, le=100)
    # Listening later, within makeup_hours of the broadcast (补学).
    makeup: int = Field(default=1, ge=0, le=100)
    makeup_hours: int = Field(default=72, ge=0, le=24 * 30)
    # The first study note on a lesson.
    note: int = Field(default=2, ge=0, le=100)
    # Most points a member can earn in one group in one day (make-ups piling up included).
    daily_cap: int = Field(default=6, ge=0, le=1000)
    # --- branch life: a right answer to a quiz question after the lesson.
    quiz: int = Field(default=1, ge=0, le=100)
    # --- Mini App: once, when the player heard [web] heard_threshold of a lesson.
    heard_bonus: int = Field(default=1, ge=0, le=100)


class NotesSettings(Section):
    # A text reply shorter than this (in characters, spaces not counted) is not a study note.
    min_chars: int = Field(default=10, ge=1, le=1000)
    # A voice note with less speech than this (seconds of non-silent audio, measured with
    # pydub's silence.detect_nonsilent) is not a study note, however long it is.
    min_voice_seconds: int = Field(default=3, ge=1, le=600)
    # Text or voice sent in private chat without a reply, within this many hours of a lesson
    # delivered to the member (or after opening its link), is asked about once: 「作为对 #N
    # 的学习心得提交？」. An admin's voice note then is asked 学习心得 or 新课程 before intake.
    private_note_hours: int = Field(default=36, ge=0, le=24 * 7)


class ChatSettings(Section):
    # Minutes a question the bot asked in private chat (a lesson's new title, a quiz draft's
    # next step, a leave reason) waits for its answer; after that the next message is no
    # longer taken as the answer.
    prompt_minutes: int = Field(default=10, ge=1, le=24 * 60)


class BroadcastSettings(Section):
    # Seconds between edits of the live count on the group's "✅ 已收听 N" button. Telegram
    # counts every edit in a group against its 20 messages a minute.
    live_count_seconds: float = Field(default=5.0, ge=0.05, le=3600)
    # Paid broadcasts: up to 1000 messages a second, each beyond the free 30/s
    # paid in Telegram Stars from the bot's balance (allow_paid_broadcast).
    paid: bool = False


# --- operations: the web server and the calendar the deployer corrects
class WebSettings(Section):
    # host:port the one HTTP server (webhook and Mini App) listens on.
    listen: str = "127.0.0.1:8080"
    # The public HTTPS address of that server (behind the deployer's reverse proxy), e.g.
    # "https://lesson.example.org". Empty: no Mini App (no player buttons, no dashboard).
    public_url: str = ""
    # The Mini App's short name registered with BotFather (/newapp), for the group's direct
    # link t.me/<bot>/<app_name>?startapp=l<N>. Empty: the group broadcast carries no link.
    app_name: str = ""
    # Seconds a Mini App's signed initData stays valid after Telegram issued it (auth_date).
    init_data_max_age: int = Field(default=3600, ge=60, le=7 * 86400)
    # Share of a lesson the player must have heard (0..1) to record it as a listen (player).
    heard_threshold: float = Field(default=0.8, gt=0.0, le=1.0)
    # The metrics page (Prometheus): off unless turned on, and then only for these addresses.
    metrics: bool = False
    metrics_from: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])

    @field_validator("metrics_from")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            try:
                ip_address(address)
            except ValueError:
                raise ValueError(f'"{address}" is not an IP address, e.g. "127.0.0.1"') from None
        return value

    @property
    def serves(self) -> bool:
        """Whether the web server runs for its own sake (health check, metrics page): `listen`
        written in the config, or metrics on. Webhook mode and the Mini App start it too."""
        return "listen" in self.model_fields_set or self.metrics

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(
                'must be the server\'s public address, e.g. "https://lesson.example.org"'
            )
        return value

    @field_validator("app_name")
    @classmethod
    def _app_name(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Za-z0-9_]{3,30}", value):
            raise ValueError(
                "must be the Mini App's short name from BotFather (letters, digits, _)"
            )
        return value

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError('must be host:port, e.g. "127.0.0.1:8080"')
        return value


class CalendarSettings(Section):
    """Corrections to China's official calendar for the "workdays" schedule."""

    # Official days off (法定节假日) that fall on a working weekday.
    holidays: list[date] = Field(default_factory=list)
    # Adjusted working days (调休上班), usually a Saturday or Sunday.
    workdays: list[date] = Field(default_factory=list)
    # A TOML file with the same two lists, for a whole year's schedule kept apart.
    file: Path | None = None

    @model_validator(mode="after")
    def _no_overlap(self) -> CalendarSettings:
        both = set(self.holidays) & set(self.workdays)
        if both:
            raise ValueError(f"{min(both).isoformat()} is listed both as holiday and workday")
        return self


class AccessSettings(Section):
    # When non-empty, only these Telegram user ids may /bind (and they must also be group admins).
    binders: list[int] = Field(default_factory=list)
    # --- rights: how long Telegram's list of a group's admins is trusted
    # before it is asked again. A promotion or demotion the bot hears about counts at once.
    rights_cache_seconds: int = Field(default=60, ge=0, le=3600)


# --- secretary's view: the weekly digest ------------------------------------------------------
class DigestSettings(Section):
    """The weekly digest to each group's secretaries (a chart and the week's figures)."""

    enabled: bool = True
    # Day and local time (the group's zone) it goes out; it covers the 7 days before.
    weekday: str = "mon"
    time: str = "08:00"
    # A font with Chinese glyphs for the chart; empty: look in the usual system places.
    font: str = ""

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> str:
        day = str(value).lower()
        if day not in _DAY_NAMES:
            raise ValueError(f"unknown day {value!r}; use mon tue wed thu fri sat sun")
        return day

    @field_validator("time", mode="before")
    @classmethod
    def _time(cls, value: object) -> str:
        return parse_hhmm(value)

    @field_validator("font")
    @classmethod
    def _font(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(f"font file {value!r} does not exist")
        return value

    @property
    def weekday_index(self) -> int:
        return _DAY_NAMES.index(self.weekday)


# --- branch life: political birthdays and activity days.
class BranchLifeSettings(Section):
    # Local time (the group's zone) at which birthday greetings and heads-ups go out.
    greeting_time: str = "09:00"
    # The sign-in QR code changes this often; a code is accepted in its window and the next.
    signin_rotate_seconds: int = Field(default=30, ge=10, le=600)
    # Sign-in opens this long before the start and closes this long after it.
    signin_open_minutes: int = Field(default=60, ge=0, le=24 * 60)
    signin_close_minutes: int = Field(default=180, ge=10, le=24 * 60)
    # The 纪实表 can be edited (and 补签 accepted) for this many days after the meeting.
    record_edit_days: int = Field(default=7, ge=0, le=365)

    @field_validator("greeting_time", mode="before")
    @classmethod
    def _time(cls, value: object) -> str:
        return parse_hhmm(value)


class QuizSettings(Section):
    """The quiz after the lesson (随堂测): where its polls go."""

    # False: polls go to each member's private chat only, and the group sees figures only, in
    # the evening line (a poll in the group would show everyone who chose what). True: the
    # group gets the polls too.
    in_group: bool = False


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
