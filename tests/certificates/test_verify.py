"""The public page /verify/<number>: what the certificate prints, and nothing else."""

from __future__ import annotations

import re
from html import unescape

import sqlalchemy as sa

from contest.certificates import numbering, template, verify
from contest.extensions import db
from contest.models import Judge, NationalSelection
from tests.certificates import LONG_COMPANY, give_awards, numbers_by_team, publish, rename


def _numbered(demo, count: int = 3):
    teams = give_awards(demo, count, first=1)
    numbering.assign_numbers(demo, actor="staff:1")
    db.session.commit()
    return teams, numbers_by_team(demo)


def _rows(page: str) -> dict[str, str]:
    """The table of the verification page as {heading: cell}, unescaped."""
    pairs = re.findall(r"<tr><th>(.*?)</th><td class=\"name\">(.*?)</td></tr>", page)
    return {unescape(th): unescape(td) for th, td in pairs}


def test_a_real_certificate_shows_exactly_what_it_prints(client, demo):
    teams, numbers = _numbered(demo)
    rename(teams[1], LONG_COMPANY, '<b>班组</b> & "x"')
    template.store(demo, {**template.settings_of(demo), "date": "二〇二六年九月"})
    publish(demo)
    number = numbers[teams[1].id]
    response = client.get(f"/verify/{number}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "该证书真实有效" in page
    assert _rows(page) == {
        "证书编号": number,
        "比赛名称": "2026年上海市质量信得过班组建设经验发表赛",
        "企业名称": LONG_COMPANY,
        "班组名称": '<b>班组</b> & "x"',
        "奖项": "二等奖",
        "颁发单位": "上海市质量协会",
        "颁发日期": "二〇二六年九月",
    }
    assert "<b>班组</b>" not in page  # escaped, shown as text
    # No scores, no judges: only what the certificate prints.
    for judge in db.session.scalars(sa.select(Judge)):
        assert judge.name not in page
    assert "分数" not in page and "评委" not in page


def test_the_national_line_shows_when_it_is_printed(client, demo):
    teams, numbers = _numbered(demo, 2)
    db.session.add(NationalSelection(team_id=teams[0].id, selected=True))
    template.store(
        demo, {**template.settings_of(demo), "national_line": template.NATIONAL_SUGGESTION}
    )
    publish(demo)
    chosen = client.get(f"/verify/{numbers[teams[0].id]}").get_data(as_text=True)
    other = client.get(f"/verify/{numbers[teams[1].id]}").get_data(as_text=True)
    assert _rows(chosen)["备注"] == template.NATIONAL_SUGGESTION
    assert "备注" not in _rows(other)


def test_an_unknown_number_is_404(client, demo):
    _numbered(demo)
    publish(demo)
    for number in ("SQA-2026-999", "sqa-2026-001", "SQA-2026-001 ", "x" * 60):
        response = client.get(f"/verify/{number}")
        assert response.status_code == 404, number
        page = response.get_data(as_text=True)
        assert "未找到该证书编号" in page
        assert "该证书真实有效" not in page


def test_nothing_is_confirmed_before_the_results_are_published(client, demo):
    teams, numbers = _numbered(demo)
    response = client.get(f"/verify/{numbers[teams[0].id]}")
    assert response.status_code == 404
    assert "未找到该证书编号" in response.get_data(as_text=True)
    publish(demo)
    assert client.get(f"/verify/{numbers[teams[0].id]}").status_code == 200


def test_a_withdrawn_award_no_longer_verifies(client, demo):
    from contest.models import TeamAward

    teams, numbers = _numbered(demo)
    publish(demo)
    db.session.delete(db.session.get(TeamAward, teams[0].id))
    db.session.commit()
    assert client.get(f"/verify/{numbers[teams[0].id]}").status_code == 404


def test_the_form_sends_a_typed_number_to_its_page(client, demo):
    assert client.get("/verify").status_code == 200
    response = client.get("/verify?no=+SQA-2026-001+")
    assert response.status_code == 302
    assert response.headers["Location"] == "/verify/SQA-2026-001"


def test_the_qr_address_is_absolute_from_the_public_url(app, demo):
    with app.test_request_context():
        assert verify.verify_url("SQA-2026-001") == "http://contest.test/verify/SQA-2026-001"
        assert verify.verify_url("沪质协证-2026-001") == (
            "http://contest.test/verify/%E6%B2%AA%E8%B4%A8%E5%8D%8F%E8%AF%81-2026-001"
        )


def test_a_chinese_prefix_verifies(client, demo):
    template.store(demo, {**template.settings_of(demo), "number_prefix": "沪质协证"})
    teams, numbers = _numbered(demo, 1)
    publish(demo)
    assert numbers[teams[0].id] == "沪质协证-2026-001"
    with client.application.test_request_context():
        url = verify.verify_url(numbers[teams[0].id])
    response = client.get(url.removeprefix("http://contest.test"))
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True))["证书编号"] == "沪质协证-2026-001"
