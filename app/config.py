"""Settings from environment variables (see README, "Configuration")."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'samordning.db'}",
        validation_alias="DATABASE_URL",
    )
    rules_dir: Path = Field(default=PROJECT_ROOT / "rules", validation_alias="SAMORDNING_RULES_DIR")
    content_dir: Path = Field(default=PROJECT_ROOT / "content", validation_alias="SAMORDNING_CONTENT_DIR")
    max_body_bytes: int = Field(default=1_048_576, validation_alias="SAMORDNING_MAX_BODY_BYTES")
    public_base_url: str = Field(
        default="http://127.0.0.1:8000", validation_alias="SAMORDNING_PUBLIC_BASE_URL"
    )
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")


@lru_cache
def get_settings() -> Settings:
    return Settings()
