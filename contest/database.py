"""Engine set-up: SQLite pragmas and real transactions, PostgreSQL as it comes."""

from __future__ import annotations

import json
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

# The largest value an INTEGER primary key holds on PostgreSQL (SQLite's stop at 2**63 - 1).
MAX_ID = 2**31 - 1


def is_row_id(value: object) -> bool:
    """Whether a value from a request can be looked up as a primary key (`True` is no id)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


class RowIdConverter(IntegerConverter):
    """`<int:…>` in routes: a number no id can have is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _json(value: object) -> str:
    # UTF-8, not \u escapes: readable in the database, and the audit log search finds
    # Chinese text inside JSON data.
    return json.dumps(value, ensure_ascii=False)


def configure(app: Flask) -> None:
    """Engine options, the instance folder for the embedded SQLite database, id routes."""
    app.url_map.converters["int"] = RowIdConverter  # before any blueprint adds its rules
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("json_serializer", _json)
    # Database errors end up in logs with their tracebacks: never with the values bound to
    # the statement (a judge's key or code looked up, a name being saved).
    options.setdefault("hide_parameters", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own transaction handling issues BEGIN only before the first write, so reads
    # before it see no snapshot; take over and let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed score survives a power cut, not just a crash. Writes are few.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
