"""Form 2-4 (材料评审汇总表): the 推荐单位's own 材料评审 of its enterprises' applications.

Drafts keep whatever was typed; 提交 checks the whole 汇总表 and keeps it as a new version:
every row complete, every team in it still this unit's and submitted, every team it
recommended reviewed, its judges on its own 评委名单. 排序 is computed from the 打分 (form24).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit
from contest.extensions import db
from contest.season import form24, quota, unit_forms
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Recommender,
    UnitForm,
    UnitFormVersion,
)

FORM = UnitForm.REVIEW
_NOT_IN = {
    ApplicationStatus.DRAFT: _l("尚未提交申报表"),
    ApplicationStatus.SUBMITTED: _l("的申报表尚未经企业同意推荐"),
    ApplicationStatus.RETURNED: _l("的申报表已退回修改、尚未重新提交"),
}


def closed_message() -> str:
    return _("在线申报已截止，材料评审汇总表不能再修改或提交；如确因特殊情况需要延期，请联系秘书处")


def working(recommender: Recommender) -> dict:
    """The draft as the page shows it: rows by application id, and the 填表人 fields.

    After the close, rows the unit may no longer change read as last submitted."""
    found = unit_forms.draft(recommender, FORM)
    content = dict(found.content) if found else {"rows": {}}
    rows = {int(key): row for key, row in content.get("rows", {}).items()}
    gate = unit_forms.window(recommender)
    if gate.only is not None:
        submitted = _submitted_rows(recommender)
        rows = {
            a.id: rows.get(a.id, {}) if gate.may_change(a.id) else submitted.get(a.id, {})
            for a in unit_forms.applications(recommender)
        }
        rows = {key: row for key, row in rows.items() if row}
    return {**form24.clean_filler(content), "rows": rows}


def _submitted_rows(recommender: Recommender) -> dict[int, dict]:
    last = unit_forms.latest(recommender, FORM)
    if last is None:
        return {}
    return {
        row["application_id"]: {
            **{key: row[key] for key, _label in form24.PARTS},
            "score": row["score"],
            "judges": [j["id"] for j in row["judges"]],
        }
        for row in last.content["rows"]
    }


def save_draft(
    *, recommender: Recommender, person: Applicant, rows: dict[int, dict], filler: dict
) -> dict:
    """Keep what was typed for this unit's own applications (rows of others are dropped)."""
    gate = unit_forms.window(recommender)
    if not gate.open:
        raise SeasonRefused(closed_message())
    current = working(recommender)["rows"]
    kept = {}
    for application in unit_forms.applications(recommender):
        if gate.may_change(application.id):
            row = form24.clean_row(rows.get(application.id, {}))
        else:
            row = current.get(application.id, {})
        if row and not form24.is_blank(row):
            kept[str(application.id)] = row
    content = {"rows": kept, **form24.clean_filler(filler)}
    unit_forms.keep_draft(recommender, FORM, content, person)
    audit.record(
        "season.unit_review_saved",
        actor=f"applicant:{person.id}",
        subject=f"recommender:{recommender.id}",
        data={"rows": len(kept)},
    )
    return content


@dataclass
class Checked:
    """The 汇总表 as it would be submitted (rows in rank order), and what is wrong."""

    rows: list[dict]
    filler: dict
    problems: list[str]
    filler_errors: dict[str, str]
    by_row: dict[int, list[str]]  # the same messages, by application, for the row itself

    @property
    def ok(self) -> bool:
        return not self.problems and not self.filler_errors


def check(recommender: Recommender) -> Checked:
    """The whole 汇总表 from the draft, checked as 提交 would check it."""
    content = working(recommender)
    known = {judge.id: judge for judge in unit_forms.judges(recommender)}
    problems: list[str] = []
    by_row: dict[int, list[str]] = {}
    rows: list[dict] = []
    for application_id, row in sorted(content["rows"].items()):
        application = db.session.get(Application, application_id)
        if application is None:
            problems.append(_("汇总表中有一行对应的申报表已不存在；请刷新页面后重新填写"))
            continue
        names = unit_forms.names(application)
        if application.enterprise.recommender_id != recommender.id:
            problems.append(_("%(team)s不属于本推荐单位的企业，不能列入汇总表", team=names.label()))
            continue
        if application.status in _NOT_IN:
            problems.append(
                _("%(team)s%(why)s，不能列入汇总表", team=names.label(),
                  why=_NOT_IN[application.status])
            )  # fmt: skip
            continue
        found = form24.row_problems(row, names.label(), set(known))
        problems += found
        if found:
            by_row[application_id] = found
        rows.append(_row(application, names, row, known))
    for application in unit_forms.applications(recommender, quota.HOLDING):
        if application.id not in content["rows"]:
            message = _(
                "%(team)s已推荐，但汇总表中没有它的评审；请填写材料评价、打分和评委",
                team=unit_forms.names(application).label(),
            )
            problems.append(message)
            by_row[application.id] = [message]
    if not content["rows"] and not problems:
        problems.append(_("汇总表中还没有任何班组的评审；请至少填写一个班组"))
    filler = {key: content[key] for key in ("filler", "phone", "date")}
    errors = form24.filler_problems(filler, unit_forms.today())
    return Checked(_ranked(rows) if not problems else rows, filler, problems, errors, by_row)


def _row(application: Application, names, row: dict, known: dict) -> dict:
    return {
        "application_id": application.id,
        "number": names.number,
        "company_name": names.company_name,
        "team_name": names.team_name,
        "submission_version": application.version,
        **{key: row.get(key, "") for key, _label in form24.PARTS},
        "score": row.get("score", ""),
        "judges": [unit_forms.judge_record(known[j]) for j in row.get("judges", []) if j in known],
    }


def _ranked(rows: list[dict]) -> list[dict]:
    """Scores as printed, each row's 排序, rows in that order (申报编号 within a tie)."""
    scores = {row["application_id"]: form24.score(row["score"]) for row in rows}
    ranks = form24.ranks(scores)
    for row in rows:
        rank = ranks[row["application_id"]]
        row["score"] = form24.shown(scores[row["application_id"]])
        row["rank"], row["tied"] = rank.place, rank.tied
    return sorted(rows, key=lambda row: (row["rank"], row["number"]))


def submit(*, recommender: Recommender, person: Applicant) -> UnitFormVersion:
    """提交 the whole 汇总表 as a new version, or refuse with the first problem."""
    if not unit_forms.window(recommender).open:
        raise SeasonRefused(closed_message())
    checked = check(recommender)
    if not checked.ok:
        first = (checked.problems or list(checked.filler_errors.values()))[0]
        count = len(checked.problems) + len(checked.filler_errors)
        raise SeasonRefused(_("汇总表还有 %(n)s 处问题，未提交：%(first)s", n=count, first=first))
    version = unit_forms.add_version(
        recommender, FORM, {"rows": checked.rows, **checked.filler}, person
    )
    audit.record(
        "season.unit_review_submitted",
        actor=f"applicant:{person.id}",
        subject=f"recommender:{recommender.id}",
        data={
            "version": version.version,
            "teams": [row["number"] for row in checked.rows],
            "sha256": version.content_hash,
        },
    )
    return version


def missing(recommender: Recommender) -> list[str]:
    """Teams recommended now but not in the last submitted 汇总表 (it needs submitting again)."""
    last = unit_forms.latest(recommender, FORM)
    if last is None:
        return []
    reviewed = {row["application_id"] for row in last.content["rows"]}
    return [
        unit_forms.names(a).label()
        for a in unit_forms.applications(recommender, quota.HOLDING)
        if a.id not in reviewed
    ]
