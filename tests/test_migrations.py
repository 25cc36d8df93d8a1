"""Alembic is the only schema path: up, down, up again, and no drift from the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.cli import alembic_config
from app.core.db import make_sync_engine
from app.models import metadata


def test_upgrade_downgrade_upgrade_and_no_drift(empty_db_url: str) -> None:
    config = alembic_config(empty_db_url)
    command.downgrade(config, "base")
    engine = make_sync_engine(empty_db_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []
    tables = set(inspect(engine).get_table_names())
    assert {"placing", "placing_change", "relay_member", "data_revision"} <= tables
    engine.dispose()


def test_constraints_are_named(empty_db_url: str) -> None:
    engine = make_sync_engine(empty_db_url)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        for fk in inspector.get_foreign_keys(table.name):
            assert fk["name"] and fk["name"].startswith("fk_"), (table.name, fk)
        for unique in inspector.get_unique_constraints(table.name):
            assert unique["name"] and unique["name"].startswith("uq_"), (table.name, unique)
    engine.dispose()
