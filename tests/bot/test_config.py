"""Settings from the environment: defaults, blanks, every problem reported at once."""

from __future__ import annotations

import pytest

from bot.config import (
    DEFAULT_DATABASE_URL,
    DEFAULT_SLACK_API_URL,
    ConfigError,
    Mode,
    Settings,
)


def test_defaults_when_nothing_is_set():
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///techlead-coach.db"
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL == "https://slack.com/api/"
    assert settings.slack_bot_token is None and settings.log_level == "INFO"


def test_blank_values_count_as_unset():
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "  ", "DATABASE_URL": ""})
    assert settings.slack_bot_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL


def test_every_missing_variable_is_reported_together():
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"SLACK_API_URL": "slack.example"}).require(Mode.HTTP)
    message = str(raised.value)
    assert "SLACK_BOT_TOKEN is not set" in message
    assert "SLACK_SIGNING_SECRET is not set" in message
    assert "SLACK_API_URL must be an http(s) URL" in message


def test_complete_settings_pass():
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    settings = Settings.from_env(env)
    assert settings.preferred_mode() is Mode.SOCKET
    assert settings.require(Mode.SOCKET) is settings


def test_offline_commands_need_no_tokens():
    settings = Settings.from_env({})
    assert settings.require(Mode.OFFLINE) is settings  # no ConfigError, the same settings
    with pytest.raises(ConfigError) as raised:  # while Web API work needs the bot token
        settings.require(Mode.API)
    assert "SLACK_BOT_TOKEN is not set" in str(raised.value)


@pytest.mark.parametrize("value", ["0", "-2", "three", "2.5"])
def test_a_privacy_floor_below_one_or_not_a_number_is_a_start_up_error(value):
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({"PRIVACY_MIN_ANSWERS": value}).require(Mode.OFFLINE)
    assert "PRIVACY_MIN_ANSWERS must be a whole number, 1 or more" in str(raised.value)


def test_the_privacy_floor_is_three_unless_set_and_one_turns_it_off():
    assert Settings.from_env({}).privacy_min_answers == 3
    settings = Settings.from_env({"PRIVACY_MIN_ANSWERS": "1"}).require(Mode.OFFLINE)
    assert settings.privacy_min_answers == 1
