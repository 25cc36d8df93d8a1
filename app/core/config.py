"""Settings read from the environment (and an optional `.env` file)."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Process settings; every field can be set as an environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./podium.db"
    cors_origins: list[str] = ["*"]
    max_body_bytes: int = 20 * 1024 * 1024
    gzip_min_bytes: int = 1024
    db_pool_size: int = 10
    cache_max_age: int = 60
    # Answers kept in memory per data revision (app/core/revision.py); 0 entries turns it off.
    response_cache_entries: int = 2048
    response_cache_bytes: int = 32 * 1024 * 1024
    # Faults and concurrency (docs/operations.md).
    db_pool_timeout: float = 10.0  # seconds a request waits for a pooled connection, then 503
    db_connect_timeout: int = 5  # seconds to open a PostgreSQL connection, then 503
    db_lock_timeout: float = 5.0  # seconds a write waits for another writer, then 503
    db_pool_pre_ping: bool = False  # ping every checkout (stale reads are retried once anyway)
    retry_after: int = 5  # Retry-After seconds while the database is unreachable
    # Observability.
    log_format: str = "json"  # json | text
    log_level: str = "INFO"
    access_log: bool = True  # one JSON line per request on the `podium.access` logger
    metrics: bool = True  # serve /metrics (Prometheus text format)


@lru_cache
def get_settings() -> Settings:
    return Settings()


_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
}
_SYNC_DRIVERS = {
    "sqlite+aiosqlite": "sqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
}


def _with_driver(url: str, drivers: dict[str, str]) -> str:
    scheme, sep, rest = url.partition("://")
    return f"{drivers.get(scheme, scheme)}{sep}{rest}"


def async_url(url: str) -> str:
    """Map a user's plain URL to the async driver the app uses (aiosqlite, psycopg 3)."""
    return _with_driver(url, _ASYNC_DRIVERS)


def sync_url(url: str) -> str:
    """Map a URL to the synchronous driver used by Alembic, the CLI and the importer."""
    return _with_driver(url, _SYNC_DRIVERS)
