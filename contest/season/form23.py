"""Form 2-3 (推荐表): the teams a 推荐单位 recommended and its 评委名单, with 填表人/电话/填表日期.

The teams are never typed: they are the applications it recommended, named exactly as each
申报表 reads (企业名称, 班组名称, 班组人数) with the total. 提交 keeps the whole form as a new
version; when a recommendation, a name or the 评委名单 changes afterwards, the last version is
stale (「推荐表需重新提交」) until the unit submits again.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from contest import audit
from contest.season import form24, quota, unit_forms, unit_review
from contest.season.accounts import SeasonRefused
from contest.season.models import Applicant, Recommender, UnitForm, UnitFormVersion

FORM = UnitForm.RECOMMENDATION


def teams(recommender: Recommender) -> list[dict]:
    """The recommended teams as the 推荐表 lists them."""
    found = []
    for application in unit_forms.applications(recommender, quota.HOLDING):
        names = unit_forms.names(application)
        found.append(
            {
                "application_id": application.id,
                "number": names.number,
                "company_name": names.company_name,
                "team_name": names.team_name,
                "member_count": names.member_count,
                "submitted": bool(application.submissions),
            }
        )
    return found


def total(rows: list[dict]) -> int:
    return sum(row["member_count"] or 0 for row in rows)


def filler(recommender: Recommender) -> dict:
    found = unit_forms.draft(recommender, FORM)
    return form24.clean_filler(found.content if found else {})


def save_draft(*, recommender: Recommender, person: Applicant, typed: dict) -> dict:
    if not unit_forms.window(recommender).open:
        raise SeasonRefused(closed_message())
    content = form24.clean_filler(typed)
    unit_forms.keep_draft(recommender, FORM, content, person)
    return content


def closed_message() -> str:
    return _("在线申报已截止，推荐表不能再修改或提交；如确因特殊情况需要延期，请联系秘书处")


def problems(recommender: Recommender) -> list[str]:
    """The cross-checks of 提交, each naming the team (the 填表人 fields apart)."""
    rows = teams(recommender)
    if not rows:
        return [_("推荐表中还没有推荐的班组：请先在推荐通道推荐班组，再提交推荐表")]
    found = []
    for row in rows:
        if not row["submitted"]:
            label = f"{row['number']}「{row['team_name']}」"
            found.append(_("%(team)s尚未提交申报表，不能列入推荐表", team=label))
    per_enterprise = Counter(row["company_name"] for row in rows)
    for name, count in per_enterprise.items():
        if count > quota.PER_ENTERPRISE:
            found.append(
                _(
                    "企业「%(name)s」在推荐表中有 %(count)s 个班组，超过每个企业 %(n)s 个的上限",
                    name=name,
                    count=count,
                    n=quota.PER_ENTERPRISE,
                )
            )
    review = unit_forms.latest(recommender, UnitForm.REVIEW)
    if review is None:
        found.append(_("请先提交材料评审汇总表（附件 2-4），再提交推荐表"))
    else:
        reviewed = {row["application_id"] for row in review.content["rows"]}
        for row in rows:
            if row["application_id"] not in reviewed:
                found.append(
                    _(
                        "%(team)s不在已提交的材料评审汇总表中；请在汇总表中评审该班组并重新提交",
                        team=f"{row['number']}「{row['team_name']}」",
                    )
                )
    if not unit_forms.judges(recommender):
        found.append(_("评委名单为空：请先在推荐通道添加本单位评委，再提交推荐表"))
    return found


def content(recommender: Recommender) -> dict:
    rows = [{k: v for k, v in row.items() if k != "submitted"} for row in teams(recommender)]
    review = unit_forms.latest(recommender, UnitForm.REVIEW)
    return {
        "teams": rows,
        "total": total(rows),
        "judges": [unit_forms.judge_record(j) for j in unit_forms.judges(recommender)],
        "review_version": review.version if review else None,
        **filler(recommender),
    }


def submit(*, recommender: Recommender, person: Applicant) -> UnitFormVersion:
    """Check everything (the 填表人 fields as last saved), keep a new version; refuse with
    every problem otherwise."""
    if not unit_forms.window(recommender).open:
        raise SeasonRefused(closed_message())
    found = problems(recommender)
    errors = form24.filler_problems(filler(recommender), unit_forms.today())
    if found or errors:
        first = (found or list(errors.values()))[0]
        count = len(found) + len(errors)
        raise Incomplete(
            _("推荐表还有 %(n)s 处问题，未提交：%(first)s", n=count, first=first),
            found,
            errors,
        )
    version = unit_forms.add_version(recommender, FORM, content(recommender), person)
    audit.record(
        "season.unit_recommendation_submitted",
        actor=f"applicant:{person.id}",
        subject=f"recommender:{recommender.id}",
        data={
            "version": version.version,
            "teams": [row["number"] for row in version.content["teams"]],
            "sha256": version.content_hash,
        },
    )
    return version


class Incomplete(SeasonRefused):
    """Refused, with every problem and the 填表人 fields' messages for the page."""

    def __init__(self, message: str, problems: list[str], errors: dict[str, str]):
        super().__init__(message)
        self.problems, self.errors = problems, errors


def stale(recommender: Recommender) -> list[str]:
    """Why the last submitted 推荐表 no longer matches (empty: it does, or none yet)."""
    last = unit_forms.latest(recommender, FORM)
    if last is None:
        return []
    now = {row["application_id"]: row for row in content(recommender)["teams"]}
    then = {row["application_id"]: row for row in last.content["teams"]}
    why = []
    for key in now.keys() - then.keys():
        why.append(_("新推荐：%(team)s", team=_label(now[key])))
    for key in then.keys() - now.keys():
        why.append(_("已撤销推荐：%(team)s", team=_label(then[key])))
    for key in now.keys() & then.keys():
        if now[key] != then[key]:
            why.append(_("%(team)s的企业名称、班组名称或人数已改变", team=_label(now[key])))
    judges = [unit_forms.judge_record(j) for j in unit_forms.judges(recommender)]
    if judges != last.content["judges"]:
        why.append(_("评委名单已改变"))
    return sorted(why)


def _label(row: dict) -> str:
    return f"{row['number']}「{row['team_name']}」"


def status(recommender: Recommender) -> dict:
    """Both forms at a glance, for the unit's page and the staff's dashboard."""
    recommendation = unit_forms.latest(recommender, FORM)
    review = unit_forms.latest(recommender, UnitForm.REVIEW)
    return {
        "recommendation": recommendation,
        "recommendation_stale": stale(recommender),
        "review": review,
        "review_missing": unit_review.missing(recommender),
    }
