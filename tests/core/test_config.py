"""Plain database URLs from users map to the drivers the app uses."""

import pytest

from app.core.config import async_url, sync_url


@pytest.mark.parametrize(
    ("given", "async_form", "sync_form"),
    [
        ("sqlite:///./podium.db", "sqlite+aiosqlite:///./podium.db", "sqlite:///./podium.db"),
        (
            "postgresql://u@h:5432/d",
            "postgresql+psycopg://u@h:5432/d",
            "postgresql+psycopg://u@h:5432/d",
        ),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ],
)
def test_urls_map_to_the_app_drivers(given: str, async_form: str, sync_form: str) -> None:
    assert async_url(given) == async_form
    assert sync_url(given) == sync_form
    assert sync_url(async_url(given)) == sync_form
