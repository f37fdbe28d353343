"""The archive's sections, in order: name → a function writing that section's files.

A section is `Section(name, title, write)` with `write(season, archive)` adding entries under
`<name>/`; the 公示/异议 record's writer lives with it (contest/publicity/archive.py), and so
does the contest day's signed record (contest/signing/archive.py). The archive and its reader
need nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from contest.archive.tables import row, rows, workbook
from contest.archive.writer import ManifestZip, safe_part, to_json
from contest.extensions import db
from contest.models import AuditEntry, Contest, ScoreSubmission, Team, TeamAward
from contest.publicity.archive import publicity_files
from contest.season import uploads
from contest.season.models import Application, ApplicationFile, Decision, Season, Submission
from contest.signing.archive import signed_files


@dataclass(frozen=True)
class Section:
    name: str  # the folder in the ZIP, ASCII
    title: str  # what the reader calls it, in Chinese
    write: Callable[[Season, ManifestZip], None]


def _applications(season: Season) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.season_id == season.id)
            .order_by(Application.number)
        )
    )


def contests_of(season: Season) -> list[Contest]:
    """The contests the season's applications became teams of."""
    team_ids = [a.contest_team_id for a in _applications(season) if a.contest_team_id]
    ids = db.session.scalars(
        sa.select(Team.contest_id).where(Team.id.in_(team_ids or [0])).distinct()
    ).all()
    return list(db.session.scalars(sa.select(Contest).where(Contest.id.in_(ids or [0]))))


def forms(season: Season, archive: ManifestZip) -> None:
    """Every application: its rows as JSON (submissions, decisions, files) and its files."""
    store = uploads.storage()
    summary = []
    for application in _applications(season):
        folder = f"forms/{safe_part(application.number)}"
        files = db.session.scalars(
            sa.select(ApplicationFile)
            .where(ApplicationFile.application_id == application.id)
            .order_by(ApplicationFile.id)
        ).all()
        record = {
            "application": row(application),
            "submissions": rows(
                db.session.scalars(
                    sa.select(Submission)
                    .where(Submission.application_id == application.id)
                    .order_by(Submission.version)
                )
            ),
            "decisions": rows(
                db.session.scalars(
                    sa.select(Decision)
                    .where(Decision.application_id == application.id)
                    .order_by(Decision.id)
                )
            ),
            "files": rows(files),
        }
        archive.add(f"{folder}/application.json", to_json(record))
        for stored in files:
            if store.exists(stored.sha256):
                with store.open(stored.sha256) as source:
                    name = f"{stored.id}-{stored.kind}-{safe_part(stored.name)}"
                    archive.add_stream(f"{folder}/files/{name}", source)
        summary.append(row(application))
    archive.add("forms/applications.json", to_json(summary))
    archive.add("forms/applications.xlsx", workbook([("申报表", summary)]))


def reviews(season: Season, archive: ManifestZip) -> None:
    """材料文审: rounds, items, reviewers (without their keys), assignments, reviews."""
    from contest.review.models import Assignment, Review, Reviewer, ReviewItem, ReviewRound

    found = db.session.scalars(sa.select(ReviewRound).where(ReviewRound.season_id == season.id))
    rounds = list(found)
    ids = [r.id for r in rounds] or [0]
    assignments = list(
        db.session.scalars(sa.select(Assignment).where(Assignment.round_id.in_(ids)))
    )
    tables = [
        ("rounds", "评审轮次", rows(rounds)),
        (
            "items",
            "评分项",
            rows(db.session.scalars(sa.select(ReviewItem).where(ReviewItem.round_id.in_(ids)))),
        ),
        (
            "reviewers",
            "评审专家",
            rows(db.session.scalars(sa.select(Reviewer).where(Reviewer.round_id.in_(ids)))),
        ),
        ("assignments", "分配", rows(assignments)),
        (
            "reviews",
            "评审意见",
            rows(
                db.session.scalars(
                    sa.select(Review).where(
                        Review.assignment_id.in_([a.id for a in assignments] or [0])
                    )
                )
            ),
        ),
    ]
    for name, _title, found_rows in tables:
        archive.add(f"reviews/{name}.json", to_json(found_rows))
    archive.add("reviews/reviews.xlsx", workbook([(title, r) for _n, title, r in tables]))


