"""The exports page and downloads: admins only, attachments with Chinese file names."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from contest.exports import CSV, XLSX
from tests.conftest import sign_in
from tests.exports import score_demo, workbook

DOWNLOADS = [
    ("ranking", XLSX, "最终排名.xlsx", "ranking.xlsx"),
    ("summary", XLSX, "评审汇总表.xlsx", "summary.xlsx"),
    ("audit", CSV, "审计日志.csv", "audit.csv"),
]


def test_exports_page_links_every_download(client, staff, demo):
    sign_in(client, "admin")

    response = client.get(f"/admin/contests/{demo.id}/exports")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name, _type, filename, _ascii in DOWNLOADS:
        assert f'href="/admin/contests/{demo.id}/exports/{name}"' in page
        assert filename in page


@pytest.mark.parametrize(("name", "content_type", "filename", "fallback"), DOWNLOADS)
def test_download_is_an_uncached_attachment_with_a_chinese_name(
    client, staff, demo, name, content_type, filename, fallback
):
    score_demo(demo)
    sign_in(client, "admin")

    response = client.get(f"/admin/contests/{demo.id}/exports/{name}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    if name == "audit":
        assert body.decode("utf-8-sig").startswith("序号,时间,操作人,操作,")
    else:
        assert workbook(body).sheetnames[0] in ("总排名", "上海电气集团")


def test_downloaded_ranking_matches_the_scores(client, staff, demo):
    score_demo(demo)
    sign_in(client, "admin")

    ws = workbook(client.get(f"/admin/contests/{demo.id}/exports/ranking").get_data())["总排名"]

    assert [ws.cell(r, 1).value for r in range(5, 9)] == [1, 1, 3, 4]  # under title and date


@pytest.mark.parametrize("path", ["exports", "exports/ranking", "exports/audit"])
def test_hosts_are_refused(client, staff, demo, path):
    sign_in(client, "host1")

    assert client.get(f"/admin/contests/{demo.id}/{path}").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(f"/admin/contests/{demo.id}/exports/ranking")

    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_unknown_exporter_or_contest_is_not_found(client, staff, demo):
    sign_in(client, "admin")

    assert client.get(f"/admin/contests/{demo.id}/exports/passwords").status_code == 404
    assert client.get("/admin/contests/999/exports/ranking").status_code == 404
    assert client.get("/admin/contests/999/exports").status_code == 404
