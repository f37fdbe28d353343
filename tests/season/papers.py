"""Helpers of the papers' tests: a submitted application through the pages, its paper read
back as text, and a "scan" of a PDF (rendered by pdftoppm, wrapped as an image PDF)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Application
from tests.season import helpers
from tests.season.test_form12 import GOOD
from tests.services import need

COMPANY = "上海华谊（集团）公司  丙烯酸厂"  # two spaces, as the 公章 reads
TEAM = "丙烯酸装置运行三班（Ⅱ线）"
FORM = {
    **GOOD,
    "team_name": TEAM,
    "summary_1": "班组共有成员12人，负责丙烯酸装置的运行。\n班组文化是“精益求精、诚信守诺”。",
}


def need_tools() -> None:
    from contest import fonts

    need(bool(fonts.chinese_families()), "a Chinese font (fonts-noto-cjk)")
    need(bool(shutil.which("pdftotext") and shutil.which("pdftoppm")), "poppler-utils")


def submitted(app, staff, form=None):
    """(team client, unit client, application) with version 1 submitted."""
    from tests.season.test_channels import _season_with_a_team

    team, unit, enterprise = _season_with_a_team(app, staff)
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application).order_by(Application.id.desc()))
    url = f"/apply/team/{application.id}"
    data = {**(form or FORM), "csrf_token": helpers.token(team, url), "next": "submit"}
    assert team.post(url, data=data).status_code == 302
    from tests.season.files import docx

    narrative = docx("班组创建材料：我们开展QC小组活动。")
    sent = helpers.upload(team, application.id, "narrative", narrative, "材料.docx")
    assert sent.status_code == 302
    token = helpers.token(team, f"{url}/submit")
    assert team.post(f"{url}/submit", data={"csrf_token": token}).status_code == 302
    return team, unit, application


def word(client, url: str):
    """The Word paper at `url` (the response: its bytes and its download name)."""
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    return response


def today_text() -> str:
    """Today in Beijing as the papers print a date: 2026 年 7 月 3 日."""
    from contest.season.unit_forms import today

    day = today()
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def pdf_lines(data: bytes, tmp_path: Path, name: str) -> list[str]:
    """A paper's PDF kept as `name` under tmp_path (to look at), read back as its lines."""
    (tmp_path / name).write_bytes(data)
    return [line for line in pdf_text(data, tmp_path).splitlines() if line.strip()]


def pdf_text(data: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def scan_of(pdf: bytes, tmp_path: Path, *, dpi: int = 150) -> bytes:
    """Page 1 rendered at `dpi` and wrapped into a new PDF, as a scanner would send it."""
    from PIL import Image

    source = tmp_path / "printed.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / "scanned"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(source),
         str(prefix)],
        check=True,
    )  # fmt: skip
    return image_pdf(Image.open(f"{prefix}.png"), dpi)


def image_pdf(image, dpi: int = 150) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PDF", resolution=dpi)
    return out.getvalue()


def blank_scan() -> bytes:
    from PIL import Image

    return image_pdf(Image.new("L", (1240, 1754), 255))


def docx_rows(data: bytes) -> list[list[str]]:
    """The table's rows as Word shows them: a merged cell once."""
    from docx import Document

    table = Document(io.BytesIO(data)).tables[0]
    rows = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text)
        rows.append(texts)
    return rows