def scores(season: Season, archive: ManifestZip) -> None:
    """The linked contests' score submissions (every version) with their marks."""
    for contest in contests_of(season):
        submissions = db.session.scalars(
            sa.select(ScoreSubmission)
            .join(Team)
            .where(Team.contest_id == contest.id)
            .order_by(ScoreSubmission.id)
        ).all()
        found = []
        for submission in submissions:
            record = row(submission)
            record["marks"] = {m.item.name: str(m.value) for m in submission.marks}
            found.append(record)
        teams = rows(
            db.session.scalars(
                sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.id)
            )
        )
        archive.add(f"scores/contest-{contest.id}/submissions.json", to_json(found))
        archive.add(f"scores/contest-{contest.id}/teams.json", to_json(teams))
        archive.add(
            f"scores/contest-{contest.id}/scores.xlsx",
            workbook([("评分提交", found), ("班组", teams)]),
        )


def audit_log(season: Season, archive: ManifestZip) -> None:
    """The audit log export of each linked contest, and the season's own entries."""
    from contest.exports.audit_csv import build

    for contest in contests_of(season):
        archive.add(f"audit/contest-{contest.id}.csv", build(contest))
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.contest_id.is_(None)).order_by(AuditEntry.id)
    )
    archive.add("audit/season.json", to_json(rows(entries)))


def certificates(season: Season, archive: ManifestZip) -> None:
    """The certificate register: each award's number, grade and the names printed."""
    found = []
    for contest in contests_of(season):
        awards = db.session.scalars(
            sa.select(TeamAward).join(Team).where(Team.contest_id == contest.id).order_by(Team.id)
        )
        for award in awards:
            found.append(
                {
                    "比赛": contest.name,
                    "证书编号": award.certificate_no,
                    "企业名称": award.team.company_name,
                    "班组名称": award.team.team_name,
                    "等级": award.grade.name,
                    "打印的企业名称": award.printed_company,
                    "打印的班组名称": award.printed_team,
                    "打印版本": award.print_version,
                }
            )
    archive.add("certificates/register.json", to_json(found))
    archive.add("certificates/register.xlsx", workbook([("证书登记", found)]))


def national(season: Season, archive: ManifestZip) -> None:
    """推荐国家级 材料完善: tasks, their files and 提交."""
    from contest.national.models import NationalFile, NationalSubmission, NationalTask

    found = list(
        db.session.scalars(sa.select(NationalTask).where(NationalTask.season_id == season.id))
    )
    ids = [t.id for t in found] or [0]
    record = {
        "tasks": rows(found),
        "files": rows(
            db.session.scalars(sa.select(NationalFile).where(NationalFile.task_id.in_(ids)))
        ),
        "submissions": rows(
            db.session.scalars(
                sa.select(NationalSubmission).where(NationalSubmission.task_id.in_(ids))
            )
        ),
    }
    archive.add("national/tasks.json", to_json(record))
    store = uploads.storage()
    files = db.session.scalars(
        sa.select(NationalFile).where(NationalFile.task_id.in_(ids)).order_by(NationalFile.id)
    )
    for stored in files:
        if store.exists(stored.sha256):
            with store.open(stored.sha256) as source:
                name = f"{stored.id}-{stored.kind}-{safe_part(stored.name)}"
                archive.add_stream(f"national/task-{stored.task_id}/{name}", source)


SECTIONS: list[Section] = [
    Section("forms", "申报表及附件", forms),
    Section("reviews", "材料文审", reviews),
    Section("scores", "发表赛评分", scores),
    Section("signed", "发表赛签名、承诺书、抽签与申诉记录", signed_files),
    Section("audit", "操作日志", audit_log),
    Section("certificates", "证书登记", certificates),
    Section("national", "推荐国家级材料完善", national),
    Section("publicity", "公示与异议记录", publicity_files),
]


def add_section(section: Section) -> None:
    """Add a section (the 公示/异议 record) once; its files go under `<name>/`."""
    if all(s.name != section.name for s in SECTIONS):
        SECTIONS.append(section)
