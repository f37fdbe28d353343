"""Helpers for the certificate tests: awards on the demo contest, and reading PDFs back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa

from contest import fonts
from contest.extensions import db
from contest.models import AwardGrade, Contest, Team, TeamAward, utcnow
from tests.services import need

# 40 characters, as long as real company names get (〇 and full-width brackets included).
LONG_COMPANY = "中国船舶集团有限公司第七〇八研究所上海江南造船（集团）有限责任公司特种装备事业部"
LONG_TEAM = "总装车间电气调试与质量检验联合攻关班组"
assert len(LONG_COMPANY) == 40


def teams_of(contest: Contest) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.order_position)
        )
    )


def give_awards(contest: Contest, count: int = 20, *, first: int = 5) -> list[Team]:
    """一等奖 to the first `first` teams in running order, 二等奖 to the rest of `count`."""
    top = AwardGrade(contest_id=contest.id, name="一等奖", position=0, count=first)
    second = AwardGrade(contest_id=contest.id, name="二等奖", position=1, count=count - first)
    db.session.add_all([top, second])
    db.session.flush()
    teams = teams_of(contest)[:count]
    for index, team in enumerate(teams):
        grade = top if index < first else second
        db.session.add(TeamAward(team_id=team.id, grade_id=grade.id))
    db.session.commit()
    return teams


def rename(team: Team, company: str, name: str | None = None) -> Team:
    team.company_name = company
    if name is not None:
        team.team_name = name
    db.session.commit()
    return team


def publish(contest: Contest) -> None:
    contest.results_published_at = utcnow()
    db.session.commit()


def numbers_by_team(contest: Contest) -> dict[int, str | None]:
    rows = db.session.execute(
        sa.select(TeamAward.team_id, TeamAward.certificate_no)
        .join(Team, Team.id == TeamAward.team_id)
        .where(Team.contest_id == contest.id)
    )
    return {team_id: number for team_id, number in rows}


def need_pdf_tools() -> None:
    """A Chinese font to render with, and poppler-utils to read the PDF back."""
    need(bool(fonts.chinese_families()), "a Chinese font (fonts-noto-cjk)")
    need(bool(shutil.which("pdftotext") and shutil.which("pdfinfo")), "poppler-utils")


def pdf_text(path: Path, *, page: int | None = None, layout: bool = True) -> str:
    command = ["pdftotext"] + (["-layout"] if layout else [])
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*command, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def joined(text: str) -> str:
    """Undo the line breaks pdftotext puts where a paragraph wrapped (with their indent)."""
    return re.sub(r"[ \t]*\n[ \t]*", "", text)


def pdf_info(path: Path) -> dict[str, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pairs = (line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def write(tmp_path: Path, pdf: bytes, name: str = "certificates.pdf") -> Path:
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(pdf)
    return path
