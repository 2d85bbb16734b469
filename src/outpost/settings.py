"""Typed settings, read from the environment (prefix ``OUTPOST_``) and CLI options."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Outpost's settings. Each can be set as ``OUTPOST_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="OUTPOST_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///outpost.db",
        description="SQLAlchemy URL of the store; a SQLite file in the current folder "
        "by default, postgresql+psycopg://… in production.",
    )
    batch_size: int = Field(
        default=2000,
        ge=1,
        description="Posts stored and processed per transaction during ingest.",
    )


def get_settings() -> Settings:
    """Read the settings from the environment."""
    return Settings()
