"""What bench.documents checks in what it built: pages, exact names, workbook rows."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

from bench.dataset import TEAMS_PER_VENUE, VENUES

TEAMS = len(VENUES) * TEAMS_PER_VENUE


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pairs = (line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def pdf_page_text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return re.sub(r"\s+", "", out)


def check_certificates(path: Path, certs: list) -> list[str]:
    """Problems found in the batch PDF; empty when it is right."""
    problems = []
    info = pdf_info(path)
    if info.get("Pages") != str(len(certs)):
        problems.append(f"pdfinfo: {info.get('Pages')} pages, expected {len(certs)}")
    if not info.get("Page size", "").startswith("841.89 x 595.27"):
        problems.append(f"pdfinfo: page size {info.get('Page size')!r}, expected A4 landscape")
    if shutil.which("pdftotext"):
        longest = max(range(len(certs)), key=lambda i: len(certs[i].company + certs[i].team))
        for index in sorted({0, longest, len(certs) - 1}):
            cert = certs[index]
            text = pdf_page_text(path, index + 1)
            for what, expected in (
                ("company", cert.company),
                ("team", cert.team),
                ("number", cert.number),
            ):
                if re.sub(r"\s+", "", expected) not in text:
                    problems.append(f"page {index + 1}: {what} {expected!r} not found")
    return problems


def _team_rows(ws, name_column: str) -> int:
    header = [c.value for c in ws[1]]
    column = header.index(name_column)
    count = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            break
        count += row[column] is not None
    return count


def check_ranking(data: bytes) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    problems = []
    workbook = load_workbook(io.BytesIO(data))
    if workbook.sheetnames[0] != "总排名":
        problems.append(f"first sheet is {workbook.sheetnames[0]!r}, not 总排名")
    overall = _team_rows(workbook["总排名"], "企业名称")
    if overall != TEAMS:
        problems.append(f"总排名 has {overall} team rows, expected {TEAMS}")
    ranked = sum(
        isinstance(r[0], int)
        for r in workbook["总排名"].iter_rows(min_row=2, max_row=TEAMS + 1, values_only=True)
    )
    if ranked != TEAMS:
        problems.append(f"总排名 ranks {ranked} teams, expected {TEAMS}")
    venues = {name: _team_rows(workbook[name], "企业名称") for name in workbook.sheetnames[1:]}
    if list(venues) != list(VENUES) or set(venues.values()) != {TEAMS_PER_VENUE}:
        problems.append(f"venue sheets {venues}, expected {TEAMS_PER_VENUE} rows in each")
    seen = f"总排名 {overall} team rows ({ranked} ranked), " + ", ".join(
        f"{name} {rows}" for name, rows in venues.items()
    )
    return problems, seen


def check_summary(data: bytes, units: int, direct: int) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    teams = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows(min_row=5, values_only=True):
            if not isinstance(row[0], int):
                break
            teams += 1
    expected_sheets = units + (1 if direct else 0)
    problems = []
    if len(workbook.sheetnames) != expected_sheets:
        problems.append(f"{len(workbook.sheetnames)} sheets, expected {expected_sheets}")
    if teams != TEAMS:
        problems.append(f"{teams} team rows over all sheets, expected {TEAMS}")
    return problems, f"{len(workbook.sheetnames)} unit sheets, {teams} team rows in all"
