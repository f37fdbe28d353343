"""Two staff editing the same team (or judge): the second save, from a stale form, is refused
with what changed, and the first one's change stays."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Judge, Team
from tests.conftest import sign_in
from tests.factories import judges_of, team_at


def _form(client, url: str, form_id: str = "") -> dict[str, str]:
    """The form's fields as the page shows them (inputs and selected options)."""
    page = client.get(url).get_data(as_text=True)
    if form_id:
        start = page.rindex("<form", 0, page.index(f'id="{form_id}"'))
    else:
        start = page.index('<form method="post" action="/admin/')
    form = page[start : page.index("</form>", start)]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input name="(\w+)"[^>]*? value="([^"]*)"', form)
    }
    fields.update(
        (name, html.unescape(value))
        for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form)
    )
    for name, body in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[name] = html.unescape(body)
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def _hidden(client, url: str) -> dict[str, str]:
    """The page's CSRF token and the values its (first) form showed."""
    page = client.get(url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    original = re.search(r'name="original" value="([^"]+)"', page).group(1)
    return {"csrf_token": csrf, "original": html.unescape(original)}


def test_a_stale_team_save_is_refused_and_the_first_change_stays(app, staff, demo):
    team = team_at(demo, 2)
    old, members = team.team_name, team.member_count
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")
    url = f"/admin/teams/{team.id}/edit"
    a, b = _form(first, url), _form(second, url)
    a["team_name"] = "精益检修一班"
    assert first.post(url, data=a).status_code == 302
    b["member_count"] = str(
        (members or 10) + 1
    )  # B edits another field on the page B opened before A saved
    response = second.post(url, data=b)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert (
        "未保存：在您编辑期间，其他工作人员已修改了这条记录"
        f"（班组名称：「{old}」 → 「精益检修一班」）。下方已显示最新内容，请核对后重新修改并保存。"
    ) in html.unescape(page)
    db.session.expire_all()
    saved = db.session.get(Team, team.id)
    assert (saved.team_name, saved.member_count) == ("精益检修一班", members)
    # The page now shows what is there, and a save from it goes through.
    again = _form(second, url)
    assert again["team_name"] == "精益检修一班"
    again["member_count"] = str((members or 10) + 1)
    assert second.post(url, data=again).status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, team.id).member_count == (members or 10) + 1
    edits = (
        sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "team.edited")
    )
    assert db.session.scalar(edits) == 2


def test_a_stale_judge_save_is_refused(app, staff, demo):
    judge = judges_of(demo)[2]
    employer = judge.employer
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")
    url = f"/admin/judges/{judge.id}/edit"
    a, b = _form(first, url), _form(second, url)
    a["phone"] = "13800000000"
    assert first.post(url, data=a).status_code == 302
    b["employer"] = "上海市质量协会"
    response = second.post(url, data=b)
    assert response.status_code == 409
    assert "手机：" in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    saved = db.session.get(Judge, judge.id)
    assert (saved.phone, saved.employer) == ("13800000000", employer)


def test_a_form_without_its_original_values_still_saves(app, client, staff, demo):
    """Older pages and scripts send only the fields: nothing to compare, the save goes through."""
    team = team_at(demo, 3)
    sign_in(client, "admin")
    url = f"/admin/teams/{team.id}/edit"
    fields = _form(client, url)
    del fields["original"]
    fields["team_name"] = "新的班组名称"
    assert client.post(url, data=fields).status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, team.id).team_name == "新的班组名称"


