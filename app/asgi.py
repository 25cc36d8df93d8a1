"""The ASGI application object for uvicorn: `uvicorn app.asgi:app`."""

import gc

from app.main import create_app

app = create_app()
# What start-up built (routes, models, prebuilt statements, the ORM registry) lives as long as
# the process. Frozen, the cyclic collector stops walking it on every full collection: a
# profile of the cabinet under load had 15% of the event loop's samples inside collections, and
# freezing raised its req/s by ~1.3x (docs/performance.md). Here, not in create_app: tests
# build many apps in one process and must not pin each one's garbage.
gc.collect()
gc.freeze()
