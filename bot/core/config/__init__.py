"""The deployer's config: one TOML file read into typed settings (sections.py), validated at
start with errors that name the key (loading.py)."""

from bot.core.config.loading import Settings, load_settings, parse_settings
from bot.core.config.meetings import CommitteeSettings, Frequency, MeetingsSettings
from bot.core.config.sections import (
    TOKEN_ENV,
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
    StorageSettings,
    TelegramSettings,
    WebSettings,
    hhmm_to_time,
    parse_hhmm,
)

__all__ = [
    "TOKEN_ENV",
    "AccessSettings",
    "AudioConfig",
    "BranchLifeSettings",
    "BroadcastSettings",
    "CalendarSettings",
    "ChatSettings",
    "CommitteeSettings",
    "ConfigError",
    "DigestSettings",
    "Frequency",
    "LoggingSettings",
    "MeetingsSettings",
    "NotesSettings",
    "PointsSettings",
    "QuizSettings",
    "ScheduleSettings",
    "Settings",
    "StorageSettings",
    "TelegramSettings",
    "WebSettings",
    "hhmm_to_time",
    "load_settings",
    "parse_hhmm",
    "parse_settings",
]
