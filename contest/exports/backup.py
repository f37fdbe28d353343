"""A full backup of the database as JSON, and its restore into an empty database.

Every table of the models, every row, in dependency order (``db.metadata.sorted_tables``),
read in one transaction so the copy is consistent. Values are JSON-safe and exact:
decimals as strings, datetimes as ISO 8601 in UTC, enums by their stored value, JSON
columns as they are. The file carries a format version and the Alembic revision of the
schema it came from.

Restore refuses a database that holds any row, a different schema revision and an unknown
format; it inserts everything in one transaction (all or nothing) and then moves
PostgreSQL's id sequences past the restored ids. It writes no audit entry of its own: the
result is an exact copy, and the audit chain verifies as it did before.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.types import TypeDecorator

from contest.extensions import db
from contest.models import utcnow

FORMAT = "contest-backup"
FORMAT_VERSION = 1


class RestoreRefused(Exception):
    """The backup cannot be restored here; the message says why, in Chinese."""


def _encode(value: object) -> object:
    if value is None or isinstance(value, bool | int | str | dict | list):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _decode(column: sa.Column, value: object) -> object:
    if value is None:
        return None
    kind_of = column.type
    if isinstance(kind_of, TypeDecorator):  # ExactDecimal, UTCDateTime: their stored type
        kind_of = kind_of.impl_instance
    try:
        kind = kind_of.python_type
    except NotImplementedError:
        return value
    if kind is Decimal:
        return Decimal(str(value))
    if kind is datetime:
        return datetime.fromisoformat(str(value))
    if kind is date:
        return date.fromisoformat(str(value))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    return value


def schema_revision(conn: sa.Connection) -> str | None:
    """The Alembic revision of this database, or the scripts' head for a create_all schema."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(conn).get_current_revision()
    if current is not None:
        return current
    directory = current_app.extensions["migrate"].migrate.directory
    return ScriptDirectory(directory).get_current_head()


def _snapshot(conn: sa.Connection) -> sa.Connection:
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def dump() -> dict[str, Any]:
    """Every row of every table, as a JSON-ready document."""
    with db.engine.connect() as raw, _snapshot(raw).begin() as transaction:
        conn = transaction.connection
        tables = {}
        for table in db.metadata.sorted_tables:
            query = sa.select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [
                {key: _encode(value) for key, value in row._mapping.items()}
                for row in conn.execute(query)
            ]
        revision = schema_revision(conn)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "alembic_revision": revision,
        "created_at": utcnow().isoformat(),
        "tables": tables,
    }


def backup() -> bytes:
    """The backup file's bytes (UTF-8 JSON)."""
    return json.dumps(dump(), ensure_ascii=False, indent=1).encode("utf-8")


def _check(document: object) -> tuple[Mapping[str, list[dict[str, Any]]], str | None]:
    """The backup's rows by table and its schema revision, once the format is known."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreRefused(_("这不是本系统的备份文件"))
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise RestoreRefused(
            _("无法识别的备份格式版本：%(found)s（本系统支持 %(ours)s）", found=version, ours=1)
        )
    tables = document.get("tables")
    known = {t.name for t in db.metadata.sorted_tables}
    if not isinstance(tables, dict) or set(tables) != known:
        unknown = ", ".join(sorted(set(tables or {}) ^ known))
        raise RestoreRefused(_("备份中的数据表与本系统不一致：%(tables)s", tables=unknown))
    return tables, document.get("alembic_revision")


def _check_target(conn: sa.Connection, revision: str | None) -> None:
    present = set(sa.inspect(conn).get_table_names())
    if missing := [t.name for t in db.metadata.sorted_tables if t.name not in present]:
        raise RestoreRefused(
            _(
                "数据库尚未建表（缺少 %(tables)s）；请先运行 flask --app contest db upgrade",
                tables=", ".join(missing),
            )
        )
    for table in db.metadata.sorted_tables:
        if conn.scalar(sa.select(sa.func.count()).select_from(table)):
            raise RestoreRefused(
                _(
                    "数据库不是空的（表 %(table)s 已有数据），恢复只能在空数据库中进行；"
                    "请换一个新数据库后重试",
                    table=table.name,
                )
            )
    ours = schema_revision(conn)
    if revision is not None and ours is not None and revision != ours:
        raise RestoreRefused(
            _(
                "备份的数据库版本（%(theirs)s）与当前数据库版本（%(ours)s）不同",
                theirs=revision,
                ours=ours,
            )
        )


def _reset_sequences(conn: sa.Connection) -> None:
    """Move each serial id's sequence past the restored ids (PostgreSQL only)."""
    preparer = conn.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].foreign_keys or not isinstance(keys[0].type, sa.Integer):
            continue
        column = preparer.quote(keys[0].name)
        name = preparer.format_table(table)
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({column}) FROM {name}), 0) + 1, false)"
            ),
            {"table": name, "column": keys[0].name},
        )


def restore(document: object) -> dict[str, int]:
    """Insert a backup into this empty database in one transaction; rows per table."""
    tables, revision = _check(document)
    counts = {}
    with db.engine.begin() as conn:
        _check_target(conn, revision)
        for table in db.metadata.sorted_tables:
            rows = [
                {c.name: _decode(c, row.get(c.name)) for c in table.columns}
                for row in tables[table.name]
            ]
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts
