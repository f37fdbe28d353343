"""Company and team each on a line of their own, shrunk to fit, never broken inside a name."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from contest.certificates import numbering, render, template
from contest.certificates.verify import verify_url
from contest.extensions import db
from tests.certificates import give_awards, need_pdf_tools, pdf_text, rename, write

# 40 and 12 characters: the longest company the notice's forms carry, a long team name.
COMPANY = "中国石油化工股份有限公司上海石油化工分公司华东中心工厂包装车间联合质量检验中心站"
TEAM = "包装车间丙班检修质控小组"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def _certificate(demo, company: str, team: str):
    [awarded] = give_awards(demo, 1, first=1)
    rename(awarded, company, team)
    numbering.assign_numbers(demo, actor="staff:1")
    db.session.commit()
    [cert] = render.certificates_for(demo, numbering.awarded(demo), url_for_number=verify_url)
    return cert


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in pdf_text(path, layout=False).splitlines() if line.strip()]


def test_name_lines_split_at_each_name():
    company = template.Segment("甲公司", "company")
    team = template.Segment("乙班", "team")
    colon = template.Segment("：", "text")
    lead = template.Segment("授予", "text")
    lines = render.name_lines([lead, company, team, colon])
    assert lines == [[lead, company], [team, colon]]
    assert render.name_lines([template.Segment("特发此证。", "text")]) is None


def test_long_company_and_team_print_on_lines_of_their_own(demo, tmp_path):
    need_pdf_tools()
    assert (len(COMPANY), len(TEAM)) == (40, 12)
    cert = _certificate(demo, COMPANY, TEAM)
    values = template.settings_of(demo)
    sheet = render.layout(cert, values)
    [(company_size, _), (team_size, _)] = sheet["blocks"][0]["lines"]
    assert (company_size, team_size) == ("size-15", sheet["size"])

    path = write(tmp_path, render.render_pdf([cert], values))

    lines = _lines(path)
    assert COMPANY in lines  # the whole company on one line, nothing else on it
    assert TEAM + "：" in lines
    assert lines.index(TEAM + "：") == lines.index(COMPANY) + 1
    if os.environ.get("CONTEST_SCREENSHOTS"):
        target = DOCS / "certificate-long-names"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(target)])


def test_a_short_name_keeps_the_body_size(demo, tmp_path):
    need_pdf_tools()
    cert = _certificate(demo, "上海市第六人民医院", "检修一班")
    sheet = render.layout(cert, template.settings_of(demo))
    sizes = [size for size, _line in sheet["blocks"][0]["lines"]]
    assert sizes == [sheet["size"], sheet["size"]]
    lines = _lines(write(tmp_path, render.render_pdf([cert], template.settings_of(demo))))
    assert lines[lines.index("上海市第六人民医院") :][:2] == ["上海市第六人民医院", "检修一班："]
