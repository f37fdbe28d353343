"""The 公示/异议 record of a season, for the season archive (contest/archive): the notice, every
version of the result list, the objections with their handling (never their receipt codes),
the calendar overrides, the linked contests, and the objections' sealed attachments."""

from __future__ import annotations

import sqlalchemy as sa

from contest.archive.tables import row, rows, workbook
from contest.archive.writer import ManifestZip, safe_part, to_json
from contest.extensions import db
from contest.publicity import objections
from contest.publicity.models import (
    CalendarOverride,
    Notice,
    Objection,
    ResultList,
    SeasonContest,
)
from contest.season.models import Season


def publicity_files(season: Season, archive: ManifestZip) -> None:
    notice = db.session.scalar(sa.select(Notice).where(Notice.season_id == season.id))
    lists = db.session.scalars(
        sa.select(ResultList).where(ResultList.season_id == season.id).order_by(ResultList.version)
    ).all()
    filed = db.session.scalars(
        sa.select(Objection).where(Objection.season_id == season.id).order_by(Objection.sequence)
    ).all()
    record = {
        "notice": row(notice) if notice is not None else None,
        "result_lists": rows(lists),
        "objections": rows(filed),
        "calendar_overrides": rows(
            db.session.scalars(sa.select(CalendarOverride).order_by(CalendarOverride.day))
        ),
        "contests": rows(
            db.session.scalars(
                sa.select(SeasonContest)
                .where(SeasonContest.season_id == season.id)
                .order_by(SeasonContest.id)
            )
        ),
    }
    archive.add("publicity/record.json", to_json(record))
    archive.add("publicity/objections.xlsx", workbook([("异议", rows(filed))]))
    store = objections.storage()
    for objection in filed:
        attached = objection.attachment
        if attached and store.exists(attached["sha256"]):
            with store.open(attached["sha256"]) as source:
                name = f"{objection.number}-{safe_part(attached['name'])}"
                archive.add_stream(f"publicity/attachments/{name}", source)
