"""Typed settings, read from the environment (and `.env` in the working directory)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_PATH = Path("data/beenthere.db")
PROJECT_PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
# A bot token is three base64url parts joined by dots.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+$")


class SettingsError(ValueError):
    """A setting is missing or unusable; the message says which and how to fix it."""


def _default_prompts_dir() -> Path:
    # Found from the installed package, never from the working directory.
    try:
        import prompts

        return Path(prompts.__file__).resolve().parent
    except ImportError:  # pragma: no cover - only when the project is not installed
        return PROJECT_PROMPTS_DIR


@dataclass(frozen=True)
class Settings:
    token: str
    database_path: Path = DEFAULT_DATABASE_PATH
    prompts_dir: Path = field(default_factory=_default_prompts_dir)
    log_level: str = "INFO"
    dev_guild_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_path", Path(self.database_path))
        object.__setattr__(self, "prompts_dir", Path(self.prompts_dir))
        object.__setattr__(self, "log_level", str(self.log_level).upper())

    def validate(self) -> None:
        """Check what can be checked offline. Raises SettingsError with one clear sentence."""
        if not self.token:
            raise SettingsError(
                "DISCORD_TOKEN is not set: put your bot token in .env (see .env.example) or the environment."
            )
        if not _TOKEN_SHAPE.match(self.token):
            raise SettingsError(
                "DISCORD_TOKEN does not look like a bot token (expected three parts separated by dots): "
                "copy it again from the Bot page of your Discord application."
            )
        if self.log_level not in _LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL {self.log_level!r} is not one of {', '.join(_LOG_LEVELS)}.")
        if not self.prompts_dir.is_dir():
            raise SettingsError(f"PROMPTS_DIR {str(self.prompts_dir)!r} is not a folder.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        dev_guild = env.get("DEV_GUILD_ID", "").strip()
        if dev_guild and not (dev_guild.isascii() and dev_guild.isdigit()):
            raise SettingsError(f"DEV_GUILD_ID {dev_guild!r} is not a server id (a number such as 1234567890).")
        kwargs: dict[str, object] = {"token": env.get("DISCORD_TOKEN", "").strip()}
        if env.get("DATABASE_PATH", "").strip():
            kwargs["database_path"] = Path(env["DATABASE_PATH"].strip())
        if env.get("PROMPTS_DIR", "").strip():
            kwargs["prompts_dir"] = Path(env["PROMPTS_DIR"].strip())
        if env.get("LOG_LEVEL", "").strip():
            kwargs["log_level"] = env["LOG_LEVEL"].strip()
        if dev_guild:
            kwargs["dev_guild_id"] = int(dev_guild)
        return cls(**kwargs)  # type: ignore[arg-type]

    @property
    def log_level_number(self) -> int:
        return logging.getLevelName(self.log_level)  # type: ignore[no-any-return]
