"""Delete a whole contest (the demo, most often), after a backup file is written.

Every row that belongs to the contest goes: its venues and their stages, draws and host
assignments, teams, judges, recusals, scores and marks, deductions, awards and selections,
units, score items and import batches. Which rows belong is worked out from the foreign keys,
so a table added later is covered the day it is added. Two tables stay: staff accounts (they
are global) and the audit log, which is hash-chained over each entry's contest id and must
never lose or change an entry; it gains `contest.deleted` with the counts and the backup.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Contest, utcnow
from contest.setup.contests import Refused
from contest.transactions import atomic

KEPT = frozenset({"audit_entries", "staff_users"})
BACKUP_NAME = re.compile(r"^contest-\d+-\d{8}T\d{6}Z(-\d+)?\.json$")


@dataclass(frozen=True)
class Backup:
    name: str
    sha256: str
    size: int


def _conditions(contest_id: int) -> list[tuple[sa.Table, sa.ColumnElement[bool]]]:
    """Each table holding rows of the contest, parents first, with what selects those rows."""
    found: dict[str, tuple[sa.Table, sa.ColumnElement[bool]]] = {}
    for table in db.metadata.sorted_tables:
        if table.name in KEPT:
            continue
        if table.name == "contests":
            found[table.name] = (table, table.c.id == contest_id)
            continue
        parts = []
        for key in table.foreign_keys:
            target = key.column.table.name
            if target == "contests":
                parts.append(key.parent == contest_id)
            elif target in found:
                condition = found[target][1]
                parts.append(key.parent.in_(sa.select(key.column).where(condition)))
        if parts:
            found[table.name] = (table, sa.or_(*parts))
    return list(found.values())


def counts(contest_id: int) -> dict[str, int]:
    """How many rows of each table belong to the contest (tables with none left out)."""
    result = {}
    for table, condition in _conditions(contest_id):
        number = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(condition))
        if number:
            result[table.name] = number
    return result


def write_backup(*, folder: Path, contest_id: int) -> Backup:
    """The whole database as JSON under `folder` (readable by the server's user only)."""
    from contest import offload
    from contest.exports.backup import backup

    data = offload.in_process(backup, app_context=True, database=True)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"contest-{contest_id}-{utcnow().strftime('%Y%m%dT%H%M%SZ')}"
    name, number = f"{stem}.json", 1
    while (folder / name).exists():  # two deletions in one second: never overwrite a backup
        number += 1
        name = f"{stem}-{number}.json"
    partial = folder / f".{name}.partial"
    partial.write_bytes(data)
    partial.chmod(0o600)  # it holds judges' keys and staff password hashes
    os.replace(partial, folder / name)
    return Backup(name, hashlib.sha256(data).hexdigest(), len(data))


def backup_path(folder: Path, name: str) -> Path | None:
    """The backup file of that name, when it is one (never a path outside `folder`)."""
    if not BACKUP_NAME.match(name):
        return None
    path = folder / name
    return path if path.is_file() else None


def remove_contest(*, contest_id: int, typed_name: str, folder: Path, actor: str) -> int:
    """Back up, then delete every row of the contest in one transaction; the audit entry's id."""
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise Refused(_("这个比赛已不存在，可能已被删除"))
    if typed_name.strip() != contest.name:
        raise Refused(
            _("输入的名称与比赛名称不一致，比赛未删除。请完整输入「%(name)s」", name=contest.name)
        )
    name, is_demo, before = contest.name, contest.is_demo, counts(contest_id)
    db.session.commit()  # end the read before the backup's own snapshot
    saved = write_backup(folder=folder, contest_id=contest_id)

    def work() -> int:
        if counts(contest_id) != before:
            raise Refused(_("备份期间比赛数据有了变化（例如有新的评分），比赛未删除；请再操作一次"))
        for table, condition in reversed(_conditions(contest_id)):
            db.session.execute(table.delete().where(condition))
        # A season's link to the contest has no foreign key (the season outlives it), so it
        # goes by hand: a later contest given the same id must not inherit the season.
        from contest.publicity.models import SeasonContest

        db.session.execute(sa.delete(SeasonContest).where(SeasonContest.contest_id == contest_id))
        entry = audit.record(
            "contest.deleted",
            actor=actor,
            subject=f"contest:{contest_id}",
            data={
                "name": name,
                "is_demo": is_demo,
                "rows": before,
                "backup": saved.name,
                "sha256": saved.sha256,
                "bytes": saved.size,
            },
            contest_id=contest_id,
        )
        return entry.id

    entry_id = atomic(work)
    db.session.expunge_all()  # the contest's objects are gone from the database
    return entry_id
