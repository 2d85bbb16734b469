"""Typed settings, read from the environment (prefix ``OUTPOST_``) and CLI options."""

from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from outpost.errors import OutpostError


class SettingsError(OutpostError):
    """An ``OUTPOST_`` environment variable has an invalid value."""


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
        le=100_000,
        description="Posts stored and processed per transaction during ingest.",
    )
    triage_model: Literal["static", "transformer"] = Field(
        default="static",
        description="Triage model: the default linear heads on static embeddings, "
        "or those blended with the fine-tuned transformer, which needs the "
        "transformer extra and labels about twenty times fewer posts per second.",
    )


def get_settings() -> Settings:
    """Read the settings from the environment. Raises SettingsError naming the
    first invalid variable."""
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        name = "OUTPOST_" + str(problem["loc"][0]).upper()
        raise SettingsError(
            f"{name}={problem.get('input')!r} is invalid: {problem['msg']}; "
            f"fix or unset {name}"
        ) from None
