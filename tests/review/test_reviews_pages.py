"""The reviewer's pages by their link, and staff's progress and 「退回重评」: who sees what."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.models.types import utcnow
from contest.review.models import RoundState
from contest.transactions import atomic
from tests.conftest import sign_in
from tests.review.reviewing import NARRATIVE, assignment, attach_files, open_world, payload

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def _page(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def _post(client, path: str, body: dict):
    _status, page = _page(client, path.rsplit("/", 1)[0])
    token = CSRF.search(page).group(1)
    return client.post(path, json=body, headers={"X-CSRFToken": token})


def _work(built, application_index: int, reviewer_index: int) -> str:
    key = built.reviewers[reviewer_index].access_key
    return f"/review/{key}/{assignment(built, application_index, reviewer_index).id}"


def test_the_list_shows_only_ones_own_current_assignments(app, client):
    built = open_world()
    reviewer = built.reviewers[0]
    status, page = _page(client, f"/review/{reviewer.access_key}")
    assert status == 200
    assert re.findall(r'<span class="number">([^<]+)</span>', page) == ["2026-0001", "2026-0002"]
    assert re.findall(r'<span class="company name">([^<]+)</span>', page) == [
        "上海石化股份有限公司", "上海石化股份有限公司"]  # fmt: skip
    assert re.findall(r'<span class="team name">([^<]+)</span>', page) == [
        "丙烯酸装置运行三班", "聚合装置运行一班"]  # fmt: skip
    assert re.findall(r'<span class="badge">([^<]+)</span>', page) == ["未开始", "未开始"]
    assert "评审时间：" in page
    db.session.refresh(reviewer)
    assert reviewer.first_opened_at is not None
    # A removed assignment disappears from the list, and its page is gone.
    removed = assignment(built, 1, 0)
    removed.removed_at, removed.reason = utcnow(), "该专家与申报单位存在利益关系"
    db.session.commit()
    status, page = _page(client, f"/review/{reviewer.access_key}")
    assert re.findall(r'<span class="number">([^<]+)</span>', page) == ["2026-0001"]
    assert _page(client, f"/review/{reviewer.access_key}/{removed.id}")[0] == 404
    # Another reviewer sees none of these.
    status, page = _page(client, f"/review/{built.reviewers[1].access_key}")
    assert "目前没有分配给您的申报材料" in page


def test_a_wrong_or_withdrawn_link_is_a_clear_404(app, client):
    built = open_world()
    status, page = _page(client, "/review/not-a-key")
    assert status == 404 and "评审链接无效" in page and "联系上海市质量协会秘书处" in page
    built.reviewers[0].active = False
    db.session.commit()
    assert _page(client, f"/review/{built.reviewers[0].access_key}")[0] == 404
    assert _page(client, _work(built, 0, 0))[0] == 404


def test_a_reissued_link_replaces_the_old_one_and_keeps_the_assignments(app, client):
    from contest.review import reviewers

    built = open_world()
    reviewer = built.reviewers[0]
    old = reviewer.access_key
    assert _page(client, f"/review/{old}")[0] == 200
    reviewers.reissue(reviewer, actor="staff:1")
    db.session.commit()
    assert reviewer.access_key != old and reviewer.first_opened_at is None
    status, page = _page(client, f"/review/{old}")
    assert status == 404 and "评审链接无效" in page
    status, page = _page(client, f"/review/{reviewer.access_key}")
    assert re.findall(r'<span class="number">([^<]+)</span>', page) == ["2026-0001", "2026-0002"]
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "review.reviewer_reissued")
    )
    assert entry.subject == f"reviewer:{reviewer.id}" and old not in str(entry.data)


def test_a_reviewer_gets_404_on_an_assignment_or_a_file_not_theirs(app, client):
    built = open_world()
    attach_files(built, 0)
    other_key = built.reviewers[1].access_key  # not on the panel
    mine = assignment(built, 0, 0)
    assert _page(client, f"/review/{other_key}/{mine.id}")[0] == 404
    assert client.get(f"/review/{other_key}/{mine.id}/files/scan").status_code == 404
    response = client.get(f"/review/{built.reviewers[0].access_key}/{mine.id}/files/scan")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.data.startswith(b"%PDF")
    assert (
        client.get(f"/review/{built.reviewers[0].access_key}/{mine.id}/files/narrative").status_code
        == 404
    )
    json = _post(
        client, f"/review/{other_key}/{mine.id}/draft", payload(built, 0, "1", "1", "1", "1")
    )
    assert json.status_code == 404


def test_the_work_page_shows_the_materials_and_the_sheet(app, client):
    built = open_world()
    attach_files(built, 0)
    status, page = _page(client, _work(built, 0, 0))
    assert status == 200
    assert '<span class="company name" id="company">上海石化股份有限公司</span>' in page
    assert '<span class="team name" id="team">丙烯酸装置运行三班</span>' in page
    assert '<dt>质量信得过班组名称</dt><dd class="name">丙烯酸装置运行三班</dd>' in page
    assert all(f"<p>{text}</p>" in page for text in NARRATIVE)
    assert "申报表盖章扫描件（PDF 文件）（2 页）" in page
    assert "评分要点：组织健全、制度完善、目标明确" in page
    assert page.count('class="mark"') == 4
    assert 'data-editable="1"' in page


def test_json_answers_and_the_page_never_show_others_before_ones_own(app, client):
    built = open_world()
    third = assignment(built, 0, 2)
    from contest.review import reviews
    from tests.review.reviewing import typed

    atomic(
        lambda: reviews.submit(
            assignment=third, version=0, typed=typed(built, "20", "25", "20", "15")
        )
    )
    path = _work(built, 0, 0)
    saved = _post(client, path + "/draft", payload(built, 0, "２２", "26", "", ""))
    assert saved.status_code == 200
    assert set(saved.get_json()) == {"ok", "version", "state", "saved_at", "total"}
    assert (saved.get_json()["version"], saved.get_json()["total"]) == (1, None)
    page = _page(client, path)[1]
    assert 'id="others"' not in page and "评审专家3" not in page
    stale = _post(client, path + "/submit", payload(built, 0, "22", "26", "20", "18"))
    assert stale.status_code == 409
    bad = _post(client, path + "/submit", payload(built, 1, "22", "26", "20", "", features=""))
    assert (bad.status_code, bad.get_json()["errors"]) == (
        422, ["「材料规范性」尚未评分", "请填写材料评价「特色」"])  # fmt: skip
    done = _post(client, path + "/submit", payload(built, 1, "22", "26", "20", "18"))
    assert done.get_json() == {
        "ok": True, "version": 2, "state": "submitted", "total": "86",
        "saved_at": done.get_json()["saved_at"]}  # fmt: skip
    page = _page(client, path)[1]
    assert re.search(r"已提交（[0-9 :-]+）· 总分 86 分", page)
    assert "<li><span>评审专家3</span> <strong>80</strong> 分</li>" in page
    assert "陈志远" not in page.split('id="others"')[1].split("</section>")[0]
    assert 'data-editable="0"' in page and "<fieldset disabled>" in page
    again = _post(client, path + "/draft", payload(built, 2, "1", "1", "1", "1"))
    assert again.status_code == 409


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.CLOSED])
def test_outside_the_open_round_the_page_is_read_only(app, client, state):
    built = open_world(state)
    page = _page(client, _work(built, 0, 0))[1]
    assert 'data-editable="0"' in page and 'id="round-note"' in page
    assert 'id="submit-review"' not in page
    refused = _post(client, _work(built, 0, 0) + "/draft", payload(built, 0, "1", "", "", ""))
    assert refused.status_code == 409


def test_staff_see_progress_and_reopen_with_a_reason(app, client, staff):
    built = open_world()
    from contest.review import reviews
    from tests.review.reviewing import typed

    first = assignment(built, 0, 0)
    atomic(
        lambda: reviews.submit(
            assignment=first, version=0, typed=typed(built, "22", "26", "20", "18")
        )
    )
    sign_in(client, "admin")
    page = client.get("/admin/season/expert-review/progress").get_data(as_text=True)
    row = re.search(r'<tr data-reviewer="1">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="(assigned|draft|submitted)">(\d+)<', row) == [
        ("assigned", "2"), ("draft", "0"), ("submitted", "1")]  # fmt: skip
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    url = f"/admin/season/expert-review/assignments/{first.id}/reopen"
    empty = client.post(url, data={"csrf_token": token, "reason": " "})
    assert empty.status_code == 422
    assert "请填写退回重评的原因，评审专家将看到这一原因" in empty.get_data(as_text=True)
    done = client.post(url, data={"csrf_token": token, "reason": "第二项评分偏低，请复核"})
    assert done.status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "review.reopened"))
    assert entry.actor == f"staff:{staff['admin'].id}"
    reviewer_page = app.test_client().get(_work(built, 0, 0)).get_data(as_text=True)
    assert "秘书处已退回重评" in reviewer_page and "原因：第二项评分偏低，请复核" in reviewer_page
    assert 'data-editable="1"' in reviewer_page
    assert (
        client.post(
            "/admin/season/expert-review/assignments/99999/reopen", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_a_reviewers_key_never_reaches_a_log():
    from contest.server.logs import redact

    key = "zSaaTJz5GQDzLs3hh5GHX9b6ECaj3cVy"
    assert redact(f"/review/{key}/12/draft") == "/review/***/12/draft"
    assert redact(f'"GET /review/{key} HTTP/1.1" 200') == '"GET /review/*** HTTP/1.1" 200'
    assert redact("/admin/season/expert-review/progress") == "/admin/season/expert-review/progress"
