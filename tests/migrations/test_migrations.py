"""Alembic is the only schema path: up, down, up again, and no drift from the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.athletes.search import outside_metadata
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
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": lambda name, kind, _: not outside_metadata(name, kind),
            },
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


def _triggers(engine) -> set[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    with engine.connect() as connection:
        return set(connection.exec_driver_sql(query).scalars())


def test_upgrades_keep_stored_results_and_their_triggers(empty_db_url: str) -> None:
    """SQLite recreates a table for a batch change: that must neither cascade-delete the rows
    referring to it nor lose the change-log triggers (a real upgrade of a filled database)."""
    config = alembic_config(empty_db_url)
    command.downgrade(config, "base")
    command.upgrade(config, "0005")
    engine = make_sync_engine(empty_db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO country (code, name, historic) VALUES ('FRA', 'France', false)"
        )
        connection.exec_driver_sql(
            "INSERT INTO discipline (code, name, kind, unit, lower_is_better) "
            "VALUES ('1500m', '1500 metres', 'track', 'time', true)"
        )
        connection.exec_driver_sql(
            "INSERT INTO competition (slug, name, series, year, sources) "
            "VALUES ('olympic-games-2024', 'Paris 2024', 'olympic-games', 2024, '[]')"
        )
        connection.exec_driver_sql(
            "INSERT INTO event (competition_id, discipline_code, sex, coverage, sources) "
            "SELECT id, '1500m', 'men', 'final', '[]' FROM competition"
        )
        connection.exec_driver_sql(
            "INSERT INTO round (event_id, slug, phase) SELECT id, 'final', 'final' FROM event"
        )
    before = _triggers(engine)
    command.upgrade(config, "head")
    with engine.connect() as connection:
        counts = [
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("competition", "event", "round")
        ]
        series = connection.exec_driver_sql("SELECT series FROM competition").scalar()
    assert counts == [1, 1, 1] and series == "olympic-games"
    assert _triggers(engine) >= before and "trg_change_log_competition_update" in before
    engine.dispose()
