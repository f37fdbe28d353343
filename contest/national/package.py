"""The national recommendation package: one ZIP with, per team (a folder named by its 申报编号
and exact names), the final 申报表 (form 1-2 PDF of its latest submission), the narrative, the
sealed scan and the contest score and rank; the summary list as an xlsx index; manifest.json."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _

from contest import offload
from contest.archive.writer import ManifestZip, safe_part, to_json
from contest.extensions import db
from contest.models import Contest, Team
from contest.models.types import utcnow
from contest.national import tasks
from contest.national.models import NationalTask
from contest.ranking import standings
from contest.season import uploads
from contest.season.models import Season

PDF_SECONDS = 120


@dataclass(frozen=True)
class Entry:
    """One team's row of the index."""

    number: str
    recommender: str
    company: str
    team: str
    contest: str
    score: Decimal | None
    rank: int | None
    state: str
    folder: str


def _results(contest_ids: set[int]) -> dict[int, tuple[Decimal, int]]:
    """Published score and rank by team id, from each contest's standings."""
    found: dict[int, tuple[Decimal, int]] = {}
    for contest_id in sorted(contest_ids):
        contest = db.session.get(Contest, contest_id)
        if contest is None:
            continue
        for result in standings.compute(contest):
            found[result.team.id] = (result.score.published, result.standing.rank)
    return found


def render_papers(values: list[dict]) -> list[bytes]:
    """Form 1-2 PDFs of several submissions: one child process lays them all out."""
    from contest.season.papers import form12, registry

    return [registry.render(form12.FORM_NO, one, "pdf")[0] for one in values]


def _form12_pdfs(chosen: list[NationalTask]) -> list[bytes]:
    from contest.season.papers import form12

    values = [form12.facts(t.application, t.application.submissions[-1]) for t in chosen]
    return offload.in_process(
        render_papers, values, app_context=True, timeout=PDF_SECONDS * max(len(values), 1)
    )


def _files(task: NationalTask) -> dict[str, tuple[str, str]]:
    """kind → (stored sha256, uploaded name): the completed file, else the application's."""
    chosen = {k: (f.sha256, f.name) for k, f in uploads.current_files(task.application).items()}
    chosen.update({k: (f.sha256, f.name) for k, f in tasks.current_files(task).items()})
    return chosen


NAMES = {"narrative": "班组创建材料", "scan": "申报表盖章扫描件"}


def build(season: Season, folder: Path | None = None) -> Path:
    """Write the package to a temporary ZIP and return its path."""
    chosen = tasks.tasks(season)
    teams = {
        t.id: t
        for t in db.session.query(Team).filter(
            Team.id.in_([task.contest_team_id for task in chosen] or [0])
        )
    }
    results = _results({team.contest_id for team in teams.values()})
    store = uploads.storage()
    archive = ManifestZip(folder)
    entries: list[Entry] = []
    try:
        papers = _form12_pdfs(chosen)
        for task, paper in zip(chosen, papers, strict=True):
            application = task.application
            submission = application.submissions[-1]
            team = teams.get(task.contest_team_id)
            company, team_name = submission.company_name, submission.form.get("team_name", "")
            folder_name = "_".join(
                safe_part(part) for part in (application.number, company, team_name)
            )
            archive.add(f"{folder_name}/申报表（附件1-2）.pdf", paper)
            for kind, (sha256, name) in _files(task).items():
                suffix = Path(name).suffix.lower() or uploads.KINDS[kind].suffix
                with store.open(sha256) as source:
                    archive.add_stream(f"{folder_name}/{NAMES[kind]}{suffix}", source)
            score, rank = results.get(task.contest_team_id, (None, None))
            contest = team.contest.name if team is not None else ""
            archive.add(
                f"{folder_name}/发表赛成绩.json",
                to_json(
                    {
                        "申报编号": application.number,
                        "企业名称": company,
                        "班组名称": team_name,
                        "比赛": contest,
                        "得分": None if score is None else str(score),
                        "名次": rank,
                    }
                ),
            )
            entries.append(
                Entry(
                    application.number,
                    application.enterprise.recommender.name,
                    company,
                    team_name,
                    contest,
                    score,
                    rank,
                    tasks.state_name(task.state),
                    folder_name,
                )
            )
        archive.add("推荐名单汇总表.xlsx", index_xlsx(season, entries))
        return archive.finish(
            {
                "kind": "national-package",
                "season": season.year,
                "title": _("%(year)s年推荐国家级质量信得过班组材料", year=season.year),
                "created_at": utcnow().isoformat(),
                "teams": len(entries),
            }
        )
    except BaseException:
        archive.abandon()
        raise


def index_xlsx(season: Season, entries: list[Entry]) -> bytes:
    """The summary list: one row per team, names as text cells (formula-safe)."""
    import openpyxl

    from contest.exports.safety import put

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = _("推荐名单")
    put(ws, 1, 1, _("%(year)s年推荐国家级质量信得过班组汇总表", year=season.year))
    headers = [
        _("序号"),
        _("申报编号"),
        _("推荐单位"),
        _("企业名称"),
        _("班组名称"),
        _("发表赛"),
        _("得分"),
        _("名次"),
        _("材料审核"),
        _("文件夹"),
    ]
    for column, header in enumerate(headers, 1):
        put(ws, 2, column, header)
    for row, entry in enumerate(entries, 3):
        values = [
            row - 2,
            entry.number,
            entry.recommender,
            entry.company,
            entry.team,
            entry.contest,
            entry.score,
            entry.rank,
            entry.state,
            entry.folder,
        ]
        for column, value in enumerate(values, 1):
            put(ws, row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
