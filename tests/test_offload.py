"""contest.offload's child process: same results, same errors, progress relayed, none left.

The server uses the child only under gevent (tests/browser/test_documents_live.py runs it
there); here `offload.child` runs it directly from the test process, and `in_process` is
shown to stay in this process outside gevent, which every other test relies on.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from contest import exports, fonts, offload
from contest.certificates import numbering, render, template
from contest.certificates.verify import verify_url
from contest.extensions import db
from tests.certificates import (
    LONG_COMPANY,
    LONG_TEAM,
    give_awards,
    joined,
    need_pdf_tools,
    pdf_info,
    pdf_text,
    rename,
    write,
)
from tests.factories import team_at


def _children() -> set[int]:
    """Every child process of this test process, zombies included (reaped ones are not)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            text = (task / "children").read_text()
        except FileNotFoundError:  # a thread that ended while we looked
            continue
        found |= {int(pid) for pid in text.split()}
    return found


def _certificates(contest) -> list[render.Certificate]:
    numbering.assign_numbers(contest, actor="staff:1")
    db.session.commit()
    return render.certificates_for(contest, numbering.awarded(contest), url_for_number=verify_url)


def test_outside_gevent_the_work_stays_in_this_process():
    assert not offload.offloading()
    assert offload.in_process(os.getpid) == os.getpid()
    assert offload.child(os.getpid) != os.getpid()


def test_certificates_laid_out_in_a_child_print_the_exact_names(app, demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 12, first=2)
    rename(teams[3], LONG_COMPANY, LONG_TEAM)
    certs = _certificates(demo)
    before = _children()
    seen = []
    pdf = offload.child(
        render.render_pdf,
        (certs, template.settings_of(demo)),
        progress=lambda done, total: seen.append((done, total)),
        config=offload.app_config(database=False),
    )
    assert seen == [(10, 12), (12, 12)]  # relayed in order, chunk by chunk
    path = write(tmp_path, pdf)
    assert pdf_info(path)["Pages"] == "12"
    for page, cert in enumerate(certs, 1):
        text = joined(pdf_text(path, page=page))
        assert cert.company + cert.team + "：" in text
        assert cert.number in text
    assert joined(pdf_text(path, page=4)).count(LONG_COMPANY + LONG_TEAM) == 1
    assert _children() == before


def _cells(xlsx: bytes) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _without_time(sheets: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    def moment(row: tuple) -> bool:
        return bool(row) and isinstance(row[0], str) and row[0].startswith("导出时间：")

    return {name: [row for row in rows if not moment(row)] for name, rows in sheets.items()}


def test_an_export_built_in_a_child_reads_the_same_rows(app, demo):
    team_at(demo, 3).company_name = "上海A&B（集团）有限公司 =二分厂"
    db.session.commit()  # the child reads what is committed, as a request's child does
    here = exports.build("ranking", demo.id)
    there = offload.child(
        exports.build, ("ranking", demo.id), config=offload.app_config(database=True)
    )
    # Built a moment apart: the 导出时间 line may differ by a minute; every other cell not.
    assert _without_time(_cells(there)) == _without_time(_cells(here))
    assert any("上海A&B（集团）有限公司 =二分厂" in row for row in _cells(there)["总排名"])


def test_a_certificate_too_long_comes_back_as_itself(app, demo):
    need_pdf_tools()
    give_awards(demo, 1, first=1)
    certs = _certificates(demo)
    values = {
        **template.settings_of(demo),
        "wording": "{企业名称}{班组名称}：\n" + "特发此证。" * 800,
    }
    with pytest.raises(render.CertificateTooLong) as raised:
        offload.child(render.render_pdf, (certs, values), config=offload.app_config(database=False))
    assert str(raised.value) == "证书 SQA-2026-001 的文字过多，无法排进一页；请缩短证书正文或落款"


def test_without_a_chinese_font_the_child_says_what_to_install(app, demo, tmp_path, monkeypatch):
    give_awards(demo, 1, first=1)
    certs = _certificates(demo)
    empty = tmp_path / "fonts.conf"  # fontconfig with no font folder: fc-list finds nothing
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # the child inherits it
    with pytest.raises(fonts.MissingFontError) as raised:
        offload.child(
            render.render_pdf,
            (certs, template.settings_of(demo)),
            config=offload.app_config(database=False),
        )
    assert str(raised.value) == fonts.MESSAGE


def test_any_error_keeps_its_class_and_message():
    with pytest.raises(ValueError) as raised:
        offload.child(int, ("十",))
    assert str(raised.value) == "invalid literal for int() with base 10: '十'"
    assert "raised in the document process" in raised.value.__notes__[0]


def test_a_child_that_runs_too_long_is_killed_and_reaped():
    before = _children()
    with pytest.raises(offload.OffloadError, match="timed out after 1 s"):
        offload.child(time.sleep, (60,), timeout=1)
    assert _children() == before


def test_a_child_that_dies_is_reported_and_reaped():
    before = _children()
    with pytest.raises(offload.OffloadError, match="ended without an answer \\(exit code 7\\)"):
        offload.child(os._exit, (7,))
    assert _children() == before
