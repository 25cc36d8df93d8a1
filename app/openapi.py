"""Render the app's OpenAPI document exactly as committed in openapi/openapi.json."""

import json

from app.core.config import Settings
from app.main import create_app


def render_openapi() -> str:
    app = create_app(Settings(database_url="sqlite://"))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
