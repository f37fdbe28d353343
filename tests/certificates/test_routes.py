"""Staff pages for certificates: admins only, PDFs with Chinese file names, batch progress."""

from __future__ import annotations

import io
import re
import time
from urllib.parse import parse_qs, quote, urlparse

import pytest
import sqlalchemy as sa

from contest import certificates, fonts
from contest.certificates import template
from contest.extensions import db
from contest.models import AuditEntry
from tests.certificates import (
    LONG_COMPANY,
    give_awards,
    joined,
    need_pdf_tools,
    numbers_by_team,
    pdf_info,
    pdf_text,
    rename,
    write,
)
from tests.conftest import sign_in


def _page(client, demo) -> str:
    response = client.get(f"/admin/contests/{demo.id}/certificates")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _token(client, demo) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', _page(client, demo)).group(1)


def _post(client, demo, path: str, data: dict | None = None, **kwargs):
    body = {"csrf_token": _token(client, demo), **(data or {})}
    return client.post(f"/admin/contests/{demo.id}/certificates{path}", data=body, **kwargs)


def _form(**change) -> dict:
    values = {k: v for k, v in template.DEFAULTS.items() if k != "background"}
    return {**values, **change}


def _wait(client, demo, token: str) -> dict:
    url = f"/admin/contests/{demo.id}/certificates/job/{token}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(url).get_json()
        if state["ready"] or state["error"]:
            return state
        time.sleep(0.1)
    raise AssertionError("the batch did not finish")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/preview.pdf"),
        ("post", "/numbers"),
        ("post", "/batch"),
        ("post", "/template"),
        ("get", "/teams/1.pdf"),
        ("get", "/job/abc"),
    ],
)
def test_hosts_are_refused(client, staff, demo, method, path):
    sign_in(client, "host1")
    console = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', console).group(1)
    url = f"/admin/contests/{demo.id}/certificates{path}"
    post = client.post
    response = client.get(url) if method == "get" else post(url, data={"csrf_token": token})
    assert response.status_code == 403


def test_signed_out_visitors_go_to_the_login(client, demo):
    response = client.get(f"/admin/contests/{demo.id}/certificates")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_the_page_lists_awarded_teams_and_their_numbers(client, staff, demo):
    teams = give_awards(demo, 3, first=1)
    rename(teams[2], LONG_COMPANY)
    sign_in(client, "admin")
    page = _page(client, demo)
    assert page.count("未分配") >= 3
    assert LONG_COMPANY in page
    response = _post(client, demo, "/numbers")
    assert response.status_code == 302
    page = _page(client, demo)
    for number in ("SQA-2026-001", "SQA-2026-002", "SQA-2026-003"):
        assert f'href="http://contest.test/verify/{number}"' in page


def test_one_team_pdf_is_numbered_audited_and_named_in_chinese(client, staff, demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 3, first=1)
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/certificates/teams/{teams[1].id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    name = f"荣誉证书-SQA-2026-002-{teams[1].company_name}{teams[1].team_name}.pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"certificate.pdf\"; filename*=UTF-8''" + quote(name, safe="")
    )
    path = write(tmp_path, response.data)
    assert pdf_info(path)["Pages"] == "1"
    assert teams[1].company_name + teams[1].team_name in joined(pdf_text(path))
    assert len(numbers_by_team(demo)) == 3  # every awarded team got its number first
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "certificate.printed")
    )
    assert entry.data == {"certificates": ["SQA-2026-002"]}
    assert entry.actor == f"staff:{staff['admin'].id}"


def test_a_team_without_an_award_has_no_certificate(client, staff, demo):
    teams = give_awards(demo, 2, first=1)
    sign_in(client, "admin")
    other = teams[-1].id + 1
    assert (
        client.get(f"/admin/contests/{demo.id}/certificates/teams/{other}.pdf").status_code == 404
    )


def test_the_batch_reports_progress_and_gives_one_pdf(client, staff, demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 20)
    rename(teams[4], LONG_COMPANY)
    sign_in(client, "admin")
    response = _post(client, demo, "/batch")
    assert response.status_code == 302
    token = parse_qs(urlparse(response.headers["Location"]).query)["job"][0]
    state = _wait(client, demo, token)
    assert state == {"done": 20, "total": 20, "ready": True, "error": ""}
    page = client.get(f"/admin/contests/{demo.id}/certificates?job={token}").get_data(as_text=True)
    assert f"/certificates/job/{token}/download" in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(f"/admin/contests/{demo.id}/certificates/job/{token}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"certificates.pdf\"; filename*=UTF-8''"
        + quote(f"荣誉证书-{demo.name}.pdf", safe="")
    )
    path = write(tmp_path, download.data)
    assert pdf_info(path)["Pages"] == "20"
    assert LONG_COMPANY + teams[4].team_name in joined(pdf_text(path, page=5))


