"""The QR cards PDF: every judge's name, 评委N and spaced fallback code, 8 cards a page."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from contest import fonts
from contest.extensions import db
from contest.models import AuditEntry, Judge, Venue
from contest.roster import judges
from tests.conftest import sign_in
from tests.services import need


@pytest.fixture
def pdf_tools():
    """A Chinese font to render with, and poppler-utils to read the PDF back."""
    need(bool(fonts.chinese_families()), "a Chinese font (fonts-noto-cjk)")
    need(bool(shutil.which("pdftotext") and shutil.which("pdfinfo")), "poppler-utils")


def _pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return response.data


def _run(tmp_path, command: list[str], pdf: bytes) -> str:
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [*command, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(tmp_path, pdf: bytes) -> int:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M).group(1))


def _all_judges() -> list[Judge]:
    return list(db.session.scalars(sa.select(Judge).order_by(Judge.number)))


def test_cards_pdf_has_every_judge_name_label_and_code(client, staff, demo, tmp_path, pdf_tools):
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/judge-cards.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"judge-cards.pdf\"; filename*=UTF-8''" + quote("评委二维码卡片.pdf")
    )
    text = _run(tmp_path, ["pdftotext", "-layout"], response.data)
    everyone = _all_judges()
    assert len(everyone) == 9
    for judge in everyone:
        assert len(re.findall(rf"(?<![\w]){judge.name}(?![\w])", text)) == 1
        assert len(re.findall(rf"{judge.label}(?!\d)", text)) == 1
        spaced = f"{judge.fallback_code[:4]} {judge.fallback_code[4:]}"
        assert text.count(spaced) == 1
        assert judge.access_key not in text  # the key is only in the QR code
    assert text.count("个人专用，请勿转交他人") == 9
    assert text.count(demo.name) == 9
    assert text.count("第一分会场") == 9
    assert text.count("http://contest.test/j，") == 9


def test_cards_pdf_has_eight_cards_a_page(client, staff, demo, tmp_path, pdf_tools):
    sign_in(client, "admin")
    pdf = _pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf")
    assert _pages(tmp_path, pdf) == math.ceil(9 / 8) == 2
    first = _run(tmp_path, ["pdftotext", "-layout", "-f", "1", "-l", "1"], pdf)
    assert first.count("个人专用，请勿转交他人") == 8


def test_cards_pdf_renders_to_a_picture(client, staff, demo, tmp_path, pdf_tools):
    sign_in(client, "admin")
    (tmp_path / "cards.pdf").write_bytes(_pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf"))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "cards.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = (tmp_path / "page-1.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) > 50_000


def test_cards_pdf_for_one_venue_and_one_judge(client, staff, demo, tmp_path, pdf_tools):
    other = Venue(contest_id=demo.id, name="第二分会场", position=2)
    db.session.add(other)
    db.session.flush()
    moved = db.session.scalar(sa.select(Judge).where(Judge.number == 9))
    moved.venue = other
    db.session.commit()
    sign_in(client, "admin")

    pdf = _pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf?venue={other.id}")
    text = _run(tmp_path, ["pdftotext", "-layout"], pdf)
    assert "评委9" in text and "郑国平" in text
    assert "陈建国" not in text
    response = client.get(f"/admin/contests/{demo.id}/judge-cards.pdf?venue={other.id}")
    assert quote("评委二维码卡片-第二分会场.pdf") in response.headers["Content-Disposition"]

    one = db.session.scalar(sa.select(Judge).where(Judge.number == 2))
    text = _run(
        tmp_path,
        ["pdftotext", "-layout"],
        _pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf?judge={one.id}"),
    )
    assert text.count("个人专用，请勿转交他人") == 1
    assert "王丽华" in text


def test_cards_pdf_skips_deactivated_judges(client, staff, demo, tmp_path, pdf_tools):
    gone = db.session.scalar(sa.select(Judge).where(Judge.number == 5))
    judges.set_active(gone, False, actor="staff:1")
    db.session.commit()
    sign_in(client, "admin")
    text = _run(
        tmp_path,
        ["pdftotext", "-layout"],
        _pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf"),
    )
    assert "刘卫东" not in text
    assert text.count("个人专用，请勿转交他人") == 8


def test_cards_pdf_is_audited_without_secrets(client, staff, demo, pdf_tools):
    sign_in(client, "admin")
    _pdf(client, f"/admin/contests/{demo.id}/judge-cards.pdf")
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "judge.cards_printed")
    )
    assert entry.actor == f"staff:{staff['admin'].id}"
    assert entry.data == {"judges": [j.id for j in _all_judges()], "venue_id": None}


def test_cards_pdf_unknown_venue_is_404(client, staff, demo):
    sign_in(client, "admin")
    assert client.get(f"/admin/contests/{demo.id}/judge-cards.pdf?venue=999").status_code == 404


def test_cards_pdf_host_gets_403(client, staff, demo):
    sign_in(client, "host1")
    assert client.get(f"/admin/contests/{demo.id}/judge-cards.pdf").status_code == 403


def test_cards_pdf_without_a_chinese_font_is_503(client, staff, demo, monkeypatch):
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/judge-cards.pdf")
    assert response.status_code == 503
    assert fonts.MESSAGE in response.get_data(as_text=True)


def test_require_cjk_font_prefers_noto_sans_sc(monkeypatch):
    monkeypatch.setattr(fonts, "chinese_families", lambda: ["AR PL UMing", "Noto Sans CJK SC"])
    assert fonts.require_cjk_font() == "Noto Sans CJK SC"
    monkeypatch.setattr(fonts, "chinese_families", lambda: ["Noto Sans Mono CJK SC"])
    assert fonts.require_cjk_font() == "Noto Sans Mono CJK SC"
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    with pytest.raises(fonts.MissingFontError, match="请安装 fonts-noto-cjk"):
        fonts.require_cjk_font()


def test_chinese_families_lists_the_installed_noto_font(pdf_tools):
    assert "Noto Sans CJK SC" in fonts.chinese_families()
