"""The papers' downloads, on the channels' and the secretariat's blueprints: the team's 申报表
(its owner), the 推荐单位's 2-2, 2-1, 2-3 and 2-4 (its contacts), the enterprise's 评分与推荐意见表
(its own applications), and any of them for staff, as Word or PDF.

Served to the same people as the data's pages; only a submitted version has a paper.
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.season import session, unit_reports
from contest.season.models import Application, Recommender
from contest.season.papers import answers, form12, form21, form22, form23, form24, opinion, registry
from contest.season.recommender import bp as recommender_bp
from contest.season.recommender.access import mine
from contest.season.staff import bp as staff_bp
from contest.season.team import bp as team_bp
from contest.season.unit import bp as unit_bp
from contest.server.errors import answer

UNIT_FORMS = {form23.FORM_NO: form23, form24.FORM_NO: form24}


def _application_paper(application: Application, fmt: str):
    if fmt not in registry.FORMATS:
        return answer(404)
    if not application.submissions:
        return answer(409, _("申报表尚未提交；请先提交申报表，再下载带二维码的申报表打印盖章"))
    values = form12.facts(application, application.submissions[-1])
    return answers.download(form12.FORM_NO, values, fmt)


@team_bp.get("/<int:application_id>/paper.<fmt>", endpoint="paper")
@session.required
def team_paper(application_id: int, fmt: str):
    application = db.session.get(Application, application_id)
    person = session.current()
    if application is None or person is None or application.owner_id != person.id:
        return answer(404)
    return _application_paper(application, fmt)


@staff_bp.get("/applications/<int:application_id>/paper.<fmt>", endpoint="application_paper")
@admin_required
def staff_paper(application_id: int, fmt: str):
    return _application_paper(db.get_or_404(Application, application_id), fmt)


@recommender_bp.get("/<int:recommender_id>/report/paper-<form_no>.<fmt>", endpoint="report_paper")
@session.required
def report_paper(recommender_id: int, form_no: str, fmt: str):
    recommender = mine(recommender_id)
    module = {form22.FORM_NO: form22, form21.FORM_NO: form21}.get(form_no)
    if recommender is None or module is None or fmt not in registry.FORMATS:
        return answer(404)
    report = unit_reports.latest(recommender)
    if report is None:
        return answer(409, _("统计表和活动总结尚未提交；请先提交，再下载打印"))
    return answers.download(module.FORM_NO, module.facts(recommender, report), fmt)


def _unit_form_paper(recommender: Recommender | None, form_no: str, fmt: str):
    module = UNIT_FORMS.get(form_no)
    if recommender is None or module is None or fmt not in registry.FORMATS:
        return answer(404)
    values = module.facts(recommender)
    if values is None:
        return answer(409, _("该表尚未提交；请先提交，再下载带二维码的表格打印盖章"))
    return answers.download(module.FORM_NO, values, fmt)


@recommender_bp.get("/<int:recommender_id>/forms/paper-<form_no>.<fmt>", endpoint="form_paper")
@session.required
def unit_form_paper(recommender_id: int, form_no: str, fmt: str):
    return _unit_form_paper(mine(recommender_id), form_no, fmt)


@staff_bp.get("/recommenders/<int:recommender_id>/forms/paper-<form_no>.<fmt>",
              endpoint="unit_form_paper")  # fmt: skip
@admin_required
def staff_unit_form_paper(recommender_id: int, form_no: str, fmt: str):
    return _unit_form_paper(db.get_or_404(Recommender, recommender_id), form_no, fmt)


def _opinion_paper(application: Application | None, fmt: str):
    from contest.season.opinion import records

    if application is None or not application.submissions or fmt not in registry.FORMATS:
        return answer(404)
    submission = records.latest(application)
    if submission is None:
        return answer(
            409,
            _("评分与推荐意见尚未提交；请先提交评分与推荐意见，再下载带二维码的表格打印盖章"),
        )
    return answers.download(opinion.FORM_NO, opinion.facts(application, submission), fmt)


@unit_bp.get("/applications/<int:application_id>/opinion/paper.<fmt>", endpoint="opinion_paper")
@session.required
def unit_opinion_paper(application_id: int, fmt: str):
    from contest.season.unit.views import application_of_mine

    return _opinion_paper(application_of_mine(application_id), fmt)


@staff_bp.get("/applications/<int:application_id>/opinion-paper.<fmt>", endpoint="opinion_paper")
@admin_required
def staff_opinion_paper(application_id: int, fmt: str):
    return _opinion_paper(db.get_or_404(Application, application_id), fmt)
