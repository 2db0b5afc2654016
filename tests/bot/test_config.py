"""Settings: read from the environment, checked offline before connecting."""

from __future__ import annotations

from pathlib import Path

import pytest

import prompts
from bot.config import DEFAULT_DATABASE_PATH, Settings, SettingsError

TOKEN = "MTIz.NDU2.Nzg5"
PACKAGE_PROMPTS = Path(prompts.__file__).resolve().parent


def test_defaults() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN})
    assert settings.token == TOKEN
    assert settings.database_path == DEFAULT_DATABASE_PATH == Path("data/beenthere.db")
    assert settings.prompts_dir == PACKAGE_PROMPTS
    assert settings.log_level == "INFO"
    assert settings.dev_guild_id is None


def test_keyword_defaults_match_the_environment_defaults() -> None:
    assert Settings(token=TOKEN) == Settings.from_env({"DISCORD_TOKEN": TOKEN})


def test_every_variable_is_read(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": f"  {TOKEN}\n",
            "DATABASE_PATH": str(tmp_path / "other.db"),
            "PROMPTS_DIR": str(tmp_path),
            "LOG_LEVEL": "debug",
            "DEV_GUILD_ID": "1234567890",
        }
    )
    assert settings.token == TOKEN
    assert settings.database_path == tmp_path / "other.db"
    assert settings.prompts_dir == tmp_path
    assert settings.log_level == "DEBUG"
    assert settings.dev_guild_id == 1234567890


def test_empty_values_mean_the_default() -> None:
    settings = Settings.from_env(
        {"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": "", "PROMPTS_DIR": " ", "LOG_LEVEL": "", "DEV_GUILD_ID": ""}
    )
    assert settings == Settings(token=TOKEN)


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "warning")
    settings = Settings.from_env()
    assert settings.token == TOKEN
    assert settings.log_level == "WARNING"


@pytest.mark.parametrize("value", ["my-server", "12.5", "-42", "12²"])
def test_dev_guild_id_must_be_a_number(value: str) -> None:
    with pytest.raises(SettingsError, match="DEV_GUILD_ID"):
        Settings.from_env({"DISCORD_TOKEN": TOKEN, "DEV_GUILD_ID": value})


def test_keyword_arguments_are_normalised(tmp_path: Path) -> None:
    settings = Settings(token=TOKEN, database_path=str(tmp_path / "x.db"), log_level="debug")  # type: ignore[arg-type]
    assert settings.database_path == tmp_path / "x.db"
    assert settings.log_level == "DEBUG"


def test_a_good_configuration_validates() -> None:
    Settings(token=TOKEN).validate()


def test_missing_token_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"DISCORD_TOKEN is not set.*\.env"):
        Settings.from_env({}).validate()


@pytest.mark.parametrize("token", ["abc", "abc.def", "a.b.c.d", "a..c", "a.b c.d", "a.b.c!"])
def test_malformed_token_is_refused(token: str) -> None:
    with pytest.raises(SettingsError, match="three parts separated by dots") as caught:
        Settings(token=token).validate()
    assert token not in str(caught.value)


def test_bad_log_level_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"LOG_LEVEL 'CHATTY' is not one of .*DEBUG"):
        Settings(token=TOKEN, log_level="chatty").validate()


def test_prompts_dir_must_be_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SettingsError, match=r"PROMPTS_DIR .*nowhere.* is not a folder"):
        Settings(token=TOKEN, prompts_dir=missing).validate()
    a_file = tmp_path / "core.toml"
    a_file.write_text("")
    with pytest.raises(SettingsError, match="is not a folder"):
        Settings(token=TOKEN, prompts_dir=a_file).validate()


def test_default_prompts_dir_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(token=TOKEN)
    assert settings.prompts_dir.is_absolute()
    assert settings.prompts_dir == PACKAGE_PROMPTS
    assert (settings.prompts_dir / "crisis_words.txt").is_file()
