"""Settings from environment variables (see README, "Configuration")."""

import json
from email.utils import parseaddr
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# A system client's scopes unless its issuer names others; a person's rights need no scope by default,
# since an OpenID Connect ID token carries none.
DEFAULT_SCOPES = {"system": ("samordning:read", "samordning:write"), "person": (None, None)}


class IssuerConfig(BaseModel):
    """One trusted issuer of JWTs (an entry of SAMORDNING_ISSUERS; the names are a contract)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str = Field(min_length=1)
    jwks_url: str | None = None
    discovery_url: str | None = None
    audience: str | list[str]
    kind: Literal["system", "person"]
    person_claim: str = "email"
    read_scope: str | None = None
    write_scope: str | None = None
    # The staff app's sign-in (the OpenID Connect code flow, app/sessions/oidc.py) runs against the one
    # person issuer marked `sign_in`, as the client these name.
    sign_in: bool = False
    client_id: str | None = None
    client_secret: str | None = None
    scopes: list[str] = ["openid", "email", "profile"]

    @model_validator(mode="after")
    def _complete(self) -> "IssuerConfig":
        if (self.jwks_url is None) == (self.discovery_url is None):
            raise ValueError(f"issuer {self.issuer}: give exactly one of jwks_url and discovery_url")
        if self.sign_in and (self.kind != "person" or self.client_id is None or self.discovery_url is None):
            raise ValueError(f"issuer {self.issuer}: sign_in needs kind person, a client_id and a discovery_url")
        if self.sign_in and self.client_id not in self.audiences:
            raise ValueError(f"issuer {self.issuer}: the audience must include the client_id, the ID token's audience")
        if self.sign_in and "openid" not in self.scopes:
            raise ValueError(f"issuer {self.issuer}: the sign-in scopes must include openid")
        read, write = DEFAULT_SCOPES[self.kind]
        object.__setattr__(self, "read_scope", self.read_scope or read)
        object.__setattr__(self, "write_scope", self.write_scope or write)
        return self

    @property
    def audiences(self) -> list[str]:
        return [self.audience] if isinstance(self.audience, str) else self.audience


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'samordning.db'}",
        validation_alias="DATABASE_URL",
    )
    rules_dir: Path = Field(default=PROJECT_ROOT / "rules", validation_alias="SAMORDNING_RULES_DIR")
    content_dir: Path = Field(default=PROJECT_ROOT / "content", validation_alias="SAMORDNING_CONTENT_DIR")
    max_body_bytes: int = Field(default=1_048_576, validation_alias="SAMORDNING_MAX_BODY_BYTES")
    public_base_url: str = Field(default="http://127.0.0.1:8000", validation_alias="SAMORDNING_PUBLIC_BASE_URL")
    # The Host header values (`name` or `name:port`) the service answers; set, links name the host asked.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default=[], validation_alias="SAMORDNING_ALLOWED_HOSTS")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    # Origins whose pages may call the non-public API from a browser; the public API allows any.
    issuers: list[IssuerConfig] = Field(default=[], validation_alias="SAMORDNING_ISSUERS")
    cors_origins: Annotated[list[str], NoDecode] = Field(default=[], validation_alias="SAMORDNING_CORS_ORIGINS")
    # Networks whose scrapers may read /metrics; to everyone else it does not exist.
    metrics_allow: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default=[ip_network("127.0.0.0/8"), ip_network("::1/128")], validation_alias="SAMORDNING_METRICS_ALLOW"
    )
    # Seconds a replica remembers who a bearer token names (app/auth/cache.py): a token revoked, or a
    # person or organization removed, keeps working that long at most. 0 looks every request up.
    principal_cache_seconds: float = Field(
        default=10, ge=0, le=300, validation_alias="SAMORDNING_PRINCIPAL_CACHE_SECONDS"
    )
    # How often (seconds) a replica asks whether the record changed before it answers a public page or
    # feed from memory (app/publication/response_cache.py): another replica's change shows here that
    # late at most; this replica's own at once. 0 asks before every public answer.
    public_cache_check_seconds: float = Field(
        default=1, ge=0, le=60, validation_alias="SAMORDNING_PUBLIC_CACHE_CHECK_SECONDS"
    )
    # The memory those public answers may take in each replica, in bytes; the least recently used go first.
    public_cache_max_bytes: int = Field(default=64 << 20, ge=0, validation_alias="SAMORDNING_PUBLIC_CACHE_MAX_BYTES")
    # Staff app sign-in sessions (app/sessions): they end after this long without a request, and after
    # the absolute lifetime whatever happens.
    session_idle_minutes: float = Field(
        default=30, gt=0, le=24 * 60, validation_alias="SAMORDNING_SESSION_IDLE_MINUTES"
    )
    session_absolute_hours: float = Field(default=12, gt=0, le=7 * 24, validation_alias="SAMORDNING_SESSION_HOURS")
    # Signing in as any demo person without a password: for `make run` and tests, never a deployment.
    demo_signin: bool = Field(default=False, validation_alias="SAMORDNING_DEMO_SIGNIN")
    # The persons (by e-mail) who act as the secretariat when they sign in to the staff app.
    secretariat_emails: Annotated[list[str], NoDecode] = Field(
        default=[], validation_alias="SAMORDNING_SECRETARIAT_EMAILS"
    )
    # Seconds `samordning serve` lets requests in flight finish after SIGTERM before it cancels them.
    shutdown_timeout: int = Field(default=30, validation_alias="SAMORDNING_SHUTDOWN_TIMEOUT")
    # Longest one SQL statement may run before the database stops it (the request is then a 503): no
    # query anyone can build holds a connection longer, whether or not its client is still there.
    statement_timeout_seconds: float = Field(
        default=5, gt=0, le=3600, validation_alias="SAMORDNING_STATEMENT_TIMEOUT_SECONDS"
    )

    # Webhooks (app/webhooks): plain http to loopback receivers is for development and tests only.
    webhooks_allow_loopback: bool = Field(default=False, validation_alias="SAMORDNING_WEBHOOKS_ALLOW_LOOPBACK")
    webhooks_disable_after_days: float = Field(default=5, validation_alias="SAMORDNING_WEBHOOKS_DISABLE_AFTER_DAYS")
    webhooks_timeout_seconds: float = Field(default=10, validation_alias="SAMORDNING_WEBHOOKS_TIMEOUT_SECONDS")
    webhooks_retry_base_seconds: float = Field(default=5, validation_alias="SAMORDNING_WEBHOOKS_RETRY_BASE_SECONDS")
    webhooks_retry_max_seconds: float = Field(default=3600, validation_alias="SAMORDNING_WEBHOOKS_RETRY_MAX_SECONDS")
    # A worker that dies mid-send (kill -9) leaves its subscriptions to another after this long.
    webhooks_lease_seconds: float = Field(default=60, validation_alias="SAMORDNING_WEBHOOKS_LEASE_SECONDS")
    webhooks_poll_seconds: float = Field(default=1, validation_alias="SAMORDNING_WEBHOOKS_POLL_SECONDS")

    # E-mail to persons (app/notifications), sent by `samordning worker`: over SMTP when a URL is set
    # (smtp://user:password@host:587 with STARTTLS, smtps://…:465 with TLS from the start), else each
    # message is written as an .eml file under mail_dir and its path logged.
    smtp_url: str | None = Field(default=None, validation_alias="SAMORDNING_SMTP_URL")
    mail_from: str = Field(
        default="Nasjonal samordning <ikke-svar@samordning.itryggehender24-7.no>",
        validation_alias="SAMORDNING_MAIL_FROM",
    )
    # Documents' files (app/files): under files_dir, or with files_backend "s3" in the bucket at the
    # endpoint (credentials as boto3 reads them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, …).
    files_backend: Literal["local", "s3"] = Field(default="local", validation_alias="SAMORDNING_FILES_BACKEND")
    files_dir: Path = Field(default=PROJECT_ROOT / "data" / "files", validation_alias="SAMORDNING_FILES_DIR")
    files_s3_bucket: str = Field(default="samordning-files", validation_alias="SAMORDNING_FILES_S3_BUCKET")
    files_s3_endpoint_url: str | None = Field(default=None, validation_alias="SAMORDNING_FILES_S3_ENDPOINT_URL")
    files_s3_region: str | None = Field(default=None, validation_alias="SAMORDNING_FILES_S3_REGION")
    max_file_bytes: int = Field(default=50 << 20, gt=0, validation_alias="SAMORDNING_MAX_FILE_BYTES")
    mail_dir: Path = Field(default=PROJECT_ROOT / "data" / "mail", validation_alias="SAMORDNING_MAIL_DIR")
    mail_timeout_seconds: float = Field(default=30, gt=0, validation_alias="SAMORDNING_MAIL_TIMEOUT_SECONDS")
    mail_retry_base_seconds: float = Field(default=30, ge=0, validation_alias="SAMORDNING_MAIL_RETRY_BASE_SECONDS")
    mail_retry_max_seconds: float = Field(default=3600, ge=0, validation_alias="SAMORDNING_MAIL_RETRY_MAX_SECONDS")
    # A message the server has not taken this long after it was written is given up (recorded as failed).
    mail_give_up_hours: float = Field(default=72, gt=0, validation_alias="SAMORDNING_MAIL_GIVE_UP_HOURS")
    mail_lease_seconds: float = Field(default=120, gt=0, validation_alias="SAMORDNING_MAIL_LEASE_SECONDS")
    mail_poll_seconds: float = Field(default=1, gt=0, validation_alias="SAMORDNING_MAIL_POLL_SECONDS")
    # How often the worker looks for reminders to send and digests to make.
    mail_scan_seconds: float = Field(default=60, gt=0, validation_alias="SAMORDNING_MAIL_SCAN_SECONDS")
    # The hour (Europe/Oslo) from which each day's digest is made.
    mail_digest_hour: int = Field(default=7, ge=0, le=23, validation_alias="SAMORDNING_MAIL_DIGEST_HOUR")
    # Signs the unsubscribe links; unset, a random key kept in the database (app/notifications/unsubscribe.py).
    mail_secret: SecretStr | None = Field(default=None, min_length=32, validation_alias="SAMORDNING_MAIL_SECRET")

    @field_validator("cors_origins", "metrics_allow", "secretariat_emails", "allowed_hosts", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        """A JSON list or comma-separated values."""
        if isinstance(value, str) and value.lstrip().startswith("["):
            return json.loads(value)
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in ("smtp", "smtps"):
            raise ValueError("SAMORDNING_SMTP_URL: smtp://… (STARTTLS) or smtps://… (implicit TLS)")
        return value or None

    @field_validator("mail_from")
    @classmethod
    def _mail_from(cls, value: str) -> str:
        if "@" not in parseaddr(value)[1] or any(c in value for c in "\r\n"):
            raise ValueError("SAMORDNING_MAIL_FROM: an address such as «Navn <adresse@example.no>»")
        return value

    @model_validator(mode="after")
    def _one_sign_in_issuer(self) -> "Settings":
        if sum(issuer.sign_in for issuer in self.issuers) > 1:
            raise ValueError("SAMORDNING_ISSUERS: at most one issuer has sign_in")
        return self

    @property
    def sign_in_issuer(self) -> IssuerConfig | None:
        return next((issuer for issuer in self.issuers if issuer.sign_in), None)


@lru_cache
def get_settings() -> Settings:
    return Settings()
