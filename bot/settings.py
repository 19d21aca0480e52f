"""Settings of a Tonnage process, from the environment and an optional ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import DEFAULT_SQLITE_URL, normalize_url

PLACEHOLDER_TOKENS = {"", "changeme", "123456:ABC-DEF"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: str = Field(default="production", description="production | development")
    database_url: str = DEFAULT_SQLITE_URL
    bot_token: SecretStr | None = None
    telegram_api_base: str | None = None
    company_tz: str = "Europe/Moscow"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    redis_url: str | None = None
    webapp_host: str = "127.0.0.1"
    webapp_port: int = 8080
    webapp_public_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    # False: receive no updates, only run the jobs and the outbox (a second worker process).
    polling: bool = True
    # Term of the scheduler's and the dispatcher's leases; a follower takes over after it.
    lease_seconds: int = Field(default=60, ge=1)
    rules_scan_seconds: int = Field(default=60, ge=1)
    # A row still ``sending`` after this long was left by a stopped sender; sent once more.
    outbox_stale_seconds: int = Field(default=300, ge=1)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_url(value)

    @field_validator("company_tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @property
    def is_development(self) -> bool:
        return self.environment.lower() in {"development", "dev", "test"}

    def require_token(self) -> str:
        """The bot token, or SystemExit with a message saying how to set it."""
        token = self.bot_token.get_secret_value().strip() if self.bot_token else ""
        if token in PLACEHOLDER_TOKENS:
            raise SystemExit(
                "BOT_TOKEN is not set. Get a token from @BotFather and put it in the "
                "environment or in .env (see .env.example), or run `tonnage demo` to try "
                "Tonnage against the bundled local Bot API server."
            )
        if ":" not in token:
            raise SystemExit("BOT_TOKEN does not look like a Telegram token (123456:ABC...).")
        return token


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