def test_a_stale_basic_info_save_is_refused(app, staff, demo):
    from contest.models import Contest

    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")
    url = f"/admin/contests/{demo.id}/setup/basic"
    a, b = _form(first, url, "contest-form"), _form(second, url, "contest-form")
    a["issuer"] = "上海市质量协会（秘书处）"
    assert first.post(url, data=a).status_code == 302
    b["name"] = "2026年发表赛（改名）"
    response = second.post(url, data=b)
    assert response.status_code == 409
    assert "主办单位：「上海市质量协会」 → 「上海市质量协会（秘书处）」" in html.unescape(
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    saved = db.session.get(Contest, demo.id)
    assert saved.name != "2026年发表赛（改名）"


def test_a_stale_venue_save_is_refused(app, staff, demo):
    from contest.models import Venue

    venue = demo.venues[0]
    url = f"/admin/contests/{demo.id}/setup/venues"
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")

    a, b = _hidden(first, url), _hidden(second, url)
    update = f"{url}/{venue.id}"
    name = venue.name
    a.update(name=name, short_name="一会场", code="A")
    assert first.post(update, data=a).status_code == 302
    b.update(name="第一分会场（报告厅）", short_name="", code="")
    response = second.post(update, data=b)
    assert response.status_code == 409
    assert "简称：（空） → 「一会场」；代码：（空） → 「A」" in html.unescape(
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    saved = db.session.get(Venue, venue.id)
    assert (saved.name, saved.short_name, saved.code) == (name, "一会场", "A")


def test_a_stale_rules_save_is_refused(app, staff, demo):
    from contest.settings import merged
    from tests.setup.test_rules import FORM

    url = f"/admin/contests/{demo.id}/setup/rules"
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")

    a, b = {**FORM, **_hidden(first, url)}, {**FORM, **_hidden(second, url)}
    assert first.post(url, data={**a, "decimals": "3"}).status_code == 302
    response = second.post(url, data={**b, "talk_minutes": "12"})
    assert response.status_code == 409
    assert "最后得分保留小数位数：2 → 3" in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    from contest.models import Contest

    settings = merged(db.session.get(Contest, demo.id).settings)
    assert (settings["scoring"]["decimals"], settings["timer"]["talk_seconds"]) == (3, 900)


def test_a_correction_from_a_stale_form_is_refused_and_the_first_stays(app, staff, demo):
    from contest.models import ScoreSubmission
    from tests.test_corrections import _revealed

    team = _revealed(demo)
    judge = judges_of(demo)[1]  # gave 90
    url = f"/admin/teams/{team.id}/scores/{judge.id}/correct"
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")

    def filled(client, total: str, reason: str) -> dict[str, str]:
        from tests.factories import marks_totalling

        page = client.get(url).get_data(as_text=True)
        data = {
            name: value
            for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)
        }
        items = list(team.contest.items)
        data.update({f"mark-{i.id}": m for i, m in zip(items, marks_totalling(total), strict=True)})
        data.update(total=total, reason=reason)
        return data

    a, b = filled(first, "93", "复核：看错一行"), filled(second, "94", "复核：另一位的更正")
    assert a["based_on"] == b["based_on"] == "1"
    assert first.post(url, data=a).status_code == 302
    response = second.post(url, data=b)
    assert response.status_code == 409
    assert (
        "未保存：在您填写期间，评委2的分数已被他人改为总分 93（第 2 次提交）。"
        "下方已显示最新分数，请核对后重新填写。"
    ) in html.unescape(response.get_data(as_text=True))
    versions = db.session.scalars(
        sa.select(ScoreSubmission.total)
        .where(ScoreSubmission.judge_id == judge.id)
        .order_by(ScoreSubmission.version)
    ).all()
    assert [str(v) for v in versions] == ["90", "93"]
    # The form shown again starts from version 2 and goes through.
    again = filled(second, "94", "复核：另一位的更正")
    assert again["based_on"] == "2"
    assert second.post(url, data=again).status_code == 302


def test_a_stale_certificate_template_save_is_refused(app, staff, demo):
    from contest.certificates.template import settings_of
    from contest.models import Contest

    url = f"/admin/contests/{demo.id}/certificates"
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")
    a = _form(first, url, "template")
    b = _form(second, url, "template")
    a["title"] = "荣誉证书（一）"
    save = f"/admin/contests/{demo.id}/certificates/template"
    assert first.post(save, data=a).status_code == 302
    b["issuer"] = "上海市质量协会（盖章）"
    response = second.post(save, data=b)
    assert response.headers["Location"].endswith("/certificates#template")
    page = html.unescape(second.get(url).get_data(as_text=True))
    assert "证书标题：「荣誉证书」 → 「荣誉证书（一）」" in page
    db.session.expire_all()
    values = settings_of(db.session.get(Contest, demo.id))
    assert (values["title"], values["issuer"]) == ("荣誉证书（一）", "上海市质量协会")


def test_stale_national_rules_and_grades_are_refused(app, staff, demo):
    from contest.models import AwardGrade

    url = f"/admin/contests/{demo.id}/results"
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")

    def originals(client) -> tuple[str, list[str]]:
        page = client.get(url).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        found = re.findall(r'name="original" value="([^"]+)"', page)
        return csrf, [html.unescape(v) for v in found]

    (csrf_a, (rules_a, grades_a)), (csrf_b, (rules_b, grades_b)) = (
        originals(first),
        originals(second),
    )
    rules = f"/admin/contests/{demo.id}/results/national-rules"
    form = {"quota": "2", "per_enterprise": "1", "per_unit": ""}
    assert first.post(rules, data={**form, "csrf_token": csrf_a, "original": rules_a}).status_code
    stale_rules = {**form, "quota": "4", "csrf_token": csrf_b, "original": rules_b}
    second.post(rules, data=stale_rules)
    page = html.unescape(second.get(url).get_data(as_text=True))
    assert "未保存：在您编辑期间，其他工作人员已修改了这条记录（名额：3 → 2）" in page
    grades = f"/admin/contests/{demo.id}/results/grades"
    first.post(grades, data={"grades": "一等奖 1", "csrf_token": csrf_a, "original": grades_a})
    second.post(grades, data={"grades": "一等奖 2", "csrf_token": csrf_b, "original": grades_b})
    page = html.unescape(second.get(url).get_data(as_text=True))
    assert "奖项设置：（空） → 「一等奖 1」" in page
    saved = db.session.scalars(sa.select(AwardGrade.count)).all()
    assert saved == [1]


def _account_form(client, staff_id: int, part: str) -> dict[str, str]:
    """The CSRF token and original values of one account's 分会场 or 更改角色 form."""
    page = client.get("/admin/contests/1/accounts").get_data(as_text=True)
    start = page.index(f'action="/admin/contests/1/accounts/{staff_id}/{part}"')
    form = page[start : page.index("</form>", start)]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    original = re.search(r'name="original" value="([^"]+)"', form).group(1)
    return {"csrf_token": csrf, "original": html.unescape(original)}


def test_stale_account_venues_and_role_are_refused(app, staff, demo):
    """Two admins on the 工作人员账号 page: the second, from the page opened before the
    first saved, is told what changed; the first one's change stays."""
    from contest.models import StaffRole, StaffUser

    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin")
    sign_in(second, "admin")
    from contest.setup.venues import add_venue

    host = staff["host1"]
    add_venue(contest=demo, name="第二分会场（宝山）", short_name="二会场", code="B", actor="t")
    db.session.commit()
    one, two = sorted(demo.venues, key=lambda v: v.id)[:2]
    url = f"/admin/contests/1/accounts/{host.id}/venues"
    a, b = _account_form(first, host.id, "venues"), _account_form(second, host.id, "venues")
    assert first.post(url, data={**a, "venue": [one.id, two.id]}).status_code == 302
    page = second.post(url, data={**b, "venue": [two.id]}, follow_redirects=True)
    assert (
        "未保存：在您编辑期间，其他工作人员已修改了这条记录"
        f"（分会场：「{one.name}」 → 「{one.name}、{two.name}」）。"
    ) in html.unescape(page.get_data(as_text=True))
    db.session.expire_all()
    assert [v.name for v in db.session.get(StaffUser, host.id).venues] == [one.name, two.name]

    url = f"/admin/contests/1/accounts/{host.id}/role"
    a, b = _account_form(first, host.id, "role"), _account_form(second, host.id, "role")
    assert first.post(url, data={**a, "role": "supervisor"}).status_code == 302
    page = second.post(url, data={**b, "role": "clerk"}, follow_redirects=True)
    assert "（角色：「主持人」 → 「监督」）" in html.unescape(page.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(StaffUser, host.id).role is StaffRole.SUPERVISOR
    # From the page as it is now, the change goes through.
    again = _account_form(second, host.id, "role")
    assert second.post(url, data={**again, "role": "clerk"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(StaffUser, host.id).role is StaffRole.CLERK
