"""Settings from environment variables (see README, "Configuration")."""

import json
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, IPvAnyNetwork, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
    # Origins whose pages may call the non-public API from a browser; the public API allows any.
    cors_origins: Annotated[list[str], NoDecode] = Field(default=[], validation_alias="SAMORDNING_CORS_ORIGINS")
    # Networks whose scrapers may read /metrics; to everyone else it does not exist.
    metrics_allow: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default=[ip_network("127.0.0.0/8"), ip_network("::1/128")], validation_alias="SAMORDNING_METRICS_ALLOW"
    )
    # Seconds `samordning serve` lets requests in flight finish after SIGTERM before it cancels them.
    shutdown_timeout: int = Field(default=30, validation_alias="SAMORDNING_SHUTDOWN_TIMEOUT")

    @field_validator("cors_origins", "metrics_allow", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        """A JSON list or comma-separated values."""
        if isinstance(value, str) and value.lstrip().startswith("["):
            return json.loads(value)
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
