"""Alembic environment: the only path by which the schema changes."""

from alembic import context

from app.athletes.search import outside_metadata
from app.core.config import get_settings
from app.core.db import make_sync_engine
from app.models import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_sync_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration recreates a table (create a copy, drop, rename). With foreign keys
            # enforced, SQLite's DROP TABLE first deletes the rows and cascades the deletes to the
            # tables referring to it (events, rounds, placings): the data would be lost. Off for
            # the migration (it cannot change inside a transaction), checked before committing.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            _run(connection)
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
    engine.dispose()


def include_name(name: str | None, kind: str, _parents: object) -> bool:
    """Autogenerate compares the models' tables and indexes, not the search index's own."""
    return not outside_metadata(name, kind)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
