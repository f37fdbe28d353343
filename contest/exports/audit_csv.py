"""The audit log as CSV: UTF-8 with a BOM so Excel shows the Chinese, formula-safe.

One row per entry of the contest (and the contest-less entries, e.g. staff accounts), in
chain order, with both hashes so anyone can recheck the chain from the file. Times are
Asia/Shanghai, ISO 8601 with the offset. `data` is the stored JSON, keys sorted,
``ensure_ascii=False`` so Chinese stays readable.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from contest.exports.safety import guard_csv
from contest.extensions import db
from contest.models import AuditEntry, Contest

COLUMNS = ("id", "time", "actor", "action", "subject", "data", "prev_hash", "hash")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_time(at: datetime) -> str:
    return at.astimezone(SHANGHAI).isoformat()


def rows(contest: Contest) -> list[list[object]]:
    """The CSV body: one list per entry, every text field guarded."""
    query = (
        sa.select(AuditEntry)
        .where(sa.or_(AuditEntry.contest_id == contest.id, AuditEntry.contest_id.is_(None)))
        .order_by(AuditEntry.id)
    )
    body: list[list[object]] = []
    for entry in db.session.scalars(query):
        data = json.dumps(entry.data, ensure_ascii=False, sort_keys=True)
        texts = (entry.actor, entry.action, entry.subject, data, entry.prev_hash, entry.hash)
        body.append([entry.id, local_time(entry.at), *(guard_csv(t) for t in texts)])
    return body


def build(contest: Contest) -> bytes:
    """The contest's audit log as a CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(contest))
    return buffer.getvalue().encode("utf-8-sig")
