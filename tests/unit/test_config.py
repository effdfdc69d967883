"""Config loading: defaults, the environment token, and errors that name the key and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import ConfigError, load_settings

GOOD_TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid_and_documents_every_section() -> None:
    example = Path(__file__).parents[2] / "config.example.toml"
    settings = load_settings(example, environ={"MICROLESSON_TELEGRAM_TOKEN": GOOD_TOKEN})
    assert settings.schedule.timezone == "Asia/Shanghai"
    assert settings.schedule.broadcast_time == "07:30"
    assert settings.schedule.weekdays == ["mon", "tue", "wed", "thu", "fri"]
    assert settings.storage.url == "sqlite+aiosqlite:///microlesson.db"
    text = example.read_text(encoding="utf-8")
    for key in (
        "token",
        "api_base_url",
        "url",
        "timezone",
        "broadcast_time",
        "weekdays",
        "reminder_time",
        "catch_up_minutes",
        "binders",
        "target_lufs",
    ):
        assert f"{key} =" in text or f"# {key} =" in text


def test_token_from_environment_wins(tmp_path: Path) -> None:
    path = _write(tmp_path, '[telegram]\ntoken = "1:bad"\n')
    settings = load_settings(path, environ={"MICROLESSON_TELEGRAM_TOKEN": GOOD_TOKEN})
    assert settings.token == GOOD_TOKEN


def test_missing_token_names_the_key_and_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[schedule]\ntimezone = "Asia/Shanghai"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    assert str(path) in str(err.value)
    assert "[telegram] token" in str(err.value)
    assert "MICROLESSON_TELEGRAM_TOKEN" in str(err.value)


def test_malformed_token_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '[telegram]\ntoken = "hello"\n')
    with pytest.raises(ConfigError, match=r"\[telegram\] token is malformed"):
        load_settings(path, environ={})


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[schedule]\ntimezone = "Mars/Olympus"\n', "[schedule] timezone"),
        ('[schedule]\nbroadcast_time = "25:00"\n', "[schedule] broadcast_time"),
        ('[schedule]\nweekdays = ["monday"]\n', "[schedule] weekdays"),
        ('[schedule]\nweekdays = "weekends"\n', "[schedule] weekdays"),
        ('[storage]\nurl = "mysql://x"\n', "[storage] url"),
        ('[telegram]\napi_base_url = "localhost"\n', "[telegram] api_base_url"),
        ('[schedule]\nbroadcast_tim = "07:30"\n', "[schedule] broadcast_tim"),
        ('[access]\nbinders = ["alice"]\n', "[access] binders"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, toml: str, key: str) -> None:
    path = _write(tmp_path, toml)
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={"MICROLESSON_TELEGRAM_TOKEN": GOOD_TOKEN})
    assert key in str(err.value)
    assert str(path) in str(err.value)


def test_workdays_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, '[schedule]\nweekdays = "workdays"\n')
    settings = load_settings(path, environ={"MICROLESSON_TELEGRAM_TOKEN": GOOD_TOKEN})
    assert settings.schedule.weekdays == "workdays"


def test_not_toml_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "[telegram\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path, environ={})