def test_a_running_batch_shows_its_progress_and_reloads(client, staff, demo, tmp_path):
    give_awards(demo, 2, first=1)
    running = certificates.Job("tok-running", demo.id, 20, "x.pdf", tmp_path, done=10)
    certificates._JOBS[running.token] = running
    try:
        sign_in(client, "admin")
        page = client.get(f"/admin/contests/{demo.id}/certificates?job=tok-running")
        text = page.get_data(as_text=True)
        assert '<meta http-equiv="refresh" content="1">' in text
        assert "正在排版：10 / 20 张" in text
        state = client.get(f"/admin/contests/{demo.id}/certificates/job/tok-running").get_json()
        assert state == {"done": 10, "total": 20, "ready": False, "error": ""}
        # Another contest's page cannot see it; unfinished batches cannot be downloaded.
        assert (
            client.get(f"/admin/contests/{demo.id + 1}/certificates/job/tok-running").status_code
            == 404
        )
        assert (
            client.get(
                f"/admin/contests/{demo.id}/certificates/job/tok-running/download"
            ).status_code
            == 404
        )
    finally:
        certificates._JOBS.pop(running.token)


def test_a_batch_without_awards_is_refused(client, staff, demo):
    sign_in(client, "admin")
    response = _post(client, demo, "/batch", follow_redirects=True)
    assert "还没有获奖班组" in response.get_data(as_text=True)


def test_without_a_chinese_font_pdfs_answer_503(client, staff, demo, monkeypatch):
    teams = give_awards(demo, 1, first=1)
    sign_in(client, "admin")
    token = _token(client, demo)
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    for response in (
        client.get(f"/admin/contests/{demo.id}/certificates/teams/{teams[0].id}.pdf"),
        client.get(f"/admin/contests/{demo.id}/certificates/preview.pdf"),
        client.post(f"/admin/contests/{demo.id}/certificates/batch", data={"csrf_token": token}),
    ):
        assert response.status_code == 503
        assert fonts.MESSAGE in response.get_data(as_text=True)


def test_saving_the_template_stores_and_audits(client, staff, demo):
    sign_in(client, "admin")
    wording = "兹授予{企业名称}{班组名称}\n{年份}年度{奖项}"
    response = _post(client, demo, "/template", _form(title="获奖证书", wording=wording))
    assert response.status_code == 302
    db.session.refresh(demo)
    values = template.settings_of(demo)
    assert (values["title"], values["wording"]) == ("获奖证书", wording)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "certificate.template_changed")
    )
    assert entry.data == {"title": "获奖证书", "wording": wording}


def test_a_bad_template_is_refused_and_nothing_changes(client, staff, demo):
    sign_in(client, "admin")
    response = _post(client, demo, "/template", _form(wording="{企业}获奖"), follow_redirects=True)
    assert "未知的占位符" in response.get_data(as_text=True)
    db.session.refresh(demo)
    assert template.settings_of(demo)["wording"] == template.DEFAULTS["wording"]


def test_preview_shows_unsaved_values_without_saving(client, staff, demo, tmp_path):
    need_pdf_tools()
    give_awards(demo, 1, first=1)
    sign_in(client, "admin")
    response = _post(client, demo, "/preview.pdf", _form(title="试印证书", issuer="某某协会"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("inline;")
    text = joined(pdf_text(write(tmp_path, response.data)))
    assert "某某协会" in text and "证书编号：（尚未分配）" in text
    db.session.refresh(demo)
    assert template.settings_of(demo)["issuer"] == "上海市质量协会"
    assert numbers_by_team(demo) == {t: None for t in numbers_by_team(demo)}


def test_a_background_image_can_be_uploaded_and_removed(client, staff, demo, tmp_path):
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 240, 220)).save(picture, format="JPEG")
    sign_in(client, "admin")
    data = _form(background=(io.BytesIO(picture.getvalue()), "底图.jpg"))
    response = _post(client, demo, "/template", data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(demo)
    name = template.settings_of(demo)["background"]
    folder = tmp_path / "instance" / "certificates"
    assert name.endswith(".jpg") and (folder / name).is_file()
    _post(client, demo, "/template", _form(remove_background="1"))
    db.session.refresh(demo)
    assert template.settings_of(demo)["background"] == ""
    assert not (folder / name).exists()


def test_the_command_line_writes_one_pdf(runner, demo, tmp_path):
    need_pdf_tools()
    give_awards(demo, 3, first=1)
    out = tmp_path / "all.pdf"
    result = runner.invoke(args=["certificates", str(out)])
    assert result.exit_code == 0, result.output
    assert "已分配证书编号 3 个：SQA-2026-001 起" in result.output
    assert "已排版 3 / 3" in result.output
    assert pdf_info(out)["Pages"] == "3"
    assert sorted(numbers_by_team(demo).values()) == [
        "SQA-2026-001",
        "SQA-2026-002",
        "SQA-2026-003",
    ]
